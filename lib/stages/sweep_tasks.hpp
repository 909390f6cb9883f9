// A sweep's tasks: its axes expanded into a numbered table, each task with
// its seed, its parameter values, its output and its stage's command line.
//
// Tasks are numbered from 0 with the last axis varying fastest (nested
// loops, outermost first). Task i writes out/task-NNN.h5 by running the stage
// in-process with exactly the options of
//   PROGRAM --config C --section S --INPUT=FILE… --PARAM=VALUE… --SEED_OPTION=SEED --out FILE
// (`ebm-sweep command SWEEP --task I` prints it), so its output is
// byte-identical to that command's.
#pragma once

#include "sweep_file.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ebm {

struct SweepTask {
    std::size_t index = 0;
    std::uint64_t seed = 0;
    std::vector<std::pair<std::string, std::string>> parameters;  // name, value
    std::string output;
};

// The per-task seed: derive_seed(base, index) of lib/rng.hpp, shifted right
// by one bit so that it fits the stages' non-negative 64-bit --seed.
std::uint64_t task_seed(std::uint64_t base_seed, std::size_t index);

// Task `index` (UsageError past the last).
SweepTask sweep_task(const Sweep& sweep, std::size_t index);
// The stage's command line of a task, program name first.
std::vector<std::string> task_arguments(const Sweep& sweep, const SweepTask& task);

// Checks every task's options with the stage's own parser, as the stage
// would at its start: an unknown parameter ("FILE:LINE: unknown parameter
// 'x': ebm-train has no option --x") or a bad value ("FILE: task 3 (beta=-1):
// --beta must be …") is a UsageError before any task runs.
void check_sweep_tasks(const Sweep& sweep);

// "0003" or "3" -> 3; UsageError unless a task index of the sweep.
std::size_t parse_task_index(const Sweep& sweep, const std::string& text);

// The files every task's output depends on besides the program: the sweep
// file, the config and the inputs.
std::vector<std::string> task_prerequisites(const Sweep& sweep);

// The human-readable table of tasks: task, seed, parameters, output (its file
// name in the sweep's folder). The config and inputs are named as the sweep
// file writes them, $DATA, $EXPERIMENTS and all, and the sweep file as
// placeholder_form gives it: the table is the same wherever DATA and
// EXPERIMENTS are.
std::string task_table_text(const Sweep& sweep);
// Variables for experiments/sweep.mk: the output folder, the task outputs,
// the prerequisites of every task, the folders written $(DATA) and $(EXPERIMENTS).
std::string makefile_fragment(const Sweep& sweep);

}  // namespace ebm

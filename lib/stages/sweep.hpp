// Parameter sweeps (ebm-sweep): one stage run many times with varied options,
// as an explicit table of tasks that make -j or a Slurm job array works through.
//
// A sweep file (experiments/sweeps/*.cfg) is INI-style:
//
//   [sweep]
//   program = ebm-train                     the stage every task runs: ebm-generate | ebm-train | ebm-infer
//   config = experiments/unconditional.cfg  the base configuration (optional) …
//   section = train.ztl                     … and its section; the parameters override it
//   out = data/sweeps/beta                  the folder of task-NNN.h5, tasks.txt, table.h5 and logs/
//   seed = 7                                the base seed: task i runs with --seed derive_seed(7, i) >> 1
//   seed-option = seed                      the option that gets the task's seed (default seed; none: no seed)
//   [inputs]                                options naming input files, the same for every task
//   data = data/unconditional.h5
//   [parameters]                            each line is one axis of the cartesian product
//   beta = 0.3,1,inf
//   [zip.schedule]                          one axis whose lists go together, element by element
//   lr = 0.1,0.05
//   epochs = 200,400
//   [results]                               the aggregated table's columns: NAME = /dataset, or
//   w = /params/w                           /dataset[i] for row i of its first axis ([-1]: the last)
//   heldout_f_inf = /history/heldout_f_inf[-1]
//
// Axes are taken in the order they appear; tasks are numbered from 0 with the
// last axis varying fastest (nested loops, outermost first). The example has
// 3 × 2 = 6 tasks. Paths are relative to the folder make runs in (the top of
// the repository). Task i writes out/task-NNN.h5 (NNN: i with at least three
// digits) by running the stage in-process with exactly the options of
//   PROGRAM --config C --section S --INPUT=FILE… --PARAM=VALUE… --SEED_OPTION=SEED --out FILE
// (`ebm-sweep command SWEEP --task I` prints it), so its output is
// byte-identical to that command's.
//
// A task is done when its output exists and is no older than any of its
// prerequisites (the sweep file, the config, the inputs, ebm-sweep itself):
// the rule make applies, so `make sweep` and `ebm-sweep missing` agree.
//
// The aggregated table ("ebm/sweep-table", version 1), T tasks:
//   /task (T) int64, /seed (T) int64
//   /parameters/NAME (T)   the value, or for a parameter that is not a number
//                          the index of its value in the dataset's attribute `values`
//   /results/NAME (T) or (T, K)   the task's dataset (or its row [i])
//   root attributes: format, format_version, program, program_version,
//   sweep_file, sweep_sha256, stage, config_file, config_sha256, section,
//   base_seed, seed_option, task_count, parameter_names, result_names,
//   task_table (the text of tasks.txt), task_files (one "FILE SHA256" a line)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ebm {

inline constexpr const char* sweep_table_format = "ebm/sweep-table";
inline constexpr std::int64_t sweep_table_format_version = 1;

struct SweepParameter {
    std::string name;
    std::vector<std::string> values;
    int line = 0;  // in the sweep file, for messages
};

// One axis of the cartesian product: a single parameter, or a zipped group
// of parameters whose lists have the same length.
struct SweepAxis {
    std::string zip_group;  // empty for a single parameter
    std::vector<SweepParameter> parameters;
    int line = 0;
    std::size_t size() const { return parameters.front().values.size(); }
};

struct SweepResult {
    std::string name;
    std::string dataset;  // absolute path in a task's output
    bool has_row = false;
    std::int64_t row = 0;  // negative: from the end
    int line = 0;
};

struct Sweep {
    std::string path;  // the sweep file, as given
    std::string program;
    std::string config;   // empty: none
    std::string section;  // the program's own section by default
    std::string out;
    std::uint64_t base_seed = 0;
    std::string seed_option = "seed";  // empty: no per-task seed
    std::vector<std::pair<std::string, std::string>> inputs;
    std::vector<SweepAxis> axes;
    std::vector<SweepResult> results;

    std::size_t task_count() const;
    std::vector<const SweepParameter*> parameters() const;  // every axis's, in order
    std::string output_of(std::size_t task) const;          // out/task-NNN.h5
    std::string task_table_path() const { return out + "/tasks.txt"; }
    std::string aggregate_path() const { return out + "/table.h5"; }
};

struct SweepTask {
    std::size_t index = 0;
    std::uint64_t seed = 0;
    std::vector<std::pair<std::string, std::string>> parameters;  // name, value
    std::string output;
};

// Reads and checks the sweep file's structure: UsageError "FILE:LINE: …" for
// an unknown section or key, a missing setting, an empty value list, zipped
// lists of different lengths, a parameter given twice or one the sweep sets.
Sweep parse_sweep(const std::string& text, const std::string& path);
Sweep read_sweep(const std::string& path);

// Checks every task's options with the stage's own parser, as the stage
// would at its start: an unknown parameter ("FILE:LINE: unknown parameter
// 'x': ebm-train has no option --x") or a bad value ("FILE: task 3 (beta=-1):
// --beta must be …") is a UsageError before any task runs.
void check_sweep_tasks(const Sweep& sweep);

// The per-task seed: derive_seed(base, index) of lib/rng.hpp, shifted right
// by one bit so that it fits the stages' non-negative 64-bit --seed.
std::uint64_t task_seed(std::uint64_t base_seed, std::size_t index);

SweepTask sweep_task(const Sweep& sweep, std::size_t index);
// The stage's command line of a task, program name first.
std::vector<std::string> task_arguments(const Sweep& sweep, const SweepTask& task);
// Runs a task's stage in-process (its output is written atomically).
void run_sweep_task(const Sweep& sweep, std::size_t index);

// "0003" or "3" -> 3; UsageError unless a task index of the sweep.
std::size_t parse_task_index(const Sweep& sweep, const std::string& text);

// The human-readable table of tasks: task, seed, parameters, output.
std::string task_table_text(const Sweep& sweep);
// Variables for experiments/sweep.mk: the output folder, the task outputs,
// the prerequisites of every task.
std::string makefile_fragment(const Sweep& sweep);

enum class TaskState { done, missing, stale };
const char* task_state_name(TaskState state);
// Each task's state; `executable` is a prerequisite too (ebm-sweep itself).
std::vector<TaskState> task_states(const Sweep& sweep, const std::string& executable);
// Indices as ranges for sbatch --array: {0, 1, 2, 5, 7, 8} -> "0-2,5,7-8".
std::string index_ranges(const std::vector<std::size_t>& indices);

// Reads every task's results into the table (RunError naming the first task
// that is not done, or the file and dataset at fault).
void aggregate_sweep(const Sweep& sweep, const std::string& executable, const std::string& out);

// The command line of ebm-sweep: COMMAND SWEEP_FILE [--task I] [--out FILE].
struct SweepCommand {
    std::string command;  // check | table | command | run | status | missing | aggregate | makefile
    std::string sweep;
    std::string task;
    std::string out;
    std::string executable;  // this program's file: a prerequisite of every task
};
std::optional<SweepCommand> parse_sweep_command(int argc, const char* const argv[]);
// Checks the whole sweep, then does the command (printing to stdout).
void run_sweep_command(const SweepCommand& command);

}  // namespace ebm

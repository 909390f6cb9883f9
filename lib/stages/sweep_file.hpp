// Sweep files (experiments/sweeps/*.cfg): what a parameter sweep runs, read
// and checked into a plain Sweep. The file is INI (lib/ini_file.hpp):
//
//   [sweep]
//   program = ebm-train                     the stage every task runs: ebm-generate | ebm-train | ebm-infer
//   config = $EXPERIMENTS/unconditional.cfg the base configuration (optional) …
//   section = train.ztl                     … and its section; the parameters override it
//   out = $DATA/sweeps/beta                 the folder of task-NNN.h5, tasks.txt, table.h5 and logs/
//   seed = 7                                the base seed: task i runs with --seed derive_seed(7, i) >> 1
//   seed-option = seed                      the option that gets the task's seed (default seed; none: no seed)
//   [inputs]                                options naming input files, the same for every task
//   data = $DATA/unconditional.h5
//   [parameters]                            each line is one axis of the cartesian product
//   beta = 0.3,1,inf
//   [zip.schedule]                          one axis whose lists go together, element by element
//   lr = 0.1,0.05
//   epochs = 200,400
//   [results]                               the aggregated table's columns: NAME = /dataset, or
//   w = /params/w                           /dataset[i] for row i of its first axis ([-1]: the last)
//   heldout_f_inf = /history/heldout_f_inf[-1]
//
// Axes are taken in the order they appear; the example has 3 × 2 = 6 tasks
// (lib/sweep_tasks.hpp numbers them). Paths are relative to the folder make
// runs in (the top of the repository). In out, config and the inputs, $DATA
// stands for the data folder (ebm-sweep --data-folder: make's DATA, by default
// data) and $EXPERIMENTS for the experiments folder (--experiments-folder:
// make's EXPERIMENTS, by default experiments), so that a sweep reads and writes
// where the pipeline does.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ebm {

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

// What the placeholders of a sweep file stand for.
struct SweepFolders {
    std::string data = "data";                // $DATA
    std::string experiments = "experiments";  // $EXPERIMENTS
};

struct Sweep {
    std::string path;  // the sweep file, as given
    std::string program;
    std::string config;   // as written, $EXPERIMENTS and all; empty: none
    std::string section;  // the program's own section by default
    std::string out;  // as written, $DATA and all
    SweepFolders folders;
    std::uint64_t base_seed = 0;
    std::string seed_option = "seed";  // empty: no per-task seed
    std::vector<std::pair<std::string, std::string>> inputs;  // option, file as written
    std::vector<SweepAxis> axes;
    std::vector<SweepResult> results;

    std::size_t task_count() const;
    std::vector<const SweepParameter*> parameters() const;  // every axis's, in order
    std::string resolved(const std::string& written) const;  // every $DATA and $EXPERIMENTS replaced by its folder
    // `file` with a leading experiments or data folder written as its
    // placeholder, as the sweep file would write it: the sweep file's own path
    // named so in what ebm-sweep writes, which then holds no folder of this machine.
    std::string placeholder_form(const std::string& file) const;
    std::string config_file() const { return resolved(config); }
    std::string out_folder() const { return resolved(out); }
    std::string output_of(std::size_t task) const;  // out_folder()/task-NNN.h5, NNN: at least three digits
    std::string task_table_path() const { return out_folder() + "/tasks.txt"; }
    std::string aggregate_path() const { return out_folder() + "/table.h5"; }
};

// Reads and checks the sweep file's structure: UsageError "FILE:LINE: …" for
// an unknown section or key, a missing setting, an empty value list, zipped
// lists of different lengths, a parameter given twice or one the sweep sets
// ("FILE: …" for what is missing). The stage's own check of every task's
// options is check_sweep_tasks (lib/sweep_tasks.hpp).
Sweep parse_sweep(const std::string& text, const std::string& path, const SweepFolders& folders = {});
Sweep read_sweep(const std::string& path, const SweepFolders& folders = {});

}  // namespace ebm

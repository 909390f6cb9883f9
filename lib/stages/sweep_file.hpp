// Sweep files (experiments/sweeps/*.cfg): what a parameter sweep runs, read
// and checked into a plain Sweep. The file is INI (lib/ini_file.hpp):
//
//   [sweep]
//   program = ebm-train                     the stage every task runs: ebm-generate | ebm-train | ebm-infer
//   config = experiments/unconditional.cfg  the base configuration (optional) …
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
// runs in (the top of the repository); in out and the inputs, $DATA stands for
// the data folder (ebm-sweep --data-folder: make's DATA, by default data), so
// that a sweep's outputs go where the pipeline's do.
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

struct Sweep {
    std::string path;  // the sweep file, as given
    std::string program;
    std::string config;   // empty: none
    std::string section;  // the program's own section by default
    std::string out;  // as written, $DATA and all
    std::string data_folder = "data";  // what $DATA stands for
    std::uint64_t base_seed = 0;
    std::string seed_option = "seed";  // empty: no per-task seed
    std::vector<std::pair<std::string, std::string>> inputs;  // option, file as written
    std::vector<SweepAxis> axes;
    std::vector<SweepResult> results;

    std::size_t task_count() const;
    std::vector<const SweepParameter*> parameters() const;  // every axis's, in order
    std::string resolved(const std::string& written) const;  // every $DATA replaced by data_folder
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
Sweep parse_sweep(const std::string& text, const std::string& path, const std::string& data_folder = "data");
Sweep read_sweep(const std::string& path, const std::string& data_folder = "data");

}  // namespace ebm

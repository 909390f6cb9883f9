// A sweep's results as one table: every task's parameters and the datasets
// its [results] name, read from the task outputs into one HDF5 file.
//
// The table ("ebm/sweep-table", version 1), T tasks:
//   /task (T) int64, /seed (T) int64
//   /parameters/NAME (T)   the value, or for a parameter that is not a number
//                          the index of its value in the dataset's attribute `values`
//   /results/NAME (T) or (T, K)   the task's dataset (or its row [i])
//   root attributes: format, format_version, program, program_version,
//   sweep_file, sweep_sha256, stage, config_file, config_sha256, section,
//   base_seed, seed_option, task_count, parameter_names, result_names,
//   task_table (the text of tasks.txt), task_files (one "FILE SHA256" a line)
#pragma once

#include "sweep_file.hpp"

#include <cstdint>
#include <string>

namespace ebm {

inline constexpr const char* sweep_table_format = "ebm/sweep-table";
inline constexpr std::int64_t sweep_table_format_version = 1;

// Reads every task's results into the table `out` (RunError naming the first
// task that is not done, see lib/sweep_run.hpp, or the file and dataset at
// fault). `executable` is ebm-sweep, a prerequisite of every task.
void aggregate_sweep(const Sweep& sweep, const std::string& executable, const std::string& out);

}  // namespace ebm

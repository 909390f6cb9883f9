// Running a sweep's tasks and knowing which are done.
//
// A task is done when its output exists and is no older than any of its
// prerequisites (the sweep file, the config, the inputs, ebm-sweep itself):
// the rule make applies, so `make sweep` and `ebm-sweep missing` agree.
#pragma once

#include "sweep_file.hpp"

#include <string>
#include <vector>

namespace ebm {

// Runs a task's stage in-process, making the output folder first (the
// output is written atomically: whole or not at all).
void run_sweep_task(const Sweep& sweep, std::size_t index);

enum class TaskState { done, missing, stale };
const char* task_state_name(TaskState state);
// Each task's state; `executable` is a prerequisite too (ebm-sweep itself).
std::vector<TaskState> task_states(const Sweep& sweep, const std::string& executable);
// The indices of the tasks whose state is not done.
std::vector<std::size_t> tasks_not_done(const std::vector<TaskState>& states);
// Indices as ranges for sbatch --array: {0, 1, 2, 5, 7, 8} -> "0-2,5,7-8".
std::string index_ranges(const std::vector<std::size_t>& indices);

// Tasks as Slurm job arrays whose element indices stay below the cluster's
// MaxArraySize N (sbatch refuses an index ≥ N): tasks kN … kN + N − 1 go to
// one array, as its elements 0 … N − 1, and element e runs task offset + e.
struct TaskArray {
    std::size_t offset = 0;
    std::vector<std::size_t> elements;
};
std::vector<TaskArray> task_arrays(const std::vector<std::size_t>& tasks, std::size_t max_array_size);

}  // namespace ebm

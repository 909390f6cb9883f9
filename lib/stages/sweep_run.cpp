#include "sweep_run.hpp"

#include "errors.hpp"
#include "sweep_stage.hpp"
#include "sweep_tasks.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <sys/stat.h>

namespace ebm {

namespace {

// Modification time in nanoseconds (make compares them that finely); nullopt when the file is missing.
std::optional<std::int64_t> modification_time(const std::string& path) {
    struct stat status {};
    if (stat(path.c_str(), &status) != 0) return std::nullopt;
    return std::int64_t(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
}

void make_folder(const std::string& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (!std::filesystem::is_directory(folder))  // another task may have made it meanwhile: that is fine
        throw RunError("cannot make folder '" + folder + "': " + (error ? error.message() : "not a folder"));
}

}  // namespace

void run_sweep_task(const Sweep& sweep, std::size_t index) {
    const SweepTask task = sweep_task(sweep, index);
    make_folder(sweep.out_folder());
    invoke_stage(sweep_stage(sweep.program), task_arguments(sweep, task), true);
}

const char* task_state_name(TaskState state) {
    switch (state) {
        case TaskState::done: return "done";
        case TaskState::missing: return "missing";
        case TaskState::stale: return "stale";
    }
    return "?";
}

std::vector<TaskState> task_states(const Sweep& sweep, const std::string& executable) {
    std::vector<std::string> prerequisites = task_prerequisites(sweep);
    prerequisites.push_back(executable);
    // A missing prerequisite is remade before any task can run: every output is stale.
    std::int64_t newest = std::numeric_limits<std::int64_t>::min();
    for (const auto& path : prerequisites) {
        const auto time = modification_time(path);
        newest = std::max(newest, time ? *time : std::numeric_limits<std::int64_t>::max());
    }
    std::vector<TaskState> states;
    for (std::size_t index = 0; index < sweep.task_count(); ++index) {
        const auto time = modification_time(sweep.output_of(index));
        states.push_back(!time ? TaskState::missing : *time < newest ? TaskState::stale : TaskState::done);
    }
    return states;
}

std::vector<std::size_t> tasks_not_done(const std::vector<TaskState>& states) {
    std::vector<std::size_t> indices;
    for (std::size_t index = 0; index < states.size(); ++index)
        if (states[index] != TaskState::done) indices.push_back(index);
    return indices;
}

std::string index_ranges(const std::vector<std::size_t>& indices) {
    std::string text;
    for (std::size_t i = 0; i < indices.size();) {
        std::size_t j = i;
        while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
        text += (text.empty() ? "" : ",") + std::to_string(indices[i]);
        if (j > i) text += "-" + std::to_string(indices[j]);
        i = j + 1;
    }
    return text;
}

std::vector<TaskArray> task_arrays(const std::vector<std::size_t>& tasks, std::size_t max_array_size) {
    std::vector<TaskArray> arrays;
    for (const std::size_t task : tasks) {
        const std::size_t offset = task / max_array_size * max_array_size;
        if (arrays.empty() || arrays.back().offset != offset) arrays.push_back({offset, {}});
        arrays.back().elements.push_back(task - offset);
    }
    return arrays;
}

}  // namespace ebm

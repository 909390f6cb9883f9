#include "sweep_tasks.hpp"

#include "cli.hpp"
#include "errors.hpp"
#include "rng.hpp"
#include "sweep_stage.hpp"

#include <algorithm>
#include <sstream>

namespace ebm {

namespace {

// "beta=1, lr=0.1": a task as a message names it.
std::string describe(const SweepTask& task) {
    std::string text;
    for (const auto& [name, value] : task.parameters) text += (text.empty() ? "" : ", ") + name + "=" + value;
    return text;
}

// Rows as text columns, each as wide as its widest cell plus two spaces (the last unpadded).
std::string aligned_columns(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
    }
    std::string text;
    for (const auto& row : rows) {
        for (std::size_t c = 0; c + 1 < row.size(); ++c) text += row[c] + std::string(widths[c] + 2 - row[c].size(), ' ');
        text += (row.empty() ? "" : row.back()) + "\n";
    }
    return text;
}

}  // namespace

std::uint64_t task_seed(std::uint64_t base_seed, std::size_t index) { return derive_seed(base_seed, index) >> 1; }

SweepTask sweep_task(const Sweep& sweep, std::size_t index) {
    if (index >= sweep.task_count())
        throw UsageError("task " + std::to_string(index) + " is past the " + std::to_string(sweep.task_count()) +
                         " tasks of '" + sweep.path + "'");
    SweepTask task;
    task.index = index;
    task.seed = task_seed(sweep.base_seed, index);
    task.output = sweep.output_of(index);
    // Row-major: the last axis varies fastest.
    std::vector<std::size_t> position(sweep.axes.size());
    std::size_t rest = index;
    for (std::size_t a = sweep.axes.size(); a-- > 0;) {
        position[a] = rest % sweep.axes[a].size();
        rest /= sweep.axes[a].size();
    }
    for (std::size_t a = 0; a < sweep.axes.size(); ++a)
        for (const auto& parameter : sweep.axes[a].parameters)
            task.parameters.push_back({parameter.name, parameter.values[position[a]]});
    return task;
}

std::vector<std::string> task_arguments(const Sweep& sweep, const SweepTask& task) {
    std::vector<std::string> arguments{sweep.program};
    if (!sweep.config.empty()) {
        arguments.push_back("--config=" + sweep.config_file());
        arguments.push_back("--section=" + sweep.section);
    }
    for (const auto& [name, file] : sweep.inputs) arguments.push_back("--" + name + "=" + sweep.resolved(file));
    for (const auto& [name, value] : task.parameters) arguments.push_back("--" + name + "=" + value);
    if (!sweep.seed_option.empty()) arguments.push_back("--" + sweep.seed_option + "=" + std::to_string(task.seed));
    arguments.push_back("--out=" + task.output);
    return arguments;
}

void check_sweep_tasks(const Sweep& sweep) {
    const SweepStage& stage = sweep_stage(sweep.program);
    // Each parameter's name first, with its first value, so that a typo is
    // named as such rather than as a failure of some task.
    const SweepTask first = sweep_task(sweep, 0);
    for (const auto* parameter : sweep.parameters()) {
        SweepTask probe = first;
        probe.parameters = {{parameter->name, parameter->values.front()}};
        try {
            invoke_stage(stage, task_arguments(sweep, probe), false);
        } catch (const UsageError& error) {
            // Boost names it as given: "unrecognised option '--bta=1'".
            const std::string message = error.what(), named = "unrecognised option '--" + parameter->name;
            const auto at = message.find(named);
            const char next = at == std::string::npos ? 0 : message[at + named.size()];
            if (next == '\'' || next == '=')
                throw UsageError(sweep.path + ":" + std::to_string(parameter->line) + ": unknown parameter '" +
                                 parameter->name + "': " + sweep.program + " has no option --" + parameter->name +
                                 " (see " + sweep.program + " --help)");
        }
    }
    for (std::size_t index = 0; index < sweep.task_count(); ++index) {
        const SweepTask task = sweep_task(sweep, index);
        try {
            invoke_stage(stage, task_arguments(sweep, task), false);
        } catch (const std::exception& error) {
            throw UsageError(sweep.path + ": task " + std::to_string(index) + " (" + describe(task) + "): " + error.what());
        }
    }
}

std::size_t parse_task_index(const Sweep& sweep, const std::string& text) {
    const bool digits = !text.empty() && text.size() <= 12 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoull(text) >= sweep.task_count())
        throw UsageError("--task must be a task index from 0 to " + std::to_string(sweep.task_count() - 1) + " of '" +
                         sweep.path + "' (got '" + text + "')");
    return std::size_t(std::stoull(text));
}

std::vector<std::string> task_prerequisites(const Sweep& sweep) {
    std::vector<std::string> files{sweep.path};
    if (!sweep.config.empty()) files.push_back(sweep.config_file());
    for (const auto& input : sweep.inputs) files.push_back(sweep.resolved(input.second));
    return files;
}

std::string task_table_text(const Sweep& sweep) {
    std::ostringstream text;
    const std::string path = sweep.placeholder_form(sweep.path);
    text << "# Sweep " << path << ": " << sweep.task_count() << " tasks of " << sweep.program;
    if (!sweep.config.empty()) text << " --config " << sweep.config << " --section " << sweep.section;
    for (const auto& [name, file] : sweep.inputs) text << " --" << name << " " << file;
    text << "\n";
    if (!sweep.seed_option.empty())
        text << "# Task i runs with --" << sweep.seed_option << " derive_seed(" << sweep.base_seed
             << ", i) >> 1 (lib/rng.hpp) and the parameters of its row; `ebm-sweep command "
             << path << " --task I` prints its command.\n";
    // Columns: task, seed, each parameter, output.
    std::vector<std::string> header{"task"};
    if (!sweep.seed_option.empty()) header.push_back(sweep.seed_option);
    for (const auto* parameter : sweep.parameters()) header.push_back(parameter->name);
    header.push_back("output");
    std::vector<std::vector<std::string>> rows{header};
    for (std::size_t index = 0; index < sweep.task_count(); ++index) {
        const SweepTask task = sweep_task(sweep, index);
        std::vector<std::string> row{std::to_string(index)};
        if (!sweep.seed_option.empty()) row.push_back(std::to_string(task.seed));
        for (const auto& parameter : task.parameters) row.push_back(parameter.second);
        row.push_back(file_name(task.output));
        rows.push_back(row);
    }
    return text.str() + aligned_columns(rows);
}

std::string makefile_fragment(const Sweep& written) {
    // The folders as make's variables: the fragment holds no folder of this
    // machine, and make reads it in whatever DATA and EXPERIMENTS are.
    Sweep sweep = written;
    sweep.folders = {"$(DATA)", "$(EXPERIMENTS)"};
    sweep.path = sweep.resolved(written.placeholder_form(written.path));
    std::ostringstream text;
    text << "# Made by ebm-sweep from " << sweep.path << " for experiments/sweep.mk; do not edit.\n";
    text << "SWEEP_OUT := " << sweep.out_folder() << "\n";
    text << "SWEEP_TASK_COUNT := " << sweep.task_count() << "\n";
    text << "SWEEP_TASKS :=";
    for (std::size_t index = 0; index < sweep.task_count(); ++index) text << " \\\n    " << sweep.output_of(index);
    text << "\n";
    text << "SWEEP_PREREQUISITES :=";
    for (const auto& file : task_prerequisites(sweep)) text << " " << file;
    text << "\n";
    return text.str();
}

}  // namespace ebm

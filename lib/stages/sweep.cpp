#include "sweep.hpp"

#include "atomic_output.hpp"
#include "cli.hpp"
#include "errors.hpp"
#include "generate_stage.hpp"
#include "h5_file.hpp"
#include "infer_stage.hpp"
#include "rng.hpp"
#include "sha256.hpp"
#include "train_stage.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace ebm {

namespace fs = std::filesystem;

namespace {

// Options the sweep sets itself, never a parameter.
const std::vector<std::string> reserved_options = {"out", "config", "section", "help", "version"};

// More tasks than this is a mistake in the file, not a sweep.
constexpr std::size_t max_task_count = 100000;

// ---------------------------------------------------------------- the stages a sweep can run

struct Stage {
    std::string program;
    std::string section;
    // Parses (and validates) a command line; runs the stage too when `run`.
    std::function<void(int, const char* const*, bool run)> invoke;
};

const std::vector<Stage>& stages() {
    static const std::vector<Stage> all = {
        {"ebm-generate", "generate",
         [](int argc, const char* const* argv, bool run) {
             if (const auto options = parse_generate_options(argc, argv); options && run) run_generate(*options);
         }},
        {"ebm-train", "train",
         [](int argc, const char* const* argv, bool run) {
             if (const auto options = parse_train_options(argc, argv); options && run) run_train(*options);
         }},
        {"ebm-infer", "infer",
         [](int argc, const char* const* argv, bool run) {
             if (const auto options = parse_infer_options(argc, argv); options && run) run_infer(*options);
         }},
    };
    return all;
}

const Stage& stage_of(const Sweep& sweep) {
    for (const auto& stage : stages())
        if (stage.program == sweep.program) return stage;
    throw UsageError(sweep.path + ": unknown program '" + sweep.program + "'");  // parse_sweep checked it
}

void invoke_stage(const Stage& stage, const std::vector<std::string>& arguments, bool run) {
    std::vector<const char*> argv;
    for (const auto& argument : arguments) argv.push_back(argument.c_str());
    argv.push_back(nullptr);
    stage.invoke(int(arguments.size()), argv.data(), run);
}

// ---------------------------------------------------------------- the sweep file

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

bool is_option_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool is_result_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

// One "key = value" line of the file.
struct Entry {
    std::string key, value;
    int line;
};

// The value list of a parameter, "a, b, c".
std::vector<std::string> split_values(const std::string& where, const Entry& entry) {
    if (entry.value.empty())
        throw UsageError(where + ": parameter '" + entry.key + "' has an empty value list (expected values like 0.3,1,inf)");
    std::vector<std::string> values;
    std::stringstream stream(entry.value);
    std::string item;
    while (std::getline(stream, item, ',')) values.push_back(trim(item));
    if (entry.value.back() == ',') values.push_back("");
    for (const auto& value : values)
        if (value.empty())
            throw UsageError(where + ": parameter '" + entry.key + "' has an empty value in its list '" + entry.value + "'");
    return values;
}

SweepResult parse_result(const std::string& where, const Entry& entry) {
    SweepResult result;
    result.name = entry.key;
    result.line = entry.line;
    if (!is_result_name(entry.key))
        throw UsageError(where + ": result name '" + entry.key + "' must be lower-case letters, digits and _");
    std::string path = entry.value;
    const auto bracket = path.find('[');
    if (bracket != std::string::npos) {
        const std::string index = path.substr(bracket + 1, path.size() - bracket - 2);
        std::size_t used = 0;
        long long row = 0;
        try {
            row = std::stoll(index, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (path.back() != ']' || index.empty() || used != index.size())
            throw UsageError(where + ": result '" + entry.key + "' = '" + entry.value +
                             "': expected /dataset or /dataset[ROW] (e.g. [-1] for the last row)");
        result.has_row = true;
        result.row = row;
        path = trim(path.substr(0, bracket));
    }
    if (path.size() < 2 || path[0] != '/')
        throw UsageError(where + ": result '" + entry.key + "' must name a dataset by its absolute path, like /params/w (got '" +
                         entry.value + "')");
    result.dataset = path;
    return result;
}

std::uint64_t parse_base_seed(const std::string& where, const std::string& text) {
    std::size_t used = 0;
    unsigned long long seed = 0;
    try {
        seed = std::stoull(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (text.empty() || text[0] == '-' || used != text.size() || seed > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        throw UsageError(where + ": seed must be an integer from 0 to 2^63 - 1 (got '" + text + "')");
    return seed;
}

// Modification time in nanoseconds; nullopt when the file is missing.
std::optional<std::int64_t> modification_time(const std::string& path) {
    struct stat status {};
    if (stat(path.c_str(), &status) != 0) return std::nullopt;
    return std::int64_t(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
}

std::string describe(const SweepTask& task) {
    std::string text;
    for (const auto& [name, value] : task.parameters) text += (text.empty() ? "" : ", ") + name + "=" + value;
    return text;
}

std::string padded(const std::string& text, std::size_t width) {
    return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

bool is_number(const std::string& text) {
    try {
        parse_number_list(text, "value");
        return text.find(',') == std::string::npos;
    } catch (const UsageError&) {
        return false;
    }
}

void write_text_atomically(const std::string& path, const std::string& text) {
    AtomicOutput output(path);
    {
        std::ofstream file(output.temporary_path(), std::ios::binary);
        file << text;
        if (!file.flush()) throw RunError("cannot write '" + output.temporary_path() + "'");
    }
    output.commit();
}

void make_folder(const std::string& folder) {
    std::error_code error;
    fs::create_directories(folder, error);
    if (!fs::is_directory(folder))  // another task may have made it meanwhile: that is fine
        throw RunError("cannot make folder '" + folder + "': " + (error ? error.message() : "not a folder"));
}

}  // namespace

// ---------------------------------------------------------------- Sweep

std::size_t Sweep::task_count() const {
    std::size_t count = 1;
    for (const auto& axis : axes) count *= axis.size();
    return count;
}

std::vector<const SweepParameter*> Sweep::parameters() const {
    std::vector<const SweepParameter*> all;
    for (const auto& axis : axes)
        for (const auto& parameter : axis.parameters) all.push_back(&parameter);
    return all;
}

std::string Sweep::output_of(std::size_t task) const {
    const std::size_t width = std::max<std::size_t>(3, std::to_string(std::max<std::size_t>(task_count(), 1) - 1).size());
    const std::string number = std::to_string(task);
    return out + "/task-" + std::string(width - std::min(width, number.size()), '0') + number + ".h5";
}

Sweep parse_sweep(const std::string& text, const std::string& path) {
    Sweep sweep;
    sweep.path = path;
    const auto at = [&](int line) { return path + ":" + std::to_string(line); };

    // Sections in the order they appear, each with its entries.
    std::vector<std::pair<std::string, std::vector<Entry>>> sections;
    std::map<std::string, int> section_lines;
    std::istringstream stream(text);
    std::string raw;
    int line = 0;
    while (std::getline(stream, raw)) {
        ++line;
        const std::string content = trim(raw.substr(0, raw.find('#')));
        if (content.empty()) continue;
        if (content.front() == '[') {
            if (content.back() != ']')
                throw UsageError(at(line) + ": expected a [section] header (got '" + content + "')");
            const std::string name = trim(content.substr(1, content.size() - 2));
            const bool known = name == "sweep" || name == "inputs" || name == "parameters" || name == "results" ||
                               (name.rfind("zip.", 0) == 0 && name.size() > 4);
            if (!known)
                throw UsageError(at(line) + ": unknown section [" + name +
                                 "]; a sweep has [sweep], [inputs], [parameters], [zip.NAME] and [results]");
            if (section_lines.count(name))
                throw UsageError(at(line) + ": section [" + name + "] appears twice (first on line " +
                                 std::to_string(section_lines[name]) + ")");
            section_lines[name] = line;
            sections.push_back({name, {}});
            continue;
        }
        const auto equals = content.find('=');
        if (equals == std::string::npos)
            throw UsageError(at(line) + ": expected 'key = value' (got '" + content + "')");
        if (sections.empty())
            throw UsageError(at(line) + ": '" + content + "' is outside any section; start the file with [sweep]");
        Entry entry{trim(content.substr(0, equals)), trim(content.substr(equals + 1)), line};
        for (const auto& earlier : sections.back().second)
            if (earlier.key == entry.key)
                throw UsageError(at(line) + ": '" + entry.key + "' is set twice in [" + sections.back().first +
                                 "] (first on line " + std::to_string(earlier.line) + ")");
        sections.back().second.push_back(entry);
    }

    std::map<std::string, int> used_names;  // option name -> line, across inputs and parameters
    const auto claim = [&](const std::string& name, int where) {
        if (used_names.count(name))
            throw UsageError(at(where) + ": option '" + name + "' is given twice (first on line " +
                             std::to_string(used_names[name]) + ")");
        used_names[name] = where;
    };
    bool has_sweep = false;
    for (const auto& [name, entries] : sections) {
        if (name == "sweep") {
            has_sweep = true;
            bool has_seed = false;
            for (const auto& entry : entries) {
                if (entry.key == "program") sweep.program = entry.value;
                else if (entry.key == "config") sweep.config = entry.value;
                else if (entry.key == "section") sweep.section = entry.value;
                else if (entry.key == "out") sweep.out = entry.value;
                else if (entry.key == "seed") {
                    sweep.base_seed = parse_base_seed(at(entry.line), entry.value);
                    has_seed = true;
                } else if (entry.key == "seed-option") sweep.seed_option = entry.value == "none" ? "" : entry.value;
                else
                    throw UsageError(at(entry.line) + ": unknown key '" + entry.key +
                                     "' in [sweep]; it takes program, config, section, out, seed, seed-option");
            }
            const int where = section_lines["sweep"];
            std::vector<std::string> programs;
            for (const auto& stage : stages()) programs.push_back(stage.program);
            std::string list;
            for (const auto& program : programs) list += (list.empty() ? "" : "|") + program;
            if (std::find(programs.begin(), programs.end(), sweep.program) == programs.end())
                throw UsageError(at(where) + ": [sweep] program must be one of " + list + " (got '" + sweep.program + "')");
            if (sweep.out.empty() || sweep.out.back() == '/')
                throw UsageError(at(where) + ": [sweep] needs out = FOLDER (where the tasks' outputs go), without a trailing /");
            if (!has_seed) throw UsageError(at(where) + ": [sweep] needs seed = N (the base of every task's seed)");
            if (!sweep.seed_option.empty() && !is_option_name(sweep.seed_option))
                throw UsageError(at(where) + ": seed-option must be an option name or none (got '" + sweep.seed_option + "')");
            if (!sweep.section.empty() && sweep.config.empty())
                throw UsageError(at(where) + ": section = " + sweep.section + " needs config = FILE");
            if (!sweep.seed_option.empty()) used_names[sweep.seed_option] = where;
        } else if (name == "inputs") {
            for (const auto& entry : entries) {
                if (!is_option_name(entry.key) ||
                    std::find(reserved_options.begin(), reserved_options.end(), entry.key) != reserved_options.end())
                    throw UsageError(at(entry.line) + ": '" + entry.key + "' cannot be an input; inputs are options naming files, like data");
                if (entry.value.empty()) throw UsageError(at(entry.line) + ": input '" + entry.key + "' names no file");
                claim(entry.key, entry.line);
                sweep.inputs.push_back({entry.key, entry.value});
            }
        } else if (name == "results") {
            for (const auto& entry : entries) {
                for (const auto& earlier : sweep.results)
                    if (earlier.name == entry.key) throw UsageError(at(entry.line) + ": result '" + entry.key + "' is given twice");
                sweep.results.push_back(parse_result(at(entry.line), entry));
            }
        } else {  // [parameters] or [zip.NAME]
            const bool zipped = name != "parameters";
            if (zipped && entries.empty())
                throw UsageError(at(section_lines[name]) + ": [" + name + "] zips no parameters");
            SweepAxis zip_axis;
            zip_axis.zip_group = zipped ? name.substr(4) : "";
            zip_axis.line = section_lines[name];
            for (const auto& entry : entries) {
                if (!is_option_name(entry.key))
                    throw UsageError(at(entry.line) + ": parameter '" + entry.key + "' is not an option name (like beta or batch-size)");
                if (std::find(reserved_options.begin(), reserved_options.end(), entry.key) != reserved_options.end() ||
                    entry.key == sweep.seed_option)
                    throw UsageError(at(entry.line) + ": '" + entry.key + "' is set by the sweep itself and cannot be a parameter");
                claim(entry.key, entry.line);
                SweepParameter parameter{entry.key, split_values(at(entry.line), entry), entry.line};
                if (!zipped) {
                    sweep.axes.push_back({"", {parameter}, entry.line});
                    continue;
                }
                const auto& first = zip_axis.parameters.empty() ? parameter : zip_axis.parameters.front();
                if (parameter.values.size() != first.values.size())
                    throw UsageError(at(entry.line) + ": [" + name + "] lists differ in length: " + first.name + " has " +
                                     std::to_string(first.values.size()) + " values, " + parameter.name + " has " +
                                     std::to_string(parameter.values.size()));
                zip_axis.parameters.push_back(parameter);
            }
            if (zipped) sweep.axes.push_back(zip_axis);
        }
    }
    if (!has_sweep) throw UsageError(path + ": no [sweep] section (it names the program, out and seed)");
    // The seed option was checked against parameters only if [sweep] came first.
    if (!sweep.seed_option.empty())
        for (const auto* parameter : sweep.parameters())
            if (parameter->name == sweep.seed_option)
                throw UsageError(at(parameter->line) + ": '" + parameter->name +
                                 "' is the seed-option, set by the sweep itself; set seed-option = none to sweep it");
    if (sweep.axes.empty())
        throw UsageError(path + ": no parameters; list at least one under [parameters] or [zip.NAME]");
    std::size_t count = 1;
    for (const auto& axis : sweep.axes) {
        count *= axis.size();
        if (count > max_task_count)
            throw UsageError(path + ": more than " + std::to_string(max_task_count) + " tasks; split the sweep");
    }
    if (sweep.section.empty() && !sweep.config.empty()) sweep.section = stage_of(sweep).section;
    return sweep;
}

Sweep read_sweep(const std::string& path) {
    std::ifstream file(path);
    if (!file) throw UsageError("cannot read sweep file '" + path + "': " + std::strerror(errno));
    std::stringstream text;
    text << file.rdbuf();
    return parse_sweep(text.str(), path);
}

// ---------------------------------------------------------------- tasks

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
        arguments.push_back("--config=" + sweep.config);
        arguments.push_back("--section=" + sweep.section);
    }
    for (const auto& [name, file] : sweep.inputs) arguments.push_back("--" + name + "=" + file);
    for (const auto& [name, value] : task.parameters) arguments.push_back("--" + name + "=" + value);
    if (!sweep.seed_option.empty()) arguments.push_back("--" + sweep.seed_option + "=" + std::to_string(task.seed));
    arguments.push_back("--out=" + task.output);
    return arguments;
}

void check_sweep_tasks(const Sweep& sweep) {
    const Stage& stage = stage_of(sweep);
    // Each parameter's name first, with its first value, so that a typo is
    // named as such rather than as a failure of some task.
    SweepTask first = sweep_task(sweep, 0);
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

void run_sweep_task(const Sweep& sweep, std::size_t index) {
    const SweepTask task = sweep_task(sweep, index);
    make_folder(sweep.out);
    invoke_stage(stage_of(sweep), task_arguments(sweep, task), true);
}

// ---------------------------------------------------------------- tables

std::string task_table_text(const Sweep& sweep) {
    std::ostringstream text;
    text << "# Sweep " << sweep.path << ": " << sweep.task_count() << " tasks of " << sweep.program;
    if (!sweep.config.empty()) text << " --config " << sweep.config << " --section " << sweep.section;
    for (const auto& [name, file] : sweep.inputs) text << " --" << name << " " << file;
    text << "\n";
    if (!sweep.seed_option.empty())
        text << "# Task i runs with --" << sweep.seed_option << " derive_seed(" << sweep.base_seed
             << ", i) >> 1 (lib/rng.hpp) and the parameters of its row; `ebm-sweep command "
             << sweep.path << " --task I` prints its command.\n";
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
        row.push_back(task.output);
        rows.push_back(row);
    }
    std::vector<std::size_t> widths(header.size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
    for (const auto& row : rows) {
        for (std::size_t c = 0; c + 1 < row.size(); ++c) text << padded(row[c], widths[c] + 2);
        text << row.back() << "\n";
    }
    return text.str();
}

std::string makefile_fragment(const Sweep& sweep) {
    std::ostringstream text;
    text << "# Made by ebm-sweep from " << sweep.path << " for experiments/sweep.mk; do not edit.\n";
    text << "SWEEP_OUT := " << sweep.out << "\n";
    text << "SWEEP_TASK_COUNT := " << sweep.task_count() << "\n";
    text << "SWEEP_TASKS :=";
    for (std::size_t index = 0; index < sweep.task_count(); ++index) text << " \\\n    " << sweep.output_of(index);
    text << "\n";
    text << "SWEEP_PREREQUISITES := " << sweep.path;
    if (!sweep.config.empty()) text << " " << sweep.config;
    for (const auto& input : sweep.inputs) text << " " << input.second;
    text << "\n";
    return text.str();
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
    std::vector<std::string> prerequisites{sweep.path, executable};
    if (!sweep.config.empty()) prerequisites.push_back(sweep.config);
    for (const auto& input : sweep.inputs) prerequisites.push_back(input.second);
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

// ---------------------------------------------------------------- aggregation

void aggregate_sweep(const Sweep& sweep, const std::string& executable, const std::string& out) {
    const std::size_t count = sweep.task_count();
    const auto states = task_states(sweep, executable);
    std::vector<std::size_t> not_done;
    for (std::size_t index = 0; index < count; ++index)
        if (states[index] != TaskState::done) not_done.push_back(index);
    if (!not_done.empty())
        throw RunError("tasks " + index_ranges(not_done) + " of '" + sweep.path + "' are not done (missing or stale, see `ebm-sweep status " +
                       sweep.path + "`): run them first");

    // Each result's values task by task: a scalar or a row of K numbers each.
    std::vector<std::vector<double>> values(sweep.results.size());
    std::vector<std::size_t> widths(sweep.results.size(), 0);
    std::string task_files;
    for (std::size_t index = 0; index < count; ++index) {
        const std::string path = sweep.output_of(index);
        const H5Reader file(path);
        for (std::size_t r = 0; r < sweep.results.size(); ++r) {
            const SweepResult& result = sweep.results[r];
            const auto where = "'" + path + "' (result " + result.name + ")";
            if (!file.has(result.dataset)) throw RunError(where + " has no dataset " + result.dataset);
            const auto shape = file.shape(result.dataset);
            std::vector<double> row;
            if (shape.size() == 1) {
                const auto data = file.read<1>(result.dataset);
                row.assign(data.begin(), data.end());
            } else if (shape.size() == 2) {
                const auto data = file.read<2>(result.dataset);
                row.assign(data.begin(), data.end());
            } else {
                throw RunError(where + ": " + result.dataset + " has rank " + std::to_string(shape.size()) +
                               "; a result must be a vector or a matrix (one row taken with [ROW])");
            }
            if (result.has_row) {
                const std::int64_t rows = std::int64_t(shape[0]);
                const std::int64_t picked = result.row < 0 ? rows + result.row : result.row;
                if (picked < 0 || picked >= rows)
                    throw RunError(where + ": row " + std::to_string(result.row) + " is outside the " +
                                   std::to_string(rows) + " rows of " + result.dataset);
                const std::size_t row_size = shape.size() == 2 ? shape[1] : 1;
                row = std::vector<double>(row.begin() + picked * row_size, row.begin() + (picked + 1) * row_size);
            } else if (shape.size() == 2) {
                throw RunError(where + ": " + result.dataset + " is a matrix; take one row with " + result.dataset + "[ROW]");
            }
            if (index == 0) widths[r] = row.size();
            if (row.size() != widths[r])
                throw RunError(where + ": " + result.dataset + " has " + std::to_string(row.size()) + " values, task 0's had " +
                               std::to_string(widths[r]));
            values[r].insert(values[r].end(), row.begin(), row.end());
        }
        task_files += file_name(path) + " " + sha256_of_file(path) + "\n";
    }

    H5Writer table(out, sweep_table_format, sweep_table_format_version);
    xt::xtensor<std::int64_t, 1> task_index = xt::empty<std::int64_t>({count});
    xt::xtensor<std::int64_t, 1> seeds = xt::empty<std::int64_t>({count});
    for (std::size_t index = 0; index < count; ++index) {
        task_index(index) = std::int64_t(index);
        seeds(index) = std::int64_t(task_seed(sweep.base_seed, index));
    }
    table.write("/task", task_index);
    table.write("/seed", seeds);
    std::string parameter_names;
    for (const auto* parameter : sweep.parameters()) {
        parameter_names += (parameter_names.empty() ? "" : ",") + parameter->name;
        const std::string name = "/parameters/" + parameter->name;
        const bool numeric = std::all_of(parameter->values.begin(), parameter->values.end(), is_number);
        xt::xtensor<double, 1> numbers = xt::empty<double>({count});
        xt::xtensor<std::int64_t, 1> levels = xt::empty<std::int64_t>({count});
        for (std::size_t index = 0; index < count; ++index) {
            const SweepTask task = sweep_task(sweep, index);
            const auto& value = std::find_if(task.parameters.begin(), task.parameters.end(),
                                             [&](const auto& entry) { return entry.first == parameter->name; })->second;
            if (numeric) numbers(index) = parse_number_list(value, parameter->name).front();
            else
                levels(index) = std::find(parameter->values.begin(), parameter->values.end(), value) - parameter->values.begin();
        }
        if (numeric) table.write(name, numbers);
        else {
            table.write(name, levels);
            std::string list;
            for (const auto& value : parameter->values) list += (list.empty() ? "" : ",") + value;
            table.set_attribute(name, "values", list);
        }
    }
    std::string result_names;
    for (std::size_t r = 0; r < sweep.results.size(); ++r) {
        const SweepResult& result = sweep.results[r];
        result_names += (result_names.empty() ? "" : ",") + result.name;
        const std::string name = "/results/" + result.name;
        if (widths[r] == 1) table.write(name, xt::xtensor<double, 1>(xt::adapt(values[r], {count})));
        else table.write(name, xt::xtensor<double, 2>(xt::adapt(values[r], {count, widths[r]})));
        table.set_attribute(name, "dataset", result.dataset + (result.has_row ? "[" + std::to_string(result.row) + "]" : ""));
    }
    table.set_attribute("program", std::string("ebm-sweep"));
    table.set_attribute("program_version", std::string(EBM_VERSION));
    table.set_attribute("sweep_file", file_name(sweep.path));
    table.set_attribute("sweep_sha256", sha256_of_file(sweep.path));
    table.set_attribute("stage", sweep.program);
    if (!sweep.config.empty()) {
        table.set_attribute("config_file", file_name(sweep.config));
        table.set_attribute("config_sha256", sha256_of_file(sweep.config));
        table.set_attribute("section", sweep.section);
    }
    table.set_attribute("base_seed", std::int64_t(sweep.base_seed));
    table.set_attribute("seed_option", sweep.seed_option.empty() ? std::string("none") : sweep.seed_option);
    table.set_attribute("task_count", std::int64_t(count));
    table.set_attribute("parameter_names", parameter_names);
    table.set_attribute("result_names", result_names);
    table.set_attribute("task_table", task_table_text(sweep));
    table.set_attribute("task_files", task_files);
    table.commit();
}

// ---------------------------------------------------------------- the command line

namespace {
const std::vector<std::pair<std::string, std::string>> commands = {
    {"check", "check the sweep and every task's options; print the number of tasks"},
    {"table", "the task table: task, seed, parameters, output (stdout, or --out FILE)"},
    {"command", "the stage's command line that task --task I runs"},
    {"run", "run task --task I (its output appears whole or not at all)"},
    {"status", "each task's state: done, missing (no output) or stale (older than a prerequisite)"},
    {"missing", "the tasks not done, as ranges for sbatch --array (0-2,5); nothing when all are done"},
    {"aggregate", "every task's parameters and results as one HDF5 table (--out, default OUT/table.h5)"},
    {"makefile", "the variables experiments/sweep.mk includes (stdout, or --out FILE)"},
};
}  // namespace

std::optional<SweepCommand> parse_sweep_command(int argc, const char* const argv[]) {
    SweepCommand command;
    po::options_description described("Options");
    described.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("task", po::value(&command.task)->value_name("I"), "the task index (run, command); 0-padded is fine: 003")
        ("out", po::value(&command.out)->value_name("FILE"), "where table, aggregate or makefile write (atomically)");
    po::options_description hidden;
    hidden.add_options()
        ("command", po::value(&command.command))
        ("sweep", po::value(&command.sweep));
    po::options_description all;
    all.add(described).add(hidden);
    po::positional_options_description positional;
    positional.add("command", 1).add("sweep", 1);
    po::variables_map values;
    try {
        const auto style = po::command_line_style::unix_style ^ po::command_line_style::allow_guessing;
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).style(style).run(), values);
        po::notify(values);
    } catch (const po::error& error) {
        throw UsageError(error.what());
    }
    std::string names;
    for (const auto& [name, purpose] : commands) names += (names.empty() ? "" : "|") + name;
    if (values.count("help")) {
        std::cout << "ebm-sweep: run one stage over a table of parameter values (see experiments/sweeps/)\n\n"
                  << "Usage: ebm-sweep COMMAND SWEEP_FILE [options]\n\nCommands:\n";
        for (const auto& [name, purpose] : commands) std::cout << "  " << padded(name, 11) << purpose << "\n";
        std::cout << "\n" << described
                  << "\nThe sweep file is the configuration (there is no --config): its format is described in\n"
                     "lib/sweep.hpp and README.md. Every command checks the whole sweep first, so a bad file\n"
                     "stops before any task runs or is submitted.\n";
        return std::nullopt;
    }
    if (values.count("version")) {
        std::cout << "ebm-sweep (ebm) " << EBM_VERSION << "\n";
        return std::nullopt;
    }
    if (command.command.empty()) throw UsageError("give a COMMAND (" + names + ") and a SWEEP_FILE");
    const bool known = std::any_of(commands.begin(), commands.end(), [&](const auto& entry) { return entry.first == command.command; });
    if (!known) throw UsageError("COMMAND must be one of " + names + " (got '" + command.command + "')");
    if (command.sweep.empty()) throw UsageError(command.command + " needs a SWEEP_FILE, e.g. experiments/sweeps/beta.cfg");
    const bool takes_task = command.command == "run" || command.command == "command";
    if (takes_task && command.task.empty()) throw UsageError(command.command + " needs --task I");
    if (!takes_task && values.count("task")) throw UsageError("--task is only for run and command");
    const bool takes_out = command.command == "table" || command.command == "aggregate" || command.command == "makefile";
    if (!takes_out && values.count("out")) throw UsageError("--out is only for table, aggregate and makefile");
    std::error_code error;
    command.executable = fs::read_symlink("/proc/self/exe", error).string();
    return command;
}

void run_sweep_command(const SweepCommand& command) {
    const Sweep sweep = read_sweep(command.sweep);
    check_sweep_tasks(sweep);
    const auto& name = command.command;
    const auto write = [&](const std::string& text) {
        if (command.out.empty()) std::cout << text;
        else write_text_atomically(command.out, text);
    };
    if (name == "check") {
        std::cout << sweep.path << ": " << sweep.task_count() << " tasks of " << sweep.program << "\n";
    } else if (name == "table") {
        write(task_table_text(sweep));
    } else if (name == "makefile") {
        write(makefile_fragment(sweep));
    } else if (name == "command" || name == "run") {
        const SweepTask task = sweep_task(sweep, parse_task_index(sweep, command.task));
        if (name == "command") {
            std::string line;
            for (const auto& argument : task_arguments(sweep, task)) line += (line.empty() ? "" : " ") + argument;
            std::cout << line << "\n";
        } else {
            run_sweep_task(sweep, task.index);
        }
    } else if (name == "status" || name == "missing") {
        const auto states = task_states(sweep, command.executable);
        std::vector<std::size_t> not_done;
        std::map<TaskState, std::size_t> tally;
        for (std::size_t index = 0; index < states.size(); ++index) {
            ++tally[states[index]];
            if (states[index] != TaskState::done) not_done.push_back(index);
        }
        if (name == "missing") {
            if (!not_done.empty()) std::cout << index_ranges(not_done) << "\n";
            return;
        }
        std::cout << padded("task", 6) << padded("state", 9) << "output\n";
        for (std::size_t index = 0; index < states.size(); ++index)
            std::cout << padded(std::to_string(index), 6) << padded(task_state_name(states[index]), 9)
                      << sweep.output_of(index) << "\n";
        std::cout << states.size() << " tasks: " << tally[TaskState::done] << " done, " << tally[TaskState::missing]
                  << " missing, " << tally[TaskState::stale] << " stale";
        if (!not_done.empty()) std::cout << "; not done: " << index_ranges(not_done);
        std::cout << "\n";
    } else if (name == "aggregate") {
        aggregate_sweep(sweep, command.executable, command.out.empty() ? sweep.aggregate_path() : command.out);
    }
}

}  // namespace ebm

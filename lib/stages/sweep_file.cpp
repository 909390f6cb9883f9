#include "sweep_file.hpp"

#include "errors.hpp"
#include "ini_file.hpp"
#include "sweep_stage.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <sstream>

namespace ebm {

namespace {

// Options the sweep sets itself, never an input or a parameter.
const std::vector<std::string> reserved_options = {"out", "config", "section", "help", "version"};

// More tasks than this is a mistake in the file, not a sweep.
constexpr std::size_t max_task_count = 100000;

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

bool is_reserved(const std::string& name) {
    return std::find(reserved_options.begin(), reserved_options.end(), name) != reserved_options.end();
}

// One item of a value list, without the spaces around it.
std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    return first == std::string::npos ? "" : text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The value list of a parameter, "a, b, c".
std::vector<std::string> split_values(const std::string& where, const IniEntry& entry) {
    if (entry.value.empty())
        throw UsageError(where + ": parameter '" + entry.key + "' has an empty value list (expected values like 0.3,1,inf)");
    std::vector<std::string> values;
    std::stringstream stream(entry.value);
    std::string item;
    while (std::getline(stream, item, ',')) values.push_back(trimmed(item));
    if (entry.value.back() == ',') values.push_back("");
    for (const auto& value : values)
        if (value.empty())
            throw UsageError(where + ": parameter '" + entry.key + "' has an empty value in its list '" +
                             printable(entry.value) + "'");
    return values;
}

SweepResult parse_result(const std::string& where, const IniEntry& entry) {
    SweepResult result;
    result.name = entry.key;
    result.line = entry.line;
    if (!is_result_name(entry.key))
        throw UsageError(where + ": result name '" + printable(entry.key) + "' must be lower-case letters, digits and _");
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
            throw UsageError(where + ": result '" + entry.key + "' = '" + printable(entry.value) +
                             "': expected /dataset or /dataset[ROW] (e.g. [-1] for the last row)");
        result.has_row = true;
        result.row = row;
        path = trimmed(path.substr(0, bracket));
    }
    if (path.size() < 2 || path[0] != '/')
        throw UsageError(where + ": result '" + entry.key + "' must name a dataset by its absolute path, like /params/w (got '" +
                         printable(entry.value) + "')");
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
        throw UsageError(where + ": seed must be an integer from 0 to 2^63 - 1 (got '" + printable(text) + "')");
    return seed;
}

// [sweep]: what runs, where its outputs go, the seeds.
void read_sweep_section(const IniFile& file, Sweep& sweep) {
    const IniSection* section = file.section("sweep");
    if (!section) throw UsageError(file.path + ": no [sweep] section (it names the program, out and seed)");
    std::map<std::string, int> lines;  // key -> line
    for (const auto& entry : section->entries) {
        if (entry.key == "program") sweep.program = entry.value;
        else if (entry.key == "config") sweep.config = entry.value;
        else if (entry.key == "section") sweep.section = entry.value;
        else if (entry.key == "out") sweep.out = entry.value;
        else if (entry.key == "seed") sweep.base_seed = parse_base_seed(file.at(entry.line), entry.value);
        else if (entry.key == "seed-option") sweep.seed_option = entry.value == "none" ? "" : entry.value;
        else
            throw UsageError(file.at(entry.line) + ": unknown key '" + printable(entry.key) +
                             "' in [sweep]; it takes program, config, section, out, seed, seed-option");
        lines[entry.key] = entry.line;
    }
    // A setting's line, or the file alone when the setting is missing.
    const auto at = [&](const std::string& key) { return lines.count(key) ? file.at(lines[key]) : file.path; };
    const SweepStage* stage = find_sweep_stage(sweep.program);
    if (!stage)
        throw UsageError(at("program") + ": [sweep] program must be one of " + sweep_program_names() + " (got '" +
                         printable(sweep.program) + "')");
    if (sweep.out.empty() || sweep.out.back() == '/')
        throw UsageError(at("out") + ": [sweep] needs out = FOLDER (where the tasks' outputs go), without a trailing /");
    if (!lines.count("seed") && !sweep.seed_option.empty())
        throw UsageError(file.path + ": [sweep] needs seed = N (the base of every task's seed), or seed-option = none");
    if (!sweep.seed_option.empty() && !is_option_name(sweep.seed_option))
        throw UsageError(at("seed-option") + ": seed-option must be an option name or none (got '" +
                         printable(sweep.seed_option) + "')");
    if (!sweep.section.empty() && sweep.config.empty())
        throw UsageError(at("section") + ": section = " + sweep.section + " needs config = FILE");
    if (sweep.section.empty() && !sweep.config.empty()) sweep.section = stage->section;
}

// Throws unless `entry` names an option the sweep leaves to its file; `role` is "an input" or "a parameter".
void require_not_set_by_sweep(const IniFile& file, const Sweep& sweep, const IniEntry& entry, const std::string& role) {
    if (is_reserved(entry.key))
        throw UsageError(file.at(entry.line) + ": '" + entry.key + "' is set by the sweep itself and cannot be " + role);
    if (entry.key == sweep.seed_option)
        throw UsageError(file.at(entry.line) + ": '" + entry.key + "' is set by the sweep itself, to each task's seed; " +
                         "set seed-option = none to make it " + role);
}

Sweep sweep_of(const IniFile& file, const SweepFolders& folders) {
    for (const auto& section : file.sections) {
        const auto& name = section.name;
        const bool known = name == "sweep" || name == "inputs" || name == "parameters" || name == "results" ||
                           (name.rfind("zip.", 0) == 0 && name.size() > 4);
        if (!known)
            throw UsageError(file.at(section.line()) + ": unknown section [" + printable(name) +
                             "]; a sweep has [sweep], [inputs], [parameters], [zip.NAME] and [results]");
    }
    Sweep sweep;
    sweep.path = file.path;
    sweep.folders = folders;
    read_sweep_section(file, sweep);

    std::map<std::string, int> used_names;  // option name -> line, across inputs and parameters
    const auto claim = [&](const IniEntry& entry) {
        if (used_names.count(entry.key))
            throw UsageError(file.at(entry.line) + ": option '" + entry.key + "' is given twice (first on line " +
                             std::to_string(used_names[entry.key]) + ")");
        used_names[entry.key] = entry.line;
    };
    for (const auto& [name, entries] : file.sections) {
        if (name == "inputs") {
            for (const auto& entry : entries) {
                if (!is_option_name(entry.key))
                    throw UsageError(file.at(entry.line) + ": '" + printable(entry.key) +
                                     "' cannot be an input; inputs are options naming files, like data");
                require_not_set_by_sweep(file, sweep, entry, "an input");
                if (entry.value.empty()) throw UsageError(file.at(entry.line) + ": input '" + entry.key + "' names no file");
                claim(entry);
                sweep.inputs.push_back({entry.key, entry.value});
            }
        } else if (name == "results") {
            for (const auto& entry : entries) sweep.results.push_back(parse_result(file.at(entry.line), entry));
        } else if (name == "parameters" || name.rfind("zip.", 0) == 0) {
            const bool zipped = name != "parameters";
            SweepAxis zip_axis{zipped ? name.substr(4) : "", {}, entries.front().line};
            for (const auto& entry : entries) {
                if (!is_option_name(entry.key))
                    throw UsageError(file.at(entry.line) + ": parameter '" + printable(entry.key) +
                                     "' is not an option name (like beta or batch-size)");
                require_not_set_by_sweep(file, sweep, entry, "a parameter");
                claim(entry);
                SweepParameter parameter{entry.key, split_values(file.at(entry.line), entry), entry.line};
                if (!zipped) {
                    sweep.axes.push_back({"", {parameter}, entry.line});
                    continue;
                }
                const auto& first = zip_axis.parameters.empty() ? parameter : zip_axis.parameters.front();
                if (parameter.values.size() != first.values.size())
                    throw UsageError(file.at(entry.line) + ": [" + name + "] lists differ in length: " + first.name + " has " +
                                     std::to_string(first.values.size()) + " values, " + parameter.name + " has " +
                                     std::to_string(parameter.values.size()));
                zip_axis.parameters.push_back(parameter);
            }
            if (zipped) sweep.axes.push_back(zip_axis);
        }
    }
    if (sweep.axes.empty())
        throw UsageError(file.path + ": no parameters; list at least one under [parameters] or [zip.NAME]");
    std::size_t count = 1;
    for (const auto& axis : sweep.axes) {
        count *= axis.size();
        if (count > max_task_count)
            throw UsageError(file.path + ": more than " + std::to_string(max_task_count) + " tasks; split the sweep");
    }
    return sweep;
}

}  // namespace

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

namespace {

// Each placeholder of a sweep file with the folder it stands for.
std::vector<std::pair<std::string, std::string>> placeholders(const SweepFolders& folders) {
    return {{"$DATA", folders.data}, {"$EXPERIMENTS", folders.experiments}};
}

}  // namespace

std::string Sweep::resolved(const std::string& written) const {
    std::string path = written;
    for (const auto& [placeholder, folder] : placeholders(folders))
        for (auto at = path.find(placeholder); at != std::string::npos; at = path.find(placeholder, at + folder.size()))
            path.replace(at, placeholder.size(), folder);
    return path;
}

std::string Sweep::placeholder_form(const std::string& file) const {
    for (const auto& [placeholder, folder] : placeholders(folders))
        if (file.rfind(folder + "/", 0) == 0) return placeholder + file.substr(folder.size());
    return file;
}

std::string Sweep::output_of(std::size_t task) const {
    const std::size_t width = std::max<std::size_t>(3, std::to_string(std::max<std::size_t>(task_count(), 1) - 1).size());
    const std::string number = std::to_string(task);
    return out_folder() + "/task-" + std::string(width - std::min(width, number.size()), '0') + number + ".h5";
}

Sweep parse_sweep(const std::string& text, const std::string& path, const SweepFolders& folders) {
    return sweep_of(parse_ini(text, path), folders);
}

Sweep read_sweep(const std::string& path, const SweepFolders& folders) {
    return sweep_of(read_ini_file(path, "sweep file"), folders);
}

}  // namespace ebm

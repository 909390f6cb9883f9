#include "cli.hpp"

#include "errors.hpp"
#include "ini_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include <sys/stat.h>

namespace ebm {

namespace {

// The sections a run reads, most specific first: "train.warm" reads
// [train.warm], then [train] for what it leaves unset.
std::vector<std::string> section_chain(const std::string& section) {
    std::vector<std::string> chain{section};
    for (auto dot = section.rfind('.'); dot != std::string::npos; dot = section.rfind('.', dot - 1)) {
        chain.push_back(section.substr(0, dot));
        if (dot == 0) break;
    }
    return chain;
}

// The config file's values for `section` (and its parents) as "--key=value"
// arguments, most specific first, so that they go through the same parsers
// and validators as the command line, and the first value stored wins.
std::vector<std::string> config_section_arguments(const std::string& path, const std::string& section,
                                                  const po::options_description& options) {
    const auto at = [&](int line) { return "--config '" + path + "': line " + std::to_string(line) + ": "; };
    IniFile file;
    try {
        file = read_ini_file(path, "config file");
    } catch (const IniSyntaxError& error) {
        throw UsageError(at(error.line) + error.problem);
    } catch (const UsageError& error) {
        throw UsageError(std::string("--config: ") + error.what());
    }
    if (section.find('.') != std::string::npos && !file.section(section))
        throw UsageError("--section: '" + path + "' has no [" + section + "] section");
    // Another stage's or run's sections are not read; the most specific
    // section's value of an option hides its parents'.
    std::vector<std::string> arguments;
    std::set<std::string> given;
    for (const auto& name : section_chain(section)) {
        const IniSection* found = file.section(name);
        if (!found) continue;
        for (const auto& entry : found->entries) {
            if (!options.find_nothrow(entry.key, false))
                throw UsageError(at(entry.line) + "unknown key '" + entry.key + "' in [" + name +
                                 "]; run with --help for the options it takes");
            if (given.insert(entry.key).second) arguments.push_back("--" + entry.key + "=" + entry.value);
        }
    }
    return arguments;
}

std::string any_to_text(const boost::any& value) {
    std::ostringstream out;
    if (const auto* text = boost::any_cast<std::string>(&value)) out << *text;
    else if (const auto* number = boost::any_cast<double>(&value)) out << shortest_text(*number);
    else if (const auto* integer = boost::any_cast<long long>(&value)) out << *integer;
    else if (const auto* unsigned_integer = boost::any_cast<unsigned long long>(&value)) out << *unsigned_integer;
    else if (const auto* small = boost::any_cast<int>(&value)) out << *small;
    else if (const auto* flag = boost::any_cast<bool>(&value)) out << (*flag ? "true" : "false");
    else if (const auto* list = boost::any_cast<std::vector<std::string>>(&value)) {
        for (std::size_t i = 0; i < list->size(); ++i) out << (i ? " " : "") << (*list)[i];
    } else
        out << "?";
    return out.str();
}

}  // namespace

bool parse_options(int argc, const char* const argv[], const ProgramInfo& program,
                   const po::options_description& options, po::variables_map& values) {
    po::options_description common("Common options");
    common.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("config", po::value<std::string>()->value_name("FILE"),
         ("read options from the [" + program.section + "] section of an INI-style FILE; "
          "the command line wins").c_str())
        ("section", po::value<std::string>()->value_name("NAME")->default_value(program.section),
         ("the config section to read, e.g. " + program.section + ".warm, which falls back to [" +
          program.section + "] for what it leaves unset").c_str());
    po::options_description all;
    all.add(options).add(common);
    try {
        // Negative numbers are values, not options: "--n -3" reaches the validator.
        const auto style = po::command_line_style::unix_style ^ po::command_line_style::allow_guessing;
        po::store(po::command_line_parser(argc, argv).options(all).style(style).run(), values);
        if (values.count("help")) {
            std::cout << program.name << ": " << program.purpose << "\n\nUsage: " << program.name
                      << " [options]\n\n" << all << "\n" << program.usage_notes;
            return false;
        }
        if (values.count("version")) {
            std::cout << program.name << " (ebm) " << EBM_VERSION << "\n";
            return false;
        }
        if (values.count("config")) {
            const auto section = values["section"].as<std::string>();
            if (section != program.section && section.rfind(program.section + ".", 0) != 0)
                throw UsageError("--section must be " + program.section + " or " + program.section +
                                 ".NAME (got '" + section + "')");
            const auto arguments = config_section_arguments(values["config"].as<std::string>(), section, options);
            po::store(po::command_line_parser(arguments).options(all).style(style).run(), values);
        }
        po::notify(values);
    } catch (const po::error& error) {
        throw UsageError(error.what());
    }
    return true;
}

int run_main(const std::string& program, const std::function<void()>& stage) {
    int code = 0;
    try {
        stage();
        return 0;
    } catch (const UsageError& error) {
        std::cerr << program << ": usage error: " << error.what() << " (see " << program << " --help)\n";
        code = 2;
    } catch (const std::exception& error) {
        std::cerr << program << ": error: " << error.what() << "\n";
        code = 1;
    }
    // After a failed write HDF5's own exit handler can crash closing the file
    // it could not flush; every output has been cleaned up by now (the
    // temporaries' destructors ran), so leave without the exit handlers.
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(code);
}

void require_distinct_output(const std::string& out_option, const std::string& out,
                             const std::vector<std::pair<std::string, std::string>>& inputs) {
    struct stat out_info;
    const bool out_exists = stat(out.c_str(), &out_info) == 0;
    for (const auto& [option, path] : inputs) {
        if (path.empty()) continue;
        struct stat info;
        const bool same = path == out || (out_exists && stat(path.c_str(), &info) == 0 &&
                                          info.st_dev == out_info.st_dev && info.st_ino == out_info.st_ino);
        if (same)
            throw UsageError("--" + out_option + " '" + out + "' is the same file as --" + option +
                             ": writing it would replace that input");
    }
}

std::string shortest_text(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string file_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string options_summary(const po::variables_map& values, const std::vector<std::string>& path_options) {
    std::map<std::string, std::string> sorted;
    for (const auto& [name, value] : values) {
        if (name == "help" || name == "version" || name == "config" || name == "section") continue;
        std::string text = any_to_text(value.value());
        for (const auto& path_option : path_options)
            if (name == path_option) text = file_name(text);
        sorted[name] = text;
    }
    std::string summary;
    for (const auto& [name, text] : sorted) summary += name + "=" + text + "\n";
    return summary;
}

std::vector<double> parse_number_list(const std::string& text, const std::string& option) {
    std::vector<double> numbers;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        if (item == "inf" || item == "+inf") {
            numbers.push_back(std::numeric_limits<double>::infinity());
            continue;
        }
        std::size_t used = 0;
        double number = 0;
        try {
            number = std::stod(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size() || std::isnan(number))
            throw UsageError("--" + option + ": '" + item + "' is not a number (expected a comma-separated list like 0.1,1,inf)");
        numbers.push_back(number);
    }
    if (numbers.empty()) throw UsageError("--" + option + " is empty (expected a comma-separated list of numbers)");
    return numbers;
}

void require(bool ok, const std::string& option, const std::string& what, const std::string& got) {
    if (!ok) throw UsageError("--" + option + " must be " + what + " (got " + got + ")");
}

void require_one_of(const std::string& value, const std::string& option, const std::vector<std::string>& allowed) {
    for (const auto& candidate : allowed)
        if (value == candidate) return;
    std::string list;
    for (std::size_t i = 0; i < allowed.size(); ++i) list += (i ? "|" : "") + allowed[i];
    throw UsageError("--" + option + " must be one of " + list + " (got '" + value + "')");
}

}  // namespace ebm

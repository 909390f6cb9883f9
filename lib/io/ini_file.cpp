#include "ini_file.hpp"

#include <boost/program_options/detail/config_file.hpp>
#include <boost/program_options/errors.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

namespace ebm {

namespace po = boost::program_options;

namespace {

// Where Boost's parser is in the file: the number and text of the last line it read.
struct ReadPosition {
    int line = 0;
    std::string text;
};

// Boost's config-file parser (what po::parse_config_file iterates), fed one
// line at a time through the hook Boost provides for it, so that we know the
// line of each entry it yields and of a line it refuses.
class CountingConfigParser : public po::detail::common_config_file_iterator {
public:
    CountingConfigParser(std::istream& input, ReadPosition& position)
        : common_config_file_iterator(std::set<std::string>(), true), input_(input), position_(position) {
        get();  // as Boost's own stream parser does: a base constructor cannot reach the override
    }
    bool at_end() const { return *this == common_config_file_iterator(); }

protected:
    bool getline(std::string& line) override {
        if (!std::getline(input_, line)) return false;
        ++position_.line;
        position_.text = line;
        return true;
    }

private:
    std::istream& input_;
    ReadPosition& position_;
};

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

IniSyntaxError::IniSyntaxError(const std::string& path, int line, const std::string& problem)
    : UsageError(path + ":" + std::to_string(line) + ": " + problem), path(path), line(line), problem(problem) {}

const IniSection* IniFile::section(const std::string& name) const {
    for (const auto& section : sections)
        if (section.name == name) return &section;
    return nullptr;
}

IniFile parse_ini(const std::string& text, const std::string& path) {
    IniFile file;
    file.path = path;
    std::istringstream input(text);
    ReadPosition position;
    std::map<std::pair<std::string, std::string>, int> first_lines;  // (section, key) -> line
    try {
        for (CountingConfigParser parser(input, position); !parser.at_end(); ++parser) {
            const int line = position.line;
            // Boost's key is "SECTION.KEY" (only "KEY" before any header).
            const std::string& joined = parser->string_key;
            const auto dot = joined.rfind('.');
            if (joined.empty() || dot + 1 == joined.size())
                throw IniSyntaxError(path, line, "a key is missing before '=' in '" + printable(trimmed(position.text)) + "'");
            if (dot == std::string::npos)
                throw IniSyntaxError(path, line, "'" + printable(joined) + "' comes before any [section] header; put it under one");
            const std::string section = trimmed(joined.substr(0, dot)), key = joined.substr(dot + 1);
            if (file.sections.empty() || file.sections.back().name != section) {
                if (const IniSection* earlier = file.section(section))
                    throw IniSyntaxError(path, line, "section [" + printable(section) + "] appears again (its first entry is on line " +
                                                         std::to_string(earlier->line()) + "); give each section once");
                file.sections.push_back({section, {}});
            }
            const auto [first, inserted] = first_lines.insert({{section, key}, line});
            if (!inserted)
                throw IniSyntaxError(path, line, "'" + printable(key) + "' is set twice in [" + printable(section) +
                                                     "] (first on line " + std::to_string(first->second) + ")");
            file.sections.back().entries.push_back({key, parser->value.front(), line});
        }
    } catch (const po::error&) {
        // Boost refuses a line that is neither blank, a comment, a header nor key = value.
        throw IniSyntaxError(path, position.line, "invalid line '" + printable(trimmed(position.text)) +
                                                      "' (expected key = value, a [section] header or a # comment)");
    }
    return file;
}

IniFile read_ini_file(const std::string& path, const std::string& kind) {
    // An ifstream opens a folder and then reads nothing: say so instead.
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) throw UsageError("'" + path + "' is a folder, expected a " + kind);
    std::ifstream input(path, std::ios::binary);
    if (!input) throw UsageError("cannot read " + kind + " '" + path + "': " + std::strerror(errno));
    std::ostringstream text;
    text << input.rdbuf();
    if (input.bad()) throw UsageError("cannot read " + kind + " '" + path + "': " + std::strerror(errno));
    return parse_ini(text.str(), path);
}

std::string printable(const std::string& text, std::size_t limit) {
    std::string head = text.substr(0, limit);
    const bool cut = head.size() < text.size();
    // The last character may be a cut UTF-8 sequence: drop its continuation bytes and its lead byte.
    if (cut) {
        while (!head.empty() && (static_cast<unsigned char>(head.back()) & 0xC0) == 0x80) head.pop_back();
        if (!head.empty() && static_cast<unsigned char>(head.back()) >= 0xC0) head.pop_back();
    }
    std::string shown;
    for (const char c : head) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
            shown += escaped;
        } else {
            shown += c;
        }
    }
    return cut ? shown + "…" : shown;
}

}  // namespace ebm

// INI files, the one format of the stages' --config files and of the sweep
// files: read by Boost.Program_options' config-file parser (the reader behind
// po::parse_config_file), with the line of every entry so that a message can
// point at it.
//
// The syntax is Boost's: `[section]` headers, `key = value` lines (the spaces
// around key and value trimmed), `#` starts a comment anywhere on a line, and
// blank lines are skipped; any other line is an error. On top of Boost this
// reader refuses, naming the line: a key before the first [section], an empty
// key, a key set twice in a section, and a section that appears again after
// another one (each file here gives a section once, and a sweep takes its
// axes in the order of its sections).
//
// Boost reports entries, not headers, so a section is known by its entries:
// an empty section reads as absent, a section's line is its first entry's,
// and a key cannot contain a dot (Boost joins "section.key"; the last dot
// separates them, and section names may have dots: [train.ztl]).
#pragma once

#include "errors.hpp"

#include <string>
#include <vector>

namespace ebm {

// One "key = value" line.
struct IniEntry {
    std::string key;
    std::string value;
    int line = 0;
};

// A [section]'s entries in the order of the file.
struct IniSection {
    std::string name;
    std::vector<IniEntry> entries;  // never empty
    int line() const { return entries.front().line; }
};

struct IniFile {
    std::string path;  // as given, for messages
    std::vector<IniSection> sections;

    // The section called `name`, or nullptr when the file has none.
    const IniSection* section(const std::string& name) const;
    // "PATH:LINE", how a message names a place in the file.
    std::string at(int line) const { return path + ":" + std::to_string(line); }
};

// A fault of the file at one line; a usage error (exit 2) whose what() is
// "PATH:LINE: PROBLEM". The parts are kept for callers that say it their way.
struct IniSyntaxError : UsageError {
    IniSyntaxError(const std::string& path, int line, const std::string& problem);
    std::string path;
    int line;
    std::string problem;
};

// Reads `text` as the file `path` (for messages). Throws IniSyntaxError.
IniFile parse_ini(const std::string& text, const std::string& path);

// Reads the file; `kind` names it in messages ("config file", "sweep file").
// Throws UsageError "cannot read KIND 'PATH': REASON" for a file it cannot
// read or a folder, and IniSyntaxError.
IniFile read_ini_file(const std::string& path, const std::string& kind);

// Text from the file as a one-line message can show it: control bytes as
// \xNN, and at most `limit` bytes with "…" after a cut.
std::string printable(const std::string& text, std::size_t limit = 60);

}  // namespace ebm

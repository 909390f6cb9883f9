// What every executable shares: --help, --version, --config FILE, option
// validation helpers, provenance of the options used, and the exit codes
// (0 success, 2 usage error, 1 any other failure).
//
// A config file is INI (read by lib/ini_file.hpp) with one section per stage ([generate], [train],
// [infer], [plot]) and, for several runs of a stage, sections like
// [train.warm] (chosen with --section) that fall back to [train] for what
// they leave unset. A program reads only its own sections, where every key
// must be one of its options; values given on the command line win.
#pragma once

#include <boost/program_options.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ebm {

namespace po = boost::program_options;

struct ProgramInfo {
    std::string name;         // e.g. "ebm-generate"
    std::string section;      // its section in config files, e.g. "generate"
    std::string purpose;      // one line for --help
    std::string usage_notes;  // printed after the options in --help
};

// Parses the command line and the config file's section into `values`.
// Returns false when --help or --version was printed (the caller exits 0).
// Throws UsageError for unknown options, bad values and bad config files.
bool parse_options(int argc, const char* const argv[], const ProgramInfo& program,
                   const po::options_description& options, po::variables_map& values);

// Runs a stage, printing "PROGRAM: error: MESSAGE" and mapping UsageError to
// exit code 2 and every other exception to 1 (on failure it exits itself).
int run_main(const std::string& program, const std::function<void()>& stage);

// Every option set (by default or by the user) as "name=value" lines, sorted,
// without --help/--version/--config/--section: recorded in outputs as provenance.
// Paths are reduced to their file names so that no machine path is stored.
std::string options_summary(const po::variables_map& values, const std::vector<std::string>& path_options);

// The file name of a path ("data/x.h5" -> "x.h5"): what outputs record of inputs.
std::string file_name(const std::string& path);

// The shortest text that reads back as the same double ("0.05", "inf").
std::string shortest_text(double value);

// Parses "a,b,c" into numbers; "inf" is +infinity. Throws UsageError naming `option`.
std::vector<double> parse_number_list(const std::string& text, const std::string& option);

// Throws UsageError "--OPTION must be WHAT (got VALUE)" unless `ok`.
void require(bool ok, const std::string& option, const std::string& what, const std::string& got);

// Throws UsageError unless `value` is one of `allowed`, listing them.
void require_one_of(const std::string& value, const std::string& option, const std::vector<std::string>& allowed);

// Throws UsageError when output `out_option` names the same file as one of
// `inputs` (option, path): writing it would replace that input.
void require_distinct_output(const std::string& out_option, const std::string& out,
                             const std::vector<std::pair<std::string, std::string>>& inputs);

}  // namespace ebm

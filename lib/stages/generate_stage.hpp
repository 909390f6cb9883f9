// The data-generation stage (ebm-generate): options, validation and run.
#pragma once

#include "data_file.hpp"
#include "sampler.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace ebm {

struct GenerateOptions {
    std::string data_case = "unconditional";  // unconditional | conditional
    std::int64_t n = 24;
    std::uint64_t seed = 1;
    HornShape shape;
    double x = 0.0;  // the fixed input of the unconditional case
    std::string out;
    std::string provenance;  // every option as name=value lines
};

// Parses and validates everything before any work; nullopt after --help/--version.
std::optional<GenerateOptions> parse_generate_options(int argc, const char* const argv[]);

// Samples the data and writes the data file atomically.
void run_generate(const GenerateOptions& options);

}  // namespace ebm

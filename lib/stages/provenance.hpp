// How an output was made, as root attributes of every file ebm writes: its
// inputs by file name and SHA-256, then the program, its version and every
// option (DESIGN.md: "Every output file records how it was made"). No
// machine path and no time, so that the same run gives the same bytes.
#pragma once

#include "h5_file.hpp"

#include <string>
#include <utility>
#include <vector>

namespace ebm {

// (role, path) of an input: role "data" writes data_file and data_sha256.
using ProvenanceInput = std::pair<std::string, std::string>;

// <role>_file and <role>_sha256 of each input given (an empty path is skipped).
void write_inputs(H5Writer& file, const std::vector<ProvenanceInput>& inputs);
// program, program_version, options.
void write_program(H5Writer& file, const std::string& program, const std::string& options);

}  // namespace ebm

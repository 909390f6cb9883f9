// How an output was made, as root attributes of every file ebm writes: its
// inputs by file name and SHA-256, then the program, its version and every
// option (DESIGN.md: "Every output file records how it was made"). No
// machine path and no time, so that the same run gives the same bytes.
//
// Computed (the inputs hashed) apart from written: a stage makes its
// Provenance with its result and its writer puts it into the file.
#pragma once

#include "h5_file.hpp"

#include <string>
#include <utility>
#include <vector>

namespace ebm {

struct Provenance {
    struct Input {
        std::string role;    // "data" is written as data_file and data_sha256
        std::string file;    // the file's name, without its folder
        std::string sha256;  // of its bytes
    };
    std::string program;  // "ebm-train", …
    std::vector<Input> inputs;
    std::string options;  // every option, as options_summary (cli.hpp) gives them
};

// Hashes each input given as (role, path); an empty path (an optional input
// not given) is left out.
Provenance make_provenance(const std::string& program, const std::vector<std::pair<std::string, std::string>>& inputs,
                           const std::string& options);

// <role>_file and <role>_sha256 of each input.
void write_inputs(H5Writer& file, const Provenance& provenance);
// program, program_version, options.
void write_program(H5Writer& file, const Provenance& provenance);

}  // namespace ebm

#include "provenance.hpp"

#include "cli.hpp"
#include "sha256.hpp"

namespace ebm {

void write_inputs(H5Writer& file, const std::vector<ProvenanceInput>& inputs) {
    for (const auto& [role, path] : inputs) {
        if (path.empty()) continue;
        file.set_attribute(role + "_file", file_name(path));
        file.set_attribute(role + "_sha256", sha256_of_file(path));
    }
}

void write_program(H5Writer& file, const std::string& program, const std::string& options) {
    file.set_attribute("program", program);
    file.set_attribute("program_version", std::string(EBM_VERSION));
    file.set_attribute("options", options);
}

}  // namespace ebm

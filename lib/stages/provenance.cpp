#include "provenance.hpp"

#include "cli.hpp"
#include "sha256.hpp"

namespace ebm {

Provenance make_provenance(const std::string& program, const std::vector<std::pair<std::string, std::string>>& inputs,
                           const std::string& options) {
    Provenance provenance{program, {}, options};
    for (const auto& [role, path] : inputs)
        if (!path.empty()) provenance.inputs.push_back({role, file_name(path), sha256_of_file(path)});
    return provenance;
}

void write_inputs(H5Writer& file, const Provenance& provenance) {
    for (const auto& input : provenance.inputs) {
        file.set_attribute(input.role + "_file", input.file);
        file.set_attribute(input.role + "_sha256", input.sha256);
    }
}

void write_program(H5Writer& file, const Provenance& provenance) {
    file.set_attribute("program", provenance.program);
    file.set_attribute("program_version", std::string(EBM_VERSION));
    file.set_attribute("options", provenance.options);
}

}  // namespace ebm

// libFuzzer target: a fuzzed file through every HDF5 reader of the pipeline
// (data files, model files, and ebm-plot's generic walk over datasets and
// attributes). A RunError is the expected answer to a bad file; anything else
// (a crash, a sanitizer report, another exception) is a finding.
#include "data_file.hpp"
#include "errors.hpp"
#include "fuzz_input.hpp"
#include "h5_file.hpp"
#include "model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = ebm_fuzz::write_input(data, size, ".h5");
    try {
        ebm::read_data_file(path);
    } catch (const ebm::RunError&) {
    }
    try {
        ebm::read_ellipse_params(path);
    } catch (const ebm::RunError&) {
    }
    try {
        const ebm::H5Reader file(path);
        for (const auto& name : file.attribute_names("/")) file.attribute("/", name);
        for (const auto& dataset : file.datasets()) {
            if (dataset.shape.size() == 1) file.read<1>(dataset.name);
            if (dataset.shape.size() == 2) file.read<2>(dataset.name);
        }
    } catch (const ebm::RunError&) {
    }
    return 0;
}

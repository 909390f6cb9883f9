// libFuzzer target: fuzzed text as the --config file of ebm-train and
// ebm-infer (lib/cli.hpp parse_options, through the stages' own validators).
// UsageError and RunError are the expected answers; anything else is a finding.
#include "errors.hpp"
#include "fuzz_input.hpp"
#include "infer_stage.hpp"
#include "train_stage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = ebm_fuzz::write_input(data, size, ".cfg");
    try {
        const char* argv[] = {"ebm-train", "--config", path.c_str(), "--data", "d.h5", "--out", "m.h5"};
        ebm::parse_train_options(7, argv);
    } catch (const ebm::UsageError&) {
    } catch (const ebm::RunError&) {
    }
    try {
        const char* argv[] = {"ebm-infer", "--config", path.c_str(), "--model", "m.h5", "--data", "d.h5", "--out", "i.h5"};
        ebm::parse_infer_options(9, argv);
    } catch (const ebm::UsageError&) {
    } catch (const ebm::RunError&) {
    }
    return 0;
}

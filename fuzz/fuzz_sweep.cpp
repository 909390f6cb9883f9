// libFuzzer target: fuzzed text through the sweep file reader (lib/stages/sweep_file.hpp, on lib/io/ini_file.hpp).
// UsageError and RunError are the expected
// answers to a bad sweep; anything else is a finding.
#include "errors.hpp"
#include "sweep_file.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        ebm::parse_sweep(text, "fuzz.cfg");
    } catch (const ebm::UsageError&) {
    } catch (const ebm::RunError&) {
    }
    return 0;
}

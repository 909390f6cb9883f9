// Shared by the fuzz targets: the fuzzed bytes as a file, since the readers
// and parsers under test take paths. One file per process, rewritten per input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

namespace ebm_fuzz {

inline std::string write_input(const std::uint8_t* data, std::size_t size, const char* suffix) {
    const char* folder = std::getenv("TMPDIR");
    const std::string path = std::string(folder ? folder : "/tmp") + "/ebm-fuzz-" + std::to_string(getpid()) + suffix;
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
    return path;
}

}  // namespace ebm_fuzz

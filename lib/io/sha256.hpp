// SHA-256 of a file (OpenSSL), recorded in every output for each input it read.
#pragma once

#include <string>

namespace ebm {

// Lower-case hex digest of the file's bytes; RunError naming the file if unreadable.
std::string sha256_of_file(const std::string& path);

}  // namespace ebm

// The two kinds of failure every executable distinguishes, by exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace ebm {

// A bad command line or configuration: exit 2. The message names the option
// and the values it allows.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Everything else that stops a run (unreadable file, wrong format, NaN in the
// data…): exit 1. The message names the file or the value at fault.
struct RunError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace ebm

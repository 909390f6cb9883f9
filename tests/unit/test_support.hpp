// Shared by unit tests that write files or check messages: a scratch folder
// removed at the end of a case, and the message an action fails with.
#pragma once

#include "errors.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace ebm_test {

// A folder of its own for a test case (in the system's temporary folder), removed at its end.
struct TempFolder {
    std::filesystem::path path;
    explicit TempFolder(const std::string& name) : path(std::filesystem::temp_directory_path() / ("ebm-test-" + name)) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempFolder() { std::filesystem::remove_all(path); }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    // Writes `text` to the file `name` in the folder; returns its path.
    std::string file(const std::string& name, const std::string& text) const {
        const auto full = (path / name).string();
        std::ofstream(full, std::ios::binary) << text;
        return full;
    }
};

// The message of the `Error` that `action` throws, or "" when it throws none,
// so that a test compares the whole message with the one it expects.
template <typename Error = ebm::UsageError, typename Action>
std::string error_of(Action action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "";
}

}  // namespace ebm_test

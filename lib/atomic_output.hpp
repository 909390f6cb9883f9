// Outputs appear whole or not at all.
//
// A stage writes to a temporary file in the folder of its output, then renames
// it over the output: rename(2) within one file system is atomic, so a reader,
// a killed job or a failed run never sees a partial file, and an earlier result
// at that path survives every failure before the rename.
#pragma once

#include <string>

namespace ebm {

class AtomicOutput {
public:
    // Checks that the folder of `final_path` exists and is writable (RunError
    // naming it otherwise) and picks a temporary path beside it.
    explicit AtomicOutput(std::string final_path);
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;
    // Removes the temporary file unless commit() succeeded.
    ~AtomicOutput();

    const std::string& temporary_path() const { return temporary_path_; }
    const std::string& final_path() const { return final_path_; }
    // fsyncs the temporary file and renames it over the final path.
    void commit();

private:
    std::string final_path_;
    std::string temporary_path_;
    bool committed_ = false;
};

}  // namespace ebm

// Progress of long work on a terminal: "ebm-infer: fine map 45%" redrawn in
// place on stderr, at most a few times a second. Silent when stderr is not a
// terminal (batch jobs, logs, tests), so logs stay clean.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace ebm {

class Progress {
public:
    Progress(std::string program, std::string what);
    // Call from the thread that owns the loop (it is not thread-safe).
    void update(std::size_t done, std::size_t total);
    void finish();
    bool enabled() const { return enabled_; }

private:
    std::string program_, what_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace ebm

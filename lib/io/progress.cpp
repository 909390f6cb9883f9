#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace ebm {

Progress::Progress(std::string program, std::string what)
    : program_(std::move(program)), what_(std::move(what)), enabled_(isatty(STDERR_FILENO) == 1) {}

void Progress::update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(200) && done < total) return;
    last_ = now;
    drawn_ = true;
    std::fprintf(stderr, "\r%s: %s %3zu%% (%zu/%zu)", program_.c_str(), what_.c_str(), done * 100 / total, done, total);
    std::fflush(stderr);
}

void Progress::finish() {
    if (enabled_ && drawn_) std::fprintf(stderr, "\n");
    drawn_ = false;
}

}  // namespace ebm

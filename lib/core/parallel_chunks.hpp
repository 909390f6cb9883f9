// Work cut into chunks that OpenMP's threads share: each chunk's work depends
// on its index alone, so the results do not depend on the threads.
#pragma once

#include <cstddef>
#include <exception>
#include <vector>

namespace ebm {

// About a millisecond of work, counted as the models count it (work_per_row:
// about one per latent energy): less is faster on one thread than a parallel
// region costs, above all on a busy machine. Whether to use threads for it.
inline constexpr double parallel_work = 2e6;
inline bool worth_threads(double work) { return work >= parallel_work; }

// Runs body(c) for chunks c = 0 … count−1, on OpenMP's threads (dynamic
// schedule) if `parallel` and there are two chunks or more, else in order on
// the calling thread; rethrows the first exception, by chunk order, on the
// calling thread. Each chunk's work must depend on c alone, so that the
// results do not depend on the threads. (Small work is better done on one
// thread: a parallel region costs microseconds, far more on a busy machine.)
// A template, so that a training step's small batch costs no std::function
// and no vector of exceptions.
template <typename Body>
void for_each_chunk(std::size_t count, const Body& body, bool parallel = true) {
    if (!parallel || count < 2) {
        for (std::size_t c = 0; c < count; ++c) body(c);
        return;
    }
    std::vector<std::exception_ptr> errors(count);
#pragma omp parallel for schedule(dynamic)
    for (std::size_t c = 0; c < count; ++c) {
        try {
            body(c);
        } catch (...) {
            errors[c] = std::current_exception();
        }
    }
    for (const auto& error : errors)
        if (error) std::rethrow_exception(error);
}

}  // namespace ebm

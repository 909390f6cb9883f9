// Tests of lib/core/parallel_chunks: every chunk runs once, on one thread or
// two, and the first error by chunk order reaches the caller.
#include "parallel_chunks.hpp"

#include <catch2/catch.hpp>
#include <omp.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace ebm;

TEST_CASE("every chunk runs once, in parallel or in order", "[parallel_chunks]") {
    const int threads_before = omp_get_max_threads();
    omp_set_num_threads(2);
    for (const bool parallel : {true, false}) {
        std::vector<int> runs(37, 0), threads(37, -1);
        for_each_chunk(runs.size(), [&](std::size_t c) { ++runs[c], threads[c] = omp_get_thread_num(); }, parallel);
        CHECK(runs == std::vector<int>(37, 1));
        if (!parallel) CHECK(threads == std::vector<int>(37, 0));
    }
    omp_set_num_threads(threads_before);
    std::vector<std::size_t> order;
    for_each_chunk(1, [&](std::size_t c) { order.push_back(c); });
    CHECK(order == std::vector<std::size_t>{0});
}

TEST_CASE("the first error by chunk order is rethrown on the calling thread", "[parallel_chunks]") {
    const int threads_before = omp_get_max_threads();
    omp_set_num_threads(2);
    for (const bool parallel : {true, false}) {
        std::vector<int> runs(20, 0);
        const auto body = [&](std::size_t c) {
            ++runs[c];
            if (c == 7 || c == 13) throw std::runtime_error("chunk " + std::to_string(c));
        };
        CHECK_THROWS_WITH(for_each_chunk(runs.size(), body, parallel), "chunk 7");
        // In parallel every chunk still runs; in order the loop stops at the first error.
        if (parallel) CHECK(runs == std::vector<int>(20, 1));
        else CHECK(runs[8] == 0);
    }
    omp_set_num_threads(threads_before);
}

// Deterministic random numbers whose stream is fixed by this file alone.
//
// The generator is xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
// The transforms to uniform and normal variates are written here rather than
// taken from <random>, whose distributions differ between standard libraries:
// the same (seed, stream) gives the same numbers with any compiler.
#pragma once

#include <cstdint>

namespace ebm {

class Rng {
public:
    // Independent streams for one seed: stream k of seed s is seeded by
    // SplitMix64 from a mix of (s, k), so tasks, samples or threads each get
    // their own reproducible stream whatever order they run in.
    explicit Rng(std::uint64_t seed, std::uint64_t stream = 0);

    std::uint64_t next_u64();
    // Uniform on [0, 1): the top 53 bits of next_u64() times 2^-53.
    double uniform();
    // Uniform on [lo, hi).
    double uniform(double lo, double hi);
    // Standard normal by the Box–Muller transform of two uniforms, with
    // u1 taken from (0, 1] so that log(u1) is finite. Both variates of a
    // pair are used, in order (cos branch first).
    double normal();
    double normal(double mean, double stddev);
    // Uniform integer on [0, n), by rejection (no modulo bias).
    std::uint64_t below(std::uint64_t n);

private:
    std::uint64_t state_[4];
    double spare_normal_ = 0.0;
    bool has_spare_normal_ = false;
};

// SplitMix64's finaliser: a bijective 64-bit mix, also used to derive seeds.
std::uint64_t splitmix64(std::uint64_t& state);
// The per-task seed of a sweep or stage: a mix of (base seed, task index).
std::uint64_t derive_seed(std::uint64_t base_seed, std::uint64_t task_index);

}  // namespace ebm

#include "rng.hpp"

#include <cmath>

namespace ebm {

namespace {
constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ULL;

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += golden_gamma);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::uint64_t derive_seed(std::uint64_t base_seed, std::uint64_t task_index) {
    // Two rounds so that neighbouring (seed, index) pairs land far apart.
    std::uint64_t state = base_seed;
    std::uint64_t mixed = splitmix64(state) ^ (task_index * 0xD1B54A32D192ED03ULL);
    return splitmix64(mixed);
}

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t state = derive_seed(seed, stream);
    for (auto& word : state_) word = splitmix64(state);
}

std::uint64_t Rng::next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double Rng::normal() {
    if (has_spare_normal_) {
        has_spare_normal_ = false;
        return spare_normal_;
    }
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * M_PI * u2;
    spare_normal_ = radius * std::sin(angle);
    has_spare_normal_ = true;
    return radius * std::cos(angle);
}

double Rng::normal(double mean, double stddev) { return mean + stddev * normal(); }

std::uint64_t Rng::below(std::uint64_t n) {
    // Reject the top partial copy of [0, n) in [0, 2^64).
    const std::uint64_t limit = -n % n;  // 2^64 mod n
    for (;;) {
        const std::uint64_t r = next_u64();
        if (r >= limit) return r % n;
    }
}

}  // namespace ebm

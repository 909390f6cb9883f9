// Deterministic minibatches; legend in minibatch.hpp.
#include "minibatch.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "rng.hpp"

namespace ebm {

void epoch_order(std::vector<std::size_t>& order, std::uint64_t seed, std::uint64_t epoch, std::size_t sample_count,
                 bool shuffle) {
    order.resize(sample_count);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (!shuffle) return;
    Rng rng(seed, epoch);
    // Durstenfeld's Fisher–Yates: position i takes one of the i + 1 indices
    // not yet placed, each equally likely, so all N! orders are equally likely.
    // (Drawing from i instead of i + 1 would give only the cyclic ones.)
    for (std::size_t i = sample_count; i-- > 1;) {
        const std::size_t j = static_cast<std::size_t>(rng.below(i + 1));
        std::swap(order[i], order[j]);
    }
}

std::vector<std::size_t> epoch_permutation(std::uint64_t seed, std::uint64_t epoch, std::size_t sample_count) {
    std::vector<std::size_t> order;  // (N)
    epoch_order(order, seed, epoch, sample_count, true);
    return order;
}

std::vector<std::vector<std::size_t>> epoch_batches(std::uint64_t seed, std::uint64_t epoch,
                                                    std::size_t sample_count, std::size_t batch_size) {
    return epoch_batches(seed, epoch, sample_count, batch_size, true);
}

std::vector<std::vector<std::size_t>> epoch_batches(std::uint64_t seed, std::uint64_t epoch,
                                                    std::size_t sample_count, std::size_t batch_size, bool shuffle) {
    if (batch_size == 0) {
        throw std::invalid_argument("batch size = 0 is out of range: it must be >= 1");
    }
    std::vector<std::size_t> order;  // (N)
    epoch_order(order, seed, epoch, sample_count, shuffle);
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t first = 0; first < sample_count; first += batch_size) {
        const std::size_t last = std::min(sample_count, first + batch_size);
        batches.emplace_back(order.begin() + first, order.begin() + last);
    }
    return batches;
}

}  // namespace ebm

// Tests of lib/minibatch: permutations, batch sizes, reproducibility, and
// that every order is equally likely.
//
// Legend: N samples, B batch size.
#include "minibatch.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <vector>

using namespace ebm;

TEST_CASE("an epoch's batches hold each sample exactly once", "[minibatch]") {
    for (std::size_t batch_size : {1, 5, 8, 24, 100}) {
        INFO("B = " << batch_size);
        const auto batches = epoch_batches(7, 3, 24, batch_size);
        std::vector<std::size_t> visited;
        for (const auto& batch : batches) visited.insert(visited.end(), batch.begin(), batch.end());
        std::sort(visited.begin(), visited.end());
        std::vector<std::size_t> all(24);
        std::iota(all.begin(), all.end(), std::size_t{0});
        CHECK(visited == all);
        // ⌈24/B⌉ batches, all full but the last.
        CHECK(batches.size() == (24 + batch_size - 1) / batch_size);
        for (std::size_t b = 0; b + 1 < batches.size(); ++b) CHECK(batches[b].size() == batch_size);
    }
    const auto batches = epoch_batches(7, 3, 24, 5);
    CHECK(batches.back().size() == 4);  // 24 = 4·5 + 4
    CHECK(epoch_batches(7, 3, 0, 5).empty());
    CHECK_THROWS_AS(epoch_batches(7, 3, 24, 0), std::invalid_argument);
}

TEST_CASE("same seed and epoch give the same batches; another epoch or seed another order", "[minibatch]") {
    CHECK(epoch_batches(11, 4, 24, 6) == epoch_batches(11, 4, 24, 6));
    CHECK(epoch_permutation(11, 4, 24) != epoch_permutation(11, 5, 24));
    CHECK(epoch_permutation(11, 4, 24) != epoch_permutation(12, 4, 24));
    // The batches are the permutation cut in order.
    const auto order = epoch_permutation(11, 4, 24);
    const auto batches = epoch_batches(11, 4, 24, 6);
    CHECK(std::vector<std::size_t>(order.begin() + 6, order.begin() + 12) == batches[1]);
    // And the order is really shuffled, not the identity.
    std::vector<std::size_t> identity(24);
    std::iota(identity.begin(), identity.end(), std::size_t{0});
    CHECK(order != identity);
}

TEST_CASE("all orders of 3 samples are equally likely over epochs", "[minibatch]") {
    // 6 orders, 60000 epochs: 10000 expected each. Chi-square with 5 degrees
    // of freedom: P(chi2 > 20.52) = 0.001. A Sattolo-style off-by-one would
    // give only the 2 cyclic orders, a biased swap uneven counts.
    std::map<std::vector<std::size_t>, int> counts;
    const int epochs = 60000;
    for (int epoch = 0; epoch < epochs; ++epoch) ++counts[epoch_permutation(2024, epoch, 3)];
    REQUIRE(counts.size() == 6);
    double chi2 = 0;
    for (const auto& [order, count] : counts) chi2 += (count - 10000.0) * (count - 10000.0) / 10000.0;
    CHECK(chi2 < 20.52);
}

TEST_CASE("without shuffling an epoch visits the samples in order, in batches", "[minibatch]") {
    const auto batches = ebm::epoch_batches(3, 4, 7, 3, false);
    REQUIRE(batches.size() == 3);
    CHECK(batches[0] == std::vector<std::size_t>{0, 1, 2});
    CHECK(batches[1] == std::vector<std::size_t>{3, 4, 5});
    CHECK(batches[2] == std::vector<std::size_t>{6});
    CHECK(ebm::epoch_batches(3, 4, 7, 3, true) == ebm::epoch_batches(3, 4, 7, 3));
}

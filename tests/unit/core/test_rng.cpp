#include "rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using ebm::Rng;

TEST_CASE("xoshiro256** matches the reference output for a hand-set state", "[rng]") {
    // SplitMix64 from state 0 gives the published first value 0xE220A8397B1DCDAF.
    std::uint64_t state = 0;
    CHECK(ebm::splitmix64(state) == 0xE220A8397B1DCDAFULL);
    CHECK(ebm::splitmix64(state) == 0x6E789E6AA1B965F4ULL);
}

TEST_CASE("same seed and stream give the same numbers; others differ", "[rng]") {
    Rng a(42, 3), b(42, 3), c(42, 4), d(43, 3);
    for (int i = 0; i < 100; ++i) {
        const auto va = a.next_u64();
        CHECK(va == b.next_u64());
        CHECK(va != c.next_u64());
        CHECK(va != d.next_u64());
    }
}

TEST_CASE("uniform variates have the moments of U(0,1)", "[rng]") {
    Rng rng(7);
    const int n = 200000;
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        sum += u;
        sum2 += u * u;
        lo = std::min(lo, u);
        hi = std::max(hi, u);
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    // Standard errors: sqrt(1/12/n) = 6.5e-4 for the mean.
    CHECK(std::abs(mean - 0.5) < 4 * 6.5e-4);
    CHECK(std::abs(var - 1.0 / 12) < 1e-3);
    CHECK(lo >= 0.0);
    CHECK(hi < 1.0);
}

TEST_CASE("normal variates have mean 0, variance 1 and Gaussian tails", "[rng]") {
    Rng rng(11);
    const int n = 200000;
    double sum = 0, sum2 = 0, sum4 = 0;
    int beyond_two_sigma = 0;
    for (int i = 0; i < n; ++i) {
        const double x = rng.normal();
        sum += x;
        sum2 += x * x;
        sum4 += x * x * x * x;
        beyond_two_sigma += std::abs(x) > 2.0;
    }
    CHECK(std::abs(sum / n) < 4 * std::sqrt(1.0 / n));
    CHECK(std::abs(sum2 / n - 1.0) < 4 * std::sqrt(2.0 / n));
    CHECK(std::abs(sum4 / n - 3.0) < 4 * std::sqrt(96.0 / n));
    // P(|X| > 2) = 0.0455; binomial standard error sqrt(p(1-p)/n) = 4.7e-4.
    CHECK(std::abs(double(beyond_two_sigma) / n - 0.0455) < 4 * 4.7e-4);
}

TEST_CASE("below(n) is uniform over [0, n)", "[rng]") {
    Rng rng(5);
    const int n = 7, draws = 70000;
    std::vector<int> counts(n, 0);
    for (int i = 0; i < draws; ++i) {
        const auto k = rng.below(n);
        REQUIRE(k < std::uint64_t(n));
        ++counts[k];
    }
    // Chi-square with 6 degrees of freedom: P(chi2 > 22.46) = 0.001.
    double chi2 = 0;
    for (int c : counts) chi2 += (c - 10000.0) * (c - 10000.0) / 10000.0;
    CHECK(chi2 < 22.46);
}

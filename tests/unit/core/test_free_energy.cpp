// Tests of lib/core/free_energy: hand values, the β → 0 and β → ∞ limits
// against independent expansions, stability over β ∈ [1e-12, 1e12].
//
// Legend: Z latents; E_k energies over the latents; β inverse temperature.
#include "free_energy.hpp"
#include "numerical_checks.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

using ebm_test::central_difference;
using ebm_test::relative_error;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// β log-spaced from 1e-12 to 1e12, `per_decade` values per decade.
std::vector<double> beta_sweep(int per_decade) {
    std::vector<double> betas;
    for (int i = -12 * per_decade; i <= 12 * per_decade; ++i) {
        betas.push_back(std::pow(10.0, double(i) / per_decade));
    }
    return betas;
}

// The lecture's energies of one point over a grid of Z angles, written out
// here: E(y, z_k) = (y1 − w1 cos z_k)² + (y2 − w2 sin z_k)², z_k = 2πk/Z.
struct Ellipse {
    double w1, w2;
};
using Vec2 = std::array<double, 2>;
xt::xtensor<double, 1> ellipse_energies(const Ellipse& w, const Vec2& y, std::size_t z_count) {
    xt::xtensor<double, 1> energies = xt::empty<double>({z_count});  // (Z)
    for (std::size_t k = 0; k < z_count; ++k) {
        const double z = 2 * M_PI * double(k) / double(z_count);
        const double d1 = y[0] - w.w1 * std::cos(z), d2 = y[1] - w.w2 * std::sin(z);
        energies(k) = d1 * d1 + d2 * d2;
    }
    return energies;
}

// Central moments κ1 (mean), κ2 (variance), κ3 of the energies, for the cumulant
// expansion  F_β = κ1 − β κ2 / 2 + β² κ3 / 6 − O(β³).
struct Cumulants {
    double mean, variance, third;
};
Cumulants cumulants(const xt::xtensor<double, 1>& energies) {
    const double n = double(energies.size());
    double mean = 0;
    for (double e : energies) mean += e;
    mean /= n;
    double variance = 0, third = 0;
    for (double e : energies) {
        variance += (e - mean) * (e - mean);
        third += (e - mean) * (e - mean) * (e - mean);
    }
    return {mean, variance / n, third / n};
}

}  // namespace

TEST_CASE("reductions of energies equal hand calculations", "[free_energy]") {
    const xt::xtensor<double, 1> energies = {0.0, 1.0, 2.0};  // (Z=3)
    CHECK(ebm::min_energy(energies) == 0.0);
    CHECK(ebm::mean_energy(energies) == 1.0);
    CHECK(ebm::argmin_energy(energies) == 0);
    // −log((1 + e⁻¹ + e⁻²)/3) and log((1 + e + e²)/3), computed in Python.
    CHECK(ebm::softmin(energies, 1.0) == Approx(0.6910063242237293).epsilon(1e-14));
    CHECK(ebm::softmax(energies, 1.0) == Approx(1.3089936757762706).epsilon(1e-14));
    CHECK(ebm::softmin(energies, 0.5) == Approx(0.8366852360527501).epsilon(1e-14));
    CHECK(ebm::softmin(energies, ebm::zero_temperature_beta) == 0.0);
    CHECK(ebm::softmax(energies, ebm::zero_temperature_beta) == 2.0);

    const auto weights = ebm::softargmin(energies, 1.0);  // (3)
    CHECK(weights(0) == Approx(0.6652409557748218).epsilon(1e-14));
    CHECK(weights(1) == Approx(0.24472847105479764).epsilon(1e-14));
    CHECK(weights(2) == Approx(0.09003057317038046).epsilon(1e-14));

    // Ties: the first minimiser is ž; at β = ∞ the weights are one-hot there.
    const xt::xtensor<double, 1> tied = {3.0, 1.0, 2.0, 1.0};
    CHECK(ebm::argmin_energy(tied) == 1);
    const auto cold = ebm::softargmin(tied, inf);
    CHECK(cold(0) == 0.0);
    CHECK(cold(1) == 1.0);
    CHECK(cold(3) == 0.0);

    // Equal energies: every β gives that energy, and uniform weights.
    const xt::xtensor<double, 1> flat = {4.0, 4.0, 4.0, 4.0};
    for (double beta : {1e-12, 1.0, 1e12}) {
        CHECK(ebm::softmin(flat, beta) == 4.0);
        CHECK(ebm::softargmin(flat, beta)(2) == 0.25);
    }
}

TEST_CASE("invalid β and empty energies are rejected, naming the value", "[free_energy]") {
    const xt::xtensor<double, 1> energies = {0.0, 1.0};
    for (double beta : {0.0, -1.0, -inf, std::numeric_limits<double>::quiet_NaN()}) {
        CHECK_THROWS_AS(ebm::softmin(energies, beta), std::invalid_argument);
        CHECK_THROWS_AS(ebm::softmax(energies, beta), std::invalid_argument);
        CHECK_THROWS_AS(ebm::softargmin(energies, beta), std::invalid_argument);
    }
    CHECK_THROWS_WITH(ebm::check_beta(-2.5), Catch::Contains("-2.5"));
    CHECK_THROWS_WITH(ebm::check_beta(std::nan("")), Catch::Contains("nan"));
    CHECK_NOTHROW(ebm::check_beta(1e-300));
    CHECK_NOTHROW(ebm::check_beta(inf));

    const xt::xtensor<double, 1> empty = xt::empty<double>({0});
    CHECK_THROWS_AS(ebm::min_energy(empty), std::invalid_argument);
    CHECK_THROWS_AS(ebm::mean_energy(empty), std::invalid_argument);
    CHECK_THROWS_AS(ebm::softmin(empty, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(ebm::softargmin(empty, 1.0), std::invalid_argument);
}

TEST_CASE("F_β tends to F∞ as β → ∞ and to ⟨E⟩ as β → 0", "[free_energy]") {
    ebm::Rng rng(17);
    const Ellipse untrained{1.5, 0.35};
    for (int trial = 0; trial < 50; ++trial) {
        const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
        const auto energies = ellipse_energies(untrained, y, 48);  // (Z)
        const double lowest = ebm::min_energy(energies);
        const double average = ebm::mean_energy(energies);
        INFO("y = (" << y[0] << ", " << y[1] << ")");
        CHECK(std::abs(ebm::softmin(energies, 1e6) - lowest) < 1e-5);
        CHECK(std::abs(ebm::softmin(energies, 1e-8) - average) < 1e-6);

        // Independent references for the two regimes:
        //  small β, the cumulant expansion κ1 − βκ2/2 + β²κ3/6 (next term O(β³));
        //  large β with the minimum alone, min + log(Z)/β (others weigh < e^{−β·gap}).
        const auto moments = cumulants(energies);
        for (double beta : {1e-12, 1e-8, 1e-6}) {
            const double expansion = moments.mean - beta * moments.variance / 2 +
                                     beta * beta * moments.third / 6;
            CHECK(std::abs(ebm::softmin(energies, beta) - expansion) < 1e-13 * moments.mean + 1e-15);
        }
        auto sorted = energies;
        std::sort(sorted.begin(), sorted.end());
        const double gap = sorted(1) - sorted(0);
        const double beta_cold = 800.0 / std::max(gap, 1e-300);
        if (gap > 1e-6) {
            CHECK(ebm::softmin(energies, beta_cold) ==
                  Approx(lowest + std::log(48.0) / beta_cold).epsilon(1e-14));
        }
    }
}

TEST_CASE("F_β is non-increasing in β, between min and mean", "[free_energy]") {
    // F_β = −1/β log mean exp(−βE) is a power mean of exp(−E) with exponent β:
    // it falls from ⟨E⟩ to min as β grows (the lecture's warm → cold).
    ebm::Rng rng(23);
    const auto betas = beta_sweep(8);
    for (int trial = 0; trial < 20; ++trial) {
        const Ellipse w{rng.uniform(0.2, 3), rng.uniform(0.2, 3)};
        const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
        const auto energies = ellipse_energies(w, y, 48);  // (Z)
        const double lowest = ebm::min_energy(energies), average = ebm::mean_energy(energies);
        const double rounding = 1e-14 * average;
        double previous = average;
        for (double beta : betas) {
            const double f = ebm::softmin(energies, beta);
            INFO("beta = " << beta << ", F = " << f << ", previous F = " << previous);
            CHECK(f <= previous + rounding);
            CHECK(f >= lowest - rounding);
            CHECK(f <= average + rounding);
            previous = f;
        }
        CHECK(ebm::softmin(energies, inf) <= previous);
    }
}

TEST_CASE("no overflow or NaN for β in [1e-12, 1e12] and energies up to 1e6", "[free_energy]") {
    ebm::Rng rng(31);
    xt::xtensor<double, 1> huge = xt::empty<double>({4096});  // (Z)
    for (auto& e : huge) e = rng.uniform(0, 1e6);
    huge(100) = 0.0;
    huge(200) = 1e6;
    const xt::xtensor<double, 1> two_levels = {1e6, 0.0, 1e6, 1e6};
    for (double beta : beta_sweep(2)) {
        for (const auto* energies : std::vector<const xt::xtensor<double, 1>*>{&huge, &two_levels}) {
            const double fmin = ebm::softmin(*energies, beta);
            const double fmax = ebm::softmax(*energies, beta);
            INFO("beta = " << beta);
            CHECK(std::isfinite(fmin));
            CHECK(std::isfinite(fmax));
            CHECK(fmin >= 0.0);
            CHECK(fmin <= fmax);
            CHECK(fmax <= 1e6);
            const auto weights = ebm::softargmin(*energies, beta);
            double sum = 0;
            for (double p : weights) {
                CHECK(std::isfinite(p));
                sum += p;
            }
            CHECK(sum == Approx(1.0).epsilon(1e-12));
        }
    }
    // Two levels: the closed form −1/β log((1 + 3e^{−β·1e6})/4) checks the expm1 branch.
    for (double beta : {1e-12, 1e-9, 1e-7}) {
        const double expected = -std::log1p(3.0 * std::expm1(-beta * 1e6) / 4.0) / beta;
        CHECK(ebm::softmin(two_levels, beta) == Approx(expected).epsilon(1e-13));
    }
}

TEST_CASE("softmax_β is −softmin_β of −E and tends to the max", "[free_energy]") {
    ebm::Rng rng(41);
    xt::xtensor<double, 1> energies = xt::empty<double>({48});  // (Z)
    for (auto& e : energies) e = rng.uniform(0, 12);
    const xt::xtensor<double, 1> negated = -energies;
    for (double beta : {1e-9, 0.1, 1.0, 10.0, 1e9, inf}) {
        CHECK(ebm::softmax(energies, beta) == -ebm::softmin(negated, beta));
    }
    CHECK(std::abs(ebm::softmax(energies, 1e6) - *std::max_element(energies.begin(), energies.end())) < 1e-5);
    CHECK(std::abs(ebm::softmax(energies, 1e-8) - ebm::mean_energy(energies)) < 1e-6);
}

TEST_CASE("softmin_with_weights is softmin and softargmin at once, bit for bit", "[free_energy]") {
    // Both branches of softmin (warm: expm1, log1p; cold: exp, log) and β = +∞.
    ebm::Rng rng(5);
    for (int trial = 0; trial < 20; ++trial) {
        const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
        const auto energies = ellipse_energies({1.5, 0.35}, y, 48);  // (Z)
        for (double beta : beta_sweep(1)) {
            INFO("β = " << beta << ", y = (" << y[0] << ", " << y[1] << ")");
            std::vector<double> weights(48, -1.0);  // (Z)
            const double f = ebm::softmin_with_weights(weights.data(), energies.data(), 48, beta);
            CHECK(f == ebm::softmin(energies, beta));
            const auto expected = ebm::softargmin(energies, beta);
            CHECK(std::equal(weights.begin(), weights.end(), expected.begin()));
        }
        std::vector<double> weights(48);  // (Z)
        CHECK(ebm::softmin_with_weights(weights.data(), energies.data(), 48, inf) == ebm::min_energy(energies));
        CHECK(weights[ebm::argmin_energy(energies)] == 1.0);
    }
}

#include "sampler.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace ebm;

namespace {
// Kolmogorov–Smirnov distance of `values` from U(lo, hi).
double ks_uniform(std::vector<double> values, double lo, double hi) {
    std::sort(values.begin(), values.end());
    const double n = double(values.size());
    double distance = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double cdf = (values[i] - lo) / (hi - lo);
        distance = std::max({distance, std::abs((i + 1) / n - cdf), std::abs(i / n - cdf)});
    }
    return distance;
}
// Critical value of the KS statistic at significance 0.001: 1.95 / sqrt(n).
double ks_critical(std::size_t n) { return 1.95 / std::sqrt(double(n)); }
}  // namespace

TEST_CASE("horn radii match SPEC §1 by hand", "[sampler]") {
    const HornShape lecture;
    const auto at0 = horn_radii(lecture, 0.0);
    CHECK(at0[0] == Approx(2.0).epsilon(1e-15));
    CHECK(at0[1] == Approx(1.5).epsilon(1e-15));
    // x = 0.5: both components (1.5 + 2)/2 · e = 1.75 e
    const auto half = horn_radii(lecture, 0.5);
    CHECK(half[0] == Approx(1.75 * 2.718281828459045).epsilon(1e-14));
    CHECK(half[1] == Approx(1.75 * 2.718281828459045).epsilon(1e-14));
    // x = 1: (1.5 e², 2 e²) ≈ (11.08, 14.78)
    const auto one = horn_radii(lecture, 1.0);
    CHECK(one[0] == Approx(11.083584148).epsilon(1e-9));
    CHECK(one[1] == Approx(14.778112198).epsilon(1e-9));
}

TEST_CASE("unconditional samples: least squares recovers the semi-axes, residuals the noise", "[sampler]") {
    const std::size_t n = 100000;
    const HornShape lecture;
    const Samples samples = sample_horn(lecture, n, 123, 0.0);
    // Fit y1 = a cos θ and y2 = b sin θ through the origin: a = Σ y1 c / Σ c².
    double yc = 0, cc = 0, ys = 0, ss = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double c = std::cos(samples.theta(i)), s = std::sin(samples.theta(i));
        yc += samples.y(i, 0) * c, cc += c * c, ys += samples.y(i, 1) * s, ss += s * s;
        REQUIRE(samples.x(i) == 0.0);
    }
    const double a = yc / cc, b = ys / ss;
    CHECK(std::abs(a - 2.0) < 0.01 * 2.0);
    CHECK(std::abs(b - 1.5) < 0.01 * 1.5);
    double r1 = 0, r2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        r1 += std::pow(samples.y(i, 0) - a * std::cos(samples.theta(i)), 2);
        r2 += std::pow(samples.y(i, 1) - b * std::sin(samples.theta(i)), 2);
    }
    CHECK(std::abs(std::sqrt(r1 / n) - 0.05) < 0.02 * 0.05);
    CHECK(std::abs(std::sqrt(r2 / n) - 0.05) < 0.02 * 0.05);
    CHECK(ks_uniform({samples.theta.begin(), samples.theta.end()}, 0, 2 * M_PI) < ks_critical(n));
}

TEST_CASE("conditional samples: x uniform on [0,1), y follows ρ(x)", "[sampler]") {
    const std::size_t n = 100000;
    const HornShape lecture;
    const Samples samples = sample_horn(lecture, n, 9, std::nullopt);
    CHECK(ks_uniform({samples.x.begin(), samples.x.end()}, 0, 1) < ks_critical(n));
    CHECK(ks_uniform({samples.theta.begin(), samples.theta.end()}, 0, 2 * M_PI) < ks_critical(n));
    // Residuals against the noiseless horn are the noise alone.
    double r1 = 0, r2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto radii = horn_radii(lecture, samples.x(i));
        r1 += std::pow(samples.y(i, 0) - radii[0] * std::cos(samples.theta(i)), 2);
        r2 += std::pow(samples.y(i, 1) - radii[1] * std::sin(samples.theta(i)), 2);
    }
    CHECK(std::abs(std::sqrt(r1 / n) - 0.05) < 0.02 * 0.05);
    CHECK(std::abs(std::sqrt(r2 / n) - 0.05) < 0.02 * 0.05);
}

TEST_CASE("samples are reproducible, prefix-stable, and differ between seeds", "[sampler]") {
    const HornShape lecture;
    const Samples a = sample_horn(lecture, 24, 1, 0.0);
    const Samples b = sample_horn(lecture, 100, 1, 0.0);
    const Samples c = sample_horn(lecture, 24, 2, 0.0);
    for (std::size_t i = 0; i < 24; ++i) {
        CHECK(a.y(i, 0) == b.y(i, 0));
        CHECK(a.theta(i) == b.theta(i));
        CHECK(a.y(i, 0) != c.y(i, 0));
    }
}

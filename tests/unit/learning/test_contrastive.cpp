// Tests of lib/contrastive: most-offending against the naive loop, the random
// strategies' reproducibility and statistics, names and validation.
//
// Legend: y training sample, ŷ contrastive sample, K per y, N1 × N2 grid,
// ε exclusion radius, σ Gaussian spread, n number of draws in a statistic.
#include "contrastive.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

using namespace ebm;
using Catch::Matchers::Contains;
using Point = std::array<double, 2>;

namespace {

// Squared distance to the circle of radius 1.5 about the origin: symmetric,
// so equal free energies (ties) occur on the grid.
double circle_free_energy(double y1, double y2) {
    const double distance = std::hypot(y1, y2) - 1.5;
    return distance * distance;
}

// A shifted ellipse with a tilt: no symmetry, no ties.
double tilted_ellipse_free_energy(double y1, double y2) {
    const double distance = std::hypot((y1 - 0.3) / 2.0, y2 / 1.5) - 1.0;
    return distance * distance + 0.05 * y2;
}

// The naive most-offending: every grid point strictly farther than ε from y,
// sorted by (F, flat index j·N1 + i), the first K kept.
std::vector<Point> naive_most_offending(const ContrastiveGrid& grid, const FreeEnergyFunction& free_energy,
                                       const Point& sample, double exclusion_radius, std::size_t count) {
    std::vector<std::pair<double, std::size_t>> outside;
    for (std::size_t j = 0; j < grid.y2.size(); ++j) {
        for (std::size_t i = 0; i < grid.y1.size(); ++i) {
            if (std::hypot(grid.y1[i] - sample[0], grid.y2[j] - sample[1]) > exclusion_radius) {
                outside.emplace_back(free_energy(grid.y1[i], grid.y2[j]), j * grid.y1.size() + i);
            }
        }
    }
    std::sort(outside.begin(), outside.end());
    std::vector<Point> result;
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t flat = outside.at(k).second;
        result.push_back({grid.y1[flat % grid.y1.size()], grid.y2[flat / grid.y1.size()]});
    }
    return result;
}

struct Moments {
    double mean1 = 0, mean2 = 0, variance1 = 0, variance2 = 0, correlation = 0;
};

Moments moments_of(const std::vector<Point>& points) {
    Moments m;
    const double n = static_cast<double>(points.size());
    for (const auto& p : points) {
        m.mean1 += p[0] / n;
        m.mean2 += p[1] / n;
    }
    double covariance = 0;
    for (const auto& p : points) {
        m.variance1 += (p[0] - m.mean1) * (p[0] - m.mean1) / n;
        m.variance2 += (p[1] - m.mean2) * (p[1] - m.mean2) / n;
        covariance += (p[0] - m.mean1) * (p[1] - m.mean2) / n;
    }
    m.correlation = covariance / std::sqrt(m.variance1 * m.variance2);
    return m;
}

// n = 200 steps × 100 samples × K = 2: every stream (step, sample) used.
std::vector<Point> draw_many(const ContrastiveParams& params, const Point& sample) {
    std::vector<Point> points;
    for (std::uint64_t step = 0; step < 200; ++step) {
        for (std::uint64_t index = 0; index < 100; ++index) {
            for (const auto& p : pick_contrastive(params, nullptr, sample, step, index)) points.push_back(p);
        }
    }
    return points;
}

}  // namespace

TEST_CASE("the default grid is the lecture window at step 0.1, ends exact", "[contrastive]") {
    const ContrastiveGrid grid = most_offending_grid(ContrastiveParams{});
    REQUIRE(grid.y1.size() == 61);
    REQUIRE(grid.y2.size() == 41);
    CHECK(grid.y1.front() == -3.0);
    CHECK(grid.y1.back() == 3.0);
    CHECK(grid.y1[30] == 0.0);
    CHECK(grid.y2.front() == -2.0);
    CHECK(grid.y2.back() == 2.0);
    CHECK(grid.y2[20] == 0.0);
    for (std::size_t i = 1; i < grid.y1.size(); ++i) CHECK(grid.y1[i] - grid.y1[i - 1] == Approx(0.1));
}

TEST_CASE("most-offending returns the naive loop's grid minimiser outside the eps-ball", "[contrastive]") {
    ContrastiveParams params;
    params.kind = ContrastiveKind::most_offending;
    const ContrastiveGrid grid = most_offending_grid(params);
    const std::vector<Point> samples = {{1.5, 0.0}, {1.43, 0.37}, {-0.61, 1.22}, {0.05, -0.02}, {2.9, 1.9}};
    const std::vector<std::pair<const char*, FreeEnergyFunction>> free_energies = {
        {"circle", circle_free_energy},
        {"tilted ellipse", tilted_ellipse_free_energy},
        // Lowest exactly at the grid point y = (1.5, 0): with ε = 0 the strict
        // "farther than ε" must still exclude y itself.
        {"bowl at (1.5, 0)", [](double y1, double y2) { return std::hypot(y1 - 1.5, y2); }}};

    for (const auto& [label, free_energy] : free_energies) {
        xt::xtensor<double, 2> free_energy_map({grid.y2.size(), grid.y1.size()});  // (N2, N1)
        for (std::size_t j = 0; j < grid.y2.size(); ++j) {
            for (std::size_t i = 0; i < grid.y1.size(); ++i) free_energy_map(j, i) = free_energy(grid.y1[i], grid.y2[j]);
        }
        for (const auto& sample : samples) {
            // Radii off every grid distance from the grid-aligned sample
            // (multiples of 0.1·sqrt(integer)), where the naive hypot and the
            // squared comparison could round differently; ε = 0 is exact.
            for (double radius : {0.0, 0.35, 0.55, 1.05}) {
                for (std::size_t count : {1, 3}) {
                    INFO(label << ", y = (" << sample[0] << ", " << sample[1] << "), eps = " << radius
                               << ", K = " << count);
                    params.exclusion_radius = radius;
                    params.count = count;
                    const auto expected = naive_most_offending(grid, free_energy, sample, radius, count);
                    CHECK(pick_contrastive(params, free_energy, sample, 0, 0) == expected);
                    CHECK(most_offending_samples(grid, free_energy_map, sample, radius, count) == expected);
                    for (const auto& offending : expected) {
                        CHECK(std::hypot(offending[0] - sample[0], offending[1] - sample[1]) > radius);
                    }
                }
            }
        }
    }
}

TEST_CASE("most-offending for a point on the circle lies on the circle, outside the ball", "[contrastive]") {
    ContrastiveParams params;
    params.exclusion_radius = 0.5;
    const Point sample = {1.5, 0.0};
    const Point offending = pick_contrastive(params, circle_free_energy, sample, 0, 0).at(0);
    CHECK(std::hypot(offending[0] - sample[0], offending[1] - sample[1]) > 0.5);
    // Grid points lie within half a diagonal step (0.071) of the circle.
    CHECK(circle_free_energy(offending[0], offending[1]) < 0.071 * 0.071);
    // The exact zeros of F on the grid, (0, ±1.5) and (±1.5, 0), tie; the
    // lowest flat index, (0, −1.5), wins once the ball no longer hides it.
    params.exclusion_radius = 0.0;
    CHECK(pick_contrastive(params, circle_free_energy, {1.51, 0.01}, 0, 0).at(0) == Point{0.0, -1.5});
    // ε = 0 hides nothing but y itself: F lowest at the grid point next to y
    // returns that point; F lowest at y itself returns a neighbour.
    const auto bowl = [](double y1, double y2) { return std::hypot(y1 - 1.5, y2); };
    CHECK(pick_contrastive(params, bowl, {1.51, 0.01}, 0, 0).at(0) == Point{1.5, 0.0});
    const Point neighbour = pick_contrastive(params, bowl, {1.5, 0.0}, 0, 0).at(0);
    CHECK(std::hypot(neighbour[0] - 1.5, neighbour[1]) == Approx(0.1));
}

TEST_CASE("most-offending reports an eps-ball that leaves too few grid points", "[contrastive]") {
    ContrastiveParams params;
    params.exclusion_radius = 10.0;  // the window's diagonal is 7.2
    CHECK_THROWS_WITH(pick_contrastive(params, circle_free_energy, {0.0, 0.0}, 0, 0),
                      Contains("exclusion_radius") && Contains("only 0 grid points"));
    const ContrastiveGrid grid = most_offending_grid(params);
    xt::xtensor<double, 2> transposed({grid.y1.size(), grid.y2.size()});  // (N1, N2): wrong
    CHECK_THROWS_AS(most_offending_samples(grid, transposed, {0.0, 0.0}, 0.5, 1), std::invalid_argument);
}

TEST_CASE("random strategies are reproducible per (seed, step, sample index)", "[contrastive]") {
    for (ContrastiveKind kind : {ContrastiveKind::random_uniform, ContrastiveKind::random_gaussian}) {
        INFO(contrastive_name(kind));
        ContrastiveParams params;
        params.kind = kind;
        params.count = 3;
        params.seed = 99;
        int free_energy_calls = 0;
        const FreeEnergyFunction counting = [&](double, double) { return double(++free_energy_calls); };
        const Point sample = {1.0, 0.5};
        const auto reference = pick_contrastive(params, counting, sample, 7, 4);
        CHECK(reference.size() == 3);
        CHECK(pick_contrastive(params, counting, sample, 7, 4) == reference);
        CHECK(pick_contrastive(params, counting, sample, 7, 5) != reference);
        CHECK(pick_contrastive(params, counting, sample, 8, 4) != reference);
        CHECK(reference[0] != reference[1]);
        params.seed = 100;
        CHECK(pick_contrastive(params, counting, sample, 7, 4) != reference);
        // Blind to the energy: F is never evaluated.
        CHECK(free_energy_calls == 0);
    }
}

TEST_CASE("random-uniform fills its box with the moments of a uniform law", "[contrastive]") {
    ContrastiveParams params;
    params.kind = ContrastiveKind::random_uniform;
    params.count = 2;
    params.uniform_box = YWindow{-1.0, 3.0, 0.5, 1.5};  // widths 4 and 1
    params.seed = 5;
    const auto points = draw_many(params, {0.0, 0.0});
    const double n = static_cast<double>(points.size());
    REQUIRE(n == 40000);
    const auto outside_box = std::count_if(points.begin(), points.end(), [](const Point& p) {
        return !(p[0] >= -1.0 && p[0] < 3.0 && p[1] >= 0.5 && p[1] < 1.5);
    });
    CHECK(outside_box == 0);
    // U(a, b) of width w = b − a: mean (a + b)/2, variance σ² = w²/12, fourth
    // central moment μ4 = w⁴/80; the sample variance has standard error
    // sqrt((μ4 − σ⁴)/n).
    const Moments m = moments_of(points);
    auto variance_standard_error = [n](double width) {
        const double w4 = std::pow(width, 4);
        return std::sqrt((w4 / 80 - w4 / 144) / n);
    };
    CHECK(std::abs(m.mean1 - 1.0) < 4 * (4.0 / std::sqrt(12.0)) / std::sqrt(n));
    CHECK(std::abs(m.mean2 - 1.0) < 4 * (1.0 / std::sqrt(12.0)) / std::sqrt(n));
    CHECK(std::abs(m.variance1 - 16.0 / 12) < 4 * variance_standard_error(4.0));
    CHECK(std::abs(m.variance2 - 1.0 / 12) < 4 * variance_standard_error(1.0));
    CHECK(std::abs(m.correlation) < 4 / std::sqrt(n));
}

TEST_CASE("random-gaussian is the sample plus isotropic noise of spread sigma", "[contrastive]") {
    ContrastiveParams params;
    params.kind = ContrastiveKind::random_gaussian;
    params.count = 2;
    params.sigma = 0.3;
    params.seed = 6;
    const Point sample = {1.2, -0.7};
    const auto points = draw_many(params, sample);
    const double n = static_cast<double>(points.size());
    const Moments m = moments_of(points);
    // Mean: standard error σ/√n. Variance: σ²·sqrt(2/n) (Gaussian fourth moment).
    CHECK(std::abs(m.mean1 - sample[0]) < 4 * 0.3 / std::sqrt(n));
    CHECK(std::abs(m.mean2 - sample[1]) < 4 * 0.3 / std::sqrt(n));
    CHECK(std::abs(m.variance1 - 0.09) < 4 * 0.09 * std::sqrt(2 / n));
    CHECK(std::abs(m.variance2 - 0.09) < 4 * 0.09 * std::sqrt(2 / n));
    CHECK(std::abs(m.correlation) < 4 / std::sqrt(n));
}

TEST_CASE("contrastive names round-trip; parameters are validated by name", "[contrastive]") {
    for (ContrastiveKind kind :
         {ContrastiveKind::most_offending, ContrastiveKind::random_uniform, ContrastiveKind::random_gaussian}) {
        CHECK(contrastive_kind_from_name(contrastive_name(kind)) == kind);
    }
    CHECK(allowed_contrastive_names() == "most-offending|random-uniform|random-gaussian");
    CHECK_THROWS_WITH(contrastive_kind_from_name("uniform"), Contains("'uniform'") && Contains("random-uniform"));

    CHECK_NOTHROW(validate_contrastive_params(ContrastiveParams{}));
    ContrastiveParams bad;
    bad.count = 0;
    CHECK_THROWS_WITH(validate_contrastive_params(bad), Contains("count") && Contains(">= 1"));
    bad = ContrastiveParams{};
    bad.grid_y1_points = 1;
    CHECK_THROWS_WITH(validate_contrastive_params(bad), Contains("grid_y1_points") && Contains(">= 2"));
    bad = ContrastiveParams{};
    bad.grid_y2_points = 0;
    CHECK_THROWS_WITH(validate_contrastive_params(bad), Contains("grid_y2_points"));
    bad = ContrastiveParams{};
    bad.grid_window.y1_max = -3.0;
    CHECK_THROWS_WITH(validate_contrastive_params(bad), Contains("grid_window.y1_max"));
    bad = ContrastiveParams{};
    bad.uniform_box.y2_min = NAN;
    CHECK_THROWS_WITH(validate_contrastive_params(bad), Contains("uniform_box.y2_min") && Contains("finite"));
    bad = ContrastiveParams{};
    bad.exclusion_radius = -0.1;
    CHECK_THROWS_WITH(validate_contrastive_params(bad), Contains("exclusion_radius") && Contains(">= 0"));
    bad = ContrastiveParams{};
    bad.sigma = 0.0;
    CHECK_THROWS_WITH(validate_contrastive_params(bad), Contains("sigma") && Contains("> 0"));
    // pick_contrastive validates before drawing.
    CHECK_THROWS_AS(pick_contrastive(bad, nullptr, {0.0, 0.0}, 0, 0), std::invalid_argument);
}

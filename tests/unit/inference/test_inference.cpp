// Tests of lib/inference: every method against the exact distance to the ellipse
// (errors reported), exhaustive search against the naive grid minimum, and the
// bookkeeping (names, options, paths, counts).
//
// Legend: Z grid latents; z̃ start; ž result; y point; w = (w1, w2) parameters.
#include "inference.hpp"

#include "ellipse_distance.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <vector>

using ebm::EllipseParams;
using ebm::InferenceMethod;
using ebm::InferenceOptions;
using ebm::Vec2;

namespace {

double angle_difference(double a, double b) {
    const double d = std::fmod(std::abs(a - b), 2 * M_PI);
    return std::min(d, 2 * M_PI - d);
}

// z̃ lies in ž's basin of attraction for gradient flow if ∂E/∂z points towards ž
// all along the way from z̃ to the nearest copy of ž (checked on a fine grid).
bool in_basin(const EllipseParams& w, const Vec2& y, double z_start, double z_check) {
    const double target = z_check + 2 * M_PI * std::round((z_start - z_check) / (2 * M_PI));
    const int steps = 1000;
    for (int i = 0; i < steps; ++i) {
        const double z = z_start + (target - z_start) * i / steps;
        const double towards = (target - z_start) > 0 ? -1.0 : 1.0;  // sign of −(direction)
        if (!(ebm::energy_dz(w, y, z) * towards > 0)) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("method names round-trip and bad names are rejected", "[inference]") {
    CHECK(ebm::inference_method_names() == "exhaustive|line-search|gd|cg|lbfgs|exact");
    REQUIRE(ebm::all_inference_methods().size() == 6);
    for (InferenceMethod method : ebm::all_inference_methods()) {
        CHECK(ebm::parse_inference_method(ebm::inference_method_name(method)) == method);
    }
    CHECK(ebm::parse_inference_method("line-search") == InferenceMethod::line_search);
    CHECK_THROWS_WITH(ebm::parse_inference_method("line_search"),
                      Catch::Contains("line_search") && Catch::Contains("exhaustive|line-search"));
    CHECK_THROWS_AS(ebm::parse_inference_method(""), std::invalid_argument);
}

TEST_CASE("invalid inference options are rejected, naming the option", "[inference]") {
    const EllipseParams w{2.0, 1.5};
    InferenceOptions options;
    CHECK_NOTHROW(ebm::check_inference_options(options));
    options.latent_count = 0;
    CHECK_THROWS_WITH(ebm::infer(w, {1, 1}, InferenceMethod::exhaustive, options),
                      Catch::Contains("latent_count"));
    options = {};
    options.gd_step = -0.1;
    CHECK_THROWS_WITH(ebm::infer(w, {1, 1}, InferenceMethod::gd, options), Catch::Contains("gd_step"));
    options = {};
    options.z_start = NAN;
    CHECK_THROWS_WITH(ebm::infer(w, {1, 1}, InferenceMethod::cg, options), Catch::Contains("z_start"));
    options = {};
    options.gradient_tolerance = -1;
    CHECK_THROWS_WITH(ebm::infer(w, {1, 1}, InferenceMethod::lbfgs, options),
                      Catch::Contains("gradient_tolerance"));
    CHECK_THROWS_WITH(ebm::infer(w, {1, INFINITY}, InferenceMethod::exact), Catch::Contains("finite"));
    CHECK_THROWS_AS(ebm::infer({NAN, 1.5}, {1, 1}, InferenceMethod::lbfgs), std::invalid_argument);
    options = {};
    options.max_iterations = 0;
    CHECK_THROWS_WITH(ebm::infer(w, {1, 1}, InferenceMethod::gd, options),
                      Catch::Contains("max_iterations"));
}

TEST_CASE("exhaustive search equals the naive minimum over the grid", "[inference]") {
    ebm::Rng rng(3);
    for (std::size_t latent_count : {1, 7, 48, 1000}) {
        InferenceOptions options;
        options.latent_count = latent_count;
        for (int trial = 0; trial < 50; ++trial) {
            const EllipseParams w{rng.uniform(-3, 3), rng.uniform(-3, 3)};
            const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
            // Naive: every grid latent 2πk/Z, keep the first smallest energy.
            double best_z = 0, best_energy = INFINITY;
            for (std::size_t k = 0; k < latent_count; ++k) {
                const double z = 2 * M_PI * double(k) / double(latent_count);
                const double r1 = y[0] - w.w1 * std::cos(z), r2 = y[1] - w.w2 * std::sin(z);
                if (r1 * r1 + r2 * r2 < best_energy) best_energy = r1 * r1 + r2 * r2, best_z = z;
            }
            const auto result = ebm::infer(w, y, InferenceMethod::exhaustive, options);
            CHECK(result.f_inf == best_energy);
            CHECK(result.z_check == best_z);
            CHECK(result.energy_evaluations == latent_count);
            CHECK(result.iterations == latent_count);
            CHECK(result.path.front() == 0.0);
            CHECK(result.path.back() == result.z_check);
            // Exhaustive search on any grid is an upper bound of the exact F∞.
            CHECK(result.f_inf >= ebm::ellipse_distance(w, y).squared_distance - 1e-15);
        }
    }
}

TEST_CASE("every method against the exact distance", "[inference]") {
    ebm::Rng rng(97);
    std::map<InferenceMethod, double> worst_f_error, worst_z_error;
    std::map<InferenceMethod, std::size_t> most_energy_evaluations, most_gradient_evaluations,
        most_iterations;
    int points = 0;
    for (const EllipseParams& w : std::vector<EllipseParams>{{1.5, 0.35}, {2.0, 1.5}, {-1.0, 2.5}}) {
        for (int trial = 0; trial < 100; ++trial) {
            const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
            const auto exact = ebm::infer(w, y, InferenceMethod::exact);
            const auto reference = ebm::ellipse_distance(w, y);
            CHECK(exact.f_inf == reference.squared_distance);
            CHECK(exact.z_check == reference.z);
            // The gradient methods start in ž's basin: a random offset of up to 0.3.
            InferenceOptions options;
            options.z_start = exact.z_check + rng.uniform(-0.3, 0.3);
            if (!in_basin(w, y, options.z_start, exact.z_check)) continue;
            ++points;
            // Where E is flat at ž the angle is ill-determined: compare it only
            // where the curvature gives it a chance. F∞ is compared everywhere.
            const bool curved = ebm::energy_dz2(w, y, exact.z_check) > 0.05;
            INFO("w = (" << w.w1 << ", " << w.w2 << "), y = (" << y[0] << ", " << y[1]
                         << "), z̃ = " << options.z_start << ", exact ž = " << exact.z_check
                         << ", F∞ = " << exact.f_inf);
            for (InferenceMethod method : {InferenceMethod::line_search, InferenceMethod::gd,
                                           InferenceMethod::cg, InferenceMethod::lbfgs}) {
                const auto result = ebm::infer(w, y, method, options);
                INFO(ebm::inference_method_name(method) << ": ž = " << result.z_check
                                                        << ", F∞ = " << result.f_inf);
                const double f_error = std::abs(result.f_inf - exact.f_inf);
                const double z_error = angle_difference(result.z_check, exact.z_check);
                worst_f_error[method] = std::max(worst_f_error[method], f_error);
                if (curved) worst_z_error[method] = std::max(worst_z_error[method], z_error);
                most_energy_evaluations[method] =
                    std::max(most_energy_evaluations[method], result.energy_evaluations);
                most_gradient_evaluations[method] =
                    std::max(most_gradient_evaluations[method], result.gradient_evaluations);
                most_iterations[method] = std::max(most_iterations[method], result.iterations);
                // F∞ is a minimum: no method can go below it by more than rounding.
                CHECK(result.f_inf >= exact.f_inf - 1e-14);
                CHECK(f_error < 1e-12);
                CHECK(result.z_check >= 0.0);
                CHECK(result.z_check < 2 * M_PI);
                CHECK(angle_difference(result.path.back(), result.z_check) < 1e-15);
                if (method != InferenceMethod::line_search) {
                    CHECK(result.path.front() == options.z_start);
                    CHECK(result.path.size() == result.iterations + 1);
                }
                // Brent and dlib's line searches compare values of E, which is flat to
                // second order at ž: they place ž to about √ε only. Plain gd stops on
                // the gradient, which keeps its first-order slope there.
                if (curved) CHECK(z_error < (method == InferenceMethod::gd ? 1e-10 : 1e-6));
            }
        }
    }
    for (InferenceMethod method : {InferenceMethod::line_search, InferenceMethod::gd,
                                   InferenceMethod::cg, InferenceMethod::lbfgs}) {
        WARN(ebm::inference_method_name(method)
             << " vs exact over " << points << " points: worst |ΔF∞| = " << worst_f_error[method]
             << ", worst |Δž| = " << worst_z_error[method] << " (where ∂²E/∂z² > 0.05); at most "
             << most_iterations[method] << " iterations, " << most_energy_evaluations[method]
             << " energy and " << most_gradient_evaluations[method] << " gradient evaluations");
    }
    CHECK(points > 200);
}

TEST_CASE("gradient descent with η = 1/L decreases E at every step", "[inference]") {
    ebm::Rng rng(5);
    for (int trial = 0; trial < 100; ++trial) {
        const EllipseParams w{rng.uniform(0.2, 3), rng.uniform(0.2, 3)};
        const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
        InferenceOptions options;
        options.z_start = rng.uniform(0, 2 * M_PI);
        const auto result = ebm::infer(w, y, InferenceMethod::gd, options);
        // Near ž the decrease falls below the rounding of E, which is a few ulps of
        // its largest terms |y|², |g|²: allow that much.
        const double rounding = 1e-15 * (y[0] * y[0] + y[1] * y[1] + w.w1 * w.w1 + w.w2 * w.w2);
        for (std::size_t i = 1; i < result.path.size(); ++i) {
            const double previous = ebm::energy_forward(w, y, result.path[i - 1]);
            CHECK(ebm::energy_forward(w, y, result.path[i]) <= previous + rounding);
        }
        CHECK(result.gradient_evaluations == result.iterations + 1);
        // Starting anywhere, gd reaches a stationary point (maybe a local minimum).
        CHECK(std::abs(ebm::energy_dz(w, y, result.path.back())) <= options.gradient_tolerance);
    }
    // A fixed step is honoured: one step of η from z̃ = 0.
    InferenceOptions fixed;
    fixed.gd_step = 0.01;
    fixed.max_iterations = 1;
    const EllipseParams w{2.0, 1.5};
    const auto one_step = ebm::infer(w, {1.0, 1.0}, InferenceMethod::gd, fixed);
    REQUIRE(one_step.path.size() == 2);
    CHECK(one_step.path[1] == 0.0 - 0.01 * ebm::energy_dz(w, {1.0, 1.0}, 0.0));  // = 0.03
}

TEST_CASE("the lecture's setting: 48 latents, the untrained ellipse", "[inference]") {
    // With the grid of the lecture the exhaustive answer is within a cell of the
    // exact one and its F∞ is above it; line search closes the gap.
    const EllipseParams untrained{1.5, 0.35};
    const Vec2 y{0.2, 1.5};
    const auto exact = ebm::infer(untrained, y, InferenceMethod::exact);
    const auto grid = ebm::infer(untrained, y, InferenceMethod::exhaustive);
    const auto line = ebm::infer(untrained, y, InferenceMethod::line_search);
    CHECK(grid.f_inf >= exact.f_inf);
    CHECK(angle_difference(grid.z_check, exact.z_check) <= M_PI / 24);
    CHECK(std::abs(line.f_inf - exact.f_inf) < 1e-12);
    CHECK(line.path.front() == 0.0);
    CHECK(line.energy_evaluations > 48);
}

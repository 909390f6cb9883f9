// Tests of lib/models/ellipse_free_energy: every gradient of the ellipse
// model's F_β against central finite differences, and the ZTL rule that only
// ž moves.
//
// Legend: Z latents; β inverse temperature; w the decoder's parameters.
#include "ellipse_free_energy.hpp"
#include "numerical_checks.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using ebm::EllipseParams;
using ebm::Vec2;
using ebm_test::central_difference;
using ebm_test::relative_error;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

xt::xtensor<double, 1> ellipse_energies(const EllipseParams& w, const Vec2& y, std::size_t z_count) {
    const auto latents = ebm::latent_grid(z_count);  // (Z)
    xt::xtensor<double, 1> energies = xt::empty<double>({z_count});  // (Z)
    for (std::size_t k = 0; k < z_count; ++k) energies(k) = ebm::energy_forward(w, y, latents(k));
    return energies;
}
}  // namespace

TEST_CASE("an invalid β is rejected", "[ellipse_free_energy]") {
    for (double beta : {0.0, -1.0, -inf, std::numeric_limits<double>::quiet_NaN()})
        CHECK_THROWS_AS(ebm::free_energy({2, 1.5}, {0, 0}, ebm::latent_grid(), beta), std::invalid_argument);
}

TEST_CASE("∂F_β/∂y and ∂F_β/∂w match central finite differences", "[ellipse_free_energy]") {
    ebm::Rng rng(53);
    const auto latents = ebm::latent_grid();  // (48)
    for (int trial = 0; trial < 60; ++trial) {
        const EllipseParams w{rng.uniform(0.2, 3), rng.uniform(0.2, 3)};
        const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
        for (double beta : {0.1, 1.0, 3.2, 10.0}) {
            const auto forward = ebm::free_energy_forward(w, y, latents, beta);
            const auto gradients = ebm::free_energy_backward(w, y, latents, forward);
            INFO("w = (" << w.w1 << ", " << w.w2 << "), y = (" << y[0] << ", " << y[1]
                         << "), beta = " << beta);
            CHECK(forward.free_energy == ebm::free_energy(w, y, latents, beta));
            const double fd_dy1 = central_difference(
                [&](double v) { return ebm::free_energy(w, {v, y[1]}, latents, beta); }, y[0]);
            const double fd_dy2 = central_difference(
                [&](double v) { return ebm::free_energy(w, {y[0], v}, latents, beta); }, y[1]);
            const double fd_dw1 = central_difference(
                [&](double v) { return ebm::free_energy({v, w.w2}, y, latents, beta); }, w.w1);
            const double fd_dw2 = central_difference(
                [&](double v) { return ebm::free_energy({w.w1, v}, y, latents, beta); }, w.w2);
            CHECK(relative_error(gradients.dy[0], fd_dy1) < 1e-6);
            CHECK(relative_error(gradients.dy[1], fd_dy2) < 1e-6);
            CHECK(relative_error(gradients.dw[0], fd_dw1) < 1e-6);
            CHECK(relative_error(gradients.dw[1], fd_dw2) < 1e-6);
        }
    }
}

TEST_CASE("ZTL: ∂F∞/∂w flows only through ž and matches finite differences away from ties",
          "[ellipse_free_energy]") {
    ebm::Rng rng(59);
    const auto latents = ebm::latent_grid();  // (48)
    int checked = 0;
    for (int trial = 0; trial < 200; ++trial) {
        const EllipseParams w{rng.uniform(0.2, 3), rng.uniform(0.2, 3)};
        const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
        const auto energies = ellipse_energies(w, y, 48);
        auto sorted = energies;
        std::sort(sorted.begin(), sorted.end());
        // A finite difference of step 1e-5 moves energies by ~1e-4 at most here;
        // a smaller gap between the two lowest would let ž switch mid-difference.
        if (sorted(1) - sorted(0) < 1e-2) continue;
        ++checked;

        const auto forward = ebm::free_energy_forward(w, y, latents, inf);
        CHECK(forward.free_energy == sorted(0));
        const auto gradients = ebm::free_energy_backward(w, y, latents, forward);
        const auto at_z_check = ebm::energy_backward(w, y, latents(forward.z_check_index));
        CHECK(gradients.dw[0] == at_z_check.dw[0]);
        CHECK(gradients.dw[1] == at_z_check.dw[1]);
        CHECK(gradients.dy[0] == at_z_check.dy[0]);
        CHECK(gradients.dy[1] == at_z_check.dy[1]);

        const double fd_dw1 = central_difference(
            [&](double v) { return ebm::free_energy({v, w.w2}, y, latents, inf); }, w.w1);
        const double fd_dw2 = central_difference(
            [&](double v) { return ebm::free_energy({w.w1, v}, y, latents, inf); }, w.w2);
        const double fd_dy1 = central_difference(
            [&](double v) { return ebm::free_energy(w, {v, y[1]}, latents, inf); }, y[0]);
        CHECK(relative_error(gradients.dw[0], fd_dw1) < 1e-6);
        CHECK(relative_error(gradients.dw[1], fd_dw2) < 1e-6);
        CHECK(relative_error(gradients.dy[0], fd_dy1) < 1e-6);
    }
    CHECK(checked > 100);
}

TEST_CASE("finite-β gradients are the softargmin-weighted sum over all latents", "[ellipse_free_energy]") {
    // Hand check at the origin of a circle of radius 1: every latent has E = 1,
    // the weights are uniform, and ∂F/∂w = mean of (−2 r1 cos z, −2 r2 sin z)
    // with r = −g(z): (2 mean cos² z, 2 mean sin² z) = (1, 1). ∂F/∂y = mean(2r) = 0.
    const auto latents = ebm::latent_grid();
    const auto forward = ebm::free_energy_forward({1.0, 1.0}, {0.0, 0.0}, latents, 1.0);
    CHECK(forward.free_energy == Approx(1.0).epsilon(1e-15));
    const auto gradients = ebm::free_energy_backward({1.0, 1.0}, {0.0, 0.0}, latents, forward);
    CHECK(gradients.dw[0] == Approx(1.0).epsilon(1e-14));
    CHECK(gradients.dw[1] == Approx(1.0).epsilon(1e-14));
    CHECK(std::abs(gradients.dy[0]) < 1e-14);
    CHECK(std::abs(gradients.dy[1]) < 1e-14);
    // At β = ∞ only ž moves. Inside the unit circle at y = (0.5, 0), E = 1.25 − cos z
    // has its single minimum at ž = 0, where r = (−0.5, 0): ∂F∞/∂w = (1, 0), ∂F∞/∂y = (−1, 0).
    const auto cold = ebm::free_energy_forward({1.0, 1.0}, {0.5, 0.0}, latents, inf);
    const auto cold_gradients = ebm::free_energy_backward({1.0, 1.0}, {0.5, 0.0}, latents, cold);
    CHECK(cold.z_check_index == 0);
    CHECK(cold.free_energy == 0.25);
    CHECK(cold_gradients.dw[0] == 1.0);
    CHECK(cold_gradients.dw[1] == 0.0);
    CHECK(cold_gradients.dy[0] == -1.0);
    CHECK(cold_gradients.dy[1] == 0.0);
}

// Tests of lib/ellipse_model: hand-calculated energies and finite-difference gradients.
//
// Legend: Z latents, N samples; y observed point, w = (w1, w2) decoder parameters.
#include "ellipse_model.hpp"
#include "numerical_checks.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using ebm::EllipseParams;
using ebm::Vec2;
using ebm_test::central_difference;
using ebm_test::relative_error;

TEST_CASE("the decoder and the energy equal hand calculations", "[ellipse_model]") {
    const EllipseParams trained{2.0, 1.5};
    const Vec2 y{1.0, 1.0};

    // z = 0: g = (2, 0); r = (−1, 1); E = 2.
    CHECK(ebm::decoder_forward(trained, 0.0)[0] == 2.0);
    CHECK(ebm::decoder_forward(trained, 0.0)[1] == 0.0);
    CHECK(ebm::energy_forward(trained, y, 0.0) == 2.0);
    // z = π/2: g = (0, 1.5); r = (1, −0.5); E = 1.25 (cos(π/2) is 6e-17, not 0).
    CHECK(ebm::energy_forward(trained, y, M_PI / 2) == Approx(1.25).epsilon(1e-15));
    // z = π: g = (−2, 0); r = (3, 1); E = 10.
    CHECK(ebm::energy_forward(trained, y, M_PI) == Approx(10.0).epsilon(1e-15));

    // The lecture's untrained ellipse at the origin: E = 2.25 cos² z + 0.1225 sin² z.
    const EllipseParams untrained{1.5, 0.35};
    CHECK(ebm::energy_forward(untrained, {0.0, 0.0}, M_PI / 4) ==
          Approx((2.25 + 0.1225) / 2).epsilon(1e-15));
    // A point on the manifold has zero energy at its own angle.
    const double z_on = 1.1;
    CHECK(ebm::energy_forward(untrained, ebm::decoder_forward(untrained, z_on), z_on) == 0.0);
}

TEST_CASE("the energy's gradients equal hand calculations", "[ellipse_model]") {
    const EllipseParams trained{2.0, 1.5};
    // At y = (1, 1), z = 0: r = (−1, 1).
    //   ∂E/∂z = 2 r1 w1 sin z − 2 r2 w2 cos z = −3
    //   ∂E/∂w = (−2 r1 cos z, −2 r2 sin z) = (2, 0)
    //   ∂E/∂y = 2r = (−2, 2)
    const auto gradients = ebm::energy_backward(trained, {1.0, 1.0}, 0.0);
    CHECK(gradients.dz == -3.0);
    CHECK(gradients.dw[0] == 2.0);
    CHECK(gradients.dw[1] == 0.0);
    CHECK(gradients.dy[0] == -2.0);
    CHECK(gradients.dy[1] == 2.0);
    CHECK(ebm::energy_dz(trained, {1.0, 1.0}, 0.0) == -3.0);
    // ∂²E/∂z² = 2 y1 w1 cos z + 2 y2 w2 sin z + 2 (w2² − w1²) cos 2z = 4 − 3.5 = 0.5.
    CHECK(ebm::energy_dz2(trained, {1.0, 1.0}, 0.0) == Approx(0.5).epsilon(1e-15));
}

TEST_CASE("every derivative of the energy matches central finite differences", "[ellipse_model]") {
    ebm::Rng rng(20240601);
    for (int trial = 0; trial < 200; ++trial) {
        const EllipseParams w{rng.uniform(-3, 3), rng.uniform(-3, 3)};
        const Vec2 y{rng.uniform(-4, 4), rng.uniform(-4, 4)};
        const double z = rng.uniform(-7, 7);
        const auto gradients = ebm::energy_backward(w, y, z);
        INFO("w = (" << w.w1 << ", " << w.w2 << "), y = (" << y[0] << ", " << y[1] << "), z = " << z);

        const double fd_dz = central_difference(
            [&](double zz) { return ebm::energy_forward(w, y, zz); }, z);
        CHECK(relative_error(gradients.dz, fd_dz) < 1e-6);
        CHECK(relative_error(ebm::energy_dz(w, y, z), fd_dz) < 1e-6);

        const double fd_dz2 = central_difference(
            [&](double zz) { return ebm::energy_dz(w, y, zz); }, z);
        CHECK(relative_error(ebm::energy_dz2(w, y, z), fd_dz2) < 1e-6);

        const double fd_dw1 = central_difference(
            [&](double w1) { return ebm::energy_forward({w1, w.w2}, y, z); }, w.w1);
        const double fd_dw2 = central_difference(
            [&](double w2) { return ebm::energy_forward({w.w1, w2}, y, z); }, w.w2);
        CHECK(relative_error(gradients.dw[0], fd_dw1) < 1e-6);
        CHECK(relative_error(gradients.dw[1], fd_dw2) < 1e-6);

        const double fd_dy1 = central_difference(
            [&](double y1) { return ebm::energy_forward(w, {y1, y[1]}, z); }, y[0]);
        const double fd_dy2 = central_difference(
            [&](double y2) { return ebm::energy_forward(w, {y[0], y2}, z); }, y[1]);
        CHECK(relative_error(gradients.dy[0], fd_dy1) < 1e-6);
        CHECK(relative_error(gradients.dy[1], fd_dy2) < 1e-6);

        const auto tangent = ebm::decoder_tangent(w, z);
        const double fd_tangent1 = central_difference(
            [&](double zz) { return ebm::decoder_forward(w, zz)[0]; }, z);
        const double fd_tangent2 = central_difference(
            [&](double zz) { return ebm::decoder_forward(w, zz)[1]; }, z);
        CHECK(relative_error(tangent[0], fd_tangent1) < 1e-6);
        CHECK(relative_error(tangent[1], fd_tangent2) < 1e-6);
    }
}

TEST_CASE("the energy table holds E(y(n), z_k) in row n, column k", "[ellipse_model]") {
    const EllipseParams trained{2.0, 1.5};
    xt::xtensor<double, 2> samples = {{1.0, 1.0}, {0.0, 0.0}};  // (N=2, 2)
    const xt::xtensor<double, 1> latents = {0.0, M_PI};           // (Z=2)
    const auto energies = ebm::energy_table(trained, samples, latents);  // (2, 2)
    REQUIRE(energies.shape(0) == 2);
    REQUIRE(energies.shape(1) == 2);
    CHECK(energies(0, 0) == 2.0);
    CHECK(energies(0, 1) == Approx(10.0).epsilon(1e-15));
    CHECK(energies(1, 0) == 4.0);  // w1² at z = 0
    CHECK(energies(1, 1) == Approx(4.0).epsilon(1e-15));

    xt::xtensor<double, 2> wrong_shape = xt::zeros<double>({3, 3});
    CHECK_THROWS_AS(ebm::energy_table(trained, wrong_shape, latents), std::invalid_argument);
}

// Tests of lib/learning/manifold_forces: the forces of the loss on the
// ellipse's manifold against 2(y − g(z)) by hand, and the F map beside them
// against the free energy of each point.
#include "manifold_forces.hpp"
#include "ellipse_free_energy.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace ebm;

namespace {
const double inf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("manifold forces: at ZTL only ž is pulled, by 2(y − g(ž))", "[manifold_forces]") {
    const auto latents = latent_grid(48);
    const EllipseParams w{1.5, 0.35};
    const Vec2 y{0.3, 1.2};
    const auto forces = manifold_forces(w, latents, inf, y, 1.0);
    std::size_t moved = 0;
    for (std::size_t k = 0; k < 48; ++k) {
        if (forces(k, 0) == 0 && forces(k, 1) == 0) continue;
        ++moved;
        const Vec2 g = decoder_forward(w, latents(k));
        CHECK(forces(k, 0) == Approx(2 * (y[0] - g[0])));
        CHECK(forces(k, 1) == Approx(2 * (y[1] - g[1])));
    }
    CHECK(moved == 1);
    // Warm: every point pulled, the weights summing to one.
    const auto warm = manifold_forces(w, latents, 1.0, y, 1.0);
    double weight_sum = 0;
    for (std::size_t k = 0; k < 48; ++k) {
        const Vec2 g = decoder_forward(w, latents(k));
        weight_sum += warm(k, 0) / (2 * (y[0] - g[0]));
    }
    CHECK(weight_sum == Approx(1.0));
}

TEST_CASE("the forces of all samples add up, and the map is F_β with its gradient", "[manifold_forces]") {
    const auto latents = latent_grid(48);
    const EllipseParams w{1.8, 1.2};
    const xt::xtensor<double, 2> samples{{0.3, 1.2}, {-1.9, 0.1}, {0.5, -1.4}};
    const xt::xtensor<double, 1> y1{-1.0, 0.0, 2.0}, y2{-0.5, 0.5};
    for (const double beta : {inf, 1.0}) {
        const ManifoldForces forces = compute_manifold_forces(w, latents, beta, samples, 1, y1, y2);
        xt::xtensor<double, 2> sum = xt::zeros<double>({48, 2});
        for (std::size_t n = 0; n < 3; ++n) sum += manifold_forces(w, latents, beta, {samples(n, 0), samples(n, 1)}, 1.0);
        CHECK((forces.total == sum));
        REQUIRE(forces.sample.has_value());
        CHECK((*forces.sample == manifold_forces(w, latents, beta, {samples(1, 0), samples(1, 1)}, 1.0)));
        CHECK(forces.manifold(12, 1) == Approx(w.w2));  // z = π/2: g = (0, w2)
        for (std::size_t j = 0; j < 2; ++j)
            for (std::size_t i = 0; i < 3; ++i) {
                const Vec2 y{y1(i), y2(j)};
                CHECK(forces.free_energy(j, i) == free_energy(w, y, latents, beta));
                // ∂F/∂y1 by central differences.
                const double h = 1e-6;
                const double numeric =
                    (free_energy(w, {y[0] + h, y[1]}, latents, beta) - free_energy(w, {y[0] - h, y[1]}, latents, beta)) /
                    (2 * h);
                CHECK(forces.grad_free_energy(0, j, i) == Approx(numeric).epsilon(1e-5).margin(1e-7));
            }
    }
    CHECK_FALSE(compute_manifold_forces(w, latents, inf, samples, std::nullopt, y1, y2).sample.has_value());
}

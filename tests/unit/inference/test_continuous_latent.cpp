// Tests of lib/inference/continuous_latent: F∞ over z ∈ R against the exact
// distance to an ellipse (the ellipse model, whose E is the squared distance
// from y to g(z) = [w1 cos z, w2 sin z]), never above the grid's minimum.
#include "continuous_latent.hpp"

#include "ellipse.hpp"
#include "ellipse_distance.hpp"
#include "latent_grid.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace ebm;

TEST_CASE("F∞ over continuous z is the exact squared distance to the ellipse, at most the grid's", "[continuous_latent]") {
    for (const std::size_t Z : {std::size_t(3), std::size_t(12), std::size_t(48)}) {
        const EllipseModel model(Z, {1.9, 1.2});
        const auto grid = latent_grid(Z);
        const std::vector<double> latents(grid.begin(), grid.end());
        Rng rng(17);
        for (int point = 0; point < 200; ++point) {
            const Vec2 y{rng.uniform(-3, 3), rng.uniform(-2, 2)};
            const auto found = continuous_minimum(model, 0.0, y, latents);
            const auto exact = ellipse_distance({1.9, 1.2}, y);
            double grid_minimum = INFINITY;
            for (double z : latents) grid_minimum = std::min(grid_minimum, model.energy(0.0, y, &z));
            INFO("Z = " << Z << ", y = (" << y[0] << ", " << y[1] << ")");
            CHECK(found.f_inf <= grid_minimum);
            CHECK(found.f_inf == Approx(exact.squared_distance).epsilon(1e-9).margin(1e-12));
            CHECK(found.f_inf == Approx(model.energy(0.0, y, &found.z)).epsilon(1e-12).margin(1e-15));
            CHECK(found.z >= 0);
            CHECK(found.z < 2 * M_PI);
        }
    }
}

TEST_CASE("continuous_minimum needs a latent grid", "[continuous_latent]") {
    const EllipseModel model(12);
    CHECK_THROWS_AS(continuous_minimum(model, 0.0, {1.0, 1.0}, {}), std::invalid_argument);
}

// Tests of lib/core/latent_grid: the grid's values and the wrapping of angles, by hand.
#include "latent_grid.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

TEST_CASE("the latent grid is [0 : 2π/Z : 2π[", "[latent_grid]") {
    const auto latents = ebm::latent_grid();  // (48)
    REQUIRE(latents.size() == 48);
    CHECK(latents(0) == 0.0);
    CHECK(latents(1) == Approx(M_PI / 24).epsilon(1e-15));
    CHECK(latents(24) == Approx(M_PI).epsilon(1e-15));
    CHECK(latents(47) == Approx(47 * M_PI / 24).epsilon(1e-15));
    CHECK(latents(47) < 2 * M_PI);

    CHECK(ebm::latent_grid(1).size() == 1);
    CHECK(ebm::latent_grid(7)(6) == Approx(12 * M_PI / 7).epsilon(1e-15));
    CHECK_THROWS_AS(ebm::latent_grid(0), std::invalid_argument);
}

TEST_CASE("angles wrap into [0, 2π)", "[latent_grid]") {
    CHECK(ebm::wrap_angle(0.0) == 0.0);
    CHECK(ebm::wrap_angle(1.0) == 1.0);
    CHECK(ebm::wrap_angle(2 * M_PI) == 0.0);
    CHECK(ebm::wrap_angle(-1.0) == Approx(2 * M_PI - 1.0).epsilon(1e-15));
    CHECK(ebm::wrap_angle(7.0) == Approx(7.0 - 2 * M_PI).epsilon(1e-15));
    CHECK(ebm::wrap_angle(-20.0) == Approx(-20.0 + 8 * M_PI).epsilon(1e-15));
    // Tiny negative angles round up to 2π, which must come back as 0.
    CHECK(ebm::wrap_angle(-1e-17) == 0.0);
    for (double z : {-1e-17, -1e-300, -13.0, 1e6}) {
        CHECK(ebm::wrap_angle(z) >= 0.0);
        CHECK(ebm::wrap_angle(z) < 2 * M_PI);
    }
}

#include "errors.hpp"
#include "grid_spec.hpp"

#include <catch2/catch.hpp>

using namespace ebm;

TEST_CASE("the lecture's mesh: 25 × 17 points, steps of 0.25, exact ends", "[grid_spec]") {
    const GridSpec mesh = parse_grid_spec("-3:3:25,-2:2:17", "grid");
    CHECK(mesh.points() == 425);
    const auto y1 = mesh.y1.values();
    const auto y2 = mesh.y2.values();
    REQUIRE(y1.size() == 25);
    REQUIRE(y2.size() == 17);
    for (std::size_t i = 0; i < 25; ++i) CHECK(y1(i) == Approx(-3.0 + 0.25 * i).margin(1e-15));
    for (std::size_t j = 0; j < 17; ++j) CHECK(y2(j) == Approx(-2.0 + 0.25 * j).margin(1e-15));
    CHECK(y1(0) == -3.0);
    CHECK(y1(24) == 3.0);
    CHECK(y2(8) == 0.0);  // the centre row is exactly y2 = 0
}

TEST_CASE("a one-point axis is allowed: a cross-section", "[grid_spec]") {
    const GridSpec line = parse_grid_spec("0:0:1,-2:2:5", "grid");
    CHECK(line.y1.values()(0) == 0.0);
    CHECK(line.points() == 5);
}

TEST_CASE("malformed grids are usage errors naming the option", "[grid_spec]") {
    for (const char* bad : {"", "-3:3:25", "-3:3:25,-2:2", "a:3:25,-2:2:17", "-3:3:0,-2:2:17", "3:-3:25,-2:2:17",
                            "-3:3:2.5,-2:2:17", "-3:3:25,-2:2:17,1:2:3", "-3:inf:25,-2:2:17", "-3:nan:25,-2:2:17",
                            "1:2:1,-2:2:3"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_grid_spec(bad, "grid"), UsageError);
        CHECK_THROWS_WITH(parse_grid_spec(bad, "grid"), Catch::Contains("--grid"));
    }
}

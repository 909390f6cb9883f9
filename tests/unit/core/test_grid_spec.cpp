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

TEST_CASE("the grid round the samples: the lecture's mesh for its data, wider for wider data", "[grid_spec]") {
    // The farthest samples at |y1| = 2.05, |y2| = 1.55: 1.25 × them, rounded up to 0.5, is 3 and 2.
    const xt::xtensor<double, 2> lecture = {{2.05, 0.1}, {-1.9, 0.3}, {0.2, -1.55}};
    const GridSpec mesh = grid_around(lecture, 0.25);
    CHECK(mesh.y1.min == -3.0);
    CHECK(mesh.y1.max == 3.0);
    CHECK(mesh.y1.count == 25);
    CHECK(mesh.y2.min == -2.0);
    CHECK(mesh.y2.max == 2.0);
    CHECK(mesh.y2.count == 17);
    // x = 0.5 widens the ellipse to semi-axes 4.76: ±6 every 0.05.
    const GridSpec wide = grid_around(xt::xtensor<double, 2>{{4.8, 0.0}, {0.0, -4.7}}, 0.05);
    CHECK(wide.y1.max == 6.0);
    CHECK(wide.y2.min == -6.0);
    CHECK(wide.y1.count == 241);
    // A sample at the origin alone still gets a window.
    CHECK(grid_around(xt::xtensor<double, 2>{{0.0, 0.0}}, 0.25).y1.max == 0.5);
}

TEST_CASE("slide 17's five mesh points: the lecture's on its mesh, on the scale of a wider one", "[grid_spec]") {
    using Points = std::vector<std::array<double, 2>>;
    CHECK(mesh_line_points(parse_grid_spec("-3:3:25,-2:2:17", "grid")) ==
          Points{{-3, -0.5}, {-2.25, -0.5}, {-1.5, -0.5}, {-0.75, -0.5}, {0, -0.5}});
    // ±6 every 0.5: centre column 12, columns 0, 3, 6, 9, 12; row 0.75 × 12 = 9 from the bottom.
    CHECK(mesh_line_points(parse_grid_spec("-6:6:25,-6:6:25", "grid")) ==
          Points{{-6, -1.5}, {-4.5, -1.5}, {-3, -1.5}, {-1.5, -1.5}, {0, -1.5}});
    // Columns that do not divide by four round to the nearest: centre 5, columns 0, 1 (1.25), 3 (2.5), 4 (3.75), 5.
    CHECK(mesh_line_points(parse_grid_spec("-5:5:11,-1:1:3", "grid")) ==
          Points{{-5, 0}, {-4, 0}, {-2, 0}, {-1, 0}, {0, 0}});
}

TEST_CASE("a grid option is a mesh or auto:STEP", "[grid_spec]") {
    CHECK(parse_grid_request("-3:3:25,-2:2:17", "grid").given->points() == 425);
    const GridRequest around = parse_grid_request("auto:0.25", "grid");
    CHECK(!around.given);
    CHECK(around.resolve(xt::xtensor<double, 2>{{2.05, 1.55}}).points() == 425);
    for (const char* bad : {"auto:", "auto:0", "auto:-1", "auto:x", "auto:inf"})
        CHECK_THROWS_WITH(parse_grid_request(bad, "fine-grid"), Catch::Contains("--fine-grid"));
}

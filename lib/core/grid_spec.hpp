// A rectangular mesh of the y-plane, as the command line writes it:
// "Y1MIN:Y1MAX:N1,Y2MIN:Y2MAX:N2" (ends included). The lecture's mesh is
// "-3:3:25,-2:2:17": steps of 0.25, 425 points.
#pragma once

#include <xtensor/xtensor.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ebm {

struct AxisSpec {
    double min;
    double max;
    std::size_t count;
    // count evenly spaced values from min to max, both included.  // (count)
    xt::xtensor<double, 1> values() const;
};

struct GridSpec {
    AxisSpec y1;
    AxisSpec y2;
    std::size_t points() const { return y1.count * y2.count; }
};

// Parses and validates a grid; UsageError naming `option` and the expected form.
GridSpec parse_grid_spec(const std::string& text, const std::string& option);
// Parses one axis "MIN:MAX:N"; UsageError naming `option`.
AxisSpec parse_axis_spec(const std::string& text, const std::string& option);

// The y-plane window that follows the samples y (N, 2): on each axis ±1.25 ×
// the farthest sample, rounded up to a multiple of 0.5, meshed every `step`;
// the lecture's samples and step 0.25 give its mesh, -3:3:25,-2:2:17.
// plots/style.gp (samples_window) draws the figures' window by the same rule.
GridSpec grid_around(const xt::xtensor<double, 2>& y, double step);

// Slide 17's five probe points on any mesh: the mesh points of the row a
// quarter of the way from the centre row down to the bottom edge, from the
// left edge to the centre column in four equal steps (each rounded to a mesh
// column). The lecture's mesh -3:3:25,-2:2:17 gives y₁ = −3, −2.25, −1.5,
// −0.75, 0 on y₂ = −0.5; a mesh round wider data, points on its scale.
std::vector<std::array<double, 2>> mesh_line_points(const GridSpec& grid);

// A grid option's two forms: a GridSpec, or "auto:STEP", the grid_around the data's samples.
struct GridRequest {
    std::optional<GridSpec> given;
    double step = 0;  // of "auto:STEP"
    GridSpec resolve(const xt::xtensor<double, 2>& y) const { return given ? *given : grid_around(y, step); }
};
// Parses either form; UsageError naming `option`.
GridRequest parse_grid_request(const std::string& text, const std::string& option);

}  // namespace ebm

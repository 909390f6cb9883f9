// A rectangular mesh of the y-plane, as the command line writes it:
// "Y1MIN:Y1MAX:N1,Y2MIN:Y2MAX:N2" (ends included). The lecture's mesh is
// "-3:3:25,-2:2:17": steps of 0.25, 425 points.
#pragma once

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <string>

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

}  // namespace ebm

// A point of R²: an observation y, a decoder output ỹ or a gradient with respect to y.
#pragma once

#include <array>

namespace ebm {

using Vec2 = std::array<double, 2>;

}  // namespace ebm

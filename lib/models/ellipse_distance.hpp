// The exact squared distance from a point to the model's ellipse, and the
// closest angle: the reference every inference method is measured against.
//
// Legend:
//   y = (y1, y2)        the point;  w = (w1, w2) the decoder's parameters
//   g(z) = [w1 cos z, w2 sin z]   the ellipse with semi-axes |w1|, |w2|
//   d²(y) = min_z ‖y − g(z)‖² = F∞(y) for a continuous latent z
//
// Method: D. Eberly, "Distance from a Point to an Ellipse, an Ellipsoid, or a
// Hyperellipsoid" (Geometric Tools, 2013). By symmetry the point is folded into
// the first quadrant of the frame whose first axis is the major one; there the
// closest point solves a Lagrange-multiplier equation with a single root in a
// known bracket, found by bisection to the last bit.
#pragma once

#include "ellipse_model.hpp"

#include <cstddef>

namespace ebm {

struct EllipseDistance {
    double squared_distance;  // d²(y) = E(y, z)
    double z;                 // the closest angle, in [0, 2π): g(z) is the closest point
    Vec2 closest_point;       // the closest point as the root finder found it
    std::size_t iterations;   // bisection steps (0 when a closed form applies)
};

// Exact for every finite y and w, including:
//   points inside and outside, on either axis, at the centre, on the ellipse;
//   circles (|w1| = |w2|); negative w (the same ellipse, traversed differently:
//   z still satisfies g(z) = closest point); a zero semi-axis (the ellipse is
//   the segment between ±w along the other axis) or both (the single point 0).
// Where several points are equally close (the centre; points of the major axis
// close enough to the centre), the one whose minor-axis coordinate is positive
// is returned; for the centre of a circle, the point (|w1|, 0).
EllipseDistance ellipse_distance(const EllipseParams& params, const Vec2& y);

}  // namespace ebm

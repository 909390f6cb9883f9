// Exact distance from a point to the ellipse g(z) = [w1 cos z, w2 sin z].
//
// Legend: in the folded frame, e0 ≥ e1 > 0 are the semi-axes (major first) and
// p = (p0, p1) ≥ 0 the point; x = (x0, x1) the closest point; s the scaled
// Lagrange multiplier of Eberly's derivation, with x0 = r0 p0 / (s + r0),
// x1 = p1 / (s + 1), r0 = (e0/e1)², root of G(s) = (x0/e0)² + (x1/e1)² − 1.
#include "ellipse_distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ebm {

namespace {

struct QuadrantSolution {
    Vec2 closest;   // (x0, x1) ≥ 0
    Vec2 residual;  // p − x, computed without cancellation where it matters
    std::size_t iterations;
};

// Bisection of a decreasing function on [lo, hi] (sign(lo) ≥ 0 ≥ sign(hi)) down to
// the point where the midpoint no longer differs from an end: exact to the last bit.
template <typename DecreasingFunction>
double bisect_root(const DecreasingFunction& function, double lo, double hi, std::size_t& iterations) {
    // Enough halvings to walk from any bracket down to adjacent subnormals.
    const int max_iterations =
        std::numeric_limits<double>::digits - std::numeric_limits<double>::min_exponent;
    double middle = lo;
    for (int i = 0; i < max_iterations; ++i) {
        ++iterations;
        middle = 0.5 * (lo + hi);
        if (middle == lo || middle == hi) break;
        const double value = function(middle);
        if (value > 0.0) {
            lo = middle;
        } else if (value < 0.0) {
            hi = middle;
        } else {
            break;
        }
    }
    return middle;
}

// Closest point of the ellipse (e0 ≥ e1 > 0) to p ≥ 0, in the first quadrant.
QuadrantSolution closest_in_quadrant(double e0, double e1, double p0, double p1) {
    QuadrantSolution solution{{0.0, 0.0}, {0.0, 0.0}, 0};
    if (p1 > 0.0) {
        if (p0 > 0.0) {
            const double z0 = p0 / e0, z1 = p1 / e1;
            const double g = z0 * z0 + z1 * z1 - 1.0;
            if (g == 0.0) {  // on the ellipse
                solution.closest = {p0, p1};
                return solution;
            }
            const double r0 = (e0 / e1) * (e0 / e1);
            const double n0 = r0 * z0;
            // G(s) = (n0/(s + r0))² + (z1/(s + 1))² − 1 decreases on its bracket
            // [z1 − 1, |(n0, z1)| − 1], or [z1 − 1, 0] inside, where G(0) < 0.
            const double s = bisect_root(
                [&](double t) {
                    const double ratio0 = n0 / (t + r0), ratio1 = z1 / (t + 1.0);
                    return ratio0 * ratio0 + ratio1 * ratio1 - 1.0;
                },
                z1 - 1.0, g < 0.0 ? 0.0 : std::hypot(n0, z1) - 1.0, solution.iterations);
            if (s >= -0.5) {
                solution.closest = {r0 * p0 / (s + r0), p1 / (s + 1.0)};
                // p − x = (p0 s/(s + r0), p1 s/(s + 1)): as precise as s itself, even
                // for points next to the ellipse where p − x would cancel.
                solution.residual = {p0 * s / (s + r0), p1 * s / (s + 1.0)};
                return solution;
            }
            // Near the major axis inside the cusp, s + 1 ≈ z1 ≪ 1 and s has lost
            // those digits to the rounding of −1. Solve again for u = s + 1, which
            // has them, on [z1, 1/2] (the root is there since s < −1/2).
            // r0 − 1 is formed from e0 − e1 so that near-circles keep it too.
            const double r0_minus_1 = (e0 - e1) * (e0 + e1) / (e1 * e1);
            const double u = bisect_root(
                [&](double t) {
                    const double ratio0 = n0 / (t + r0_minus_1), ratio1 = z1 / t;
                    return ratio0 * ratio0 + ratio1 * ratio1 - 1.0;
                },
                z1, 0.5, solution.iterations);
            solution.closest = {r0 * p0 / (u + r0_minus_1), p1 / u};
            solution.residual = {p0 * (u - 1.0) / (u + r0_minus_1), p1 * (u - 1.0) / u};
            return solution;
        }
        // On the minor axis: its end (0, e1) is closest, inside or out, since the
        // centre of curvature there, (0, e1 − e0²/e1), is not above the centre.
        solution.closest = {0.0, e1};
        solution.residual = {0.0, p1 - e1};
        return solution;
    }
    // On the major axis. Inside the evolute's cusp (e0 p0 < e0² − e1²) two
    // symmetric points off the axis are closest; we return the one with x1 > 0.
    const double numer0 = e0 * p0, denom0 = e0 * e0 - e1 * e1;
    if (numer0 < denom0) {
        const double xde0 = numer0 / denom0;
        solution.closest = {e0 * xde0, e1 * std::sqrt(1.0 - xde0 * xde0)};
        solution.residual = {p0 - solution.closest[0], -solution.closest[1]};
        return solution;
    }
    solution.closest = {e0, 0.0};
    solution.residual = {p0 - e0, 0.0};
    return solution;
}

// The sign of y's coordinate applied to x ≥ 0; −0 and +0 both count as positive,
// which is what makes the tie rule "positive minor-axis coordinate".
double with_sign_of(double x, double y) { return y < 0.0 ? -x : x; }

EllipseDistance distance_to_segment_or_point(const EllipseParams& params, const Vec2& y) {
    const double a1 = std::abs(params.w1), a2 = std::abs(params.w2);
    EllipseDistance result{0.0, 0.0, {0.0, 0.0}, 0};
    if (a1 > 0.0) {
        // w2 = 0: g(z) = (w1 cos z, 0) sweeps [−a1, a1] on the y1 axis; cos z = c1/w1.
        const double c1 = std::clamp(y[0], -a1, a1);
        result.closest_point = {c1, 0.0};
        result.z = std::acos(std::clamp(c1 / params.w1, -1.0, 1.0));
    } else if (a2 > 0.0) {
        // w1 = 0: g(z) = (0, w2 sin z) sweeps [−a2, a2] on the y2 axis; sin z = c2/w2.
        const double c2 = std::clamp(y[1], -a2, a2);
        result.closest_point = {0.0, c2};
        result.z = wrap_angle(std::asin(std::clamp(c2 / params.w2, -1.0, 1.0)));
    }
    // Both zero: the ellipse is the point 0, reached at every z; we report z = 0.
    const double r1 = y[0] - result.closest_point[0], r2 = y[1] - result.closest_point[1];
    result.squared_distance = r1 * r1 + r2 * r2;
    return result;
}

}  // namespace

EllipseDistance ellipse_distance(const EllipseParams& params, const Vec2& y) {
    const double a1 = std::abs(params.w1), a2 = std::abs(params.w2);
    if (a1 == 0.0 || a2 == 0.0) return distance_to_segment_or_point(params, y);

    // Fold: major axis first, point into the first quadrant.
    const bool y1_is_major = a1 >= a2;
    const double e0 = y1_is_major ? a1 : a2, e1 = y1_is_major ? a2 : a1;
    const double p0 = std::abs(y1_is_major ? y[0] : y[1]);
    const double p1 = std::abs(y1_is_major ? y[1] : y[0]);
    const QuadrantSolution solution = closest_in_quadrant(e0, e1, p0, p1);

    EllipseDistance result;
    result.iterations = solution.iterations;
    result.squared_distance = solution.residual[0] * solution.residual[0] +
                              solution.residual[1] * solution.residual[1];
    const Vec2 folded_closest = y1_is_major ? solution.closest
                                            : Vec2{solution.closest[1], solution.closest[0]};
    result.closest_point = {with_sign_of(folded_closest[0], y[0]),
                            with_sign_of(folded_closest[1], y[1])};
    // cos z = c1/w1, sin z = c2/w2; negative w flip the angle, not the point.
    result.z = wrap_angle(std::atan2(result.closest_point[1] / params.w2,
                                     result.closest_point[0] / params.w1));
    return result;
}

}  // namespace ebm

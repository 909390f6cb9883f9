// Tests of lib/ellipse_distance against an independent brute force: a dense scan
// of 2^16 angles, each discrete local minimum refined by golden-section search,
// on 10^4 random points inside and outside several ellipses, plus hand-computed
// special points (centre, axes, manifold, circles, negative and zero semi-axes).
//
// Legend: M scan angles (2^16); y point; w semi-axes; d² squared distance.
#include "ellipse_distance.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using ebm::EllipseParams;
using ebm::Vec2;

namespace {

constexpr std::size_t scan_count = std::size_t(1) << 16;

struct ScanTables {
    std::vector<double> cos_z, sin_z;  // (M)
    ScanTables() : cos_z(scan_count), sin_z(scan_count) {
        for (std::size_t k = 0; k < scan_count; ++k) {
            const double z = 2 * M_PI * double(k) / double(scan_count);
            cos_z[k] = std::cos(z);
            sin_z[k] = std::sin(z);
        }
    }
};

double energy(const EllipseParams& w, const Vec2& y, double z) {
    const double r1 = y[0] - w.w1 * std::cos(z), r2 = y[1] - w.w2 * std::sin(z);
    return r1 * r1 + r2 * r2;
}

// Golden-section search for the minimum of E(y, ·) on [lo, hi]; returns (z, E).
std::pair<double, double> golden_section(const EllipseParams& w, const Vec2& y, double lo, double hi) {
    const double inverse_phi = (std::sqrt(5.0) - 1) / 2;
    double a = lo, b = hi;
    double c = b - inverse_phi * (b - a), d = a + inverse_phi * (b - a);
    double fc = energy(w, y, c), fd = energy(w, y, d);
    for (int i = 0; i < 100; ++i) {
        if (fc < fd) {
            b = d, d = c, fd = fc;
            c = b - inverse_phi * (b - a);
            fc = energy(w, y, c);
        } else {
            a = c, c = d, fc = fd;
            d = a + inverse_phi * (b - a);
            fd = energy(w, y, d);
        }
    }
    return fc < fd ? std::make_pair(c, fc) : std::make_pair(d, fd);
}

struct ScanResult {
    double squared_distance;
    double z;
    double runner_up_gap;  // E at the second-best local minimum minus the best
};

ScanResult dense_scan(const ScanTables& tables, const EllipseParams& w, const Vec2& y) {
    std::vector<double> energies(scan_count);  // (M)
    for (std::size_t k = 0; k < scan_count; ++k) {
        const double r1 = y[0] - w.w1 * tables.cos_z[k], r2 = y[1] - w.w2 * tables.sin_z[k];
        energies[k] = r1 * r1 + r2 * r2;
    }
    const double step = 2 * M_PI / double(scan_count);
    ScanResult best{INFINITY, 0.0, INFINITY};
    for (std::size_t k = 0; k < scan_count; ++k) {
        const double before = energies[(k + scan_count - 1) % scan_count];
        const double after = energies[(k + 1) % scan_count];
        if (!(energies[k] < before && energies[k] <= after)) continue;
        const double z = double(k) * step;
        const auto [z_refined, e_refined] = golden_section(w, y, z - step, z + step);
        if (e_refined < best.squared_distance) {
            best.runner_up_gap = best.squared_distance - e_refined;
            best.squared_distance = e_refined;
            best.z = z_refined;
        } else {
            best.runner_up_gap = std::min(best.runner_up_gap, e_refined - best.squared_distance);
        }
    }
    return best;
}

double angle_difference(double a, double b) {
    const double d = std::fmod(std::abs(a - b), 2 * M_PI);
    return std::min(d, 2 * M_PI - d);
}

}  // namespace

TEST_CASE("exact distance agrees with a dense scan on 10^4 random points", "[ellipse_distance]") {
    const ScanTables tables;
    const std::vector<EllipseParams> ellipses = {{2.0, 1.5},  {1.5, 0.35},  {0.35, 1.5}, {1.0, 1.0},
                                                 {-2.0, 1.5}, {1.5, -0.35}, {3.0, 0.1},  {1.0, 0.999}};
    ebm::Rng rng(2024);
    const int per_ellipse = 10000 / int(ellipses.size());
    double worst_error = 0.0;
    int angles_compared = 0;
    std::size_t most_iterations = 0;
    for (const auto& w : ellipses) {
        for (int n = 0; n < per_ellipse; ++n) {
            // Half inside (radius factor < 1), half outside (1 to 3 times the ellipse).
            const bool inside = n % 2 == 0;
            const double radius = inside ? rng.uniform(0.0, 1.0) : rng.uniform(1.0, 3.0);
            const double theta = rng.uniform(0.0, 2 * M_PI);
            const Vec2 y{std::abs(w.w1) * radius * std::cos(theta),
                         std::abs(w.w2) * radius * std::sin(theta)};
            const auto exact = ebm::ellipse_distance(w, y);
            const auto scan = dense_scan(tables, w, y);
            const double scale = std::max(1.0, scan.squared_distance);
            INFO("w = (" << w.w1 << ", " << w.w2 << "), y = (" << y[0] << ", " << y[1] << ")");
            INFO("exact d² = " << exact.squared_distance << " at z = " << exact.z
                               << "; scan d² = " << scan.squared_distance << " at z = " << scan.z);
            const double error = std::abs(exact.squared_distance - scan.squared_distance) / scale;
            worst_error = std::max(worst_error, error);
            CHECK(error < 1e-10);
            // The scan only samples the ellipse: the exact minimum can never be above it.
            CHECK(exact.squared_distance <= scan.squared_distance + 1e-14 * scale);
            // The angle reproduces the distance through the model's own energy.
            CHECK(std::abs(energy(w, y, exact.z) - exact.squared_distance) < 1e-12 * scale);
            CHECK(exact.z >= 0.0);
            CHECK(exact.z < 2 * M_PI);
            most_iterations = std::max(most_iterations, exact.iterations);
            // Angles are comparable only where the minimum is unique and curved:
            // elsewhere golden section cannot locate it to better than ε^(1/4).
            if (scan.runner_up_gap > 1e-6 && ebm::energy_dz2(w, y, exact.z) > 1e-2) {
                ++angles_compared;
                CHECK(angle_difference(exact.z, scan.z) < 1e-6);
            }
        }
    }
    WARN("exact vs scan: worst relative d² error " << worst_error << ", " << angles_compared
                                                  << " angles compared, at most " << most_iterations
                                                  << " bisection steps");
    CHECK(angles_compared > 9000);
}

TEST_CASE("special points: centre, axes, manifold", "[ellipse_distance]") {
    const EllipseParams w{2.0, 1.5};
    struct Case {
        Vec2 y;
        double squared_distance, z;
    };
    // Semi-axes 2 (y1) and 1.5 (y2): the evolute's cusp on the y1 axis is at
    // (4 − 2.25)/2 = 0.875; inside it, the closest points leave the axis.
    const std::vector<Case> cases = {
        {{0.0, 0.0}, 2.25, M_PI / 2},       // centre: the minor vertex (tie goes to +y2)
        {{3.0, 0.0}, 1.0, 0.0},             // major axis, outside
        {{-3.0, 0.0}, 1.0, M_PI},           //
        {{1.0, 0.0}, 1.0, 0.0},             // major axis, inside, beyond the cusp
        {{0.0, 3.0}, 2.25, M_PI / 2},       // minor axis, outside
        {{0.0, -2.0}, 0.25, 3 * M_PI / 2},  //
        {{0.0, 1.0}, 0.25, M_PI / 2},       // minor axis, inside
        {{0.0, -0.5}, 1.0, 3 * M_PI / 2},   //
        // Inside the cusp at (0.5, 0): x1 = 2·(1/1.75), x2 = 1.5·sqrt(1 − (1/1.75)²).
        {{0.5, 0.0},
         (0.5 - 2.0 / 1.75) * (0.5 - 2.0 / 1.75) + 2.25 * (1.0 - 1.0 / (1.75 * 1.75)),
         std::acos(1.0 / 1.75)},
    };
    for (const auto& c : cases) {
        const auto exact = ebm::ellipse_distance(w, c.y);
        INFO("y = (" << c.y[0] << ", " << c.y[1] << ")");
        CHECK(exact.squared_distance == Approx(c.squared_distance).epsilon(1e-14));
        CHECK(angle_difference(exact.z, c.z) < 1e-14);
    }
    // The mirror images of the cusp point: the same distance, mirrored angles.
    CHECK(ebm::ellipse_distance(w, {-0.5, 0.0}).squared_distance ==
          Approx(cases.back().squared_distance).epsilon(1e-14));
    CHECK(angle_difference(ebm::ellipse_distance(w, {-0.5, 0.0}).z, M_PI - std::acos(1.0 / 1.75)) < 1e-14);

    // Points of the manifold are at distance 0, at their own angle.
    for (int k = 0; k < 100; ++k) {
        const double z = 2 * M_PI * (k + 0.37) / 100;
        const Vec2 on = ebm::decoder_forward(w, z);
        const auto exact = ebm::ellipse_distance(w, on);
        CHECK(exact.squared_distance < 1e-28);
        CHECK(angle_difference(exact.z, z) < 1e-12);
    }
}

TEST_CASE("circles, swapped axes, negative and zero semi-axes", "[ellipse_distance]") {
    // Circle of radius 1: d² = (|y| − 1)², z = atan2(y2, y1); the centre goes to (1, 0).
    const auto circle = ebm::ellipse_distance({1.0, 1.0}, {3.0, 4.0});
    CHECK(circle.squared_distance == Approx(16.0).epsilon(1e-14));
    CHECK(angle_difference(circle.z, std::atan2(4.0, 3.0)) < 1e-14);
    const auto circle_centre = ebm::ellipse_distance({1.0, 1.0}, {0.0, 0.0});
    CHECK(circle_centre.squared_distance == 1.0);
    CHECK(circle_centre.z == 0.0);
    const auto circle_inside = ebm::ellipse_distance({1.0, 1.0}, {-0.3, 0.4});
    CHECK(circle_inside.squared_distance == Approx(0.25).epsilon(1e-14));
    CHECK(angle_difference(circle_inside.z, std::atan2(0.4, -0.3)) < 1e-14);

    // Swapping the axes swaps the roles of y1 and y2.
    const auto wide = ebm::ellipse_distance({2.0, 1.5}, {0.5, 0.3});
    const auto tall = ebm::ellipse_distance({1.5, 2.0}, {0.3, 0.5});
    CHECK(tall.squared_distance == Approx(wide.squared_distance).epsilon(1e-14));
    CHECK(angle_difference(tall.z, M_PI / 2 - wide.z) < 1e-12);

    // Negative w: the same ellipse, but z must still satisfy g(z) = closest point.
    const auto flipped1 = ebm::ellipse_distance({-2.0, 1.5}, {3.0, 0.0});
    CHECK(flipped1.squared_distance == 1.0);
    CHECK(angle_difference(flipped1.z, M_PI) < 1e-15);
    const auto flipped2 = ebm::ellipse_distance({2.0, -1.5}, {0.0, 3.0});
    CHECK(flipped2.squared_distance == 2.25);
    CHECK(angle_difference(flipped2.z, 3 * M_PI / 2) < 1e-15);

    // w2 = 0: the segment [−2, 2] × {0}, g(z) = (2 cos z, 0).
    const auto segment = ebm::ellipse_distance({2.0, 0.0}, {1.0, 1.0});
    CHECK(segment.squared_distance == 1.0);
    CHECK(angle_difference(segment.z, M_PI / 3) < 1e-15);
    CHECK(ebm::ellipse_distance({2.0, 0.0}, {3.0, 1.0}).squared_distance == 2.0);
    CHECK(ebm::ellipse_distance({2.0, 0.0}, {-3.0, -1.0}).squared_distance == 2.0);
    CHECK(angle_difference(ebm::ellipse_distance({2.0, 0.0}, {-3.0, -1.0}).z, M_PI) < 1e-15);
    // w1 = 0: the segment {0} × [−1.5, 1.5], g(z) = (0, 1.5 sin z).
    const auto upright = ebm::ellipse_distance({0.0, 1.5}, {1.0, 1.0});
    CHECK(upright.squared_distance == 1.0);
    CHECK(angle_difference(upright.z, std::asin(1.0 / 1.5)) < 1e-15);
    CHECK(angle_difference(ebm::ellipse_distance({0.0, 1.5}, {0.0, -4.0}).z, 3 * M_PI / 2) < 1e-15);
    // w = 0: the single point 0.
    CHECK(ebm::ellipse_distance({0.0, 0.0}, {1.0, 2.0}).squared_distance == 5.0);

    // Every case: the reported angle reproduces the distance through E(y, z).
    ebm::Rng rng(7);
    for (const EllipseParams& w : std::vector<EllipseParams>{
             {2.0, 0.0}, {0.0, -1.5}, {-1.0, -1.0}, {0.0, 0.0}, {-0.35, 1.5}}) {
        for (int n = 0; n < 200; ++n) {
            const Vec2 y{rng.uniform(-4, 4), rng.uniform(-4, 4)};
            const auto exact = ebm::ellipse_distance(w, y);
            CHECK(std::abs(energy(w, y, exact.z) - exact.squared_distance) <
                  1e-12 * std::max(1.0, exact.squared_distance));
        }
    }
}

TEST_CASE("points next to the major axis inside the cusp keep full precision", "[ellipse_distance]") {
    // There s + 1 is tiny and the Lagrange multiplier s alone would have lost it
    // to the rounding of −1 (relative error 1e-9 at y2 = 1e-8 before the fix).
    const ScanTables tables;
    for (const EllipseParams& w : std::vector<EllipseParams>{{2.0, 1.5}, {1.5, 2.0}, {1.0, 0.999}}) {
        const bool y1_is_major = std::abs(w.w1) >= std::abs(w.w2);
        const double cusp = (w.w1 * w.w1 - w.w2 * w.w2) / std::max(std::abs(w.w1), std::abs(w.w2));
        for (double along : {0.1, 0.5, 0.9}) {
            for (double off : {1e-4, -1e-8, 1e-12, -1e-300}) {
                const double major = along * std::abs(cusp);
                const Vec2 y = y1_is_major ? Vec2{major, off} : Vec2{off, major};
                const auto exact = ebm::ellipse_distance(w, y);
                const auto scan = dense_scan(tables, w, y);
                INFO("w = (" << w.w1 << ", " << w.w2 << "), y = (" << y[0] << ", " << y[1] << ")");
                CHECK(exact.squared_distance == Approx(scan.squared_distance).epsilon(1e-13));
            }
        }
    }
}

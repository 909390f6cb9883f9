// Helpers shared by the unit tests: finite differences and error measures.
//
// Every analytic derivative is checked against a central difference
// (f(x + h) − f(x − h)) / 2h, whose error is O(h²) from truncation plus
// O(ε·|f| / h) from rounding; h = 1e-5 balances both near 1e-11 for the O(1)
// quantities tested here, far below the 1e-6 the tests demand.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace ebm_test {

constexpr double finite_difference_step = 1e-5;

template <typename Function>
double central_difference(const Function& f, double x, double h = finite_difference_step) {
    return (f(x + h) - f(x - h)) / (2.0 * h);
}

// |a − b| relative to the larger magnitude, floored at 1 so that a derivative
// that is nearly zero is compared in absolute terms.
inline double relative_error(double a, double b) {
    return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1.0});
}

// Every analytic derivative analytic[i] = ∂loss/∂values[i] against a central
// difference of loss(), perturbing values[i] in place and restoring it.
template <typename Values, typename Analytic, typename Loss>
void check_against_central_differences(Values& values, const Analytic& analytic, const Loss& loss, double tolerance,
                                       const char* what = "value") {
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto saved = values[i];
        const double numeric = central_difference(
            [&](double v) {
                values[i] = v;
                return loss();
            },
            saved);
        values[i] = saved;
        INFO(what << " " << i);
        CHECK(relative_error(analytic[i], numeric) < tolerance);
    }
}

}  // namespace ebm_test

// Tests of lib/core/mean_in_order: the mean is the sum in index order (whose
// rounding differs from other orders: checked on values where it does), of a
// vector, an xtensor, a view and chosen rows alike; NaN of nothing.
#include "mean_in_order.hpp"

#include <catch2/catch.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include <cmath>
#include <vector>

using namespace ebm;

TEST_CASE("the mean adds in index order, for vectors, xtensors and views", "[mean_in_order]") {
    // 1 + 1e-16 + 1e-16 rounds to 1 at each step in this order; the other order gives 1 + 2.2e-16.
    const std::vector<double> values = {1.0, 1e-16, 1e-16, -1.0};
    CHECK(mean_in_order(values) == 0.0);
    CHECK(mean_in_order(std::vector<double>{1e-16, 1e-16, 1.0, -1.0}) == ((1e-16 + 1e-16) + 1.0 - 1.0) / 4);
    const xt::xtensor<double, 2> table = {{1.0, 2.0, 4.0}, {1.0, 1e-16, 1e-16}};
    CHECK(mean_in_order(xt::xtensor<double, 1>{1.0, 2.0, 4.0}) == 7.0 / 3);
    CHECK(mean_in_order(xt::view(table, 0, xt::all())) == 7.0 / 3);
    CHECK(mean_in_order(xt::view(table, 1, xt::all())) == 1.0 / 3);
}

TEST_CASE("the mean of chosen rows adds them in the order given", "[mean_in_order]") {
    const xt::xtensor<double, 1> values = {1e-16, 5.0, 1.0, 1e-16};
    CHECK(mean_in_order(values, {2, 0, 3}) == 1.0 / 3);
    CHECK(mean_in_order(values, {0, 3, 2}) == ((1e-16 + 1e-16) + 1.0) / 3);
    CHECK(mean_in_order(values, {1}) == 5.0);
}

TEST_CASE("the mean of nothing is NaN", "[mean_in_order]") {
    CHECK(std::isnan(mean_in_order(std::vector<double>{})));
    CHECK(std::isnan(mean_in_order(xt::xtensor<double, 1>{1.0}, {})));
}

// Tests of lib/relu: values, the derivative off and at the kink.
#include "numerical_checks.hpp"
#include "relu.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace ebm;

TEST_CASE("relu is max(0, x), in place too", "[relu]") {
    std::vector<double> values{-2, -0.0, 0, 1e-300, 3};
    std::vector<double> out(5);
    relu_forward(out.data(), values.data(), 5);
    CHECK(out == std::vector<double>{0, 0, 0, 1e-300, 3});
    relu_forward(values.data(), values.data(), 5);
    CHECK(values == out);
}

TEST_CASE("relu backward matches central differences off the kink and takes 0 at it", "[relu]") {
    const std::vector<double> inp{-1.3, -0.2, 0.4, 2.5, 0.0};
    const std::vector<double> dout{0.7, -1.1, 0.3, 2.0, 5.0};
    std::vector<double> dinp(5, 1.0);  // overwritten
    relu_backward(dinp.data(), dout.data(), inp.data(), 5);
    for (std::size_t i = 0; i < 4; ++i) {
        const double numeric = ebm_test::central_difference(
            [&](double v) {
                double out;
                relu_forward(&out, &v, 1);
                return dout[i] * out;
            },
            inp[i]);
        CHECK(dinp[i] == Approx(numeric).margin(1e-9));
    }
    CHECK(dinp[4] == 0.0);  // the kink: derivative 0, as PyTorch
    // In place: the gradient arriving at the ReLU's output becomes its input's.
    std::vector<double> gradient = dout;
    relu_backward(gradient.data(), gradient.data(), inp.data(), 5);
    CHECK(gradient == dinp);
}

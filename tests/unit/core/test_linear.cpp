// Tests of lib/linear: a hand calculation, finite-difference gradients, the
// vectorised kernels against plain loops bit for bit, PyTorch's initialisation.
//
// Legend: B rows, C inputs, OC outputs; weight (OC, C), bias (OC); inp (C, B)
// and out (OC, B) feature-major.
#include "linear.hpp"
#include "numerical_checks.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace ebm;
using ebm_test::central_difference;
using ebm_test::relative_error;

namespace {
std::vector<double> random_values(std::size_t count, std::uint64_t stream) {
    Rng rng(99, stream);
    std::vector<double> values(count);
    for (double& value : values) value = rng.uniform(-1.5, 1.5);
    return values;
}
}  // namespace

TEST_CASE("linear forward is inp · weightᵀ + bias", "[linear]") {
    // B = 2, C = 3, OC = 2: rows (1, 2, 3) and (−1, 0, 2), feature-major.
    const std::vector<double> inp{1, -1, 2, 0, 3, 2};
    const std::vector<double> weight{1, 0, -1, 0.5, 2, 1};
    const std::vector<double> bias{0.25, -1};
    std::vector<double> out(4);
    linear_forward(out.data(), inp.data(), weight.data(), bias.data(), 2, 3, 2);
    CHECK(out[0] == 1 - 3 + 0.25);         // (1, 2, 3)·(1, 0, −1) + 0.25
    CHECK(out[1] == -1 - 2 + 0.25);        // (−1, 0, 2)·(1, 0, −1) + 0.25
    CHECK(out[2] == 0.5 + 4 + 3 - 1);      // (1, 2, 3)·(0.5, 2, 1) − 1
    CHECK(out[3] == -0.5 + 0 + 2 - 1);     // (−1, 0, 2)·(0.5, 2, 1) − 1
    linear_forward(out.data(), inp.data(), weight.data(), nullptr, 2, 3, 2);
    CHECK(out[0] == -2);
}

TEST_CASE("linear backward matches central finite differences; the parameters' gradients accumulate", "[linear]") {
    const std::size_t B = 3, C = 4, OC = 5;
    auto inp = random_values(B * C, 1), weight = random_values(OC * C, 2), bias = random_values(OC, 3);
    const auto dout = random_values(B * OC, 4);  // L = Σ dout ⊙ out, so ∂L/∂out = dout
    const auto loss = [&] {
        std::vector<double> out(B * OC);
        linear_forward(out.data(), inp.data(), weight.data(), bias.data(), B, C, OC);
        double sum = 0;
        for (std::size_t i = 0; i < out.size(); ++i) sum += dout[i] * out[i];
        return sum;
    };
    std::vector<double> dinp(B * C, 0.0), dweight(OC * C, 0.0), dbias(OC, 0.0);
    linear_backward(dinp.data(), dweight.data(), dbias.data(), dout.data(), inp.data(), weight.data(), B, C, OC);
    const auto check = [&](std::vector<double>& values, const std::vector<double>& analytic) {
        ebm_test::check_against_central_differences(values, analytic, loss, 1e-8);
    };
    check(inp, dinp);
    check(weight, dweight);
    check(bias, dbias);

    // A second call adds the weights' gradient again and writes the input's
    // anew; null outputs are skipped.
    const auto once = dweight, dinp_once = dinp;
    linear_backward(dinp.data(), dweight.data(), nullptr, dout.data(), inp.data(), weight.data(), B, C, OC);
    for (std::size_t i = 0; i < once.size(); ++i) CHECK(dweight[i] == Approx(2 * once[i]).epsilon(1e-14));
    CHECK(dinp == dinp_once);
}

TEST_CASE("the linear kernels give the bits of plain loops, whatever the shape and the vector clone", "[linear]") {
    // Shapes with whole blocks of rows, inputs and outputs and with every kind of remainder.
    for (const std::size_t B : {1, 5, 16, 37, 64})
        for (const std::size_t C : {1, 3, 8, 9})
            for (const std::size_t OC : {1, 2, 5, 8}) {
                INFO("B " << B << ", C " << C << ", OC " << OC);
                const auto inp = random_values(C * B, 5), weight = random_values(OC * C, 6), bias = random_values(OC, 7);
                const auto dout = random_values(OC * B, 8);
                std::vector<double> out(OC * B), expected_out(OC * B);
                linear_forward(out.data(), inp.data(), weight.data(), bias.data(), B, C, OC);
                // The parameters' gradients add onto what is there: start from values that are not 0.
                auto dinp = random_values(C * B, 9), dweight = random_values(OC * C, 10), dbias = random_values(OC, 11);
                std::vector<double> expected_dinp(C * B, 0.0);
                auto expected_dweight = dweight, expected_dbias = dbias;
                linear_backward(dinp.data(), dweight.data(), dbias.data(), dout.data(), inp.data(), weight.data(), B, C,
                                OC);
                for (std::size_t o = 0; o < OC; ++o)
                    for (std::size_t b = 0; b < B; ++b) {
                        double sum = bias[o];
                        for (std::size_t c = 0; c < C; ++c) sum += inp[c * B + b] * weight[o * C + c];
                        expected_out[o * B + b] = sum;
                    }
                for (std::size_t c = 0; c < C; ++c)
                    for (std::size_t b = 0; b < B; ++b)
                        for (std::size_t o = 0; o < OC; ++o) expected_dinp[c * B + b] += dout[o * B + b] * weight[o * C + c];
                for (std::size_t o = 0; o < OC; ++o)
                    for (std::size_t b = 0; b < B; ++b) {
                        for (std::size_t c = 0; c < C; ++c) expected_dweight[o * C + c] += dout[o * B + b] * inp[c * B + b];
                        expected_dbias[o] += dout[o * B + b];
                    }
                CHECK(out == expected_out);
                CHECK(dinp == expected_dinp);
                CHECK(dweight == expected_dweight);
                CHECK(dbias == expected_dbias);
            }
}

TEST_CASE("linear init is PyTorch's uniform(−1/√C, 1/√C), weights then biases, from the seed", "[linear]") {
    const std::size_t C = 8, OC = 8;
    std::vector<double> weight(OC * C), bias(OC);
    Rng rng(5);
    linear_init(weight.data(), bias.data(), C, OC, rng);
    Rng replay(5);
    const double bound = 1 / std::sqrt(8.0);
    for (double w : weight) CHECK(w == replay.uniform(-bound, bound));
    for (double b : bias) CHECK(b == replay.uniform(-bound, bound));
    double largest = 0;
    for (double w : weight) largest = std::max(largest, std::abs(w));
    CHECK(largest < bound);
    CHECK(largest > 0.8 * bound);  // 64 draws reach near the bound
}

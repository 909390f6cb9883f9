// Tests of lib/mlp: forward against the layers by hand, finite-difference
// gradients (parameters and input), and the parameter blocks a model file names.
//
// Legend: B rows, P parameters; widths w_0 … w_L.
#include "errors.hpp"
#include "linear.hpp"
#include "mlp.hpp"
#include "numerical_checks.hpp"
#include "relu.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

namespace fs = std::filesystem;
using namespace ebm;
using ebm_test::central_difference;
using ebm_test::relative_error;

namespace {
}  // namespace

TEST_CASE("an MLP's layout: parameter count, offsets, description, PyTorch module names", "[mlp]") {
    const Mlp f({1, 8, 8, 2});
    CHECK(f.layer_count() == 3);
    CHECK(f.parameter_count() == (8 + 8) + (64 + 8) + (16 + 2));
    CHECK(f.weight_offset(0) == 0);
    CHECK(f.bias_offset(0) == 8);
    CHECK(f.weight_offset(1) == 16);
    CHECK(f.bias_offset(2) == 16 + 72 + 16);
    CHECK(f.describe() == "Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→2)");
    CHECK_THROWS_AS(Mlp({3}), std::invalid_argument);
    CHECK_THROWS_AS(Mlp({3, 0, 2}), std::invalid_argument);
}

TEST_CASE("MLP forward is the layers composed by hand", "[mlp]") {
    const Mlp mlp({2, 3, 2});
    std::vector<double> params(mlp.parameter_count());
    Rng rng(3);
    mlp.initialise(params.data(), rng);
    const std::vector<double> input{0.5, -1.0, 2.0, 0.25};  // (B = 2, 2)
    MlpActivations activations;
    mlp.forward(activations, params.data(), input.data(), 2);
    // The layers take feature-major batches (linear.hpp): input (2, B), hidden (3, B), out (2, B).
    const std::vector<double> columns{0.5, 2.0, -1.0, 0.25};
    std::vector<double> hidden(6), out(4);
    linear_forward(hidden.data(), columns.data(), &params[0], &params[6], 2, 2, 3);
    relu_forward(hidden.data(), hidden.data(), 6);
    linear_forward(out.data(), hidden.data(), &params[9], &params[15], 2, 3, 2);
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t o = 0; o < 2; ++o) CHECK(activations.output()[b * 2 + o] == out[o * 2 + b]);
}

TEST_CASE("MLP backward matches central finite differences for every parameter and input", "[mlp]") {
    const Mlp mlp({3, 6, 5, 2});
    const std::size_t B = 4;
    std::vector<double> params(mlp.parameter_count());
    Rng rng(11);
    mlp.initialise(params.data(), rng);
    std::vector<double> input(B * 3), dout(B * 2);
    for (double& v : input) v = rng.uniform(-2, 2);
    for (double& v : dout) v = rng.uniform(-1, 1);
    const auto loss = [&] {
        MlpActivations activations;
        mlp.forward(activations, params.data(), input.data(), B);
        double sum = 0;
        for (std::size_t i = 0; i < B * 2; ++i) sum += dout[i] * activations.output()[i];
        return sum;
    };
    MlpActivations activations;
    mlp.forward(activations, params.data(), input.data(), B);
    // No pre-activation sits within the step of the kink, or the difference would straddle it.
    for (const auto& layer : activations.outputs)
        for (double v : layer) REQUIRE(std::abs(v) > 1e-4);
    std::vector<double> dparams(params.size(), 0.0), dinput(input.size(), 0.0);
    mlp.backward(dparams.data(), dinput.data(), dout.data(), activations, params.data());
    const auto check = [&](std::vector<double>& values, const std::vector<double>& analytic) {
        ebm_test::check_against_central_differences(values, analytic, loss, 1e-8);
    };
    check(params, dparams);
    check(input, dinput);
    // dparams may be null when only the input gradient is wanted.
    std::vector<double> dinput_only(input.size(), 0.0);
    mlp.backward(nullptr, dinput_only.data(), dout.data(), activations, params.data());
    CHECK(dinput_only == dinput);
}

TEST_CASE("MLP parameter blocks are PyTorch's state_dict names and tile the vector", "[mlp]") {
    const Mlp f({1, 8, 8, 2});
    const auto blocks = f.parameter_blocks("f", 10);
    REQUIRE(blocks.size() == 6);
    CHECK(blocks[0].name == "f/0/weight");
    CHECK(blocks[0].shape == std::vector<std::size_t>{8, 1});
    CHECK(blocks[3].name == "f/2/bias");
    CHECK(blocks[4].name == "f/4/weight");
    CHECK(blocks[4].shape == std::vector<std::size_t>{2, 8});
    CHECK(blocks[4].role == "layer 4 of /params/f is Linear(8→2)");
    // One after another from the offset, covering all P parameters once.
    std::size_t next = 10;
    for (const auto& block : blocks) {
        CHECK(block.offset == next);
        next += block.size();
    }
    CHECK(next == 10 + f.parameter_count());
}

TEST_CASE("spread_kinks puts each hidden unit's kink at its quantile of the inputs and keeps the weights", "[mlp]") {
    const Mlp f({1, 8, 8, 2});
    std::vector<double> params(f.parameter_count());
    Rng rng(5);
    f.initialise(params.data(), rng);
    const std::vector<double> before = params;
    const std::size_t B = 201;
    std::vector<double> x(B);
    for (std::size_t b = 0; b < B; ++b) x[b] = double(b) / double(B - 1);
    Rng kinks(9);
    f.spread_kinks(params.data(), x.data(), B, kinks);
    // Only the hidden layers' biases change.
    for (std::size_t l = 0; l < f.layer_count(); ++l) {
        for (std::size_t k = f.weight_offset(l); k < f.bias_offset(l); ++k) CHECK(params[k] == before[k]);
        if (l + 1 == f.layer_count())
            for (std::size_t k = f.bias_offset(l); k < f.bias_offset(l) + 2; ++k) CHECK(params[k] == before[k]);
    }
    // By hand, layer by layer: unit i of a hidden layer is below zero on about
    // q_i B of the inputs (its kink sits at that quantile), q_i in [i/8, (i+1)/8[:
    // every unit alive on part of [0, 1], dead on the rest.
    std::vector<double> h1(B * 8), h2(B * 8);
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t i = 0; i < 8; ++i)
            h1[b * 8 + i] = params[f.weight_offset(0) + i] * x[b] + params[f.bias_offset(0) + i];
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t i = 0; i < 8; ++i) {
            double sum = params[f.bias_offset(1) + i];
            for (std::size_t j = 0; j < 8; ++j) sum += params[f.weight_offset(1) + i * 8 + j] * std::max(0.0, h1[b * 8 + j]);
            h2[b * 8 + i] = sum;
        }
    for (const auto* layer : {&h1, &h2})
        for (std::size_t i = 0; i < 8; ++i) {
            std::size_t dead = 0;
            for (std::size_t b = 0; b < B; ++b) dead += (*layer)[b * 8 + i] <= 1e-12;
            INFO("unit " << i << " dead on " << dead << " of " << B);
            CHECK(dead + 1 >= std::size_t(double(i) / 8 * (B - 1)));
            CHECK(dead <= std::size_t(double(i + 1) / 8 * (B - 1)) + 1);
        }
}

// Tests of lib/loss: hand-computed values, central finite differences for
// every gradient, stability at extreme arguments, names and validation.
//
// Legend: F(y) = f_sample, F(ŷ_k) = f_contrastive[k] (K of them), m margin.
#include "loss.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace ebm;
using Catch::Matchers::Contains;

namespace {

struct LossPoint {
    double f_sample;
    std::vector<double> f_contrastive;  // (K)
};

// Points chosen off every kink for the parameters below (margin 1.1, δ 0.5):
// hinge kink at F(y) − F(ȳ) = −1.1, perceptron at F(y) = F(ȳ), square-square
// at F(ȳ) = 1.1, lvq2 at F(y) = F(ȳ) and F(y) = 1.5 F(ȳ); each kink has points
// on both sides (comments give F(y) − F(ȳ) and the regime).
const std::vector<LossPoint> points_off_kinks = {
    {0.1, {2.0}},            // −1.9: hinge off; y wins
    {0.2, {1.5}},            // −1.3: hinge off
    {0.2, {1.0}},            // −0.8: hinge on; square-square shortfall on
    {0.3, {0.7}},            // −0.4
    {0.8, {1.0}},            // −0.2: lvq2 zero
    {1.2, {1.0}},            // +0.2: lvq2 linear part; perceptron on
    {1.7, {1.0}},            // +0.7: lvq2 saturated
    {2.0, {0.5}},            // +1.5
    {0.3, {1.3, 2.0, 0.9}},  // −0.6 against the third of three
    {2.5, {3.0, 2.0, 4.0}},  // +0.5 against the second; lvq2 linear part
    {0.4, {1.6, 1.2}},       // −0.8; square-square off (F(ȳ) > m)
};

LossParams params_off_kinks() {
    LossParams params;
    params.margin = 1.1;
    params.gamma = 0.7;
    params.lvq2_delta = 0.5;
    params.nll_beta = 2.0;
    return params;
}

// |analytic − numeric| relative to the larger magnitude; both exactly zero on
// a flat piece is a pass (the finite difference of a constant is exactly 0).
bool derivatives_agree(double analytic, double numeric, double relative_tolerance) {
    const double scale = std::max(std::abs(analytic), std::abs(numeric));
    if (scale == 0.0) return true;
    return std::abs(analytic - numeric) <= relative_tolerance * scale;
}

}  // namespace

TEST_CASE("every loss's gradient matches central finite differences", "[loss]") {
    const LossParams params = params_off_kinks();
    const double h = 1e-5;
    std::vector<LossParams> param_sets = {params};
    LossParams zero_temperature = params;
    zero_temperature.nll_beta = INFINITY;  // nll's β = ∞ branch (perceptron)
    param_sets.push_back(zero_temperature);

    for (const auto& param_set : param_sets) {
        for (LossKind kind : all_loss_kinds()) {
            for (const auto& point : points_off_kinks) {
                INFO("loss " << loss_name(kind) << ", F(y) = " << point.f_sample
                             << ", nll beta = " << param_set.nll_beta);
                const LossGradient gradient = loss_backward(kind, param_set, point.f_sample, point.f_contrastive);
                REQUIRE(gradient.df_contrastive.size() == point.f_contrastive.size());

                const double numeric_df_sample =
                    (loss_forward(kind, param_set, point.f_sample + h, point.f_contrastive) -
                     loss_forward(kind, param_set, point.f_sample - h, point.f_contrastive)) /
                    (2 * h);
                INFO("dF(y): analytic " << gradient.df_sample << ", numeric " << numeric_df_sample);
                CHECK(derivatives_agree(gradient.df_sample, numeric_df_sample, 1e-6));

                for (std::size_t k = 0; k < point.f_contrastive.size(); ++k) {
                    auto plus = point.f_contrastive, minus = point.f_contrastive;
                    plus[k] += h;
                    minus[k] -= h;
                    const double numeric_df_contrastive =
                        (loss_forward(kind, param_set, point.f_sample, plus) -
                         loss_forward(kind, param_set, point.f_sample, minus)) /
                        (2 * h);
                    INFO("dF(yhat_" << k << "): analytic " << gradient.df_contrastive[k] << ", numeric "
                                    << numeric_df_contrastive);
                    CHECK(derivatives_agree(gradient.df_contrastive[k], numeric_df_contrastive, 1e-6));
                }
            }
        }
    }
}

TEST_CASE("a batch's loss is the sum in order and each sample's gradient, as sample by sample", "[loss]") {
    const LossParams params = params_off_kinks();
    // Three samples with two contrastive samples each, the batch layout: F (n), then F̂ (n, K).
    const std::vector<double> f_sample{0.3, 2.5, 0.4}, f_contrastive{1.3, 0.9, 3.0, 2.0, 1.6, 1.2};
    const std::size_t n = 3, K = 2;
    for (LossKind kind : all_loss_kinds()) {
        INFO("loss " << loss_name(kind));
        std::vector<double> df_sample(n), df_contrastive(n * K, -1.0);
        const double loss = loss_batch(kind, params, f_sample.data(), f_contrastive.data(), n, K, df_sample.data(),
                                       df_contrastive.data());
        double expected = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const std::vector<double> offered(f_contrastive.begin() + long(i * K), f_contrastive.begin() + long((i + 1) * K));
            expected += loss_forward(kind, params, f_sample[i], offered);
            const LossGradient gradient = loss_backward(kind, params, f_sample[i], offered);
            CHECK(df_sample[i] == gradient.df_sample);
            for (std::size_t k = 0; k < K; ++k) CHECK(df_contrastive[i * K + k] == gradient.df_contrastive[k]);
        }
        CHECK(loss == expected);
    }
}

TEST_CASE("the finite-difference test sees both sides of each kink", "[loss]") {
    // Guards the test above: were every point on one side, a wrong branch
    // would go unnoticed.
    const LossParams params = params_off_kinks();
    int hinge_on = 0, hinge_off = 0, lvq2_zero = 0, lvq2_linear = 0, lvq2_saturated = 0;
    int square_on = 0, square_off = 0, perceptron_on = 0, perceptron_off = 0;
    for (const auto& point : points_off_kinks) {
        const double f_offending = *std::min_element(point.f_contrastive.begin(), point.f_contrastive.end());
        const double hinge = hinge_loss_forward(point.f_sample, f_offending, params.margin);
        (hinge > 0 ? hinge_on : hinge_off)++;
        const double lvq2 = lvq2_loss_forward(point.f_sample, f_offending, params.lvq2_delta);
        (lvq2 == 0 ? lvq2_zero : lvq2 == 1 ? lvq2_saturated : lvq2_linear)++;
        (f_offending < params.margin ? square_on : square_off)++;
        (point.f_sample > f_offending ? perceptron_on : perceptron_off)++;
    }
    CHECK(hinge_on > 0);
    CHECK(hinge_off > 0);
    CHECK(lvq2_zero > 0);
    CHECK(lvq2_linear > 0);
    CHECK(lvq2_saturated > 0);
    CHECK(square_on > 0);
    CHECK(square_off > 0);
    CHECK(perceptron_on > 0);
    CHECK(perceptron_off > 0);
}

TEST_CASE("hand-computed values of each loss", "[loss]") {
    SECTION("energy: l = F(y)") {
        CHECK(energy_loss_forward(0.7) == 0.7);
        CHECK(energy_loss_backward() == 1.0);
    }
    SECTION("hinge, m = 1") {
        // 1 + 0.2 − 1.0 = 0.2 > 0: both energies move.
        CHECK(hinge_loss_forward(0.2, 1.0, 1.0) == Approx(0.2));
        CHECK(hinge_loss_backward(0.2, 1.0, 1.0).df_sample == 1.0);
        CHECK(hinge_loss_backward(0.2, 1.0, 1.0).df_offending == -1.0);
        // 1 + 0.2 − 1.5 = −0.3: margin met, no loss, no gradient.
        CHECK(hinge_loss_forward(0.2, 1.5, 1.0) == 0.0);
        CHECK(hinge_loss_backward(0.2, 1.5, 1.0).df_sample == 0.0);
        CHECK(hinge_loss_backward(0.2, 1.5, 1.0).df_offending == 0.0);
    }
    SECTION("log") {
        // softplus(0) = log 2, slope σ(0) = 1/2.
        CHECK(log_loss_forward(1.0, 1.0) == Approx(std::log(2.0)));
        CHECK(log_loss_backward(1.0, 1.0).df_sample == Approx(0.5));
        CHECK(log_loss_backward(1.0, 1.0).df_offending == Approx(-0.5));
        // softplus(log 3) = log 4, σ(log 3) = 3/4.
        const double f_sample = std::log(3.0) + 0.5;
        CHECK(log_loss_forward(f_sample, 0.5) == Approx(std::log(4.0)));
        CHECK(log_loss_backward(f_sample, 0.5).df_sample == Approx(0.75));
        CHECK(log_loss_backward(f_sample, 0.5).df_offending == Approx(-0.75));
    }
    SECTION("square-square, m = 1") {
        // 0.5² + (1 − 0.25)² = 0.25 + 0.5625; gradients 2·0.5 and −2·0.75.
        CHECK(square_square_loss_forward(0.5, 0.25, 1.0) == Approx(0.8125));
        CHECK(square_square_loss_backward(0.5, 0.25, 1.0).df_sample == Approx(1.0));
        CHECK(square_square_loss_backward(0.5, 0.25, 1.0).df_offending == Approx(-1.5));
        // F(ȳ) = 2 > m: only the F(y)² term is left.
        CHECK(square_square_loss_forward(0.5, 2.0, 1.0) == Approx(0.25));
        CHECK(square_square_loss_backward(0.5, 2.0, 1.0).df_offending == 0.0);
    }
    SECTION("square-exp, gamma = 2") {
        // 0.5² + 2 e^{−log 2} = 0.25 + 1; ∂/∂F(ȳ) = −2 e^{−log 2} = −1.
        CHECK(square_exp_loss_forward(0.5, std::log(2.0), 2.0) == Approx(1.25));
        CHECK(square_exp_loss_backward(0.5, std::log(2.0), 2.0).df_sample == Approx(1.0));
        CHECK(square_exp_loss_backward(0.5, std::log(2.0), 2.0).df_offending == Approx(-1.0));
        CHECK(square_exp_loss_forward(0.0, 0.0, 2.0) == Approx(2.0));
        CHECK(square_exp_loss_backward(0.0, 0.0, 2.0).df_offending == Approx(-2.0));
    }
    SECTION("lvq2, delta = 0.5") {
        // (1.2 − 1)/(0.5·1) = 0.4; ∂/∂F(y) = 1/(δF(ȳ)) = 2, ∂/∂F(ȳ) = −F(y)/(δF(ȳ)²) = −2.4.
        CHECK(lvq2_loss_forward(1.2, 1.0, 0.5) == Approx(0.4));
        CHECK(lvq2_loss_backward(1.2, 1.0, 0.5).df_sample == Approx(2.0));
        CHECK(lvq2_loss_backward(1.2, 1.0, 0.5).df_offending == Approx(-2.4));
        // Ratio (2 − 1)/0.5 = 2 saturates at 1; y below ȳ gives 0.
        CHECK(lvq2_loss_forward(2.0, 1.0, 0.5) == 1.0);
        CHECK(lvq2_loss_backward(2.0, 1.0, 0.5).df_sample == 0.0);
        CHECK(lvq2_loss_forward(0.5, 1.0, 0.5) == 0.0);
        CHECK(lvq2_loss_backward(0.5, 1.0, 0.5).df_offending == 0.0);
        // F(ȳ) = 0 < F(y): the ratio's limit is +∞, saturated, no NaN.
        CHECK(lvq2_loss_forward(1.0, 0.0, 0.5) == 1.0);
        CHECK(lvq2_loss_backward(1.0, 0.0, 0.5).df_sample == 0.0);
    }
    SECTION("mce") {
        // σ(0) = 1/2, σ' = 1/4.
        CHECK(mce_loss_forward(1.0, 1.0) == Approx(0.5));
        CHECK(mce_loss_backward(1.0, 1.0).df_sample == Approx(0.25));
        CHECK(mce_loss_backward(1.0, 1.0).df_offending == Approx(-0.25));
        // σ(log 3) = 3/4, σ' = 3/4 · 1/4.
        CHECK(mce_loss_forward(std::log(3.0), 0.0) == Approx(0.75));
        CHECK(mce_loss_backward(std::log(3.0), 0.0).df_sample == Approx(3.0 / 16));
    }
    SECTION("perceptron over {y} and the contrastive set") {
        // min over {1, 2, 0.25, 3} = 0.25: ℓ = 0.75, gradient to the second ŷ.
        const LossGradient on = perceptron_loss_backward(1.0, {2.0, 0.25, 3.0});
        CHECK(perceptron_loss_forward(1.0, {2.0, 0.25, 3.0}) == Approx(0.75));
        CHECK(on.df_sample == 1.0);
        CHECK(on.df_contrastive == std::vector<double>{0.0, -1.0, 0.0});
        // y is the lowest answer: ℓ = 0, nothing moves.
        const LossGradient off = perceptron_loss_backward(1.0, {2.0, 1.5});
        CHECK(perceptron_loss_forward(1.0, {2.0, 1.5}) == 0.0);
        CHECK(off.df_sample == 0.0);
        CHECK(off.df_contrastive == std::vector<double>{0.0, 0.0});
    }
    SECTION("nll") {
        // β = 1, F(y) = F(ŷ) = 0: ℓ = 0 + log(1 + 1); p(y) = 1/2.
        CHECK(nll_loss_forward(0.0, {0.0}, 1.0) == Approx(std::log(2.0)));
        const LossGradient even = nll_loss_backward(0.0, {0.0}, 1.0);
        CHECK(even.df_sample == Approx(0.5));
        CHECK(even.df_contrastive[0] == Approx(-0.5));
        // β = 2, F(y) = 1, F(ŷ) = 1 + log(3)/2: the weights are e⁻² and e⁻²/3,
        // so ℓ = 1 + ½(−2 + log(4/3)) = ½ log(4/3), p(y) = 3/4.
        const double f_contrastive = 1.0 + std::log(3.0) / 2;
        CHECK(nll_loss_forward(1.0, {f_contrastive}, 2.0) == Approx(0.5 * std::log(4.0 / 3.0)));
        const LossGradient tilted = nll_loss_backward(1.0, {f_contrastive}, 2.0);
        CHECK(tilted.df_sample == Approx(0.25));
        CHECK(tilted.df_contrastive[0] == Approx(-0.25));
    }
}

TEST_CASE("nll tends to perceptron as beta grows, and equals it at beta = inf", "[loss]") {
    const std::vector<double> f_contrastive = {2.0, 0.25, 3.0};
    const double perceptron = perceptron_loss_forward(1.0, f_contrastive);
    CHECK(nll_loss_forward(1.0, f_contrastive, INFINITY) == perceptron);
    // The gap is 1/β log(1 + Σ of the other weights) ≤ log(4)/β.
    CHECK(std::abs(nll_loss_forward(1.0, f_contrastive, 1e3) - perceptron) < std::log(4.0) / 1e3);
    CHECK(nll_loss_forward(1.0, f_contrastive, 1e3) >= perceptron);
}

TEST_CASE("softplus and sigmoid are stable at +-1000", "[loss]") {
    CHECK(softplus(1000.0) == 1000.0);
    CHECK(softplus(-1000.0) >= 0.0);
    CHECK(softplus(-1000.0) < 1e-300);
    CHECK(softplus(0.0) == Approx(std::log(2.0)));
    // log(1 + e⁻³⁰) ≈ e⁻³⁰ to 1e-13 relative: no cancellation in 1 + tiny.
    CHECK(softplus(-30.0) == Approx(std::exp(-30.0)).epsilon(1e-12));
    CHECK(sigmoid(1000.0) == 1.0);
    CHECK(sigmoid(-1000.0) == 0.0);
    CHECK(sigmoid(-30.0) == Approx(std::exp(-30.0)).epsilon(1e-12));

    // The losses built on them stay finite with free energies 1000 apart.
    for (LossKind kind : {LossKind::log, LossKind::mce, LossKind::nll}) {
        for (double gap : {1000.0, -1000.0}) {
            INFO(loss_name(kind) << " at F(y) − F(ŷ) = " << gap);
            LossParams params;
            params.nll_beta = 1e6;  // β·ΔF = 1e9: exp would overflow without the shift
            const double value = loss_forward(kind, params, 1000.0 + gap, {1000.0});
            const LossGradient gradient = loss_backward(kind, params, 1000.0 + gap, {1000.0});
            CHECK(std::isfinite(value));
            CHECK(std::isfinite(gradient.df_sample));
            CHECK(std::isfinite(gradient.df_contrastive[0]));
        }
    }
    CHECK(log_loss_forward(2000.0, 1000.0) == 1000.0);
    CHECK(log_loss_backward(2000.0, 1000.0).df_sample == 1.0);
    CHECK(log_loss_backward(0.0, 1000.0).df_sample == 0.0);
    CHECK(nll_loss_forward(2000.0, {1000.0}, 1e6) == Approx(1000.0));
}

TEST_CASE("loss names round-trip and unknown names are rejected with the allowed list", "[loss]") {
    const std::vector<std::string> expected = {"energy", "hinge", "log", "perceptron", "square-square",
                                               "square-exp", "lvq2", "mce", "nll"};
    REQUIRE(all_loss_kinds().size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(loss_name(all_loss_kinds()[i]) == expected[i]);
        CHECK(loss_kind_from_name(expected[i]) == all_loss_kinds()[i]);
    }
    CHECK(allowed_loss_names() == "energy|hinge|log|perceptron|square-square|square-exp|lvq2|mce|nll");
    CHECK_THROWS_AS(loss_kind_from_name("square_square"), std::invalid_argument);
    CHECK_THROWS_WITH(loss_kind_from_name("Hinge"), Contains("'Hinge'") && Contains("energy|hinge"));
}

TEST_CASE("only the energy loss works without contrastive samples", "[loss]") {
    const LossParams params;
    for (LossKind kind : all_loss_kinds()) {
        INFO(loss_name(kind));
        CHECK(loss_needs_contrastive(kind) == (kind != LossKind::energy));
        if (loss_needs_contrastive(kind)) {
            CHECK_THROWS_WITH(loss_forward(kind, params, 1.0, {}), Contains(loss_name(kind)) && Contains("K = 0"));
            CHECK_THROWS_AS(loss_backward(kind, params, 1.0, {}), std::invalid_argument);
        }
    }
    CHECK(loss_forward(LossKind::energy, params, 0.3, {}) == 0.3);
    const LossGradient energy = loss_backward(LossKind::energy, params, 0.3, {5.0, 6.0});
    CHECK(energy.df_sample == 1.0);
    CHECK(energy.df_contrastive == std::vector<double>{0.0, 0.0});
}

TEST_CASE("pairwise losses use the most offending contrastive sample", "[loss]") {
    LossParams params;
    params.margin = 2.0;
    // Offending = the lowest, 0.5 (index 1): hinge 2 + 1 − 0.5 = 2.5.
    CHECK(loss_forward(LossKind::hinge, params, 1.0, {3.0, 0.5, 0.9}) == Approx(2.5));
    const LossGradient gradient = loss_backward(LossKind::hinge, params, 1.0, {3.0, 0.5, 0.9});
    CHECK(gradient.df_sample == 1.0);
    CHECK(gradient.df_contrastive == std::vector<double>{0.0, -1.0, 0.0});
    // A tie sends the gradient to the first of the tied samples only.
    const LossGradient tie = loss_backward(LossKind::log, params, 1.0, {0.5, 0.5});
    CHECK(tie.df_contrastive[0] == Approx(-sigmoid(0.5)));
    CHECK(tie.df_contrastive[1] == 0.0);
}

TEST_CASE("loss parameters are validated with the parameter's name and range", "[loss]") {
    CHECK_NOTHROW(validate_loss_params(LossParams{}));
    LossParams zero_margin;
    zero_margin.margin = 0.0;  // allowed: hinge with m = 0 is the perceptron-like limit
    CHECK_NOTHROW(validate_loss_params(zero_margin));
    LossParams cold;
    cold.nll_beta = INFINITY;
    CHECK_NOTHROW(validate_loss_params(cold));

    LossParams bad = LossParams{};
    bad.margin = -0.1;
    CHECK_THROWS_WITH(validate_loss_params(bad), Contains("margin") && Contains(">= 0"));
    bad = LossParams{};
    bad.margin = NAN;
    CHECK_THROWS_WITH(validate_loss_params(bad), Contains("margin"));
    bad = LossParams{};
    bad.gamma = 0.0;
    CHECK_THROWS_WITH(validate_loss_params(bad), Contains("gamma") && Contains("> 0"));
    bad = LossParams{};
    bad.lvq2_delta = -1.0;
    CHECK_THROWS_WITH(validate_loss_params(bad), Contains("lvq2_delta") && Contains("> 0"));
    bad = LossParams{};
    bad.nll_beta = 0.0;
    CHECK_THROWS_WITH(validate_loss_params(bad), Contains("nll_beta") && Contains("(0, inf]"));
    bad = LossParams{};
    bad.nll_beta = NAN;
    CHECK_THROWS_AS(validate_loss_params(bad), std::invalid_argument);
}

// Tests of lib/optimizer: the first steps worked out by hand, convergence on a
// 2-D quadratic, bit-identical resume from saved state, validation.
//
// Legend: P parameters, p parameters (P), g = ∇f(p) (P), lr learning rate.
#include "optimizer.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace ebm;
using Catch::Matchers::Contains;

namespace {

// f(p) = Σ p_i², so g = 2p: simple enough to follow by hand.
std::vector<double> gradient_of_sum_of_squares(const std::vector<double>& p /* (P) */) {
    std::vector<double> g(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) g[i] = 2.0 * p[i];
    return g;
}

// f(p) = ½ pᵀ A p − bᵀ p with A = [[3, 1], [1, 2]] (positive definite,
// condition number ≈ 2.6) and b = (1, −1); minimiser A⁻¹ b = (0.6, −0.8).
std::vector<double> gradient_of_quadratic(const std::vector<double>& p /* (2) */) {
    return {3.0 * p[0] + 1.0 * p[1] - 1.0, 1.0 * p[0] + 2.0 * p[1] + 1.0};
}

OptimizerParams sgd_params(double learning_rate, double momentum) {
    OptimizerParams params;
    params.kind = OptimizerKind::sgd;
    params.learning_rate = learning_rate;
    params.momentum = momentum;
    return params;
}

OptimizerParams adam_params(double learning_rate) {
    OptimizerParams params;
    params.kind = OptimizerKind::adam;
    params.learning_rate = learning_rate;
    return params;  // β1 = 0.9, β2 = 0.999, ε = 1e-8 by default
}

}  // namespace

TEST_CASE("SGD with momentum: three steps on sum of squares, by hand", "[optimizer]") {
    // lr = 0.1, μ = 0.9, p₀ = (1, −0.5), g = 2p.
    //   coordinate 1: g 2    → v 2                    → p 1 − 0.2    = 0.8
    //                 g 1.6  → v 0.9·2 + 1.6   = 3.4  → p 0.8 − 0.34 = 0.46
    //                 g 0.92 → v 0.9·3.4 + 0.92 = 3.98 → p 0.46 − 0.398 = 0.062
    //   coordinate 2: g −1   → v −1                   → p −0.4
    //                 g −0.8 → v −0.9 − 0.8 = −1.7    → p −0.4 + 0.17 = −0.23
    //                 g −0.46 → v −1.53 − 0.46 = −1.99 → p −0.23 + 0.199 = −0.031
    SgdMomentum sgd(sgd_params(0.1, 0.9), 2);
    std::vector<double> p = {1.0, -0.5};
    const std::vector<std::vector<double>> expected = {{0.8, -0.4}, {0.46, -0.23}, {0.062, -0.031}};
    for (const auto& expected_p : expected) {
        sgd.step(p, gradient_of_sum_of_squares(p));
        CHECK(p[0] == Approx(expected_p[0]).epsilon(1e-13));
        CHECK(p[1] == Approx(expected_p[1]).epsilon(1e-13));
    }
    CHECK(sgd.step_count() == 3);
    CHECK(sgd.state().buffers.at("velocity")[0] == Approx(3.98).epsilon(1e-13));
}

TEST_CASE("SGD without momentum is plain gradient descent", "[optimizer]") {
    SgdMomentum sgd(sgd_params(0.25, 0.0), 1);
    std::vector<double> p = {1.0};
    sgd.step(p, gradient_of_sum_of_squares(p));  // 1 − 0.25·2 = 0.5
    CHECK(p[0] == 0.5);
    sgd.step(p, gradient_of_sum_of_squares(p));  // 0.5 − 0.25·1 = 0.25
    CHECK(p[0] == 0.25);
}

TEST_CASE("Adam: three steps on sum of squares, by hand", "[optimizer]") {
    // lr = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8, p₀ = (1, −0.5), g = 2p, and the
    // textbook form p ← p − lr m̂ / (√ŝ + ε), m̂ = m/(1 − β1ᵗ), ŝ = s/(1 − β2ᵗ).
    const double lr = 0.1, eps = 1e-8;
    std::vector<double> expected_after[3];
    for (int coordinate = 0; coordinate < 2; ++coordinate) {
        double p = coordinate == 0 ? 1.0 : -0.5;
        // Step 1: m = 0.1 g, s = 0.001 g², so m̂ = g, ŝ = g² and the step is
        // lr·sign(g) (less a hair for ε): Adam's first step ignores |g|.
        double g = 2 * p;
        double m = 0.1 * g, s = 0.001 * g * g;
        p -= lr * (m / 0.1) / (std::sqrt(s / 0.001) + eps);
        expected_after[0].push_back(p);
        // Step 2: 1 − 0.9² = 0.19, 1 − 0.999² = 0.001999.
        g = 2 * p;
        m = 0.9 * m + 0.1 * g;
        s = 0.999 * s + 0.001 * g * g;
        p -= lr * (m / 0.19) / (std::sqrt(s / 0.001999) + eps);
        expected_after[1].push_back(p);
        // Step 3: 1 − 0.9³ = 0.271, 1 − 0.999³ = 0.002997001.
        g = 2 * p;
        m = 0.9 * m + 0.1 * g;
        s = 0.999 * s + 0.001 * g * g;
        p -= lr * (m / 0.271) / (std::sqrt(s / 0.002997001) + eps);
        expected_after[2].push_back(p);
    }
    // The same numbers in decimal, as a check on the hand calculation itself.
    CHECK(expected_after[0][0] == Approx(0.9000000005).epsilon(1e-12));
    CHECK(expected_after[0][1] == Approx(-0.400000001).epsilon(1e-12));
    CHECK(expected_after[1][0] == Approx(0.8004122286917927).epsilon(1e-12));
    CHECK(expected_after[2][0] == Approx(0.70158627294603).epsilon(1e-12));

    Adam adam(adam_params(lr), 2);
    std::vector<double> p = {1.0, -0.5};
    for (const auto& expected_p : expected_after) {
        adam.step(p, gradient_of_sum_of_squares(p));
        CHECK(p[0] == Approx(expected_p[0]).epsilon(1e-13));
        CHECK(p[1] == Approx(expected_p[1]).epsilon(1e-13));
    }
    CHECK(adam.step_count() == 3);
}

TEST_CASE("both optimizers converge to the minimiser of a 2-D quadratic", "[optimizer]") {
    const std::vector<double> minimiser = {0.6, -0.8};
    SECTION("SGD with momentum") {
        SgdMomentum sgd(sgd_params(0.1, 0.9), 2);
        std::vector<double> p = {-2.0, 3.0};
        for (int step = 0; step < 500; ++step) sgd.step(p, gradient_of_quadratic(p));
        CHECK(std::abs(p[0] - minimiser[0]) < 1e-8);
        CHECK(std::abs(p[1] - minimiser[1]) < 1e-8);
    }
    SECTION("Adam") {
        Adam adam(adam_params(0.05), 2);
        std::vector<double> p = {-2.0, 3.0};
        for (int step = 0; step < 3000; ++step) adam.step(p, gradient_of_quadratic(p));
        CHECK(std::abs(p[0] - minimiser[0]) < 1e-6);
        CHECK(std::abs(p[1] - minimiser[1]) < 1e-6);
    }
}

TEST_CASE("a restored optimizer continues bit-identically", "[optimizer]") {
    for (const OptimizerParams& params : {sgd_params(0.05, 0.9), adam_params(0.05)}) {
        INFO(optimizer_name(params.kind));
        // Uninterrupted: 20 steps.
        auto uninterrupted = make_optimizer(params, 2);
        std::vector<double> p_uninterrupted = {-2.0, 3.0};
        for (int step = 0; step < 20; ++step) {
            uninterrupted->step(p_uninterrupted, gradient_of_quadratic(p_uninterrupted));
        }

        // Interrupted after 10: the state goes through plain vectors (as a
        // checkpoint file would hold it) into a fresh optimizer.
        auto first_half = make_optimizer(params, 2);
        std::vector<double> p_resumed = {-2.0, 3.0};
        for (int step = 0; step < 10; ++step) first_half->step(p_resumed, gradient_of_quadratic(p_resumed));
        const OptimizerState saved = first_half->state();
        OptimizerState reloaded;
        reloaded.kind = saved.kind;
        reloaded.step_count = saved.step_count;
        for (const auto& [name, values] : saved.buffers) {
            reloaded.buffers[name] = std::vector<double>(values.begin(), values.end());
        }
        first_half.reset();

        auto second_half = make_optimizer(params, 2);
        second_half->restore(reloaded);
        CHECK(second_half->step_count() == 10);
        for (int step = 0; step < 10; ++step) second_half->step(p_resumed, gradient_of_quadratic(p_resumed));

        CHECK(p_resumed == p_uninterrupted);  // exact equality of doubles
        CHECK(second_half->state().buffers == uninterrupted->state().buffers);
        CHECK(second_half->step_count() == uninterrupted->step_count());

        // Resuming with a fresh state instead gives another run, so the
        // equality above is not vacuous.
        auto cold_start = make_optimizer(params, 2);
        std::vector<double> p_cold = {-2.0, 3.0};
        for (int step = 0; step < 10; ++step) cold_start->step(p_cold, gradient_of_quadratic(p_cold));
        auto cold_second_half = make_optimizer(params, 2);
        for (int step = 0; step < 10; ++step) cold_second_half->step(p_cold, gradient_of_quadratic(p_cold));
        CHECK(p_cold != p_uninterrupted);
    }
}

TEST_CASE("one optimizer with a changing learning rate steps as fresh ones made with each rate", "[optimizer]") {
    // What the trainer does to allocate nothing per step: set_learning_rate and
    // save into the same state, instead of an optimizer made and restored per step.
    for (const OptimizerParams& params : {sgd_params(0.05, 0.9), adam_params(0.05)}) {
        INFO(optimizer_name(params.kind));
        auto kept = make_optimizer(params, 2);
        OptimizerState kept_state;
        // The state held the other kind's buffers before: save leaves only its own.
        make_optimizer(params.kind == OptimizerKind::sgd ? adam_params(0.1) : sgd_params(0.1, 0.5), 2)->save(kept_state);
        std::vector<double> p_kept = {-2.0, 3.0}, p_fresh = p_kept;
        OptimizerState fresh_state = make_optimizer(params, 2)->state();
        for (int step = 0; step < 12; ++step) {
            OptimizerParams this_step = params;
            this_step.learning_rate = 0.05 / (1.0 + step);
            kept->set_learning_rate(this_step.learning_rate);
            kept->step(p_kept, gradient_of_quadratic(p_kept));
            kept->save(kept_state);
            auto fresh = make_optimizer(this_step, 2);
            fresh->restore(fresh_state);
            fresh->step(p_fresh, gradient_of_quadratic(p_fresh));
            fresh_state = fresh->state();
        }
        CHECK(p_kept == p_fresh);  // exact equality of doubles
        CHECK(kept_state.kind == fresh_state.kind);
        CHECK(kept_state.step_count == fresh_state.step_count);
        CHECK(kept_state.buffers == fresh_state.buffers);
        CHECK(p_kept != std::vector<double>{-2.0, 3.0});
    }
}

TEST_CASE("restore rejects a state of the wrong kind or size", "[optimizer]") {
    Adam adam(adam_params(0.1), 2);
    SgdMomentum sgd(sgd_params(0.1, 0.5), 2);
    CHECK_THROWS_WITH(adam.restore(sgd.state()), Contains("'sgd'") && Contains("'adam'"));
    CHECK_THROWS_WITH(sgd.restore(adam.state()), Contains("'adam'") && Contains("'sgd'"));

    OptimizerState short_state = adam.state();
    short_state.buffers["exp_avg_sq"].pop_back();
    CHECK_THROWS_WITH(adam.restore(short_state), Contains("exp_avg_sq") && Contains("expected 2"));

    OptimizerState missing = sgd.state();
    missing.buffers.clear();
    CHECK_THROWS_WITH(sgd.restore(missing), Contains("velocity"));

    std::vector<double> p = {1.0, 2.0, 3.0};
    CHECK_THROWS_AS(sgd.step(p, {1.0, 2.0, 3.0}), std::invalid_argument);
}

TEST_CASE("optimizer names round-trip; parameters are validated by name", "[optimizer]") {
    CHECK(optimizer_kind_from_name("sgd") == OptimizerKind::sgd);
    CHECK(optimizer_kind_from_name("adam") == OptimizerKind::adam);
    CHECK(optimizer_name(OptimizerKind::adam) == "adam");
    CHECK_THROWS_WITH(optimizer_kind_from_name("Adam"), Contains("'Adam'") && Contains("sgd|adam"));

    CHECK_NOTHROW(validate_optimizer_params(OptimizerParams{}));
    OptimizerParams bad;
    bad.learning_rate = 0.0;
    CHECK_THROWS_WITH(validate_optimizer_params(bad), Contains("learning_rate") && Contains("> 0"));
    bad = OptimizerParams{};
    bad.learning_rate = NAN;
    CHECK_THROWS_WITH(validate_optimizer_params(bad), Contains("learning_rate"));
    bad = OptimizerParams{};
    bad.momentum = 1.0;
    CHECK_THROWS_WITH(validate_optimizer_params(bad), Contains("momentum") && Contains("[0, 1)"));
    bad = OptimizerParams{};
    bad.momentum = -0.1;
    CHECK_THROWS_WITH(validate_optimizer_params(bad), Contains("momentum"));
    bad = OptimizerParams{};
    bad.beta1 = 1.0;
    CHECK_THROWS_WITH(validate_optimizer_params(bad), Contains("beta1"));
    bad = OptimizerParams{};
    bad.beta2 = NAN;
    CHECK_THROWS_WITH(validate_optimizer_params(bad), Contains("beta2"));
    bad = OptimizerParams{};
    bad.epsilon = 0.0;
    CHECK_THROWS_WITH(validate_optimizer_params(bad), Contains("epsilon") && Contains("> 0"));
    // The constructors validate too, so no optimizer exists with bad settings.
    bad = OptimizerParams{};
    bad.learning_rate = -1.0;
    CHECK_THROWS_AS(SgdMomentum(bad, 2), std::invalid_argument);
    bad.kind = OptimizerKind::adam;
    CHECK_THROWS_AS(make_optimizer(bad, 2), std::invalid_argument);
}

#include "ellipse_training.hpp"
#include "ellipse_distance.hpp"
#include "ellipse_free_energy.hpp"
#include "rng.hpp"
#include "sampler.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace ebm;

namespace {
const double inf = std::numeric_limits<double>::infinity();

xt::xtensor<double, 2> lecture_samples() { return sample_horn(HornShape{}, 24, 1, 0.0).y; }

// The lecture's recipe: ZTL, the energy loss, full-batch SGD with momentum.
TrainingSettings lecture_settings() {
    TrainingSettings settings;
    settings.optimizer.learning_rate = 0.1;
    settings.optimizer.momentum = 0.9;
    return settings;
}

TrainingState train(const TrainingSettings& settings, const xt::xtensor<double, 2>& samples, std::int64_t epochs,
                    EllipseParams w0 = {1.5, 0.35}) {
    const EllipseTrainer trainer(settings, samples, std::nullopt);
    TrainingState state = trainer.start(w0);
    while (state.epochs_done < epochs) trainer.run_epoch(state);
    return state;
}

}  // namespace

TEST_CASE("every loss's batch gradient matches central finite differences", "[ellipse_training]") {
    const auto samples = lecture_samples();
    const std::vector<std::size_t> batch{0, 3, 9, 22};
    for (const double beta : {1.0, 3.2, inf}) {
        for (const LossKind loss : all_loss_kinds()) {
            TrainingSettings settings;
            settings.beta = beta;
            settings.loss = loss;
            // Contrastive points that do not depend on w, so that L(w) is smooth.
            settings.contrastive.kind = ContrastiveKind::random_gaussian;
            settings.contrastive.count = 3;
            settings.contrastive.seed = 11;
            const EllipseTrainer trainer(settings, samples, std::nullopt);
            const EllipseParams w{1.7, 0.9};
            Vec2 gradient;
            trainer.batch_loss(w, batch, 5, gradient);
            const double h = 1e-6;
            for (int p = 0; p < 2; ++p) {
                EllipseParams up = w, down = w;
                (p == 0 ? up.w1 : up.w2) += h;
                (p == 0 ? down.w1 : down.w2) -= h;
                Vec2 ignored;
                const double numeric =
                    (trainer.batch_loss(up, batch, 5, ignored) - trainer.batch_loss(down, batch, 5, ignored)) / (2 * h);
                INFO("loss " << loss_name(loss) << ", beta " << beta << ", parameter w" << p + 1);
                CHECK(gradient[p] == Approx(numeric).epsilon(1e-6).margin(1e-8));
            }
        }
    }
}

TEST_CASE("warmer training fits a smaller ellipse; very hot training collapses it", "[ellipse_training]") {
    const auto samples = lecture_samples();
    TrainingSettings settings = lecture_settings();
    const auto cold = train(settings, samples, 300).w;
    settings.beta = 1;
    const auto warm = train(settings, samples, 300).w;
    settings.beta = 0.1;
    const auto hot = train(settings, samples, 300).w;
    INFO("ZTL w = (" << cold.w1 << ", " << cold.w2 << "), β = 1: (" << warm.w1 << ", " << warm.w2 << "), β = 0.1: ("
                     << hot.w1 << ", " << hot.w2 << ")");
    CHECK(warm.w1 < cold.w1 - 0.05);
    CHECK(warm.w2 < cold.w2 - 0.05);
    // β → 0 trains ⟨E⟩ = ‖y‖² + (w1² + w2²)/2 − (cross terms averaging ~0): minimised near w = 0.
    CHECK(std::abs(hot.w1) < 0.01);
    CHECK(std::abs(hot.w2) < 0.01);
}

TEST_CASE("contrastive training puts the samples' F below off-manifold points' by the margin", "[ellipse_training]") {
    // A manifold model has F = 0 all along its curve, so a contrastive point
    // that falls on the data's ellipse cannot be pushed up; the margin can
    // hold only for points off it. We check it for every point of a fresh
    // uniform draw whose exact squared distance to the data's noiseless ellipse
    // (2, 1.5) exceeds the margin by 0.5, against every training sample.
    const auto samples = lecture_samples();
    Rng rng(77);
    std::vector<Vec2> off_manifold;
    while (off_manifold.size() < 500) {
        const Vec2 point{rng.uniform(-3, 3), rng.uniform(-2, 2)};
        if (ellipse_distance({2.0, 1.5}, point).squared_distance > 1.0 + 0.5) off_manifold.push_back(point);
    }
    for (const LossKind loss : {LossKind::hinge, LossKind::log}) {
        TrainingSettings settings = lecture_settings();
        settings.loss = loss;
        settings.contrastive.kind = ContrastiveKind::random_uniform;
        settings.contrastive.count = 4;
        const TrainingState state = train(settings, samples, 300);
        const EllipseTrainer trainer(settings, samples, std::nullopt);
        double highest_sample_f = 0, lowest_offending_f = inf;
        for (std::size_t n = 0; n < samples.shape()[0]; ++n)
            highest_sample_f = std::max(highest_sample_f, free_energy(state.w, {samples(n, 0), samples(n, 1)},
                                                                      trainer.latents(), settings.beta));
        for (const auto& point : off_manifold)
            lowest_offending_f = std::min(lowest_offending_f, free_energy(state.w, point, trainer.latents(), settings.beta));
        INFO(loss_name(loss) << ": w = (" << state.w.w1 << ", " << state.w.w2 << "), max F(y) = " << highest_sample_f
                             << ", min F(ŷ) off the manifold = " << lowest_offending_f);
        CHECK(lowest_offending_f - highest_sample_f >= settings.loss_params.margin);
        // And the loss it minimised went down.
        CHECK(state.step_loss.back() < state.step_loss.front());
    }
}

TEST_CASE("manifold forces: at ZTL only ž is pulled, by 2(y − g(ž))", "[ellipse_training]") {
    const auto latents = latent_grid(48);
    const EllipseParams w{1.5, 0.35};
    const Vec2 y{0.3, 1.2};
    const auto forces = manifold_forces(w, latents, inf, y, 1.0);
    std::size_t moved = 0;
    for (std::size_t k = 0; k < 48; ++k) {
        if (forces(k, 0) == 0 && forces(k, 1) == 0) continue;
        ++moved;
        const Vec2 g = decoder_forward(w, latents(k));
        CHECK(forces(k, 0) == Approx(2 * (y[0] - g[0])));
        CHECK(forces(k, 1) == Approx(2 * (y[1] - g[1])));
    }
    CHECK(moved == 1);
    // Warm: every point pulled, the weights summing to one.
    const auto warm = manifold_forces(w, latents, 1.0, y, 1.0);
    double weight_sum = 0;
    for (std::size_t k = 0; k < 48; ++k) {
        const Vec2 g = decoder_forward(w, latents(k));
        weight_sum += warm(k, 0) / (2 * (y[0] - g[0]));
    }
    CHECK(weight_sum == Approx(1.0));
}

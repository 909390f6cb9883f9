// Tests of lib/network_training: batch gradients against finite differences
// for every loss, results independent of the thread count, the learning-rate
// schedule, and what the lecture's last slides claim of the three models:
// the conditional model learns the horn (|f(x)| ≈ ρ(x), F∞ at the noise
// floor), Energy II learns closed curves, Energy III with a 2-D latent and
// no regulariser gives F ≈ 0 far from the data while R(z) keeps it high.
//
// Legend: N training samples, M held-out samples, P parameters.
#include "conditional_model.hpp"
#include "free_energy.hpp"
#include "latent_model.hpp"
#include "network_training.hpp"
#include "numerical_checks.hpp"
#include "sampler.hpp"

#include <catch2/catch.hpp>
#include <omp.h>

#include <cmath>

using namespace ebm;

namespace {
const double inf = std::numeric_limits<double>::infinity();
const double noise_floor = 2 * 0.05 * 0.05;  // 2σ²: the mean of ‖ε‖² at the true latent

ConditionalSamples horn(std::size_t n, std::uint64_t seed) {
    const Samples samples = sample_horn(HornShape{}, n, seed, std::nullopt);
    return {samples.x, samples.y};
}

TrainingSettings adam(double learning_rate, std::size_t batch_size, std::uint64_t seed) {
    TrainingSettings settings;
    settings.optimizer.kind = OptimizerKind::adam;
    settings.optimizer.learning_rate = learning_rate;
    settings.batch_size = batch_size;
    settings.seed = seed;
    return settings;
}

std::unique_ptr<NetworkModel> fresh(const NetworkConfig& config, std::uint64_t seed) {
    auto model = make_network_model(config);
    model->initialise(seed);
    return model;
}

NetworkTrainingState train(const NetworkTrainer& trainer, std::int64_t epochs) {
    NetworkTrainingState state = trainer.start();
    while (state.epochs_done < epochs) trainer.run_epoch(state, epochs);
    return state;
}

// F∞ over z ∈ R of a grid model, by a dense scan of 20000 angles: independent
// of the grid and of the trainer's search.
double dense_f_inf(const NetworkModel& model, double x, const Vec2& y) {
    double best = inf;
    for (int k = 0; k < 20000; ++k) {
        const double z = 2 * M_PI * k / 20000;
        best = std::min(best, model.energy(x, y, &z));
    }
    return best;
}
}  // namespace

TEST_CASE("the batch gradient matches central differences for every loss and β", "[network_training]") {
    const auto samples = horn(40, 3);
    NetworkConfig config;
    auto model = fresh(config, 2);
    // f of the horn's size, so that the losses are away from their flat parts.
    for (std::size_t i = model->predictor().weight_offset(2); i < model->parameter_count(); ++i) model->parameters()[i] *= 8;
    const std::vector<std::size_t> batch{0, 5, 7, 12, 30, 39};
    for (const double beta : {1.0, inf}) {
        for (const LossKind loss : all_loss_kinds()) {
            TrainingSettings settings;
            settings.beta = beta;
            settings.loss = loss;
            settings.contrastive.kind = ContrastiveKind::random_gaussian;
            settings.contrastive.count = 2;
            settings.contrastive.sigma = 2.0;
            settings.contrastive.seed = 4;
            const NetworkTrainer trainer(settings, *model, samples, std::nullopt);
            std::vector<double> gradient;
            trainer.batch_loss(batch, 3, gradient);
            auto& params = model->parameters();
            for (std::size_t p = 0; p < params.size(); p += 7) {
                const double saved = params[p];
                std::vector<double> ignored;
                const double numeric = ebm_test::central_difference(
                    [&](double v) {
                        params[p] = v;
                        return trainer.batch_loss(batch, 3, ignored);
                    },
                    saved);
                params[p] = saved;
                INFO("loss " << loss_name(loss) << ", β " << beta << ", parameter " << p);
                CHECK(ebm_test::relative_error(gradient[p], numeric) < 1e-6);
            }
        }
    }
}

TEST_CASE("the trainer refuses what it cannot do", "[network_training]") {
    const auto samples = horn(10, 1);
    NetworkConfig config;
    config.kind = NetworkKind::latent;
    auto latent = fresh(config, 1);
    TrainingSettings warm;
    warm.beta = 1.0;
    CHECK_THROWS_WITH(NetworkTrainer(warm, *latent, samples, std::nullopt), Catch::Contains("β = inf only"));
    auto conditional = fresh(NetworkConfig{}, 1);
    TrainingSettings hinge;
    hinge.loss = LossKind::hinge;
    CHECK_THROWS_WITH(NetworkTrainer(hinge, *conditional, samples, std::nullopt), Catch::Contains("most-offending"));
    NetworkTrainingExtras extras;
    extras.history_every = 0;
    CHECK_THROWS_AS(NetworkTrainer(TrainingSettings{}, *conditional, samples, std::nullopt, extras), std::invalid_argument);
    // A learning rate far too large: the loss overflows and the step is named.
    TrainingSettings wild;
    wild.optimizer.learning_rate = 1e150;
    wild.optimizer.momentum = 0.9;
    const NetworkTrainer trainer(wild, *conditional, samples, std::nullopt);
    CHECK_THROWS_WITH(train(trainer, 50), Catch::Contains("diverged at step") && Catch::Contains("lower --lr"));
}

TEST_CASE("cosine annealing runs from --lr at the first step to the final rate at the last", "[network_training]") {
    const auto samples = horn(100, 1);
    auto model = fresh(NetworkConfig{}, 1);
    NetworkTrainingExtras extras;
    extras.final_learning_rate = 1e-4;
    const NetworkTrainer trainer(adam(0.01, 30, 1), *model, samples, std::nullopt, extras);  // 4 batches an epoch
    CHECK(trainer.learning_rate(0, 10) == 0.01);
    CHECK(trainer.learning_rate(39, 10) == Approx(1e-4).epsilon(1e-12));
    CHECK(trainer.learning_rate(20, 11) == Approx(1e-4 + (0.01 - 1e-4) * 0.5 * (1 + std::cos(M_PI * 20 / 43.0))));
    const NetworkTrainer constant(adam(0.01, 30, 1), *model, samples, std::nullopt);
    CHECK(constant.learning_rate(39, 10) == 0.01);
}

TEST_CASE("training is bit-identical with 1 and 2 threads", "[network_training]") {
    // decoder-mlp's passes are large enough for the trainer to use threads.
    const auto samples = horn(300, 5);
    NetworkConfig config;
    config.kind = NetworkKind::decoder_mlp;
    std::vector<std::vector<double>> results;
    for (const int threads : {1, 2}) {
        omp_set_num_threads(threads);
        auto model = fresh(config, 3);
        const NetworkTrainer trainer(adam(0.01, 150, 2), *model, samples, horn(100, 6));
        REQUIRE(trainer.worth_threads(150));
        const auto state = train(trainer, 3);
        results.push_back(state.parameters);
        results.back().insert(results.back().end(), state.epoch_heldout_f_inf.begin(), state.epoch_heldout_f_inf.end());
    }
    omp_set_num_threads(2);
    CHECK(results[0] == results[1]);
}

TEST_CASE("the conditional model learns the horn: |f(x)| within 5% of ρ(x), F∞ at the noise floor", "[network_training]") {
    const auto samples = horn(1024, 2);
    auto model = fresh(NetworkConfig{}, 7);
    NetworkTrainingExtras extras;
    extras.history_every = 1000;
    extras.final_learning_rate = 1e-4;
    const NetworkTrainer trainer(adam(0.01, 64, 7), *model, samples, std::nullopt, extras);
    train(trainer, 1000);

    double worst1 = 0, worst2 = 0;
    for (int i = 0; i <= 50; ++i) {
        const double x = i / 50.0;
        const auto rho = horn_radii(HornShape{}, x);
        const auto f = model->predict(x);
        worst1 = std::max(worst1, std::abs(std::abs(f[0]) - rho[0]) / rho[0]);
        worst2 = std::max(worst2, std::abs(std::abs(f[1]) - rho[1]) / rho[1]);
    }
    // Held-out samples of another seed: F∞ over the 48-point grid, and over z ∈ R.
    const auto heldout = horn(500, 12345);
    const double grid_f = trainer.mean_free_energy(heldout, inf);
    double dense_f = 0;
    for (std::size_t n = 0; n < 500; ++n) dense_f += dense_f_inf(*model, heldout.x(n), {heldout.y(n, 0), heldout.y(n, 1)});
    dense_f /= 500;
    WARN("conditional model: worst relative error of |f1| " << worst1 << ", of |f2| " << worst2
         << "; held-out mean F∞ over z ∈ R " << dense_f << ", over the 48-point grid " << grid_f
         << " (2σ² = " << noise_floor << ")");
    CHECK(worst1 < 0.05);
    CHECK(worst2 < 0.05);
    CHECK(dense_f < 2 * noise_floor);
    // The grid's own error: a point midway between two of the 48 latents at radius ρ
    // lies (ρ · π/48)² / 4 ≈ 0.001 ρ² from the nearest; ρ reaches 14.8.
    CHECK(grid_f < 0.15);
}

TEST_CASE("Energy II learns closed curves: held-out F∞ far below the untrained model's", "[network_training]") {
    const auto samples = horn(512, 2);
    const auto heldout = horn(300, 12345);
    NetworkConfig config;
    config.kind = NetworkKind::decoder_mlp;
    auto model = fresh(config, 1);
    NetworkTrainingExtras extras;
    extras.history_every = 1000;
    extras.final_learning_rate = 1e-4;
    const NetworkTrainer trainer(adam(0.01, 64, 1), *model, samples, heldout, extras);
    const auto state = train(trainer, 200);
    const double untrained = state.epoch_heldout_f_inf.front(), trained = state.epoch_heldout_f_inf.back();
    double dense_f = 0;
    for (std::size_t n = 0; n < 300; ++n) dense_f += dense_f_inf(*model, heldout.x(n), {heldout.y(n, 0), heldout.y(n, 1)});
    dense_f /= 300;
    WARN("Energy II: held-out mean F∞ over the grid " << untrained << " untrained, " << trained
         << " trained; over z ∈ R " << dense_f);
    CHECK(trained < 0.01 * untrained);
    CHECK(trained < 0.3);
    CHECK(dense_f < 0.1);
}

TEST_CASE("Energy III: without R(z) a 2-D latent gives F ≈ 0 far from the data; with R(z) it does not", "[network_training]") {
    const auto samples = horn(512, 2);
    // Points far from the data: outside each x's ring, at 1.5 to 2 times its semi-axes.
    std::vector<std::pair<double, Vec2>> far;
    for (const double x : {0.25, 0.5, 0.75}) {
        const auto rho = horn_radii(HornShape{}, x);
        for (const Vec2 y : {Vec2{2 * rho[0], 0}, Vec2{0, -2 * rho[1]}, Vec2{-1.5 * rho[0], 1.5 * rho[1]},
                             Vec2{1.5 * rho[0], -1.5 * rho[1]}})
            far.emplace_back(x, y);
    }
    struct Outcome {
        double train_f, far_min, far_median, far_max, centre;
    };
    std::vector<Outcome> outcomes;
    for (const double lambda : {0.0, 1.0}) {
        NetworkConfig config;
        config.kind = NetworkKind::latent;
        config.latent_dim = 2;
        config.lambda = lambda;
        auto model = fresh(config, 1);
        const NetworkTrainer trainer(adam(0.003, 64, 1), *model, samples, std::nullopt);
        const auto state = train(trainer, 40);
        const auto& latent = dynamic_cast<const LatentModel&>(*model);
        std::vector<double> f;  // F∞ of the far points, by the model's own search (lbfgs, 4 starts)
        for (const auto& [x, y] : far) f.push_back(latent.infer(x, y).f_inf);
        std::sort(f.begin(), f.end());
        double centre = 0;
        for (const double x : {0.25, 0.5, 0.75}) centre += latent.infer(x, {0, 0}).f_inf / 3;
        outcomes.push_back({state.epoch_train_f_inf.back(), f.front(), f[f.size() / 2], f.back(), centre});
    }
    const auto& [free_train, free_min, free_median, free_max, free_centre] = outcomes[0];
    const auto& [held_train, held_min, held_median, held_max, held_centre] = outcomes[1];
    WARN("Energy III, d = 2, 12 points outside the rings: λ = 0: training F∞ " << free_train << ", far F∞ from "
         << free_min << " to " << free_max << "; λ = 1 (l2): training F∞ " << held_train << ", far F∞ from " << held_min
         << " to " << held_max << " (median " << held_median << "); F∞ at the rings' centre " << free_centre << " and "
         << held_centre);
    // No regulariser: every point, data or not, has zero energy.
    CHECK(free_train < 1e-6);
    CHECK(free_max < 1e-6);
    // R(z): reaching far costs λ‖z‖², energy rises away from the data.
    CHECK(held_min > 0.1);
    CHECK(held_median > held_train);
}

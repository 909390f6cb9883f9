// The training stage's own choices: its defaults and what it writes.
#include "train_stage.hpp"
#include "command_line.hpp"
#include "sampler.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace ebm;

namespace {
const double inf = std::numeric_limits<double>::infinity();

// The settings ebm-train uses when given only its files.
TrainOptions default_options() {
    return *parse_command_line(parse_train_options, "ebm-train", {"--data", "d.h5", "--out", "m.h5"});
}

TrainingState train(const TrainingSettings& settings, const xt::xtensor<double, 2>& samples, std::int64_t epochs,
                    EllipseParams w0) {
    const EllipseTrainer trainer(settings, samples, std::nullopt);
    TrainingState state = trainer.start(w0);
    while (state.epochs_done < epochs) trainer.run_epoch(state);
    return state;
}

// Mean over the samples of min over the 48-point grid of E: written out here,
// independently of the library, for the scan of w.
double mean_f_inf(const xt::xtensor<double, 2>& samples, double w1, double w2) {
    double sum = 0;
    for (std::size_t n = 0; n < samples.shape()[0]; ++n) {
        double best = inf;
        for (int k = 0; k < 48; ++k) {
            const double z = 2 * M_PI * k / 48;
            const double d1 = samples(n, 0) - w1 * std::cos(z), d2 = samples(n, 1) - w2 * std::sin(z);
            best = std::min(best, d1 * d1 + d2 * d2);
        }
        sum += best;
    }
    return sum / double(samples.shape()[0]);
}
}  // namespace

TEST_CASE("ZTL training with the defaults reaches the optimum of the mean F∞", "[train_stage]") {
    const auto samples = sample_horn(HornShape{}, 24, 1, 0.0).y;
    const TrainOptions options = default_options();
    const TrainingState state = train(options.settings, samples, options.epochs, options.w0);

    // A dense scan of w, refined once round the best cell.
    double best = inf, best_w1 = 0, best_w2 = 0;
    for (double w1 = 1.5; w1 <= 2.5; w1 += 0.005)
        for (double w2 = 1.0; w2 <= 2.0; w2 += 0.005)
            if (const double f = mean_f_inf(samples, w1, w2); f < best) best = f, best_w1 = w1, best_w2 = w2;
    const double c1 = best_w1, c2 = best_w2;
    for (double w1 = c1 - 0.01; w1 <= c1 + 0.01; w1 += 0.0002)
        for (double w2 = c2 - 0.01; w2 <= c2 + 0.01; w2 += 0.0002)
            if (const double f = mean_f_inf(samples, w1, w2); f < best) best = f, best_w1 = w1, best_w2 = w2;
    INFO("trained w = (" << state.w.w1 << ", " << state.w.w2 << "), scanned optimum (" << best_w1 << ", " << best_w2 << ")");
    CHECK(std::abs(state.w.w1 - best_w1) < 0.01 * best_w1);
    CHECK(std::abs(state.w.w2 - best_w2) < 0.01 * best_w2);
    // The noise floor: E of a sample at its true latent is ‖ε‖², of mean 2σ² = 0.005;
    // the 48-point grid adds a little (the closest point is up to π/48 away).
    const double trained_f = state.epoch_train_f_inf.back();
    INFO("mean training F∞ = " << trained_f);
    CHECK(trained_f < 2.0 * 0.005);
    CHECK(trained_f <= best + 1e-6);  // no worse than the scan's best
}


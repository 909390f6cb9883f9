#include "ellipse_training.hpp"

#include "ellipse_free_energy.hpp"
#include "minibatch.hpp"
#include "rng.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace ebm {

namespace {
// The run's seed feeds two independent streams: the shuffler's and, per step,
// the contrastive draws (derive_seed(seed, step) in contrastive.hpp). The
// shuffler's is keyed far from any step number.
constexpr std::uint64_t shuffle_stream = 0xFFFF'FFFF'0000'0001ULL;

Vec2 row(const xt::xtensor<double, 2>& points, std::size_t i) { return {points(i, 0), points(i, 1)}; }
}  // namespace

xt::xtensor<double, 2> manifold_forces(const EllipseParams& w, const xt::xtensor<double, 1>& latents,
                                       double beta, const Vec2& y, double dloss_dfree_energy) {
    const auto forward = free_energy_forward(w, y, latents, beta);
    xt::xtensor<double, 2> forces = xt::zeros<double>({latents.size(), std::size_t(2)});
    for (std::size_t k = 0; k < latents.size(); ++k) {
        const Vec2 point = decoder_forward(w, latents(k));
        const double pull = -dloss_dfree_energy * forward.weights(k) * 2.0;
        forces(k, 0) = pull * (point[0] - y[0]);
        forces(k, 1) = pull * (point[1] - y[1]);
    }
    return forces;
}

EllipseTrainer::EllipseTrainer(const TrainingSettings& settings, xt::xtensor<double, 2> samples,
                               std::optional<xt::xtensor<double, 2>> heldout)
    : settings_(settings),
      samples_(std::move(samples)),
      heldout_(std::move(heldout)),
      latents_(latent_grid(settings.latent_count)),
      // The shuffler has a stream of its own, apart from the contrastive draws.
      shuffle_seed_(derive_seed(settings.seed, shuffle_stream)) {
    check_beta(settings_.beta);
    validate_loss_params(settings_.loss_params);
    validate_optimizer_params(settings_.optimizer);
    if (loss_needs_contrastive(settings_.loss)) validate_contrastive_params(settings_.contrastive);
    if (samples_.shape()[0] == 0) throw std::invalid_argument("no training samples");
}

double EllipseTrainer::mean_free_energy(const EllipseParams& w, const xt::xtensor<double, 2>& points,
                                        double beta) const {
    double sum = 0;
    for (std::size_t i = 0; i < points.shape()[0]; ++i) sum += free_energy(w, row(points, i), latents_, beta);
    return sum / double(points.shape()[0]);
}

void EllipseTrainer::record_epoch(TrainingState& state) const {
    state.epoch_w.push_back(state.w.w1);
    state.epoch_w.push_back(state.w.w2);
    state.epoch_train_f.push_back(mean_free_energy(state.w, samples_, settings_.beta));
    // At ZTL the trained F is F∞ already.
    state.epoch_train_f_inf.push_back(std::isinf(settings_.beta) ? state.epoch_train_f.back()
                                                                 : mean_free_energy(state.w, samples_, zero_temperature_beta));
    if (heldout_) state.epoch_heldout_f_inf.push_back(mean_free_energy(state.w, *heldout_, zero_temperature_beta));
}

TrainingState EllipseTrainer::start(const EllipseParams& w0) const {
    TrainingState state;
    state.w = w0;
    state.optimizer = make_optimizer(settings_.optimizer, 2)->state();
    record_epoch(state);
    return state;
}

double EllipseTrainer::batch_loss(const EllipseParams& w, const std::vector<std::size_t>& batch, std::uint64_t step,
                                  Vec2& gradient) const {
    const bool contrastive = loss_needs_contrastive(settings_.loss);
    // most-offending searches one F map per step: F depends on w, not on the sample.
    ContrastiveGrid grid;
    xt::xtensor<double, 2> map;  // (N2, N1)
    if (contrastive && settings_.contrastive.kind == ContrastiveKind::most_offending) {
        grid = most_offending_grid(settings_.contrastive);
        map = xt::empty<double>({grid.y2.size(), grid.y1.size()});
        for (std::size_t j = 0; j < grid.y2.size(); ++j)
            for (std::size_t i = 0; i < grid.y1.size(); ++i)
                map(j, i) = free_energy(w, {grid.y1[i], grid.y2[j]}, latents_, settings_.beta);
    }
    const FreeEnergyFunction free_energy_at = [&](double y1, double y2) {
        return free_energy(w, {y1, y2}, latents_, settings_.beta);
    };

    double loss = 0;
    gradient = {0, 0};
    for (const std::size_t n : batch) {
        const Vec2 y = row(samples_, n);
        const auto forward = free_energy_forward(w, y, latents_, settings_.beta);
        std::vector<std::array<double, 2>> offered;  // (K)
        if (contrastive)
            offered = settings_.contrastive.kind == ContrastiveKind::most_offending
                          ? most_offending_samples(grid, map, y, settings_.contrastive.exclusion_radius,
                                                   settings_.contrastive.count)
                          : pick_contrastive(settings_.contrastive, free_energy_at, y, step, n);
        std::vector<FreeEnergyForward> offered_forward;
        std::vector<double> offered_f;  // (K)
        for (const auto& point : offered) {
            offered_forward.push_back(free_energy_forward(w, point, latents_, settings_.beta));
            offered_f.push_back(offered_forward.back().free_energy);
        }
        loss += loss_forward(settings_.loss, settings_.loss_params, forward.free_energy, offered_f);
        const LossGradient dloss = loss_backward(settings_.loss, settings_.loss_params, forward.free_energy, offered_f);
        const Vec2 dw = free_energy_backward(w, y, latents_, forward).dw;
        gradient[0] += dloss.df_sample * dw[0];
        gradient[1] += dloss.df_sample * dw[1];
        for (std::size_t k = 0; k < offered.size(); ++k) {
            if (dloss.df_contrastive[k] == 0.0) continue;
            const Vec2 dw_offered = free_energy_backward(w, offered[k], latents_, offered_forward[k]).dw;
            gradient[0] += dloss.df_contrastive[k] * dw_offered[0];
            gradient[1] += dloss.df_contrastive[k] * dw_offered[1];
        }
    }
    const double count = double(batch.size());
    gradient = {gradient[0] / count, gradient[1] / count};
    return loss / count;
}

void EllipseTrainer::run_epoch(TrainingState& state) const {
    const std::size_t n = samples_.shape()[0];
    const std::size_t batch_size = settings_.batch_size == 0 ? n : std::min(settings_.batch_size, n);
    const auto batches = epoch_batches(shuffle_seed_, std::uint64_t(state.epochs_done), n, batch_size, settings_.shuffle);
    const auto optimizer = make_optimizer(settings_.optimizer, 2);
    optimizer->restore(state.optimizer);
    std::vector<double> parameters{state.w.w1, state.w.w2};
    for (const auto& batch : batches) {
        Vec2 gradient;
        state.step_loss.push_back(batch_loss({parameters[0], parameters[1]}, batch, state.steps_done, gradient));
        optimizer->step(parameters, {gradient[0], gradient[1]});
        ++state.steps_done;
    }
    state.w = {parameters[0], parameters[1]};
    state.optimizer = optimizer->state();
    ++state.epochs_done;
    record_epoch(state);
}

}  // namespace ebm

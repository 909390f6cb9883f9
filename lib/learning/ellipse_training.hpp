// Training the ellipse model (SPEC §4): minimise L(w) = 1/N Σ_n ℓ(F_β(·), y(n))
// over w = (w1, w2) by minibatch SGD or Adam.
//
// Legend: N training samples, Z latents, K contrastive samples per training
// sample, S optimiser steps, E epochs.
//
// The free energy is F∞ (β = +∞, zero-temperature-limit training: the
// gradient flows only through each sample's ž) or F_β for a finite β (every
// latent contributes, weighted by softargmin_β). The loss functionals and
// contrastive strategies are those of loss.hpp and contrastive.hpp.
//
// Reproducibility: epoch e's batches come from stream e of the shuffler's
// seed and step s's contrastive samples from derive_seed(seed, s), so a run
// resumed from its state after any epoch ends bit-identical to an
// uninterrupted one.
#pragma once

#include "ellipse_model.hpp"
#include "optimizer.hpp"
#include "training_settings.hpp"

#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace ebm {

// Everything a run carries from one epoch to the next: a checkpoint.
struct TrainingState {
    EllipseParams w{0, 0};
    OptimizerState optimizer;
    std::int64_t epochs_done = 0;
    std::uint64_t steps_done = 0;
    std::vector<double> step_loss;            // (S) batch loss before each step
    std::vector<double> epoch_w;              // (E + 1, 2) flattened; row 0 is w0
    std::vector<double> epoch_train_f;        // (E + 1) mean F_β over the training set
    std::vector<double> epoch_train_f_inf;    // (E + 1) mean F∞ over the training set
    std::vector<double> epoch_heldout_f_inf;  // (E + 1) mean F∞ over the held-out set, if any
};

// The force the loss puts on each point g(z_k) of the manifold through one
// sample's F: −∂ℓ/∂g(z_k) = −∂ℓ/∂F(y) · softargmin_β(k) · 2 (g(z_k) − y).
// At β = +∞ only ž moves. (Z, 2)
xt::xtensor<double, 2> manifold_forces(const EllipseParams& w, const xt::xtensor<double, 1>& latents,
                                       double beta, const Vec2& y, double dloss_dfree_energy);

class EllipseTrainer {
public:
    // samples (N, 2); heldout (M, 2) if given. Throws std::invalid_argument on bad settings.
    EllipseTrainer(const TrainingSettings& settings, xt::xtensor<double, 2> samples,
                   std::optional<xt::xtensor<double, 2>> heldout);

    // The state before training: w0, a fresh optimiser, epoch 0 of the history.
    TrainingState start(const EllipseParams& w0) const;
    // One epoch: every batch of the epoch's order, one optimiser step each.
    void run_epoch(TrainingState& state) const;

    // The mean loss over `batch` at w (contrastive samples of step `step`)
    // and its gradient ∂L/∂w.
    double batch_loss(const EllipseParams& w, const std::vector<std::size_t>& batch, std::uint64_t step,
                      Vec2& gradient) const;
    // Mean F_β over a set of points (N, 2) at w.
    double mean_free_energy(const EllipseParams& w, const xt::xtensor<double, 2>& points, double beta) const;

    const TrainingSettings& settings() const { return settings_; }
    const xt::xtensor<double, 1>& latents() const { return latents_; }
    const xt::xtensor<double, 2>& samples() const { return samples_; }

private:
    void record_epoch(TrainingState& state) const;

    TrainingSettings settings_;
    xt::xtensor<double, 2> samples_;                 // (N, 2)
    std::optional<xt::xtensor<double, 2>> heldout_;  // (M, 2)
    xt::xtensor<double, 1> latents_;                 // (Z)
    std::uint64_t shuffle_seed_;
};

}  // namespace ebm

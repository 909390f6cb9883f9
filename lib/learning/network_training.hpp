// Training the neural energy models (network_model.hpp): minimise
// L(θ) = 1/N Σ_n ℓ(F_β(x_n, ·), y_n) over the parameters θ of f (and g) by
// minibatch SGD or Adam: the loop of ellipse_training.hpp, for networks.
//
// Legend: N training samples, M held-out samples, P parameters, K contrastive
// samples per training sample, S optimiser steps, E epochs, H recorded epochs.
//
// The free energy is F∞ (β = +inf, ZTL: the gradient flows only through each
// sample's ž) or F_β (grid models only: every latent contributes, weighted by
// softargmin_β). The loss is any of loss.hpp; the contrastive samples ŷ of a
// training sample (x, y) are drawn at the same x, by random-gaussian (y + σn)
// or random-uniform (a box); most-offending, a search over the lecture's
// unconditional y-window, is refused.
//
// Determinism: a batch is cut into chunks of chunk_rows samples in batch
// order; threads take chunks, each sums its gradient over its own samples in
// order, and the chunks' gradients are summed in chunk order. The result is
// the same bits whatever the number of threads (OpenMP). Epoch e's batches
// come from stream e of the shuffler's seed and step s's contrastive samples
// from derive_seed(contrastive seed, s), as for the ellipse.
#pragma once

#include "network_model.hpp"
#include "optimizer.hpp"
#include "training_settings.hpp"

#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ebm {

// Samples of a data file: (x_n, y_n).
struct ConditionalSamples {
    xt::xtensor<double, 1> x;  // (N)
    xt::xtensor<double, 2> y;  // (N, 2)
};

struct NetworkTrainingState {
    std::vector<double> parameters;  // (P)
    OptimizerState optimizer;
    std::int64_t epochs_done = 0;
    std::uint64_t steps_done = 0;
    std::vector<double> step_loss;            // (S) the batch loss before each step
    std::vector<double> history_epoch;        // (H) the epochs recorded: 0, every k-th, the last
    std::vector<double> epoch_train_f;        // (H) mean F_β over the training set
    std::vector<double> epoch_train_f_inf;    // (H) mean F∞ over the training set
    std::vector<double> epoch_heldout_f_inf;  // (H) mean F∞ over the held-out set, if any
};

// Runs body(c) for chunks c = 0 … count−1, on OpenMP's threads (dynamic
// schedule) if `parallel` and there are two chunks or more, else in order on
// the calling thread; rethrows the first exception, by chunk order, on the
// calling thread. Each chunk's work must depend on c alone, so that the
// results do not depend on the threads. (Small work is better done on one
// thread: a parallel region costs microseconds, far more on a busy machine.)
void for_each_chunk(std::size_t count, const std::function<void(std::size_t)>& body, bool parallel = true);

// What the network trainer adds to TrainingSettings.
struct NetworkTrainingExtras {
    // Record the means every k-th epoch (and the last); k ≥ 1.
    std::int64_t history_every = 1;
    // Cosine annealing of the learning rate from settings.optimizer.learning_rate
    // at step 0 to this at the last step: lr_s = lr_T + (lr_0 − lr_T)(1 + cos(π s/T))/2,
    // T = anneal_epochs × batches per epoch (the rate stays at the final one
    // after T). Negative: constant (no schedule).
    double final_learning_rate = -1;
    // The epochs of the annealing; 0: the run's epochs.
    std::int64_t anneal_epochs = 0;
};

class NetworkTrainer {
public:
    // Samples per chunk of the deterministic parallel reduction.
    static constexpr std::size_t chunk_rows = 64;

    // The model is trained in place: its parameters are the state's after
    // every step. Throws std::invalid_argument on bad settings (a finite β
    // for the latent model, most-offending contrastive samples, no samples).
    NetworkTrainer(const TrainingSettings& settings, NetworkModel& model, ConditionalSamples samples,
                   std::optional<ConditionalSamples> heldout, NetworkTrainingExtras extras = {});

    // The state before training: the model's current parameters, a fresh optimiser, epoch 0 recorded.
    NetworkTrainingState start() const;
    // One epoch of a run of `epochs` epochs: every batch of the epoch's order,
    // one optimiser step each. Throws std::runtime_error naming the step if
    // the loss is not finite.
    void run_epoch(NetworkTrainingState& state, std::int64_t epochs) const;
    // The learning rate of step s (0-based) of a run of `epochs` epochs.
    double learning_rate(std::uint64_t step, std::int64_t epochs) const;

    // The mean loss over `batch` at the model's parameters (contrastive
    // samples of step `step`) and its gradient ∂L/∂θ (P).
    double batch_loss(const std::vector<std::size_t>& batch, std::uint64_t step, std::vector<double>& gradient) const;
    // Mean F_β over a set of samples at the model's parameters.
    double mean_free_energy(const ConditionalSamples& points, double beta) const;
    // F_β of every sample (N), chunked and parallel like the training.
    std::vector<double> free_energies(const ConditionalSamples& points, double beta) const;

    const TrainingSettings& settings() const { return settings_; }
    const ConditionalSamples& samples() const { return samples_; }

    // Whether a pass over this many rows is worth OpenMP's threads.
    bool worth_threads(std::size_t rows) const;

private:
    void record_epoch(NetworkTrainingState& state) const;

    TrainingSettings settings_;
    NetworkModel& model_;
    ConditionalSamples samples_;
    std::optional<ConditionalSamples> heldout_;
    NetworkTrainingExtras extras_;
    // What chunk c of a pass works in, kept from step to step: a pass of the
    // grid models holds megabytes, which malloc would otherwise map and unmap
    // every step, and the small buffers, allocated and zeroed afresh, were a
    // visible share of a conditional step. Chunk c's is used only by the
    // thread running chunk c.
    struct ChunkWork {
        std::unique_ptr<FreeEnergyCache> cache;
        std::vector<double> x, y;           // (R), (R, 2): the chunk's rows
        std::vector<double> free_energy;    // (R)
        std::vector<double> dfree_energy;   // (R) ∂L/∂F of each row
        std::vector<double> gradient;       // (P) the chunk's share of ∂L/∂θ
    };
    mutable std::vector<ChunkWork> chunks_;
    // The work areas of chunks 0 … count−1 (made on first use).
    ChunkWork* chunk_work(std::size_t count) const;
    std::uint64_t shuffle_seed_;
};

}  // namespace ebm

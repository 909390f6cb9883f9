// Training any energy model (model.hpp): minimise
// L(θ) = 1/N Σ_n ℓ(F_β(x_n, ·), y_n) over its parameters θ by minibatch SGD
// or Adam. One loop, one history and one state for every model.
//
// Legend: N training samples, M held-out samples, P parameters, K contrastive
// samples per training sample, S optimiser steps, E epochs, H recorded epochs.
//
// The free energy is F∞ (β = +inf, ZTL: the gradient flows only through each
// sample's ž) or F_β (grid models only: every latent contributes, weighted by
// softargmin_β). The loss is any of loss.hpp; the contrastive samples ŷ of a
// training sample (x, y) are drawn at the same x: random-gaussian (y + σn),
// random-uniform (a box), or most-offending (the lowest F of the lecture's
// y-window outside a ball round y), which needs the F map at x and is
// therefore offered only when every training sample has the same x (the
// unconditional case: one map per step).
//
// Determinism: a batch is cut into chunks of chunk_rows samples in batch
// order; threads take chunks, each sums its gradient over its own samples in
// order, and the chunks' gradients are summed in chunk order. The result is
// the same bits whatever the number of threads (OpenMP). The random streams
// are named in training_settings.hpp: epoch e's batches come from stream e
// of the shuffler's seed and step s's contrastive samples from
// derive_seed(contrastive seed, s), so a run resumed from its state after
// any epoch ends bit-identical to an uninterrupted one.
#pragma once

#include "model.hpp"
#include "optimizer.hpp"
#include "parallel_chunks.hpp"
#include "training_settings.hpp"

#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace ebm {

// TrainingSamples of a data file: (x_n, y_n). The unconditional data's x are all 0.
struct TrainingSamples {
    xt::xtensor<double, 1> x;  // (N)
    xt::xtensor<double, 2> y;  // (N, 2)
};

// What a run records, for the model file.
struct TrainingHistory {
    std::vector<double> step_loss;      // (S) the batch loss before each step
    std::vector<double> epoch;          // (H) the epochs recorded: 0, every k-th, the last
    std::vector<double> parameters;     // (H, P) θ at each recorded epoch
    std::vector<double> train_f;        // (H) mean F_β over the training set
    std::vector<double> train_f_inf;    // (H) mean F∞ over the training set
    std::vector<double> heldout_f_inf;  // (H) mean F∞ over the held-out set, if any
};

// Everything a run carries from one epoch to the next: a checkpoint.
struct TrainingState {
    std::vector<double> parameters;  // (P)
    OptimizerState optimizer;
    std::int64_t epochs_done = 0;
    std::uint64_t steps_done = 0;
    TrainingHistory history;
};

// When the history is recorded and how the learning rate changes.
struct TrainingSchedule {
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

class Trainer {
public:
    // TrainingSamples per chunk of the deterministic parallel reduction.
    static constexpr std::size_t chunk_rows = 64;

    // The model is trained in place: its parameters are the state's after
    // every step. Throws std::invalid_argument on bad settings (a finite β
    // for a model without a latent grid, most-offending contrastive samples
    // for samples of several x, no samples).
    Trainer(const TrainingSettings& settings, Model& model, TrainingSamples samples, std::optional<TrainingSamples> heldout,
            TrainingSchedule schedule = {});

    // The state before training: the model's current parameters, a fresh optimiser, epoch 0 recorded.
    TrainingState start() const;
    // One epoch of a run of `epochs` epochs: every batch of the epoch's order,
    // one optimiser step each. Throws std::runtime_error naming the step if
    // the loss is not finite.
    void run_epoch(TrainingState& state, std::int64_t epochs) const;
    // A state read from a checkpoint, made ready to continue a run of `epochs`
    // epochs: the run that wrote it recorded its last epoch, which this run's
    // schedule may not, so that record is dropped (the resumed history is
    // then the uninterrupted run's).
    void resume(TrainingState& state, std::int64_t epochs) const;
    // The learning rate of step s (0-based) of a run of `epochs` epochs.
    double learning_rate(std::uint64_t step, std::int64_t epochs) const;

    // The mean loss over `batch` at the model's parameters (contrastive
    // samples of step `step`) and its gradient ∂L/∂θ (P).
    double batch_loss(const std::vector<std::size_t>& batch, std::uint64_t step, std::vector<double>& gradient) const;
    // Mean F_β over a set of samples at the model's parameters.
    double mean_free_energy(const TrainingSamples& points, double beta) const;
    // F_β of every sample (N), chunked and parallel like the training.
    std::vector<double> free_energies(const TrainingSamples& points, double beta) const;

    const TrainingSettings& settings() const { return settings_; }
    const TrainingSamples& samples() const { return samples_; }

    // Whether a pass over this many rows is worth OpenMP's threads.
    bool worth_threads(std::size_t rows) const;

private:
    void record_epoch(TrainingState& state) const;
    // F_β at x on most-offending's grid of y. (N2, N1)
    xt::xtensor<double, 2> free_energy_map(const ContrastiveGrid& grid, double x) const;

    TrainingSettings settings_;
    Model& model_;
    TrainingSamples samples_;
    std::optional<TrainingSamples> heldout_;
    TrainingSchedule schedule_;
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
        double loss = 0;                    // the chunk's share of the batch loss
    };
    mutable std::vector<ChunkWork> chunks_;
    // The work areas of chunks 0 … count−1 (made on first use).
    ChunkWork* chunk_work(std::size_t count) const;
    // F_β of every point into its chunk's free_energy; the chunks' work areas.
    ChunkWork* forward_chunks(const TrainingSamples& points, double beta) const;
    // What a step needs besides the chunks, kept from step to step so that a
    // step allocates nothing: the epoch's order, the batch, the gradient, and
    // the optimiser, restored from the state at each epoch (its state is the
    // state's after every step).
    mutable std::vector<std::size_t> order_, batch_;  // (N), (≤ B)
    mutable std::vector<double> gradient_;            // (P)
    std::unique_ptr<Optimizer> optimizer_;
    std::uint64_t shuffle_seed_;
};

}  // namespace ebm

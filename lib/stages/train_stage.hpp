// The training stage (ebm-train): options, the model file and checkpoints.
//
// The model file ("ebm/model", version 1; see model_file.hpp):
//   /params/w                 (2)        the trained w
//   /params/w0                (2)        the starting w (--w0)
//   /history/loss             (S)        the batch loss before each optimiser step
//   /history/w                (E + 1, 2) w after each epoch; row 0 is w0
//   /history/train_f          (E + 1)    mean F_β (the trained β) over the training set
//   /history/train_f_inf      (E + 1)    mean F∞ over the training set
//   /history/heldout_f_inf    (E + 1)    mean F∞ over --heldout, if given
//   /forces/<when>/manifold   (Z, 2)     g(z_k) at w0 (<when> = untrained) or the trained w
//   /forces/<when>/total      (Z, 2)     the force on each g(z_k) of pushing every sample's F down, summed
//   /forces/<when>/sample     (Z, 2)     the same from sample --force-sample alone
//   /forces/<when>/free_energy (N2, N1)  F_β on the lecture's mesh …
//   /forces/<when>/grad_free_energy (2, N2, N1)  … and ∂F_β/∂y, for the training figure
//   /forces/y1 (N1), /forces/y2 (N2)     that mesh
//   root attributes: format, format_version, model, loss, beta, epochs, seed,
//   optimizer, learning_rate, momentum, batch_size, latent_count, force_sample,
//   data_file, data_sha256, heldout_file, heldout_sha256, program,
//   program_version, options
//
// A checkpoint ("ebm/checkpoint") holds a TrainingState and the options it
// was made with; --resume continues it bit-identically.
#pragma once

#include "ellipse_training.hpp"
#include "h5_file.hpp"
#include "network_train_stage.hpp"

#include <optional>
#include <string>

namespace ebm {

inline constexpr const char* checkpoint_format = "ebm/checkpoint";
inline constexpr std::int64_t checkpoint_format_version = 1;

struct TrainOptions {
    std::string data;
    std::string heldout;  // empty: none
    std::string out;
    std::string model = "ellipse";
    std::int64_t epochs = 0;
    EllipseParams w0{1.5, 0.35};
    TrainingSettings settings;
    std::size_t force_sample = 23;  // 1-based
    std::string checkpoint;  // written after every epoch when set
    std::string resume;      // continue from this checkpoint when set
    // The options that define the run (not where it is written, not how
    // many epochs): a checkpoint resumes only a run with the same ones.
    std::string run_identity;
    std::string provenance;
    // --model conditional|decoder-mlp|latent (network_train_stage.hpp).
    NetworkTrainOptions network;
};

std::optional<TrainOptions> parse_train_options(int argc, const char* const argv[]);
void run_train(const TrainOptions& options);

// The root attributes every model file shares: how it was trained (loss, β,
// epochs, seed, optimiser, batch size), on what (the data and held-out files'
// names and SHA-256) and by which program with which options.
void write_training_record(H5Writer& file, const TrainOptions& options);

}  // namespace ebm

// ebm-train for the neural models (--model conditional|decoder-mlp|latent):
// their options, the model file and checkpoints. train_stage.cpp parses the
// shared options (loss, β, optimiser, batches, seed, …) and hands over here.
//
// Legend: P parameters, S optimiser steps, H recorded epochs (--history-every).
//
// The model file ("ebm/model", version 1):
//   /params/f/<module>/weight, /params/f/<module>/bias   f's layers (mlp.hpp: modules 0, 2, 4)
//   /params/g/<module>/weight, /params/g/<module>/bias   g's layers (decoder-mlp, latent)
//   /history/loss             (S)  the batch loss before each optimiser step
//   /history/epoch            (H)  the epochs recorded: 0, every --history-every-th, the last
//   /history/train_f          (H)  mean F_β (the trained β) over the training set
//   /history/train_f_inf      (H)  mean F∞ over the training set
//   /history/heldout_f_inf    (H)  mean F∞ over --heldout, if given
//   root attributes: format, format_version, model, loss, beta, epochs, seed,
//   optimizer, learning_rate, lr_final and lr_epochs (if annealed), momentum, batch_size, history_every, the
//   architecture (network_model.hpp: predictor_hidden, predictor_width,
//   decoder_hidden, latent_count or latent_dim, regularizer, lambda, latent_*),
//   data_file, data_sha256, heldout_file, heldout_sha256, program,
//   program_version, options
#pragma once

#include "cli.hpp"
#include "network_model.hpp"
#include "network_training.hpp"

#include <cstdint>
#include <string>

namespace ebm {

struct TrainOptions;

struct NetworkTrainOptions {
    NetworkConfig config;
    NetworkTrainingExtras extras;
    // The options as parsed, before their ranges are checked into `config`.
    struct Parsed {
        long long width = 8, predictor_hidden = 8, decoder_hidden = 16, latent_dim = 2, starts = 4;
        long long latent_iterations = 200, history_every = 1;
        double lambda = 0, start_scale = 1, lr_final = -1;
        long long lr_epochs = 0;
        std::string regularizer = "l2", latent_method = "lbfgs";
    } parsed;
};

// The neural models' options, added to ebm-train's.
void add_network_train_options(po::options_description& described, NetworkTrainOptions& options);
// Checks them once parsed: for a network model, fills options.network from
// the shared settings and refuses the ellipse's own options (--w0,
// --force-sample) and bad values (--latent-dim 0, …); for the ellipse,
// refuses the network options. UsageError naming the option.
void finish_network_train_options(TrainOptions& options, const po::variables_map& values);
// Trains (or, with --epochs 0, initialises) and writes the model file.
void run_network_train(const TrainOptions& options);

}  // namespace ebm

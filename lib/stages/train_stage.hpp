// The training stage (ebm-train): one path for every model of the registry
// (model_registry.hpp). Options are read into TrainOptions; train() computes
// a TrainResult (the model, its run, the ellipse's forces), and
// write_model_file() puts it into the model file ("ebm/model"), whose layout
// is in docs/file-formats.md:
//
//   /params/<block>, /initial_params/<block>   the trained and the untrained parameters
//   /history/loss, epoch, parameters, train_f, train_f_inf, heldout_f_inf
//   /forces/…                                  the ellipse model's forces (training figure)
//   /restarts/seed, train_f                    every restart's seed and final training loss
//   /evaluation/…                              the model against the data's generator (model_evaluation.hpp)
//   root attributes: the architecture, the training record, the provenance
#pragma once

#include "checkpoint.hpp"
#include "likelihood_report.hpp"
#include "manifold_forces.hpp"
#include "model_evaluation.hpp"
#include "model.hpp"
#include "training.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ebm {

struct TrainOptions {
    std::string data;
    std::string heldout;  // empty: none
    std::string out;
    std::string model = "ellipse";
    std::int64_t epochs = 0;
    std::size_t restarts = 1;  // runs from derived seeds; the lowest final training loss is kept
    TrainingSettings settings;
    TrainingSchedule schedule;
    // The model's own options as text, its defaults filled in (model_registry.hpp).
    std::map<std::string, std::string> model_options;
    // The ellipse's sample (1-based) whose forces on the manifold are stored;
    // nullopt: the lecture's Y[23] if the data have it, else none.
    std::optional<std::size_t> force_sample;
    // --likelihood true: the model file gets /likelihood (likelihood_report.hpp)
    // of the held-out samples at the training β.
    bool likelihood = false;
    std::size_t kl_samples = default_kl_samples;  // --kl-samples: the KL's fresh samples
    std::string checkpoint;  // written after every epoch when set
    std::string resume;      // continue from this checkpoint when set
    RunIdentity identity;    // what a checkpoint must share to be resumed
    std::string provenance;  // every option, as recorded in the model file
};

std::optional<TrainOptions> parse_train_options(int argc, const char* const argv[]);

// The untrained model the options describe (parameters initialised from the seed).
std::unique_ptr<Model> make_model(const TrainOptions& options);

struct TrainResult {
    std::unique_ptr<Model> model;             // trained: its parameters are state.parameters
    std::vector<double> initial_parameters;   // (P) at epoch 0
    TrainingState state;
    // Every restart's seed and final training loss (the last train_f), and
    // which one was kept: the lowest loss, the first on a tie.
    std::vector<std::uint64_t> restart_seeds;
    std::vector<double> restart_losses;
    std::size_t chosen_restart = 0;
    // The trained model against the generator the data file names (model_evaluation.hpp).
    std::optional<ModelEvaluation> evaluation;
    // The ellipse model's forces (manifold_forces.hpp) before and after
    // training, on the lecture's mesh; force_sample is 0-based.
    std::optional<std::size_t> force_sample;
    std::optional<ManifoldForces> untrained_forces, trained_forces;
    std::optional<LikelihoodReport> likelihood;  // with --likelihood true
    xt::xtensor<double, 1> mesh_y1, mesh_y2;  // (N1), (N2)
};

// Restart k's seed: the run's own for k = 0, else derive_seed(seed, restart + k) >> 1.
std::uint64_t restart_seed(std::uint64_t seed, std::size_t restart);

// Reads the data, trains (or resumes) and checkpoints after every epoch,
// options.restarts times, and keeps the run of the lowest final training loss.
TrainResult train(const TrainOptions& options);
void write_model_file(const TrainOptions& options, const TrainResult& result);
// train, then write_model_file.
void run_train(const TrainOptions& options);

}  // namespace ebm

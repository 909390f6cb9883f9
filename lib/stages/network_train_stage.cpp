// ebm-train for the neural models; the model file is described in network_train_stage.hpp.
#include "network_train_stage.hpp"

#include "checkpoint.hpp"
#include "data_file.hpp"
#include "errors.hpp"
#include "free_energy.hpp"
#include "h5_file.hpp"
#include "model_file.hpp"
#include "network_training.hpp"
#include "progress.hpp"
#include "sha256.hpp"
#include "train_stage.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>

namespace ebm {

namespace {

// The options of each network model, and the ellipse's own ones.
const std::vector<std::string> network_options = {
    "width", "predictor-hidden", "decoder-hidden", "latent-dim", "regularizer", "lambda",
    "latent-method", "starts", "start-scale", "latent-iterations", "history-every", "lr-final", "lr-epochs"};
const std::vector<std::string> latent_only = {"latent-dim", "regularizer", "lambda", "latent-method",
                                              "starts", "start-scale", "latent-iterations"};
const std::vector<std::string> ellipse_only = {"w0", "force-sample"};


bool given(const po::variables_map& values, const std::string& name) {
    return values.count(name) && !values[name].defaulted();
}

xt::xtensor<double, 1> as_array(const std::vector<double>& values) { return xt::adapt(values, {values.size()}); }

ConditionalSamples conditional_samples(const std::string& path, const std::string& model) {
    DataSet data = read_data_file(path);
    if (data.data_case != "conditional")
        throw RunError("'" + path + "' holds " + data.data_case + " data; the " + model +
                       " model trains on conditional data (ebm-generate --case conditional)");
    return {std::move(data.x), std::move(data.y)};
}

// ---------------------------------------------------------------- checkpoints

// The epochs the learning rate anneals over (0: not annealed): a resumed run must keep them.
std::int64_t annealing_epochs(const TrainOptions& options) {
    const auto& extras = options.network.extras;
    if (extras.final_learning_rate < 0) return 0;
    return extras.anneal_epochs > 0 ? extras.anneal_epochs : options.epochs;
}

void write_checkpoint(const TrainOptions& options, const NetworkTrainingState& state) {
    H5Writer file(options.checkpoint, checkpoint_format, checkpoint_format_version);
    file.write("/state/parameters", as_array(state.parameters));
    file.write("/state/step_loss", as_array(state.step_loss));
    file.write("/state/history_epoch", as_array(state.history_epoch));
    file.write("/state/epoch_train_f", as_array(state.epoch_train_f));
    file.write("/state/epoch_train_f_inf", as_array(state.epoch_train_f_inf));
    file.write("/state/epoch_heldout_f_inf", as_array(state.epoch_heldout_f_inf));
    write_training_progress(file, {state.optimizer, state.epochs_done, state.steps_done});
    file.set_attribute("run_identity", options.run_identity);
    file.set_attribute("annealing_epochs", annealing_epochs(options));
    file.commit();
}

NetworkTrainingState read_checkpoint(const TrainOptions& options, std::size_t parameter_count) {
    const H5Reader file(options.resume, checkpoint_format, checkpoint_format_version);
    check_run_identity(file, options.run_identity);
    const auto vector = [&](const std::string& name) { return read_values(file, name); };
    const auto annealed = std::int64_t(file.number_attribute("annealing_epochs"));
    if (annealed != annealing_epochs(options))
        throw RunError("checkpoint '" + options.resume + "' anneals the learning rate over " + std::to_string(annealed) +
                       " epochs, this run over " + std::to_string(annealing_epochs(options)) +
                       "; give both runs the same --lr-epochs");
    NetworkTrainingState state;
    state.parameters = vector("/state/parameters");
    if (state.parameters.size() != parameter_count)
        throw RunError("checkpoint '" + options.resume + "' holds " + std::to_string(state.parameters.size()) +
                       " parameters, this model has " + std::to_string(parameter_count));
    state.step_loss = vector("/state/step_loss");
    state.history_epoch = vector("/state/history_epoch");
    state.epoch_train_f = vector("/state/epoch_train_f");
    state.epoch_train_f_inf = vector("/state/epoch_train_f_inf");
    state.epoch_heldout_f_inf = vector("/state/epoch_heldout_f_inf");
    const TrainingProgress progress = read_training_progress(file, options.epochs);
    state.optimizer = progress.optimizer;
    state.epochs_done = progress.epochs_done;
    state.steps_done = progress.steps_done;
    return state;
}

// ---------------------------------------------------------------- the model file

void write_model(const TrainOptions& options, const NetworkModel& model, const NetworkTrainingState& state) {
    H5Writer file(options.out, model_format, model_format_version);
    write_parameters(file, model.parameter_blocks(), model.parameters());
    file.write("/history/loss", as_array(state.step_loss));
    file.write("/history/epoch", as_array(state.history_epoch));
    file.write("/history/train_f", as_array(state.epoch_train_f));
    file.write("/history/train_f_inf", as_array(state.epoch_train_f_inf));
    if (!options.heldout.empty()) file.write("/history/heldout_f_inf", as_array(state.epoch_heldout_f_inf));

    write_network_architecture(file, model.config());
    file.set_attribute("history_every", options.network.extras.history_every);
    if (options.network.extras.final_learning_rate >= 0) {
        file.set_attribute("lr_final", options.network.extras.final_learning_rate);
        file.set_attribute("lr_epochs", annealing_epochs(options));
    }
    write_training_record(file, options);
    file.commit();
}

}  // namespace

void add_network_train_options(po::options_description& described, NetworkTrainOptions& options) {
    auto& raw = options.parsed;
    described.add_options()
        ("width", po::value(&raw.width)->default_value(raw.width),
         "decoder-mlp, latent: D = dim f(x), the predictor's output width (conditional: always 2)")
        ("predictor-hidden", po::value(&raw.predictor_hidden)->default_value(raw.predictor_hidden),
         "conditional, decoder-mlp, latent: width of f's two hidden layers")
        ("decoder-hidden", po::value(&raw.decoder_hidden)->default_value(raw.decoder_hidden),
         "decoder-mlp, latent: width of g's two hidden layers")
        ("latent-dim", po::value(&raw.latent_dim)->default_value(raw.latent_dim), "latent: d, z ∈ R^d (≥ 1)")
        ("regularizer", po::value(&raw.regularizer)->default_value(raw.regularizer), "latent: R(z), l2 (‖z‖²) | l1 (‖z‖₁)")
        ("lambda", po::value(&raw.lambda)->default_value(raw.lambda, "0"), "latent: λ ≥ 0 of λR(z); 0 is no regulariser")
        ("latent-method", po::value(&raw.latent_method)->default_value(raw.latent_method),
         "latent: inference of ž, gd | cg | lbfgs")
        ("starts", po::value(&raw.starts)->default_value(raw.starts),
         "latent: starts of each inference: z = 0 and seeded N(0, s²I) points (≥ 1)")
        ("start-scale", po::value(&raw.start_scale)->default_value(raw.start_scale, "1"), "latent: s of the starts (> 0)")
        ("latent-iterations", po::value(&raw.latent_iterations)->default_value(raw.latent_iterations),
         "latent: iterations per start (≥ 1)")
        ("history-every", po::value(&raw.history_every)->default_value(raw.history_every),
         "conditional, decoder-mlp, latent: record the mean F's every k-th epoch (and the last)")
        ("lr-final", po::value(&raw.lr_final),
         "conditional, decoder-mlp, latent: anneal the learning rate from --lr to this (0 < it ≤ --lr) "
         "along a half cosine over the run's steps (default: constant)")
        ("lr-epochs", po::value(&raw.lr_epochs),
         "conditional, decoder-mlp, latent: the epochs the annealing of --lr-final spans (default: --epochs); "
         "give it to resume an annealed run with other --epochs");
}

void finish_network_train_options(TrainOptions& options, const po::variables_map& values) {
    if (!is_network_model_name(options.model)) {
        for (const auto& name : network_options)
            if (given(values, name))
                throw UsageError("--" + name + " applies to --model conditional|decoder-mlp|latent, not " + options.model);
        return;
    }
    const NetworkKind kind = network_kind_from_name(options.model);
    for (const auto& name : ellipse_only)
        if (given(values, name)) throw UsageError("--" + name + " applies to --model ellipse only");
    if (kind != NetworkKind::latent)
        for (const auto& name : latent_only)
            if (given(values, name)) throw UsageError("--" + name + " applies to --model latent only");
    if (kind == NetworkKind::latent && given(values, "z"))
        throw UsageError("--z is the latent grid of conditional and decoder-mlp; the latent model has no grid");
    if (kind == NetworkKind::conditional && given(values, "decoder-hidden"))
        throw UsageError("--decoder-hidden applies to --model decoder-mlp|latent: the conditional model's g is [cos z, sin z]");

    NetworkConfig& config = options.network.config;
    const auto& raw = options.network.parsed;
    config.kind = kind;
    const auto width = [](long long value, const std::string& name) {
        require(value >= 1 && value <= 4096, name, "from 1 to 4096", std::to_string(value));
        return std::size_t(value);
    };
    if (kind == NetworkKind::conditional) {
        require(!given(values, "width") || raw.width == 2, "width",
                "2 for --model conditional (f gives the two semi-axes)", std::to_string(raw.width));
        config.predictor_width = 2;
    } else {
        config.predictor_width = width(raw.width, "width");
    }
    config.predictor_hidden = width(raw.predictor_hidden, "predictor-hidden");
    config.decoder_hidden = width(raw.decoder_hidden, "decoder-hidden");
    config.latent_count = options.settings.latent_count;
    require(raw.latent_dim >= 1 && raw.latent_dim <= 4096, "latent-dim", "from 1 to 4096", std::to_string(raw.latent_dim));
    config.latent_dim = std::size_t(raw.latent_dim);
    try {
        config.regularizer = regularizer_from_name(raw.regularizer);
    } catch (const std::invalid_argument& error) {
        throw UsageError("--regularizer: " + std::string(error.what()));
    }
    require(raw.lambda >= 0 && std::isfinite(raw.lambda), "lambda", "a finite number ≥ 0", shortest_text(raw.lambda));
    config.lambda = raw.lambda;
    try {
        config.search.method = latent_method_from_name(raw.latent_method);
    } catch (const std::invalid_argument& error) {
        throw UsageError("--latent-method: " + std::string(error.what()));
    }
    require(raw.starts >= 1 && raw.starts <= 10000, "starts", "from 1 to 10000", std::to_string(raw.starts));
    config.search.starts = std::size_t(raw.starts);
    require(raw.start_scale > 0 && std::isfinite(raw.start_scale), "start-scale", "a finite number > 0",
            shortest_text(raw.start_scale));
    config.search.start_scale = raw.start_scale;
    require(raw.latent_iterations >= 1 && raw.latent_iterations <= 1'000'000, "latent-iterations", "from 1 to 1000000",
            std::to_string(raw.latent_iterations));
    config.search.max_iterations = std::size_t(raw.latent_iterations);
    config.search.seed = options.settings.seed;
    require(raw.history_every >= 1, "history-every", "≥ 1", std::to_string(raw.history_every));
    options.network.extras.history_every = raw.history_every;
    if (given(values, "lr-final")) {
        require(raw.lr_final > 0 && raw.lr_final <= options.settings.optimizer.learning_rate, "lr-final",
                "> 0 and ≤ --lr (" + shortest_text(options.settings.optimizer.learning_rate) + ")",
                shortest_text(raw.lr_final));
        options.network.extras.final_learning_rate = raw.lr_final;
    }
    if (given(values, "lr-epochs")) {
        require(given(values, "lr-final"), "lr-epochs", "given with --lr-final", std::to_string(raw.lr_epochs));
        require(raw.lr_epochs >= 1, "lr-epochs", "≥ 1", std::to_string(raw.lr_epochs));
        options.network.extras.anneal_epochs = raw.lr_epochs;
    }

    const auto& settings = options.settings;
    if (kind == NetworkKind::latent && settings.beta != zero_temperature_beta)
        throw UsageError("--beta must be inf for --model latent: F_β over z ∈ R^d has no grid (got " +
                         shortest_text(settings.beta) + ")");
    if (loss_needs_contrastive(settings.loss) && settings.contrastive.kind == ContrastiveKind::most_offending)
        throw UsageError("--contrastive most-offending searches the lecture's unconditional y-window; with --model " +
                         options.model + " use random-gaussian or random-uniform");
}

void run_network_train(const TrainOptions& options) {
    ConditionalSamples samples = conditional_samples(options.data, options.model);
    std::optional<ConditionalSamples> heldout;
    if (!options.heldout.empty()) heldout = conditional_samples(options.heldout, options.model);
    const auto model = make_network_model(options.network.config);
    model->initialise(options.settings.seed);
    const NetworkTrainer trainer(options.settings, *model, std::move(samples), std::move(heldout),
                                 options.network.extras);
    NetworkTrainingState state =
        options.resume.empty() ? trainer.start() : read_checkpoint(options, model->parameter_count());
    model->parameters() = state.parameters;
    Progress progress("ebm-train", "epochs");
    while (state.epochs_done < options.epochs) {
        trainer.run_epoch(state, options.epochs);
        if (!options.checkpoint.empty()) write_checkpoint(options, state);
        progress.update(std::size_t(state.epochs_done), std::size_t(options.epochs));
    }
    progress.finish();
    write_model(options, *model, state);
}

}  // namespace ebm

#include "train_stage.hpp"

#include "checkpoint.hpp"
#include "cli.hpp"
#include "data_file.hpp"
#include "errors.hpp"
#include "ellipse_free_energy.hpp"
#include "grid_spec.hpp"
#include "h5_file.hpp"
#include "model_file.hpp"
#include "progress.hpp"
#include "rng.hpp"
#include "sha256.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>

namespace ebm {

namespace {

// The contrastive draws get a stream of their own, apart from the shuffler's.
constexpr std::uint64_t contrastive_stream = 1;

// Beyond this the per-epoch history alone would take gigabytes.
constexpr long long max_epochs = 10'000'000;

// Options that say where things go or how long to run, not what the run is.
const std::vector<std::string> not_identity = {"out", "epochs", "checkpoint", "resume"};

template <typename Parse>
auto as_usage_error(const std::string& option, Parse parse) {
    try {
        return parse();
    } catch (const std::invalid_argument& error) {
        throw UsageError("--" + option + ": " + error.what());
    }
}

Vec2 parse_pair(const std::string& text, const std::string& option) {
    const auto numbers = parse_number_list(text, option);
    if (numbers.size() != 2 || !std::isfinite(numbers[0]) || !std::isfinite(numbers[1]))
        throw UsageError("--" + option + " must be two finite numbers W1,W2 (got '" + text + "')");
    return {numbers[0], numbers[1]};
}

// ---------------------------------------------------------------- checkpoints

void write_state(H5Writer& file, const TrainingState& state) {
    const auto vector = [](const std::vector<double>& values) {
        return xt::xtensor<double, 1>(xt::adapt(values, {values.size()}));
    };
    file.write("/state/w", xt::xtensor<double, 1>{state.w.w1, state.w.w2});
    file.write("/state/step_loss", vector(state.step_loss));
    file.write("/state/epoch_w", vector(state.epoch_w));
    file.write("/state/epoch_train_f", vector(state.epoch_train_f));
    file.write("/state/epoch_train_f_inf", vector(state.epoch_train_f_inf));
    file.write("/state/epoch_heldout_f_inf", vector(state.epoch_heldout_f_inf));
    write_training_progress(file, {state.optimizer, state.epochs_done, state.steps_done});
}

TrainingState read_checkpoint(const TrainOptions& options) {
    const H5Reader file(options.resume, checkpoint_format, checkpoint_format_version);
    check_run_identity(file, options.run_identity);
    const auto vector = [&](const std::string& name) { return read_values(file, name); };
    TrainingState state;
    const auto w = vector("/state/w");
    state.w = {w.at(0), w.at(1)};
    state.step_loss = vector("/state/step_loss");
    state.epoch_w = vector("/state/epoch_w");
    state.epoch_train_f = vector("/state/epoch_train_f");
    state.epoch_train_f_inf = vector("/state/epoch_train_f_inf");
    state.epoch_heldout_f_inf = vector("/state/epoch_heldout_f_inf");
    const TrainingProgress progress = read_training_progress(file, options.epochs);
    state.optimizer = progress.optimizer;
    state.epochs_done = progress.epochs_done;
    state.steps_done = progress.steps_done;
    return state;
}

void write_checkpoint(const TrainOptions& options, const TrainingState& state) {
    H5Writer file(options.checkpoint, checkpoint_format, checkpoint_format_version);
    write_state(file, state);
    file.set_attribute("run_identity", options.run_identity);
    file.commit();
}

// ---------------------------------------------------------------- the model file

// What the training figure draws at one w: the forces on the manifold and
// the trained free energy with its gradient on the lecture's mesh.
void write_forces(H5Writer& file, const std::string& group, const EllipseTrainer& trainer, const EllipseParams& w,
                  std::size_t force_sample, const GridSpec& mesh) {
    const auto& latents = trainer.latents();
    const auto& samples = trainer.samples();
    const double beta = trainer.settings().beta;
    const std::size_t z_count = latents.size();
    xt::xtensor<double, 2> manifold = xt::empty<double>({z_count, std::size_t(2)});
    for (std::size_t k = 0; k < z_count; ++k) {
        const Vec2 point = decoder_forward(w, latents(k));
        manifold(k, 0) = point[0];
        manifold(k, 1) = point[1];
    }
    // The forces of pushing each sample's F down (∂ℓ/∂F(y) = 1: the energy
    // loss, or the pull half of a contrastive loss; its pushes on ŷ are not drawn).
    xt::xtensor<double, 2> total = xt::zeros<double>({z_count, std::size_t(2)});
    xt::xtensor<double, 2> one_sample;
    for (std::size_t n = 0; n < samples.shape()[0]; ++n) {
        const auto forces = manifold_forces(w, latents, beta, {samples(n, 0), samples(n, 1)}, 1.0);
        total += forces;
        if (n + 1 == force_sample) one_sample = forces;
    }
    const auto y1 = mesh.y1.values(), y2 = mesh.y2.values();
    xt::xtensor<double, 2> map = xt::empty<double>({y2.size(), y1.size()});
    xt::xtensor<double, 3> gradient = xt::empty<double>({std::size_t(2), y2.size(), y1.size()});
    for (std::size_t j = 0; j < y2.size(); ++j)
        for (std::size_t i = 0; i < y1.size(); ++i) {
            const Vec2 y{y1(i), y2(j)};
            const auto forward = free_energy_forward(w, y, latents, beta);
            const auto backward = free_energy_backward(w, y, latents, forward);
            map(j, i) = forward.free_energy;
            gradient(0, j, i) = backward.dy[0];
            gradient(1, j, i) = backward.dy[1];
        }
    file.write(group + "/manifold", manifold);
    file.write(group + "/total", total);
    file.write(group + "/sample", one_sample);
    file.write(group + "/free_energy", map);
    file.write(group + "/grad_free_energy", gradient);
}

void write_model(const TrainOptions& options, const EllipseTrainer& trainer, const TrainingState& state) {
    const auto vector = [](const std::vector<double>& values) {
        return xt::xtensor<double, 1>(xt::adapt(values, {values.size()}));
    };
    H5Writer file(options.out, model_format, model_format_version);
    file.write("/params/w", xt::xtensor<double, 1>{state.w.w1, state.w.w2});
    file.write("/params/w0", xt::xtensor<double, 1>{options.w0.w1, options.w0.w2});
    file.write("/history/loss", vector(state.step_loss));
    xt::xtensor<double, 2> epoch_w = xt::adapt(state.epoch_w, {state.epoch_w.size() / 2, std::size_t(2)});
    file.write("/history/w", epoch_w);
    file.write("/history/train_f", vector(state.epoch_train_f));
    file.write("/history/train_f_inf", vector(state.epoch_train_f_inf));
    if (!options.heldout.empty()) file.write("/history/heldout_f_inf", vector(state.epoch_heldout_f_inf));

    const GridSpec mesh = parse_grid_spec("-3:3:25,-2:2:17", "grid");
    file.write("/forces/y1", mesh.y1.values());
    file.write("/forces/y2", mesh.y2.values());
    write_forces(file, "/forces/untrained", trainer, options.w0, options.force_sample, mesh);
    write_forces(file, "/forces/trained", trainer, state.w, options.force_sample, mesh);

    file.set_attribute("model", options.model);
    file.set_attribute("latent_count", std::int64_t(options.settings.latent_count));
    file.set_attribute("force_sample", std::int64_t(options.force_sample));
    write_training_record(file, options);
    file.commit();
}

}  // namespace

void write_training_record(H5Writer& file, const TrainOptions& options) {
    const auto& settings = options.settings;
    file.set_attribute("loss", loss_name(settings.loss));
    file.set_attribute("beta", settings.beta);
    file.set_attribute("epochs", options.epochs);
    file.set_attribute("seed", std::int64_t(settings.seed));
    file.set_attribute("optimizer", optimizer_name(settings.optimizer.kind));
    file.set_attribute("learning_rate", settings.optimizer.learning_rate);
    file.set_attribute("momentum", settings.optimizer.momentum);
    file.set_attribute("batch_size", std::int64_t(settings.batch_size));
    file.set_attribute("data_file", file_name(options.data));
    file.set_attribute("data_sha256", sha256_of_file(options.data));
    if (!options.heldout.empty()) {
        file.set_attribute("heldout_file", file_name(options.heldout));
        file.set_attribute("heldout_sha256", sha256_of_file(options.heldout));
    }
    file.set_attribute("program", std::string("ebm-train"));
    file.set_attribute("program_version", std::string(EBM_VERSION));
    file.set_attribute("options", options.provenance);
}

std::optional<TrainOptions> parse_train_options(int argc, const char* const argv[]) {
    const ProgramInfo program{
        "ebm-train", "train", "train the ellipse model's w on a data file (--epochs 0: the untrained model)",
        "Defaults reproduce the lecture's zero-temperature-limit (ZTL) training with the energy loss,\n"
        "from the untrained w0 = (1.5, 0.35) of slide 06. --beta 1 is the lecture's \"warmer\" run.\n"
        "Losses other than energy push contrastive samples up (--contrastive).\n"
        "--model conditional|decoder-mlp|latent train the network models of the horn (conditional data;\n"
        "lib/network_train_stage.hpp).\n"};
    TrainOptions options;
    auto& settings = options.settings;
    std::string w0 = "1.5,0.35", beta = "inf", loss = "energy", optimizer = "sgd", contrastive = "most-offending";
    std::string nll_beta = "1";
    long long epochs = 200, seed = 1, batch_size = 0, latent_count = 48, contrastive_count = 1, force_sample = 23;
    bool shuffle = true;
    po::options_description described("Options");
    described.add_options()
        ("data", po::value(&options.data)->value_name("FILE")->required(), "training data file (ebm-generate)")
        ("heldout", po::value(&options.heldout)->value_name("FILE"), "held-out data file: its mean F∞ per epoch goes into the history")
        ("out", po::value(&options.out)->value_name("FILE")->required(), "output model file")
        ("model", po::value(&options.model)->default_value("ellipse"), "ellipse|conditional|decoder-mlp|latent")
        ("epochs", po::value(&epochs)->default_value(200), "epochs (≥ 0; 0 writes the untrained model)")
        ("w0", po::value(&w0)->default_value(w0), "the untrained w as W1,W2")
        ("beta", po::value(&beta)->default_value(beta), "inverse temperature of the trained free energy: inf (ZTL) or > 0")
        ("loss", po::value(&loss)->default_value(loss), allowed_loss_names().c_str())
        ("margin", po::value(&settings.loss_params.margin)->default_value(1.0, "1"), "m of hinge and square-square (≥ 0)")
        ("gamma", po::value(&settings.loss_params.gamma)->default_value(1.0, "1"), "γ of square-exp (> 0)")
        ("lvq2-delta", po::value(&settings.loss_params.lvq2_delta)->default_value(1.0, "1"), "δ of lvq2 (> 0)")
        ("nll-beta", po::value(&nll_beta)->default_value(nll_beta), "β of nll: > 0 or inf")
        ("contrastive", po::value(&contrastive)->default_value(contrastive), allowed_contrastive_names().c_str())
        ("contrastive-count", po::value(&contrastive_count)->default_value(1), "contrastive samples per training sample (≥ 1)")
        ("exclusion-radius", po::value(&settings.contrastive.exclusion_radius)->default_value(0.5, "0.5"),
         "most-offending: ε, the radius round each sample where no contrastive sample is taken (≥ 0)")
        ("contrastive-sigma", po::value(&settings.contrastive.sigma)->default_value(0.5, "0.5"),
         "random-gaussian: σ of the noise added to the sample (> 0)")
        ("optimizer", po::value(&optimizer)->default_value(optimizer), allowed_optimizer_names().c_str())
        ("lr", po::value(&settings.optimizer.learning_rate)->default_value(0.1, "0.1"), "learning rate (> 0)")
        ("momentum", po::value(&settings.optimizer.momentum)->default_value(0.9, "0.9"), "SGD momentum in [0, 1)")
        ("batch-size", po::value(&batch_size)->default_value(0), "samples per step (0: all, full batch)")
        ("shuffle", po::value(&shuffle)->default_value(true), "shuffle the samples every epoch (true|false)")
        ("seed", po::value(&seed)->default_value(1), "random seed of the shuffles and contrastive samples (≥ 0)")
        ("z", po::value(&latent_count)->default_value(48), "latent grid points (≥ 1)")
        ("force-sample", po::value(&force_sample)->default_value(23), "the sample y′ (1-based) whose forces on the manifold are stored")
        ("checkpoint", po::value(&options.checkpoint)->value_name("FILE"), "write the training state to FILE after every epoch")
        ("resume", po::value(&options.resume)->value_name("FILE"), "continue from a checkpoint of a run with the same options");
    add_network_train_options(described, options.network);
    po::variables_map values;
    if (!parse_options(argc, argv, program, described, values)) return std::nullopt;

    require_one_of(options.model, "model", {"ellipse", "conditional", "decoder-mlp", "latent"});
    require(epochs >= 0, "epochs", "≥ 0", std::to_string(epochs));
    // The history keeps 6 numbers per epoch and a loss per step: refuse up front what cannot fit.
    if (epochs > max_epochs)
        throw UsageError("--epochs " + std::to_string(epochs) + " would keep " +
                         std::to_string(epochs / (1 << 20) * 7 * 8) + " MiB of training history or more; at most " +
                         std::to_string(max_epochs) + " epochs");
    options.epochs = epochs;
    const Vec2 w0_pair = parse_pair(w0, "w0");
    options.w0 = {w0_pair[0], w0_pair[1]};
    const auto betas = parse_number_list(beta, "beta");
    require(betas.size() == 1 && betas[0] > 0, "beta", "one number > 0, or inf", beta);
    settings.beta = betas[0];
    settings.loss = as_usage_error("loss", [&] { return loss_kind_from_name(loss); });
    const auto nll_betas = parse_number_list(nll_beta, "nll-beta");
    require(nll_betas.size() == 1, "nll-beta", "one number > 0, or inf", nll_beta);
    settings.loss_params.nll_beta = nll_betas[0];
    as_usage_error("margin", [&] { validate_loss_params(settings.loss_params); return 0; });
    settings.contrastive.kind = as_usage_error("contrastive", [&] { return contrastive_kind_from_name(contrastive); });
    require(contrastive_count >= 1 && contrastive_count <= 10000, "contrastive-count", "from 1 to 10000",
            std::to_string(contrastive_count));
    settings.contrastive.count = std::size_t(contrastive_count);
    settings.optimizer.kind = as_usage_error("optimizer", [&] { return optimizer_kind_from_name(optimizer); });
    require(settings.optimizer.learning_rate > 0 && std::isfinite(settings.optimizer.learning_rate), "lr",
            "a finite number > 0", shortest_text(settings.optimizer.learning_rate));
    as_usage_error("momentum", [&] { validate_optimizer_params(settings.optimizer); return 0; });
    require(batch_size >= 0, "batch-size", "≥ 0 (0: full batch)", std::to_string(batch_size));
    settings.batch_size = std::size_t(batch_size);
    settings.shuffle = shuffle;
    require(seed >= 0, "seed", "≥ 0", std::to_string(seed));
    settings.seed = std::uint64_t(seed);
    settings.contrastive.seed = derive_seed(settings.seed, contrastive_stream);
    as_usage_error("contrastive", [&] { validate_contrastive_params(settings.contrastive); return 0; });
    require(latent_count >= 1 && latent_count <= 1'000'000, "z", "from 1 to 1000000", std::to_string(latent_count));
    settings.latent_count = std::size_t(latent_count);
    require(force_sample >= 1, "force-sample", "a 1-based sample index", std::to_string(force_sample));
    options.force_sample = std::size_t(force_sample);
    finish_network_train_options(options, values);

    require_distinct_output("out", options.out, {{"data", options.data}, {"heldout", options.heldout},
                                                 {"checkpoint", options.checkpoint}, {"resume", options.resume}});
    require_distinct_output("checkpoint", options.checkpoint, {{"data", options.data}, {"heldout", options.heldout}});

    const std::vector<std::string> paths = {"data", "heldout", "out", "checkpoint", "resume"};
    // Resuming must not change the record of what was run.
    po::variables_map identity;
    for (const auto& [name, value] : values)
        if (std::find(not_identity.begin(), not_identity.end(), name) == not_identity.end()) identity.insert({name, value});
    options.run_identity = options_summary(identity, paths);
    po::variables_map recorded;
    for (const auto& [name, value] : values)
        if (name != "checkpoint" && name != "resume") recorded.insert({name, value});
    options.provenance = options_summary(recorded, paths);
    return options;
}

void run_train(const TrainOptions& options) {
    if (is_network_model_name(options.model)) return run_network_train(options);
    const DataSet data = read_data_file(options.data);
    if (data.data_case != "unconditional")
        throw RunError("'" + options.data + "' holds " + data.data_case +
                       " data; the ellipse model trains on unconditional data (ebm-generate --case unconditional)");
    if (options.force_sample > data.y.shape()[0])
        throw UsageError("--force-sample " + std::to_string(options.force_sample) + " is past the " +
                         std::to_string(data.y.shape()[0]) + " samples of '" + options.data + "'");
    std::optional<xt::xtensor<double, 2>> heldout;
    if (!options.heldout.empty()) heldout = read_data_file(options.heldout).y;
    const EllipseTrainer trainer(options.settings, data.y, heldout);

    TrainingState state = options.resume.empty() ? trainer.start(options.w0) : read_checkpoint(options);
    Progress progress("ebm-train", "epochs");
    while (state.epochs_done < options.epochs) {
        trainer.run_epoch(state);
        if (!options.checkpoint.empty()) write_checkpoint(options, state);
        progress.update(std::size_t(state.epochs_done), std::size_t(options.epochs));
    }
    progress.finish();
    write_model(options, trainer, state);
}

}  // namespace ebm

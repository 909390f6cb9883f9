#include "train_stage.hpp"

#include "cli.hpp"
#include "data_file.hpp"
#include "ellipse.hpp"
#include "errors.hpp"
#include "grid_spec.hpp"
#include "h5_file.hpp"
#include "model_evaluation.hpp"
#include "model_file.hpp"
#include "model_registry.hpp"
#include "option_table.hpp"
#include "progress.hpp"
#include "provenance.hpp"
#include "random_streams.hpp"
#include "rng.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace ebm {

namespace {

// Beyond this the per-epoch history alone would take gigabytes.
constexpr long long max_epochs = 10'000'000;

// The lecture's sample y′ of the training figure, Y[23].
constexpr std::size_t lecture_force_sample = 23;

// Options that say where things go or how long to run, not what the run is.
const std::vector<std::string> not_identity = {"out", "epochs", "checkpoint", "resume"};
const std::vector<std::string> path_options = {"data", "heldout", "out", "checkpoint", "resume"};

// The training options whose default is the model's own (ModelKind::training_defaults),
// and the default of models that set none.
const std::vector<std::pair<std::string, std::string>> recipe_options = {
    {"epochs", "200"}, {"optimizer", "sgd"},   {"lr", "0.1"},          {"momentum", "0.9"},
    {"batch-size", "0"}, {"lr-final", "none"}, {"history-every", "1"}, {"restarts", "1"}};

template <typename Parse>
auto as_usage_error(const std::string& option, Parse parse) {
    try {
        return parse();
    } catch (const std::invalid_argument& error) {
        throw UsageError("--" + option + ": " + error.what());
    }
}

// Every model's own options (model_registry.hpp), each once, for the models that declare it.
void add_model_options(OptionTable& table, std::map<std::string, std::string>& texts) {
    std::map<std::string, std::vector<std::string>> takers;
    std::map<std::string, std::string> help, defaults;
    std::vector<std::string> order;
    for (const auto& kind : model_kinds())
        for (const auto& option : kind.options) {
            if (!takers.count(option.name)) order.push_back(option.name);
            takers[option.name].push_back(kind.name);
            help.emplace(option.name, option.help);
            defaults[option.name] += (defaults[option.name].empty() ? "" : ", ") + kind.name + " " + option.default_text;
        }
    for (const auto& name : order)
        table.add(name, po::value(&texts[name])->value_name("ARG"), help[name] + " (default: " + defaults[name] + ")",
                  takers[name]);
}

// The model's default of a recipe option: its own, or that of models which set none.
std::string recipe_default(const ModelKind& kind, const std::string& name) {
    for (const auto& [option, model_default] : kind.training_defaults)
        if (option == name) return model_default;
    for (const auto& [option, default_text] : recipe_options)
        if (option == name) return default_text;
    throw std::logic_error("ebm-train has no recipe option --" + name);
}

// "defaults: ellipse 200, conditional 1000, …" of a recipe option.
std::string recipe_defaults(const std::string& name) {
    std::string text;
    for (const auto& kind : model_kinds()) text += (text.empty() ? "" : ", ") + kind.name + " " + recipe_default(kind, name);
    return " (default: " + text + ")";
}

// Fills what the user left unset: the model's defaults of the recipe options
// and of its own options, stored as if given so that the record lists them.
void fill_defaults(po::variables_map& values, const po::options_description& described, const ModelKind& kind) {
    std::vector<std::string> arguments;
    const auto unset = [&](const std::string& name) { return !values.count(name); };
    for (const auto& entry : recipe_options) {
        const std::string value = recipe_default(kind, entry.first);
        if (unset(entry.first) && value != "none") arguments.push_back("--" + entry.first + "=" + value);
    }
    for (const auto& option : kind.options)
        if (unset(option.name)) arguments.push_back("--" + option.name + "=" + option.default_text);
    po::store(po::command_line_parser(arguments).options(described).run(), values);
    po::notify(values);
}

long long whole_number(const std::string& text, const std::string& option, const std::string& allowed) {
    const auto numbers = parse_number_list(text, option);
    require(numbers.size() == 1 && std::isfinite(numbers[0]) && numbers[0] == std::floor(numbers[0]) &&
                std::abs(numbers[0]) < 9e15,
            option, allowed, text);
    return (long long)numbers[0];
}

double one_number(const std::string& text, const std::string& option) {
    const auto numbers = parse_number_list(text, option);
    require(numbers.size() == 1, option, "one number", text);
    return numbers[0];
}

// A data file, refused unless it holds the model's kind of data.
DataSet read_model_data(const std::string& path, const ModelKind& kind) {
    DataSet data = read_data_file(path);
    if (data.data_case != kind.data_case)
        throw RunError("'" + path + "' holds " + data.data_case + " data; the " + kind.name + " model trains on " +
                       kind.data_case + " data (ebm-generate --case " + kind.data_case + ")");
    return data;
}

double training_beta(const std::string& text) {
    const auto betas = parse_number_list(text, "beta");
    require(betas.size() == 1 && betas[0] > 0, "beta", "one number > 0, inf, or ml", text);
    return betas[0];
}

// --beta ml: 1/(2σ²) of the noise σ the data file names (ebm-generate's root attribute sigma).
double maximum_likelihood_beta(const std::string& data) {
    const H5Reader file(data, data_format, data_format_version);
    if (!file.has_attribute("/", "sigma"))
        throw UsageError("--beta ml needs the data's noise σ, and '" + data +
                         "' names none (no root attribute sigma, as ebm-generate writes): give --beta a number");
    const double sigma = file.number_attribute("sigma");
    if (!(sigma > 0) || !std::isfinite(sigma))
        throw UsageError("--beta ml is 1/(2σ²), and '" + data + "' has σ = " + shortest_text(sigma) +
                         ": give --beta inf for noise-free data, or a number");
    return 1 / (2 * sigma * sigma);
}

// The epochs the learning rate anneals over (0: not annealed): a resumed run must keep them.
std::int64_t annealing_epochs(const TrainOptions& options) {
    if (options.schedule.final_learning_rate < 0) return 0;
    return options.schedule.anneal_epochs > 0 ? options.schedule.anneal_epochs : options.epochs;
}

// The ellipse's sample (0-based) whose forces the training figure draws: the
// one given, refused past the data; else the lecture's Y[23] if the data have it.
std::optional<std::size_t> force_sample(const TrainOptions& options, std::size_t sample_count) {
    if (options.force_sample) {
        if (*options.force_sample > sample_count)
            throw UsageError("--force-sample " + std::to_string(*options.force_sample) + " is past the " +
                             std::to_string(sample_count) + " samples of '" + options.data + "'");
        return *options.force_sample - 1;
    }
    if (sample_count >= lecture_force_sample) return lecture_force_sample - 1;
    return std::nullopt;
}

xt::xtensor<double, 1> as_array(const std::vector<double>& values) { return xt::adapt(values, {values.size()}); }

void write_forces(H5Writer& file, const std::string& group, const ManifoldForces& forces) {
    file.write(group + "/manifold", forces.manifold);
    file.write(group + "/total", forces.total);
    if (forces.sample) file.write(group + "/sample", *forces.sample);
    file.write(group + "/free_energy", forces.free_energy);
    file.write(group + "/grad_free_energy", forces.grad_free_energy);
}

// The loss, β, epochs, seed, optimiser and batches of the run.
void write_training_record(H5Writer& file, const TrainOptions& options) {
    const auto& settings = options.settings;
    file.set_attribute("history_every", options.schedule.history_every);
    if (options.schedule.final_learning_rate >= 0) {
        file.set_attribute("lr_final", options.schedule.final_learning_rate);
        file.set_attribute("lr_epochs", annealing_epochs(options));
    }
    file.set_attribute("loss", loss_name(settings.loss));
    file.set_attribute("beta", settings.beta);
    file.set_attribute("epochs", options.epochs);
    file.set_attribute("seed", std::int64_t(settings.seed));
    file.set_attribute("optimizer", optimizer_name(settings.optimizer.kind));
    file.set_attribute("learning_rate", settings.optimizer.learning_rate);
    file.set_attribute("momentum", settings.optimizer.momentum);
    file.set_attribute("batch_size", std::int64_t(settings.batch_size));
}

}  // namespace

std::optional<TrainOptions> parse_train_options(int argc, const char* const argv[]) {
    const ProgramInfo program{
        "ebm-train", "train", "train an energy model on a data file (--epochs 0: the untrained model)",
        "Models (--model): " + model_names() +
            ". Each has its own defaults: those of the ellipse reproduce the lecture's\n"
            "zero-temperature-limit (ZTL) training with the energy loss from the untrained w0 = (−1.5, 0.35);\n"
            "--beta 1 is the lecture's \"warmer\" run. Losses other than energy push contrastive samples up\n"
            "(--contrastive). An option marked with model names applies to those models only.\n"
            "Training at β is maximum likelihood: for a grid model, E = ‖y − g(x, z)‖² and the soft-min's mean\n"
            "over the grid make p_β(y | x) = β/π · exp(−β F_β(x, y)) a density for every g, so the energy loss\n"
            "mean F_β is, up to constants, the mean −log p_β of y = g(x, z) + N(0, I/(2β)), z uniform on the\n"
            "grid. --beta ml trains at β = 1/(2σ²), σ the data's noise: maximum likelihood of its generator.\n"};
    TrainOptions options;
    auto& settings = options.settings;
    std::string beta = "inf", loss = "energy", contrastive = "most-offending", nll_beta = "1";
    std::string epochs, optimizer, lr, momentum, batch_size, lr_final, history_every, restarts, force_sample;
    long long seed = 1, contrastive_count = 1, lr_epochs = 0;
    bool shuffle = true;
    po::options_description described("Options");
    OptionTable table(described);
    table.add("data", po::value(&options.data)->value_name("FILE")->required(), "training data file (ebm-generate)");
    table.add("heldout", po::value(&options.heldout)->value_name("FILE"),
              "held-out data file: its mean F∞ goes into the history");
    table.add("out", po::value(&options.out)->value_name("FILE")->required(), "output model file");
    table.add("model", po::value(&options.model)->default_value("ellipse"), model_names());
    table.add("epochs", po::value(&epochs)->value_name("N"),
              "epochs (≥ 0; 0 writes the untrained model)" + recipe_defaults("epochs"));
    table.add("beta", po::value(&beta)->default_value(beta),
              "inverse temperature of the trained free energy: inf (ZTL), > 0, or ml: 1/(2σ²) of the data file's "
              "noise σ (training at β is maximum likelihood of y = g(x, z) + N(0, I/(2β)))");
    table.add("loss", po::value(&loss)->default_value(loss), allowed_loss_names());
    table.add("margin", po::value(&settings.loss_params.margin)->default_value(1.0, "1"), "m of hinge and square-square (≥ 0)");
    table.add("gamma", po::value(&settings.loss_params.gamma)->default_value(1.0, "1"), "γ of square-exp (> 0)");
    table.add("lvq2-delta", po::value(&settings.loss_params.lvq2_delta)->default_value(1.0, "1"), "δ of lvq2 (> 0)");
    table.add("nll-beta", po::value(&nll_beta)->default_value(nll_beta), "β of nll: > 0 or inf");
    table.add("contrastive", po::value(&contrastive)->default_value(contrastive), allowed_contrastive_names());
    table.add("contrastive-count", po::value(&contrastive_count)->default_value(1),
              "contrastive samples per training sample (≥ 1)");
    table.add("exclusion-radius", po::value(&settings.contrastive.exclusion_radius)->default_value(0.5, "0.5"),
              "most-offending: ε, the radius round each sample where no contrastive sample is taken (≥ 0)");
    table.add("contrastive-sigma", po::value(&settings.contrastive.sigma)->default_value(0.5, "0.5"),
              "random-gaussian: σ of the noise added to the sample (> 0)");
    table.add("optimizer", po::value(&optimizer)->value_name("NAME"),
              allowed_optimizer_names() + recipe_defaults("optimizer"));
    table.add("lr", po::value(&lr)->value_name("RATE"), "learning rate (> 0)" + recipe_defaults("lr"));
    table.add("momentum", po::value(&momentum)->value_name("MU"), "SGD momentum in [0, 1)" + recipe_defaults("momentum"));
    table.add("batch-size", po::value(&batch_size)->value_name("N"),
              "samples per step (0: all, full batch)" + recipe_defaults("batch-size"));
    table.add("lr-final", po::value(&lr_final)->value_name("RATE"),
              "anneal the learning rate from --lr to this (0 < it ≤ --lr) along a half cosine over the run's steps "
              "(none: constant)" + recipe_defaults("lr-final"));
    table.add("lr-epochs", po::value(&lr_epochs),
              "the epochs the annealing of --lr-final spans (default: --epochs); give it to resume an annealed run "
              "with other --epochs");
    table.add("history-every", po::value(&history_every)->value_name("K"),
              "record the mean F's every k-th epoch (and the last)" + recipe_defaults("history-every"));
    table.add("restarts", po::value(&restarts)->value_name("K"),
              "train K times from seeds derived from --seed (the first is --seed itself) and keep the run "
              "with the lowest final training loss (mean F over the training samples)" + recipe_defaults("restarts"));
    table.add("shuffle", po::value(&shuffle)->default_value(true), "shuffle the samples every epoch (true|false)");
    table.add("seed", po::value(&seed)->default_value(1),
              "random seed of the initialisation, shuffles and contrastive samples (≥ 0)");
    table.add("force-sample", po::value(&force_sample)->value_name("N"),
              "the sample y′ (1-based) whose forces on the manifold are stored (default: 23, the lecture's, if "
              "the data have it)",
              {"ellipse"});
    table.add("likelihood", po::value(&options.likelihood)->value_name("true|false"),
              "write /likelihood: the held-out samples' −log p_β at the training β, the read-out β̂ and, with "
              "the data's generator, its NLL and KL (needs --heldout)",
              likelihood_models());
    long long kl_samples = 0;
    add_kl_samples_option(table, kl_samples);
    add_model_options(table, options.model_options);
    table.add("checkpoint", po::value(&options.checkpoint)->value_name("FILE"),
              "write the training state to FILE after every epoch");
    table.add("resume", po::value(&options.resume)->value_name("FILE"),
              "continue from a checkpoint of a run with the same options");
    po::variables_map values;
    if (!parse_options(argc, argv, program, described, values)) return std::nullopt;

    std::vector<std::string> names;
    for (const auto& known : model_kinds()) names.push_back(known.name);
    require_one_of(options.model, "model", names);
    const ModelKind& kind = model_kind(options.model);
    check_options_apply(table.given_model_specific(values), options.model, "--model " + options.model);
    fill_defaults(values, described, kind);

    const long long epoch_count = whole_number(epochs, "epochs", "≥ 0");
    require(epoch_count >= 0, "epochs", "≥ 0", epochs);
    // The history keeps a few numbers per epoch and a loss per step: refuse up front what cannot fit.
    if (epoch_count > max_epochs)
        throw UsageError("--epochs " + epochs + " would keep " + std::to_string(epoch_count / (1 << 20) * 7 * 8) +
                         " MiB of training history or more; at most " + std::to_string(max_epochs) + " epochs");
    options.epochs = epoch_count;
    options.kl_samples = checked_kl_samples(kl_samples);
    settings.beta = beta == "ml" ? maximum_likelihood_beta(options.data) : training_beta(beta);
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
    settings.optimizer.learning_rate = one_number(lr, "lr");
    require(settings.optimizer.learning_rate > 0 && std::isfinite(settings.optimizer.learning_rate), "lr",
            "a finite number > 0", lr);
    settings.optimizer.momentum = one_number(momentum, "momentum");
    as_usage_error("momentum", [&] { validate_optimizer_params(settings.optimizer); return 0; });
    const long long batch = whole_number(batch_size, "batch-size", "≥ 0 (0: full batch)");
    require(batch >= 0, "batch-size", "≥ 0 (0: full batch)", batch_size);
    settings.batch_size = std::size_t(batch);
    settings.shuffle = shuffle;
    require(seed >= 0, "seed", "≥ 0", std::to_string(seed));
    settings.seed = std::uint64_t(seed);
    settings.contrastive.seed = derive_seed(settings.seed, random_stream::contrastive);
    as_usage_error("contrastive", [&] { validate_contrastive_params(settings.contrastive); return 0; });

    const long long every = whole_number(history_every, "history-every", "≥ 1");
    require(every >= 1, "history-every", "≥ 1", history_every);
    options.schedule.history_every = every;
    if (values.count("lr-final") && lr_final != "none") {
        const double final_rate = one_number(lr_final, "lr-final");
        require(final_rate > 0 && final_rate <= settings.optimizer.learning_rate, "lr-final",
                "> 0 and ≤ --lr (" + shortest_text(settings.optimizer.learning_rate) + ")", lr_final);
        options.schedule.final_learning_rate = final_rate;
    }
    if (values.count("lr-epochs")) {
        require(options.schedule.final_learning_rate >= 0, "lr-epochs", "given with --lr-final", std::to_string(lr_epochs));
        require(lr_epochs >= 1, "lr-epochs", "≥ 1", std::to_string(lr_epochs));
        options.schedule.anneal_epochs = lr_epochs;
    }
    const long long restart_count = whole_number(restarts, "restarts", "from 1 to 100");
    require(restart_count >= 1 && restart_count <= 100, "restarts", "from 1 to 100", restarts);
    options.restarts = std::size_t(restart_count);
    if (!force_sample.empty()) {
        const long long sample = whole_number(force_sample, "force-sample", "a 1-based sample index");
        require(sample >= 1, "force-sample", "a 1-based sample index", force_sample);
        options.force_sample = std::size_t(sample);
    }
    // The model's own options: make_model reads them; check them now, before any work.
    (void)make_model(options);
    if (loss_needs_contrastive(settings.loss) && settings.contrastive.kind == ContrastiveKind::most_offending &&
        kind.data_case != "unconditional")
        throw UsageError("--contrastive most-offending searches the lecture's unconditional y-window; with --model " +
                         options.model + " use random-gaussian or random-uniform");

    if (options.restarts > 1 && !(options.checkpoint.empty() && options.resume.empty()))
        throw UsageError(std::string("--") + (options.checkpoint.empty() ? "resume" : "checkpoint") +
                         " keeps one run's state: give --restarts 1 (the " + kind.name + " model's default is " +
                         std::to_string(options.restarts) + ")");
    if (options.likelihood && options.heldout.empty())
        throw UsageError("--likelihood true reads the held-out samples: give --heldout FILE");
    require_distinct_output("out", options.out, {{"data", options.data}, {"heldout", options.heldout},
                                                 {"checkpoint", options.checkpoint}, {"resume", options.resume}});
    require_distinct_output("checkpoint", options.checkpoint, {{"data", options.data}, {"heldout", options.heldout}});

    // Resuming must not change the record of what was run.
    po::variables_map identity;
    for (const auto& [name, value] : values)
        if (std::find(not_identity.begin(), not_identity.end(), name) == not_identity.end()) identity.insert({name, value});
    options.identity = {options_summary(identity, path_options), annealing_epochs(options)};
    po::variables_map recorded;
    for (const auto& [name, value] : values)
        if (name != "checkpoint" && name != "resume") recorded.insert({name, value});
    options.provenance = options_summary(recorded, path_options);
    return options;
}

std::unique_ptr<Model> make_model(const TrainOptions& options) {
    const ModelKind& kind = model_kind(options.model);
    const OptionText text = [&](const std::string& name) -> std::string {
        if (name == "seed") return std::to_string(options.settings.seed);
        const auto found = options.model_options.find(name);
        if (found == options.model_options.end()) throw std::logic_error("the " + kind.name + " model has no --" + name);
        return found->second;
    };
    std::unique_ptr<Model> model;
    try {
        model = kind.from_options(text);
    } catch (const std::invalid_argument& error) {
        throw UsageError(error.what());
    }
    if (!model->has_latent_grid() && options.settings.beta != zero_temperature_beta)
        throw UsageError("--beta must be inf for --model " + kind.name + ": F_β over z ∈ R^d has no grid (got " +
                         shortest_text(options.settings.beta) + ")");
    model->initialise(options.settings.seed);
    return model;
}

std::uint64_t restart_seed(std::uint64_t seed, std::size_t restart) {
    return restart == 0 ? seed : derive_seed(seed, random_stream::restart + restart) >> 1;
}

TrainResult train(const TrainOptions& options) {
    const ModelKind& kind = model_kind(options.model);
    const DataSet data = read_model_data(options.data, kind);
    const TrainingSamples samples{data.x, data.y};
    std::optional<DataSet> heldout_data;
    std::optional<TrainingSamples> heldout;
    if (!options.heldout.empty()) {
        heldout_data = read_model_data(options.heldout, kind);
        heldout = TrainingSamples{heldout_data->x, heldout_data->y};
    }
    const xt::xtensor<double, 2>& training_y = samples.y;

    TrainResult result;
    Progress progress("ebm-train", options.restarts > 1 ? "epochs of " + std::to_string(options.restarts) + " restarts" : "epochs");
    const auto total = std::size_t(options.epochs) * options.restarts;
    for (std::size_t restart = 0; restart < options.restarts; ++restart) {
        TrainOptions run = options;
        run.settings.seed = restart_seed(options.settings.seed, restart);
        run.settings.contrastive.seed = derive_seed(run.settings.seed, random_stream::contrastive);
        std::unique_ptr<Model> model = make_model(run);
        const std::vector<double> initial = model->parameters();
        const Trainer trainer(run.settings, *model, samples, heldout, options.schedule);
        TrainingState state;
        if (options.resume.empty()) {
            state = trainer.start();
        } else {
            state = read_checkpoint(options.resume, options.identity, options.epochs, model->parameter_count());
            trainer.resume(state, options.epochs);
        }
        while (state.epochs_done < options.epochs) {
            trainer.run_epoch(state, options.epochs);
            if (!options.checkpoint.empty()) write_checkpoint(options.checkpoint, state, options.identity);
            progress.update(restart * std::size_t(options.epochs) + std::size_t(state.epochs_done), total);
        }
        // The final training loss; a run that diverged (NaN) is never kept over one that did not.
        const double loss = state.history.train_f.empty() ? 0.0 : state.history.train_f.back();
        result.restart_seeds.push_back(run.settings.seed);
        result.restart_losses.push_back(loss);
        const auto better = [](double a, double b) { return std::isnan(b) ? !std::isnan(a) : a < b; };
        if (restart == 0 || better(loss, result.restart_losses[result.chosen_restart])) {
            result.chosen_restart = restart;
            model->parameters() = state.parameters;
            result.model = std::move(model);
            result.initial_parameters = initial;
            result.state = std::move(state);
        }
    }
    progress.finish();
    const Model& model = *result.model;
    // The horn's rings at x = 0, 0.5, 1 need conditional data.
    if (data.generator && data.data_case == "conditional")
        result.evaluation = evaluate_model(model, *data.generator, heldout_data ? &*heldout_data : nullptr);
    // The ellipse's training figure: Y[23] by default, if the data have it.
    const auto* ellipse = dynamic_cast<const EllipseModel*>(&model);
    if (ellipse) result.force_sample = force_sample(options, training_y.shape()[0]);
    if (options.likelihood)
        result.likelihood = compute_likelihood(model, *heldout_data, {options.settings.beta}, options.kl_samples, {});

    if (ellipse) {
        // The forces' mesh is ebm-infer's default one, round the samples: the lecture's for its data.
        const GridSpec mesh = grid_around(training_y, 0.25);
        result.mesh_y1 = mesh.y1.values();
        result.mesh_y2 = mesh.y2.values();
        const auto forces = [&](const std::vector<double>& w) {
            return compute_manifold_forces({w[0], w[1]}, ellipse->latents(), options.settings.beta, training_y,
                                           result.force_sample, result.mesh_y1, result.mesh_y2);
        };
        result.untrained_forces = forces(result.initial_parameters);
        result.trained_forces = forces(model.parameters());
    }
    return result;
}

void write_model_file(const TrainOptions& options, const TrainResult& result) {
    const Model& model = *result.model;
    const TrainingHistory& history = result.state.history;
    H5Writer file(options.out, model_format, model_format_version);
    const auto blocks = model.parameter_blocks();
    write_parameters(file, "/params", blocks, model.parameters());
    write_parameters(file, "/initial_params", blocks, result.initial_parameters);
    file.write("/history/loss", as_array(history.step_loss));
    file.write("/history/epoch", as_array(history.epoch));
    const std::size_t P = model.parameter_count();
    file.write("/history/parameters", xt::xtensor<double, 2>(xt::adapt(history.parameters,
                                                                        {history.epoch.size(), P})));
    file.write("/history/train_f", as_array(history.train_f));
    file.write("/history/train_f_inf", as_array(history.train_f_inf));
    if (!options.heldout.empty()) file.write("/history/heldout_f_inf", as_array(history.heldout_f_inf));
    if (result.untrained_forces) {
        file.write("/forces/y1", result.mesh_y1);
        file.write("/forces/y2", result.mesh_y2);
        write_forces(file, "/forces/untrained", *result.untrained_forces);
        write_forces(file, "/forces/trained", *result.trained_forces);
    }
    if (result.evaluation) write_evaluation(file, *result.evaluation);
    if (result.likelihood) write_likelihood(file, *result.likelihood);
    file.write("/restarts/seed", xt::xtensor<std::int64_t, 1>(xt::adapt(std::vector<std::int64_t>(
                                     result.restart_seeds.begin(), result.restart_seeds.end()))));
    file.write("/restarts/train_f", as_array(result.restart_losses));
    file.set_attribute("chosen_restart", std::int64_t(result.chosen_restart));
    write_architecture(file, model);
    if (result.force_sample) file.set_attribute("force_sample", std::int64_t(*result.force_sample + 1));
    write_training_record(file, options);
    const Provenance provenance =
        make_provenance("ebm-train", {{"data", options.data}, {"heldout", options.heldout}}, options.provenance);
    write_inputs(file, provenance);
    write_program(file, provenance);
    file.commit();
}

void run_train(const TrainOptions& options) { write_model_file(options, train(options)); }

}  // namespace ebm

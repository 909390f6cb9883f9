// Tests of lib/stages/train_stage: ebm-train's options (which models each
// applies to, each model's defaults), the ellipse's defaults reaching the
// optimum, and whole runs in-process: the model file's layers by name,
// attributes and history.
#include "train_stage.hpp"
#include "command_line.hpp"
#include "ellipse.hpp"
#include "errors.hpp"
#include "generate_stage.hpp"
#include "h5_file.hpp"
#include "model_file.hpp"
#include "network_model.hpp"
#include "sampler.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
const double inf = std::numeric_limits<double>::infinity();

std::optional<TrainOptions> parse(std::vector<std::string> arguments) {
    for (const char* required : {"--data", "d.h5", "--out", "m.h5"}) arguments.push_back(required);
    return parse_command_line(parse_train_options, "ebm-train", arguments);
}

// Mean over the samples of min over the 48-point grid of E: written out here,
// independently of the library, for the scan of w.
double mean_f_inf(const xt::xtensor<double, 2>& samples, double w1, double w2) {
    double sum = 0;
    for (std::size_t n = 0; n < samples.shape()[0]; ++n) {
        double best = inf;
        for (int k = 0; k < 48; ++k) {
            const double z = 2 * M_PI * k / 48;
            const double d1 = samples(n, 0) - w1 * std::cos(z), d2 = samples(n, 1) - w2 * std::sin(z);
            best = std::min(best, d1 * d1 + d2 * d2);
        }
        sum += best;
    }
    return sum / double(samples.shape()[0]);
}
}  // namespace

TEST_CASE("ZTL training with the defaults reaches the optimum of the mean F∞", "[train_stage]") {
    const auto samples = sample_horn(HornShape{}, 24, 1, 0.0).y;
    const TrainOptions options = *parse({});
    const auto model = make_model(options);
    const Trainer trainer(options.settings, *model, {xt::zeros<double>({24}), samples}, std::nullopt, options.schedule);
    TrainingState state = trainer.start();
    while (state.epochs_done < options.epochs) trainer.run_epoch(state, options.epochs);
    const EllipseParams w{state.parameters[0], state.parameters[1]};

    // A dense scan of w, refined once round the best cell; w1 < 0, the sign of
    // the lecture's w0, which training keeps (F∞ is the same for −w1).
    double best = inf, best_w1 = 0, best_w2 = 0;
    for (double w1 = -2.5; w1 <= -1.5; w1 += 0.005)
        for (double w2 = 1.0; w2 <= 2.0; w2 += 0.005)
            if (const double f = mean_f_inf(samples, w1, w2); f < best) best = f, best_w1 = w1, best_w2 = w2;
    const double c1 = best_w1, c2 = best_w2;
    for (double w1 = c1 - 0.01; w1 <= c1 + 0.01; w1 += 0.0002)
        for (double w2 = c2 - 0.01; w2 <= c2 + 0.01; w2 += 0.0002)
            if (const double f = mean_f_inf(samples, w1, w2); f < best) best = f, best_w1 = w1, best_w2 = w2;
    INFO("trained w = (" << w.w1 << ", " << w.w2 << "), scanned optimum (" << best_w1 << ", " << best_w2 << ")");
    CHECK(std::abs(w.w1 - best_w1) < 0.01 * std::abs(best_w1));
    CHECK(std::abs(w.w2 - best_w2) < 0.01 * best_w2);
    // The noise floor: E of a sample at its true latent is ‖ε‖², of mean 2σ² = 0.005;
    // the 48-point grid adds a little (the closest point is up to π/48 away).
    const double trained_f = state.history.train_f_inf.back();
    INFO("mean training F∞ = " << trained_f);
    CHECK(trained_f < 2.0 * 0.005);
    CHECK(trained_f <= best + 1e-6);  // no worse than the scan's best
}

TEST_CASE("network options become the architecture", "[train_stage]") {
    const auto conditional = parse({"--model", "conditional"});
    REQUIRE(conditional);
    const auto conditional_model = make_model(*conditional);
    const auto& conditional_config = dynamic_cast<const NetworkModel&>(*conditional_model).config();
    CHECK(conditional_config.kind == NetworkKind::conditional);
    CHECK(conditional_config.predictor_width == 2);
    CHECK(conditional_config.latent_count == 48);
    const auto latent = parse({"--model", "latent", "--latent-dim", "5", "--regularizer", "l1", "--lambda", "0.3",
                               "--latent-method", "cg", "--starts", "6", "--width", "3", "--seed", "4"});
    REQUIRE(latent);
    const auto latent_model = make_model(*latent);
    const auto& config = dynamic_cast<const NetworkModel&>(*latent_model).config();
    CHECK(config.kind == NetworkKind::latent);
    CHECK(config.latent_dim == 5);
    CHECK(config.regularizer == RegularizerKind::l1);
    CHECK(config.lambda == 0.3);
    CHECK(config.search.method == LatentMethod::cg);
    CHECK(config.search.starts == 6);
    CHECK(config.search.seed == 4);
    CHECK(config.predictor_width == 3);
    const auto annealed = parse({"--model", "decoder-mlp", "--lr", "0.01", "--lr-final", "0.001", "--lr-epochs", "7"});
    REQUIRE(annealed);
    CHECK(annealed->schedule.final_learning_rate == 0.001);
    CHECK(annealed->schedule.anneal_epochs == 7);
}

TEST_CASE("bad network options are usage errors naming the option", "[train_stage]") {
    CHECK_THROWS_WITH(parse({"--model", "latent", "--latent-dim", "0"}), Catch::Contains("--latent-dim must be from 1"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--latent-dim", "-2"}), Catch::Contains("--latent-dim"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--width", "4"}), Catch::Contains("--width applies to the decoder-mlp|latent models, not to --model conditional"));
    CHECK_THROWS_WITH(parse({"--model", "decoder-mlp", "--width", "0"}), Catch::Contains("--width"));
    CHECK_THROWS_WITH(parse({"--model", "decoder-mlp", "--lambda", "1"}), Catch::Contains("--lambda applies to the latent model, not to --model decoder-mlp"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--decoder-hidden", "4"}), Catch::Contains("--decoder-hidden"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--z", "12"}), Catch::Contains("--z applies to the ellipse|conditional|decoder-mlp models, not to --model latent"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--latent-method", "newton"}), Catch::Contains("gd|cg|lbfgs"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--starts", "0"}), Catch::Contains("--starts"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--beta", "2"}), Catch::Contains("--beta must be inf"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--loss", "log"}), Catch::Contains("most-offending"));
    CHECK_NOTHROW(parse({"--model", "conditional", "--loss", "log", "--contrastive", "random-gaussian"}));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--force-sample", "3"}), Catch::Contains("--force-sample applies"));
    CHECK_THROWS_WITH(parse({"--starts", "3"}), Catch::Contains("not to --model ellipse"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--lr-final", "none", "--lr-epochs", "3"}),
                      Catch::Contains("--lr-epochs must be given with --lr-final"));
    CHECK_THROWS_WITH(parse({"--lr-epochs", "3"}), Catch::Contains("--lr-epochs must be given with --lr-final"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--lr", "0.1", "--lr-final", "0.2"}), Catch::Contains("--lr-final"));
    CHECK_THROWS_AS(parse({"--model", "mlp"}), UsageError);
}

TEST_CASE("a whole training run in-process writes the layers by name and the history", "[train_stage]") {
    const ebm_test::TempFolder scratch("train-stage");
    const fs::path& folder = scratch.path;
    const std::string data = (folder / "horn.h5").string(), model_path = (folder / "model.h5").string();
    run_generate(*parse_command_line(parse_generate_options, "ebm-generate",
                                     {"--case", "conditional", "--n", "64", "--out", data}));
    run_train(*parse_command_line(parse_train_options, "ebm-train",
                                  {"--model", "decoder-mlp", "--width", "3", "--decoder-hidden", "5", "--epochs", "4",
                                   "--history-every", "3", "--optimizer", "adam", "--lr", "0.01", "--batch-size", "20",
                                   "--data", data, "--heldout", data, "--out", model_path}));
    const H5Reader file(model_path, model_format, model_format_version);
    CHECK(file.string_attribute("model") == "decoder-mlp");
    CHECK(file.number_attribute("predictor_width") == 3);
    CHECK(file.number_attribute("decoder_hidden") == 5);
    CHECK(file.number_attribute("epochs") == 4);
    CHECK(std::isinf(file.number_attribute("beta")));
    CHECK(file.string_attribute("loss") == "energy");
    CHECK(file.string_attribute("data_file") == "horn.h5");
    CHECK(file.shape("/params/f/0/weight") == std::vector<std::size_t>{8, 1});
    CHECK(file.shape("/params/f/4/weight") == std::vector<std::size_t>{3, 8});
    CHECK(file.shape("/params/g/0/weight") == std::vector<std::size_t>{5, 5});
    CHECK(file.shape("/params/g/4/bias") == std::vector<std::size_t>{2});
    CHECK(file.shape("/history/loss") == std::vector<std::size_t>{16});  // 4 epochs × 4 batches
    const auto epochs = file.read<1>("/history/epoch");
    CHECK(std::vector<double>(epochs.begin(), epochs.end()) == std::vector<double>{0, 3, 4});
    const auto heldout = file.read<1>("/history/heldout_f_inf");
    CHECK(heldout.size() == 3);
    CHECK(heldout(2) < heldout(0));
    const auto model = read_network_model(model_path);
    CHECK(model->config().kind == NetworkKind::decoder_mlp);
}

TEST_CASE("each model has its own defaults; an option given for another model is refused naming both", "[train_stage]") {
    const auto ellipse = parse({});
    REQUIRE(ellipse);
    CHECK(ellipse->epochs == 200);
    CHECK(ellipse->settings.optimizer.kind == OptimizerKind::sgd);
    CHECK(ellipse->settings.optimizer.learning_rate == 0.1);
    CHECK(ellipse->settings.batch_size == 0);
    CHECK(ellipse->schedule.final_learning_rate < 0);
    const auto conditional = parse({"--model", "conditional"});
    REQUIRE(conditional);
    CHECK(conditional->epochs == 3000);
    CHECK(conditional->restarts == 3);
    CHECK(ellipse->restarts == 1);
    // The latent model's: the unit shell that keeps low energy on the ring.
    const auto latent = parse({"--model", "latent"});
    REQUIRE(latent);
    CHECK(latent->epochs == 200);
    CHECK(latent->schedule.final_learning_rate == 0.0001);
    const auto latent_model = make_model(*latent);
    const auto& latent_config = dynamic_cast<const NetworkModel&>(*latent_model).config();
    CHECK(latent_config.regularizer == RegularizerKind::shell);
    CHECK(latent_config.lambda == 100);
    CHECK(conditional->settings.optimizer.kind == OptimizerKind::adam);
    CHECK(conditional->settings.batch_size == 64);
    CHECK(conditional->schedule.final_learning_rate == 0.0001);
    CHECK(conditional->schedule.history_every == 10);
    // What the user gives wins over the model's default.
    CHECK(parse({"--model", "conditional", "--epochs", "3"})->epochs == 3);
    CHECK(parse({"--model", "conditional", "--lr-final", "none"})->schedule.final_learning_rate < 0);
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--w0", "1,1"}),
                      Catch::Contains("--w0 applies to the ellipse model, not to --model conditional"));
    CHECK_THROWS_AS(parse({"--model", "conditional", "--w0", "1,1"}), UsageError);
}

TEST_CASE("a default never rejects the user's small data file: no force sample past its samples", "[train_stage]") {
    const ebm_test::TempFolder scratch("train-stage");
    const fs::path& folder = scratch.path;
    const std::string data = (folder / "six.h5").string(), model_path = (folder / "model.h5").string();
    run_generate(*parse_command_line(parse_generate_options, "ebm-generate", {"--n", "6", "--out", data}));
    const auto options = parse_command_line(parse_train_options, "ebm-train",
                                            {"--epochs", "2", "--data", data, "--out", model_path});
    const TrainResult result = train(*options);
    CHECK_FALSE(result.force_sample);
    CHECK_FALSE(result.trained_forces->sample.has_value());
    write_model_file(*options, result);
    const H5Reader file(model_path, model_format, model_format_version);
    CHECK_FALSE(file.has("/forces/trained/sample"));
    CHECK(file.has("/forces/trained/total"));
    // A force sample the user gives past the data is refused, naming it.
    const auto past = parse_command_line(parse_train_options, "ebm-train",
                                         {"--force-sample", "7", "--data", data, "--out", model_path});
    CHECK_THROWS_WITH(train(*past), Catch::Contains("--force-sample 7 is past the 6 samples"));
}

TEST_CASE("train returns the run as a plain result: history, parameters, forces", "[train_stage]") {
    const ebm_test::TempFolder scratch("train-stage");
    const fs::path& folder = scratch.path;
    const std::string data = (folder / "ellipse.h5").string();
    run_generate(*parse_command_line(parse_generate_options, "ebm-generate", {"--n", "24", "--out", data}));
    const auto options = parse_command_line(parse_train_options, "ebm-train",
                                            {"--epochs", "3", "--data", data, "--out", (folder / "m.h5").string()});
    const TrainResult result = train(*options);
    const TrainingHistory& history = result.state.history;
    CHECK(history.epoch == std::vector<double>{0, 1, 2, 3});
    CHECK(history.step_loss.size() == 3);  // full batch: one step an epoch
    REQUIRE(history.parameters.size() == 4 * 2);
    // Row 0 is w0, the last row the trained w.
    CHECK(history.parameters[0] == -1.5);
    CHECK(history.parameters[1] == 0.35);
    CHECK(history.parameters[6] == result.model->parameters()[0]);
    CHECK(result.initial_parameters == std::vector<double>{-1.5, 0.35});
    // The forces: at ZTL each sample pulls its ž alone, so the total force
    // is the sum over samples of −2(g(ž) − y) on ž (manifold_forces.hpp).
    REQUIRE(result.force_sample);
    CHECK(*result.force_sample == 22);
    const auto& forces = *result.trained_forces;
    CHECK(forces.total.shape()[0] == 48);
    CHECK(forces.free_energy.shape(0) == 17);
    CHECK(forces.free_energy.shape(1) == 25);
}

TEST_CASE("restarts keep the run of the lowest final training loss; each is the run of its own seed",
          "[train_stage]") {
    const ebm_test::TempFolder scratch("train-restarts");
    const std::string data = (scratch.path / "horn.h5").string(), heldout = (scratch.path / "heldout.h5").string();
    run_generate(*parse_command_line(parse_generate_options, "ebm-generate",
                                     {"--case", "conditional", "--n", "64", "--out", data}));
    run_generate(*parse_command_line(parse_generate_options, "ebm-generate",
                                     {"--case", "conditional", "--n", "32", "--seed", "9", "--out", heldout}));
    const auto options = [&](const std::string& seed, const std::string& restarts, const std::string& out) {
        return *parse_command_line(parse_train_options, "ebm-train",
                                   {"--model", "conditional", "--epochs", "5", "--seed", seed, "--restarts", restarts,
                                    "--data", data, "--heldout", heldout, "--out", (scratch.path / out).string()});
    };
    const TrainResult best = train(options("4", "3", "best.h5"));
    REQUIRE(best.restart_seeds.size() == 3);
    CHECK(best.restart_seeds[0] == 4);
    // Each restart alone, by hand: its seed with --restarts 1.
    std::vector<double> losses;
    std::vector<std::vector<double>> parameters;
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(best.restart_seeds[k] == restart_seed(4, k));
        const TrainResult alone = train(options(std::to_string(best.restart_seeds[k]), "1", "alone.h5"));
        losses.push_back(alone.state.history.train_f.back());
        parameters.push_back(alone.model->parameters());
        CHECK(best.restart_losses[k] == losses[k]);
    }
    const auto lowest = std::size_t(std::min_element(losses.begin(), losses.end()) - losses.begin());
    CHECK(best.chosen_restart == lowest);
    CHECK(best.model->parameters() == parameters[lowest]);
    CHECK(restart_seed(4, 1) != restart_seed(4, 2));
    // The file records them, and the model against the data's generator.
    write_model_file(options("4", "3", "best.h5"), best);
    const H5Reader file((scratch.path / "best.h5").string(), model_format, model_format_version);
    CHECK(file.number_attribute("chosen_restart") == double(lowest));
    const auto recorded = file.read<1>("/restarts/train_f");
    CHECK(std::vector<double>(recorded.begin(), recorded.end()) == losses);
    CHECK(file.read<1>("/evaluation/noise_floor")(0) == 2 * 0.05 * 0.05);
    CHECK(file.shape("/evaluation/relative_error") == std::vector<std::size_t>{51, 2});
    CHECK(file.read<1>("/evaluation/heldout_f_inf")(0) > 0);
}

TEST_CASE("--restarts is a count from 1 to 100, and a checkpoint keeps one run", "[train_stage]") {
    CHECK_THROWS_WITH(parse({"--restarts", "0"}), Catch::Contains("--restarts must be from 1 to 100"));
    CHECK_THROWS_WITH(parse({"--restarts", "1.5"}), Catch::Contains("--restarts"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--checkpoint", "c.h5"}),
                      Catch::Contains("--checkpoint keeps one run's state: give --restarts 1"));
    CHECK_NOTHROW(parse({"--model", "conditional", "--checkpoint", "c.h5", "--restarts", "1"}));
}

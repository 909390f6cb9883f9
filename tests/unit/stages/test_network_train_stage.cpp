// Tests of lib/network_train_stage: ebm-train's options for the network
// models, and a whole run in-process: the model file's layers by name,
// attributes and history.
#include "command_line.hpp"
#include "errors.hpp"
#include "generate_stage.hpp"
#include "h5_file.hpp"
#include "model_file.hpp"
#include "network_model.hpp"
#include "train_stage.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
std::optional<TrainOptions> parse(std::vector<std::string> arguments) {
    for (const char* required : {"--data", "d.h5", "--out", "m.h5"}) arguments.push_back(required);
    return parse_command_line(parse_train_options, "ebm-train", arguments);
}

fs::path fresh_folder() {
    const fs::path folder = fs::temp_directory_path() / "ebm-test-network-train-stage";
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}
}  // namespace

TEST_CASE("network options become the architecture", "[network_train_stage]") {
    const auto conditional = parse({"--model", "conditional"});
    REQUIRE(conditional);
    CHECK(conditional->network.config.kind == NetworkKind::conditional);
    CHECK(conditional->network.config.predictor_width == 2);
    CHECK(conditional->network.config.latent_count == 48);
    const auto latent = parse({"--model", "latent", "--latent-dim", "5", "--regularizer", "l1", "--lambda", "0.3",
                               "--latent-method", "cg", "--starts", "6", "--width", "3", "--seed", "4"});
    REQUIRE(latent);
    const auto& config = latent->network.config;
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
    CHECK(annealed->network.extras.final_learning_rate == 0.001);
    CHECK(annealed->network.extras.anneal_epochs == 7);
}

TEST_CASE("bad network options are usage errors naming the option", "[network_train_stage]") {
    CHECK_THROWS_WITH(parse({"--model", "latent", "--latent-dim", "0"}), Catch::Contains("--latent-dim must be from 1"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--latent-dim", "-2"}), Catch::Contains("--latent-dim"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--width", "4"}), Catch::Contains("--width must be 2"));
    CHECK_THROWS_WITH(parse({"--model", "decoder-mlp", "--width", "0"}), Catch::Contains("--width"));
    CHECK_THROWS_WITH(parse({"--model", "decoder-mlp", "--lambda", "1"}), Catch::Contains("--lambda applies to --model latent"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--decoder-hidden", "4"}), Catch::Contains("--decoder-hidden"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--z", "12"}), Catch::Contains("--z is the latent grid"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--latent-method", "newton"}), Catch::Contains("gd|cg|lbfgs"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--starts", "0"}), Catch::Contains("--starts"));
    CHECK_THROWS_WITH(parse({"--model", "latent", "--beta", "2"}), Catch::Contains("--beta must be inf"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--loss", "log"}), Catch::Contains("most-offending"));
    CHECK_NOTHROW(parse({"--model", "conditional", "--loss", "log", "--contrastive", "random-gaussian"}));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--force-sample", "3"}), Catch::Contains("--force-sample applies"));
    CHECK_THROWS_WITH(parse({"--starts", "3"}), Catch::Contains("not ellipse"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--lr-epochs", "3"}), Catch::Contains("--lr-final"));
    CHECK_THROWS_WITH(parse({"--model", "conditional", "--lr", "0.1", "--lr-final", "0.2"}), Catch::Contains("--lr-final"));
    CHECK_THROWS_AS(parse({"--model", "mlp"}), UsageError);
}

TEST_CASE("a whole training run in-process writes the layers by name and the history", "[network_train_stage]") {
    const fs::path folder = fresh_folder();
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
    fs::remove_all(folder);
}

#include "model_registry.hpp"

#include "ellipse.hpp"
#include "network_model.hpp"

#include <cmath>
#include <stdexcept>

namespace ebm {

namespace {

std::unique_ptr<Model> network_from(const ArchitectureLookup& value) {
    return make_network_model(network_config_from(value));
}

// The options of every network model, with the models that take each.
NetworkConfig network_config(NetworkKind kind, const OptionText& text) {
    NetworkConfig config;
    config.kind = kind;
    constexpr std::size_t widest = 4096;
    config.predictor_hidden = option_count(text, "predictor-hidden", 1, widest);
    if (kind != NetworkKind::conditional) {
        config.predictor_width = option_count(text, "width", 1, widest);
        config.decoder_hidden = option_count(text, "decoder-hidden", 1, widest);
    }
    if (kind != NetworkKind::latent) {
        config.latent_count = option_count(text, "z", 1, 1'000'000);
        return config;
    }
    config.latent_dim = option_count(text, "latent-dim", 1, widest);
    try {
        config.regularizer = regularizer_from_name(text("regularizer"));
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument("--regularizer: " + std::string(error.what()));
    }
    config.lambda = option_number(text, "lambda", 0);
    try {
        config.search.method = latent_method_from_name(text("latent-method"));
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument("--latent-method: " + std::string(error.what()));
    }
    config.search.starts = option_count(text, "starts", 1, 10000);
    config.search.start_scale = option_positive(text, "start-scale");
    config.search.max_iterations = option_count(text, "latent-iterations", 1, 1'000'000);
    // The starts of ž's search are drawn from the run's seed.
    config.search.seed = option_count(text, "seed", 0, std::size_t(-1) >> 1);
    return config;
}

std::function<std::unique_ptr<Model>(const OptionText&)> network_from_options(NetworkKind kind) {
    return [kind](const OptionText& text) -> std::unique_ptr<Model> {
        return make_network_model(network_config(kind, text));
    };
}

const ModelOption latent_grid_option{"z", "48", "latent grid points"};
const ModelOption predictor_hidden_option{"predictor-hidden", "8", "width of f's two hidden layers"};
const ModelOption width_option{"width", "8", "D = dim f(x), the predictor's output width"};
const ModelOption decoder_hidden_option{"decoder-hidden", "16", "width of g's two hidden layers"};

// The recipe of experiments/conditional.cfg: Adam, minibatches of 64, the
// learning rate annealed by a half cosine, the best of `restarts` runs by
// training loss (README, "Why the network defaults learn").
std::vector<std::pair<std::string, std::string>> network_recipe(const std::string& epochs, const std::string& lr,
                                                                const std::string& lr_final, const std::string& restarts) {
    return {{"epochs", epochs},     {"optimizer", "adam"}, {"lr", lr},
            {"lr-final", lr_final}, {"batch-size", "64"},  {"history-every", "10"}, {"restarts", restarts}};
}

std::unique_ptr<Model> ellipse_from(const ArchitectureLookup& value) {
    const ArchitectureValue stored = value("latent_count");
    const auto* count = std::get_if<std::int64_t>(&stored);
    if (count == nullptr || *count < 1 || *count > 1'000'000)
        throw std::invalid_argument("attribute latent_count is not a count from 1 to 1000000");
    return std::make_unique<EllipseModel>(std::size_t(*count));
}

std::unique_ptr<Model> ellipse_from_options(const OptionText& text) {
    const Vec2 w0 = option_pair(text, "w0");
    return std::make_unique<EllipseModel>(option_count(text, "z", 1, 1'000'000), EllipseParams{w0[0], w0[1]});
}

}  // namespace

const std::vector<ModelKind>& model_kinds() {
    static const std::vector<ModelKind> kinds = {
        {"ellipse", "the lecture's decoder g(z) = [w1 cos z, w2 sin z] on the latent grid", "unconditional",
         {{"w0", "-1.5,0.35", "the untrained w as W1,W2"}, latent_grid_option},
         // The lecture's full-batch SGD with momentum: 200 epochs reach the optimum of the mean F∞.
         {{"epochs", "200"}, {"optimizer", "sgd"}, {"lr", "0.1"}, {"momentum", "0.9"}, {"batch-size", "0"}},
         ellipse_from_options, ellipse_from},
        {"conditional", "[y1 − f1(x) cos z]² + [y2 − f2(x) sin z]², f an MLP 1→8→8→2", "conditional",
         {predictor_hidden_option, latent_grid_option}, network_recipe("3000", "0.01", "0.0001", "3"),
         network_from_options(NetworkKind::conditional), network_from},
        {"decoder-mlp", "Energy II: ‖y − g(f(x), z)‖², a learned decoder g on the latent grid", "conditional",
         {predictor_hidden_option, width_option, decoder_hidden_option, latent_grid_option},
         network_recipe("200", "0.01", "0.0001", "1"), network_from_options(NetworkKind::decoder_mlp), network_from},
        {"latent", "Energy III: ‖y − g(f(x), z)‖² + λR(z), z ∈ R^d found by gradient methods", "conditional",
         {predictor_hidden_option,
          width_option,
          decoder_hidden_option,
          {"latent-dim", "2", "d, z ∈ R^d"},
          // The unit shell with λ = 100 keeps low energy on the data's ring (README, "Energy III").
          {"regularizer", "shell", "R(z): l2 (‖z‖²) | l1 (‖z‖₁) | shell ((‖z‖ − 1)²)"},
          {"lambda", "100", "λ ≥ 0 of λR(z); 0 is no regulariser"},
          {"latent-method", "lbfgs", "inference of ž: gd | cg | lbfgs"},
          {"starts", "4", "starts of each inference: z = 0 and seeded N(0, s²I) points"},
          {"start-scale", "1", "s of the starts (> 0)"},
          {"latent-iterations", "200", "iterations per start"}},
         network_recipe("200", "0.003", "0.0001", "1"), network_from_options(NetworkKind::latent), network_from},
    };
    return kinds;
}

std::string model_names() {
    std::string names;
    for (const auto& kind : model_kinds()) names += (names.empty() ? "" : "|") + kind.name;
    return names;
}

const ModelKind& model_kind(const std::string& name) {
    for (const auto& kind : model_kinds())
        if (kind.name == name) return kind;
    throw std::invalid_argument("no model '" + name + "'; the models are " + model_names());
}

}  // namespace ebm

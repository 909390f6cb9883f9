// The neural energy models' shared parts: names, architecture, parameters by
// name, the factory. Legend in network_model.hpp.
#include "network_model.hpp"

#include "conditional_model.hpp"
#include "decoder_mlp_model.hpp"
#include "errors.hpp"
#include "latent_model.hpp"
#include "name_table.hpp"
#include "random_streams.hpp"
#include "rng.hpp"

#include <cmath>
#include <stdexcept>
#include <variant>

namespace ebm {

namespace {

const NameTable<NetworkKind, 3> kind_names{
    "model", {{{NetworkKind::conditional, "conditional"}, {NetworkKind::decoder_mlp, "decoder-mlp"}, {NetworkKind::latent, "latent"}}}};
const NameTable<RegularizerKind, 3> regularizer_names{
    "regularizer", {{{RegularizerKind::l2, "l2"}, {RegularizerKind::l1, "l1"}, {RegularizerKind::shell, "shell"}}}};
const NameTable<LatentMethod, 3> method_names{
    "latent method", {{{LatentMethod::gd, "gd"}, {LatentMethod::cg, "cg"}, {LatentMethod::lbfgs, "lbfgs"}}}};

constexpr std::size_t max_width = 4096;
// Evenly spaced points of x's domain for the initial kinks.
constexpr std::size_t input_domain_points = 101;

}  // namespace

std::string network_kind_name(NetworkKind kind) { return kind_names.name(kind); }
NetworkKind network_kind_from_name(const std::string& name) { return kind_names.parse(name); }
bool is_network_model_name(const std::string& name) {
    for (const auto& entry : kind_names.entries)
        if (name == entry.name) return true;
    return false;
}
std::string regularizer_name(RegularizerKind kind) { return regularizer_names.name(kind); }
RegularizerKind regularizer_from_name(const std::string& name) { return regularizer_names.parse(name); }
std::string latent_method_name(LatentMethod method) { return method_names.name(method); }
LatentMethod latent_method_from_name(const std::string& name) { return method_names.parse(name); }

void validate_network_config(const NetworkConfig& config) {
    const auto check = [](bool ok, const std::string& field, const std::string& allowed, const std::string& got) {
        if (!ok) throw std::invalid_argument(field + " must be " + allowed + " (got " + got + ")");
    };
    const auto width_ok = [](std::size_t width) { return width >= 1 && width <= max_width; };
    const std::string widths = "from 1 to " + std::to_string(max_width);
    check(width_ok(config.predictor_hidden), "predictor_hidden", widths, std::to_string(config.predictor_hidden));
    check(width_ok(config.predictor_width), "width", widths, std::to_string(config.predictor_width));
    check(width_ok(config.decoder_hidden), "decoder_hidden", widths, std::to_string(config.decoder_hidden));
    if (config.kind == NetworkKind::conditional)
        check(config.predictor_width == 2, "width", "2 for the conditional model (f gives the two semi-axes)",
              std::to_string(config.predictor_width));
    if (config.kind != NetworkKind::latent)
        check(config.latent_count >= 1 && config.latent_count <= 1'000'000, "latent_count", "from 1 to 1000000",
              std::to_string(config.latent_count));
    check(config.latent_dim >= 1 && config.latent_dim <= max_width, "latent_dim", "from 1 to " + std::to_string(max_width),
          std::to_string(config.latent_dim));
    check(config.lambda >= 0 && std::isfinite(config.lambda), "lambda", "a finite number ≥ 0", std::to_string(config.lambda));
    check(config.search.starts >= 1 && config.search.starts <= 10000, "starts", "from 1 to 10000",
          std::to_string(config.search.starts));
    check(config.search.start_scale > 0 && std::isfinite(config.search.start_scale), "start_scale", "a finite number > 0",
          std::to_string(config.search.start_scale));
    check(config.search.max_iterations >= 1, "max_iterations", "≥ 1", std::to_string(config.search.max_iterations));
    check(config.search.gradient_tolerance >= 0 && std::isfinite(config.search.gradient_tolerance),
          "gradient_tolerance", "a finite number ≥ 0", std::to_string(config.search.gradient_tolerance));
}

NetworkModel::NetworkModel(const NetworkConfig& config, Mlp predictor, std::vector<Mlp> decoders)
    : config_(config), predictor_(std::move(predictor)), decoders_(std::move(decoders)) {
    validate_network_config(config_);
    decoder_offset_ = predictor_.parameter_count();
    std::size_t count = decoder_offset_;
    for (const auto& decoder : decoders_) count += decoder.parameter_count();
    parameters_.assign(count, 0.0);
}

void NetworkModel::initialise(std::uint64_t seed) {
    Rng rng(derive_seed(seed, random_stream::initialisation));
    predictor_.initialise(parameters_.data(), rng);
    // f's ReLUs get their kinks inside x's domain [0, 1] (SPEC §1): with
    // PyTorch's biases alone about a third of the runs of the conditional
    // recipe end with most units dead and |f| off ρ by more than 5 % (README,
    // "Why the network defaults learn").
    std::vector<double> domain(input_domain_points);
    for (std::size_t i = 0; i < domain.size(); ++i) domain[i] = double(i) / double(domain.size() - 1);
    predictor_.spread_kinks(parameters_.data(), domain.data(), domain.size(), rng);
    std::size_t offset = decoder_offset_;
    for (const auto& decoder : decoders_) {
        decoder.initialise(parameters_.data() + offset, rng);
        offset += decoder.parameter_count();
    }
}

std::vector<double> NetworkModel::predict(double x) const {
    MlpActivations activations;
    predictor_.forward(activations, parameters_.data(), &x, 1);
    return std::vector<double>(activations.output(), activations.output() + predictor_.output_width());
}

std::string NetworkModel::name() const { return network_kind_name(config_.kind); }

Architecture NetworkModel::architecture() const {
    const NetworkConfig& config = config_;
    Architecture values{{"model", name()},
                        {"predictor_hidden", std::int64_t(config.predictor_hidden)},
                        {"predictor_width", std::int64_t(config.predictor_width)}};
    if (config.kind != NetworkKind::conditional) values.push_back({"decoder_hidden", std::int64_t(config.decoder_hidden)});
    if (config.kind != NetworkKind::latent) {
        values.push_back({"latent_count", std::int64_t(config.latent_count)});
        return values;
    }
    values.insert(values.end(), {{"latent_dim", std::int64_t(config.latent_dim)},
                                 {"regularizer", regularizer_name(config.regularizer)},
                                 {"lambda", config.lambda},
                                 {"latent_method", latent_method_name(config.search.method)},
                                 {"latent_starts", std::int64_t(config.search.starts)},
                                 {"latent_start_scale", config.search.start_scale},
                                 {"latent_seed", std::int64_t(config.search.seed)},
                                 {"latent_max_iterations", std::int64_t(config.search.max_iterations)},
                                 {"latent_gradient_tolerance", config.search.gradient_tolerance}});
    return values;
}

NetworkConfig network_config_from(const std::function<ArchitectureValue(const std::string&)>& value) {
    const auto number = [&](const std::string& name) {
        const ArchitectureValue stored = value(name);
        if (const auto* integer = std::get_if<std::int64_t>(&stored)) return double(*integer);
        if (const auto* real = std::get_if<double>(&stored)) return *real;
        throw std::invalid_argument("attribute " + name + " is text, not a number");
    };
    const auto text = [&](const std::string& name) {
        const ArchitectureValue stored = value(name);
        if (const auto* string = std::get_if<std::string>(&stored)) return *string;
        throw std::invalid_argument("attribute " + name + " is a number, not text");
    };
    const auto count = [&](const std::string& name) {
        const double stored = number(name);
        if (!(stored >= 0 && stored < 9e15 && stored == std::floor(stored)))
            throw std::invalid_argument("attribute " + name + " is not a count (" + std::to_string(stored) + ")");
        return std::size_t(stored);
    };
    NetworkConfig config;
    const std::string model = text("model");
    try {
        config.kind = network_kind_from_name(model);
    } catch (const std::invalid_argument&) {
        throw std::invalid_argument("it holds a '" + model + "' model, not one of conditional|decoder-mlp|latent");
    }
    config.predictor_hidden = count("predictor_hidden");
    config.predictor_width = count("predictor_width");
    if (config.kind != NetworkKind::conditional) config.decoder_hidden = count("decoder_hidden");
    if (config.kind != NetworkKind::latent) {
        config.latent_count = count("latent_count");
    } else {
        config.latent_dim = count("latent_dim");
        config.regularizer = regularizer_from_name(text("regularizer"));
        config.search.method = latent_method_from_name(text("latent_method"));
        config.lambda = number("lambda");
        config.search.starts = count("latent_starts");
        config.search.start_scale = number("latent_start_scale");
        config.search.seed = count("latent_seed");
        config.search.max_iterations = count("latent_max_iterations");
        config.search.gradient_tolerance = number("latent_gradient_tolerance");
    }
    validate_network_config(config);
    return config;
}

std::vector<ParameterBlock> NetworkModel::parameter_blocks() const {
    auto blocks = predictor_.parameter_blocks("f", 0);
    if (!decoders_.empty()) {
        const auto decoder = decoders_.front().parameter_blocks("g", decoder_offset_);
        blocks.insert(blocks.end(), decoder.begin(), decoder.end());
    }
    return blocks;
}

std::string NetworkModel::describe() const {
    std::string text = "a " + name() + " model with f = " + predictor_.describe();
    if (!decoders_.empty()) text += ", g = " + decoders_.front().describe();
    return text;
}

std::unique_ptr<NetworkModel> make_network_model(const NetworkConfig& config) {
    switch (config.kind) {
        case NetworkKind::conditional: return std::make_unique<ConditionalModel>(config);
        case NetworkKind::decoder_mlp: return std::make_unique<DecoderMlpModel>(config);
        case NetworkKind::latent: return std::make_unique<LatentModel>(config);
    }
    throw std::invalid_argument("make_network_model: unknown kind");
}

}  // namespace ebm

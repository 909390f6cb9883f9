#include "model_file.hpp"

#include "errors.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace ebm {

EllipseParams read_ellipse_params(const std::string& path) {
    const H5Reader file(path, model_format, model_format_version);
    const std::string model = file.string_attribute("model");
    if (model != "ellipse")
        throw RunError("'" + path + "' holds a '" + model + "' model; this needs an ellipse model");
    const auto w = file.read<1>("/params/w");
    if (w.size() != 2) throw RunError("'" + path + "': /params/w has " + std::to_string(w.size()) + " values, expected 2");
    if (!std::isfinite(w(0)) || !std::isfinite(w(1))) throw RunError("'" + path + "': /params/w is not finite");
    return {w(0), w(1)};
}

void write_parameters(H5Writer& file, const std::vector<ParameterBlock>& blocks, const std::vector<double>& parameters) {
    for (const auto& block : blocks) {
        const double* values = parameters.data() + block.offset;
        if (block.shape.size() == 1) {
            file.write("/params/" + block.name,
                       xt::xtensor<double, 1>(xt::adapt(values, block.size(), xt::no_ownership(),
                                                        std::array<std::size_t, 1>{block.shape[0]})));
        } else if (block.shape.size() == 2) {
            file.write("/params/" + block.name,
                       xt::xtensor<double, 2>(xt::adapt(values, block.size(), xt::no_ownership(),
                                                        std::array<std::size_t, 2>{block.shape[0], block.shape[1]})));
        } else {
            throw std::logic_error("write_parameters: block " + block.name + " is neither a vector nor a matrix");
        }
    }
}

void read_parameters(const H5Reader& file, const std::vector<ParameterBlock>& blocks, std::vector<double>& parameters,
                     const std::string& model) {
    const std::string& path = file.path();
    std::set<std::string> expected;
    for (const auto& block : blocks) {
        const std::string name = "/params/" + block.name;
        expected.insert(name);
        if (!file.has(name)) throw RunError("'" + path + "' has no " + name + ": it is not " + model);
        const auto shape = file.shape(name);
        if (shape != block.shape)
            throw RunError("'" + path + "': " + name + " has shape " + shape_text(shape) + ", but " + block.role +
                           " and needs " + shape_text(block.shape));
        std::vector<double> values;
        if (shape.size() == 1) {
            const auto array = file.read<1>(name);
            values.assign(array.begin(), array.end());
        } else {
            const auto array = file.read<2>(name);
            values.assign(array.begin(), array.end());
        }
        for (double value : values)
            if (!std::isfinite(value)) throw RunError("'" + path + "': " + name + " holds a non-finite value");
        std::copy(values.begin(), values.end(), parameters.begin() + std::ptrdiff_t(block.offset));
    }
    for (const auto& dataset : file.datasets())
        if (dataset.name.rfind("/params/", 0) == 0 && !expected.count(dataset.name))
            throw RunError("'" + path + "' has " + dataset.name + ", which " + model + " does not have");
}

void write_network_architecture(H5Writer& file, const NetworkConfig& config) {
    file.set_attribute("model", network_kind_name(config.kind));
    file.set_attribute("predictor_hidden", std::int64_t(config.predictor_hidden));
    file.set_attribute("predictor_width", std::int64_t(config.predictor_width));
    if (config.kind != NetworkKind::conditional) file.set_attribute("decoder_hidden", std::int64_t(config.decoder_hidden));
    if (config.kind != NetworkKind::latent) {
        file.set_attribute("latent_count", std::int64_t(config.latent_count));
        return;
    }
    file.set_attribute("latent_dim", std::int64_t(config.latent_dim));
    file.set_attribute("regularizer", regularizer_name(config.regularizer));
    file.set_attribute("lambda", config.lambda);
    file.set_attribute("latent_method", latent_method_name(config.search.method));
    file.set_attribute("latent_starts", std::int64_t(config.search.starts));
    file.set_attribute("latent_start_scale", config.search.start_scale);
    file.set_attribute("latent_seed", std::int64_t(config.search.seed));
    file.set_attribute("latent_max_iterations", std::int64_t(config.search.max_iterations));
    file.set_attribute("latent_gradient_tolerance", config.search.gradient_tolerance);
}

NetworkConfig read_network_architecture(const H5Reader& file) {
    const std::string& path = file.path();
    const auto count = [&](const std::string& name) {
        const double value = file.number_attribute(name);
        if (!(value >= 0 && value < 9e15 && value == std::floor(value)))
            throw RunError("'" + path + "': attribute " + name + " is not a count (" + std::to_string(value) + ")");
        return std::size_t(value);
    };
    NetworkConfig config;
    const std::string model = file.string_attribute("model");
    try {
        config.kind = network_kind_from_name(model);
    } catch (const std::invalid_argument&) {
        throw RunError("'" + path + "' holds a '" + model + "' model, not one of conditional|decoder-mlp|latent");
    }
    config.predictor_hidden = count("predictor_hidden");
    config.predictor_width = count("predictor_width");
    if (config.kind != NetworkKind::conditional) config.decoder_hidden = count("decoder_hidden");
    if (config.kind != NetworkKind::latent) {
        config.latent_count = count("latent_count");
    } else {
        config.latent_dim = count("latent_dim");
        try {
            config.regularizer = regularizer_from_name(file.string_attribute("regularizer"));
            config.search.method = latent_method_from_name(file.string_attribute("latent_method"));
        } catch (const std::invalid_argument& error) {
            throw RunError("'" + path + "': " + error.what());
        }
        config.lambda = file.number_attribute("lambda");
        config.search.starts = count("latent_starts");
        config.search.start_scale = file.number_attribute("latent_start_scale");
        config.search.seed = count("latent_seed");
        config.search.max_iterations = count("latent_max_iterations");
        config.search.gradient_tolerance = file.number_attribute("latent_gradient_tolerance");
    }
    try {
        validate_network_config(config);
    } catch (const std::invalid_argument& error) {
        throw RunError("'" + path + "': " + error.what());
    }
    return config;
}

std::unique_ptr<NetworkModel> read_network_model(const std::string& path) {
    const H5Reader file(path, model_format, model_format_version);
    auto model = make_network_model(read_network_architecture(file));
    read_parameters(file, model->parameter_blocks(), model->parameters(),
                    "a " + network_kind_name(model->config().kind) + " model with " + model->describe());
    return model;
}

}  // namespace ebm

#include "model_file.hpp"

#include "errors.hpp"
#include "model_registry.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <variant>

namespace ebm {

void write_parameters(H5Writer& file, const std::string& group, const std::vector<ParameterBlock>& blocks,
                      const std::vector<double>& parameters) {
    for (const auto& block : blocks) {
        const double* values = parameters.data() + block.offset;
        if (block.shape.size() == 1) {
            file.write(group + "/" + block.name,
                       xt::xtensor<double, 1>(xt::adapt(values, block.size(), xt::no_ownership(),
                                                        std::array<std::size_t, 1>{block.shape[0]})));
        } else if (block.shape.size() == 2) {
            file.write(group + "/" + block.name,
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

void write_architecture(H5Writer& file, const Architecture& architecture) {
    for (const auto& [name, value] : architecture)
        std::visit([&, name = name](const auto& stored) { file.set_attribute(name, stored); }, value);
}

void throw_wrong_model(const std::string& path, const std::string& model, const std::string& needed) {
    throw RunError("'" + path + "' holds a '" + model + "' model; this needs " + needed);
}

std::unique_ptr<Model> read_model(const std::string& path) {
    const H5Reader file(path, model_format, model_format_version);
    const std::string name = file.string_attribute("model");
    const ArchitectureLookup lookup = [&](const std::string& attribute) -> ArchitectureValue {
        const AttributeValue value = file.attribute("/", attribute);
        if (const auto* integer = std::get_if<std::int64_t>(&value)) return *integer;
        if (const auto* real = std::get_if<double>(&value)) return *real;
        if (const auto* text = std::get_if<std::string>(&value)) return *text;
        throw RunError("attribute " + attribute + " of '" + path + "' is a list, not one value");
    };
    std::unique_ptr<Model> model;
    try {
        model = model_kind(name).from_architecture(lookup);
    } catch (const std::invalid_argument& error) {
        throw RunError("'" + path + "': " + error.what());
    }
    read_parameters(file, model->parameter_blocks(), model->parameters(), model->describe());
    return model;
}

}  // namespace ebm

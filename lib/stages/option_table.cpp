#include "option_table.hpp"

#include "errors.hpp"

#include <algorithm>

namespace ebm {

void OptionTable::add(const std::string& name, const po::value_semantic* semantic, const std::string& help,
                      const std::vector<std::string>& models) {
    std::string text = help;
    if (!models.empty()) {
        std::string names;
        for (const auto& model : models) names += (names.empty() ? "" : ", ") + model;
        text = names + ": " + help;
    }
    described_.add_options()(name.c_str(), semantic, text.c_str());
    if (!models.empty()) models_[name] = models;
}

ModelSpecificOptions OptionTable::given_model_specific(const po::variables_map& values) const {
    ModelSpecificOptions given;
    for (const auto& [name, models] : models_)
        if (values.count(name) && !values[name].defaulted()) given[name] = models;
    return given;
}

void check_options_apply(const ModelSpecificOptions& given, const std::string& model, const std::string& why_model) {
    for (const auto& [name, models] : given) {
        if (std::find(models.begin(), models.end(), model) != models.end()) continue;
        std::string names;
        for (const auto& taker : models) names += (names.empty() ? "" : "|") + taker;
        throw UsageError("--" + name + " applies to the " + names + " model" + (models.size() > 1 ? "s" : "") +
                         ", not to " + why_model);
    }
}

}  // namespace ebm

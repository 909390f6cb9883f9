// A stage's options, each declared with the models it applies to (all, or
// those named), so that an option given for another model is refused where
// it is declared, not by lists kept apart. ebm-train checks them against
// --model, ebm-infer against the model its --model file holds.
#pragma once

#include "cli.hpp"

#include <map>
#include <string>
#include <vector>

namespace ebm {

// The options given (not defaulted) that apply to some models only, with those models.
using ModelSpecificOptions = std::map<std::string, std::vector<std::string>>;

class OptionTable {
public:
    explicit OptionTable(po::options_description& described) : described_(described) {}

    // An option for every model (models empty) or for those named; --help
    // shows the names before the help text.
    void add(const std::string& name, const po::value_semantic* semantic, const std::string& help,
             const std::vector<std::string>& models = {});

    ModelSpecificOptions given_model_specific(const po::variables_map& values) const;

private:
    po::options_description& described_;
    std::map<std::string, std::vector<std::string>> models_;
};

// UsageError naming the first option of `given` that does not apply to
// `model`, the models it applies to, and `why_model` (how the model was chosen:
// "--model conditional", "'m.h5' holds a conditional model").
void check_options_apply(const ModelSpecificOptions& given, const std::string& model, const std::string& why_model);

}  // namespace ebm

// Every model by name: what `ebm-train --model NAME` makes and what a model
// file's attribute `model` names. A new model is a new file pair in models/
// and one entry in model_registry.cpp.
#pragma once

#include "model.hpp"
#include "model_options.hpp"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ebm {

// One architecture value by name; throws std::invalid_argument if missing.
using ArchitectureLookup = std::function<ArchitectureValue(const std::string&)>;

struct ModelKind {
    std::string name;         // "ellipse", …
    std::string summary;      // one line for --help
    std::string data_case;    // the data it learns: "unconditional" or "conditional" (ebm-generate --case)
    // Its own options, with its defaults. Models that share an option (say
    // --z) declare it each; ebm-train offers it once, to those models alone.
    std::vector<ModelOption> options;
    // Its defaults of ebm-train's training options (epochs, optimizer, lr,
    // …): the recipe that trains it when the user gives none.
    std::vector<std::pair<std::string, std::string>> training_defaults;
    // The untrained model its options describe (initialise() sets the
    // parameters). std::invalid_argument("--NAME must be …") for a bad value.
    std::function<std::unique_ptr<Model>(const OptionText&)> from_options;
    // The model an architecture describes (Model::architecture()), its
    // parameters not yet set. std::invalid_argument naming a bad value.
    std::function<std::unique_ptr<Model>(const ArchitectureLookup&)> from_architecture;
};

// In the order --help lists them.
const std::vector<ModelKind>& model_kinds();
// std::invalid_argument listing the names if there is no such model.
const ModelKind& model_kind(const std::string& name);
// "ellipse|conditional|decoder-mlp|latent"
std::string model_names();

}  // namespace ebm

// A model's own options, as ebm-train offers them: declared by the model's
// registry entry (model_registry.hpp), given as text on the command line or
// in a config file, and read here into numbers. Errors are
// std::invalid_argument("--NAME must be … (got …)"), which the stage reports
// as usage errors.
#pragma once

#include "vec2.hpp"

#include <cstddef>
#include <functional>
#include <string>

namespace ebm {

struct ModelOption {
    std::string name;          // without "--": "w0", "latent-dim", …
    std::string default_text;  // this model's default
    std::string help;
};

// The text of any of ebm-train's options by name (a model's own, or shared
// ones such as "seed"), as given or defaulted.
using OptionText = std::function<std::string(const std::string& name)>;

// A whole number in [low, high].
std::size_t option_count(const OptionText& text, const std::string& name, std::size_t low, std::size_t high);
// A finite number ≥ low.
double option_number(const OptionText& text, const std::string& name, double low);
// A finite number > 0.
double option_positive(const OptionText& text, const std::string& name);
// Two finite numbers "A,B".
Vec2 option_pair(const OptionText& text, const std::string& name);

}  // namespace ebm

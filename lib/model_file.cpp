#include "model_file.hpp"

#include "errors.hpp"

#include <cmath>

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

}  // namespace ebm

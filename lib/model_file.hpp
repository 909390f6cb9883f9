// The model file (ebm-train's output) as the other stages read it.
//
//   /params/w            (2)    the ellipse decoder's w = (w1, w2)
//   /history/…                  the training run (see train_stage.hpp)
//   root attributes: format = "ebm/model", format_version, model, loss, beta,
//   epochs, seed, data_file, data_sha256, program, program_version, options
#pragma once

#include "ellipse_model.hpp"
#include "h5_file.hpp"

#include <cstdint>
#include <string>

namespace ebm {

inline constexpr const char* model_format = "ebm/model";
inline constexpr std::int64_t model_format_version = 1;

// The ellipse model's parameters, checked: the file is an ebm/model of model
// "ellipse" and /params/w holds two finite numbers (RunError naming the file otherwise).
EllipseParams read_ellipse_params(const std::string& path);

}  // namespace ebm

// The model file (ebm-train's output): how a model's parameters and
// architecture are stored, and read back checked. The whole layout of each
// model kind is in docs/file-formats.md.
//
//   /params/<block>      every parameter block of the model (parameter_block.hpp):
//                        /params/w (2) for the ellipse; /params/f/<module>/weight, …
//                        for the network models
//   root attributes: format = "ebm/model", format_version, model, the
//   architecture, and how it was trained (train_stage.hpp)
#pragma once

#include "ellipse_model.hpp"
#include "h5_file.hpp"
#include "network_model.hpp"
#include "parameter_block.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ebm {

inline constexpr const char* model_format = "ebm/model";
inline constexpr std::int64_t model_format_version = 1;

// Writes each block of `parameters` as /params/<name> with its shape.
void write_parameters(H5Writer& file, const std::vector<ParameterBlock>& blocks, const std::vector<double>& parameters);
// Reads them back into `parameters` (sized for the blocks). RunError naming
// the file and the dataset if a block is missing, has another shape (naming
// the block's role), holds a non-finite value, or /params holds a dataset
// that is none of the blocks. `model` names the model for messages: "a
// conditional model with f = Linear(1→8) → …".
void read_parameters(const H5Reader& file, const std::vector<ParameterBlock>& blocks, std::vector<double>& parameters,
                     const std::string& model);

// The ellipse model's parameters, checked: the file is an ebm/model of model
// "ellipse" and /params/w holds two finite numbers (RunError naming the file otherwise).
EllipseParams read_ellipse_params(const std::string& path);

// The network architecture as root attributes of a model file (model,
// predictor_hidden, predictor_width, decoder_hidden, latent_count,
// latent_dim, regularizer, lambda, latent_method, latent_starts,
// latent_start_scale, latent_seed, latent_max_iterations,
// latent_gradient_tolerance) and back. read_… throws RunError naming the
// file and attribute if one is missing or out of range.
void write_network_architecture(H5Writer& file, const NetworkConfig& config);
NetworkConfig read_network_architecture(const H5Reader& file);

// A model file's network model, parameters checked (RunError naming the
// file and the layer at fault).
std::unique_ptr<NetworkModel> read_network_model(const std::string& path);

}  // namespace ebm

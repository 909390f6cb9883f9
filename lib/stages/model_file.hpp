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

#include "ellipse.hpp"
#include "h5_file.hpp"
#include "model.hpp"
#include "network_model.hpp"
#include "parameter_block.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ebm {

inline constexpr const char* model_format = "ebm/model";
inline constexpr std::int64_t model_format_version = 1;

// Writes each block of `parameters` as <group>/<name> with its shape
// (group "/params": the model's; "/initial_params": its untrained ones).
void write_parameters(H5Writer& file, const std::string& group, const std::vector<ParameterBlock>& blocks,
                      const std::vector<double>& parameters);
// Reads /params/<name> back into `parameters` (sized for the blocks). RunError naming
// the file and the dataset if a block is missing, has another shape (naming
// the block's role), holds a non-finite value, or /params holds a dataset
// that is none of the blocks. `model` names the model for messages: "a
// conditional model with f = Linear(1→8) → …".
void read_parameters(const H5Reader& file, const std::vector<ParameterBlock>& blocks, std::vector<double>& parameters,
                     const std::string& model);

// The model's architecture (Model::architecture()) as root attributes.
void write_architecture(H5Writer& file, const Architecture& architecture);
inline void write_architecture(H5Writer& file, const Model& model) { write_architecture(file, model.architecture()); }

// A model file's model, whichever it is (model_registry.hpp), its
// parameters read and checked: RunError naming the file, and the attribute
// or the layer at fault.
std::unique_ptr<Model> read_model(const std::string& path);
[[noreturn]] void throw_wrong_model(const std::string& path, const std::string& model, const std::string& needed);
// The same, refusing a model of another kind than `Kind` (RunError naming
// the file, the model it holds and what the caller needs).
template <typename Kind>
std::unique_ptr<Kind> read_model_of_kind(const std::string& path, const std::string& needed) {
    std::unique_ptr<Model> model = read_model(path);
    if (auto* kind = dynamic_cast<Kind*>(model.get())) {
        model.release();
        return std::unique_ptr<Kind>(kind);
    }
    throw_wrong_model(path, model->name(), needed);
}

// The ellipse model's w, from a file that must hold an ellipse model.
inline EllipseParams read_ellipse_params(const std::string& path) {
    return read_model_of_kind<EllipseModel>(path, "an ellipse model")->w();
}
// A network model (conditional, decoder-mlp, latent), from a file that must hold one.
inline std::unique_ptr<NetworkModel> read_network_model(const std::string& path) {
    return read_model_of_kind<NetworkModel>(path, "a conditional, decoder-mlp or latent model");
}

}  // namespace ebm

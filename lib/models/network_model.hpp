// The neural energy models of SPEC §5–6: what they share behind the model
// interface (model.hpp).
//
//   conditional   f = Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→2)
//                 g(z) = [cos z, sin z];  E = [y1 − f1(x) cos z]² + [y2 − f2(x) sin z]²
//                 z on the latent grid Z                     (conditional_model.hpp)
//   decoder-mlp   Energy II: f as above with output width D, g an MLP on
//                 [f(x), cos z, sin z];  E = ‖y − g‖²; z on Z  (decoder_mlp_model.hpp)
//   latent        Energy III: z ∈ R^d, g an MLP on [f(x), z];
//                 E = ‖y − g‖² + λ R(z), R = ‖z‖², ‖z‖₁ or (‖z‖ − 1)²;
//                 ž by gradient methods from several starts (latent_model.hpp)
//
// Legend and the free energy's definitions: model.hpp. P, the parameters, are
// f's layers, then g's.
//
// Model files keep the parameters by name (parameter_blocks(), mlp.hpp):
// /params/f/<module>/weight, /params/f/<module>/bias and, for decoder-mlp and
// latent, /params/g/…; the architecture is in root attributes (model_file.hpp).
#pragma once

#include "latent_grid.hpp"
#include "mlp.hpp"
#include "model.hpp"
#include "parameter_block.hpp"
#include "vec2.hpp"

#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ebm {

enum class NetworkKind { conditional, decoder_mlp, latent };
enum class RegularizerKind { l2, l1, shell };
// Gradient methods of the latent model's inference.
enum class LatentMethod { gd, cg, lbfgs };

// Command-line names: conditional, decoder-mlp, latent; l2, l1, shell; gd, cg, lbfgs.
std::string network_kind_name(NetworkKind kind);
NetworkKind network_kind_from_name(const std::string& name);  // std::invalid_argument listing the names
bool is_network_model_name(const std::string& name);
std::string regularizer_name(RegularizerKind kind);
RegularizerKind regularizer_from_name(const std::string& name);
std::string latent_method_name(LatentMethod method);
LatentMethod latent_method_from_name(const std::string& name);

// How the latent model searches ž.
struct LatentSearch {
    LatentMethod method = LatentMethod::lbfgs;
    // Starts: z = 0, then starts − 1 points drawn N(0, start_scale² I) from
    // Rng(derive_seed(seed, start_stream)), the same for every point (x, y).
    std::size_t starts = 4;
    double start_scale = 1.0;
    std::uint64_t seed = 1;
    std::size_t max_iterations = 200;   // per start
    double gradient_tolerance = 1e-9;   // stop once ‖∂E/∂z‖ ≤ this
};

// The architecture: everything a model file needs besides the parameters.
struct NetworkConfig {
    NetworkKind kind = NetworkKind::conditional;
    std::size_t predictor_hidden = 8;   // hidden widths of f (two layers)
    std::size_t predictor_width = 2;    // D = dim f(x); 2 for conditional
    std::size_t decoder_hidden = 16;    // hidden widths of g (two layers): decoder-mlp, latent
    std::size_t latent_count = default_latent_count;  // Z of the grid models
    std::size_t latent_dim = 1;         // d of latent
    RegularizerKind regularizer = RegularizerKind::l2;
    double lambda = 0.0;                // λ ≥ 0 of latent
    LatentSearch search;                // latent
};

// std::invalid_argument naming the first bad field and its allowed values.
void validate_network_config(const NetworkConfig& config);

// What the network models share: f (and g) as MLPs in one flat parameter
// vector, their architecture (NetworkConfig), PyTorch's initialisation.
class NetworkModel : public Model {
public:
    const NetworkConfig& config() const { return config_; }
    const Mlp& predictor() const { return predictor_; }
    // Where g's parameters start in parameters() (P if there is no g).
    std::size_t decoder_offset() const { return decoder_offset_; }

    std::string name() const override;
    std::string describe() const override;
    // model, predictor_hidden, predictor_width, decoder_hidden (decoder-mlp,
    // latent), latent_count (grid models) or latent_dim, regularizer, lambda,
    // latent_method, latent_starts, latent_start_scale, latent_seed,
    // latent_max_iterations, latent_gradient_tolerance (latent).
    Architecture architecture() const override;
    // f/<module>/weight, f/<module>/bias, then g's the same way (mlp.hpp).
    std::vector<ParameterBlock> parameter_blocks() const override;
    // PyTorch's default initialisation, f's layers then g's, from
    // Rng(derive_seed(seed, init_stream)); then f's hidden biases moved so
    // that its kinks spread over x ∈ [0, 1] (Mlp::spread_kinks).
    void initialise(std::uint64_t seed) override;
    std::size_t latent_count() const override {
        return config_.kind == NetworkKind::latent ? 0 : config_.latent_count;
    }

    // f(x) for one x. (D)
    std::vector<double> predict(double x) const override;

protected:
    NetworkModel(const NetworkConfig& config, Mlp predictor, std::vector<Mlp> decoders);
    NetworkConfig config_;
    Mlp predictor_;              // f
    std::vector<Mlp> decoders_;  // g, if the model has one
    std::size_t decoder_offset_ = 0;  // where g's parameters start
};

// The model of config.kind with zero parameters (call initialise, or read them).
std::unique_ptr<NetworkModel> make_network_model(const NetworkConfig& config);

// The architecture NetworkModel::architecture() wrote, read back through
// `value(name)` (which throws if the name is missing); std::invalid_argument
// naming the attribute if one is out of range.
NetworkConfig network_config_from(const std::function<ArchitectureValue(const std::string&)>& value);

}  // namespace ebm

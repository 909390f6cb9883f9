// The neural energy models of SPEC §5–6 behind one interface: what the
// trainer (network_training.hpp) and the stages need of each.
//
//   conditional   f = Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→2)
//                 g(z) = [cos z, sin z];  E = [y1 − f1(x) cos z]² + [y2 − f2(x) sin z]²
//                 z on the latent grid Z                     (conditional_model.hpp)
//   decoder-mlp   Energy II: f as above with output width D, g an MLP on
//                 [f(x), cos z, sin z];  E = ‖y − g‖²; z on Z  (decoder_mlp_model.hpp)
//   latent        Energy III: z ∈ R^d, g an MLP on [f(x), z];
//                 E = ‖y − g‖² + λ R(z), R = ‖z‖² or ‖z‖₁;
//                 ž by gradient methods from several starts (latent_model.hpp)
//
// Legend
//   R     rows of a batch: (x_r, y_r) pairs whose free energy is wanted
//   P     parameters, one flat vector (f's layers, then g's)
//   Z     latents of the grid models;  d  the latent dimension of `latent`
//   β     inverse temperature; +inf is F∞ (zero-temperature limit)
//
// Free energy and its gradient, per row:
//   grid models  F_β(x, y) = softmin_β over k of E(x, y, z_k) (F∞ = min at β = +inf),
//                ∂F_β/∂θ = Σ_k softargmin_β(k) ∂E(x, y, z_k)/∂θ: at β = +inf only ž.
//   latent       F∞(x, y) = E(x, y, ž) with ž the best local minimum found;
//                ∂F∞/∂θ = ∂E(x, y, ž)/∂θ (∂E/∂z = 0 at ž: the envelope theorem).
//                F_β over R^d has no grid: finite β is refused.
//
// Model files keep the parameters by name (parameter_blocks(), mlp.hpp):
// /params/f/<module>/weight, /params/f/<module>/bias and, for decoder-mlp and
// latent, /params/g/…; the architecture is in root attributes (model_file.hpp).
#pragma once

#include "latent_grid.hpp"
#include "mlp.hpp"
#include "parameter_block.hpp"
#include "vec2.hpp"

#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ebm {

enum class NetworkKind { conditional, decoder_mlp, latent };
enum class RegularizerKind { l2, l1 };
// Gradient methods of the latent model's inference.
enum class LatentMethod { gd, cg, lbfgs };

// Command-line names: conditional, decoder-mlp, latent; l2, l1; gd, cg, lbfgs.
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

// What one forward pass leaves for its backward pass (model-specific).
struct FreeEnergyCache {
    virtual ~FreeEnergyCache() = default;
};

class NetworkModel {
public:
    virtual ~NetworkModel() = default;

    const NetworkConfig& config() const { return config_; }
    std::vector<double>& parameters() { return parameters_; }  // (P)
    const std::vector<double>& parameters() const { return parameters_; }
    std::size_t parameter_count() const { return parameters_.size(); }
    const Mlp& predictor() const { return predictor_; }
    // Where g's parameters start in parameters() (P if there is no g).
    std::size_t decoder_offset() const { return decoder_offset_; }

    // Fresh parameters from the run's seed (PyTorch's default initialisation,
    // f's layers then g's, from Rng(derive_seed(seed, init_stream))).
    void initialise(std::uint64_t seed);

    // f(x) for one x. (D)
    std::vector<double> predict(double x) const;

    // A cache for this model's passes; reuse it across calls to avoid allocations.
    virtual std::unique_ptr<FreeEnergyCache> make_cache() const = 0;
    // free_energy (R) = F_β(x_r, y_r) for x (R), y (R, 2). Throws
    // std::invalid_argument for a β the model cannot do.
    virtual void free_energy_forward(double* free_energy, FreeEnergyCache& cache, const double* x, const double* y,
                                     std::size_t R, double beta) const = 0;
    // dparams (P) += Σ_r dfree_energy_r · ∂F(x_r, y_r)/∂θ, for the rows of the
    // last forward pass on `cache`. Rows with dfree_energy_r = 0 cost nothing.
    virtual void free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& cache) const = 0;

    // The latent of the last forward pass's row r: the grid models' ž (one
    // value), the latent model's ž (d values).
    virtual std::vector<double> z_check(const FreeEnergyCache& cache, std::size_t r) const = 0;

    // Values per latent: 1 for the grid models (the angle z), d for latent.
    virtual std::size_t latent_width() const = 0;
    // The energy and its gradients at one (x, y, z), z (latent_width()); the
    // plain formulas, which the batch passes above must agree with.
    virtual double energy(double x, const Vec2& y, const double* z) const = 0;
    // dparams (P) += ∂E/∂θ and, unless null, dz (latent_width()) = ∂E/∂z.
    virtual void energy_backward(double* dparams, double* dz, double x, const Vec2& y, const double* z) const = 0;
    // About how many multiply-adds one row of a forward and backward pass
    // costs: callers run small batches on one thread.
    virtual double work_per_row() const = 0;

    // The decoder's output ỹ (K, 2) at one x for K latents z (K, latent_width()).
    virtual void decode(double* y_tilde, double x, const double* z, std::size_t K) const = 0;

    // The parameters as a model file names them: f/<module>/weight, f/<module>/bias,
    // then g's the same way (mlp.hpp).
    std::vector<ParameterBlock> parameter_blocks() const;
    // "f = Linear(1→8) → ReLU → …, g = …", for messages.
    std::string describe() const;

protected:
    NetworkModel(const NetworkConfig& config, Mlp predictor, std::vector<Mlp> decoders);
    NetworkConfig config_;
    Mlp predictor_;            // f
    std::vector<Mlp> decoders_;  // g, if the model has one
    std::vector<double> parameters_;  // (P) f's, then g's
    std::size_t decoder_offset_ = 0;  // where g's parameters start
};

// The model of config.kind with zero parameters (call initialise or read_parameters).
std::unique_ptr<NetworkModel> make_network_model(const NetworkConfig& config);

}  // namespace ebm

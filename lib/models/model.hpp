// Every energy model of ebm behind one interface: what training, inference
// and the model files need of each. The registry (model_registry.hpp) maps a
// model's name to it.
//
//   ellipse       E(y, z) = ‖y − g(z)‖²,  g(z) = [w1 cos z, w2 sin z]; x unused   (ellipse_model.hpp)
//   conditional   E = [y1 − f1(x) cos z]² + [y2 − f2(x) sin z]², f an MLP        (conditional_model.hpp)
//   decoder-mlp   E = ‖y − g(f(x), z)‖², f and g MLPs                            (decoder_mlp_model.hpp)
//   latent        E = ‖y − g(f(x), z)‖² + λ R(z), z ∈ R^d                        (latent_model.hpp)
//
// Legend
//   R     rows of a batch: (x_r, y_r) pairs whose free energy is wanted
//   P     parameters, one flat vector θ (the optimisers step it whole)
//   Z     latents of the grid models;  d  values per latent (latent_width())
//   β     inverse temperature; +inf is F∞ (zero-temperature limit)
//
// Free energy and its gradient, per row:
//   grid models  F_β(x, y) = softmin_β over k of E(x, y, z_k) (F∞ = min at β = +inf),
//                ∂F_β/∂θ = Σ_k softargmin_β(k) ∂E(x, y, z_k)/∂θ: at β = +inf only ž.
//   latent       F∞(x, y) = E(x, y, ž) with ž the best local minimum found;
//                ∂F∞/∂θ = ∂E(x, y, ž)/∂θ (∂E/∂z = 0 at ž: the envelope theorem).
//
// Models never touch a file: a model lists its parameters as named blocks and
// its architecture as named values; stages/model_file.hpp stores both.
#pragma once

#include "parameter_block.hpp"
#include "vec2.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ebm {

// One value of a model's architecture (a model file's root attribute).
using ArchitectureValue = std::variant<std::int64_t, double, std::string>;
// Everything besides the parameters that rebuilds the model, in the order written.
using Architecture = std::vector<std::pair<std::string, ArchitectureValue>>;

// What one forward pass leaves for its backward pass (model-specific).
struct FreeEnergyCache {
    virtual ~FreeEnergyCache() = default;
};

class Model {
public:
    virtual ~Model() = default;

    // The registry's name: "ellipse", "conditional", …
    virtual std::string name() const = 0;
    // "a conditional model with f = Linear(1→8) → …", for messages.
    virtual std::string describe() const = 0;
    // The architecture's values, "model" first (model_registry.hpp reads them back).
    virtual Architecture architecture() const = 0;

    std::vector<double>& parameters() { return parameters_; }  // (P)
    const std::vector<double>& parameters() const { return parameters_; }
    std::size_t parameter_count() const { return parameters_.size(); }
    // The parameters as a model file names them, tiling parameters() (parameter_block.hpp).
    virtual std::vector<ParameterBlock> parameter_blocks() const = 0;
    // The untrained parameters of a run with this seed.
    virtual void initialise(std::uint64_t seed) = 0;

    // Z, the points of the latent grid (z_k = 2πk/Z, latent_grid.hpp); 0 for
    // a model whose latent is continuous (ž by gradient methods).
    virtual std::size_t latent_count() const = 0;
    // Whether F_β at a finite β is defined: grid models only.
    bool has_latent_grid() const { return latent_count() > 0; }

    // f(x), the predictor's output, of a model that has one (empty otherwise). (D)
    virtual std::vector<double> predict(double /*x*/) const { return {}; }

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
    // The decoder's output ỹ (K, 2) at one x for K latents z (K, latent_width()).
    virtual void decode(double* y_tilde, double x, const double* z, std::size_t K) const = 0;

    // About how many multiply-adds one row of a forward and backward pass
    // costs: callers run small batches on one thread.
    virtual double work_per_row() const = 0;

protected:
    std::vector<double> parameters_;  // (P)
};

}  // namespace ebm

// Energy (III) of the lecture (SPEC §6, slide 39): a multi-dimensional,
// regularised latent.
//
//   f : x ↦ Linear(1→H_f) → ReLU → Linear(H_f→H_f) → ReLU → Linear(H_f→D)
//   g : [f(x), z] ↦ Linear(D+d→H_g) → ReLU → Linear(H_g→H_g) → ReLU → Linear(H_g→2),  z ∈ R^d
//   E(x, y, z) = ‖y − g(f(x), z)‖² + λ R(z),  λ ≥ 0,
//   R(z) = ‖z‖² (l2), ‖z‖₁ (l1) or (‖z‖ − 1)² (shell)
//
// Without R (λ = 0) and with d ≥ 2, g(f(x), ·) maps R^d onto an area of the
// plane, not a curve: every y in it has F∞ = 0, the model "memorises" the
// data by giving zero energy everywhere. λR(z) makes reaching far points cost.
// l2 and l1 make z = 0 the cheapest latent: training maps the ring's centre
// g(f(x), 0) there, and the lowest F∞ lies where there are no data. The
// shell makes the unit circle ‖z‖ = 1 the cheapest, a 1-D set: g maps it
// onto the ring, and F∞ is low on the ring only (README, "Energy III").
//
// Inference: R^d has no grid to search, so ž is found by gradient methods
// only (LatentSearch: gd, cg or lbfgs, the last two dlib::find_min's), from
// several starts — z = 0 and seeded N(0, s² I) points, the same for every
// (x, y) — keeping the lowest E found (the first start on a tie).
//   gd     steepest descent with a backtracking (Armijo) step: halved until E
//          falls by at least 1e-4 · η‖∇E‖², doubled after each accepted step
//   cg     dlib::find_min(cg_search_strategy)
//   lbfgs  dlib::find_min(lbfgs_search_strategy(10))
// Each stops once ‖∂E/∂z‖ ≤ gradient_tolerance, after max_iterations, or
// when a step no longer lowers E.
//
// Legend: R rows (x, y pairs), d latent dimension, D = dim f(x), H_f, H_g
// hidden widths, P parameters (f's, then g's), K starts.
//
// Gradients, with r = y − g: ∂E/∂g = −2 r; through g to its input u = [f, z]:
// ∂E/∂f = ∂E/∂u[0:D] (then through f), ∂E/∂z = ∂E/∂u[D:D+d] + λ ∂R/∂z with
// ∂‖z‖²/∂z = 2z, ∂‖z‖₁/∂z = sign z (0 at 0, a subgradient) and
// ∂(‖z‖ − 1)²/∂z = 2 (1 − 1/‖z‖) z (0 at z = 0, a subgradient).
// ∂F∞/∂θ = ∂E(x, y, ž)/∂θ: the envelope theorem, ž held fixed.
#pragma once

#include "network_model.hpp"

namespace ebm {

// One inference's result.
struct LatentInference {
    std::vector<double> z_check;  // (d)
    double f_inf;                 // E(x, y, ž)
    std::size_t energy_evaluations;
};

class LatentModel final : public NetworkModel {
public:
    // config.kind must be latent, config.latent_dim ≥ 1, λ ≥ 0.
    explicit LatentModel(const NetworkConfig& config);

    const Mlp& decoder() const { return decoders_.front(); }
    // The K starts of every search. (K, d)
    const std::vector<double>& starts() const { return starts_; }

    // ž and F∞ of one point, by `search` (its starts are this model's when
    // search.starts and search.seed are the model's, else drawn anew).
    LatentInference infer(double x, const Vec2& y, const LatentSearch& search) const;
    LatentInference infer(double x, const Vec2& y) const { return infer(x, y, config_.search); }

    // R(z) of d values.
    double regularizer(const double* z) const;
    // gradient (d) = λ ∂R/∂z.
    void regularizer_gradient(double* gradient, const double* z) const;

    std::unique_ptr<FreeEnergyCache> make_cache() const override;
    // F∞ only: throws std::invalid_argument for a finite β.
    void free_energy_forward(double* free_energy, FreeEnergyCache& cache, const double* x, const double* y,
                             std::size_t R, double beta) const override;
    void free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& cache) const override;
    std::vector<double> z_check(const FreeEnergyCache& cache, std::size_t r) const override;

    std::size_t latent_width() const override { return config_.latent_dim; }
    double energy(double x, const Vec2& y, const double* z) const override;
    void energy_backward(double* dparams, double* dz, double x, const Vec2& y, const double* z) const override;
    void decode(double* y_tilde, double x, const double* z, std::size_t K) const override;
    double work_per_row() const override { return double(starts_.size()) * double(config_.search.max_iterations) * 0.25 * 3.0 * double(decoder().parameter_count()); }

private:
    std::vector<double> starts_;  // (K, d)
};

// The K starts of a search: z = 0, then K − 1 points N(0, s² I). (K, d)
std::vector<double> latent_starts(const LatentSearch& search, std::size_t latent_dim);

}  // namespace ebm

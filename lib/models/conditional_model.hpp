// The conditional (self-supervised) model of SPEC §5: the horn.
//
//   f : x ↦ Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→2)   (the predictor)
//   g : z ↦ [cos z, sin z]
//   E(x, y, z) = [y1 − f1(x) cos z]² + [y2 − f2(x) sin z]²
//   ỹ(x, z)   = (f1(x) cos z, f2(x) sin z): for each x an ellipse with semi-axes |f(x)|
//
// Legend: R rows (x, y pairs), Z latents z_k = 2πk/Z, P = 106 parameters of f.
//
// Gradients, with r = y − ỹ the residual:
//   ∂E/∂f1 = −2 r1 cos z,  ∂E/∂f2 = −2 r2 sin z,  then ∂E/∂θ through f (mlp.hpp);
//   ∂E/∂z  = 2 r1 f1 sin z − 2 r2 f2 cos z.
// F∞ and F_β over the latent grid: network_model.hpp. At β = +inf the
// gradient flows through ž alone (the first minimiser on a tie).
#pragma once

#include "network_model.hpp"

namespace ebm {

class ConditionalModel final : public NetworkModel {
public:
    // config.kind must be conditional, config.predictor_width 2.
    explicit ConditionalModel(const NetworkConfig& config);

    const xt::xtensor<double, 1>& latents() const { return latents_; }  // (Z)

    std::unique_ptr<FreeEnergyCache> make_cache() const override;
    void free_energy_forward(double* free_energy, FreeEnergyCache& cache, const double* x, const double* y,
                             std::size_t R, double beta) const override;
    void free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& cache) const override;
    std::vector<double> z_check(const FreeEnergyCache& cache, std::size_t r) const override;

    std::size_t latent_width() const override { return 1; }
    double energy(double x, const Vec2& y, const double* z) const override;
    void energy_backward(double* dparams, double* dz, double x, const Vec2& y, const double* z) const override;
    void decode(double* y_tilde, double x, const double* z, std::size_t K) const override;
    double work_per_row() const override { return 3.0 * double(parameter_count()) + 8.0 * double(latents_.size()); }

private:
    xt::xtensor<double, 1> latents_;  // (Z)
    std::vector<double> cos_z_, sin_z_;  // (Z)
};

}  // namespace ebm

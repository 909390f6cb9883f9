// Energy (II) of the lecture (SPEC §6, slide 38): a learned decoder.
//
//   f : x ↦ Linear(1→H_f) → ReLU → Linear(H_f→H_f) → ReLU → Linear(H_f→D)   (predictor, D = --width)
//   g : [f(x), cos z, sin z] ↦ Linear(D+2→H_g) → ReLU → Linear(H_g→H_g) → ReLU → Linear(H_g→2)
//   E(x, y, z) = [y1 − g1(f(x), z)]² + [y2 − g2(f(x), z)]² = ‖y − g‖²
//
// How z enters g: through (cos z, sin z), not z itself. The latent stays an
// angle on the lecture's grid Z = [0 : 2π/Z : 2π[, g is 2π-periodic in z, and
// so for each x the model manifold {g(f(x), z)} is a closed curve whatever the
// weights: what the network must learn is its shape and size, that y "goes
// round in circles" of radii that grow with x. (Fed z itself, a ReLU network
// would be piecewise linear in z and could not close the curve smoothly.)
//
// Legend: R rows (x, y pairs), Z latents, D = dim f(x), H_f, H_g hidden widths,
// P parameters (f's, then g's).
//
// Gradients, with r = y − g: ∂E/∂g = −2 r; through g (mlp.hpp) to its input
// u = [f, cos z, sin z]: ∂E/∂f = ∂E/∂u[0:D] (then through f to θ_f) and
// ∂E/∂z = −sin z · ∂E/∂u[D] + cos z · ∂E/∂u[D+1].
#pragma once

#include "network_model.hpp"

namespace ebm {

class DecoderMlpModel final : public NetworkModel {
public:
    // config.kind must be decoder_mlp.
    explicit DecoderMlpModel(const NetworkConfig& config);

    const xt::xtensor<double, 1>& latents() const { return latents_; }  // (Z)
    const Mlp& decoder() const { return decoders_.front(); }

    std::unique_ptr<FreeEnergyCache> make_cache() const override;
    void free_energy_forward(double* free_energy, FreeEnergyCache& cache, const double* x, const double* y,
                             std::size_t R, double beta) const override;
    void free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& cache) const override;
    std::vector<double> z_check(const FreeEnergyCache& cache, std::size_t r) const override;

    std::size_t latent_width() const override { return 1; }
    double energy(double x, const Vec2& y, const double* z) const override;
    void energy_backward(double* dparams, double* dz, double x, const Vec2& y, const double* z) const override;
    void decode(double* y_tilde, double x, const double* z, std::size_t K) const override;
    double work_per_row() const override { return 3.0 * double(predictor_.parameter_count()) + 3.0 * double(latents_.size() * decoder().parameter_count()); }

private:
    xt::xtensor<double, 1> latents_;     // (Z)
    std::vector<double> cos_z_, sin_z_;  // (Z)
};

}  // namespace ebm

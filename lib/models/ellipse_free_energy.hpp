// The ellipse model's free energy of one point y over a latent grid (Z):
// F_β(y) = softmin_β over k of E(y, z_k) (free_energy.hpp) and its gradients.
#pragma once

#include "ellipse_model.hpp"
#include "free_energy.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>

namespace ebm {


// Forward pass: F_β(y) and what the backward pass needs.
struct FreeEnergyForward {
    double free_energy;             // F_β(y); F∞(y) = E(y, ž) when β = +∞
    std::size_t z_check_index;      // the grid's ž: latents(z_check_index), first minimiser
    xt::xtensor<double, 1> weights;  // (Z) softargmin_β over the latents; one-hot at ž if β = +∞
};
FreeEnergyForward free_energy_forward(const EllipseParams& params, const Vec2& y,
                                      const xt::xtensor<double, 1>& latents, double beta);

// Backward pass: ∂F/∂y and ∂F/∂w = Σ_k weights_k · ∂E(y, z_k)/∂(y, w).
// At β = +∞ (ZTL) this is ∂E(y, ž)/∂(y, w): the gradient flows only through ž.
// For finite β every latent contributes, weighted by softargmin_β.
struct FreeEnergyGradients {
    Vec2 dy;  // (∂F/∂y1, ∂F/∂y2)
    Vec2 dw;  // (∂F/∂w1, ∂F/∂w2)
};
FreeEnergyGradients free_energy_backward(const EllipseParams& params, const Vec2& y,
                                         const xt::xtensor<double, 1>& latents,
                                         const FreeEnergyForward& forward);

// F_β(y) alone (β = +∞ gives F∞(y)).
double free_energy(const EllipseParams& params, const Vec2& y,
                   const xt::xtensor<double, 1>& latents, double beta);

}  // namespace ebm

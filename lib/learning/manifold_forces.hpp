// What the loss does to the ellipse model's manifold (the lecture's slide 31):
// the force each point g(z_k) receives through a sample's F, and the F map
// with its gradient that the training figure draws beside it.
//
// Legend: Z latents, N samples, N1 × N2 points of the map (element [j, i] is
// the point (y1[i], y2[j])).
//
// The force on g(z_k) of pushing one sample's F down:
//   −∂ℓ/∂g(z_k) = −∂ℓ/∂F(y) · softargmin_β(k) · 2 (g(z_k) − y);  at β = +∞ only ž moves.
#pragma once

#include "ellipse_model.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <optional>

namespace ebm {

// One sample's forces (Z, 2), for ∂ℓ/∂F(y) = dloss_dfree_energy.
xt::xtensor<double, 2> manifold_forces(const EllipseParams& w, const xt::xtensor<double, 1>& latents, double beta,
                                       const Vec2& y, double dloss_dfree_energy);

struct ManifoldForces {
    xt::xtensor<double, 2> manifold;            // (Z, 2) g(z_k)
    xt::xtensor<double, 2> total;               // (Z, 2) the forces of pushing every sample's F down, summed
    std::optional<xt::xtensor<double, 2>> sample;  // (Z, 2) the same from one sample alone, if one was asked for
    xt::xtensor<double, 2> free_energy;         // (N2, N1) F_β on the map
    xt::xtensor<double, 3> grad_free_energy;    // (2, N2, N1) ∂F_β/∂y1, ∂F_β/∂y2
};

// The forces at w of the energy loss (∂ℓ/∂F(y) = 1: the pull half of any
// loss; a contrastive loss's pushes on ŷ are not drawn), for samples (N, 2),
// `force_sample` the 0-based index of the one sample whose forces are kept
// apart (none: nullopt), and the map on the grid y1 (N1) × y2 (N2).
ManifoldForces compute_manifold_forces(const EllipseParams& w, const xt::xtensor<double, 1>& latents, double beta,
                                       const xt::xtensor<double, 2>& samples, std::optional<std::size_t> force_sample,
                                       const xt::xtensor<double, 1>& y1, const xt::xtensor<double, 1>& y2);

}  // namespace ebm

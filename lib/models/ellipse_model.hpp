// The unconditional ellipse model of the lecture: latent grid, decoder, energy.
//
// Legend:
//   Z   latents on the grid, z_k = 2πk/Z, k = 0 … Z−1 (2π excluded)
//   N   samples (observed points y)
//   y = (y1, y2)   an observed point;  w = (w1, w2)   the decoder's parameters
//
//   g(z)    = [w1 cos z, w2 sin z]                   decoder: the model manifold
//   E(y, z) = (y1 − g1(z))² + (y2 − g2(z))²          energy = squared reconstruction error
//
// Each forward function sits next to its backward (llm.c style). Gradients of the
// energy carry a d prefix: dz = ∂E/∂z, dw = ∂E/∂w, dy = ∂E/∂y.
#pragma once

#include "latent_grid.hpp"
#include "vec2.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>

namespace ebm {

struct EllipseParams {
    double w1;
    double w2;
};

// ---------------------------------------------------------------------------------
// Decoder ỹ = g(z)

Vec2 decoder_forward(const EllipseParams& params, double z);

// ∂g/∂z = [−w1 sin z, w2 cos z]: the manifold's tangent at z.
Vec2 decoder_tangent(const EllipseParams& params, double z);

// ---------------------------------------------------------------------------------
// Energy E(y, z)

double energy_forward(const EllipseParams& params, const Vec2& y, double z);

// All first derivatives of E at (y, z, w).
struct EnergyGradients {
    double dz;  // ∂E/∂z
    Vec2 dw;    // (∂E/∂w1, ∂E/∂w2)
    Vec2 dy;    // (∂E/∂y1, ∂E/∂y2)
};
EnergyGradients energy_backward(const EllipseParams& params, const Vec2& y, double z);

// ∂E/∂z alone: what one-dimensional inference needs at every step.
double energy_dz(const EllipseParams& params, const Vec2& y, double z);

// ∂²E/∂z²: the curvature along the latent, used to pick a safe gradient-descent step.
double energy_dz2(const EllipseParams& params, const Vec2& y, double z);

// E(y(n), z_k) for every sample and latent.
//   samples (N, 2), latents (Z)  ->  (N, Z)
xt::xtensor<double, 2> energy_table(const EllipseParams& params,
                                    const xt::xtensor<double, 2>& samples,
                                    const xt::xtensor<double, 1>& latents);

}  // namespace ebm

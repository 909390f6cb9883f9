// F∞ over continuous z for the models whose latent is an angle on a grid
// (has_latent_grid(): ellipse, conditional, decoder-mlp). Their free energy
// is defined on the grid Z (SPEC §3), so a map of it is "beaded": between
// two grid latents the manifold's points are missing, and F∞ rises by up to
// (spacing · |g′(z)| / 2)², about 0.9 for the horn's widest ring at x = 1
// with 48 latents. Comparing with the data's noise needs the minimum over
// z ∈ R; this refines the grid's.
//
// The minimum is searched in the cell [z_k − Δz, z_k + Δz] of every grid
// latent z_k that is a local minimum of E on the circular grid (Δz = 2π/Z):
// a scan of 33 points of the cell, then Brent's method
// (boost::math::tools::brent_find_minima, full double precision) between
// the neighbours of the scan's best; the lowest is kept, never above the
// grid's own minimum. A well narrower than Δz/16 whose basin holds no grid
// latent can be missed: the grid is the start.
#pragma once

#include "model.hpp"
#include "vec2.hpp"

#include <vector>

namespace ebm {

struct ContinuousMinimum {
    double z;       // ž in [0, 2π[
    double f_inf;   // E(x, y, ž) ≤ the grid's minimum
};

// latents: the model's grid (latent_grid(model.latent_count())). Throws
// std::invalid_argument for a model without a latent grid.
ContinuousMinimum continuous_minimum(const Model& model, double x, const Vec2& y, const std::vector<double>& latents);

}  // namespace ebm

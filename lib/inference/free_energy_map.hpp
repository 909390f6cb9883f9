// The free-energy map: F∞, F_β for several β, ⟨E⟩ and ∂F∞/∂y of the ellipse
// model on a grid of points y = (y1[i], y2[j]), each over a latent grid. The hot
// kernel of the pipeline (heat maps, cross-sections, the benchmark).
//
// Legend:
//   Z    latents z_k (any values; usually latent_grid(Z))
//   B    inverse temperatures β ∈ (0, +∞]; β = +∞ gives F∞
//   N1   grid values of y1 (columns), N2 grid values of y2 (rows)
//   G    grid points, G = N2 · N1; element [j, i] is the point (y1[i], y2[j])
//
// Definitions are those of free_energy.hpp over the latents z_k:
//   F∞(y) = min_k E(y, z_k),  F_β(y) = softmin_β over k of E(y, z_k),
//   ⟨E⟩(y) = mean_k E(y, z_k),  ∂F∞/∂y = ∂E(y, ž)/∂y = 2 (y − g(ž)).
#pragma once

#include "ellipse_model.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <functional>

namespace ebm {

struct FreeEnergyMap {
    xt::xtensor<double, 2> f_inf;        // (N2, N1) F∞
    xt::xtensor<double, 3> f_beta;       // (B, N2, N1) F_β; equal to f_inf where β = +∞
    xt::xtensor<double, 2> mean_energy;  // (N2, N1) ⟨E⟩
    xt::xtensor<double, 3> grad_f_inf;   // (2, N2, N1) ∂F∞/∂y1, ∂F∞/∂y2
    xt::xtensor<double, 2> z_check;      // (N2, N1) ž: the first latent reaching F∞
    // How many (β, point) pairs left the fast path for the direct per-point
    // formula (only for β so cold that the fast path's sum would underflow).
    std::size_t direct_evaluations = 0;
};

// done / total grid rows over all passes (one pass for F∞, one per finite β).
// Called from the calling thread only, at least once per pass and finally with
// done == total; it must not throw.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

// Computes the whole map, in parallel over grid rows with OpenMP. Each grid point
// is computed on its own, with a summation order fixed by this code alone, so
// the results are bit-identical whatever the number of threads.
//
// Throws std::invalid_argument for an empty latent grid, a β that is not > 0,
// or a non-finite w, latent, y1 or y2.
//
// Never holds the (G, Z) energies: E(y, z_k) = (y1 − g1_k)² + (y2 − g2_k)² is a
// y1 term plus a y2 term. F∞ scans, per point, only the runs of latents whose
// lower bound (from the two terms' minima over the run) can beat the best found;
// F_β uses the exponentials of the two terms, exp(−β E) = exp(−β U) · exp(−β V),
// so over the grid it is one matrix product of an (N2 × Z) and a (Z × N1) table.
// Results equal the naive per-point loop (F∞, ž, ∂F∞/∂y to the bit; F_β and ⟨E⟩
// to rounding: 1e-12 relative for β from 1e-12 to 1e12, as the tests check).
// Memory besides the outputs: (N1 + 7) · Z doubles, plus 32 · (Z + N1 + 7) per thread.
FreeEnergyMap free_energy_map(const EllipseParams& params,
                              const xt::xtensor<double, 1>& latents,  // (Z)
                              const xt::xtensor<double, 1>& betas,    // (B)
                              const xt::xtensor<double, 1>& y1,       // (N1)
                              const xt::xtensor<double, 1>& y2,       // (N2)
                              const ProgressCallback& progress = {});

}  // namespace ebm

// The free energy of a model at a list of points (x_r, y_r), the loop that
// the likelihood, ebm-infer's samples and maps and the model evaluation share:
// the points go in chunks of point_chunk rows, threads take whole chunks and
// each chunk has a cache of its own, so the values have the same bits
// whatever the number of threads.
//
// Legend: R points, x (R), y (R, 2) row-major, W = model.latent_width().
#pragma once

#include "model.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <functional>

namespace ebm {

inline constexpr std::size_t point_chunk = 64;

// Told the points done so far and R, from the thread that owns the loop only
// (progress reports need not be thread-safe).
using PointProgress = std::function<void(std::size_t done, std::size_t total)>;

// free_energy (R) = F_β(x_r, y_r) for any β the model can do, zero_temperature_beta
// (+inf) giving F∞; z_check (R, W), unless null, the latent of each point's
// forward pass (model.hpp: the grid's or the search's ž). A model's
// std::invalid_argument (a β it cannot do) is rethrown on the calling thread.
void point_free_energies(const Model& model, double beta, std::size_t R, const double* x, const double* y,
                         double* free_energy, double* z_check = nullptr, const PointProgress& progress = {});

// ž (R) and F∞ (R) over continuous z (continuous_latent.hpp) of a grid model
// whose latent grid is `latents` (Z).
void continuous_point_free_energies(const Model& model, const xt::xtensor<double, 1>& latents, std::size_t R,
                                    const double* x, const double* y, double* z, double* f_inf,
                                    const PointProgress& progress = {});

// The grid y1 (N1) × y2 (N2) of a y-plane as points at one x: point j·N1 + i
// is (y1[i], y2[j]), so that values of the points are a map (N2, N1).
struct PlanePoints {
    xt::xtensor<double, 1> x;  // (N1·N2)
    xt::xtensor<double, 2> y;  // (N1·N2, 2)
};
PlanePoints plane_points(double x, const xt::xtensor<double, 1>& y1, const xt::xtensor<double, 1>& y2);

}  // namespace ebm

// What ebm-infer computes for every model but the ellipse (whose analyses
// are the lecture's, ellipse_inference.hpp): for the network models
// (conditional, decoder-mlp, latent) and any model to come, through the
// model interface alone, as plain arrays: ž and F∞ of every sample, the model
// manifold over x × Z, and F∞ maps of the y-plane at a few x. No file is
// touched here; network_infer_stage.cpp writes the result (its layout is in
// docs/file-formats.md).
//
// Legend: N samples, Z latents of the grid (--z), d latent dimension (1 for
// the grid models), D = dim f(x), X manifold inputs (--manifold-x), S slices
// (--slice-x), N1 × N2 the points of a slice's map (--slice-grid), M_s samples
// near slice s, K decoded latents per slice (--decoded). Element [j, i] of a
// map is the point (y1[i], y2[j]).
#pragma once

#include "model.hpp"
#include "model_evaluation.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace ebm {

struct DataSet;
struct NetworkInferOptions;

// F∞ of the y-plane at one x.
struct NetworkSlice {
    xt::xtensor<double, 1> y1;       // (N1) a window of ±--slice-margin times the largest |y1| of its samples
    xt::xtensor<double, 1> y2;       // (N2) the same for |y2|
    xt::xtensor<double, 2> f_inf;    // (N2, N1) F∞(x_s, y): over z ∈ R for the grid models
                                     // (continuous_latent.hpp), by its search for latent
    xt::xtensor<double, 2> samples;  // (M_s, 2) the samples with |x − x_s| ≤ 0.05; M_s may be 0
    xt::xtensor<double, 2> curve;    // (Z, 2) grid models: the manifold ỹ(x_s, z_k); (0, 2) for latent
    xt::xtensor<double, 2> decoded;  // (K, 2) latent: ỹ(x_s, z) for K latents drawn uniformly in the
                                     // box spanning the samples' ž; (0, 2) for the grid models
};

struct NetworkInference {
    Architecture architecture;         // the model as run: its latent grid (grid models), its search (latent)
    bool grid_model() const { return latents.size() > 0; }
    xt::xtensor<double, 1> latents;    // (Z) grid models: the latent grid; (0) for a continuous latent

    // The samples.
    xt::xtensor<double, 1> sample_x;       // (N)
    xt::xtensor<double, 2> sample_y;       // (N, 2)
    xt::xtensor<double, 2> z_check;        // (N, d) ž: on the grid (grid models) or by the latent search
    xt::xtensor<double, 1> f_inf;          // (N) F∞ = E(x, y, ž)
    double mean_f_inf = 0;                 // over the samples
    // Grid models: ž and F∞ over z ∈ R (continuous_latent.hpp); (0) for latent.
    xt::xtensor<double, 1> z_refined;      // (N)
    xt::xtensor<double, 1> f_inf_refined;  // (N)
    double mean_f_inf_refined = 0;

    // The manifold.
    xt::xtensor<double, 1> manifold_x;      // (X)
    xt::xtensor<double, 2> manifold_f;      // (X, D) f(x), the predictor's output (D = 0 without one)
    xt::xtensor<double, 2> manifold_y1;     // (X, Z) grid models: ỹ1(x_i, z_k); (0, 0) for latent
    xt::xtensor<double, 2> manifold_y2;     // (X, Z)
    xt::xtensor<double, 2> manifold_table;  // (X·Z, 4) grid models: rows (x, z, ỹ1, ỹ2), for 3-D scatter plots

    // The slices.
    xt::xtensor<double, 1> slice_x;         // (S)
    double slice_half_width = 0.05;         // a slice's samples: those whose x is within this of its x
    std::vector<NetworkSlice> slices;       // (S)
    std::vector<double> slice_mean_f_inf;   // (S) the mean of each slice's f_inf
    std::vector<double> slice_min_f_inf;    // (S) its minimum

    // The model against the generator the data file names, these samples as
    // the held-out ones (model_evaluation.hpp); nullopt if it names none.
    std::optional<ModelEvaluation> evaluation;
};

// Everything ebm-infer computes for `model` (with the latent grid or search
// this run asked for) on the conditional `data`, by the manifold and slice
// options of `options`.
NetworkInference compute_network_inference(const NetworkInferOptions& options, const Model& model,
                                           const DataSet& data);

}  // namespace ebm

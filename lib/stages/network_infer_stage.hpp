// ebm-infer for the neural models (model files of conditional, decoder-mlp,
// latent): ž and F∞ of every sample, the model manifold over x × Z, and F∞
// maps of the y-plane at a few x. infer_stage.cpp parses the shared options
// and hands over here when the model file holds a network model.
// run_network_infer reads the model and the data, computes
// (network_inference.hpp), and writes the result (write_inference) into the
// file below.
//
// Legend: N samples, Z latents of the grid (--z), d latent dimension (latent),
// D = dim f(x), X manifold inputs (--manifold-x), S slices (--slice-x),
// N1 × N2 the points of a slice's map (--slice-grid), M_s samples near slice
// s, K decoded latents per slice (--decoded).
//
// The inference file ("ebm/inference", version 1). Element [j, i] of a map is
// the point (y1[i], y2[j]).
//   /samples/x (N), /samples/y (N, 2)          the data
//   /samples/z_check   (N) or (N, d)           ž: on the grid /z (conditional, decoder-mlp) or
//                                              by --latent-method from the starts (latent)
//   /samples/f_inf     (N)                     F∞ = E(x, y, ž)
//   /samples/z_refined, /samples/f_inf_refined (N)   grid models: ž refined by Brent's
//                                              minimiser in [ž − Δz, ž + Δz]: F∞ over z ∈ R
//   /z                 (Z)                     grid models: the latent grid
//   /manifold/x        (X)                     x = 0 : 1/(X−1) : 1
//   /manifold/f        (X, D)                  f(x), the predictor's output
//   /manifold/z        (Z)                     grid models: the latents of the manifold
//   /manifold/y1, /manifold/y2 (X, Z)          grid models: ỹ(x_i, z_k)
//   /manifold/table    (X·Z, 4)                grid models: rows (x, z, ỹ1, ỹ2), for 3-D scatter plots
//   /slices/x          (S)                     the slices' inputs
//   /slices/<s>/y1 (N1), /slices/<s>/y2 (N2)   the slice's map, a window of ±--slice-margin
//                                              times the largest |y1|, |y2| of the samples
//                                              with |x − x_s| ≤ 0.05 (of all samples if none)
//   /slices/<s>/f_inf  (N2, N1)                F∞(x_s, y)
//   /slices/<s>/samples (M_s, 2)               the samples with |x − x_s| ≤ 0.05, if any
//   /slices/<s>/curve  (Z, 2)                  grid models: the manifold ỹ(x_s, z_k)
//   /slices/<s>/decoded (K, 2)                 latent: ỹ(x_s, z) for K latents drawn uniformly
//                                              in the box spanning the samples' ž
//   root attributes: format, format_version, the model's architecture
//   (network_model.hpp: model, predictor_width, …, latent_dim, regularizer, lambda), model_file, model_sha256,
//   data_file, data_sha256, mean_f_inf, mean_f_inf_refined (grid models),
//   slice_mean_f_inf (S), slice_min_f_inf (S), program, program_version, options
#pragma once

#include "cli.hpp"
#include "network_model.hpp"
#include "option_table.hpp"
#include "grid_spec.hpp"
#include "provenance.hpp"

#include <set>
#include <string>
#include <vector>

namespace ebm {

class H5Writer;
struct InferOptions;
struct NetworkInference;

struct NetworkInferOptions {
    AxisSpec manifold_x{0, 1, 51};
    std::vector<double> slice_x{0, 0.5, 1};
    std::size_t slice_points = 81;    // N1 = N2
    double slice_margin = 1.4;
    std::size_t decoded = 400;        // K
    std::string latent_method;        // empty: the model file's
    std::size_t starts = 0;           // 0: the model file's
    struct Parsed {
        std::string manifold_x = "0:1:51", slice_x = "0,0.5,1", latent_method;
        long long slice_points = 81, decoded = 400, starts = 0;
        double slice_margin = 1.4;
    } parsed;
};

// The network models' options, declared with the models they apply to.
void add_network_infer_options(OptionTable& table, NetworkInferOptions& options);
// Checks their ranges (UsageError naming the option).
void finish_network_infer_options(NetworkInferOptions& options);
// The inference file of a network model (read from options.model).
void run_network_infer(const InferOptions& options, const NetworkModel& stored);

// Puts the result into `file` as laid out above; the caller commits.
void write_inference(H5Writer& file, const NetworkInference& result, const Provenance& provenance);

}  // namespace ebm

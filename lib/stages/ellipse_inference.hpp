// What ebm-infer computes for the ellipse model, as plain arrays: energies,
// ž and F∞ of the samples by every inference method, the paths of a few
// traced samples, the probes' energies and β sweep, and F∞, F_β, ⟨E⟩ and
// ∂F∞/∂y on the mesh, the fine map and the cross-section. No file is touched
// here; infer_stage.cpp writes the result (its layout is in infer_stage.hpp).
//
// Legend: N samples, Z latents, B betas (--betas), N1 × N2 grid points, M points
// of the cross-section, P probe points, K betas of the β sweep, S path length.
// Element [j, i] of a map is the point (y1[i], y2[j]); β = ∞ is +inf.
#pragma once

#include "ellipse_model.hpp"
#include "free_energy_map.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace ebm {

struct DataSet;
struct InferOptions;

// One inference method run on every sample.
struct MethodInference {
    std::string method;                        // its command-line name
    xt::xtensor<double, 1> z_check;            // (N) ž
    xt::xtensor<double, 1> f_inf;              // (N) E(y_n, ž)
    xt::xtensor<double, 1> error;              // (N) f_inf − the exact squared distance
    xt::xtensor<double, 1> iterations;         // (N)
    xt::xtensor<double, 1> energy_evaluations;    // (N)
    xt::xtensor<double, 1> gradient_evaluations;  // (N) of ∂E/∂z, which gd, cg and lbfgs use
};

// One method's path on one traced sample.
struct MethodPath {
    std::string method;
    xt::xtensor<double, 1> z;       // (S) z per iteration, z̃ first
    xt::xtensor<double, 1> energy;  // (S) E(y, z) along it
};

struct TracedSample {
    std::size_t sample;             // 1-based, as --trace and the figures count
    xt::xtensor<double, 1> y;       // (2)
    std::vector<MethodPath> paths;  // one per --method entry, in its order
};

// A free-energy map over a mesh of the y-plane.
struct MeshMap {
    xt::xtensor<double, 1> y1;  // (N1)
    xt::xtensor<double, 1> y2;  // (N2)
    FreeEnergyMap map;          // f_inf (N2, N1), f_beta (B, N2, N1), mean_energy (N2, N1), grad_f_inf (2, N2, N1)
};

struct EllipseInference {
    xt::xtensor<double, 1> latents;   // (Z) the latent grid, z_k = 2πk/Z
    xt::xtensor<double, 1> w;         // (2) the model's w
    xt::xtensor<double, 2> manifold;  // (Z, 2) g(z_k)

    // The samples, over the latent grid.
    xt::xtensor<double, 2> sample_y;        // (N, 2)
    xt::xtensor<double, 2> sample_energy;   // (N, Z) E(y_n, z_k)
    xt::xtensor<double, 1> sample_z_check;  // (N) ž on the grid
    xt::xtensor<double, 1> sample_f_inf;    // (N) F∞ on the grid
    std::vector<MethodInference> methods;   // one per --method entry, in its order
    std::vector<TracedSample> traces;       // one per --trace entry, in its order

    // The probes: the traced samples first, then the --probes points.
    std::vector<std::string> probe_labels;  // (P) "Y[10]", "(0,-0.5)", …
    xt::xtensor<double, 2> probe_y;         // (P, 2)
    xt::xtensor<double, 2> probe_energy;    // (P, Z)
    xt::xtensor<double, 2> probe_weights;   // (P, Z) softargmin at β = weights_beta
    xt::xtensor<double, 1> probe_z_check;   // (P)
    xt::xtensor<double, 1> probe_f_inf;     // (P)
    xt::xtensor<double, 1> probe_mean_energy;  // (P)
    // Where L-BFGS from z̃ ends (not wrapped), and E there: above F∞ when it
    // ends in a local minimum, as from the lecture's z̃ on two of slide 17's points.
    xt::xtensor<double, 1> probe_z_lbfgs;       // (P)
    xt::xtensor<double, 1> probe_energy_lbfgs;  // (P)
    xt::xtensor<double, 1> sweep_betas;     // (K) log-spaced (--beta-sweep)
    xt::xtensor<double, 2> probe_f_beta;    // (P, K)

    // The maps, each over the betas (B) of --betas.
    xt::xtensor<double, 1> betas;     // (B)
    MeshMap mesh;                     // --grid
    MeshMap fine;                     // --fine-grid
    // Along y1 = 0: the points (0, y2).
    xt::xtensor<double, 1> cross_section_y2;           // (M)
    xt::xtensor<double, 2> cross_section_f_beta;       // (B, M)
    xt::xtensor<double, 1> cross_section_f_inf;        // (M)
    xt::xtensor<double, 1> cross_section_mean_energy;  // (M)

    // The settings the results depend on that the file records.
    double z_start;       // z̃ of gd, cg and lbfgs
    double weights_beta;  // β of probe_weights
};

// Everything ebm-infer computes for the ellipse model w on `data`, by the
// options' latent grid, methods, traces, probes and grids (options.model,
// .data and .out are only named in messages). Throws UsageError for a
// --trace past the samples.
EllipseInference compute_ellipse_inference(const InferOptions& options, const EllipseParams& w, const DataSet& data);

}  // namespace ebm

// The inference stage (ebm-infer): energies, ž, F∞, F_β and ⟨E⟩ of the
// ellipse model over the samples, a mesh, a fine map, a cross-section and a
// few probe points, with every inference method's ž and error. run_infer
// reads the model and the data, computes (ellipse_inference.hpp), and writes
// the result (write_inference) into the file below.
//
// Legend: N samples, Z latents, B betas, N1 × N2 grid points, M points of the
// cross-section, P probe points, K betas of the β sweep, S path length.
//
// The inference file ("ebm/inference", version 1). Element [j, i] of a map is
// the point (y1[i], y2[j]); β = ∞ is stored as +inf; /grid, /fine, /samples,
// /cross_section and /probes are computed over the latent grid /z.
//
//   /z                          (Z)        the latent grid, z_k = 2πk/Z
//   /model/w                    (2)        the model's w
//   /manifold/y                 (Z, 2)     the model manifold g(z_k)
//   /samples/y                  (N, 2)     the data
//   /samples/energy             (N, Z)     E(y_n, z_k)
//   /samples/z_check            (N)        ž on the grid
//   /samples/f_inf              (N)        F∞(y_n) on the grid
//   /grid/y1 (N1), /grid/y2 (N2)           the mesh (--grid, default the lecture's 25 × 17)
//   /grid/betas                 (B)        --betas
//   /grid/f_inf                 (N2, N1)
//   /grid/f_beta                (B, N2, N1)
//   /grid/mean_energy           (N2, N1)   ⟨E(y, z)⟩ over z: the β → 0 limit
//   /grid/grad_f_inf            (2, N2, N1) ∂F∞/∂y1, ∂F∞/∂y2
//   /fine/…                                the same names on the fine map (--fine-grid)
//   /cross_section/y2           (M)        points (0, y2) along y1 = 0
//   /cross_section/betas        (B)
//   /cross_section/f_beta       (B, M)
//   /cross_section/f_inf        (M)
//   /cross_section/mean_energy  (M)
//   /inference/<method>/z_check (N)        for each --method entry
//   /inference/<method>/f_inf   (N)        E(y_n, ž) at the method's ž
//   /inference/<method>/error   (N)        f_inf − the exact squared distance
//   /inference/<method>/iterations (N), /inference/<method>/energy_evaluations (N)
//   /traces/Y<k>/y              (2)        sample k (1-based) of --trace
//   /traces/Y<k>/<method>/z     (S)        the method's path, z per iteration (z̃ first)
//   /traces/Y<k>/<method>/energy (S)       E(y, z) along it
//   /probes/y                   (P, 2)     the traced samples, then --probes points
//   /probes/energy              (P, Z)
//   /probes/weights             (P, Z)     softargmin at β = --weights-beta
//   /probes/z_check (P), /probes/f_inf (P), /probes/mean_energy (P)
//   /probes/betas               (K)        log-spaced β sweep (--beta-sweep)
//   /probes/f_beta              (P, K)
//   root attributes: format, format_version, model_file, model_sha256,
//   data_file, data_sha256, z_start, weights_beta, probe_labels, program,
//   program_version, options
#pragma once

#include "grid_spec.hpp"
#include "network_infer_stage.hpp"
#include "provenance.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ebm {

class H5Writer;
struct EllipseInference;

inline constexpr const char* inference_format = "ebm/inference";
inline constexpr std::int64_t inference_format_version = 1;

struct InferOptions {
    std::string model;
    std::string data;
    std::string out;
    std::size_t latent_count = 48;
    std::vector<double> betas;         // (B)
    GridSpec grid;                     // the lecture's mesh
    GridSpec fine_grid;                // the fine map
    std::size_t cross_section_points;  // M
    std::vector<std::string> methods;
    double z_start;
    std::vector<std::size_t> trace;                  // 1-based sample indices
    bool trace_given = false;                        // false: the lecture's 10, 23, where the data have them
    std::vector<std::array<double, 2>> probes;       // extra probe points
    double weights_beta;
    AxisSpec beta_sweep;                             // log10 β from MIN to MAX, N points
    int threads = 0;                                 // 0: OpenMP's default
    std::string provenance;
    // Model files of conditional, decoder-mlp, latent (network_infer_stage.hpp).
    NetworkInferOptions network;
    // The options given that apply to some models only: checked against the model file's.
    ModelSpecificOptions model_specific;
};

std::optional<InferOptions> parse_infer_options(int argc, const char* const argv[]);
// Reads the model and data files, computes, writes options.out; a network
// model's file goes to run_network_infer (network_infer_stage.hpp).
void run_infer(const InferOptions& options);

// How an inference file was made: the model and data files, hashed, and the options.
Provenance inference_provenance(const InferOptions& options);

// Puts the result into `file` as laid out above; the caller commits.
void write_inference(H5Writer& file, const EllipseInference& result, const Provenance& provenance);

}  // namespace ebm

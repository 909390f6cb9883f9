// The inference stage (ebm-infer): energies, ž, F∞, F_β and ⟨E⟩ of the
// ellipse model over the samples, a mesh, a fine map, a cross-section and a
// few probe points, with every inference method's ž and error. run_infer
// reads the model and the data, computes (ellipse_inference.hpp), and writes
// the result (write_inference) into the inference file.
//
// Legend: N samples, Z latents, B betas, N1 × N2 grid points, M points of the
// cross-section, P probe points, K betas of the β sweep, S path length.
//
// The inference file ("ebm/inference", version 1) and every dataset and
// attribute of it: docs/file-formats.md, "Inference file of the ellipse"
// (checked against real files by tests/e2e/file_formats.sh).
#pragma once

#include "grid_spec.hpp"
#include "likelihood_report.hpp"
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
    GridRequest grid;                  // the mesh (the lecture's, round its samples)
    GridRequest fine_grid;             // the fine map
    std::size_t cross_section_points;  // M
    std::vector<std::string> methods;
    double z_start;
    std::vector<std::size_t> trace;                  // 1-based sample indices
    bool trace_given = false;                        // false: the lecture's 10, 23, where the data have them
    std::vector<std::array<double, 2>> probes;       // extra probe points, unless:
    bool probes_auto = true;                         // the origin and the mesh's mesh_line_points
    double weights_beta;
    AxisSpec beta_sweep;                             // log10 β from MIN to MAX, N points
    int threads = 0;                                 // 0: OpenMP's default
    std::string provenance;
    // The likelihood group (likelihood_report.hpp): written when --likelihood-beta is given.
    bool likelihood = false;
    std::vector<double> likelihood_betas;  // (B) > 0, inf allowed
    std::string likelihood_data;           // its samples' file; empty: --data
    std::size_t kl_samples = 0;
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

// With --likelihood-beta: the likelihood group of `model` on the samples of
// --likelihood-data (or `data`), with density maps on `planes`, into `file`.
void write_likelihood_if_asked(H5Writer& file, const InferOptions& options, const Model& model, const DataSet& data,
                               const std::vector<DensityPlane>& planes);

}  // namespace ebm

// ebm-infer for the neural models (model files of conditional, decoder-mlp,
// latent): ž and F∞ of every sample, the model manifold over x × Z, and F∞
// maps of the y-plane at a few x. infer_stage.cpp parses the shared options
// and hands over here when the model file holds a network model.
// run_network_infer reads the model and the data, computes
// (network_inference.hpp), and writes the result (write_inference) into the
// inference file.
//
// Legend: N samples, Z latents of the grid (--z), d latent dimension (latent),
// D = dim f(x), X manifold inputs (--manifold-x), S slices (--slice-x),
// N1 × N2 the points of a slice's map (--slice-grid), M_s samples near slice
// s, K decoded latents per slice (--decoded).
//
// The inference file ("ebm/inference", version 1) and every dataset and
// attribute of it: docs/file-formats.md, "Inference file of a network".
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
    double start_scale = 0;           // 0: the model file's
    struct Parsed {
        std::string manifold_x = "0:1:51", slice_x = "0,0.5,1", latent_method;
        long long slice_points = 81, decoded = 400, starts = 0;
        double slice_margin = 1.4, start_scale = 0;
    } parsed;
};

// The network models' options, declared with the models they apply to.
void add_network_infer_options(OptionTable& table, NetworkInferOptions& options);
// Checks their ranges (UsageError naming the option).
void finish_network_infer_options(NetworkInferOptions& options);
// The inference file of any model but the ellipse (read from options.model).
void run_network_infer(const InferOptions& options, const Model& stored);

// Puts the result into `file` as laid out above; the caller commits.
void write_inference(H5Writer& file, const NetworkInference& result, const Provenance& provenance);

}  // namespace ebm

// Inference: ž = argmin_z E(y, z) for the ellipse model, by the methods the
// lecture names (exhaustive search, line search, gradient descent, conjugate
// gradient, L-BFGS), plus the exact answer from the distance to the ellipse.
//
// Legend:
//   Z    latents on the grid (exhaustive search; line search's bracketing)
//   z̃    the start of the gradient methods (InferenceOptions::z_start)
//   ž    the result (z_check), reported in [0, 2π); F∞ = E(y, ž) (f_inf)
//   L    2|y1 w1| + 2|y2 w2| + 2|w1² − w2²| ≥ |∂²E/∂z²| for every z
#pragma once

#include "ellipse_model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace ebm {

enum class InferenceMethod {
    exhaustive,   // the grid of options.latent_count latents; ž is its first minimiser
    line_search,  // the grid's best cell [z_k − Δz, z_k + Δz], then Brent's minimiser
                  // (boost::math::tools::brent_find_minima) to its limit: E to the last
                  // bits, z to about √ε (the minimum is flat to second order)
    gd,           // gradient descent from z̃: z ← z − η ∂E/∂z, η = options.gd_step, or
                  // 1/L when that is 0, which decreases E at every step and never
                  // leaves z̃'s basin (the update z − E'(z)/L is non-decreasing in z)
    cg,           // dlib::find_min with cg_search_strategy from z̃
    lbfgs,        // dlib::find_min with lbfgs_search_strategy from z̃
    exact,        // ellipse_distance: the closest point of the ellipse
};

// Every method, in the order above.
const std::vector<InferenceMethod>& all_inference_methods();

// Names as on the command line: exhaustive, line-search, gd, cg, lbfgs, exact.
std::string inference_method_name(InferenceMethod method);
// Throws std::invalid_argument naming the bad name and the allowed ones.
InferenceMethod parse_inference_method(const std::string& name);
// "exhaustive|line-search|gd|cg|lbfgs|exact", for help texts and error messages.
std::string inference_method_names();

struct InferenceOptions {
    std::size_t latent_count = default_latent_count;  // exhaustive's grid; line-search's brackets
    double z_start = 0.0;                // z̃, where gd, cg and lbfgs start
    std::size_t max_iterations = 10000;  // line-search, gd, cg, lbfgs
    double gradient_tolerance = 1e-12;   // gd, cg, lbfgs stop once |∂E/∂z| ≤ this
    double gd_step = 0.0;                // gd's fixed step η; 0 means η = 1/L
};

// Throws std::invalid_argument naming the option and its allowed values.
void check_inference_options(const InferenceOptions& options);

struct InferenceResult {
    double z_check;             // ž, wrapped into [0, 2π)
    double f_inf;               // F∞(y) = E(y, ž) (exact: the squared distance)
    // The iterates as the method took them, not wrapped: path.front() is the start
    // (z̃ for gd, cg, lbfgs; the grid's z_0 for exhaustive and line-search, which
    // then list each improvement of their best), path.back() ≡ ž (mod 2π).
    // For exact, the single value ž.
    std::vector<double> path;
    std::size_t iterations;            // grid points / Brent steps / descent steps /
                                       // line searches / bisection steps
    std::size_t energy_evaluations;    // evaluations of E(y, z)
    std::size_t gradient_evaluations;  // evaluations of ∂E/∂z
};

// Throws std::invalid_argument for invalid options or a non-finite w or y.
InferenceResult infer(const EllipseParams& params, const Vec2& y, InferenceMethod method,
                      const InferenceOptions& options = {});

}  // namespace ebm

// Contrastive samples: the points ŷ ∈ R² whose free energy a loss pushes up.
//
// Legend
//   y        a training sample (y1, y2)
//   ŷ        a contrastive sample; K of them per training sample
//   N1, N2   points of the candidate grid along y1 and y2; element [j, i] of a
//            grid map is the point (y1[i], y2[j]), as in the inference file
//   ε        exclusion radius of most-offending
//   σ        standard deviation of random-gaussian
//
// Strategies (chosen by name; see loss.hpp for which losses need them):
//   most-offending   The tutorial's ȳ = argmin_{‖ŷ − y‖ > ε} F(ŷ), searched
//                    over a grid: the K grid points of lowest F strictly
//                    farther than ε from y, lowest first. Ties go to the lower
//                    flat index j·N1 + i. The grid defaults to the lecture's
//                    window [−3, 3] × [−2, 2] at step 0.1 (61 × 41 points,
//                    ends included). Deterministic: needs no seed.
//   random-uniform   K points uniform in a box, by default the same window.
//                    Blind to F: most land where F is already high.
//   random-gaussian  K points y + σ·n, n ~ N(0, I₂): negatives near the data,
//                    where the energy surface must rise.
//
// Reproducibility: the random strategies draw from ebm::Rng stream
// `sample_index` of seed derive_seed(seed, step), so the K points for
// (seed, step, sample index) never depend on thread count, batch order or
// what was drawn for other samples. Within a stream, each ŷ_k draws y1 then y2.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

namespace ebm {

enum class ContrastiveKind { most_offending, random_uniform, random_gaussian };

// Command-line names: "most-offending", "random-uniform", "random-gaussian".
std::string contrastive_name(ContrastiveKind kind);
// Throws std::invalid_argument naming the bad name and the allowed ones.
ContrastiveKind contrastive_kind_from_name(const std::string& name);
std::string allowed_contrastive_names();  // "most-offending|random-uniform|random-gaussian"

// A rectangle [y1_min, y1_max] × [y2_min, y2_max] of the y plane; by default
// the lecture's plotting window.
struct YWindow {
    double y1_min = -3.0;
    double y1_max = 3.0;
    double y2_min = -2.0;
    double y2_max = 2.0;
};

struct ContrastiveParams {
    ContrastiveKind kind = ContrastiveKind::most_offending;
    std::size_t count = 1;  // K ≥ 1 contrastive samples per training sample

    // most-offending
    YWindow grid_window;              // grid ends included
    std::size_t grid_y1_points = 61;  // N1 ≥ 2
    std::size_t grid_y2_points = 41;  // N2 ≥ 2
    // ε ≥ 0. Without the ball the minimiser would be y itself or its nearest
    // grid neighbour on the data manifold, and the loss would push the data
    // up. 0.5 is a quarter of the ellipse's major semi-axis: far enough to
    // leave y's neighbourhood, near enough to find the manifold's low valley.
    double exclusion_radius = 0.5;

    // random-uniform
    YWindow uniform_box;

    // random-gaussian; σ > 0. 0.5: about a quarter of the data's extent.
    double sigma = 0.5;

    // random strategies
    std::uint64_t seed = 0;
};

// Throws std::invalid_argument naming the first bad parameter, its value and
// the allowed range. All are checked whatever the kind.
void validate_contrastive_params(const ContrastiveParams& params);

// The candidate grid of most-offending.
struct ContrastiveGrid {
    std::vector<double> y1;  // (N1) y1_min … y1_max, evenly spaced
    std::vector<double> y2;  // (N2) y2_min … y2_max, evenly spaced
};
ContrastiveGrid most_offending_grid(const ContrastiveParams& params);

// F(y1, y2) of the current model.
using FreeEnergyFunction = std::function<double(double y1, double y2)>;

// most-offending on a free-energy map computed once for all samples of an
// optimizer step (F depends on the model, not on y): the K lowest points of
// the map outside the ε-ball around `sample`, lowest F first. (K)
// Throws std::invalid_argument if the map is not (N2, N1); std::runtime_error
// if fewer than K grid points lie outside the ball or F is NaN at one of them.
std::vector<std::array<double, 2>> most_offending_samples(const ContrastiveGrid& grid,
                                                          const xt::xtensor<double, 2>& free_energy_map /* (N2, N1) */,
                                                          const std::array<double, 2>& sample,
                                                          double exclusion_radius, std::size_t count);

// The K contrastive samples of training sample `sample_index` at optimizer
// step `step`, by params.kind. most-offending evaluates F at all N1·N2 grid
// points here; a trainer that picks for many samples at one step should fill
// the map once and call most_offending_samples. (K)
std::vector<std::array<double, 2>> pick_contrastive(const ContrastiveParams& params,
                                                    const FreeEnergyFunction& free_energy,
                                                    const std::array<double, 2>& sample, std::uint64_t step,
                                                    std::uint64_t sample_index);

}  // namespace ebm

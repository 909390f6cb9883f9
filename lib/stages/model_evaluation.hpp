// A trained model held against the data's own generator (SPEC §1), which the
// data file names (alpha, beta_data, sigma): what a seed study, a sweep or a
// caption needs to say whether the model learned what it claims to learn.
//
//   noise_floor     2σ²: the mean squared distance of a sample from the
//                   generator's own curve, about the least mean F∞ a model can reach
//   heldout_f_inf   the mean F∞ of held-out samples over continuous z
//                   (continuous_latent.hpp for the grid models; the latent
//                   model's own search), not the grid's, whose discretisation
//                   alone adds up to ~0.9 at the horn's mouth
//   ring_x          0, 0.5, 1: where the free energy is held against the ring
//   ring_heldout_f_inf  (3) the mean F∞ of the held-out samples within 0.05 of each
//   centre_f_inf    (3) F∞ at the ring's centre y = (0, 0)
//   off_ring_f_inf  (3) the least F∞ of 16 points 1.5 ρ(x) ⊙ (cos φ, sin φ) from
//                   the centre, φ = 2πk/16: low energy off the data shows here
//   (F∞ of single points over continuous z, as heldout_f_inf)
//   conditional model only, whose f(x) estimates the semi-axes ρ(x):
//   x               0 : 1/50 : 1 (X = 51)
//   rho, f_abs      (X, 2) ρ(x) and |f(x)|
//   relative_error  (X, 2) (|f_k(x)| − ρ_k(x)) / ρ_k(x)
//   max_relative_error  the largest |relative_error|
//
// Written as the group /evaluation of a model file (ebm-train, with the
// generator of conditional training data) and of an inference file (ebm-infer, with the
// held-out data's); the scalars are datasets of one value, so that a sweep's
// [results] can collect them (docs/file-formats.md).
#pragma once

#include "data_file.hpp"
#include "model.hpp"
#include "sampler.hpp"

#include <xtensor/xtensor.hpp>

#include <optional>

namespace ebm {

class H5Writer;

struct ModelEvaluation {
    double noise_floor = 0;
    std::optional<double> heldout_f_inf;
    xt::xtensor<double, 1> ring_x, ring_heldout_f_inf, centre_f_inf, off_ring_f_inf;  // (3); the first needs held-out samples
    bool has_predictor_truth = false;  // the conditional model: x … max_relative_error are set
    xt::xtensor<double, 1> x;
    xt::xtensor<double, 2> rho, f_abs, relative_error;
    double max_relative_error = 0;
};

// `heldout` may be null (no held-out samples: no heldout_f_inf).
ModelEvaluation evaluate_model(const Model& model, const HornShape& generator, const DataSet* heldout);

// /evaluation/… as laid out above.
void write_evaluation(H5Writer& file, const ModelEvaluation& evaluation);

}  // namespace ebm

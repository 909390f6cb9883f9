// The free energy as a likelihood (README, "The probabilistic reading").
//
// Every model with a latent grid (ellipse, conditional, decoder-mlp) has
// E(x, y, z) = ‖y − g(x, z)‖², and its soft-min averages over the grid (SPEC §3):
//
//   exp(−β F_β(x, y)) = 1/Z Σ_k exp(−β ‖y − g(x, z_k)‖²)
//   ∫ exp(−β F_β(x, y)) dy = π/β           whatever g: the partition function has no parameters
//   p_β(y | x) = β/π · exp(−β F_β(x, y))    Z isotropic Gaussians of variance 1/(2β) on the manifold
//   −log p_β(y | x) = β F_β(x, y) − log(β/π)
//
// So training with the energy loss at β is maximum likelihood of
// y = g(x, z) + N(0, I/(2β)), z uniform on the grid. The latent model (z ∈ R^d,
// E + λR(z), F∞ only) has no such reading: its functions here throw.
//
// The data's generator (sampler.hpp) has the density
//
//   p(y | x) = 1/2π ∫ N(y; ρ(x) ⊙ (cos θ, sin θ), σ² I) dθ,
//
// a floor no model's NLL can beat on average. The integral is the trapezoidal
// rule over θ, whose error for this periodic integrand falls like
// exp(−2π² w²/h²) with its peak's width w ≥ σ / √(ρmax (|y| + 2 ρmax)) and
// the step h = w/2: below 1e-30 relative, far under 1e-12.
//
// Legend: N points (x_n, y_n), x (N), y (N, 2); β ∈ (0, +∞) (finite: at β = ∞
// p_β is a sum of point masses and has no density).
#pragma once

#include "model.hpp"
#include "sampler.hpp"
#include "vec2.hpp"

#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <optional>

namespace ebm {

// −log p_β from F_β: β F_β − log(β/π).
double nll_from_free_energy(double free_energy, double beta);

// Throws std::invalid_argument unless the model has a latent grid and β is finite and > 0.
void check_likelihood(const Model& model, double beta);

// −log p_β(y_n | x_n) for every point, in parallel chunks (the values do not depend on the threads). (N)
xt::xtensor<double, 1> model_nll(const Model& model, const xt::xtensor<double, 1>& x, const xt::xtensor<double, 2>& y,
                                 double beta);

// The mean of model_nll, summed in point order.
double mean_model_nll(const Model& model, const xt::xtensor<double, 1>& x, const xt::xtensor<double, 2>& y,
                      double beta);

// −log p(y | x) of the generator; std::invalid_argument unless σ > 0.
double generator_nll(const HornShape& shape, double x, const Vec2& y);
xt::xtensor<double, 1> generator_nll(const HornShape& shape, const xt::xtensor<double, 1>& x,
                                     const xt::xtensor<double, 2>& y);  // (N)

// The read-out temperature: the β̂ that minimises the mean NLL of the points,
// the model's own estimate σ̂ = 1/√(2β̂) of the noise. A scan of log10 β over
// [readout_log10_min, readout_log10_max] in steps of 1/steps_per_decade (kept:
// the read-out curve), then Brent's method on log β between the neighbours of
// the scan's best whole decade. A minimum at an end of the range is reported
// as that end (at_bound).
inline constexpr double readout_log10_min = -3;
inline constexpr double readout_log10_max = 9;
struct ReadOut {
    double beta = 0;      // β̂
    double sigma = 0;     // σ̂ = 1/√(2β̂)
    double mean_nll = 0;  // the mean NLL at β̂
    bool at_bound = false;
    xt::xtensor<double, 1> scan_log10_beta;  // (R) the scan's log10 β, R = (max − min)·steps_per_decade + 1
    xt::xtensor<double, 1> scan_mean_nll;    // (R) the mean NLL at each, at β = 10^log10 β
};
ReadOut readout_beta(const Model& model, const xt::xtensor<double, 1>& x, const xt::xtensor<double, 2>& y,
                     std::size_t steps_per_decade = 1);

// KL(p ‖ p_β) = E_p[−log p_β + log p] of the generator p, estimated on M
// fresh samples of it (sample_horn with a seed and fixed_x): the mean
// difference of the NLLs and its standard error sd/√M. For conditional data
// (no fixed x) it is the mean over x ~ U(0, 1) of the KL at each x. The
// samples and their −log p are drawn once (generator_sample), for any β.
struct GeneratorSample {
    Samples samples;
    xt::xtensor<double, 1> nll;  // (M) −log p of each
};
GeneratorSample generator_sample(const HornShape& shape, std::size_t count, std::uint64_t seed,
                                 std::optional<double> fixed_x);
struct KlEstimate {
    double kl = 0;
    double standard_error = 0;
    std::size_t samples = 0;
};
KlEstimate generator_kl(const Model& model, double beta, const GeneratorSample& fresh);

// p_β(y | x) over the grid y1 (N1) × y2 (N2) at one x: element [j, i] is at (y1[i], y2[j]). (N2, N1)
xt::xtensor<double, 2> model_density_map(const Model& model, double x, const xt::xtensor<double, 1>& y1,
                                         const xt::xtensor<double, 1>& y2, double beta);
// The generator's p(y | x) over the same grid. (N2, N1)
xt::xtensor<double, 2> generator_density_map(const HornShape& shape, double x, const xt::xtensor<double, 1>& y1,
                                             const xt::xtensor<double, 1>& y2);

}  // namespace ebm

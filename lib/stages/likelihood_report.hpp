// The probabilistic reading of a trained grid model (likelihood.hpp) as a
// stage writes it: the group /likelihood of an inference file (ebm-infer
// --likelihood-beta) and of a model file (ebm-train --likelihood). Its
// layout is in docs/file-formats.md, "The likelihood group".
//
//   on the samples (N): −log p_β at each β asked for (B; β = inf gives +inf:
//     p_∞ has no density), their means, the read-out β̂ (its mean NLL and
//     σ̂ = 1/√(2β̂)) and the mean NLL over a log10 β curve (R points)
//   with the data's generator (σ > 0): its own NLL on the same samples,
//     KL(p ‖ p_β) and KL(p ‖ p_β̂) by Monte Carlo on `kl_samples` fresh samples
//     with their standard errors, and its σ and 1/(2σ²)
//   maps: p_β (B), p_β̂ and the generator's p over the y-planes of a few x
//   conditional data: the mean NLLs and β̂ per x band (10 bands of [0, 1])
#pragma once

#include "data_file.hpp"
#include "likelihood.hpp"
#include "model.hpp"
#include "option_table.hpp"

#include <xtensor/xtensor.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ebm {

class H5Writer;

// The random stream of the KL's fresh samples: sample i is Rng(derive_seed(1, kl_stream), i).
inline constexpr std::uint64_t kl_stream = 0x4B4C'4B4C'0000'0001ULL;  // "KLKL"
inline constexpr std::size_t default_kl_samples = 20000;
inline constexpr std::size_t x_bands = 10;

// A y-plane where the densities are drawn: at input x, over y1 (N1) × y2 (N2).
struct DensityPlane {
    double x = 0;
    xt::xtensor<double, 1> y1, y2;
};

struct DensityMap {
    DensityPlane plane;
    xt::xtensor<double, 3> p_beta;      // (B, N2, N1)
    xt::xtensor<double, 2> p_beta_hat;  // (N2, N1)
    xt::xtensor<double, 2> p_true;      // (N2, N1); (0, 0) without the generator
};

struct LikelihoodReport {
    xt::xtensor<double, 1> betas;      // (B)
    xt::xtensor<double, 1> sample_x;   // (N)
    xt::xtensor<double, 2> sample_y;   // (N, 2)
    xt::xtensor<double, 2> nll;        // (B, N)
    xt::xtensor<double, 1> mean_nll;   // (B)
    ReadOut readout;  // with the read-out curve, its scan (R)
    // With the generator:
    std::optional<HornShape> generator;
    xt::xtensor<double, 1> true_nll;        // (N)
    double mean_true_nll = 0;
    xt::xtensor<double, 1> kl, kl_error;    // (B)
    KlEstimate kl_beta_hat;
    std::vector<DensityMap> maps;
    // Conditional data: per x band.
    xt::xtensor<double, 1> band_edges;          // (x_bands + 1)
    xt::xtensor<double, 1> band_count;          // (x_bands)
    xt::xtensor<double, 2> band_mean_nll;       // (B, x_bands)
    xt::xtensor<double, 1> band_mean_true_nll;  // (x_bands), with the generator
    xt::xtensor<double, 1> band_beta_hat;       // (x_bands)
};

// The report of a grid model on `samples` (their generator, if the file
// names one with σ > 0, is the reference) at `betas`, with maps on `planes`.
// std::invalid_argument for a model without a latent grid.
LikelihoodReport compute_likelihood(const Model& model, const DataSet& samples, const std::vector<double>& betas,
                                    std::size_t kl_samples, const std::vector<DensityPlane>& planes);

// /likelihood/… as laid out above.
void write_likelihood(H5Writer& file, const LikelihoodReport& report);

// The models that have a /likelihood: those with a latent grid.
const std::vector<std::string>& likelihood_models();

// --kl-samples N, as ebm-infer and ebm-train take it, read into `value`
// (default_kl_samples unless given); checked_kl_samples(value) is the count,
// or a UsageError naming the option and its range.
void add_kl_samples_option(OptionTable& table, long long& value);
std::size_t checked_kl_samples(long long value);

}  // namespace ebm

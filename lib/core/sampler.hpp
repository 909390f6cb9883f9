// The lecture's data (SPEC §1): noisy points round an ellipse whose semi-axes
// ρ(x) grow with the input x into a "horn".
//
//   y = [ρ1(x) cos θ + ε1, ρ2(x) sin θ + ε2]
//   ρ(x) = [α x + β_d (1 − x), β_d x + α (1 − x)] · exp(2x)
//   θ ~ U(0, 2π), ε ~ N(0, σ²) per component, x fixed (unconditional) or ~ U(0, 1)
//
// Legend: N samples.
#pragma once

#include <xtensor/xtensor.hpp>

#include <array>
#include <cstdint>
#include <optional>

namespace ebm {

struct HornShape {
    double alpha = 1.5;      // α
    double beta_data = 2.0;  // β_d: the data's "beta", not the inverse temperature
    double sigma = 0.05;     // noise standard deviation, 1/20
};

// ρ(x): the semi-axes of the noiseless curve at input x.
std::array<double, 2> horn_radii(const HornShape& shape, double x);

struct Samples {
    xt::xtensor<double, 2> y;      // (N, 2)
    xt::xtensor<double, 1> x;      // (N)  the input of each sample
    xt::xtensor<double, 1> theta;  // (N)  the ground-truth latent angle
};

// N samples. With `fixed_x` every x equals it (the unconditional ellipse at
// x = 0); without, x ~ U(0, 1) (the horn). Sample i draws from its own stream
// Rng(seed, i) in the order x (if drawn), θ, ε1, ε2: the first k samples are
// the same whatever N is.
Samples sample_horn(const HornShape& shape, std::size_t n, std::uint64_t seed, std::optional<double> fixed_x);

}  // namespace ebm

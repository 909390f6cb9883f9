// The lecture's latent grid of angles, z_k = 2πk/Z, k = 0 … Z−1 (2π excluded),
// shared by every model whose latent is an angle on a grid.
#pragma once

#include <xtensor/xtensor.hpp>

#include <cstddef>

namespace ebm {

// The lecture's latent grid Z = [0 : π/24 : 2π[ has 48 values.
constexpr std::size_t default_latent_count = 48;

// z_k = 2πk / latent_count, k = 0 … latent_count−1.  // (Z)
// Throws std::invalid_argument if latent_count is 0.
xt::xtensor<double, 1> latent_grid(std::size_t latent_count = default_latent_count);

// The same angle in [0, 2π): g(z) is 2π-periodic, results report z there.
double wrap_angle(double z);

}  // namespace ebm

#include "latent_grid.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ebm {

xt::xtensor<double, 1> latent_grid(std::size_t latent_count) {
    if (latent_count == 0) {
        throw std::invalid_argument("latent_grid: the number of latents must be at least 1, got 0");
    }
    xt::xtensor<double, 1> latents = xt::empty<double>({latent_count});  // (Z)
    // 2πk/Z rather than k·(2π/Z): the step is not rounded before being multiplied by k.
    const double two_pi = 2.0 * M_PI;
    for (std::size_t k = 0; k < latent_count; ++k) {
        latents(k) = two_pi * static_cast<double>(k) / static_cast<double>(latent_count);
    }
    return latents;
}

double wrap_angle(double z) {
    const double two_pi = 2.0 * M_PI;
    double wrapped = std::fmod(z, two_pi);  // in (−2π, 2π), exact
    if (wrapped < 0.0) wrapped += two_pi;
    // −1e-17 + 2π rounds to 2π itself, which is the angle 0.
    return wrapped < two_pi ? wrapped : 0.0;
}

}  // namespace ebm

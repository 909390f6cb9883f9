#include "ellipse_free_energy.hpp"

#include <stdexcept>
#include <string>

namespace ebm {


FreeEnergyForward free_energy_forward(const EllipseParams& params, const Vec2& y,
                                      const xt::xtensor<double, 1>& latents, double beta) {
    check_beta(beta);
    if (latents.size() == 0) throw std::invalid_argument("free_energy_forward: needs at least one latent, got 0");
    const std::size_t latent_count = latents.size();
    xt::xtensor<double, 1> energies = xt::empty<double>({latent_count});  // (Z)
    for (std::size_t k = 0; k < latent_count; ++k) {
        energies(k) = energy_forward(params, y, latents(k));
    }
    FreeEnergyForward forward;
    forward.free_energy = softmin(energies, beta);
    forward.z_check_index = argmin_energy(energies);
    forward.weights = softargmin(energies, beta);
    return forward;
}

FreeEnergyGradients free_energy_backward(const EllipseParams& params, const Vec2& y,
                                         const xt::xtensor<double, 1>& latents,
                                         const FreeEnergyForward& forward) {
    if (forward.weights.size() != latents.size()) {
        throw std::invalid_argument("free_energy_backward: the forward pass has " +
                                    std::to_string(forward.weights.size()) + " weights for " +
                                    std::to_string(latents.size()) + " latents");
    }
    FreeEnergyGradients gradients{{0.0, 0.0}, {0.0, 0.0}};
    for (std::size_t k = 0; k < latents.size(); ++k) {
        const double weight = forward.weights(k);
        // At β = +∞ all but ž have weight 0: skip them, only ž receives the gradient.
        if (weight == 0.0) continue;
        const EnergyGradients energy_gradients = energy_backward(params, y, latents(k));
        for (int d = 0; d < 2; ++d) {
            gradients.dy[d] += weight * energy_gradients.dy[d];
            gradients.dw[d] += weight * energy_gradients.dw[d];
        }
    }
    return gradients;
}

double free_energy(const EllipseParams& params, const Vec2& y,
                   const xt::xtensor<double, 1>& latents, double beta) {
    return free_energy_forward(params, y, latents, beta).free_energy;
}

}  // namespace ebm

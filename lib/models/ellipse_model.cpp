// The ellipse model: latent grid, decoder g(z) = [w1 cos z, w2 sin z], energy E(y, z).
//
// Legend: Z latents, N samples; y = (y1, y2) observed point, w = (w1, w2) parameters.
// r = y − g(z) is the reconstruction residual, so E = r1² + r2².
#include "ellipse_model.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ebm {

// ---------------------------------------------------------------------------------
// Decoder

Vec2 decoder_forward(const EllipseParams& params, double z) {
    return {params.w1 * std::cos(z), params.w2 * std::sin(z)};
}

Vec2 decoder_tangent(const EllipseParams& params, double z) {
    return {-params.w1 * std::sin(z), params.w2 * std::cos(z)};
}

// ---------------------------------------------------------------------------------
// Energy

double energy_forward(const EllipseParams& params, const Vec2& y, double z) {
    const Vec2 reconstruction = decoder_forward(params, z);
    const double r1 = y[0] - reconstruction[0];
    const double r2 = y[1] - reconstruction[1];
    return r1 * r1 + r2 * r2;
}

EnergyGradients energy_backward(const EllipseParams& params, const Vec2& y, double z) {
    const double cos_z = std::cos(z), sin_z = std::sin(z);
    const double r1 = y[0] - params.w1 * cos_z;
    const double r2 = y[1] - params.w2 * sin_z;
    EnergyGradients gradients;
    // ∂E/∂g = −2r; the chain rule through g1 = w1 cos z, g2 = w2 sin z.
    gradients.dz = 2.0 * r1 * params.w1 * sin_z - 2.0 * r2 * params.w2 * cos_z;
    gradients.dw = {-2.0 * r1 * cos_z, -2.0 * r2 * sin_z};
    gradients.dy = {2.0 * r1, 2.0 * r2};
    return gradients;
}

double energy_dz(const EllipseParams& params, const Vec2& y, double z) {
    const double cos_z = std::cos(z), sin_z = std::sin(z);
    const double r1 = y[0] - params.w1 * cos_z;
    const double r2 = y[1] - params.w2 * sin_z;
    return 2.0 * r1 * params.w1 * sin_z - 2.0 * r2 * params.w2 * cos_z;
}

double energy_dz2(const EllipseParams& params, const Vec2& y, double z) {
    const double cos_z = std::cos(z), sin_z = std::sin(z);
    const double r1 = y[0] - params.w1 * cos_z;
    const double r2 = y[1] - params.w2 * sin_z;
    // d/dz of 2 r1 w1 sin z − 2 r2 w2 cos z, with dr1/dz = w1 sin z, dr2/dz = −w2 cos z.
    const double tangent1 = params.w1 * sin_z, tangent2 = params.w2 * cos_z;
    return 2.0 * (tangent1 * tangent1 + r1 * params.w1 * cos_z) +
           2.0 * (tangent2 * tangent2 + r2 * params.w2 * sin_z);
}

xt::xtensor<double, 2> energy_table(const EllipseParams& params,
                                    const xt::xtensor<double, 2>& samples,
                                    const xt::xtensor<double, 1>& latents) {
    if (samples.shape(1) != 2) {
        throw std::invalid_argument("energy_table: samples must have shape (N, 2), got (N, " +
                                    std::to_string(samples.shape(1)) + ")");
    }
    const std::size_t sample_count = samples.shape(0), latent_count = latents.size();
    xt::xtensor<double, 2> energies = xt::empty<double>({sample_count, latent_count});  // (N, Z)
    for (std::size_t n = 0; n < sample_count; ++n) {
        const Vec2 y = {samples(n, 0), samples(n, 1)};
        for (std::size_t k = 0; k < latent_count; ++k) {
            energies(n, k) = energy_forward(params, y, latents(k));
        }
    }
    return energies;
}

}  // namespace ebm

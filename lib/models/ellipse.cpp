// The ellipse model behind the model interface; legend in ellipse.hpp.
#include "ellipse.hpp"

#include <cmath>
#include <stdexcept>

namespace ebm {

namespace {

struct EllipseCache final : FreeEnergyCache {
    double beta = zero_temperature_beta;  // of the last forward pass
    std::vector<double> y;                // (R, 2)
    std::vector<double> energies;         // (R, Z) E(y_r, z_k)
    std::vector<double> weights;          // (R, Z) softargmin_β, at a finite β only
    std::vector<std::size_t> z_check;     // (R) the index of each row's ž, the first minimiser
};

}  // namespace

EllipseModel::EllipseModel(std::size_t latent_count, EllipseParams w0) : latents_(latent_grid(latent_count)), w0_(w0) {
    parameters_ = {w0.w1, w0.w2};
    for (const double z : latents_) {
        cos_z_.push_back(std::cos(z));
        sin_z_.push_back(std::sin(z));
    }
}

std::string EllipseModel::describe() const {
    return "an ellipse model with " + std::to_string(latents_.size()) + " latents";
}

Architecture EllipseModel::architecture() const {
    return {{"model", name()}, {"latent_count", std::int64_t(latents_.size())}};
}

std::vector<ParameterBlock> EllipseModel::parameter_blocks() const {
    return {{"w", {2}, 0, "the ellipse model's w = (w1, w2) is a pair"}};
}

void EllipseModel::initialise(std::uint64_t) { parameters_ = {w0_.w1, w0_.w2}; }

std::unique_ptr<FreeEnergyCache> EllipseModel::make_cache() const { return std::make_unique<EllipseCache>(); }

void EllipseModel::free_energy_forward(double* free_energy, FreeEnergyCache& cache, const double*, const double* y,
                                       std::size_t R, double beta) const {
    check_beta(beta);
    auto& rows = static_cast<EllipseCache&>(cache);
    const std::size_t Z = latents_.size();
    const double w1 = parameters_[0], w2 = parameters_[1];
    rows.beta = beta;
    rows.y.assign(y, y + 2 * R);
    rows.energies.resize(R * Z);
    rows.weights.resize(beta == zero_temperature_beta ? 0 : R * Z);
    rows.z_check.resize(R);
    for (std::size_t r = 0; r < R; ++r) {
        const double y1 = y[2 * r], y2 = y[2 * r + 1];
        double* energies = &rows.energies[r * Z];  // (Z)
        // energy_forward's operations, with g(z_k) = (w1 cos z_k, w2 sin z_k).
        for (std::size_t k = 0; k < Z; ++k) {
            const double r1 = y1 - w1 * cos_z_[k], r2 = y2 - w2 * sin_z_[k];
            energies[k] = r1 * r1 + r2 * r2;
        }
        rows.z_check[r] = argmin_energy(energies, Z);
        free_energy[r] = beta == zero_temperature_beta
                             ? energies[rows.z_check[r]]
                             : softmin_with_weights(&rows.weights[r * Z], energies, Z, beta);
    }
}

void EllipseModel::free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& cache) const {
    const auto& rows = static_cast<const EllipseCache&>(cache);
    const std::size_t Z = latents_.size(), R = rows.z_check.size();
    const double w1 = parameters_[0], w2 = parameters_[1];
    for (std::size_t r = 0; r < R; ++r) {
        if (dfree_energy[r] == 0.0) continue;
        const double y1 = rows.y[2 * r], y2 = rows.y[2 * r + 1];
        Vec2 dw{0.0, 0.0};  // ∂F/∂w = Σ_k weight_k ∂E(y, z_k)/∂w, as energy_backward computes each term
        auto add = [&](std::size_t k, double weight) {
            const double r1 = y1 - w1 * cos_z_[k], r2 = y2 - w2 * sin_z_[k];
            dw[0] += weight * (-2.0 * r1 * cos_z_[k]);
            dw[1] += weight * (-2.0 * r2 * sin_z_[k]);
        };
        if (rows.beta == zero_temperature_beta) {
            add(rows.z_check[r], 1.0);  // one-hot weights: the gradient flows through ž alone
        } else {
            for (std::size_t k = 0; k < Z; ++k)
                if (rows.weights[r * Z + k] != 0.0) add(k, rows.weights[r * Z + k]);
        }
        dparams[0] += dfree_energy[r] * dw[0];
        dparams[1] += dfree_energy[r] * dw[1];
    }
}

std::vector<double> EllipseModel::z_check(const FreeEnergyCache& cache, std::size_t r) const {
    return {latents_(static_cast<const EllipseCache&>(cache).z_check.at(r))};
}

double EllipseModel::energy(double, const Vec2& y, const double* z) const { return energy_forward(w(), y, *z); }

void EllipseModel::energy_backward(double* dparams, double* dz, double, const Vec2& y, const double* z) const {
    const EnergyGradients gradients = ebm::energy_backward(w(), y, *z);
    dparams[0] += gradients.dw[0];
    dparams[1] += gradients.dw[1];
    if (dz != nullptr) *dz = gradients.dz;
}

void EllipseModel::decode(double* y_tilde, double, const double* z, std::size_t K) const {
    for (std::size_t k = 0; k < K; ++k) {
        const Vec2 point = decoder_forward(w(), z[k]);
        y_tilde[2 * k] = point[0];
        y_tilde[2 * k + 1] = point[1];
    }
}

}  // namespace ebm

// The conditional model; legend and formulas in conditional_model.hpp.
#include "conditional_model.hpp"

#include "blocked_loop.hpp"
#include "free_energy.hpp"

#include <cmath>
#include <stdexcept>

namespace ebm {

namespace {

// E = [y1 − f1 cos z]² + [y2 − f2 sin z]², by every pass in the same operations,
// so that the batch passes and energy() agree to the bit.
inline double conditional_energy(double y1, double y2, double f1, double f2, double cos_z, double sin_z) {
    const double r1 = y1 - f1 * cos_z, r2 = y2 - f2 * sin_z;
    return r1 * r1 + r2 * r2;
}

struct ConditionalCache final : FreeEnergyCache {
    std::size_t rows = 0;              // R
    MlpActivations predictor;          // f's pass over the R inputs x
    std::vector<double> y;             // (R, 2)
    std::vector<double> energies;      // (R, Z) only for finite β
    std::vector<double> weights;       // (R, Z) softargmin_β, only for finite β
    std::vector<std::size_t> z_index;  // (R) the grid's ž
    bool cold = true;                  // β = +inf
    std::vector<double> dpredictor;    // (R, 2) scratch of backward
};

}  // namespace

ConditionalModel::ConditionalModel(const NetworkConfig& config)
    : NetworkModel(config, Mlp({1, config.predictor_hidden, config.predictor_hidden, 2}), {}),
      latents_(latent_grid(config.latent_count)) {
    if (config.kind != NetworkKind::conditional) throw std::invalid_argument("ConditionalModel: config is not conditional");
    if (config.predictor_width != 2)
        throw std::invalid_argument("the conditional model's f has 2 outputs (the semi-axes), got width " +
                                    std::to_string(config.predictor_width));
    for (double z : latents_) {
        cos_z_.push_back(std::cos(z));
        sin_z_.push_back(std::sin(z));
    }
}

std::unique_ptr<FreeEnergyCache> ConditionalModel::make_cache() const { return std::make_unique<ConditionalCache>(); }

void ConditionalModel::free_energy_forward(double* free_energy, FreeEnergyCache& base, const double* x, const double* y,
                                           std::size_t R, double beta) const {
    check_beta(beta);
    auto& cache = static_cast<ConditionalCache&>(base);
    const std::size_t Z = latents_.size();
    cache.rows = R;
    cache.cold = beta == zero_temperature_beta;
    cache.y.assign(y, y + 2 * R);
    cache.z_index.resize(R);
    predictor_.forward(cache.predictor, parameters_.data(), x, R);
    const double* f1 = cache.predictor.output_features();  // (R)
    const double* f2 = f1 + R;                             // (R)
    if (cache.cold) {
        // F∞ and ž: the first minimiser over the grid, as argmin_energy finds
        // it, for a block of rows at a time: the block's running minima stay
        // in registers while the latents go by, and the compiler vectorises
        // across the rows. (One row at a time, the scan for the minimum is a
        // chain of dependent compares and branches.)
        for_blocks(R, [&](auto n, std::size_t r) {
            constexpr std::size_t N = decltype(n)::value;
            double y1[N], y2[N], best[N];  // the block's rows
            std::size_t index[N];
            for (std::size_t j = 0; j < N; ++j) {
                y1[j] = y[2 * (r + j)];
                y2[j] = y[2 * (r + j) + 1];
                best[j] = conditional_energy(y1[j], y2[j], f1[r + j], f2[r + j], cos_z_[0], sin_z_[0]);
                index[j] = 0;
            }
            for (std::size_t k = 1; k < Z; ++k)
                for (std::size_t j = 0; j < N; ++j) {
                    const double e = conditional_energy(y1[j], y2[j], f1[r + j], f2[r + j], cos_z_[k], sin_z_[k]);
                    const bool lower = e < best[j];  // strictly: a tie keeps the first minimiser
                    best[j] = lower ? e : best[j];
                    index[j] = lower ? k : index[j];
                }
            for (std::size_t j = 0; j < N; ++j) {
                free_energy[r + j] = best[j];
                cache.z_index[r + j] = index[j];
            }
        });
        return;
    }
    cache.energies.resize(R * Z);
    cache.weights.resize(R * Z);
    for (std::size_t r = 0; r < R; ++r) {
        double* e = &cache.energies[r * Z];  // (Z)
        for (std::size_t k = 0; k < Z; ++k)
            e[k] = conditional_energy(y[2 * r], y[2 * r + 1], f1[r], f2[r], cos_z_[k], sin_z_[k]);
        cache.z_index[r] = argmin_energy(e, Z);
        free_energy[r] = softmin(e, Z, beta);
        softargmin(&cache.weights[r * Z], e, Z, beta);
    }
}

void ConditionalModel::free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& base) const {
    auto& cache = static_cast<ConditionalCache&>(base);
    const std::size_t R = cache.rows, Z = latents_.size();
    const double* f = cache.predictor.output();  // (R, 2)
    cache.dpredictor.assign(2 * R, 0.0);
    for (std::size_t r = 0; r < R; ++r) {
        const double d = dfree_energy[r];
        if (d == 0.0) continue;
        const double f1 = f[2 * r], f2 = f[2 * r + 1], y1 = cache.y[2 * r], y2 = cache.y[2 * r + 1];
        double df1 = 0, df2 = 0;  // ∂F/∂f = Σ_k weight_k ∂E_k/∂f
        if (cache.cold) {
            const std::size_t k = cache.z_index[r];
            df1 = -2.0 * (y1 - f1 * cos_z_[k]) * cos_z_[k];
            df2 = -2.0 * (y2 - f2 * sin_z_[k]) * sin_z_[k];
        } else {
            const double* w = &cache.weights[r * Z];
            for (std::size_t k = 0; k < Z; ++k) {
                if (w[k] == 0.0) continue;
                df1 += w[k] * (-2.0 * (y1 - f1 * cos_z_[k]) * cos_z_[k]);
                df2 += w[k] * (-2.0 * (y2 - f2 * sin_z_[k]) * sin_z_[k]);
            }
        }
        cache.dpredictor[2 * r] = d * df1;
        cache.dpredictor[2 * r + 1] = d * df2;
    }
    predictor_.backward(dparams, nullptr, cache.dpredictor.data(), cache.predictor, parameters_.data());
}

std::vector<double> ConditionalModel::z_check(const FreeEnergyCache& base, std::size_t r) const {
    const auto& cache = static_cast<const ConditionalCache&>(base);
    return {latents_(cache.z_index.at(r))};
}

double ConditionalModel::energy(double x, const Vec2& y, const double* z) const {
    const auto f = predict(x);
    return conditional_energy(y[0], y[1], f[0], f[1], std::cos(*z), std::sin(*z));
}

void ConditionalModel::energy_backward(double* dparams, double* dz, double x, const Vec2& y, const double* z) const {
    MlpActivations activations;
    predictor_.forward(activations, parameters_.data(), &x, 1);
    const double f1 = activations.output()[0], f2 = activations.output()[1];
    const double c = std::cos(*z), s = std::sin(*z);
    const double r1 = y[0] - f1 * c, r2 = y[1] - f2 * s;
    if (dz != nullptr) *dz = 2.0 * r1 * f1 * s - 2.0 * r2 * f2 * c;
    if (dparams != nullptr) {
        const double df[2] = {-2.0 * r1 * c, -2.0 * r2 * s};
        predictor_.backward(dparams, nullptr, df, activations, parameters_.data());
    }
}

void ConditionalModel::decode(double* y_tilde, double x, const double* z, std::size_t K) const {
    const auto f = predict(x);
    for (std::size_t k = 0; k < K; ++k) {
        y_tilde[2 * k] = f[0] * std::cos(z[k]);
        y_tilde[2 * k + 1] = f[1] * std::sin(z[k]);
    }
}

}  // namespace ebm

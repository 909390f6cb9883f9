// The conditional model; legend and formulas in conditional_model.hpp.
#include "conditional_model.hpp"

#include "free_energy.hpp"
#include "vector_clones.hpp"

#include <algorithm>
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

// F∞ (R) and ž (R) of R rows y (R, 2) with predictions f1, f2 (R): the
// first minimiser over the grid of the energies conditional_energy forms, as
// argmin_energy finds it. Rows go in blocks of eight, two double4 of each
// quantity, whose running minima stay in registers while the Z latents go by.
// (One row at a time, the search for the minimum is a chain of dependent
// compares.) The last block is padded with zero rows, whose results are dropped.
EBM_VECTOR_CLONES
void grid_minimum(double* free_energy, std::size_t* z_index, const double* y, const double* f1, const double* f2,
                  const double* cos_z, const double* sin_z, std::size_t R, std::size_t Z) {
    constexpr std::size_t lanes = 4, vectors = 2, block = lanes * vectors;
    for (std::size_t r = 0; r < R; r += block) {
        const std::size_t n = std::min(block, R - r);
        double rows[4][block] = {};  // y1, y2, f1, f2 of the block's rows
        for (std::size_t j = 0; j < n; ++j) {
            rows[0][j] = y[2 * (r + j)];
            rows[1][j] = y[2 * (r + j) + 1];
            rows[2][j] = f1[r + j];
            rows[3][j] = f2[r + j];
        }
        double4 y1[vectors], y2[vectors], g1[vectors], g2[vectors], best[vectors] = {}, index[vectors] = {};
        for (std::size_t v = 0; v < vectors; ++v) {
            y1[v] = *reinterpret_cast<const unaligned4*>(&rows[0][lanes * v]);
            y2[v] = *reinterpret_cast<const unaligned4*>(&rows[1][lanes * v]);
            g1[v] = *reinterpret_cast<const unaligned4*>(&rows[2][lanes * v]);
            g2[v] = *reinterpret_cast<const unaligned4*>(&rows[3][lanes * v]);
        }
        for (std::size_t k = 0; k < Z; ++k) {
            const double c = cos_z[k], s = sin_z[k], latent = double(k);
            const double4 cos4 = {c, c, c, c}, sin4 = {s, s, s, s}, k4 = {latent, latent, latent, latent};
            for (std::size_t v = 0; v < vectors; ++v) {
                const double4 r1 = y1[v] - g1[v] * cos4, r2 = y2[v] - g2[v] * sin4;
                const double4 e = r1 * r1 + r2 * r2;  // conditional_energy, lane by lane
                if (k == 0) {
                    best[v] = e;
                    index[v] = k4;
                } else {
                    const auto lower = e < best[v];  // strictly: a tie keeps the first minimiser
                    best[v] = lower ? e : best[v];
                    index[v] = lower ? k4 : index[v];
                }
            }
        }
        double minima[block], indices[block];
        for (std::size_t v = 0; v < vectors; ++v) {
            *reinterpret_cast<unaligned4*>(&minima[lanes * v]) = best[v];
            *reinterpret_cast<unaligned4*>(&indices[lanes * v]) = index[v];
        }
        for (std::size_t j = 0; j < n; ++j) {
            free_energy[r + j] = minima[j];
            z_index[r + j] = std::size_t(indices[j]);
        }
    }
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
        grid_minimum(free_energy, cache.z_index.data(), y, f1, f2, cos_z_.data(), sin_z_.data(), R, Z);
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

// Energy (II), the learned decoder; legend and formulas in decoder_mlp_model.hpp.
#include "decoder_mlp_model.hpp"

#include "free_energy.hpp"

#include <cmath>
#include <stdexcept>

namespace ebm {

namespace {

struct DecoderMlpCache final : FreeEnergyCache {
    std::size_t rows = 0;              // R
    bool cold = true;                  // β = +inf
    MlpActivations predictor;          // f over the R inputs x
    MlpActivations decoder;            // g over the R·Z rows (finite β) or the R rows at ž (β = +inf)
    std::vector<double> decoder_input; // (R·Z, D+2) or (R, D+2)
    std::vector<double> y;             // (R, 2)
    std::vector<double> weights;       // (R, Z) softargmin_β, finite β only
    std::vector<std::size_t> z_index;  // (R) the grid's ž
    std::vector<double> energies;      // (R, Z) scratch
    std::vector<double> ddecoder;      // scratch of backward: (rows of decoder, 2)
    std::vector<double> ddecoder_input;  // (rows of decoder, D+2)
    std::vector<double> dpredictor;    // (R, D)
};

}  // namespace

DecoderMlpModel::DecoderMlpModel(const NetworkConfig& config)
    : NetworkModel(config, Mlp({1, config.predictor_hidden, config.predictor_hidden, config.predictor_width}),
                   {Mlp({config.predictor_width + 2, config.decoder_hidden, config.decoder_hidden, 2})}),
      latents_(latent_grid(config.latent_count)) {
    if (config.kind != NetworkKind::decoder_mlp) throw std::invalid_argument("DecoderMlpModel: config is not decoder-mlp");
    for (double z : latents_) {
        cos_z_.push_back(std::cos(z));
        sin_z_.push_back(std::sin(z));
    }
}

std::unique_ptr<FreeEnergyCache> DecoderMlpModel::make_cache() const { return std::make_unique<DecoderMlpCache>(); }

void DecoderMlpModel::free_energy_forward(double* free_energy, FreeEnergyCache& base, const double* x, const double* y,
                                          std::size_t R, double beta) const {
    check_beta(beta);
    auto& cache = static_cast<DecoderMlpCache&>(base);
    const std::size_t Z = latents_.size(), D = config_.predictor_width, U = D + 2;
    const double* theta_g = parameters_.data() + decoder_offset_;
    cache.rows = R;
    cache.cold = beta == zero_temperature_beta;
    cache.y.assign(y, y + 2 * R);
    cache.z_index.resize(R);
    predictor_.forward(cache.predictor, parameters_.data(), x, R);
    const double* f = cache.predictor.output();  // (R, D)

    // g on every (row, latent) pair: u_rk = [f_r, cos z_k, sin z_k].  (R·Z, D+2)
    cache.decoder_input.resize(R * Z * U);
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t k = 0; k < Z; ++k) {
            double* u = &cache.decoder_input[(r * Z + k) * U];
            for (std::size_t i = 0; i < D; ++i) u[i] = f[r * D + i];
            u[D] = cos_z_[k];
            u[D + 1] = sin_z_[k];
        }
    decoder().forward(cache.decoder, theta_g, cache.decoder_input.data(), R * Z);
    const double* g = cache.decoder.output();  // (R·Z, 2)
    cache.energies.resize(R * Z);
    for (std::size_t rk = 0; rk < R * Z; ++rk) {
        const double r1 = y[2 * (rk / Z)] - g[2 * rk], r2 = y[2 * (rk / Z) + 1] - g[2 * rk + 1];
        cache.energies[rk] = r1 * r1 + r2 * r2;
    }
    if (!cache.cold) cache.weights.resize(R * Z);
    for (std::size_t r = 0; r < R; ++r) {
        const double* e = &cache.energies[r * Z];
        cache.z_index[r] = argmin_energy(e, Z);
        if (cache.cold) {
            free_energy[r] = e[cache.z_index[r]];
        } else {
            free_energy[r] = softmin(e, Z, beta);
            softargmin(&cache.weights[r * Z], e, Z, beta);
        }
    }
    if (cache.cold) {
        // Only ž carries the gradient: keep g's pass over the R rows at ž.
        std::vector<double> at_z_check(R * U);
        for (std::size_t r = 0; r < R; ++r) {
            const double* u = &cache.decoder_input[(r * Z + cache.z_index[r]) * U];
            std::copy(u, u + U, &at_z_check[r * U]);
        }
        cache.decoder_input.swap(at_z_check);
        decoder().forward(cache.decoder, theta_g, cache.decoder_input.data(), R);
    }
}

void DecoderMlpModel::free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& base) const {
    auto& cache = static_cast<DecoderMlpCache&>(base);
    const std::size_t R = cache.rows, Z = latents_.size(), D = config_.predictor_width, U = D + 2;
    const double* theta_g = parameters_.data() + decoder_offset_;
    const std::size_t decoder_rows = cache.cold ? R : R * Z;
    const double* g = cache.decoder.output();  // (decoder_rows, 2)
    // ∂L/∂g of each decoder row: dF_r · weight_rk · (−2)(y_r − g_rk).
    cache.ddecoder.assign(2 * decoder_rows, 0.0);
    for (std::size_t row = 0; row < decoder_rows; ++row) {
        const std::size_t r = cache.cold ? row : row / Z;
        const double weight = cache.cold ? 1.0 : cache.weights[row];
        const double scale = dfree_energy[r] * weight;
        if (scale == 0.0) continue;
        cache.ddecoder[2 * row] = scale * -2.0 * (cache.y[2 * r] - g[2 * row]);
        cache.ddecoder[2 * row + 1] = scale * -2.0 * (cache.y[2 * r + 1] - g[2 * row + 1]);
    }
    cache.ddecoder_input.assign(decoder_rows * U, 0.0);
    decoder().backward(dparams + decoder_offset_, cache.ddecoder_input.data(), cache.ddecoder.data(), cache.decoder,
                       theta_g);
    cache.dpredictor.assign(R * D, 0.0);
    for (std::size_t row = 0; row < decoder_rows; ++row) {
        const std::size_t r = cache.cold ? row : row / Z;
        for (std::size_t i = 0; i < D; ++i) cache.dpredictor[r * D + i] += cache.ddecoder_input[row * U + i];
    }
    predictor_.backward(dparams, nullptr, cache.dpredictor.data(), cache.predictor, parameters_.data());
}

std::vector<double> DecoderMlpModel::z_check(const FreeEnergyCache& base, std::size_t r) const {
    const auto& cache = static_cast<const DecoderMlpCache&>(base);
    return {latents_(cache.z_index.at(r))};
}

double DecoderMlpModel::energy(double x, const Vec2& y, const double* z) const {
    double y_tilde[2];
    decode(y_tilde, x, z, 1);
    const double r1 = y[0] - y_tilde[0], r2 = y[1] - y_tilde[1];
    return r1 * r1 + r2 * r2;
}

void DecoderMlpModel::energy_backward(double* dparams, double* dz, double x, const Vec2& y, const double* z) const {
    const std::size_t D = config_.predictor_width, U = D + 2;
    const double* theta_g = parameters_.data() + decoder_offset_;
    MlpActivations f_pass, g_pass;
    predictor_.forward(f_pass, parameters_.data(), &x, 1);
    std::vector<double> u(f_pass.output(), f_pass.output() + D);  // (D+2)
    u.push_back(std::cos(*z));
    u.push_back(std::sin(*z));
    decoder().forward(g_pass, theta_g, u.data(), 1);
    const double dg[2] = {-2.0 * (y[0] - g_pass.output()[0]), -2.0 * (y[1] - g_pass.output()[1])};
    std::vector<double> du(U, 0.0);
    decoder().backward(dparams ? dparams + decoder_offset_ : nullptr, du.data(), dg, g_pass, theta_g);
    if (dz != nullptr) *dz = -std::sin(*z) * du[D] + std::cos(*z) * du[D + 1];
    if (dparams != nullptr) predictor_.backward(dparams, nullptr, du.data(), f_pass, parameters_.data());
}

void DecoderMlpModel::decode(double* y_tilde, double x, const double* z, std::size_t K) const {
    const std::size_t D = config_.predictor_width, U = D + 2;
    const auto f = predict(x);
    std::vector<double> u(K * U);  // (K, D+2)
    for (std::size_t k = 0; k < K; ++k) {
        std::copy(f.begin(), f.end(), &u[k * U]);
        u[k * U + D] = std::cos(z[k]);
        u[k * U + D + 1] = std::sin(z[k]);
    }
    MlpActivations g_pass;
    decoder().forward(g_pass, parameters_.data() + decoder_offset_, u.data(), K);
    std::copy(g_pass.output(), g_pass.output() + 2 * K, y_tilde);
}

}  // namespace ebm

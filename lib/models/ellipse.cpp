// The ellipse model behind the model interface; legend in ellipse.hpp.
#include "ellipse.hpp"

#include <stdexcept>

namespace ebm {

namespace {

struct EllipseCache final : FreeEnergyCache {
    std::vector<Vec2> y;                       // (R)
    std::vector<FreeEnergyForward> forward;    // (R) F, ž and the softargmin weights of each row
};

}  // namespace

EllipseModel::EllipseModel(std::size_t latent_count, EllipseParams w0) : latents_(latent_grid(latent_count)), w0_(w0) {
    parameters_ = {w0.w1, w0.w2};
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
    auto& rows = static_cast<EllipseCache&>(cache);
    rows.y.resize(R);
    rows.forward.resize(R);
    const EllipseParams params = w();
    for (std::size_t r = 0; r < R; ++r) {
        rows.y[r] = {y[2 * r], y[2 * r + 1]};
        rows.forward[r] = ebm::free_energy_forward(params, rows.y[r], latents_, beta);
        free_energy[r] = rows.forward[r].free_energy;
    }
}

void EllipseModel::free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& cache) const {
    const auto& rows = static_cast<const EllipseCache&>(cache);
    const EllipseParams params = w();
    for (std::size_t r = 0; r < rows.y.size(); ++r) {
        if (dfree_energy[r] == 0.0) continue;
        const Vec2 dw = ebm::free_energy_backward(params, rows.y[r], latents_, rows.forward[r]).dw;
        dparams[0] += dfree_energy[r] * dw[0];
        dparams[1] += dfree_energy[r] * dw[1];
    }
}

std::vector<double> EllipseModel::z_check(const FreeEnergyCache& cache, std::size_t r) const {
    return {latents_(static_cast<const EllipseCache&>(cache).forward.at(r).z_check_index)};
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

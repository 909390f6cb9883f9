// The lecture's ellipse model behind the model interface (model.hpp): the
// formulas of ellipse_model.hpp and ellipse_free_energy.hpp over a latent
// grid, for rows (x, y) whose x it ignores (the unconditional case).
//
// Legend: R rows, Z latents, P = 2 parameters w = (w1, w2).
#pragma once

#include "ellipse_free_energy.hpp"
#include "ellipse_model.hpp"
#include "model.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <vector>

namespace ebm {

class EllipseModel final : public Model {
public:
    // The lecture's untrained decoder is not drawn at random: it is w0, with w₁ < 0
    // (slide 13: g(z̃ ≈ 0.4) ≈ (−1.38, 0.14)), which sets the phase of every E(z).
    explicit EllipseModel(std::size_t latent_count = default_latent_count, EllipseParams w0 = {-1.5, 0.35});

    EllipseParams w() const { return {parameters_[0], parameters_[1]}; }
    const xt::xtensor<double, 1>& latents() const { return latents_; }  // (Z)

    std::string name() const override { return "ellipse"; }
    std::string describe() const override;
    Architecture architecture() const override;  // model, latent_count
    std::vector<ParameterBlock> parameter_blocks() const override;  // w (2)
    void initialise(std::uint64_t seed) override;  // w = w0, whatever the seed
    std::size_t latent_count() const override { return latents_.size(); }

    // F_β(y_r) of each row, x_r unused: free_energy_forward of ellipse_free_energy.hpp,
    // row by row, to the bit, with the same operations on the grid's cos and
    // sin computed once (the cache keeps each row's ž and, at a finite β, its
    // softargmin weights for the backward pass; it allocates nothing once it
    // has held R rows).
    std::unique_ptr<FreeEnergyCache> make_cache() const override;
    void free_energy_forward(double* free_energy, FreeEnergyCache& cache, const double* x, const double* y,
                             std::size_t R, double beta) const override;
    // dparams += Σ_r dF_r · ∂F/∂w = Σ_r dF_r Σ_k softargmin_β(k) ∂E(y_r, z_k)/∂w:
    // free_energy_backward of ellipse_free_energy.hpp, to the bit (at β = +∞ ž alone).
    void free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& cache) const override;
    // The grid's ž of row r: one angle.
    std::vector<double> z_check(const FreeEnergyCache& cache, std::size_t r) const override;
    std::size_t latent_width() const override { return 1; }

    // E(y, z) = ‖y − g(z)‖² and its gradients: energy_forward and energy_backward of ellipse_model.hpp.
    double energy(double x, const Vec2& y, const double* z) const override;
    void energy_backward(double* dparams, double* dz, double x, const Vec2& y, const double* z) const override;
    // g(z_k) = [w1 cos z_k, w2 sin z_k] for K latents, whatever x.
    void decode(double* y_tilde, double x, const double* z, std::size_t K) const override;
    double work_per_row() const override { return 30.0 * double(latents_.size()); }

private:
    xt::xtensor<double, 1> latents_;  // (Z)
    // cos z_k and sin z_k, as decoder_forward computes them: a training step
    // needs no trigonometry.
    std::vector<double> cos_z_, sin_z_;  // (Z)
    EllipseParams w0_;
};

}  // namespace ebm

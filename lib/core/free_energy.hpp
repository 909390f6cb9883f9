// Free energy: the lecture's reductions of energies over the latents.
//
// Legend:
//   Z   latents (the energies E_k = E(y, z_k) of one point y over the latent grid)
//   β   inverse temperature, β ∈ (0, +∞]; β = +∞ is the zero-temperature limit
//
// Nomenclature (the lecture's):
//   min[E]           = min_k E_k                                   = F∞     ("cold")
//   softmin_β[E]     = −1/β · log( 1/Z Σ_k exp(−β E_k) )           = F̃_β   ("warm")
//   softmax_β[E]     =  1/β · log( 1/Z Σ_k exp( β E_k) ) = −softmin_β[−E]
//   softargmin_β[E]_k = exp(−β E_k) / Σ_j exp(−β E_j)              (weights summing to 1)
//   ⟨E⟩              = 1/Z Σ_k E_k                                  = lim_{β→0} F̃_β ("hot")
//
// F̃_β is non-increasing in β: it falls from ⟨E⟩ (β → 0) to min (β → ∞).
#pragma once


#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <limits>

namespace ebm {

// β = +∞: the zero-temperature limit, where softmin is min and softargmin picks ž.
constexpr double zero_temperature_beta = std::numeric_limits<double>::infinity();

// Throws std::invalid_argument naming the value unless β > 0 (β = +∞ allowed).
void check_beta(double beta);

// ---------------------------------------------------------------------------------
// Reductions of Z energies. Each throws std::invalid_argument if Z = 0.
// The pointer forms read energies[0 … count−1]; the xtensor forms take (Z).

double min_energy(const double* energies, std::size_t count);
double min_energy(const xt::xtensor<double, 1>& energies);

// Index of the first minimiser (the grid's ž): ties go to the smallest index.
std::size_t argmin_energy(const double* energies, std::size_t count);
std::size_t argmin_energy(const xt::xtensor<double, 1>& energies);

double mean_energy(const double* energies, std::size_t count);
double mean_energy(const xt::xtensor<double, 1>& energies);

// Stable for every β in (0, +∞] and energies of any finite size: shifted by the
// minimum, and through expm1/log1p when β·(max − min) ≤ 1, where exp(−βΔE)
// would round the information away (β = 1e-8 still resolves ⟨E⟩ − βVar/2).
double softmin(const double* energies, std::size_t count, double beta);
double softmin(const xt::xtensor<double, 1>& energies, double beta);

double softmax(const double* energies, std::size_t count, double beta);
double softmax(const xt::xtensor<double, 1>& energies, double beta);

// weights (Z) = softargmin_β[energies (Z)]. At β = +∞ the weights are one-hot at
// the first minimiser: the zero-temperature rule that only ž moves. (The β → ∞
// limit would split exact ties equally; no gradient of the lecture needs that.)
void softargmin(double* weights, const double* energies, std::size_t count, double beta);
xt::xtensor<double, 1> softargmin(const xt::xtensor<double, 1>& energies, double beta);

// Both at once: returns softmin_β[energies (Z)] and writes weights (Z) =
// softargmin_β[energies], the same bits as the two calls above, with one
// exponential per latent instead of two (softmin's sum is softargmin's).
double softmin_with_weights(double* weights, const double* energies, std::size_t count, double beta);

}  // namespace ebm

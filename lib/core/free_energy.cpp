// Free energy reductions over the latents.
//
// Legend: Z latents; E_k = E(y, z_k); β inverse temperature in (0, +∞];
// ΔE_k = E_k − min E ≥ 0, the shift that keeps every exp(−β ΔE_k) in (0, 1].
#include "free_energy.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ebm {

namespace {

void check_not_empty(std::size_t count, const char* function) {
    if (count == 0) {
        throw std::invalid_argument(std::string(function) + ": needs at least one energy, got 0");
    }
}

// The least and the greatest of (sign · E_k).
struct SignedRange {
    double lowest, highest;
};
SignedRange signed_range(const double* energies, std::size_t count, double sign) {
    double lowest = sign * energies[0], highest = sign * energies[0];
    for (std::size_t k = 1; k < count; ++k) {
        const double value = sign * energies[k];
        lowest = value < lowest ? value : lowest;
        highest = value > highest ? value : highest;
    }
    return {lowest, highest};
}

// Warm enough that every exp(−βΔE) ≥ e⁻¹: the mean of expm1(−βΔE) lies in
// [e⁻¹ − 1, 0], so log1p keeps its full relative precision, while
// exp(−βΔE) ≈ 1 − βΔE would lose the βΔE below the rounding of 1.
bool warm(const SignedRange& range, double beta) { return beta * (range.highest - range.lowest) <= 1.0; }

// softmin_β of (sign · E_k) at a finite β; sum_exp = Σ_k exp(−β(sign · E_k − lowest)), read unless warm.
double finite_signed_softmin(const double* energies, std::size_t count, double beta, double sign,
                             const SignedRange& range, double sum_exp) {
    const double inverse_count = 1.0 / static_cast<double>(count);
    if (warm(range, beta)) {
        double sum_expm1 = 0.0;
        for (std::size_t k = 0; k < count; ++k) {
            sum_expm1 += std::expm1(-beta * (sign * energies[k] - range.lowest));
        }
        return range.lowest - std::log1p(sum_expm1 * inverse_count) / beta;
    }
    // The minimum contributes exp(0) = 1, so the sum lies in [1, Z]: no overflow, no log(0).
    return range.lowest - std::log(sum_exp * inverse_count) / beta;
}

// softmin_β of (sign · E_k): sign = +1 is softmin, sign = −1 gives −softmax.
double signed_softmin(const double* energies, std::size_t count, double beta, double sign) {
    check_beta(beta);
    const SignedRange range = signed_range(energies, count, sign);
    if (beta == zero_temperature_beta) return range.lowest;
    double sum_exp = 0.0;
    if (!warm(range, beta)) {
        for (std::size_t k = 0; k < count; ++k) sum_exp += std::exp(-beta * (sign * energies[k] - range.lowest));
    }
    return finite_signed_softmin(energies, count, beta, sign, range, sum_exp);
}

// weights (Z) = softargmin_β[energies]; returns the sum that normalised them,
// Σ_k exp(−β(E_k − min E)) at a finite β (1 at β = +∞).
double softargmin_sum(double* weights, const double* energies, std::size_t count, double beta) {
    check_not_empty(count, "softargmin");
    check_beta(beta);
    const std::size_t first_minimiser = argmin_energy(energies, count);
    if (beta == zero_temperature_beta) {
        for (std::size_t k = 0; k < count; ++k) weights[k] = 0.0;
        weights[first_minimiser] = 1.0;
        return 1.0;
    }
    const double lowest = energies[first_minimiser];
    double sum = 0.0;
    for (std::size_t k = 0; k < count; ++k) {
        weights[k] = std::exp(-beta * (energies[k] - lowest));
        sum += weights[k];
    }
    for (std::size_t k = 0; k < count; ++k) weights[k] /= sum;
    return sum;
}

}  // namespace

void check_beta(double beta) {
    if (!(beta > 0.0)) {  // also rejects NaN
        std::ostringstream message;
        message << "inverse temperature beta must be > 0 (or +inf for the zero-temperature limit), got "
                << beta;
        throw std::invalid_argument(message.str());
    }
}

// ---------------------------------------------------------------------------------
// Reductions over the latents

double min_energy(const double* energies, std::size_t count) {
    check_not_empty(count, "min_energy");
    return energies[argmin_energy(energies, count)];
}

double min_energy(const xt::xtensor<double, 1>& energies) {
    return min_energy(energies.data(), energies.size());
}

std::size_t argmin_energy(const double* energies, std::size_t count) {
    check_not_empty(count, "argmin_energy");
    std::size_t best = 0;
    for (std::size_t k = 1; k < count; ++k) {
        if (energies[k] < energies[best]) best = k;
    }
    return best;
}

std::size_t argmin_energy(const xt::xtensor<double, 1>& energies) {
    return argmin_energy(energies.data(), energies.size());
}

double mean_energy(const double* energies, std::size_t count) {
    check_not_empty(count, "mean_energy");
    double sum = 0.0;
    for (std::size_t k = 0; k < count; ++k) sum += energies[k];
    return sum / static_cast<double>(count);
}

double mean_energy(const xt::xtensor<double, 1>& energies) {
    return mean_energy(energies.data(), energies.size());
}

double softmin(const double* energies, std::size_t count, double beta) {
    check_not_empty(count, "softmin");
    return signed_softmin(energies, count, beta, 1.0);
}

double softmin(const xt::xtensor<double, 1>& energies, double beta) {
    return softmin(energies.data(), energies.size(), beta);
}

double softmax(const double* energies, std::size_t count, double beta) {
    check_not_empty(count, "softmax");
    return -signed_softmin(energies, count, beta, -1.0);
}

double softmax(const xt::xtensor<double, 1>& energies, double beta) {
    return softmax(energies.data(), energies.size(), beta);
}

void softargmin(double* weights, const double* energies, std::size_t count, double beta) {
    softargmin_sum(weights, energies, count, beta);
}

double softmin_with_weights(double* weights, const double* energies, std::size_t count, double beta) {
    // softargmin's exponentials are those of softmin's sum, in the same order: the same sum.
    const double sum_exp = softargmin_sum(weights, energies, count, beta);
    const SignedRange range = signed_range(energies, count, 1.0);
    if (beta == zero_temperature_beta) return range.lowest;
    return finite_signed_softmin(energies, count, beta, 1.0, range, sum_exp);
}

xt::xtensor<double, 1> softargmin(const xt::xtensor<double, 1>& energies, double beta) {
    xt::xtensor<double, 1> weights = xt::empty<double>({energies.size()});  // (Z)
    softargmin(weights.data(), energies.data(), energies.size(), beta);
    return weights;
}

}  // namespace ebm

// Checks shared by the tests of the neural energy models: every analytic
// gradient against central finite differences (numerical_checks.hpp).
//
// Legend: R rows (x, y pairs), P parameters, d values per latent.
#pragma once

#include "network_model.hpp"
#include "numerical_checks.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

namespace ebm_test {

// The minimum of E(x, y, z) over a scan of `points` angles z ∈ [0, 2π[, and
// the largest change of E between two neighbours: F∞ over z ∈ R lies in
// [minimum − largest_change, minimum] (E is continuous).
struct CircleScan {
    double minimum;
    double largest_change;
};
inline CircleScan scan_circle(const ebm::Model& model, double x, const ebm::Vec2& y, int points = 20000) {
    CircleScan scan{std::numeric_limits<double>::infinity(), 0.0};
    double previous = model.energy(x, y, std::vector<double>{0.0}.data());
    for (int s = 0; s <= points; ++s) {
        const double z = 2 * M_PI * s / points, energy = model.energy(x, y, &z);
        scan.minimum = std::min(scan.minimum, energy);
        scan.largest_change = std::max(scan.largest_change, std::abs(energy - previous));
        previous = energy;
    }
    return scan;
}

// Finite differences of a ReLU network are exact only away from its kinks:
// true when no hidden pre-activation of f at the inputs x lies within
// `margin` of zero (a step of 1e-5 in a parameter moves them by about that).
inline bool away_from_kinks(const ebm::NetworkModel& model, const std::vector<double>& x, double margin = 1e-4) {
    ebm::MlpActivations activations;
    model.predictor().forward(activations, model.parameters().data(), x.data(), x.size());
    for (std::size_t l = 0; l + 1 < activations.outputs.size(); ++l)
        for (double v : activations.outputs[l])
            if (std::abs(v) < margin) return false;
    return true;
}

// ∂E/∂θ and ∂E/∂z of energy_backward against central differences of energy().
inline void check_energy_gradients(ebm::NetworkModel& model, double x, const ebm::Vec2& y, std::vector<double> z,
                                   double tolerance = 1e-7) {
    auto& params = model.parameters();
    std::vector<double> dparams(params.size(), 0.0), dz(z.size());
    model.energy_backward(dparams.data(), dz.data(), x, y, z.data());
    const auto energy = [&] { return model.energy(x, y, z.data()); };
    check_against_central_differences(params, dparams, energy, tolerance, "parameter");
    check_against_central_differences(z, dz, energy, tolerance, "latent");
}

// L = Σ_r c_r F_β(x_r, y_r) with random c: free_energy_backward against central
// differences of free_energy_forward, for every parameter.
inline void check_free_energy_gradients(ebm::NetworkModel& model, const std::vector<double>& x /* (R) */,
                                        const std::vector<double>& y /* (R, 2) */, double beta,
                                        double tolerance = 1e-7) {
    const std::size_t R = x.size();
    ebm::Rng rng(77);
    std::vector<double> c(R);
    for (double& value : c) value = rng.uniform(0.5, 1.5);
    auto cache = model.make_cache();
    const auto loss = [&] {
        std::vector<double> f(R);
        model.free_energy_forward(f.data(), *cache, x.data(), y.data(), R, beta);
        double sum = 0;
        for (std::size_t r = 0; r < R; ++r) sum += c[r] * f[r];
        return sum;
    };
    loss();
    auto& params = model.parameters();
    std::vector<double> dparams(params.size(), 0.0);
    model.free_energy_backward(dparams.data(), c.data(), *cache);
    INFO(params.size() << " parameters, beta " << beta);
    check_against_central_differences(params, dparams, loss, tolerance, "parameter");
}

}  // namespace ebm_test

// F∞ over continuous z; the method is in continuous_latent.hpp.
#include "continuous_latent.hpp"

#include "latent_grid.hpp"

#include <boost/math/tools/minima.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>

namespace ebm {

namespace {

// Points of the scan on each side of a grid latent, in its cell.
constexpr std::size_t scan_points = 16;

}  // namespace

ContinuousMinimum continuous_minimum(const Model& model, double x, const Vec2& y, const std::vector<double>& latents) {
    if (!model.has_latent_grid() || latents.empty())
        throw std::invalid_argument("continuous_minimum needs a model with a latent grid");
    const std::size_t Z = latents.size();
    std::vector<double> energies(Z);
    for (std::size_t k = 0; k < Z; ++k) energies[k] = model.energy(x, y, &latents[k]);
    ContinuousMinimum best{latents[0], energies[0]};
    for (std::size_t k = 1; k < Z; ++k)
        if (energies[k] < best.f_inf) best = {latents[k], energies[k]};
    const double cell = 2 * M_PI / double(Z);
    const auto energy = [&](double z) { return model.energy(x, y, &z); };
    for (std::size_t k = 0; k < Z; ++k) {
        const double before = energies[(k + Z - 1) % Z], after = energies[(k + 1) % Z];
        if (Z >= 3 && (energies[k] > before || energies[k] > after)) continue;
        // A cell can hold several dips (the ReLUs' kinks): Brent's method
        // starts from the best of a finer scan of it.
        const double step = cell / double(scan_points);
        double start = latents[k], lowest = energies[k];
        const auto side = std::ptrdiff_t(scan_points);
        for (std::ptrdiff_t s = -side; s <= side; ++s) {
            if (s == 0) continue;  // z_k itself
            const double z = latents[k] + step * double(s), value = energy(z);
            if (value < lowest) lowest = value, start = z;
        }
        boost::uintmax_t iterations = 200;
        const auto found = boost::math::tools::brent_find_minima(energy, start - step, start + step,
                                                                 std::numeric_limits<double>::digits, iterations);
        if (found.second < lowest) start = found.first, lowest = found.second;
        if (lowest < best.f_inf) best = {wrap_angle(start), lowest};
    }
    return best;
}

}  // namespace ebm

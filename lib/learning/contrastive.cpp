// Contrastive samples; strategies and legend in contrastive.hpp.
#include "contrastive.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "name_table.hpp"
#include "rng.hpp"

namespace ebm {

namespace {

constexpr NameTable<ContrastiveKind, 3> contrastive_names{"contrastive strategy",
                                                          {{{ContrastiveKind::most_offending, "most-offending"},
                                                            {ContrastiveKind::random_uniform, "random-uniform"},
                                                            {ContrastiveKind::random_gaussian, "random-gaussian"}}}};

[[noreturn]] void throw_out_of_range(const std::string& parameter, double value, const char* allowed) {
    std::ostringstream message;
    message << "contrastive parameter " << parameter << " = " << value << " is out of range: it must be "
            << allowed;
    throw std::invalid_argument(message.str());
}

void validate_window(const YWindow& window, const std::string& name) {
    const double bounds[4] = {window.y1_min, window.y1_max, window.y2_min, window.y2_max};
    const char* bound_names[4] = {".y1_min", ".y1_max", ".y2_min", ".y2_max"};
    for (int b = 0; b < 4; ++b) {
        if (!std::isfinite(bounds[b])) throw_out_of_range(name + bound_names[b], bounds[b], "finite");
    }
    if (!(window.y1_min < window.y1_max)) {
        throw_out_of_range(name + ".y1_max", window.y1_max, "greater than y1_min");
    }
    if (!(window.y2_min < window.y2_max)) {
        throw_out_of_range(name + ".y2_max", window.y2_max, "greater than y2_min");
    }
}

// n evenly spaced points from lo to hi, both ends exact: the weighted form
// (lo·(n−1−i) + hi·i)/(n−1) hits lo and hi (and 0 mid-way on a symmetric
// window) exactly, where lo + i·step drifts.
std::vector<double> evenly_spaced(double lo, double hi, std::size_t n) {
    std::vector<double> points(n);  // (n)
    const double intervals = static_cast<double>(n - 1);
    for (std::size_t i = 0; i < n; ++i) {
        const double weight_hi = static_cast<double>(i);
        points[i] = (lo * (intervals - weight_hi) + hi * weight_hi) / intervals;
    }
    return points;
}

}  // namespace

// ---- names and validation ------------------------------------------------------

std::string contrastive_name(ContrastiveKind kind) { return contrastive_names.name(kind); }
std::string allowed_contrastive_names() { return contrastive_names.allowed(); }
ContrastiveKind contrastive_kind_from_name(const std::string& name) { return contrastive_names.parse(name); }

void validate_contrastive_params(const ContrastiveParams& params) {
    if (params.count < 1) throw_out_of_range("count", 0.0, ">= 1");
    validate_window(params.grid_window, "grid_window");
    if (params.grid_y1_points < 2) {
        throw_out_of_range("grid_y1_points", static_cast<double>(params.grid_y1_points), ">= 2");
    }
    if (params.grid_y2_points < 2) {
        throw_out_of_range("grid_y2_points", static_cast<double>(params.grid_y2_points), ">= 2");
    }
    if (!(params.exclusion_radius >= 0.0) || !std::isfinite(params.exclusion_radius)) {
        throw_out_of_range("exclusion_radius", params.exclusion_radius, "finite and >= 0");
    }
    validate_window(params.uniform_box, "uniform_box");
    if (!(params.sigma > 0.0) || !std::isfinite(params.sigma)) {
        throw_out_of_range("sigma", params.sigma, "finite and > 0");
    }
}

// ---- most-offending ----------------------------------------------------------------

ContrastiveGrid most_offending_grid(const ContrastiveParams& params) {
    const YWindow& window = params.grid_window;
    return ContrastiveGrid{evenly_spaced(window.y1_min, window.y1_max, params.grid_y1_points),
                           evenly_spaced(window.y2_min, window.y2_max, params.grid_y2_points)};
}

std::vector<std::array<double, 2>> most_offending_samples(const ContrastiveGrid& grid,
                                                          const xt::xtensor<double, 2>& free_energy_map /* (N2, N1) */,
                                                          const std::array<double, 2>& sample,
                                                          double exclusion_radius, std::size_t count) {
    const std::size_t n1 = grid.y1.size(), n2 = grid.y2.size();
    if (free_energy_map.shape(0) != n2 || free_energy_map.shape(1) != n1) {
        throw std::invalid_argument("most_offending_samples: free-energy map is (" +
                                    std::to_string(free_energy_map.shape(0)) + ", " +
                                    std::to_string(free_energy_map.shape(1)) + "), the grid is (N2, N1) = (" +
                                    std::to_string(n2) + ", " + std::to_string(n1) + ")");
    }
    // Squared distances throughout: "farther than ε" needs no square root.
    const double radius_squared = exclusion_radius * exclusion_radius;
    std::vector<std::pair<double, std::size_t>> candidates;  // (≤ N2·N1) (F, flat index j·N1 + i)
    candidates.reserve(n1 * n2);
    for (std::size_t j = 0; j < n2; ++j) {
        const double dy2 = grid.y2[j] - sample[1];
        for (std::size_t i = 0; i < n1; ++i) {
            const double dy1 = grid.y1[i] - sample[0];
            if (dy1 * dy1 + dy2 * dy2 <= radius_squared) continue;
            const double free_energy = free_energy_map(j, i);
            if (std::isnan(free_energy)) {
                std::ostringstream message;
                message << "most-offending: free energy is NaN at grid point (" << grid.y1[i] << ", "
                        << grid.y2[j] << ")";
                throw std::runtime_error(message.str());
            }
            candidates.emplace_back(free_energy, j * n1 + i);
        }
    }
    if (candidates.size() < count) {
        std::ostringstream message;
        message << "most-offending: only " << candidates.size() << " grid points lie farther than "
                << "exclusion_radius = " << exclusion_radius << " from y = (" << sample[0] << ", " << sample[1]
                << "), " << count << " needed: lower exclusion_radius or widen the grid";
        throw std::runtime_error(message.str());
    }
    // Pairs compare by F, then by index: lowest first, ties to the lower index.
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(count),
                      candidates.end());
    std::vector<std::array<double, 2>> offending(count);  // (K)
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t flat = candidates[k].second;
        offending[k] = {grid.y1[flat % n1], grid.y2[flat / n1]};
    }
    return offending;
}

// ---- any strategy, by kind ---------------------------------------------------------

std::vector<std::array<double, 2>> pick_contrastive(const ContrastiveParams& params,
                                                    const FreeEnergyFunction& free_energy,
                                                    const std::array<double, 2>& sample, std::uint64_t step,
                                                    std::uint64_t sample_index) {
    validate_contrastive_params(params);
    if (params.kind == ContrastiveKind::most_offending) {
        const ContrastiveGrid grid = most_offending_grid(params);
        xt::xtensor<double, 2> free_energy_map({grid.y2.size(), grid.y1.size()});  // (N2, N1)
        for (std::size_t j = 0; j < grid.y2.size(); ++j) {
            for (std::size_t i = 0; i < grid.y1.size(); ++i) free_energy_map(j, i) = free_energy(grid.y1[i], grid.y2[j]);
        }
        return most_offending_samples(grid, free_energy_map, sample, params.exclusion_radius, params.count);
    }

    Rng rng(derive_seed(params.seed, step), sample_index);
    std::vector<std::array<double, 2>> contrastive(params.count);  // (K)
    for (auto& point : contrastive) {
        // y1 is drawn before y2: the order is part of the stream's contract.
        if (params.kind == ContrastiveKind::random_uniform) {
            point[0] = rng.uniform(params.uniform_box.y1_min, params.uniform_box.y1_max);
            point[1] = rng.uniform(params.uniform_box.y2_min, params.uniform_box.y2_max);
        } else {
            point[0] = sample[0] + params.sigma * rng.normal();
            point[1] = sample[1] + params.sigma * rng.normal();
        }
    }
    return contrastive;
}

}  // namespace ebm

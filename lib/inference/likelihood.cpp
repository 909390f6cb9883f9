// The free energy as a likelihood; the mathematics is in likelihood.hpp.
#include "likelihood.hpp"

#include "free_energy.hpp"
#include "mean_in_order.hpp"
#include "parallel_chunks.hpp"
#include "point_free_energies.hpp"

#include <boost/math/tools/minima.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace ebm {

namespace {

// The read-out's Brent search: bits of log β (relative precision ~1e-6 of β̂).
constexpr int readout_bits = 20;

// The most angles of the generator's quadrature: enough for a point 1e6 σ off a curve of ρ 1e3 σ.
constexpr std::size_t max_angles = std::size_t(1) << 26;

// values[n] = body(n) for n < N, in parallel if the work is worth it; body must not throw.
template <typename Body>
xt::xtensor<double, 1> per_point(std::size_t N, double work_per_point, const Body& body) {
    xt::xtensor<double, 1> values = xt::empty<double>({N});
#pragma omp parallel for schedule(dynamic, 64) if (worth_threads(double(N) * work_per_point))
    for (std::size_t n = 0; n < N; ++n) values(n) = body(n);
    return values;
}

// cos θ_k and sin θ_k of θ_k = 2πk/n, n a power of two, computed once per n and thread.
struct AngleTable {
    std::vector<double> cos, sin;
};
const AngleTable& angle_table(std::size_t n) {
    thread_local std::vector<AngleTable> tables(64);  // by log2 n
    const auto bits = std::size_t(__builtin_ctzll(n));
    AngleTable& table = tables[bits];
    if (table.cos.size() != n) {
        table.cos.resize(n), table.sin.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            const double theta = 2 * M_PI * double(k) / double(n);
            table.cos[k] = std::cos(theta), table.sin[k] = std::sin(theta);
        }
    }
    return table;
}

// Throws std::invalid_argument unless σ > 0, where the density is defined.
void check_generator(const HornShape& shape) {
    if (!(shape.sigma > 0) || !std::isfinite(shape.sigma))
        throw std::invalid_argument("the generator's density needs σ > 0 (got " + std::to_string(shape.sigma) + ")");
}

xt::xtensor<double, 2> as_density_map(const xt::xtensor<double, 1>& nll, std::size_t N1, std::size_t N2) {
    xt::xtensor<double, 2> map = xt::empty<double>({N2, N1});
    for (std::size_t p = 0; p < N1 * N2; ++p) map.data()[p] = std::exp(-nll(p));
    return map;
}

}  // namespace

double nll_from_free_energy(double free_energy, double beta) { return beta * free_energy - std::log(beta / M_PI); }

void check_likelihood(const Model& model, double beta) {
    if (!model.has_latent_grid())
        throw std::invalid_argument("the " + model.name() +
                                    " model has no likelihood: its latent is continuous, F_β has no grid to average over");
    if (!(beta > 0) || !std::isfinite(beta))
        throw std::invalid_argument("the likelihood's β must be finite and > 0 (got " + std::to_string(beta) + ")");
}

xt::xtensor<double, 1> model_nll(const Model& model, const xt::xtensor<double, 1>& x, const xt::xtensor<double, 2>& y,
                                 double beta) {
    check_likelihood(model, beta);
    const std::size_t N = x.size();
    if (y.shape()[0] != N || y.shape()[1] != 2) throw std::invalid_argument("model_nll: y must be (N, 2) for x (N)");
    xt::xtensor<double, 1> nll = xt::empty<double>({N});
    point_free_energies(model, beta, N, x.data(), y.data(), nll.data());
    for (double& value : nll) value = nll_from_free_energy(value, beta);
    return nll;
}

double mean_model_nll(const Model& model, const xt::xtensor<double, 1>& x, const xt::xtensor<double, 2>& y,
                      double beta) {
    return mean_in_order(model_nll(model, x, y, beta));
}

double generator_nll(const HornShape& shape, double x, const Vec2& y) {
    check_generator(shape);
    const double sigma = shape.sigma;
    const auto rho = horn_radii(shape, x);
    const double rho_max = std::max(std::abs(rho[0]), std::abs(rho[1])), radius = std::hypot(y[0], y[1]);
    // The integrand's narrowest peak over θ, and at least two points per width
    // of it: n the power of two at or above, so that the angles are tabulated.
    const double width = sigma / std::sqrt(rho_max * (radius + 2 * rho_max));
    std::size_t n = 64;
    while (double(n) < 2 * M_PI / (width / 2) && n < max_angles) n *= 2;
    const AngleTable& angles = angle_table(n);
    thread_local std::vector<double> squared;
    squared.resize(n);
    double least = INFINITY;
    for (std::size_t k = 0; k < n; ++k) {
        const double r1 = y[0] - rho[0] * angles.cos[k], r2 = y[1] - rho[1] * angles.sin[k];
        squared[k] = r1 * r1 + r2 * r2;
        least = std::min(least, squared[k]);
    }
    double sum = 0;  // shifted by the least distance: finite however far y is
    for (double d2 : squared) sum += std::exp(-(d2 - least) / (2 * sigma * sigma));
    return least / (2 * sigma * sigma) - std::log(sum / double(n)) + std::log(2 * M_PI * sigma * sigma);
}

xt::xtensor<double, 1> generator_nll(const HornShape& shape, const xt::xtensor<double, 1>& x,
                                     const xt::xtensor<double, 2>& y) {
    check_generator(shape);  // before the loop: per_point's body must not throw
    return per_point(x.size(), 1e3, [&](std::size_t n) { return generator_nll(shape, x(n), {y(n, 0), y(n, 1)}); });
}

ReadOut readout_beta(const Model& model, const xt::xtensor<double, 1>& x, const xt::xtensor<double, 2>& y,
                     std::size_t steps_per_decade) {
    if (steps_per_decade < 1) throw std::invalid_argument("readout_beta: steps_per_decade must be ≥ 1");
    const int low = int(readout_log10_min), high = int(readout_log10_max);
    const std::size_t R = std::size_t(high - low) * steps_per_decade + 1;
    ReadOut readout;
    readout.scan_log10_beta = xt::empty<double>({R});
    readout.scan_mean_nll = xt::empty<double>({R});
    int best = low;  // the best decade: a whole power of ten
    double best_value = INFINITY;
    for (std::size_t r = 0; r < R; ++r) {
        const double log10_beta = readout_log10_min + double(r) / double(steps_per_decade);
        readout.scan_log10_beta(r) = log10_beta;
        readout.scan_mean_nll(r) = mean_model_nll(model, x, y, std::pow(10.0, log10_beta));
        if (r % steps_per_decade == 0 && readout.scan_mean_nll(r) < best_value)
            best = low + int(r / steps_per_decade), best_value = readout.scan_mean_nll(r);
    }
    const auto mean_nll = [&](double log_beta) { return mean_model_nll(model, x, y, std::exp(log_beta)); };
    const double from = double(std::max(best - 1, low)) * M_LN10, to = double(std::min(best + 1, high)) * M_LN10;
    boost::uintmax_t iterations = 200;
    const auto found = boost::math::tools::brent_find_minima(mean_nll, from, to, readout_bits, iterations);
    double log_beta = found.first;
    if (found.second <= best_value) {
        readout.beta = std::exp(found.first), readout.mean_nll = found.second;
    } else {  // the best decade itself is lower: a minimum at an end of the range
        log_beta = double(best) * M_LN10;
        readout.beta = std::pow(10.0, double(best)), readout.mean_nll = best_value;
    }
    readout.sigma = 1 / std::sqrt(2 * readout.beta);
    const double tolerance = 1e-4;
    readout.at_bound = log_beta < double(low) * M_LN10 + tolerance || log_beta > double(high) * M_LN10 - tolerance;
    return readout;
}

GeneratorSample generator_sample(const HornShape& shape, std::size_t count, std::uint64_t seed,
                                 std::optional<double> fixed_x) {
    if (count < 2) throw std::invalid_argument("the KL's Monte Carlo needs at least 2 samples");
    GeneratorSample fresh{sample_horn(shape, count, seed, fixed_x), {}};
    fresh.nll = generator_nll(shape, fresh.samples.x, fresh.samples.y);
    return fresh;
}

KlEstimate generator_kl(const Model& model, double beta, const GeneratorSample& fresh) {
    const xt::xtensor<double, 1> difference = model_nll(model, fresh.samples.x, fresh.samples.y, beta) - fresh.nll;
    KlEstimate estimate;
    estimate.samples = difference.size();
    estimate.kl = mean_in_order(difference);
    double squares = 0;
    for (double value : difference) squares += (value - estimate.kl) * (value - estimate.kl);
    estimate.standard_error = std::sqrt(squares / double(estimate.samples - 1) / double(estimate.samples));
    return estimate;
}

xt::xtensor<double, 2> model_density_map(const Model& model, double x, const xt::xtensor<double, 1>& y1,
                                         const xt::xtensor<double, 1>& y2, double beta) {
    const PlanePoints points = plane_points(x, y1, y2);
    return as_density_map(model_nll(model, points.x, points.y, beta), y1.size(), y2.size());
}

xt::xtensor<double, 2> generator_density_map(const HornShape& shape, double x, const xt::xtensor<double, 1>& y1,
                                             const xt::xtensor<double, 1>& y2) {
    const PlanePoints points = plane_points(x, y1, y2);
    return as_density_map(generator_nll(shape, points.x, points.y), y1.size(), y2.size());
}

}  // namespace ebm

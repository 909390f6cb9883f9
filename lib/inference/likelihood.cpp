// The free energy as a likelihood; the mathematics is in likelihood.hpp.
#include "likelihood.hpp"

#include "free_energy.hpp"

#include <boost/math/tools/minima.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace ebm {

namespace {

// Rows per call of free_energy_forward in the parallel loops.
constexpr std::size_t chunk_rows = 256;
// The read-out's Brent search: bits of log β (relative precision ~1e-6 of β̂).
constexpr int readout_bits = 20;

// About a millisecond of work: less is faster on one thread than a parallel
// region costs, above all on a busy machine.
constexpr double parallel_work = 2e6;
// The most angles of the generator's quadrature: enough for a point 1e6 σ off a curve of ρ 1e3 σ.
constexpr std::size_t max_angles = std::size_t(1) << 26;

// values[n] = body(n) for n < N, in parallel if the work is worth it; body must not throw.
template <typename Body>
xt::xtensor<double, 1> per_point(std::size_t N, double work_per_point, const Body& body) {
    xt::xtensor<double, 1> values = xt::empty<double>({N});
#pragma omp parallel for schedule(dynamic, 64) if (double(N) * work_per_point >= parallel_work)
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

// The grid y1 × y2 as points at one x: point j·N1 + i is (y1[i], y2[j]).
void grid_points(double x, const xt::xtensor<double, 1>& y1, const xt::xtensor<double, 1>& y2,
                 xt::xtensor<double, 1>& points_x, xt::xtensor<double, 2>& points_y) {
    const std::size_t N1 = y1.size(), N2 = y2.size();
    points_x = xt::xtensor<double, 1>::from_shape({N1 * N2});
    points_y = xt::xtensor<double, 2>::from_shape({N1 * N2, std::size_t(2)});
    for (std::size_t j = 0; j < N2; ++j)
        for (std::size_t i = 0; i < N1; ++i) {
            points_x(j * N1 + i) = x;
            points_y(j * N1 + i, 0) = y1(i);
            points_y(j * N1 + i, 1) = y2(j);
        }
}

xt::xtensor<double, 2> as_density_map(const xt::xtensor<double, 1>& nll, std::size_t N1, std::size_t N2) {
    xt::xtensor<double, 2> map = xt::empty<double>({N2, N1});
    for (std::size_t p = 0; p < N1 * N2; ++p) map.data()[p] = std::exp(-nll(p));
    return map;
}

}  // namespace

double mean_in_order(const xt::xtensor<double, 1>& values) {
    double sum = 0;
    for (double value : values) sum += value;
    return sum / double(values.size());
}

double mean_in_order(const xt::xtensor<double, 1>& values, const std::vector<std::size_t>& rows) {
    double sum = 0;
    for (std::size_t row : rows) sum += values(row);
    return sum / double(rows.size());
}

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
    const std::size_t N = x.size(), chunks = (N + chunk_rows - 1) / chunk_rows;
    if (y.shape()[0] != N || y.shape()[1] != 2) throw std::invalid_argument("model_nll: y must be (N, 2) for x (N)");
    xt::xtensor<double, 1> nll = xt::empty<double>({N});
#pragma omp parallel if (double(N) * model.work_per_row() >= parallel_work)
    {
        const auto cache = model.make_cache();
#pragma omp for schedule(dynamic)
        for (std::size_t c = 0; c < chunks; ++c) {
            const std::size_t first = c * chunk_rows, rows = std::min(chunk_rows, N - first);
            model.free_energy_forward(&nll(first), *cache, &x(first), &y(first, 0), rows, beta);
            for (std::size_t r = first; r < first + rows; ++r) nll(r) = nll_from_free_energy(nll(r), beta);
        }
    }
    return nll;
}

double mean_model_nll(const Model& model, const xt::xtensor<double, 1>& x, const xt::xtensor<double, 2>& y,
                      double beta) {
    return mean_in_order(model_nll(model, x, y, beta));
}

double generator_nll(const HornShape& shape, double x, const Vec2& y) {
    const double sigma = shape.sigma;
    if (!(sigma > 0) || !std::isfinite(sigma))
        throw std::invalid_argument("the generator's density needs σ > 0 (got " + std::to_string(sigma) + ")");
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
    if (!(shape.sigma > 0) || !std::isfinite(shape.sigma))
        throw std::invalid_argument("the generator's density needs σ > 0 (got " + std::to_string(shape.sigma) + ")");
    return per_point(x.size(), 1e3, [&](std::size_t n) { return generator_nll(shape, x(n), {y(n, 0), y(n, 1)}); });
}

ReadOut readout_beta(const Model& model, const xt::xtensor<double, 1>& x, const xt::xtensor<double, 2>& y) {
    const auto mean_nll = [&](double log_beta) { return mean_model_nll(model, x, y, std::exp(log_beta)); };
    const int low = int(readout_log10_min), high = int(readout_log10_max);
    int best = low;
    double best_value = INFINITY;
    for (int e = low; e <= high; ++e) {
        const double value = mean_nll(double(e) * M_LN10);
        if (value < best_value) best = e, best_value = value;
    }
    const double from = double(std::max(best - 1, low)) * M_LN10, to = double(std::min(best + 1, high)) * M_LN10;
    boost::uintmax_t iterations = 200;
    auto found = boost::math::tools::brent_find_minima(mean_nll, from, to, readout_bits, iterations);
    if (!(found.second <= best_value)) found = {double(best) * M_LN10, best_value};
    ReadOut readout;
    readout.beta = std::exp(found.first);
    readout.sigma = 1 / std::sqrt(2 * readout.beta);
    readout.mean_nll = found.second;
    const double tolerance = 1e-4;
    readout.at_bound = found.first < double(low) * M_LN10 + tolerance || found.first > double(high) * M_LN10 - tolerance;
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
    xt::xtensor<double, 1> points_x;
    xt::xtensor<double, 2> points_y;
    grid_points(x, y1, y2, points_x, points_y);
    return as_density_map(model_nll(model, points_x, points_y, beta), y1.size(), y2.size());
}

xt::xtensor<double, 2> generator_density_map(const HornShape& shape, double x, const xt::xtensor<double, 1>& y1,
                                             const xt::xtensor<double, 1>& y2) {
    xt::xtensor<double, 1> points_x;
    xt::xtensor<double, 2> points_y;
    grid_points(x, y1, y2, points_x, points_y);
    return as_density_map(generator_nll(shape, points_x, points_y), y1.size(), y2.size());
}

}  // namespace ebm

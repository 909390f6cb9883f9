// Tests of lib/inference/likelihood: p_β integrates to 1 by 2-D quadrature
// for the ellipse and the network models; the NLL against a plain loop over
// the latents and the one-Gaussian closed form; the generator's density
// against the circle's Bessel closed form and its own 2-D normalisation; the
// limits in β; the read-out β̂ on data drawn from the model itself; the KL
// against a quadrature of it.
#include "likelihood.hpp"

#include "conditional_model.hpp"
#include "decoder_mlp_model.hpp"
#include "ellipse.hpp"
#include "latent_grid.hpp"
#include "latent_model.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

using namespace ebm;

namespace {

// The grid round a set of centres, `reach` beyond them on every side, with this step.
xt::xtensor<double, 1> axis(double low, double high, double reach, double step) {
    const auto n = std::size_t(std::ceil((high - low + 2 * reach) / step)) + 1;
    xt::xtensor<double, 1> values = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; ++i) values(i) = low - reach + step * double(i);
    return values;
}

// ∫ p_β(y | x) dy by the rectangle rule (the trapezoidal rule, the ends being
// nil) over the manifold's bounding box ± 8 standard deviations 1/√(2β): the
// mass beyond is below 2·erfc(8/√2) ≈ 1.2e-15 per axis, and the rule's error
// for a Gaussian of width s at step s/2 about exp(−2π²·4) ≈ 1e-34.
double total_probability(const Model& model, double x, double beta) {
    const auto latents = latent_grid(model.latent_count());
    std::vector<double> centres(2 * latents.size());
    model.decode(centres.data(), x, latents.data(), latents.size());
    double low[2] = {INFINITY, INFINITY}, high[2] = {-INFINITY, -INFINITY};
    for (std::size_t k = 0; k < latents.size(); ++k)
        for (int d = 0; d < 2; ++d) low[d] = std::min(low[d], centres[2 * k + d]), high[d] = std::max(high[d], centres[2 * k + d]);
    const double s = 1 / std::sqrt(2 * beta), step = s / 2;
    const auto map = model_density_map(model, x, axis(low[0], high[0], 8 * s, step), axis(low[1], high[1], 8 * s, step), beta);
    double sum = 0;
    for (double p : map) sum += p;
    return sum * step * step;
}

// −log p_β by its definition: β/π times the mean over the grid of exp(−β E), E by model.energy.
double nll_by_loop(const Model& model, double x, const Vec2& y, double beta) {
    const auto latents = latent_grid(model.latent_count());
    long double sum = 0;
    for (double z : latents) sum += std::exp(-(long double)beta * model.energy(x, y, &z));
    return -double(std::log((long double)beta / M_PIl * sum / (long double)latents.size()));
}

double nll_at(const Model& model, double x, const Vec2& y, double beta) {
    const xt::xtensor<double, 1> xs = {x};
    const xt::xtensor<double, 2> ys = {{y[0], y[1]}};
    return model_nll(model, xs, ys, beta)(0);
}

std::unique_ptr<Model> network(NetworkKind kind, std::uint64_t seed) {
    NetworkConfig config;
    config.kind = kind;
    std::unique_ptr<Model> model;
    if (kind == NetworkKind::conditional) model = std::make_unique<ConditionalModel>(config);
    else model = std::make_unique<DecoderMlpModel>(config);
    model->initialise(seed);
    return model;
}

}  // namespace

TEST_CASE("p_β integrates to 1 over y for random w, several β, the ellipse and the network models", "[likelihood]") {
    Rng rng(5);
    for (const double beta : {0.5, 3.0, 30.0, 300.0}) {
        for (int draw = 0; draw < 2; ++draw) {
            const EllipseModel ellipse(48, {rng.uniform(-3, 3), rng.uniform(-3, 3)});
            INFO("ellipse w = (" << ellipse.w().w1 << ", " << ellipse.w().w2 << "), β = " << beta);
            CHECK(std::abs(total_probability(ellipse, 0.0, beta) - 1) < 1e-10);
        }
        for (const auto kind : {NetworkKind::conditional, NetworkKind::decoder_mlp}) {
            const auto model = network(kind, 11 + std::uint64_t(beta));
            const double x = rng.uniform(0, 1);
            INFO(model->name() << " at x = " << x << ", β = " << beta);
            CHECK(std::abs(total_probability(*model, x, beta) - 1) < 1e-10);
        }
    }
}

TEST_CASE("the NLL is β F_β − log(β/π): against a plain loop over z and a single Gaussian", "[likelihood]") {
    const EllipseModel ellipse(48, {2.0, 1.5});
    const auto conditional = network(NetworkKind::conditional, 3);
    const std::vector<Vec2> points = {{2.0, 0.0}, {0.3, 1.4}, {-1.0, -1.0}, {0.0, 0.0}, {2.5, -1.7}};
    for (const double beta : {0.1, 1.0, 20.0}) {
        for (const auto& y : points) {
            INFO("β = " << beta << ", y = (" << y[0] << ", " << y[1] << ")");
            CHECK(nll_at(ellipse, 0.0, y, beta) == Approx(nll_by_loop(ellipse, 0.0, y, beta)).epsilon(1e-12).margin(1e-12));
            CHECK(nll_at(*conditional, 0.4, y, beta) ==
                  Approx(nll_by_loop(*conditional, 0.4, y, beta)).epsilon(1e-12).margin(1e-12));
        }
    }
    // One latent, z = 0: p_β is the Gaussian N((w1, 0), I/(2β)), −log p = β‖y − (w1, 0)‖² − log(β/π).
    const EllipseModel single(1, {1.3, 0.7});
    for (const double beta : {0.01, 2.0, 500.0})
        for (const auto& y : points) {
            const double d2 = (y[0] - 1.3) * (y[0] - 1.3) + y[1] * y[1];
            CHECK(nll_at(single, 0.0, y, beta) == Approx(beta * d2 - std::log(beta / M_PI)).epsilon(1e-13));
        }
}

TEST_CASE("β → ∞ concentrates p_β on the manifold, finite at every finite β", "[likelihood]") {
    const EllipseModel ellipse(48, {2.0, 1.5});
    const Vec2 on_grid{2.0, 0.0}, off{0.5, 0.5};  // g(z_0), and a point inside the ellipse
    double previous_on = INFINITY;
    for (const double beta : {1e-12, 1e-6, 1.0, 1e3, 1e6, 1e9, 1e12, 1e15, 1e300}) {
        INFO("β = " << beta);
        const double on = nll_at(ellipse, 0.0, on_grid, beta), far = nll_at(ellipse, 0.0, off, beta);
        CHECK(std::isfinite(on));
        CHECK(std::isfinite(far));
        CHECK(std::isfinite(std::exp(-on)));
        if (beta >= 1e3) {
            // At g(z_0) the density grows like β/(πZ); off the manifold it vanishes.
            CHECK(on == Approx(-std::log(beta / (M_PI * 48))).epsilon(1e-9));
            CHECK(on < previous_on);
            CHECK(std::exp(-far) <= std::exp(-on));
            previous_on = on;
        }
    }
    CHECK(std::exp(-nll_at(ellipse, 0.0, off, 1e6)) == 0.0);
    CHECK_THROWS_AS(nll_at(ellipse, 0.0, on_grid, INFINITY), std::invalid_argument);
    CHECK_THROWS_AS(nll_at(ellipse, 0.0, on_grid, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(nll_at(ellipse, 0.0, on_grid, -1.0), std::invalid_argument);
    NetworkConfig latent_config;
    latent_config.kind = NetworkKind::latent;
    const LatentModel latent(latent_config);
    CHECK_THROWS_AS(nll_at(latent, 0.0, on_grid, 1.0), std::invalid_argument);
}

TEST_CASE("the generator's density: the circle's Bessel closed form, and it integrates to 1", "[likelihood]") {
    // α = β_d = 1 at x = 0: a circle of radius r = 1, whose density is
    // exp(−(r² + |y|²)/2σ²) I0(r|y|/σ²) / (2πσ²).
    const HornShape circle{1.0, 1.0, 0.3};
    for (const Vec2 y : {Vec2{0, 0}, Vec2{1, 0}, Vec2{0.3, -0.8}, Vec2{1.5, 1.5}, Vec2{-0.1, 0.05}}) {
        const double radius = std::hypot(y[0], y[1]), s2 = 0.09;
        const double exact = -std::log(std::exp(-(1 + radius * radius) / (2 * s2)) * std::cyl_bessel_i(0.0, radius / s2) /
                                       (2 * M_PI * s2));
        INFO("y = (" << y[0] << ", " << y[1] << ")");
        CHECK(generator_nll(circle, 0.0, y) == Approx(exact).epsilon(1e-12).margin(1e-12));
    }
    // The lecture's ellipse (σ = 0.05) and a noisier horn at x = 0.7: total
    // mass 1 by 2-D quadrature, ±10σ round the curve, at step σ/2.
    for (const auto& [shape, x] : {std::pair{HornShape{}, 0.0}, std::pair{HornShape{1.5, 2.0, 0.2}, 0.7}}) {
        const auto rho = horn_radii(shape, x);
        const double step = shape.sigma / 2;
        const auto y1 = axis(-rho[0], rho[0], 10 * shape.sigma, step), y2 = axis(-rho[1], rho[1], 10 * shape.sigma, step);
        double sum = 0;
        for (double p : generator_density_map(shape, x, y1, y2)) sum += p;
        INFO("σ = " << shape.sigma << ", x = " << x << ": total " << sum * step * step);
        CHECK(std::abs(sum * step * step - 1) < 1e-10);
    }
    CHECK_THROWS_AS(generator_nll(HornShape{1.5, 2.0, 0.0}, 0.0, Vec2{2, 0}), std::invalid_argument);
}

TEST_CASE("the read-out β̂ recovers the noise of data drawn from the model itself", "[likelihood]") {
    // y = g(z_k) + N(0, s²I), k uniform on the model's own grid: the maximum-likelihood β is 1/(2s²).
    const EllipseModel ellipse(48, {2.0, 1.5});
    const auto latents = latent_grid(48);
    const double s = 0.1;
    const std::size_t N = 4000;
    xt::xtensor<double, 1> x = xt::zeros<double>({N});
    xt::xtensor<double, 2> y = xt::empty<double>({N, std::size_t(2)});
    Rng rng(21);
    for (std::size_t n = 0; n < N; ++n) {
        const double z = latents(std::min<std::size_t>(47, std::size_t(rng.uniform(0, 48))));
        y(n, 0) = 2.0 * std::cos(z) + rng.normal(0, s);
        y(n, 1) = 1.5 * std::sin(z) + rng.normal(0, s);
    }
    const ReadOut readout = readout_beta(ellipse, x, y);
    // The estimate of 1/(2s²) = 50 from 2N values has a relative error of about 1/√N ≈ 1.6 %.
    CHECK(readout.beta == Approx(50).epsilon(0.06));
    CHECK(readout.sigma == Approx(1 / std::sqrt(2 * readout.beta)));
    CHECK_FALSE(readout.at_bound);
    CHECK(readout.mean_nll == Approx(mean_model_nll(ellipse, x, y, readout.beta)));
    CHECK(readout.mean_nll <= mean_model_nll(ellipse, x, y, readout.beta * 1.01));
    CHECK(readout.mean_nll <= mean_model_nll(ellipse, x, y, readout.beta / 1.01));
}

TEST_CASE("the read-out's scan is the mean NLL at whole powers of ten; a minimum at the end is at that end", "[likelihood]") {
    // Points on the model's own grid latents: as β → ∞, β F_β → log Z and
    // −log p_β = β F_β − log(β/π) falls without end, so β̂ is the range's top.
    const EllipseModel ellipse(12, {2.0, 1.5});
    const auto latents = latent_grid(12);
    xt::xtensor<double, 1> x = xt::zeros<double>({std::size_t(12)});
    xt::xtensor<double, 2> y = xt::empty<double>({std::size_t(12), std::size_t(2)});
    for (std::size_t k = 0; k < 12; ++k) y(k, 0) = 2.0 * std::cos(latents(k)), y(k, 1) = 1.5 * std::sin(latents(k));
    const ReadOut readout = readout_beta(ellipse, x, y, 4);
    REQUIRE(readout.scan_log10_beta.size() == std::size_t(4 * (readout_log10_max - readout_log10_min) + 1));
    for (std::size_t r = 0; r < readout.scan_log10_beta.size(); ++r) {
        CHECK(readout.scan_log10_beta(r) == readout_log10_min + double(r) / 4);
        CHECK(readout.scan_mean_nll(r) == mean_model_nll(ellipse, x, y, std::pow(10.0, readout.scan_log10_beta(r))));
    }
    CHECK(readout.at_bound);
    CHECK(readout.beta == Approx(std::pow(10.0, readout_log10_max)).epsilon(1e-12));
    CHECK(readout.mean_nll <= readout.scan_mean_nll(readout.scan_mean_nll.size() - 1));
    // One step per decade gives the same β̂: the search starts from the same decades.
    CHECK(readout_beta(ellipse, x, y).beta == readout.beta);
}

TEST_CASE("the Monte Carlo KL against a quadrature of ∫ p log(p / p_β)", "[likelihood]") {
    const HornShape circle{1.0, 1.0, 0.3};
    const EllipseModel ellipse(48, {1.2, 0.9});
    const double beta = 2.0, step = 0.03;
    const auto y1 = axis(-1.2, 1.2, 3.0, step), y2 = axis(-1.2, 1.2, 3.0, step);
    const auto p = generator_density_map(circle, 0.0, y1, y2), q = model_density_map(ellipse, 0.0, y1, y2, beta);
    double kl = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p.data()[i] > 0) kl += p.data()[i] * std::log(p.data()[i] / q.data()[i]) * step * step;
    const KlEstimate estimate = generator_kl(ellipse, beta, generator_sample(circle, 20000, 3, 0.0));
    INFO("quadrature " << kl << ", Monte Carlo " << estimate.kl << " ± " << estimate.standard_error);
    CHECK(estimate.samples == 20000);
    CHECK(estimate.standard_error > 0);
    CHECK(estimate.standard_error < 0.1 * kl);
    CHECK(std::abs(estimate.kl - kl) < 4 * estimate.standard_error);
}

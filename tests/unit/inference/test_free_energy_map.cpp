// Tests of lib/free_energy_map: the fast kernel against the naive per-point loop
// built from ellipse_model and free_energy, bit-identity across thread counts,
// progress reporting and input validation.
//
// Legend: Z latents; B betas; N1 y1 values (columns i); N2 y2 values (rows j).
#include "free_energy_map.hpp"

#include "free_energy.hpp"

#include <catch2/catch.hpp>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

using ebm::EllipseParams;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

xt::xtensor<double, 1> axis(double lo, double hi, std::size_t count) {
    xt::xtensor<double, 1> values = xt::empty<double>({count});  // (count)
    for (std::size_t n = 0; n < count; ++n) values(n) = lo + (hi - lo) * double(n) / double(count - 1);
    return values;
}

bool same_bits(const double* a, const double* b, std::size_t count) {
    return std::memcmp(a, b, count * sizeof(double)) == 0;
}

// The naive per-point loop: E(y, z_k) by energy_forward, then the reductions of
// free_energy, point by point. Checks every output of the map at every point.
void check_against_naive(const EllipseParams& w, const xt::xtensor<double, 1>& latents,
                         const xt::xtensor<double, 1>& betas, const xt::xtensor<double, 1>& y1,
                         const xt::xtensor<double, 1>& y2) {
    const auto map = ebm::free_energy_map(w, latents, betas, y1, y2);
    REQUIRE(map.f_inf.shape(0) == y2.size());
    REQUIRE(map.f_inf.shape(1) == y1.size());
    REQUIRE(map.f_beta.shape(0) == betas.size());
    xt::xtensor<double, 1> energies = xt::empty<double>({latents.size()});  // (Z)
    double worst_f_beta = 0.0, worst_mean = 0.0;
    for (std::size_t j = 0; j < y2.size(); ++j) {
        for (std::size_t i = 0; i < y1.size(); ++i) {
            const ebm::Vec2 y{y1(i), y2(j)};
            for (std::size_t k = 0; k < latents.size(); ++k) {
                energies(k) = ebm::energy_forward(w, y, latents(k));
            }
            const std::size_t z_check_index = ebm::argmin_energy(energies);
            const auto at_z_check = ebm::energy_backward(w, y, latents(z_check_index));
            INFO("point [" << j << ", " << i << "] = (" << y[0] << ", " << y[1] << ")");
            // F∞, ž and ∂F∞/∂y come from the same floating-point operations: exact.
            CHECK(map.f_inf(j, i) == ebm::min_energy(energies));
            CHECK(map.z_check(j, i) == latents(z_check_index));
            CHECK(map.grad_f_inf(0, j, i) == at_z_check.dy[0]);
            CHECK(map.grad_f_inf(1, j, i) == at_z_check.dy[1]);
            const double mean = ebm::mean_energy(energies);
            const double mean_error = std::abs(map.mean_energy(j, i) - mean) / std::max(1.0, mean);
            worst_mean = std::max(worst_mean, mean_error);
            CHECK(mean_error < 1e-12);
            for (std::size_t b = 0; b < betas.size(); ++b) {
                const double expected = ebm::softmin(energies, betas(b));
                const double error = std::abs(map.f_beta(b, j, i) - expected) / std::max(1.0, std::abs(expected));
                worst_f_beta = std::max(worst_f_beta, error);
                INFO("beta = " << betas(b) << ": map " << map.f_beta(b, j, i) << ", naive " << expected);
                CHECK(error < 1e-12);
            }
        }
    }
    WARN("map vs naive, Z = " << latents.size() << ", w = (" << w.w1 << ", " << w.w2 << "): worst relative "
         "error F_β " << worst_f_beta << ", ⟨E⟩ " << worst_mean << "; " << map.direct_evaluations
         << " (β, point) pairs computed directly");
}

}  // namespace

TEST_CASE("the map equals the naive per-point loop", "[free_energy_map]") {
    const xt::xtensor<double, 1> betas = {1e-12, 1e-8, 1e-3, 0.1, 0.3, 1.0, 3.2, 10.0, 1e3, 1e6, 1e12, inf};
    // 13 × 11 points: neither a multiple of the 4-column tile nor of the 16-row block.
    const auto y1 = axis(-3, 3, 13), y2 = axis(-2, 2, 11);
    SECTION("the lecture's grid of 48 latents, untrained and trained") {
        check_against_naive({1.5, 0.35}, ebm::latent_grid(48), betas, y1, y2);
        check_against_naive({2.0, 1.5}, ebm::latent_grid(48), betas, y1, y2);
    }
    SECTION("latent counts off the 4-lane padding and across several min chunks") {
        check_against_naive({1.5, 0.35}, ebm::latent_grid(1), betas, y1, y2);
        check_against_naive({1.5, 0.35}, ebm::latent_grid(7), betas, y1, y2);
        check_against_naive({-2.0, 1.5}, ebm::latent_grid(203), betas, y1, y2);
    }
    SECTION("far points, where cold β underflows the fast sum") {
        check_against_naive({1.5, 0.35}, ebm::latent_grid(48), betas, axis(-30, 40, 9), axis(-25, 35, 5));
    }
    SECTION("arbitrary latents, with ties (a circle around its centre)") {
        const xt::xtensor<double, 1> latents = {3.0, -1.0, 0.5, 10.0, 0.5};
        check_against_naive({1.0, 1.0}, latents, betas, axis(-1, 1, 5), axis(-1, 1, 3));
        // At the centre all 512 energies are 1 up to rounding, in every chunk.
        check_against_naive({1.0, 1.0}, ebm::latent_grid(512), betas, axis(-1, 1, 5), axis(-1, 1, 3));
        xt::xtensor<double, 1> shuffled = xt::empty<double>({300});  // unsorted, repeated, beyond 2π
        for (std::size_t k = 0; k < shuffled.size(); ++k) shuffled(k) = std::fmod(k * 7.31, 9.0) - 1.0;
        check_against_naive({1.5, 0.35}, shuffled, betas, y1, y2);
    }
}

TEST_CASE("F_β is the factored sum added latent by latent, bit for bit", "[free_energy_map]") {
    // The plain loop of the factored form (free_energy_map.cpp's top): per
    // point, Σ_k P_ik Q_jk in latent order (P, Q the shifted exponentials of
    // the two terms), then the log; warm β through expm1 and log1p. The
    // blocked product must add in this order, whatever its tiles and slices.
    const EllipseParams w{1.5, 0.35};
    const auto latents = ebm::latent_grid(601);  // (Z) more than two slices of the product, not a multiple of 8
    const auto y1 = axis(-3, 3, 19), y2 = axis(-2, 2, 37);  // neither a multiple of the tiles
    const std::size_t Z = latents.size();
    std::vector<double> g1(Z), g2(Z);  // (Z)
    for (std::size_t k = 0; k < Z; ++k) g1[k] = w.w1 * std::cos(latents(k)), g2[k] = w.w2 * std::sin(latents(k));
    auto terms = [&](double a, const std::vector<double>& g) {  // (a − g_k)² over k, and their minimum
        std::vector<double> t(Z);
        for (std::size_t k = 0; k < Z; ++k) t[k] = (a - g[k]) * (a - g[k]);
        return std::make_pair(t, *std::min_element(t.begin(), t.end()));
    };
    for (const double beta : {1e-6, 1.0, 10.0}) {  // warm, cold, cold
        const bool warm = beta == 1e-6;
        const xt::xtensor<double, 1> betas = {beta};
        const auto map = ebm::free_energy_map(w, latents, betas, y1, y2);
        REQUIRE(map.direct_evaluations == 0);
        for (std::size_t j = 0; j < y2.size(); ++j) {
            const auto [v, v_min] = terms(y2(j), g2);
            for (std::size_t i = 0; i < y1.size(); ++i) {
                const auto [u, u_min] = terms(y1(i), g1);
                double sum = 0.0, p_minus_one = 0.0;
                for (std::size_t k = 0; k < Z; ++k) {
                    const double p = std::exp(-beta * (u[k] - u_min));
                    const double q = warm ? std::expm1(-beta * (v[k] - v_min)) : std::exp(-beta * (v[k] - v_min));
                    sum += p * q;
                }
                for (std::size_t k = 0; k < Z && warm; ++k) p_minus_one += std::expm1(-beta * (u[k] - u_min));
                const double inverse_count = 1.0 / double(Z), shift = u_min + v_min;
                const double expected = warm ? shift - std::log1p((p_minus_one + sum) * inverse_count) / beta
                                             : shift - std::log(sum * inverse_count) / beta;
                INFO("β = " << beta << ", point [" << j << ", " << i << "]");
                CHECK(map.f_beta(0, j, i) == expected);
            }
        }
    }
}

TEST_CASE("the fast path covers ordinary β; cold β falls back to the direct formula",
          "[free_energy_map]") {
    const auto y1 = axis(-3, 3, 25), y2 = axis(-2, 2, 17);
    const xt::xtensor<double, 1> usual = {0.1, 0.3, 1.0, 3.2, 10.0, inf};
    CHECK(ebm::free_energy_map({1.5, 0.35}, ebm::latent_grid(), usual, y1, y2).direct_evaluations == 0);
    const xt::xtensor<double, 1> cold = {1e6};
    const auto cold_map = ebm::free_energy_map({1.5, 0.35}, ebm::latent_grid(), cold, y1, y2);
    CHECK(cold_map.direct_evaluations > 0);
    CHECK(cold_map.direct_evaluations <= 25 * 17);
}

TEST_CASE("the map is bit-identical with 1 and 2 threads", "[free_energy_map]") {
    const xt::xtensor<double, 1> betas = {1e-9, 0.1, 1.0, 10.0, 1e4, inf};
    const auto y1 = axis(-3, 3, 61), y2 = axis(-2, 2, 47);
    const auto latents = ebm::latent_grid(300);
    const int threads_before = omp_get_max_threads();
    omp_set_num_threads(1);
    const auto one = ebm::free_energy_map({1.5, 0.35}, latents, betas, y1, y2);
    omp_set_num_threads(2);
    const auto two = ebm::free_energy_map({1.5, 0.35}, latents, betas, y1, y2);
    omp_set_num_threads(threads_before);
    CHECK(same_bits(one.f_inf.data(), two.f_inf.data(), one.f_inf.size()));
    CHECK(same_bits(one.f_beta.data(), two.f_beta.data(), one.f_beta.size()));
    CHECK(same_bits(one.mean_energy.data(), two.mean_energy.data(), one.mean_energy.size()));
    CHECK(same_bits(one.grad_f_inf.data(), two.grad_f_inf.data(), one.grad_f_inf.size()));
    CHECK(same_bits(one.z_check.data(), two.z_check.data(), one.z_check.size()));
    CHECK(one.direct_evaluations == two.direct_evaluations);
}

TEST_CASE("progress is reported from the calling thread, ending at the total", "[free_energy_map]") {
    const xt::xtensor<double, 1> betas = {1.0, inf, 0.1};  // two finite: three passes
    const auto y1 = axis(-3, 3, 9), y2 = axis(-2, 2, 40);
    std::vector<std::pair<std::size_t, std::size_t>> reports;
    bool all_on_caller = true;
    const auto caller = std::this_thread::get_id();
    ebm::free_energy_map({1.5, 0.35}, ebm::latent_grid(), betas, y1, y2,
                         [&](std::size_t done, std::size_t total) {
                             all_on_caller = all_on_caller && std::this_thread::get_id() == caller;
                             reports.emplace_back(done, total);
                         });
    REQUIRE(reports.size() >= 3);
    CHECK(all_on_caller);
    CHECK(reports.back().first == 3 * 40);
    for (std::size_t n = 0; n < reports.size(); ++n) {
        CHECK(reports[n].second == 3 * 40);
        if (n > 0) CHECK(reports[n].first >= reports[n - 1].first);
    }
    // With nothing to compute, the one report still says "all done".
    reports.clear();
    ebm::free_energy_map({1.5, 0.35}, ebm::latent_grid(), betas, xt::empty<double>({0}), y2,
                         [&](std::size_t done, std::size_t total) { reports.emplace_back(done, total); });
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].first == reports[0].second);
}

TEST_CASE("invalid inputs are rejected before any work", "[free_energy_map]") {
    const auto y1 = axis(-3, 3, 4), y2 = axis(-2, 2, 3);
    const auto latents = ebm::latent_grid();
    const xt::xtensor<double, 1> good = {1.0};
    const xt::xtensor<double, 1> empty = xt::empty<double>({0});
    CHECK_THROWS_WITH(ebm::free_energy_map({1.5, 0.35}, latents, xt::xtensor<double, 1>{1.0, -0.5}, y1, y2),
                      Catch::Contains("-0.5"));
    CHECK_THROWS_AS(ebm::free_energy_map({1.5, 0.35}, latents, xt::xtensor<double, 1>{0.0}, y1, y2),
                    std::invalid_argument);
    CHECK_THROWS_AS(ebm::free_energy_map({1.5, 0.35}, empty, good, y1, y2), std::invalid_argument);
    CHECK_THROWS_WITH(ebm::free_energy_map({1.5, 0.35}, latents, good, xt::xtensor<double, 1>{0.0, NAN}, y2),
                      Catch::Contains("y1[1]"));
    CHECK_THROWS_AS(ebm::free_energy_map({NAN, 0.35}, latents, good, y1, y2), std::invalid_argument);
    // Empty axes and no betas are fine: empty outputs of the right shapes.
    const auto no_columns = ebm::free_energy_map({1.5, 0.35}, latents, good, empty, y2);
    CHECK(no_columns.f_beta.shape(0) == 1);
    CHECK(no_columns.f_beta.shape(1) == 3);
    CHECK(no_columns.f_beta.shape(2) == 0);
    const auto no_betas = ebm::free_energy_map({1.5, 0.35}, latents, empty, y1, y2);
    CHECK(no_betas.f_beta.shape(0) == 0);
    CHECK(no_betas.f_inf.shape(1) == 4);
}

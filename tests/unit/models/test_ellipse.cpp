// Tests of lib/models/ellipse: EllipseModel's batch passes against the plain
// formulas of ellipse_model.hpp and ellipse_free_energy.hpp, its gradients
// against central finite differences, and what it tells a model file.
//
// Legend: R rows, Z latents, K decoded latents; P = 2 parameters w = (w1, w2);
// β inverse temperature (+inf is F∞).
#include "ellipse.hpp"
#include "numerical_checks.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace ebm;
using ebm_test::central_difference;
using ebm_test::relative_error;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

// Points off the ellipse, inside and outside, none at a tie between two grid
// latents (ties would make F∞ kink within the finite-difference step).
const std::vector<double> rows_y = {2.1, 0.3, -0.4, 0.9, 0.2, -0.05, -1.7, -0.6, 0.8, 1.3};  // (R, 2)
constexpr std::size_t R = 5;
const std::vector<double> rows_x = {0.1, -3.0, 7.0, 0.0, 2.5};  // (R), ignored by the ellipse model

// The grid's ž by hand: the first k minimising E(y, z_k).
double first_minimiser(const EllipseParams& w, const Vec2& y, const xt::xtensor<double, 1>& latents) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < latents.size(); ++k)
        if (energy_forward(w, y, latents(k)) < energy_forward(w, y, latents(best))) best = k;
    return latents(best);
}

// Σ_r dF_r · F_β(y_r) at the model's current parameters: what free_energy_backward differentiates.
double weighted_free_energy(const EllipseModel& model, const std::vector<double>& dfree_energy, double beta) {
    auto cache = model.make_cache();
    std::vector<double> free_energy(R);  // (R)
    model.free_energy_forward(free_energy.data(), *cache, rows_x.data(), rows_y.data(), R, beta);
    double total = 0;
    for (std::size_t r = 0; r < R; ++r) total += dfree_energy[r] * free_energy[r];
    return total;
}
}  // namespace

TEST_CASE("the batch free energy is the plain F_β of each row, bit for bit", "[ellipse]") {
    const EllipseModel model(48, {1.8, 0.6});
    const auto latents = latent_grid(48);  // (Z)
    for (const double beta : {inf, 0.5, 3.0, 40.0}) {
        INFO("β = " << beta);
        auto cache = model.make_cache();
        std::vector<double> free_energy(R, -1.0);  // (R)
        model.free_energy_forward(free_energy.data(), *cache, rows_x.data(), rows_y.data(), R, beta);
        for (std::size_t r = 0; r < R; ++r) {
            INFO("row " << r);
            const Vec2 y{rows_y[2 * r], rows_y[2 * r + 1]};
            CHECK(free_energy[r] == ebm::free_energy({1.8, 0.6}, y, latents, beta));
        }
    }
}

TEST_CASE("the batch F∞ is the least energy over the grid", "[ellipse]") {
    // Independent of free_energy.hpp: F∞(y) = min_k E(y, z_k).
    const EllipseModel model(24, {1.2, 0.9});
    const auto latents = latent_grid(24);  // (Z)
    auto cache = model.make_cache();
    std::vector<double> free_energy(R);  // (R)
    model.free_energy_forward(free_energy.data(), *cache, rows_x.data(), rows_y.data(), R, inf);
    for (std::size_t r = 0; r < R; ++r) {
        const Vec2 y{rows_y[2 * r], rows_y[2 * r + 1]};
        double least = inf;
        for (std::size_t k = 0; k < latents.size(); ++k) {
            const double g1 = 1.2 * std::cos(latents(k)), g2 = 0.9 * std::sin(latents(k));
            least = std::min(least, (y[0] - g1) * (y[0] - g1) + (y[1] - g2) * (y[1] - g2));
        }
        CHECK(relative_error(free_energy[r], least) < 1e-14);
    }
}

TEST_CASE("free_energy_backward adds Σ_r dF_r ∂F_β/∂w, as central differences say", "[ellipse]") {
    // One row with dF = 0, which must contribute nothing.
    const std::vector<double> dfree_energy = {0.7, -1.3, 0.0, 2.0, 0.25};  // (R)
    for (const double beta : {inf, 2.0, 15.0}) {
        INFO("β = " << beta);
        EllipseModel model(48, {1.5, 0.35});
        model.parameters() = {1.6, 0.45};
        auto cache = model.make_cache();
        std::vector<double> free_energy(R);  // (R)
        model.free_energy_forward(free_energy.data(), *cache, rows_x.data(), rows_y.data(), R, beta);
        // dparams starts non-zero: the pass adds to it.
        const std::vector<double> start = {10.0, -20.0};
        std::vector<double> dparams = start;  // (P)
        model.free_energy_backward(dparams.data(), dfree_energy.data(), *cache);
        const std::vector<double> added = {dparams[0] - start[0], dparams[1] - start[1]};
        ebm_test::check_against_central_differences(
            model.parameters(), added, [&] { return weighted_free_energy(model, dfree_energy, beta); }, 1e-6, "w");
    }
}

TEST_CASE("free_energy_backward is the plain ∂F_β/∂w of each row, bit for bit", "[ellipse]") {
    // The cached cos and sin tables do energy_backward's operations in free_energy_backward's order.
    const std::vector<double> dfree_energy = {0.7, -1.3, 0.0, 2.0, 0.25};  // (R)
    const auto latents = latent_grid(48);  // (Z)
    for (const double beta : {inf, 0.05, 1.0, 40.0}) {
        INFO("β = " << beta);
        EllipseModel model(48, {1.5, 0.35});
        model.parameters() = {1.8, -0.6};
        auto cache = model.make_cache();
        std::vector<double> free_energy(R);  // (R)
        model.free_energy_forward(free_energy.data(), *cache, rows_x.data(), rows_y.data(), R, beta);
        std::vector<double> dparams = {0.5, 0.25};  // (P)
        model.free_energy_backward(dparams.data(), dfree_energy.data(), *cache);
        std::vector<double> expected = {0.5, 0.25};  // (P)
        for (std::size_t r = 0; r < R; ++r) {
            if (dfree_energy[r] == 0.0) continue;
            const Vec2 y{rows_y[2 * r], rows_y[2 * r + 1]};
            const auto forward = ebm::free_energy_forward({1.8, -0.6}, y, latents, beta);
            const Vec2 dw = ebm::free_energy_backward({1.8, -0.6}, y, latents, forward).dw;
            expected[0] += dfree_energy[r] * dw[0];
            expected[1] += dfree_energy[r] * dw[1];
        }
        CHECK(dparams[0] == expected[0]);
        CHECK(dparams[1] == expected[1]);
    }
}

TEST_CASE("free_energy_backward with every dF = 0 leaves dparams alone", "[ellipse]") {
    const EllipseModel model;
    auto cache = model.make_cache();
    std::vector<double> free_energy(R);  // (R)
    model.free_energy_forward(free_energy.data(), *cache, rows_x.data(), rows_y.data(), R, inf);
    const std::vector<double> zeros(R, 0.0);  // (R)
    std::vector<double> dparams = {3.0, 4.0};  // (P)
    model.free_energy_backward(dparams.data(), zeros.data(), *cache);
    CHECK(dparams == std::vector<double>{3.0, 4.0});
}

TEST_CASE("z_check is the grid's first minimiser ž of each row", "[ellipse]") {
    const EllipseModel model(36, {1.4, 0.5});
    const auto latents = latent_grid(36);  // (Z)
    auto cache = model.make_cache();
    std::vector<double> free_energy(R);  // (R)
    // ž is the same at any β: the grid's minimiser of E.
    for (const double beta : {inf, 1.0}) {
        model.free_energy_forward(free_energy.data(), *cache, rows_x.data(), rows_y.data(), R, beta);
        for (std::size_t r = 0; r < R; ++r) {
            INFO("β = " << beta << ", row " << r);
            const Vec2 y{rows_y[2 * r], rows_y[2 * r + 1]};
            const auto z_check = model.z_check(*cache, r);
            REQUIRE(z_check.size() == 1);
            CHECK(z_check[0] == first_minimiser({1.4, 0.5}, y, latents));
        }
    }
    // A point on the ellipse at a grid latent: ž is that latent, F∞ ≈ 0.
    const double z = latents(7);
    const std::vector<double> on_ellipse = {1.4 * std::cos(z), 0.5 * std::sin(z)};  // (1, 2)
    model.free_energy_forward(free_energy.data(), *cache, rows_x.data(), on_ellipse.data(), 1, inf);
    CHECK(model.z_check(*cache, 0)[0] == z);
    CHECK(free_energy[0] < 1e-28);
    // A row the last pass did not have.
    CHECK_THROWS(model.z_check(*cache, 1));
}

TEST_CASE("energy and energy_backward are the plain formulas; dz is ∂E/∂z", "[ellipse]") {
    EllipseModel model;
    model.parameters() = {1.7, -0.8};
    const EllipseParams w{1.7, -0.8};
    for (const double z : {0.0, 0.4, 2.9, -1.1, 5.5}) {
        const Vec2 y{0.6, -1.2};
        INFO("z = " << z);
        // E = (y1 − w1 cos z)² + (y2 − w2 sin z)², by hand.
        const double r1 = y[0] - 1.7 * std::cos(z), r2 = y[1] + 0.8 * std::sin(z);
        CHECK(relative_error(model.energy(4.0, y, &z), r1 * r1 + r2 * r2) < 1e-14);
        CHECK(model.energy(4.0, y, &z) == energy_forward(w, y, z));

        std::vector<double> dparams = {1.0, -1.0};  // (P)
        double dz = 0;
        model.energy_backward(dparams.data(), &dz, 4.0, y, &z);
        const EnergyGradients plain = ebm::energy_backward(w, y, z);
        CHECK(dparams[0] == 1.0 + plain.dw[0]);
        CHECK(dparams[1] == -1.0 + plain.dw[1]);
        CHECK(dz == plain.dz);
        const double numeric_dz = central_difference([&](double v) { return model.energy(4.0, y, &v); }, z);
        CHECK(relative_error(dz, numeric_dz) < 1e-6);
        // dw against central differences too, independent of ellipse_model.cpp.
        std::vector<double> dw = {0.0, 0.0};  // (P)
        model.energy_backward(dw.data(), nullptr, 4.0, y, &z);
        ebm_test::check_against_central_differences(
            model.parameters(), dw, [&] { return model.energy(4.0, y, &z); }, 1e-6, "w");
    }
}

TEST_CASE("decode is g(z) = [w1 cos z, w2 sin z] for each latent", "[ellipse]") {
    EllipseModel model;
    model.parameters() = {2.5, 0.75};
    const std::vector<double> z = {0.0, 1.0, 3.14159, -2.0};  // (K)
    std::vector<double> y_tilde(2 * z.size(), 99.0);         // (K, 2)
    model.decode(y_tilde.data(), 0.3, z.data(), z.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        CHECK(y_tilde[2 * k] == 2.5 * std::cos(z[k]));
        CHECK(y_tilde[2 * k + 1] == 0.75 * std::sin(z[k]));
    }
    // z = 0 by hand: (w1, 0).
    CHECK(y_tilde[0] == 2.5);
    CHECK(y_tilde[1] == 0.0);
}

TEST_CASE("the ellipse model's blocks, architecture and initialisation", "[ellipse]") {
    const EllipseModel model(17, {0.9, 2.2});
    CHECK(model.name() == "ellipse");
    CHECK(model.has_latent_grid());
    CHECK(model.latent_width() == 1);
    CHECK(model.latents().size() == 17);
    CHECK(model.parameter_count() == 2);

    // The blocks tile the flat parameter vector: one block w of shape (2).
    const auto blocks = model.parameter_blocks();
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].name == "w");
    CHECK(blocks[0].shape == std::vector<std::size_t>{2});
    CHECK(blocks[0].offset == 0);
    CHECK(blocks[0].size() == model.parameter_count());

    // {model: ellipse, latent_count: 17}, in that order.
    const Architecture expected = {{"model", std::string("ellipse")}, {"latent_count", std::int64_t(17)}};
    CHECK((model.architecture() == expected));

    // w0 whatever the seed, even after training moved w.
    EllipseModel trained(17, {0.9, 2.2});
    CHECK(trained.parameters() == std::vector<double>{0.9, 2.2});
    for (const std::uint64_t seed : {0ULL, 1ULL, 12345ULL, ~0ULL}) {
        trained.parameters() = {-4.0, 8.0};
        trained.initialise(seed);
        CHECK(trained.parameters() == std::vector<double>{0.9, 2.2});
        CHECK(trained.w().w1 == 0.9);
        CHECK(trained.w().w2 == 2.2);
    }
    // The lecture's untrained decoder is the default.
    CHECK(EllipseModel().parameters() == std::vector<double>{-1.5, 0.35});
    CHECK(EllipseModel().latents().size() == default_latent_count);
}

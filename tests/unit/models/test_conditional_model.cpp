// Tests of lib/conditional_model: the energy by hand, gradients against
// finite differences (θ and z; F∞ and F_β), F∞ and ž against the plain
// minimum over the grid.
//
// Legend: R rows, Z latents, P = 106 parameters of f.
#include "conditional_model.hpp"
#include "free_energy.hpp"
#include "network_checks.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ebm;

namespace {
const double inf = std::numeric_limits<double>::infinity();

ConditionalModel initialised(std::uint64_t seed = 1, std::size_t latent_count = 48) {
    NetworkConfig config;
    config.latent_count = latent_count;
    ConditionalModel model(config);
    model.initialise(seed);
    return model;
}

// E(x, y, z_k) over the grid, one latent at a time by the plain formula (energy()). (Z)
std::vector<double> grid_energies(const ConditionalModel& model, double x, const double* y) {
    std::vector<double> energies;
    for (const double z : model.latents()) energies.push_back(model.energy(x, {y[0], y[1]}, &z));
    return energies;
}

// A few (x, y) rows round the horn.
void horn_rows(std::vector<double>& x, std::vector<double>& y) {
    x = {0.05, 0.3, 0.55, 0.8, 0.97};
    y = {2.1, 0.3, -1.0, 2.4, 3.0, -4.0, -8.5, -2.0, 0.5, 13.9};
}
}  // namespace

TEST_CASE("the conditional model is f = Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→2)", "[conditional_model]") {
    const auto model = initialised();
    CHECK(model.predictor().describe() == "Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→2)");
    CHECK(model.parameter_count() == 106);
    CHECK(model.latents().size() == 48);
    CHECK(model.latent_width() == 1);
    NetworkConfig wide;
    wide.predictor_width = 3;
    CHECK_THROWS_AS(ConditionalModel(wide), std::invalid_argument);
    // Initialisation is the seed's: the same seed gives the same parameters.
    CHECK(initialised(4).parameters() == initialised(4).parameters());
    CHECK(initialised(4).parameters() != initialised(5).parameters());
}

TEST_CASE("the conditional energy is [y1 − f1(x) cos z]² + [y2 − f2(x) sin z]²", "[conditional_model]") {
    const auto model = initialised();
    for (const double x : {0.0, 0.4, 1.0})
        for (const double z : {0.0, 1.0, 4.0}) {
            const auto f = model.predict(x);
            const Vec2 y{1.5, -0.5};
            const double expected = std::pow(1.5 - f[0] * std::cos(z), 2) + std::pow(-0.5 - f[1] * std::sin(z), 2);
            CHECK(model.energy(x, y, &z) == Approx(expected).epsilon(1e-14));
            double y_tilde[2];
            model.decode(y_tilde, x, &z, 1);
            CHECK(y_tilde[0] == Approx(f[0] * std::cos(z)).epsilon(1e-14));
            CHECK(y_tilde[1] == Approx(f[1] * std::sin(z)).epsilon(1e-14));
        }
}

TEST_CASE("conditional energy gradients (θ and z) match central finite differences", "[conditional_model]") {
    auto model = initialised(3);
    ebm_test::check_energy_gradients(model, 0.3, {1.2, -0.7}, {0.9});
    ebm_test::check_energy_gradients(model, 0.85, {-9.0, 4.0}, {2.6});
    ebm_test::check_energy_gradients(model, 0.0, {2.0, 0.1}, {5.9});
}

TEST_CASE("conditional F∞ and ž are the plain minimum over the grid; F_β its softmin", "[conditional_model]") {
    const auto model = initialised(2);
    std::vector<double> x, y;
    horn_rows(x, y);
    const std::size_t R = x.size();
    auto cache = model.make_cache();
    for (const double beta : {0.3, 1.0, 10.0, inf}) {
        std::vector<double> f(R);
        model.free_energy_forward(f.data(), *cache, x.data(), y.data(), R, beta);
        for (std::size_t r = 0; r < R; ++r) {
            const auto energies = grid_energies(model, x[r], &y[2 * r]);
            const std::size_t best = argmin_energy(energies.data(), energies.size());
            CHECK(f[r] == Approx(softmin(energies.data(), energies.size(), beta)).epsilon(1e-12));
            CHECK(model.z_check(*cache, r)[0] == model.latents()(best));
            if (beta == inf) CHECK(f[r] == Approx(energies[best]).epsilon(1e-14));
        }
    }
}

TEST_CASE("conditional F∞ and ž of a batch are the bits of one row at a time; ties go to the first latent", "[conditional_model]") {
    // 37 rows: whole blocks of the vectorised kernels (layers and grid) and a remainder.
    auto model = initialised(4);
    for (std::size_t i = model.predictor().weight_offset(2); i < model.parameter_count(); ++i) model.parameters()[i] *= 10;
    const std::size_t R = 37;
    std::vector<double> x(R), y(2 * R);
    Rng rng(3);
    for (std::size_t r = 0; r < R; ++r) {
        x[r] = rng.uniform(0, 1);
        y[2 * r] = rng.uniform(-5, 5);
        y[2 * r + 1] = rng.uniform(-5, 5);
    }
    // Checks F∞ and ž of every row against the plain minimum; returns the ž's.
    const auto checked_z = [&] {
        auto cache = model.make_cache();
        std::vector<double> f(R), z_checks;
        model.free_energy_forward(f.data(), *cache, x.data(), y.data(), R, inf);
        for (std::size_t r = 0; r < R; ++r) {
            const auto energies = grid_energies(model, x[r], &y[2 * r]);
            const std::size_t best = argmin_energy(energies.data(), energies.size());
            INFO("row " << r);
            CHECK(f[r] == energies[best]);
            z_checks.push_back(model.z_check(*cache, r)[0]);
            CHECK(z_checks.back() == model.latents()(best));
        }
        return z_checks;
    };
    checked_z();
    // f = 0: every latent has the energy ‖y‖², and ž is the first, z = 0.
    for (std::size_t i = model.predictor().weight_offset(2); i < model.parameter_count(); ++i) model.parameters()[i] = 0;
    for (const double z : checked_z()) CHECK(z == 0.0);
}

TEST_CASE("conditional ∂F/∂θ matches finite differences: ZTL (through ž only) and warm", "[conditional_model]") {
    std::vector<double> x, y;
    horn_rows(x, y);
    for (const double beta : {0.5, 3.2, inf}) {
        auto model = initialised(6);
        REQUIRE(ebm_test::away_from_kinks(model, x));
        ebm_test::check_free_energy_gradients(model, x, y, beta);
    }
    // A trained-looking f: scale the last layer so that f(x) is of the horn's size. (Seed 8
    // puts a kink of f within 1e-4 of one of the rows: no finite difference there.)
    auto model = initialised(9);
    REQUIRE(ebm_test::away_from_kinks(model, x));
    for (std::size_t i = model.predictor().weight_offset(2); i < model.parameter_count(); ++i) model.parameters()[i] *= 20;
    ebm_test::check_free_energy_gradients(model, x, y, inf);
    ebm_test::check_free_energy_gradients(model, x, y, 1.0);
}

TEST_CASE("rows with dF = 0 add nothing; a finite β's gradient is the softargmin-weighted one", "[conditional_model]") {
    const auto model = initialised(2);
    std::vector<double> x, y;
    horn_rows(x, y);
    auto cache = model.make_cache();
    std::vector<double> f(x.size());
    model.free_energy_forward(f.data(), *cache, x.data(), y.data(), x.size(), inf);
    std::vector<double> dparams(model.parameter_count(), 0.0), zero(x.size(), 0.0);
    model.free_energy_backward(dparams.data(), zero.data(), *cache);
    for (double d : dparams) CHECK(d == 0.0);
    // At ZTL the row's gradient is ∂E(x, y, ž)/∂θ.
    std::vector<double> one(x.size(), 0.0);
    one[3] = 1.0;
    model.free_energy_backward(dparams.data(), one.data(), *cache);
    std::vector<double> expected(model.parameter_count(), 0.0);
    const double z_check = model.z_check(*cache, 3)[0];
    model.energy_backward(expected.data(), nullptr, x[3], {y[6], y[7]}, &z_check);
    for (std::size_t p = 0; p < expected.size(); ++p) CHECK(dparams[p] == Approx(expected[p]).epsilon(1e-12).margin(1e-15));
}

TEST_CASE("bad β is refused", "[conditional_model]") {
    const auto model = initialised();
    auto cache = model.make_cache();
    const double x = 0.5, y[2] = {1, 1};
    double f;
    CHECK_THROWS_AS(model.free_energy_forward(&f, *cache, &x, y, 1, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(model.free_energy_forward(&f, *cache, &x, y, 1, -1.0), std::invalid_argument);
}

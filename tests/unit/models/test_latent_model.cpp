// Tests of lib/latent_model (Energy III): the regularised energy, gradients
// against finite differences (θ and z, l2 and l1), inference by every
// gradient method against a dense scan, F∞'s θ-gradient (the envelope
// theorem), the seeded starts.
//
// Legend: R rows, d latent dimension, D = dim f(x), P parameters, K starts.
#include "latent_model.hpp"
#include "network_checks.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ebm;

namespace {
const double inf = std::numeric_limits<double>::infinity();

NetworkConfig latent_config(std::size_t d, double lambda, RegularizerKind regularizer = RegularizerKind::l2) {
    NetworkConfig config;
    config.kind = NetworkKind::latent;
    config.predictor_width = 3;
    config.decoder_hidden = 6;
    config.latent_dim = d;
    config.lambda = lambda;
    config.regularizer = regularizer;
    return config;
}

LatentModel initialised(const NetworkConfig& config, std::uint64_t seed = 1) {
    LatentModel model(config);
    model.initialise(seed);
    return model;
}
}  // namespace

TEST_CASE("Energy III: E = ‖y − g(f(x), z)‖² + λ R(z) with R = ‖z‖² or ‖z‖₁", "[latent_model]") {
    for (const auto regularizer : {RegularizerKind::l2, RegularizerKind::l1}) {
        const auto plain = initialised(latent_config(2, 0.0, regularizer));
        const auto regularised = initialised(latent_config(2, 0.7, regularizer));
        CHECK(plain.parameters() == regularised.parameters());
        CHECK(plain.decoder().describe() == "Linear(5→6) → ReLU → Linear(6→6) → ReLU → Linear(6→2)");
        const double z[2] = {0.5, -1.5};
        const double r = regularizer == RegularizerKind::l2 ? 0.25 + 2.25 : 0.5 + 1.5;
        CHECK(regularised.regularizer(z) == r);
        const Vec2 y{1.0, 2.0};
        CHECK(regularised.energy(0.4, y, z) == Approx(plain.energy(0.4, y, z) + 0.7 * r).epsilon(1e-14));
        double y_tilde[2];
        plain.decode(y_tilde, 0.4, z, 1);
        CHECK(plain.energy(0.4, y, z) == Approx(std::pow(1 - y_tilde[0], 2) + std::pow(2 - y_tilde[1], 2)).epsilon(1e-14));
    }
    CHECK_THROWS_AS(LatentModel(latent_config(0, 0.0)), std::invalid_argument);
    CHECK_THROWS_AS(LatentModel(latent_config(2, -1.0)), std::invalid_argument);
}

TEST_CASE("Energy III energy gradients (θ and z) match central finite differences, l2 and l1", "[latent_model]") {
    for (const auto regularizer : {RegularizerKind::l2, RegularizerKind::l1}) {
        auto model = initialised(latent_config(3, 0.3, regularizer), 2);
        ebm_test::check_energy_gradients(model, 0.3, {1.2, -0.7}, {0.9, -0.4, 1.7});
        ebm_test::check_energy_gradients(model, 0.8, {-5.0, 4.0}, {-2.0, 0.3, 0.2});
    }
}

TEST_CASE("Energy III inference: gd, cg and lbfgs find the minimum of a dense scan (d = 1)", "[latent_model]") {
    auto config = latent_config(1, 0.2);
    config.search.starts = 6;
    config.search.start_scale = 2.0;
    const auto model = initialised(config, 5);
    for (const auto& [x, y] : std::vector<std::pair<double, Vec2>>{{0.2, {0.5, 0.3}}, {0.7, {-1.0, 2.0}}}) {
        double best = inf;
        for (double z = -10; z <= 10; z += 1e-4) best = std::min(best, model.energy(x, y, &z));
        for (const auto method : {LatentMethod::gd, LatentMethod::cg, LatentMethod::lbfgs}) {
            LatentSearch search = config.search;
            search.method = method;
            search.max_iterations = 2000;
            const auto found = model.infer(x, y, search);
            INFO(latent_method_name(method));
            CHECK(found.f_inf <= best + 1e-8);
            CHECK(found.f_inf == Approx(model.energy(x, y, found.z_check.data())).epsilon(1e-14));
            CHECK(found.energy_evaluations > 0);
        }
    }
}

TEST_CASE("Energy III ∂F∞/∂θ = ∂E(ž)/∂θ matches finite differences of F∞ (envelope theorem)", "[latent_model]") {
    auto config = latent_config(2, 0.5);
    config.search.max_iterations = 1000;
    config.search.gradient_tolerance = 1e-12;
    auto model = initialised(config, 4);
    const std::vector<double> x{0.1, 0.6, 0.9};
    const std::vector<double> y{0.4, 0.2, -0.5, 0.8, 1.5, -0.3};
    // The envelope theorem needs ∂E/∂z = 0 at ž. A ž on one of g's ReLU
    // kinks is a minimum without it (seed 3 puts two of these three there:
    // |∂E/∂z| 0.07 and 0.14): F∞ then has no gradient of that form.
    for (std::size_t r = 0; r < 3; ++r) {
        const Vec2 point{y[2 * r], y[2 * r + 1]};
        const auto found = model.infer(x[r], point);
        double dz[2];
        model.energy_backward(nullptr, dz, x[r], point, found.z_check.data());
        REQUIRE(std::hypot(dz[0], dz[1]) < 1e-7);
    }
    ebm_test::check_free_energy_gradients(model, x, y, inf, 1e-5);
    // F_β over R^d has no grid.
    auto cache = model.make_cache();
    std::vector<double> f(3);
    CHECK_THROWS_WITH(model.free_energy_forward(f.data(), *cache, x.data(), y.data(), 3, 1.0), Catch::Contains("F∞ only"));
}

TEST_CASE("Energy III starts: z = 0 first, then seeded normal points, the same for every point", "[latent_model]") {
    LatentSearch search;
    search.starts = 3;
    search.start_scale = 2.0;
    search.seed = 9;
    const auto starts = latent_starts(search, 2);
    REQUIRE(starts.size() == 6);
    CHECK(starts[0] == 0.0);
    CHECK(starts[1] == 0.0);
    CHECK(starts == latent_starts(search, 2));
    search.seed = 10;
    CHECK(starts != latent_starts(search, 2));
    auto config = latent_config(2, 0.0);
    config.search.starts = 3;
    CHECK(LatentModel(config).starts().size() == 6);
}

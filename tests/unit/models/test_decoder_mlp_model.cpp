// Tests of lib/decoder_mlp_model (Energy II): the energy through the two
// networks by hand, gradients against finite differences (θ and z; F∞ and
// F_β), the closed curve, F∞ against the plain grid minimum.
//
// Legend: R rows, Z latents, D = dim f(x), P parameters.
#include "decoder_mlp_model.hpp"
#include "free_energy.hpp"
#include "network_checks.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ebm;

namespace {
const double inf = std::numeric_limits<double>::infinity();

DecoderMlpModel initialised(std::uint64_t seed = 1, std::size_t width = 4, std::size_t latent_count = 48) {
    NetworkConfig config;
    config.kind = NetworkKind::decoder_mlp;
    config.predictor_width = width;
    config.decoder_hidden = 7;
    config.latent_count = latent_count;
    DecoderMlpModel model(config);
    model.initialise(seed);
    // Larger outputs than the initialisation's, of the horn's scale.
    for (std::size_t i = model.decoder_offset() + model.decoder().weight_offset(2); i < model.parameter_count(); ++i)
        model.parameters()[i] *= 5;
    return model;
}
}  // namespace

TEST_CASE("Energy II: f (1→H→H→D) feeds g ([f, cos z, sin z] → H → H → 2)", "[decoder_mlp_model]") {
    const auto model = initialised(1, 4);
    CHECK(model.predictor().describe() == "Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→4)");
    CHECK(model.decoder().describe() == "Linear(6→7) → ReLU → Linear(7→7) → ReLU → Linear(7→2)");
    CHECK(model.parameter_count() == model.predictor().parameter_count() + model.decoder().parameter_count());
    // E = ‖y − g(f(x), z)‖², g evaluated by hand from the MLPs.
    const double x = 0.6, z = 2.2;
    const Vec2 y{3.0, -1.0};
    auto u = model.predict(x);
    u.push_back(std::cos(z));
    u.push_back(std::sin(z));
    MlpActivations pass;
    model.decoder().forward(pass, model.parameters().data() + model.decoder_offset(), u.data(), 1);
    const double expected = std::pow(3.0 - pass.output()[0], 2) + std::pow(-1.0 - pass.output()[1], 2);
    CHECK(model.energy(x, y, &z) == Approx(expected).epsilon(1e-14));
}

TEST_CASE("Energy II's manifold at each x is a closed curve: g is 2π-periodic in z", "[decoder_mlp_model]") {
    const auto model = initialised(2);
    for (const double x : {0.0, 0.5, 1.0}) {
        const double z[3] = {0.3, 0.3 + 2 * M_PI, 0.3 - 4 * M_PI};
        double y_tilde[6];
        model.decode(y_tilde, x, z, 3);
        CHECK(y_tilde[2] == Approx(y_tilde[0]).epsilon(1e-12));
        CHECK(y_tilde[5] == Approx(y_tilde[1]).epsilon(1e-12));
    }
}

TEST_CASE("Energy II energy gradients (θ and z) match central finite differences", "[decoder_mlp_model]") {
    auto model = initialised(3);
    ebm_test::check_energy_gradients(model, 0.3, {1.2, -0.7}, {0.9});
    ebm_test::check_energy_gradients(model, 0.9, {-9.0, 4.0}, {2.6});
}

TEST_CASE("Energy II F∞, ž, F_β over the grid and their θ-gradients", "[decoder_mlp_model]") {
    std::vector<double> x{0.1, 0.45, 0.8, 0.95};
    std::vector<double> y{2.0, 0.4, -2.0, 3.0, 6.0, -6.0, -1.0, 12.0};
    const std::size_t R = x.size();
    auto model = initialised(4, 3, 24);
    auto cache = model.make_cache();
    for (const double beta : {1.0, inf}) {
        std::vector<double> f(R);
        model.free_energy_forward(f.data(), *cache, x.data(), y.data(), R, beta);
        for (std::size_t r = 0; r < R; ++r) {
            std::vector<double> energies;
            for (const double z : model.latents()) energies.push_back(model.energy(x[r], {y[2 * r], y[2 * r + 1]}, &z));
            CHECK(f[r] == Approx(softmin(energies.data(), energies.size(), beta)).epsilon(1e-12));
            CHECK(model.z_check(*cache, r)[0] == model.latents()(argmin_energy(energies.data(), energies.size())));
        }
        ebm_test::check_free_energy_gradients(model, x, y, beta);
    }
}

// Tests of lib/stages/likelihood_report: every number of the report against
// the library functions it gathers, computed here one by one (the per-sample
// NLL and its mean, +inf at β = ∞, the bands picked by a plain loop, the KL
// samples' seed), and the written group read back.
#include "likelihood_report.hpp"

#include "ellipse.hpp"
#include "free_energy.hpp"
#include "h5_file.hpp"
#include "network_model.hpp"
#include "rng.hpp"
#include "sampler.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <vector>

#include <xtensor/xadapt.hpp>

using namespace ebm;

TEST_CASE("the report of the ellipse: NLLs, read-out, KL and maps as the library gives them", "[likelihood_report]") {
    const EllipseModel model(48, {1.9, 1.4});
    const Samples drawn = sample_horn(HornShape{}, 60, 5, 0.0);
    const DataSet samples{"unconditional", drawn.y, drawn.x, HornShape{}};
    const DensityPlane plane{0.0, xt::linspace(-3.0, 3.0, 7), xt::linspace(-2.0, 2.0, 5)};
    const LikelihoodReport report = compute_likelihood(model, samples, {2.0, zero_temperature_beta}, 300, {plane});
    const auto nll = model_nll(model, drawn.x, drawn.y, 2.0);
    double sum = 0;
    for (std::size_t n = 0; n < 60; ++n) {
        CHECK(report.nll(0, n) == nll(n));
        CHECK(std::isinf(report.nll(1, n)));
        sum += nll(n);
    }
    CHECK(report.mean_nll(0) == Approx(sum / 60).epsilon(1e-14));
    CHECK(std::isinf(report.mean_nll(1)));
    const ReadOut readout = readout_beta(model, drawn.x, drawn.y);
    CHECK(report.readout.beta == readout.beta);
    CHECK(report.readout.scan_log10_beta.size() == 49);
    CHECK(report.readout.scan_mean_nll(16) == Approx(mean_model_nll(model, drawn.x, drawn.y, 10.0)).epsilon(1e-12));
    REQUIRE(report.generator);
    CHECK(report.mean_true_nll == Approx(xt::mean(generator_nll(HornShape{}, drawn.x, drawn.y))()).epsilon(1e-12));
    const GeneratorSample fresh = generator_sample(HornShape{}, 300, derive_seed(1, kl_stream), 0.0);
    CHECK(report.kl(0) == Approx(generator_kl(model, 2.0, fresh).kl).epsilon(1e-12));
    CHECK(std::isinf(report.kl(1)));
    CHECK(report.kl_beta_hat.kl == Approx(generator_kl(model, readout.beta, fresh).kl).epsilon(1e-12));
    REQUIRE(report.maps.size() == 1);
    CHECK(report.maps[0].p_beta.shape() == std::array<std::size_t, 3>{2, 5, 7});
    CHECK(report.maps[0].p_beta(0, 2, 3) == Approx(std::exp(-model_nll(model, {0.0}, {{0.0, 0.0}}, 2.0)(0))));
    CHECK(report.maps[0].p_beta(1, 2, 3) == 0.0);
    CHECK(report.maps[0].p_true(2, 3) == Approx(std::exp(-generator_nll(HornShape{}, 0.0, {0.0, 0.0}))));
    CHECK(report.band_edges.size() == 0);  // unconditional data: no bands

    // No generator (a user's own data): no reference, the rest as before.
    const DataSet own{"unconditional", drawn.y, drawn.x, std::nullopt};
    const LikelihoodReport without = compute_likelihood(model, own, {2.0}, 300, {});
    CHECK_FALSE(without.generator);
    CHECK(without.mean_nll(0) == report.mean_nll(0));

    const ebm_test::TempFolder scratch("likelihood-report");
    const std::string path = (scratch.path / "l.h5").string();
    {
        H5Writer file(path, "ebm/test", 1);
        write_likelihood(file, report);
        file.commit();
    }
    const H5Reader file(path);
    CHECK(file.read<2>("/likelihood/nll").shape() == std::array<std::size_t, 2>{2, 60});
    CHECK(file.read<1>("/likelihood/beta_hat")(0) == report.readout.beta);
    CHECK(file.read<1>("/likelihood/kl_error")(0) == report.kl_error(0));
    CHECK(file.read<3>("/likelihood/maps/0/p_beta").shape() == std::array<std::size_t, 3>{2, 5, 7});
}

TEST_CASE("conditional data: the NLL and β̂ of each x band, by a plain loop", "[likelihood_report]") {
    NetworkConfig config;
    config.latent_count = 24;
    auto model = make_network_model(config);
    model->initialise(2);
    const Samples drawn = sample_horn(HornShape{}, 200, 9, std::nullopt);
    const DataSet samples{"conditional", drawn.y, drawn.x, HornShape{}};
    const LikelihoodReport report = compute_likelihood(*model, samples, {3.0}, 100, {});
    REQUIRE(report.band_edges.size() == x_bands + 1);
    const auto nll = model_nll(*model, drawn.x, drawn.y, 3.0);
    double counted = 0;
    for (std::size_t b = 0; b < x_bands; ++b) {
        double sum = 0, count = 0;
        std::vector<double> band_x, band_y;
        for (std::size_t n = 0; n < 200; ++n)
            if (drawn.x(n) >= b / 10.0 && drawn.x(n) < (b + 1) / 10.0)
                sum += nll(n), ++count, band_x.push_back(drawn.x(n)), band_y.insert(band_y.end(), {drawn.y(n, 0), drawn.y(n, 1)});
        INFO("band " << b);
        CHECK(report.band_count(b) == count);
        CHECK(report.band_mean_nll(0, b) == Approx(sum / count).epsilon(1e-12));
        const xt::xtensor<double, 1> x = xt::adapt(band_x, {band_x.size()});
        const xt::xtensor<double, 2> y = xt::adapt(band_y, {band_x.size(), std::size_t(2)});
        CHECK(report.band_beta_hat(b) == Approx(readout_beta(*model, x, y).beta).epsilon(1e-12));
        counted += count;
    }
    CHECK(counted == 200);
    NetworkConfig latent;
    latent.kind = NetworkKind::latent;
    CHECK_THROWS_AS(compute_likelihood(*make_network_model(latent), samples, {1.0}, 100, {}), std::invalid_argument);
}

// Tests of lib/stages/model_evaluation: every number against its definition
// computed here by hand — ρ(x) by the formula of SPEC §1, F∞ over continuous
// z by a dense scan of the circle (grid models) or the latent model's own
// search, the held-out samples near each ring picked by a plain loop.
#include "model_evaluation.hpp"

#include "h5_file.hpp"
#include "network_checks.hpp"
#include "network_model.hpp"
#include "sampler.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ebm;

namespace {

DataSet heldout_horn() {
    const Samples samples = sample_horn(HornShape{}, 300, 4, std::nullopt);
    return {"conditional", samples.y, samples.x, HornShape{}};
}

std::unique_ptr<NetworkModel> model_of(NetworkKind kind) {
    NetworkConfig config;
    config.kind = kind;
    config.latent_count = 24;
    config.latent_dim = 2;
    auto model = make_network_model(config);
    model->initialise(3);
    return model;
}

}  // namespace

TEST_CASE("the conditional model's |f| against ρ, and F∞ over continuous z, by hand", "[model_evaluation]") {
    const auto model = model_of(NetworkKind::conditional);
    const HornShape shape{1.2, 2.5, 0.1};
    const DataSet heldout = heldout_horn();
    const ModelEvaluation evaluation = evaluate_model(*model, shape, &heldout);
    CHECK(evaluation.noise_floor == 2 * 0.1 * 0.1);
    REQUIRE(evaluation.has_predictor_truth);
    REQUIRE(evaluation.x.size() == 51);
    double worst = 0;
    for (std::size_t i = 0; i <= 50; ++i) {
        const double x = i / 50.0;
        CHECK(evaluation.x(i) == Approx(x).epsilon(1e-15));
        const double rho[2] = {(1.2 * x + 2.5 * (1 - x)) * std::exp(2 * x), (2.5 * x + 1.2 * (1 - x)) * std::exp(2 * x)};
        const auto f = model->predict(x);
        for (std::size_t k = 0; k < 2; ++k) {
            CHECK(evaluation.rho(i, k) == Approx(rho[k]).epsilon(1e-14));
            CHECK(evaluation.f_abs(i, k) == std::abs(f[k]));
            const double error = (std::abs(f[k]) - rho[k]) / rho[k];
            CHECK(evaluation.relative_error(i, k) == Approx(error).epsilon(1e-12));
            worst = std::max(worst, std::abs(error));
        }
    }
    CHECK(evaluation.max_relative_error == Approx(worst).epsilon(1e-12));
    // Held-out mean F∞ over z ∈ R: each sample's within a dense scan's bounds.
    double low = 0, high = 0;
    const std::size_t n = heldout.x.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto scan = ebm_test::scan_circle(*model, heldout.x(i), {heldout.y(i, 0), heldout.y(i, 1)}, 4000);
        low += (scan.minimum - scan.largest_change) / double(n), high += scan.minimum / double(n);
    }
    REQUIRE(evaluation.heldout_f_inf);
    CHECK(*evaluation.heldout_f_inf <= high + 1e-12);
    CHECK(*evaluation.heldout_f_inf >= low);
    // The rings: the centre's F∞, the least of 16 points 1.5 ρ off it, the near samples' mean.
    for (std::size_t r = 0; r < 3; ++r) {
        const double x = 0.5 * double(r);
        CHECK(evaluation.ring_x(r) == x);
        const auto centre = ebm_test::scan_circle(*model, x, {0.0, 0.0});
        CHECK(evaluation.centre_f_inf(r) <= centre.minimum + 1e-12);
        CHECK(evaluation.centre_f_inf(r) >= centre.minimum - centre.largest_change);
        const auto rho = horn_radii(shape, x);
        double off = INFINITY;
        for (int k = 0; k < 16; ++k) {
            const double phi = 2 * M_PI * k / 16;
            off = std::min(off, ebm_test::scan_circle(*model, x, {1.5 * rho[0] * std::cos(phi), 1.5 * rho[1] * std::sin(phi)}).minimum);
        }
        CHECK(evaluation.off_ring_f_inf(r) <= off + 1e-12);
        double near_sum = 0;
        std::size_t near = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (std::abs(heldout.x(i) - x) <= 0.05)
                near_sum += ebm_test::scan_circle(*model, heldout.x(i), {heldout.y(i, 0), heldout.y(i, 1)}).minimum, ++near;
        REQUIRE(near > 0);
        CHECK(evaluation.ring_heldout_f_inf(r) == Approx(near_sum / double(near)).epsilon(1e-6));
    }
}

TEST_CASE("other models get F∞ but no ρ; the latent model's by its own search; no held-out, no held-out F∞",
          "[model_evaluation]") {
    const auto latent = model_of(NetworkKind::latent);
    const DataSet heldout = heldout_horn();
    const ModelEvaluation evaluation = evaluate_model(*latent, HornShape{}, &heldout);
    CHECK_FALSE(evaluation.has_predictor_truth);
    const std::size_t n = heldout.x.size();
    const auto cache = latent->make_cache();
    std::vector<double> f(n);
    latent->free_energy_forward(f.data(), *cache, heldout.x.data(), heldout.y.data(), n, INFINITY);
    double sum = 0;
    for (double value : f) sum += value;
    REQUIRE(evaluation.heldout_f_inf);
    CHECK(*evaluation.heldout_f_inf == Approx(sum / double(n)).epsilon(1e-14));
    const ModelEvaluation without = evaluate_model(*model_of(NetworkKind::decoder_mlp), HornShape{}, nullptr);
    CHECK_FALSE(without.heldout_f_inf);
    CHECK_FALSE(without.has_predictor_truth);
    CHECK(without.centre_f_inf.size() == 3);
    // Written: the datasets the docs list, each with its description.
    const ebm_test::TempFolder scratch("model-evaluation");
    const std::string path = (scratch.path / "e.h5").string();
    {
        H5Writer file(path, "ebm/test", 1);
        write_evaluation(file, evaluate_model(*model_of(NetworkKind::conditional), HornShape{}, &heldout));
        file.commit();
    }
    const H5Reader file(path);
    CHECK(file.read<1>("/evaluation/heldout_f_inf").size() == 1);
    CHECK(file.shape("/evaluation/relative_error") == std::vector<std::size_t>{51, 2});
    CHECK(file.has_attribute("/evaluation/max_relative_error", "description"));
}

// Tests of lib/stages/network_inference: what ebm-infer computes for a network
// model, on freshly initialised models (no training: any parameters define a
// model) and 40 samples, against independent references: the manifold by
// hand from f(x), F∞ as the naive minimum over the latent grid, the refined
// ž against a dense scan of E over its cell, the latent model's ž against
// its neighbours.
#include "command_line.hpp"
#include "data_file.hpp"
#include "ellipse.hpp"
#include "infer_stage.hpp"
#include "network_inference.hpp"
#include "network_checks.hpp"
#include "network_model.hpp"

#include <catch2/catch.hpp>
#include <xtensor/xview.hpp>

#include <cmath>
#include <limits>

using namespace ebm;

namespace {

constexpr std::size_t latent_count = 12;  // Z
constexpr std::size_t samples = 40;       // N

// Points around a horn: x evenly in [0, 1], y on a noisy ellipse that grows with x.
DataSet horn_samples() {
    DataSet data;
    data.data_case = "conditional";
    data.x = xt::empty<double>({samples});
    data.y = xt::empty<double>({samples, std::size_t(2)});
    for (std::size_t n = 0; n < samples; ++n) {
        const double x = double(n) / double(samples - 1), angle = 2.4 * double(n);
        data.x(n) = x;
        data.y(n, 0) = (0.5 + x) * std::cos(angle) + 0.05 * std::sin(7.0 * double(n));
        data.y(n, 1) = (0.3 + 0.5 * x) * std::sin(angle);
    }
    return data;
}

std::unique_ptr<NetworkModel> fresh_model(NetworkKind kind, std::uint64_t seed) {
    NetworkConfig config;
    config.kind = kind;
    config.latent_count = latent_count;
    config.latent_dim = 1;
    config.lambda = 0.1;
    config.search.starts = 2;
    auto model = make_network_model(config);
    model->initialise(seed);
    return model;
}

NetworkInferOptions small_options(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> arguments{"--model", "m.h5", "--data", "d.h5", "--out", "i.h5", "--manifold-x", "0:1:5",
                                       "--slice-x", "0.1,0.6", "--slice-grid", "6", "--decoded", "7"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return parse_command_line(parse_infer_options, "ebm-infer", arguments)->network;
}

// min_k E(x, y, z_k) over the grid, the naive way.
double grid_minimum(const NetworkModel& model, const xt::xtensor<double, 1>& latents, double x, const Vec2& y) {
    double best = std::numeric_limits<double>::infinity();
    for (double z : latents) best = std::min(best, model.energy(x, y, &z));
    return best;
}

}  // namespace

TEST_CASE("a conditional model's manifold is f(x)·[cos z, sin z], by hand", "[network_inference]") {
    const auto model = fresh_model(NetworkKind::conditional, 3);
    const auto result = compute_network_inference(small_options(), *model, horn_samples());
    REQUIRE(result.grid_model());
    REQUIRE(result.latents.size() == latent_count);
    CHECK((result.manifold_x == xt::xtensor<double, 1>{0, 0.25, 0.5, 0.75, 1}));
    REQUIRE(result.manifold_y1.shape() == std::array<std::size_t, 2>{5, latent_count});
    REQUIRE(result.manifold_table.shape() == std::array<std::size_t, 2>{5 * latent_count, 4});
    for (std::size_t i = 0; i < 5; ++i) {
        const auto f = model->predict(result.manifold_x(i));
        CHECK(result.manifold_f(i, 0) == f[0]);
        CHECK(result.manifold_f(i, 1) == f[1]);
        for (std::size_t k = 0; k < latent_count; ++k) {
            const double z = 2 * M_PI * double(k) / double(latent_count);
            CHECK(result.manifold_y1(i, k) == Approx(f[0] * std::cos(z)).margin(1e-14));
            CHECK(result.manifold_y2(i, k) == Approx(f[1] * std::sin(z)).margin(1e-14));
            const auto row = xt::view(result.manifold_table, i * latent_count + k, xt::all());
            CHECK(row(0) == result.manifold_x(i));
            CHECK(row(1) == Approx(z).epsilon(1e-15));
            CHECK(row(2) == result.manifold_y1(i, k));
            CHECK(row(3) == result.manifold_y2(i, k));
        }
    }
    // Each slice's curve is the manifold at its x.
    const auto f = model->predict(0.6);
    for (std::size_t k = 0; k < latent_count; ++k)
        CHECK(result.slices[1].curve(k, 1) == Approx(f[1] * std::sin(result.latents(k))).margin(1e-14));
}

TEST_CASE("a grid model's ž and F∞ are the grid's minimum; the refined ones a dense scan's over ž's cell",
          "[network_inference]") {
    const DataSet data = horn_samples();
    for (const auto kind : {NetworkKind::conditional, NetworkKind::decoder_mlp}) {
        const auto model = fresh_model(kind, 5);
        const auto result = compute_network_inference(small_options(), *model, data);
        REQUIRE(result.z_check.shape() == std::array<std::size_t, 2>{samples, 1});
        const double cell = 2 * M_PI / double(latent_count);
        double sum = 0, refined_sum = 0;
        for (std::size_t n = 0; n < samples; ++n) {
            const double x = data.x(n);
            const Vec2 y{data.y(n, 0), data.y(n, 1)};
            CHECK(result.f_inf(n) == Approx(grid_minimum(*model, result.latents, x, y)).epsilon(1e-13));
            CHECK(result.f_inf(n) == Approx(model->energy(x, y, &result.z_check(n, 0))).epsilon(1e-13));
            // A scan of 4001 points over Brent's bracket [ž − Δz, ž + Δz]. Between two scan points E
            // (piecewise smooth: ReLUs) dips at most about the largest change from one point to the next.
            double scanned = result.f_inf(n), largest_change = 0, previous = NAN;
            for (int s = -2000; s <= 2000; ++s) {
                const double z = result.z_check(n, 0) + cell * s / 2000.0, energy = model->energy(x, y, &z);
                scanned = std::min(scanned, energy);
                if (s > -2000) largest_change = std::max(largest_change, std::abs(energy - previous));
                previous = energy;
            }
            CHECK(result.f_inf_refined(n) <= result.f_inf(n));
            CHECK(result.f_inf_refined(n) <= scanned + 1e-12);
            CHECK(result.f_inf_refined(n) >= scanned - largest_change);
            CHECK(result.f_inf_refined(n) == Approx(model->energy(x, y, &result.z_refined(n))).epsilon(1e-12));
            CHECK(result.z_refined(n) >= 0);
            CHECK(result.z_refined(n) < 2 * M_PI);
            sum += result.f_inf(n), refined_sum += result.f_inf_refined(n);
        }
        CHECK(result.mean_f_inf == Approx(sum / samples).epsilon(1e-14));
        CHECK(result.mean_f_inf_refined == Approx(refined_sum / samples).epsilon(1e-14));
        CHECK((result.sample_y == data.y));
        CHECK((result.sample_x == data.x));
    }
}

TEST_CASE("a slice's map is F∞ at its points over a window around its samples", "[network_inference]") {
    const DataSet data = horn_samples();
    const auto model = fresh_model(NetworkKind::conditional, 7);
    const auto options = small_options();
    const auto result = compute_network_inference(options, *model, data);
    REQUIRE(result.slices.size() == 2);
    CHECK((result.slice_x == xt::xtensor<double, 1>{0.1, 0.6}));
    for (std::size_t s = 0; s < 2; ++s) {
        const auto& slice = result.slices[s];
        const double x_s = result.slice_x(s);
        // The samples within 0.05 of x_s, and the window: ±1.4 times their largest |y1|, |y2|.
        std::vector<std::size_t> near;
        double reach1 = 0, reach2 = 0;
        for (std::size_t n = 0; n < samples; ++n)
            if (std::abs(data.x(n) - x_s) <= 0.05) {
                near.push_back(n);
                reach1 = std::max(reach1, std::abs(data.y(n, 0))), reach2 = std::max(reach2, std::abs(data.y(n, 1)));
            }
        REQUIRE(!near.empty());
        REQUIRE(slice.samples.shape() == std::array<std::size_t, 2>{near.size(), 2});
        for (std::size_t m = 0; m < near.size(); ++m) CHECK(slice.samples(m, 1) == data.y(near[m], 1));
        CHECK(slice.y1(5) == Approx(1.4 * reach1).epsilon(1e-15));
        CHECK(slice.y2(0) == Approx(-1.4 * reach2).epsilon(1e-15));
        REQUIRE(slice.f_inf.shape() == std::array<std::size_t, 2>{6, 6});
        // Over z ∈ R: no higher than the grid's minimum, and within a dense scan's bounds.
        for (const auto& [j, i] : std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}, {2, 4}, {5, 1}}) {
            const Vec2 y{slice.y1(i), slice.y2(j)};
            const auto scan = ebm_test::scan_circle(*model, x_s, y);
            CHECK(slice.f_inf(j, i) <= grid_minimum(*model, result.latents, x_s, y));
            CHECK(slice.f_inf(j, i) <= scan.minimum + 1e-12);
            CHECK(slice.f_inf(j, i) >= scan.minimum - scan.largest_change);
        }
        CHECK(result.slice_min_f_inf[s] == xt::amin(slice.f_inf)());
        CHECK(result.slice_mean_f_inf[s] == Approx(xt::sum(slice.f_inf)() / 36).epsilon(1e-14));
        CHECK(slice.decoded.size() == 0);
    }
}

TEST_CASE("a latent model's ž is a local minimum of E, and it decodes latents in the box of the ž",
          "[network_inference]") {
    const DataSet data = horn_samples();
    const auto model = fresh_model(NetworkKind::latent, 11);
    const auto result = compute_network_inference(small_options(), *model, data);
    CHECK_FALSE(result.grid_model());
    CHECK(result.latents.size() == 0);
    CHECK(result.z_refined.size() == 0);
    CHECK(result.manifold_y1.size() == 0);
    CHECK(result.manifold_f.shape() == std::array<std::size_t, 2>{5, 2});
    REQUIRE(result.z_check.shape() == std::array<std::size_t, 2>{samples, 1});
    for (std::size_t n = 0; n < samples; ++n) {
        const double x = data.x(n);
        const Vec2 y{data.y(n, 0), data.y(n, 1)};
        const double z = result.z_check(n, 0);
        CHECK(result.f_inf(n) == Approx(model->energy(x, y, &z)).epsilon(1e-12));
        // No energy much lower a small step to either side. Not exactly: where
        // ž lies on a kink of g (a ReLU's), the search's line search stops
        // short, about 3e-5 above the minimum for this model's worst sample.
        for (double step : {-1e-3, 1e-3}) {
            const double beside = z + step;
            CHECK(model->energy(x, y, &beside) >= result.f_inf(n) - 1e-4);
        }
    }
    // Every decoded point is g(x_s, z) for some z between the smallest and the largest ž: near a dense scan's.
    const double z_low = xt::amin(result.z_check)(), z_high = xt::amax(result.z_check)();
    std::vector<double> scan_z(20001);
    for (std::size_t k = 0; k < scan_z.size(); ++k) scan_z[k] = z_low + (z_high - z_low) * double(k) / 20000.0;
    std::vector<double> scan_y(2 * scan_z.size());
    for (std::size_t s = 0; s < 2; ++s) {
        const auto& slice = result.slices[s];
        REQUIRE(slice.decoded.shape() == std::array<std::size_t, 2>{7, 2});
        CHECK(slice.curve.size() == 0);
        model->decode(scan_y.data(), result.slice_x(s), scan_z.data(), scan_z.size());
        for (std::size_t k = 0; k < 7; ++k) {
            double nearest = std::numeric_limits<double>::infinity();
            for (std::size_t m = 0; m < scan_z.size(); ++m)
                nearest = std::min(nearest, std::hypot(scan_y[2 * m] - slice.decoded(k, 0), scan_y[2 * m + 1] - slice.decoded(k, 1)));
            CHECK(nearest <= 1e-3 * (z_high - z_low));
        }
    }
}

TEST_CASE("any model goes through the interface alone: the ellipse as a stand-in for a new model",
          "[network_inference]") {
    // A model with no predictor f and x unused: what a new model that is no
    // network gets from ebm-infer.
    const EllipseModel ellipse(latent_count, {1.5, 0.5});
    const DataSet data = horn_samples();
    const NetworkInference result = compute_network_inference(small_options(), ellipse, data);
    REQUIRE(result.grid_model());
    CHECK(result.latents.size() == latent_count);
    CHECK(result.manifold_f.shape(1) == 0);  // no predictor: f(x) has no values
    for (std::size_t n = 0; n < samples; ++n) {
        // F∞ is the naive minimum of [y1 − 1.5 cos z]² + [y2 − 0.5 sin z]² over the grid.
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < latent_count; ++k) {
            const double z = 2 * M_PI * double(k) / double(latent_count);
            const double d1 = data.y(n, 0) - 1.5 * std::cos(z), d2 = data.y(n, 1) - 0.5 * std::sin(z);
            best = std::min(best, d1 * d1 + d2 * d2);
        }
        CHECK(result.f_inf(n) == Approx(best).epsilon(1e-14));
    }
    // The manifold at any x is the ellipse.
    for (std::size_t k = 0; k < latent_count; ++k) {
        const double z = 2 * M_PI * double(k) / double(latent_count);
        CHECK(result.manifold_y1(2, k) == Approx(1.5 * std::cos(z)).margin(1e-15));
        CHECK(result.manifold_y2(2, k) == Approx(0.5 * std::sin(z)).margin(1e-15));
    }
    CHECK(result.architecture == ellipse.architecture());
}

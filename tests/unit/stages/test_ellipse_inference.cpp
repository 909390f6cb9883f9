// Tests of lib/stages/ellipse_inference: what ebm-infer computes for the
// ellipse model, on five hand-placed samples, against independent references:
// the exact distance to the ellipse (ellipse_distance.hpp) within the latent
// grid's resolution, and the naive loop over the latents for every map.
#include "command_line.hpp"
#include "data_file.hpp"
#include "ellipse_distance.hpp"
#include "ellipse_inference.hpp"
#include "errors.hpp"
#include "free_energy.hpp"
#include "infer_stage.hpp"
#include "inference.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

using namespace ebm;

namespace {

const EllipseParams w{2.0, 1.0};
constexpr std::size_t latent_count = 40;  // Z

// Outside, inside, on the minor axis, far away, near the ellipse: each has one closest point.
DataSet five_samples() {
    DataSet data;
    data.data_case = "unconditional";
    data.y = {{2.5, 0.5}, {0.8, 0.3}, {0.1, 1.6}, {-3.0, -1.8}, {-1.2, 0.75}};
    data.x = xt::zeros<double>({std::size_t(5)});
    return data;
}

// Small grids, two traces and two probes; `changes` replace options by name.
InferOptions small_options(const std::map<std::string, std::string>& changes = {}) {
    std::map<std::string, std::string> options{
        {"model", "m.h5"}, {"data", "d.h5"}, {"out", "i.h5"}, {"z", std::to_string(latent_count)},
        {"betas", "0.5,4,inf"}, {"grid", "-3:3:7,-2:2:5"}, {"fine-grid", "-3:3:9,-2:2:7"}, {"cross-section", "11"},
        {"trace", "2,5"}, {"probes", "0:0,1:-1"}, {"beta-sweep", "-1:1:3"}, {"weights-beta", "2"}};
    for (const auto& [name, value] : changes) options[name] = value;
    std::vector<std::string> arguments;
    for (const auto& [name, value] : options) arguments.insert(arguments.end(), {"--" + name, value});
    return *parse_command_line(parse_infer_options, "ebm-infer", arguments);
}

// E(y, z_k) over the latent grid, the naive way.  // (Z)
xt::xtensor<double, 1> energies(const xt::xtensor<double, 1>& latents, const Vec2& y) {
    xt::xtensor<double, 1> energy = xt::empty<double>({latents.size()});
    for (std::size_t k = 0; k < latents.size(); ++k) {
        const double d1 = y[0] - w.w1 * std::cos(latents(k)), d2 = y[1] - w.w2 * std::sin(latents(k));
        energy(k) = d1 * d1 + d2 * d2;
    }
    return energy;
}

double angle_between(double a, double b) {
    const double d = std::fmod(std::abs(a - b), 2 * M_PI);
    return std::min(d, 2 * M_PI - d);
}

}  // namespace

TEST_CASE("the samples' F∞ on the grid is the exact squared distance to within the grid's resolution",
          "[ellipse_inference]") {
    const DataSet data = five_samples();
    const auto result = compute_ellipse_inference(small_options(), w, data);
    REQUIRE(result.latents.size() == latent_count);
    REQUIRE(result.sample_energy.shape() == std::array<std::size_t, 2>{5, latent_count});
    const double cell = 2 * M_PI / double(latent_count);
    for (std::size_t n = 0; n < 5; ++n) {
        const Vec2 y{data.y(n, 0), data.y(n, 1)};
        const auto exact = ellipse_distance(w, y);
        // The nearest grid latent is within cell/2 of the exact ž, and |∂²E/∂z²| ≤ L (inference.hpp).
        const double L = 2 * std::abs(y[0] * w.w1) + 2 * std::abs(y[1] * w.w2) + 2 * std::abs(w.w1 * w.w1 - w.w2 * w.w2);
        CHECK(result.sample_f_inf(n) >= exact.squared_distance - 1e-12);
        CHECK(result.sample_f_inf(n) <= exact.squared_distance + L / 2 * (cell / 2) * (cell / 2));
        CHECK(angle_between(result.sample_z_check(n), exact.z) <= cell);
        const auto naive = energies(result.latents, y);
        for (std::size_t k = 0; k < latent_count; ++k)
            CHECK(result.sample_energy(n, k) == Approx(naive(k)).epsilon(1e-14));
    }
    CHECK((result.sample_y == data.y));
}

TEST_CASE("every method's error is its F∞ less the exact squared distance", "[ellipse_inference]") {
    const DataSet data = five_samples();
    const auto result = compute_ellipse_inference(small_options({{"method", "exhaustive,line-search,exact"}}), w, data);
    REQUIRE(result.methods.size() == 3);
    const auto& exhaustive = result.methods[0];
    const auto& line_search = result.methods[1];
    const auto& exact = result.methods[2];
    CHECK(exhaustive.method == "exhaustive");
    CHECK(exact.method == "exact");
    for (std::size_t n = 0; n < 5; ++n) {
        const double d2 = ellipse_distance(w, {data.y(n, 0), data.y(n, 1)}).squared_distance;
        for (const auto* run : {&exhaustive, &line_search, &exact})
            CHECK(run->error(n) == Approx(run->f_inf(n) - d2).margin(1e-15));
        // Exhaustive search is the grid's ž; Brent's line search and the exact method reach d².
        CHECK(exhaustive.z_check(n) == result.sample_z_check(n));
        CHECK(exhaustive.f_inf(n) == result.sample_f_inf(n));
        CHECK(std::abs(line_search.error(n)) <= 1e-12);
        CHECK(exact.error(n) == 0);
        CHECK(exact.iterations(n) >= 0);
        CHECK(exhaustive.energy_evaluations(n) == double(latent_count));
    }
}

TEST_CASE("each method's energy and gradient evaluations are counted apart", "[ellipse_inference]") {
    const DataSet data = five_samples();
    const auto result = compute_ellipse_inference(small_options({{"method", "exhaustive,gd,lbfgs"}}), w, data);
    REQUIRE(result.methods.size() == 3);
    InferenceOptions inference;
    inference.z_start = 0.4;  // --z-start's default
    inference.latent_count = latent_count;
    for (std::size_t n = 0; n < 5; ++n) {
        const Vec2 y{data.y(n, 0), data.y(n, 1)};
        // The stage stores what infer() counts, method by method.
        for (std::size_t m = 0; m < 3; ++m) {
            const auto found = infer(w, y, parse_inference_method(result.methods[m].method), inference);
            CHECK(result.methods[m].energy_evaluations(n) == double(found.energy_evaluations));
            CHECK(result.methods[m].gradient_evaluations(n) == double(found.gradient_evaluations));
        }
        // Exhaustive search uses no gradient; gradient descent a gradient every step.
        CHECK(result.methods[0].gradient_evaluations(n) == 0);
        CHECK(result.methods[1].gradient_evaluations(n) >= result.methods[1].iterations(n));
    }
}

TEST_CASE("a traced sample's paths end at the method's ž, with the energies along them", "[ellipse_inference]") {
    const DataSet data = five_samples();
    const auto result = compute_ellipse_inference(small_options({{"method", "gd,lbfgs"}}), w, data);
    REQUIRE(result.traces.size() == 2);
    CHECK(result.traces[1].sample == 5);
    CHECK((result.traces[1].y == xt::xtensor<double, 1>{-1.2, 0.75}));
    for (const auto& trace : result.traces) {
        REQUIRE(trace.paths.size() == 2);
        for (std::size_t m = 0; m < 2; ++m) {
            const auto& path = trace.paths[m];
            CHECK(path.method == result.methods[m].method);
            REQUIRE(path.z.size() >= 1);
            CHECK(path.z(0) == 0.4);  // z̃, --z-start's default (slide 13)
            CHECK(angle_between(path.z(path.z.size() - 1), result.methods[m].z_check(trace.sample - 1)) <= 1e-12);
            for (std::size_t s = 0; s < path.z.size(); ++s) {
                const double d1 = trace.y(0) - w.w1 * std::cos(path.z(s)), d2 = trace.y(1) - w.w2 * std::sin(path.z(s));
                CHECK(path.energy(s) == Approx(d1 * d1 + d2 * d2).epsilon(1e-14));
            }
        }
    }
}

TEST_CASE("the maps and the cross-section are the naive loop over the latents", "[ellipse_inference]") {
    const auto result = compute_ellipse_inference(small_options(), w, five_samples());
    const xt::xtensor<double, 1> betas{0.5, 4, INFINITY};
    CHECK((result.betas == betas));
    for (const MeshMap* mesh : {&result.mesh, &result.fine}) {
        const std::size_t N1 = mesh->y1.size(), N2 = mesh->y2.size();
        REQUIRE(mesh->map.f_beta.shape() == std::array<std::size_t, 3>{3, N2, N1});
        for (const auto& [j, i] : std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}, {N2 / 2, N1 / 2}, {N2 - 1, 1}}) {
            const Vec2 y{mesh->y1(i), mesh->y2(j)};
            const auto naive = energies(result.latents, y);
            const std::size_t best = argmin_energy(naive);
            CHECK(mesh->map.f_inf(j, i) == Approx(naive(best)).epsilon(1e-14));
            CHECK(mesh->map.mean_energy(j, i) == Approx(xt::mean(naive)()).epsilon(1e-12));
            for (std::size_t b = 0; b < 3; ++b)
                CHECK(mesh->map.f_beta(b, j, i) == Approx(softmin(naive, betas(b))).epsilon(1e-12));
            // ∂F∞/∂y = 2 (y − g(ž))
            CHECK(mesh->map.grad_f_inf(0, j, i) == Approx(2 * (y[0] - w.w1 * std::cos(result.latents(best)))).margin(1e-12));
            CHECK(mesh->map.grad_f_inf(1, j, i) == Approx(2 * (y[1] - w.w2 * std::sin(result.latents(best)))).margin(1e-12));
        }
    }
    CHECK((result.mesh.y1 == xt::xtensor<double, 1>{-3, -2, -1, 0, 1, 2, 3}));
    CHECK(result.fine.y2.size() == 7);
    REQUIRE(result.cross_section_y2.size() == 11);
    CHECK(result.cross_section_y2(0) == -2);
    CHECK(result.cross_section_y2(10) == 2);
    for (std::size_t m = 0; m < 11; ++m) {
        const auto naive = energies(result.latents, {0.0, result.cross_section_y2(m)});
        CHECK(result.cross_section_f_inf(m) == Approx(xt::amin(naive)()).epsilon(1e-14));
        CHECK(result.cross_section_mean_energy(m) == Approx(xt::mean(naive)()).epsilon(1e-12));
        for (std::size_t b = 0; b < 3; ++b)
            CHECK(result.cross_section_f_beta(b, m) == Approx(softmin(naive, betas(b))).epsilon(1e-12));
    }
}

TEST_CASE("the probes are the traced samples, then the given points, with their β sweep", "[ellipse_inference]") {
    const DataSet data = five_samples();
    const auto result = compute_ellipse_inference(small_options(), w, data);
    CHECK(result.probe_labels == std::vector<std::string>{"Y[2]", "Y[5]", "(0,0)", "(1,-1)"});
    REQUIRE(result.probe_y.shape() == std::array<std::size_t, 2>{4, 2});
    CHECK(result.probe_y(0, 0) == data.y(1, 0));
    CHECK(result.probe_y(1, 1) == data.y(4, 1));
    CHECK(result.probe_y(3, 1) == -1);
    CHECK((result.sweep_betas == xt::xtensor<double, 1>{0.1, 1, 10}));
    CHECK(result.weights_beta == 2);
    for (std::size_t p = 0; p < 4; ++p) {
        const auto naive = energies(result.latents, {result.probe_y(p, 0), result.probe_y(p, 1)});
        const std::size_t best = argmin_energy(naive);
        CHECK(result.probe_f_inf(p) == naive(best));
        CHECK(result.probe_z_check(p) == result.latents(best));
        CHECK(result.probe_mean_energy(p) == Approx(xt::mean(naive)()).epsilon(1e-12));
        // softargmin at β = 2 by hand: exp(−2 E_k) / Σ_j exp(−2 E_j)
        const xt::xtensor<double, 1> weights = xt::exp(-2 * naive) / xt::sum(xt::exp(-2 * naive))();
        for (std::size_t k = 0; k < latent_count; ++k) CHECK(result.probe_weights(p, k) == Approx(weights(k)).epsilon(1e-10));
        // F_β = −1/β log(1/Z Σ_k exp(−β E_k)) by hand
        for (std::size_t b = 0; b < 3; ++b) {
            const double beta = result.sweep_betas(b);
            const double by_hand = -std::log(xt::mean(xt::exp(-beta * naive))()) / beta;
            CHECK(result.probe_f_beta(p, b) == Approx(by_hand).epsilon(1e-12));
        }
    }
}

TEST_CASE("the manifold is g(z) = [w1 cos z, w2 sin z] over the latent grid", "[ellipse_inference]") {
    const auto result = compute_ellipse_inference(small_options(), w, five_samples());
    CHECK((result.w == xt::xtensor<double, 1>{2, 1}));
    REQUIRE(result.manifold.shape() == std::array<std::size_t, 2>{latent_count, 2});
    for (std::size_t k = 0; k < latent_count; ++k) {
        const double z = 2 * M_PI * double(k) / double(latent_count);
        CHECK(result.latents(k) == Approx(z).epsilon(1e-15));
        CHECK(result.manifold(k, 0) == Approx(2 * std::cos(z)).margin(1e-15));
        CHECK(result.manifold(k, 1) == Approx(std::sin(z)).margin(1e-15));
    }
}

TEST_CASE("a --trace past the samples is a usage error naming it", "[ellipse_inference]") {
    CHECK_THROWS_AS(compute_ellipse_inference(small_options({{"trace", "6"}}), w, five_samples()), UsageError);
    CHECK_THROWS_WITH(compute_ellipse_inference(small_options({{"trace", "6"}}), w, five_samples()),
                      Catch::Contains("--trace 6 is past the 5 samples"));
}

TEST_CASE("the default --trace keeps the lecture's samples the data have: none of 5, Y[10] and Y[23] of 24",
          "[ellipse_inference]") {
    // small_options with no --trace: the default, 10,23.
    std::vector<std::string> arguments{"--model", "m.h5", "--data", "d.h5", "--out", "i.h5", "--z", "8",
                                       "--grid", "-3:3:5,-2:2:3", "--fine-grid", "-3:3:5,-2:2:3", "--cross-section", "3"};
    const InferOptions defaults = *parse_command_line(parse_infer_options, "ebm-infer", arguments);
    CHECK_FALSE(defaults.trace_given);
    const auto few = compute_ellipse_inference(defaults, w, five_samples());
    CHECK(few.traces.empty());
    CHECK(few.probe_labels.front() == "(0,0)");  // no traced sample among the probes
    DataSet lecture = five_samples();
    lecture.y = xt::zeros<double>({std::size_t(24), std::size_t(2)});
    lecture.x = xt::zeros<double>({std::size_t(24)});
    const auto all = compute_ellipse_inference(defaults, w, lecture);
    REQUIRE(all.traces.size() == 2);
    CHECK(all.traces[0].sample == 10);
    CHECK(all.traces[1].sample == 23);
}

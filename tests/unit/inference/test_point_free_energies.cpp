// Tests of lib/inference/point_free_energies: F_β at a list of points against
// a plain loop over the latent grid of the model's own energy() (a
// log-sum-exp by hand, the first minimiser for ž), the refined F∞ against
// continuous_minimum point by point, the same bits with 1 and 2 threads, the
// progress, a model's error on the calling thread, and the plane's layout.
#include "point_free_energies.hpp"

#include "continuous_latent.hpp"
#include "ellipse.hpp"
#include "free_energy.hpp"
#include "latent_grid.hpp"
#include "network_model.hpp"
#include "rng.hpp"

#include <catch2/catch.hpp>
#include <omp.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace ebm;

namespace {

// R points round a ring of radius about 2, x in [0, 1]: x (R), y (R, 2).
std::pair<std::vector<double>, std::vector<double>> ring_points(std::size_t R, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<double> x(R), y(2 * R);
    for (std::size_t r = 0; r < R; ++r) {
        const double angle = rng.uniform(0, 2 * M_PI), radius = rng.uniform(1, 3);
        x[r] = rng.uniform(0, 1);
        y[2 * r] = radius * std::cos(angle), y[2 * r + 1] = 0.7 * radius * std::sin(angle);
    }
    return {x, y};
}

// F_β(x, y) = −1/β log(1/Z Σ_k exp(−β E(x, y, z_k))) by hand (shifted by the
// least energy), the least energy at β = inf; ž the first minimiser.
std::pair<double, double> naive_free_energy(const Model& model, double x, const Vec2& y, double beta) {
    const auto latents = latent_grid(model.latent_count());
    std::vector<double> energies;
    double least = INFINITY, z_check = 0;
    for (double z : latents) {
        energies.push_back(model.energy(x, y, &z));
        if (energies.back() < least) least = energies.back(), z_check = z;
    }
    if (beta == zero_temperature_beta) return {least, z_check};
    double sum = 0;
    for (double energy : energies) sum += std::exp(-beta * (energy - least));
    return {least - std::log(sum / double(energies.size())) / beta, z_check};
}

std::unique_ptr<NetworkModel> network(NetworkKind kind) {
    NetworkConfig config;
    config.kind = kind;
    config.latent_count = 24;
    config.lambda = 0.1;
    config.search.starts = 2;
    auto model = make_network_model(config);
    model->initialise(3);
    return model;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// The values with the threads given, and every progress report.
struct Run {
    std::vector<double> free_energy, z_check;
    std::vector<std::size_t> reports;
};
Run run_on(int threads, const Model& model, double beta, const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t R = x.size();
    Run run{std::vector<double>(R), std::vector<double>(R * model.latent_width()), {}};
    const int threads_before = omp_get_max_threads();
    omp_set_num_threads(threads);
    point_free_energies(model, beta, R, x.data(), y.data(), run.free_energy.data(), run.z_check.data(),
                        [&](std::size_t done, std::size_t total) {
                            CHECK(total == R);
                            run.reports.push_back(done);
                        });
    omp_set_num_threads(threads_before);
    return run;
}

}  // namespace

TEST_CASE("F_β and ž at the points equal a plain loop over the grid, for every β", "[point_free_energies]") {
    const auto [x, y] = ring_points(150, 1);  // two whole chunks and a part
    const EllipseModel ellipse(48, {1.9, 1.4});
    const auto conditional = network(NetworkKind::conditional);
    const auto decoder_mlp = network(NetworkKind::decoder_mlp);
    for (const Model* model : {static_cast<const Model*>(&ellipse), static_cast<const Model*>(conditional.get()),
                               static_cast<const Model*>(decoder_mlp.get())}) {
        for (const double beta : {0.3, 4.0, 200.0, zero_temperature_beta}) {
            INFO(model->name() << " at β = " << beta);
            std::vector<double> free_energy(x.size()), z_check(x.size());
            point_free_energies(*model, beta, x.size(), x.data(), y.data(), free_energy.data(), z_check.data());
            for (std::size_t r = 0; r < x.size(); ++r) {
                const auto [expected, expected_z] = naive_free_energy(*model, x[r], {y[2 * r], y[2 * r + 1]}, beta);
                CHECK(free_energy[r] == Approx(expected).epsilon(1e-12).margin(1e-12));
                if (beta == zero_temperature_beta) CHECK(z_check[r] == expected_z);
            }
        }
    }
}

TEST_CASE("the refined F∞ is continuous_minimum at every point", "[point_free_energies]") {
    const auto [x, y] = ring_points(70, 2);
    const auto conditional = network(NetworkKind::conditional);
    const auto latents = latent_grid(conditional->latent_count());
    std::vector<double> z(x.size()), f_inf(x.size());
    continuous_point_free_energies(*conditional, latents, x.size(), x.data(), y.data(), z.data(), f_inf.data());
    const std::vector<double> grid(latents.begin(), latents.end());
    for (std::size_t r = 0; r < x.size(); ++r) {
        const auto expected = continuous_minimum(*conditional, x[r], {y[2 * r], y[2 * r + 1]}, grid);
        CHECK(z[r] == expected.z);
        CHECK(f_inf[r] == expected.f_inf);
    }
}

TEST_CASE("the values have the same bits with 1 and 2 threads; the progress counts every point", "[point_free_energies]") {
    const auto [x, y] = ring_points(300, 3);
    // Enough work for threads: 300 rows of 30 Z multiply-adds each.
    const EllipseModel ellipse(1024, {1.9, 1.4});
    const auto latent = network(NetworkKind::latent);
    for (const auto& [model, beta] : {std::pair<const Model*, double>{&ellipse, 20.0}, {&ellipse, zero_temperature_beta},
                                      {latent.get(), zero_temperature_beta}}) {
        INFO(model->name() << " at β = " << beta);
        REQUIRE(double(x.size()) * model->work_per_row() >= 2e6);
        const Run one = run_on(1, *model, beta, x, y), two = run_on(2, *model, beta, x, y);
        CHECK(same_bits(one.free_energy, two.free_energy));
        CHECK(same_bits(one.z_check, two.z_check));
        // One thread reports after every chunk, in order; two report only from thread 0.
        CHECK(one.reports == std::vector<std::size_t>{64, 128, 192, 256, 300});
        for (std::size_t i = 0; i < two.reports.size(); ++i) {
            CHECK(two.reports[i] <= x.size());
            if (i > 0) CHECK(two.reports[i] > two.reports[i - 1]);
        }
    }
    const auto conditional = network(NetworkKind::conditional);
    const auto latents = latent_grid(conditional->latent_count());
    std::vector<std::vector<double>> z(2, std::vector<double>(x.size())), f_inf = z;
    const int threads_before = omp_get_max_threads();
    for (int threads : {1, 2}) {
        omp_set_num_threads(threads);
        continuous_point_free_energies(*conditional, latents, x.size(), x.data(), y.data(), z[threads - 1].data(),
                                       f_inf[threads - 1].data());
    }
    omp_set_num_threads(threads_before);
    CHECK(same_bits(z[0], z[1]));
    CHECK(same_bits(f_inf[0], f_inf[1]));
}

TEST_CASE("a β the model cannot do is the model's error, on the calling thread", "[point_free_energies]") {
    const auto [x, y] = ring_points(300, 4);
    const auto latent = network(NetworkKind::latent);
    std::vector<double> free_energy(x.size());
    CHECK_THROWS_AS(point_free_energies(*latent, 2.0, x.size(), x.data(), y.data(), free_energy.data()),
                    std::invalid_argument);
}

TEST_CASE("a plane's points run over y1 first, at its x", "[point_free_energies]") {
    const xt::xtensor<double, 1> y1 = {-1.0, 0.0, 1.0}, y2 = {5.0, 6.0};
    const PlanePoints points = plane_points(0.25, y1, y2);
    REQUIRE(points.x.size() == 6);
    REQUIRE(points.y.shape()[0] == 6);
    for (std::size_t j = 0; j < 2; ++j)
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(points.x(j * 3 + i) == 0.25);
            CHECK(points.y(j * 3 + i, 0) == y1(i));
            CHECK(points.y(j * 3 + i, 1) == y2(j));
        }
}

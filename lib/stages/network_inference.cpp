#include "network_inference.hpp"

#include "cli.hpp"
#include "continuous_latent.hpp"
#include "data_file.hpp"
#include "free_energy.hpp"
#include "network_infer_stage.hpp"
#include "random_streams.hpp"
#include "progress.hpp"
#include "rng.hpp"
#include "training.hpp"

#include <omp.h>
#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace ebm {

namespace {

// The seed of the decoded latents: the latent search's seed, where the model has one.
std::uint64_t search_seed(const Architecture& architecture) {
    for (const auto& [name, value] : architecture)
        if (name == "latent_seed") return std::uint64_t(std::get<std::int64_t>(value));
    return 0;
}

// Points per chunk of the parallel loops: results do not depend on threads.
constexpr std::size_t chunk_points = 64;

// body(first, rows) for the chunks of R points, in parallel; the progress
// (if any) counts the points done.
void for_each_point_chunk(std::size_t R, Progress* progress,
                          const std::function<void(std::size_t first, std::size_t rows)>& body) {
    std::size_t done = 0;
    for_each_chunk((R + chunk_points - 1) / chunk_points, [&](std::size_t c) {
        const std::size_t first = c * chunk_points, rows = std::min(chunk_points, R - first);
        body(first, rows);
        if (progress) {
            std::size_t so_far;
#pragma omp atomic capture
            so_far = done += rows;
            if (omp_get_thread_num() == 0) progress->update(so_far, R);
        }
    });
}

double mean(const std::vector<double>& values) {
    double sum = 0;
    for (double value : values) sum += value;
    return sum / double(values.size());
}

// ž and F∞ of every sample; for the grid models also refined off the grid.
void infer_samples(NetworkInference& result, const Model& model, const DataSet& data) {
    const std::size_t n = data.y.shape()[0], W = model.latent_width();
    std::vector<double> x(data.x.begin(), data.x.end()), y(data.y.begin(), data.y.end());
    std::vector<double> f_inf, z_check;
    Progress progress("ebm-infer", "samples");
    free_energies(model, x, y, f_inf, &z_check, &progress);
    progress.finish();
    result.sample_x = data.x;
    result.sample_y = data.y;
    result.z_check = xt::adapt(z_check, {n, W});
    result.f_inf = xt::adapt(f_inf, {n});
    result.mean_f_inf = mean(f_inf);
    if (!result.grid_model()) return;
    std::vector<double> z_refined, f_refined;
    continuous_free_energies(model, result.latents, x, y, z_refined, f_refined);
    result.z_refined = xt::adapt(z_refined, {n});
    result.f_inf_refined = xt::adapt(f_refined, {n});
    result.mean_f_inf_refined = mean(f_refined);
}

// f(x) for every model; the manifold ỹ(x, z_k) over x × Z for the grid models.
void decode_manifold(NetworkInference& result, const NetworkInferOptions& options, const Model& model) {
    const auto& latents = result.latents;
    result.manifold_x = options.manifold_x.values();
    const std::size_t X = result.manifold_x.size(), Z = latents.size(), D = model.predict(0).size();
    result.manifold_f = xt::empty<double>({X, D});
    for (std::size_t i = 0; i < X; ++i) {
        const auto f = model.predict(result.manifold_x(i));
        for (std::size_t k = 0; k < D; ++k) result.manifold_f(i, k) = f[k];
    }
    if (!result.grid_model()) return;
    result.manifold_y1 = xt::empty<double>({X, Z});
    result.manifold_y2 = xt::empty<double>({X, Z});
    result.manifold_table = xt::empty<double>({X * Z, std::size_t(4)});
    std::vector<double> decoded(2 * Z);
    for (std::size_t i = 0; i < X; ++i) {
        model.decode(decoded.data(), result.manifold_x(i), latents.data(), Z);
        for (std::size_t k = 0; k < Z; ++k) {
            result.manifold_y1(i, k) = decoded[2 * k];
            result.manifold_y2(i, k) = decoded[2 * k + 1];
            result.manifold_table(i * Z + k, 0) = result.manifold_x(i);
            result.manifold_table(i * Z + k, 1) = latents(k);
            result.manifold_table(i * Z + k, 2) = decoded[2 * k];
            result.manifold_table(i * Z + k, 3) = decoded[2 * k + 1];
        }
    }
}

// F∞ maps of the y-plane at the slices' x, each with its samples and its manifold
// curve (grid models) or decoded latents (latent).
void slice(NetworkInference& result, const NetworkInferOptions& options, const Model& model,
           const DataSet& data) {
    const std::size_t n = data.y.shape()[0], W = model.latent_width(), Z = result.latents.size();
    const std::size_t S = options.slice_x.size(), G = options.slice_points;
    const std::vector<double> y(data.y.begin(), data.y.end());
    // The box spanning the samples' ž, for the latent model's decoded points.
    std::vector<double> z_low(W, std::numeric_limits<double>::infinity()), z_high(W, -std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < W; ++k)
            z_low[k] = std::min(z_low[k], result.z_check(i, k)), z_high[k] = std::max(z_high[k], result.z_check(i, k));
    result.slice_x = xt::adapt(options.slice_x, {S});
    result.slice_mean_f_inf.resize(S);
    result.slice_min_f_inf.resize(S);
    for (std::size_t s = 0; s < S; ++s) {
        const double x_s = options.slice_x[s];
        NetworkSlice slice;
        std::vector<double> near;  // (M_s, 2)
        for (std::size_t i = 0; i < n; ++i)
            if (std::abs(data.x(i) - x_s) <= result.slice_half_width) near.insert(near.end(), {y[2 * i], y[2 * i + 1]});
        const std::vector<double>& window_points = near.empty() ? y : near;
        double reach1 = 0, reach2 = 0;
        for (std::size_t i = 0; i < window_points.size() / 2; ++i)
            reach1 = std::max(reach1, std::abs(window_points[2 * i])),
            reach2 = std::max(reach2, std::abs(window_points[2 * i + 1]));
        reach1 = options.slice_margin * std::max(reach1, 1e-3);
        reach2 = options.slice_margin * std::max(reach2, 1e-3);
        slice.y1 = AxisSpec{-reach1, reach1, G}.values();
        slice.y2 = AxisSpec{-reach2, reach2, G}.values();
        std::vector<double> points_x(G * G, x_s), points_y(2 * G * G);
        for (std::size_t j = 0; j < G; ++j)
            for (std::size_t i = 0; i < G; ++i)
                points_y[2 * (j * G + i)] = slice.y1(i), points_y[2 * (j * G + i) + 1] = slice.y2(j);
        std::vector<double> map, unused_z;
        Progress progress("ebm-infer", "map at x = " + shortest_text(x_s));
        if (result.grid_model())
            continuous_free_energies(model, result.latents, points_x, points_y, unused_z, map, &progress);
        else
            free_energies(model, points_x, points_y, map, nullptr, &progress);
        progress.finish();
        slice.f_inf = xt::adapt(map, {G, G});
        result.slice_mean_f_inf[s] = xt::mean(slice.f_inf)();
        result.slice_min_f_inf[s] = xt::amin(slice.f_inf)();
        slice.samples = xt::adapt(near, {near.size() / 2, std::size_t(2)});
        if (result.grid_model()) {
            slice.curve = xt::empty<double>({Z, std::size_t(2)});
            model.decode(slice.curve.data(), x_s, result.latents.data(), Z);
            slice.decoded = xt::empty<double>({std::size_t(0), std::size_t(2)});
        } else {
            const std::size_t K = options.decoded;
            std::vector<double> z(K * W);
            Rng rng(derive_seed(search_seed(result.architecture), random_stream::decoded_slice + s));
            for (std::size_t k = 0; k < K; ++k)
                for (std::size_t w = 0; w < W; ++w) z[k * W + w] = rng.uniform(z_low[w], z_high[w]);
            slice.decoded = xt::empty<double>({K, std::size_t(2)});
            model.decode(slice.decoded.data(), x_s, z.data(), K);
            slice.curve = xt::empty<double>({std::size_t(0), std::size_t(2)});
        }
        result.slices.push_back(std::move(slice));
    }
}

}  // namespace

// F∞ and ž of the points (x_r, y_r) by the model's own free energy (on the
// grid, or the latent model's search). f_inf (R), z_check (R, latent_width)
void free_energies(const Model& model, const std::vector<double>& x, const std::vector<double>& y,
                   std::vector<double>& f_inf, std::vector<double>* z_check, Progress* progress) {
    const std::size_t R = x.size(), W = model.latent_width();
    f_inf.assign(R, 0.0);
    if (z_check) z_check->assign(R * W, 0.0);
    for_each_point_chunk(R, progress, [&](std::size_t first, std::size_t rows) {
        const auto cache = model.make_cache();
        model.free_energy_forward(&f_inf[first], *cache, &x[first], &y[2 * first], rows, zero_temperature_beta);
        if (z_check)
            for (std::size_t r = 0; r < rows; ++r) {
                const auto z = model.z_check(*cache, r);
                std::copy(z.begin(), z.end(), &(*z_check)[(first + r) * W]);
            }
    });
}

// ž and F∞ over z ∈ R (continuous_latent.hpp) of the points (x_r, y_r) of a
// grid model. z (R), f_inf (R)
void continuous_free_energies(const Model& model, const xt::xtensor<double, 1>& grid, const std::vector<double>& x,
                              const std::vector<double>& y, std::vector<double>& z, std::vector<double>& f_inf,
                              Progress* progress) {
    const std::vector<double> latents(grid.begin(), grid.end());
    z.assign(x.size(), 0.0);
    f_inf.assign(x.size(), 0.0);
    for_each_point_chunk(x.size(), progress, [&](std::size_t first, std::size_t rows) {
        for (std::size_t r = first; r < first + rows; ++r) {
            const auto found = continuous_minimum(model, x[r], {y[2 * r], y[2 * r + 1]}, latents);
            z[r] = found.z, f_inf[r] = found.f_inf;
        }
    });
}

NetworkInference compute_network_inference(const NetworkInferOptions& options, const Model& model,
                                           const DataSet& data) {
    NetworkInference result;
    result.architecture = model.architecture();
    if (model.has_latent_grid()) result.latents = latent_grid(model.latent_count());
    infer_samples(result, model, data);
    decode_manifold(result, options, model);
    slice(result, options, model, data);
    if (data.generator) result.evaluation = evaluate_model(model, *data.generator, &data);
    return result;
}

}  // namespace ebm

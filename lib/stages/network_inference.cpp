#include "network_inference.hpp"

#include "cli.hpp"
#include "continuous_latent.hpp"
#include "data_file.hpp"
#include "free_energy.hpp"
#include "mean_in_order.hpp"
#include "network_infer_stage.hpp"
#include "point_free_energies.hpp"
#include "random_streams.hpp"
#include "progress.hpp"
#include "rng.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ebm {

namespace {

// The seed of the decoded latents: the latent search's seed, where the model has one.
std::uint64_t search_seed(const Architecture& architecture) {
    for (const auto& [name, value] : architecture)
        if (name == "latent_seed") return std::uint64_t(std::get<std::int64_t>(value));
    return 0;
}

// A point loop's progress (point_free_energies.hpp) on the terminal.
PointProgress progress_of(Progress& progress) {
    return [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
}

// ž and F∞ of every sample; for the grid models also refined off the grid.
void infer_samples(NetworkInference& result, const Model& model, const DataSet& data) {
    const std::size_t n = data.y.shape()[0], W = model.latent_width();
    result.sample_x = data.x;
    result.sample_y = data.y;
    result.z_check = xt::empty<double>({n, W});
    result.f_inf = xt::empty<double>({n});
    Progress progress("ebm-infer", "samples");
    point_free_energies(model, zero_temperature_beta, n, data.x.data(), data.y.data(), result.f_inf.data(),
                        result.z_check.data(), progress_of(progress));
    progress.finish();
    result.mean_f_inf = mean_in_order(result.f_inf);
    if (!result.grid_model()) return;
    result.z_refined = xt::empty<double>({n});
    result.f_inf_refined = xt::empty<double>({n});
    continuous_point_free_energies(model, result.latents, n, data.x.data(), data.y.data(), result.z_refined.data(),
                                   result.f_inf_refined.data());
    result.mean_f_inf_refined = mean_in_order(result.f_inf_refined);
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
        const PlanePoints points = plane_points(x_s, slice.y1, slice.y2);
        slice.f_inf = xt::empty<double>({G, G});
        Progress progress("ebm-infer", "map at x = " + shortest_text(x_s));
        if (result.grid_model()) {
            std::vector<double> unused_z(G * G);
            continuous_point_free_energies(model, result.latents, G * G, points.x.data(), points.y.data(),
                                           unused_z.data(), slice.f_inf.data(), progress_of(progress));
        } else {
            point_free_energies(model, zero_temperature_beta, G * G, points.x.data(), points.y.data(), slice.f_inf.data(),
                                nullptr, progress_of(progress));
        }
        progress.finish();
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

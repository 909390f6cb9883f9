// ebm-infer for the neural models; the inference file is described in network_infer_stage.hpp.
#include "network_infer_stage.hpp"

#include "data_file.hpp"
#include "errors.hpp"
#include "free_energy.hpp"
#include "h5_file.hpp"
#include "infer_stage.hpp"
#include "latent_model.hpp"
#include "model_file.hpp"
#include "network_model.hpp"
#include "training.hpp"
#include "progress.hpp"
#include "random_streams.hpp"
#include "rng.hpp"
#include "sha256.hpp"

#include <boost/math/tools/minima.hpp>
#include <omp.h>
#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ebm {

namespace {

// Points per chunk of the parallel loops: results do not depend on threads.
constexpr std::size_t chunk_points = 64;
// A slice's samples: those within this distance of its x.
constexpr double slice_half_width = 0.05;

// The ellipse's own options, which a network model does not take.
const std::vector<std::string> ellipse_only = {"betas", "grid", "fine-grid", "cross-section", "method",
                                               "z-start", "trace", "probes", "weights-beta", "beta-sweep"};

// The network models' own options, which the ellipse does not take.
const std::vector<std::string> network_only = {"manifold-x", "slice-x", "slice-grid", "slice-margin",
                                               "decoded", "latent-method", "starts"};

xt::xtensor<double, 1> as_array(const std::vector<double>& values) { return xt::adapt(values, {values.size()}); }

// F∞ and ž of the points (x_r, y_r), in parallel chunks. f_inf (R), z_check (R, latent_width)
void free_energies(const NetworkModel& model, const std::vector<double>& x, const std::vector<double>& y,
                   std::vector<double>& f_inf, std::vector<double>* z_check, Progress* progress = nullptr) {
    const std::size_t R = x.size(), W = model.latent_width();
    const std::size_t chunks = (R + chunk_points - 1) / chunk_points;
    f_inf.assign(R, 0.0);
    if (z_check) z_check->assign(R * W, 0.0);
    std::size_t done = 0;
    for_each_chunk(chunks, [&](std::size_t c) {
        const std::size_t first = c * chunk_points, rows = std::min(chunk_points, R - first);
        const auto cache = model.make_cache();
        model.free_energy_forward(&f_inf[first], *cache, &x[first], &y[2 * first], rows, zero_temperature_beta);
        if (z_check)
            for (std::size_t r = 0; r < rows; ++r) {
                const auto z = model.z_check(*cache, r);
                std::copy(z.begin(), z.end(), &(*z_check)[(first + r) * W]);
            }
        if (progress) {
            std::size_t so_far;
#pragma omp atomic capture
            so_far = done += rows;
            if (omp_get_thread_num() == 0) progress->update(so_far, R);
        }
    });
}

// F∞ over z ∈ R for a grid model: Brent's minimiser in the grid's best cell.
std::pair<double, double> refine(const NetworkModel& model, double x, const Vec2& y, double z_check, double f_grid,
                                 double cell) {
    const auto energy = [&](double z) { return model.energy(x, y, &z); };
    boost::uintmax_t iterations = 200;
    const auto minimum = boost::math::tools::brent_find_minima(energy, z_check - cell, z_check + cell,
                                                               std::numeric_limits<double>::digits, iterations);
    if (minimum.second < f_grid) return {wrap_angle(minimum.first), minimum.second};
    return {z_check, f_grid};
}

// The model read from the file, rebuilt with this run's latent grid and search.
std::unique_ptr<NetworkModel> model_for_run(const InferOptions& options) {
    const auto stored = read_network_model(options.model);
    NetworkConfig config = stored->config();
    const auto& network = options.network;
    if (config.kind != NetworkKind::latent) {
        config.latent_count = options.latent_count;
    } else {
        if (!network.latent_method.empty()) config.search.method = latent_method_from_name(network.latent_method);
        if (network.starts > 0) config.search.starts = network.starts;
    }
    auto model = make_network_model(config);
    model->parameters() = stored->parameters();
    return model;
}

}  // namespace

void add_network_infer_options(po::options_description& described, NetworkInferOptions& options) {
    auto& raw = options.parsed;
    described.add_options()
        ("manifold-x", po::value(&raw.manifold_x)->default_value(raw.manifold_x),
         "network models: the manifold's inputs x as MIN:MAX:N")
        ("slice-x", po::value(&raw.slice_x)->default_value(raw.slice_x), "network models: the x of each F∞ map")
        ("slice-grid", po::value(&raw.slice_points)->default_value(raw.slice_points),
         "network models: points per axis of each F∞ map (≥ 2)")
        ("slice-margin", po::value(&raw.slice_margin)->default_value(raw.slice_margin, "1.4"),
         "network models: each map spans this many times the largest |y1|, |y2| of its samples (> 0)")
        ("decoded", po::value(&raw.decoded)->default_value(raw.decoded),
         "latent: decoded latents drawn per slice, to show what the latent space covers (≥ 1)")
        ("latent-method", po::value(&raw.latent_method), "latent: gd | cg | lbfgs (default: the model file's)")
        ("starts", po::value(&raw.starts)->default_value(0), "latent: starts of each search (0: the model file's)");
}

void finish_network_infer_options(NetworkInferOptions& options, const po::variables_map& values) {
    const auto& raw = options.parsed;
    options.manifold_x = parse_axis_spec(raw.manifold_x, "manifold-x");
    options.slice_x = parse_number_list(raw.slice_x, "slice-x");
    for (double x : options.slice_x) require(std::isfinite(x), "slice-x", "finite numbers", raw.slice_x);
    require(raw.slice_points >= 2 && raw.slice_points <= 4000, "slice-grid", "from 2 to 4000",
            std::to_string(raw.slice_points));
    options.slice_points = std::size_t(raw.slice_points);
    require(raw.slice_margin > 0 && std::isfinite(raw.slice_margin), "slice-margin", "a finite number > 0",
            shortest_text(raw.slice_margin));
    options.slice_margin = raw.slice_margin;
    require(raw.decoded >= 1 && raw.decoded <= 1'000'000, "decoded", "from 1 to 1000000", std::to_string(raw.decoded));
    options.decoded = std::size_t(raw.decoded);
    if (!raw.latent_method.empty()) {
        try {
            latent_method_from_name(raw.latent_method);
        } catch (const std::invalid_argument& error) {
            throw UsageError("--latent-method: " + std::string(error.what()));
        }
    }
    options.latent_method = raw.latent_method;
    require(raw.starts >= 0 && raw.starts <= 10000, "starts", "from 0 to 10000 (0: the model file's)",
            std::to_string(raw.starts));
    options.starts = std::size_t(raw.starts);
    for (const auto& [name, value] : values)
        if (!value.defaulted()) options.given.insert(name);
}

bool run_if_network_model(const InferOptions& options) {
    const bool network = [&] {
        const H5Reader file(options.model, model_format, model_format_version);
        return file.has_attribute("/", "model") && is_network_model_name(file.string_attribute("model"));
    }();
    if (network) {
        run_network_infer(options);
        return true;
    }
    for (const auto& name : network_only)
        if (options.network.given.count(name))
            throw UsageError("--" + name + " applies to conditional, decoder-mlp and latent models; '" + options.model +
                             "' holds an ellipse model");
    return false;
}

void run_network_infer(const InferOptions& options) {
    if (options.threads > 0) omp_set_num_threads(options.threads);
    const auto& network = options.network;
    const auto model = model_for_run(options);
    const NetworkConfig& config = model->config();
    const std::string model_name = network_kind_name(config.kind);
    for (const auto& name : ellipse_only)
        if (network.given.count(name))
            throw UsageError("--" + name + " applies to the ellipse model; '" + options.model + "' holds a " +
                             model_name + " model");
    const bool grid_model = config.kind != NetworkKind::latent;
    if (!grid_model && network.given.count("z"))
        throw UsageError("--z is the latent grid of conditional and decoder-mlp; '" + options.model +
                         "' holds a latent model (z ∈ R^d, no grid)");
    if (grid_model && (network.given.count("latent-method") || network.given.count("starts")))
        throw UsageError(std::string("--") + (network.given.count("starts") ? "starts" : "latent-method") +
                         " applies to latent models; '" + options.model + "' holds a " + model_name + " model");
    const DataSet data = read_data_file(options.data);
    if (data.data_case != "conditional")
        throw RunError("'" + options.data + "' holds " + data.data_case + " data; the " + model_name +
                       " model infers on conditional data (ebm-generate --case conditional)");
    const std::size_t n = data.y.shape()[0], W = model->latent_width(), D = config.predictor_width;
    const auto latents = latent_grid(options.latent_count);  // (Z)
    const std::size_t Z = latents.size();

    H5Writer file(options.out, inference_format, inference_format_version);

    // The samples.
    std::vector<double> x(data.x.begin(), data.x.end()), y(data.y.begin(), data.y.end());
    std::vector<double> f_inf, z_check;
    Progress progress("ebm-infer", "samples");
    free_energies(*model, x, y, f_inf, &z_check, &progress);
    progress.finish();
    file.write("/samples/x", data.x);
    file.write("/samples/y", data.y);
    if (grid_model) {
        file.write("/samples/z_check", as_array(z_check));
    } else {
        xt::xtensor<double, 2> z_table = xt::adapt(z_check, {n, W});
        file.write("/samples/z_check", z_table);
    }
    file.write("/samples/f_inf", as_array(f_inf));
    double mean_f = 0;
    for (double f : f_inf) mean_f += f;
    mean_f /= double(n);
    file.set_attribute("mean_f_inf", mean_f);
    if (grid_model) {
        std::vector<double> z_refined(n), f_refined(n);
        const double cell = 2 * M_PI / double(Z);
        for_each_chunk((n + chunk_points - 1) / chunk_points, [&](std::size_t c) {
            for (std::size_t i = c * chunk_points; i < std::min(n, (c + 1) * chunk_points); ++i)
                std::tie(z_refined[i], f_refined[i]) = refine(*model, x[i], {y[2 * i], y[2 * i + 1]}, z_check[i], f_inf[i], cell);
        });
        file.write("/samples/z_refined", as_array(z_refined));
        file.write("/samples/f_inf_refined", as_array(f_refined));
        double mean_refined = 0;
        for (double f : f_refined) mean_refined += f;
        file.set_attribute("mean_f_inf_refined", mean_refined / double(n));
        file.write("/z", latents);
    }

    // The manifold over x × Z (grid models), and f(x) for every model.
    const auto manifold_x = network.manifold_x.values();  // (X)
    const std::size_t X = manifold_x.size();
    xt::xtensor<double, 2> f_values = xt::empty<double>({X, D});
    for (std::size_t i = 0; i < X; ++i) {
        const auto f = model->predict(manifold_x(i));
        for (std::size_t k = 0; k < D; ++k) f_values(i, k) = f[k];
    }
    file.write("/manifold/x", manifold_x);
    file.write("/manifold/f", f_values);
    if (grid_model) {
        xt::xtensor<double, 2> y1 = xt::empty<double>({X, Z}), y2 = xt::empty<double>({X, Z});
        xt::xtensor<double, 2> table = xt::empty<double>({X * Z, std::size_t(4)});
        std::vector<double> decoded(2 * Z);
        for (std::size_t i = 0; i < X; ++i) {
            model->decode(decoded.data(), manifold_x(i), latents.data(), Z);
            for (std::size_t k = 0; k < Z; ++k) {
                y1(i, k) = decoded[2 * k];
                y2(i, k) = decoded[2 * k + 1];
                table(i * Z + k, 0) = manifold_x(i);
                table(i * Z + k, 1) = latents(k);
                table(i * Z + k, 2) = decoded[2 * k];
                table(i * Z + k, 3) = decoded[2 * k + 1];
            }
        }
        file.write("/manifold/z", latents);
        file.write("/manifold/y1", y1);
        file.write("/manifold/y2", y2);
        file.write("/manifold/table", table);
    }

    // F∞ maps of the y-plane at a few x.
    const std::size_t S = network.slice_x.size(), G = network.slice_points;
    std::vector<double> slice_mean(S), slice_min(S);
    // The box spanning the samples' ž, for the latent model's decoded points.
    std::vector<double> z_low(W, std::numeric_limits<double>::infinity()), z_high(W, -std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < W; ++k)
            z_low[k] = std::min(z_low[k], z_check[i * W + k]), z_high[k] = std::max(z_high[k], z_check[i * W + k]);
    file.write("/slices/x", as_array(network.slice_x));
    for (std::size_t s = 0; s < S; ++s) {
        const double x_s = network.slice_x[s];
        const std::string group = "/slices/" + std::to_string(s);
        std::vector<double> near;  // (M_s, 2)
        for (std::size_t i = 0; i < n; ++i)
            if (std::abs(x[i] - x_s) <= slice_half_width) near.insert(near.end(), {y[2 * i], y[2 * i + 1]});
        const std::vector<double>& window_points = near.empty() ? y : near;
        double reach1 = 0, reach2 = 0;
        for (std::size_t i = 0; i < window_points.size() / 2; ++i)
            reach1 = std::max(reach1, std::abs(window_points[2 * i])),
            reach2 = std::max(reach2, std::abs(window_points[2 * i + 1]));
        reach1 = network.slice_margin * std::max(reach1, 1e-3);
        reach2 = network.slice_margin * std::max(reach2, 1e-3);
        const auto y1 = AxisSpec{-reach1, reach1, G}.values(), y2 = AxisSpec{-reach2, reach2, G}.values();
        std::vector<double> points_x(G * G, x_s), points_y(2 * G * G);
        for (std::size_t j = 0; j < G; ++j)
            for (std::size_t i = 0; i < G; ++i) points_y[2 * (j * G + i)] = y1(i), points_y[2 * (j * G + i) + 1] = y2(j);
        std::vector<double> map;
        Progress slice_progress("ebm-infer", "map at x = " + shortest_text(x_s));
        free_energies(*model, points_x, points_y, map, nullptr, &slice_progress);
        slice_progress.finish();
        xt::xtensor<double, 2> f_map = xt::adapt(map, {G, G});
        file.write(group + "/y1", y1);
        file.write(group + "/y2", y2);
        file.write(group + "/f_inf", f_map);
        slice_mean[s] = xt::mean(f_map)();
        slice_min[s] = xt::amin(f_map)();
        if (!near.empty()) {
            xt::xtensor<double, 2> near_table = xt::adapt(near, {near.size() / 2, std::size_t(2)});
            file.write(group + "/samples", near_table);
        }
        if (grid_model) {
            xt::xtensor<double, 2> curve = xt::empty<double>({Z, std::size_t(2)});
            model->decode(curve.data(), x_s, latents.data(), Z);
            file.write(group + "/curve", curve);
        } else {
            const std::size_t K = network.decoded;
            std::vector<double> z(K * W);
            Rng rng(derive_seed(config.search.seed, random_stream::decoded_slice + s));
            for (std::size_t k = 0; k < K; ++k)
                for (std::size_t w = 0; w < W; ++w) z[k * W + w] = rng.uniform(z_low[w], z_high[w]);
            xt::xtensor<double, 2> decoded = xt::empty<double>({K, std::size_t(2)});
            model->decode(decoded.data(), x_s, z.data(), K);
            file.write(group + "/decoded", decoded);
        }
    }
    file.set_attribute("slice_mean_f_inf", slice_mean);
    file.set_attribute("slice_min_f_inf", slice_min);

    write_architecture(file, *model);
    file.set_attribute("model_file", file_name(options.model));
    file.set_attribute("model_sha256", sha256_of_file(options.model));
    file.set_attribute("data_file", file_name(options.data));
    file.set_attribute("data_sha256", sha256_of_file(options.data));
    file.set_attribute("program", std::string("ebm-infer"));
    file.set_attribute("program_version", std::string(EBM_VERSION));
    file.set_attribute("options", options.provenance);
    file.commit();
}

}  // namespace ebm

#include "ellipse_inference.hpp"

#include "cli.hpp"
#include "data_file.hpp"
#include "ellipse_distance.hpp"
#include "errors.hpp"
#include "free_energy.hpp"
#include "infer_stage.hpp"
#include "inference.hpp"
#include "latent_grid.hpp"
#include "progress.hpp"

#include <xtensor/xadapt.hpp>
#include <xtensor/xview.hpp>

#include <algorithm>
#include <cmath>

namespace ebm {

namespace {

xt::xtensor<double, 1> as_array(const std::vector<double>& values) {
    return xt::adapt(values, {values.size()});
}

std::string point_label(const std::array<double, 2>& point) {
    return "(" + shortest_text(point[0]) + "," + shortest_text(point[1]) + ")";
}

// F∞, every F_β, ⟨E⟩ and ∂F∞/∂y on one mesh; `what` names it on the progress line.
MeshMap mesh_map(const EllipseParams& w, const xt::xtensor<double, 1>& latents, const xt::xtensor<double, 1>& betas,
                 const GridSpec& grid, const std::string& what) {
    MeshMap mesh{grid.y1.values(), grid.y2.values(), {}};
    Progress progress("ebm-infer", what);
    mesh.map = free_energy_map(w, latents, betas, mesh.y1, mesh.y2,
                               [&](std::size_t done, std::size_t total) { progress.update(done, total); });
    progress.finish();
    return mesh;
}

// Energies over the latent grid, ž and F∞ of the samples, and every method's ž against the exact one.
void infer_samples(EllipseInference& result, const InferOptions& options, const EllipseParams& w,
                   const DataSet& data, const InferenceOptions& inference) {
    const auto& latents = result.latents;
    const std::size_t n = data.y.shape()[0], z_count = latents.size();
    result.sample_y = data.y;
    result.sample_energy = xt::empty<double>({n, z_count});
    result.sample_z_check = xt::empty<double>({n});
    result.sample_f_inf = xt::empty<double>({n});
    std::vector<double> exact_f(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Vec2 y{data.y(i, 0), data.y(i, 1)};
        for (std::size_t k = 0; k < z_count; ++k) result.sample_energy(i, k) = energy_forward(w, y, latents(k));
        const std::size_t best = argmin_energy(&result.sample_energy(i, 0), z_count);
        result.sample_z_check(i) = latents(best);
        result.sample_f_inf(i) = result.sample_energy(i, best);
        exact_f[i] = ellipse_distance(w, y).squared_distance;
    }
    for (const auto& name : options.methods) {
        const InferenceMethod method = parse_inference_method(name);
        MethodInference run{name,
                            xt::empty<double>({n}),
                            xt::empty<double>({n}),
                            xt::empty<double>({n}),
                            xt::empty<double>({n}),
                            xt::empty<double>({n}),
                            xt::empty<double>({n})};
        for (std::size_t i = 0; i < n; ++i) {
            const auto found = infer(w, {data.y(i, 0), data.y(i, 1)}, method, inference);
            run.z_check(i) = found.z_check;
            run.f_inf(i) = found.f_inf;
            run.error(i) = found.f_inf - exact_f[i];
            run.iterations(i) = double(found.iterations);
            run.energy_evaluations(i) = double(found.energy_evaluations);
            run.gradient_evaluations(i) = double(found.gradient_evaluations);
        }
        result.methods.push_back(std::move(run));
    }
    for (std::size_t k : options.trace) {
        const Vec2 y{data.y(k - 1, 0), data.y(k - 1, 1)};
        TracedSample trace{k, xt::xtensor<double, 1>{y[0], y[1]}, {}};
        for (const auto& name : options.methods) {
            const auto found = infer(w, y, parse_inference_method(name), inference);
            std::vector<double> path_energy;
            for (double z : found.path) path_energy.push_back(energy_forward(w, y, z));
            trace.paths.push_back({name, as_array(found.path), as_array(path_energy)});
        }
        result.traces.push_back(std::move(trace));
    }
}

// The probes: the traced samples first, then the --probes points (auto: the
// origin and slide 17's five points of the mesh).
void probe(EllipseInference& result, const InferOptions& options, const EllipseParams& w, const DataSet& data,
           const GridSpec& mesh, const InferenceOptions& inference) {
    std::vector<std::array<double, 2>> points = options.probes;
    if (options.probes_auto) {
        points = {{0.0, 0.0}};
        for (const auto& point : mesh_line_points(mesh)) points.push_back(point);
    }
    std::vector<std::array<double, 2>> probes;
    for (std::size_t k : options.trace) {
        probes.push_back({data.y(k - 1, 0), data.y(k - 1, 1)});
        result.probe_labels.push_back("Y[" + std::to_string(k) + "]");
    }
    for (const auto& point : points) {
        probes.push_back(point);
        result.probe_labels.push_back(point_label(point));
    }
    const auto& latents = result.latents;
    const auto sweep = options.beta_sweep.values();  // (K) log10 β
    const std::size_t p = probes.size(), z_count = latents.size();
    result.probe_y = xt::empty<double>({p, std::size_t(2)});
    result.probe_energy = xt::empty<double>({p, z_count});
    result.probe_weights = xt::empty<double>({p, z_count});
    result.probe_z_check = xt::empty<double>({p});
    result.probe_f_inf = xt::empty<double>({p});
    result.probe_mean_energy = xt::empty<double>({p});
    result.probe_z_lbfgs = xt::empty<double>({p});
    result.probe_energy_lbfgs = xt::empty<double>({p});
    result.probe_f_beta = xt::empty<double>({p, sweep.size()});
    for (std::size_t i = 0; i < p; ++i) {
        result.probe_y(i, 0) = probes[i][0], result.probe_y(i, 1) = probes[i][1];
        double* energy = &result.probe_energy(i, 0);
        for (std::size_t k = 0; k < z_count; ++k) energy[k] = energy_forward(w, probes[i], latents(k));
        softargmin(&result.probe_weights(i, 0), energy, z_count, options.weights_beta);
        const std::size_t best = argmin_energy(energy, z_count);
        result.probe_z_check(i) = latents(best);
        result.probe_f_inf(i) = energy[best];
        result.probe_mean_energy(i) = mean_energy(energy, z_count);
        const auto descent = infer(w, probes[i], InferenceMethod::lbfgs, inference);
        result.probe_z_lbfgs(i) = descent.path.back();
        result.probe_energy_lbfgs(i) = descent.f_inf;
        for (std::size_t b = 0; b < sweep.size(); ++b)
            result.probe_f_beta(i, b) = softmin(energy, z_count, std::pow(10.0, sweep(b)));
    }
    result.sweep_betas = xt::empty<double>({sweep.size()});
    for (std::size_t b = 0; b < sweep.size(); ++b) result.sweep_betas(b) = std::pow(10.0, sweep(b));
}

// F_β along y1 = 0 across the mesh's y2 range: a one-column map, kept as curves over y2.
void cross_section(EllipseInference& result, const EllipseParams& w, const AxisSpec& y2, std::size_t points) {
    const GridSpec line{{0, 0, 1}, {y2.min, y2.max, points}};
    result.cross_section_y2 = line.y2.values();
    const FreeEnergyMap map = free_energy_map(w, result.latents, result.betas, line.y1.values(), result.cross_section_y2);
    result.cross_section_f_beta = xt::view(map.f_beta, xt::all(), xt::all(), 0);
    result.cross_section_f_inf = xt::view(map.f_inf, xt::all(), 0);
    result.cross_section_mean_energy = xt::view(map.mean_energy, xt::all(), 0);
}

}  // namespace

EllipseInference compute_ellipse_inference(const InferOptions& given, const EllipseParams& w, const DataSet& data) {
    const std::size_t n = data.y.shape()[0];
    // The lecture's Y[10] and Y[23] are traced by default where the data
    // have them; a sample the user names must exist.
    InferOptions options = given;
    if (!options.trace_given)
        options.trace.erase(std::remove_if(options.trace.begin(), options.trace.end(), [n](std::size_t k) { return k > n; }),
                            options.trace.end());
    for (std::size_t k : options.trace)
        if (k > n)
            throw UsageError("--trace " + std::to_string(k) + " is past the " + std::to_string(n) + " samples of '" +
                             options.data + "'");
    EllipseInference result;
    result.latents = latent_grid(options.latent_count);
    result.w = {w.w1, w.w2};
    const std::size_t z_count = result.latents.size();
    result.manifold = xt::empty<double>({z_count, std::size_t(2)});
    for (std::size_t k = 0; k < z_count; ++k) {
        const Vec2 point = decoder_forward(w, result.latents(k));
        result.manifold(k, 0) = point[0], result.manifold(k, 1) = point[1];
    }
    InferenceOptions inference;
    inference.latent_count = options.latent_count;
    inference.z_start = options.z_start;
    infer_samples(result, options, w, data, inference);
    const GridSpec mesh = options.grid.resolve(data.y);
    probe(result, options, w, data, mesh, inference);
    result.betas = as_array(options.betas);
    result.mesh = mesh_map(w, result.latents, result.betas, mesh, "mesh");
    result.fine = mesh_map(w, result.latents, result.betas, options.fine_grid.resolve(data.y), "fine map");
    cross_section(result, w, mesh.y2, options.cross_section_points);
    result.z_start = options.z_start;
    result.weights_beta = options.weights_beta;
    return result;
}

}  // namespace ebm

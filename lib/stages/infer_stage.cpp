#include "infer_stage.hpp"

#include "cli.hpp"
#include "data_file.hpp"
#include "ellipse_distance.hpp"
#include "errors.hpp"
#include "free_energy.hpp"
#include "free_energy_map.hpp"
#include "h5_file.hpp"
#include "inference.hpp"
#include "model_file.hpp"
#include "progress.hpp"
#include "sha256.hpp"

#include <omp.h>
#include <unistd.h>
#include <xtensor/xadapt.hpp>
#include <xtensor/xview.hpp>

#include <cmath>
#include <sstream>

namespace ebm {

namespace {

// Refuses a map whose outputs would not fit in half of this machine's memory.
void check_fits_in_memory(const GridSpec& grid, std::size_t betas, const std::string& option) {
    const double bytes = double(grid.points()) * double(betas + 4) * sizeof(double);
    const double limit = double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGESIZE)) / 2;
    if (bytes > limit) {
        std::ostringstream message;
        message.precision(3);
        message << "--" << option << " has " << grid.y1.count << " × " << grid.y2.count << " points: its outputs would need "
                << bytes / double(1 << 30) << " GiB, more than half this machine's memory (" << limit / double(1 << 30)
                << " GiB); use fewer points";
        throw UsageError(message.str());
    }
}

std::vector<std::array<double, 2>> parse_points(const std::string& text, const std::string& option) {
    std::vector<std::array<double, 2>> points;
    if (text.empty()) return points;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        const auto colon = item.find(':');
        if (colon == std::string::npos)
            throw UsageError("--" + option + ": '" + item + "' is not Y1:Y2 (expected a list like 0:0,-3:-0.5)");
        const auto y1 = parse_number_list(item.substr(0, colon), option);
        const auto y2 = parse_number_list(item.substr(colon + 1), option);
        if (y1.size() != 1 || y2.size() != 1 || !std::isfinite(y1[0]) || !std::isfinite(y2[0]))
            throw UsageError("--" + option + ": '" + item + "' is not two finite numbers Y1:Y2");
        points.push_back({y1[0], y2[0]});
    }
    return points;
}

std::string point_label(const std::array<double, 2>& point) {
    return "(" + shortest_text(point[0]) + "," + shortest_text(point[1]) + ")";
}

xt::xtensor<double, 1> as_array(const std::vector<double>& values) {
    return xt::adapt(values, {values.size()});
}

// F∞, every F_β, ⟨E⟩ and ∂F∞/∂y on one grid, written under `group`.
void write_map(H5Writer& file, const std::string& group, const EllipseParams& w, const xt::xtensor<double, 1>& latents,
               const std::vector<double>& betas, const GridSpec& grid, const std::string& what) {
    const auto y1 = grid.y1.values(), y2 = grid.y2.values();
    Progress progress("ebm-infer", what);
    const FreeEnergyMap map = free_energy_map(w, latents, as_array(betas), y1, y2,
                                              [&](std::size_t done, std::size_t total) { progress.update(done, total); });
    progress.finish();
    file.write(group + "/y1", y1);
    file.write(group + "/y2", y2);
    file.write(group + "/betas", as_array(betas));
    file.write(group + "/f_inf", map.f_inf);
    file.write(group + "/f_beta", map.f_beta);
    file.write(group + "/mean_energy", map.mean_energy);
    file.write(group + "/grad_f_inf", map.grad_f_inf);
}

// F_β along y1 = 0: a one-column map, stored as curves over y2.
void write_cross_section(H5Writer& file, const EllipseParams& w, const xt::xtensor<double, 1>& latents,
                         const std::vector<double>& betas, std::size_t points) {
    const GridSpec line{{0, 0, 1}, {-2, 2, points}};
    const auto y2 = line.y2.values();
    const FreeEnergyMap map = free_energy_map(w, latents, as_array(betas), line.y1.values(), y2);
    file.write("/cross_section/y2", y2);
    file.write("/cross_section/betas", as_array(betas));
    file.write("/cross_section/f_beta", xt::xtensor<double, 2>(xt::view(map.f_beta, xt::all(), xt::all(), 0)));
    file.write("/cross_section/f_inf", xt::xtensor<double, 1>(xt::view(map.f_inf, xt::all(), 0)));
    file.write("/cross_section/mean_energy", xt::xtensor<double, 1>(xt::view(map.mean_energy, xt::all(), 0)));
}

}  // namespace

std::optional<InferOptions> parse_infer_options(int argc, const char* const argv[]) {
    const ProgramInfo program{
        "ebm-infer", "infer", "inference and free energies of an ellipse model: ž, F∞, F_β and ⟨E⟩",
        "Defaults reproduce the lecture: 48 latents, β ∈ {0.1, 0.3, 1, 3.2, 10, ∞}, the 25 × 17\n"
        "mesh, Y[10] and Y[23] traced from z̃ = --z-start. The output layout is in README.md and\n"
        "lib/infer_stage.hpp. A model file of a network (conditional, decoder-mlp, latent) gets ž and F∞\n"
        "of the samples, the manifold and F∞ maps at --slice-x instead (lib/network_infer_stage.hpp).\n"};
    InferOptions options;
    long long latent_count = 48, cross_section_points = 401, threads = 0;
    std::string betas = "0.1,0.3,1,3.2,10,inf", grid = "-3:3:25,-2:2:17", fine_grid = "-3:3:121,-2:2:81";
    std::string methods = "exhaustive,line-search,gd,cg,lbfgs,exact", trace = "10,23";
    std::string probes = "0:0,-3:-0.5,-2.25:-0.5,-1.5:-0.5,-0.75:-0.5,0:-0.5", beta_sweep = "-3:3:61";
    std::string weights_beta = "1";
    po::options_description described("Options");
    described.add_options()
        ("model", po::value(&options.model)->value_name("FILE")->required(), "model file (ebm-train)")
        ("data", po::value(&options.data)->value_name("FILE")->required(), "data file (ebm-generate)")
        ("out", po::value(&options.out)->value_name("FILE")->required(), "output inference file")
        ("z", po::value(&latent_count)->default_value(48), "latent grid points Z (z = 2πk/Z)")
        ("betas", po::value(&betas)->default_value(betas), "inverse temperatures β > 0 of the maps, inf = F∞")
        ("grid", po::value(&grid)->default_value(grid), "the mesh Y1MIN:Y1MAX:N1,Y2MIN:Y2MAX:N2")
        ("fine-grid", po::value(&fine_grid)->default_value(fine_grid), "the fine map, same form")
        ("cross-section", po::value(&cross_section_points)->default_value(401), "points along y1 = 0, y2 from −2 to 2")
        ("method", po::value(&methods)->default_value(methods), ("inference methods (a comma-separated list) of " + inference_method_names()).c_str())
        ("z-start", po::value(&options.z_start)->default_value(0.5, "0.5"), "z̃: where gd, cg and lbfgs start")
        ("trace", po::value(&trace)->default_value(trace), "samples (1-based) whose inference paths are stored")
        ("probes", po::value(&probes)->default_value(probes), "extra points Y1:Y2,… whose energies are stored")
        ("weights-beta", po::value(&weights_beta)->default_value(weights_beta), "β of the probes' softargmin weights")
        ("beta-sweep", po::value(&beta_sweep)->default_value(beta_sweep), "the probes' β sweep: log10 β from MIN to MAX, N points")
        ("threads", po::value(&threads)->default_value(0), "threads (0: all cores); results do not depend on it");
    add_network_infer_options(described, options.network);
    po::variables_map values;
    if (!parse_options(argc, argv, program, described, values)) return std::nullopt;
    require_distinct_output("out", options.out, {{"model", options.model}, {"data", options.data}});

    require(latent_count >= 1 && latent_count <= 10'000'000, "z", "from 1 to 10000000", std::to_string(latent_count));
    options.latent_count = std::size_t(latent_count);
    options.betas = parse_number_list(betas, "betas");
    for (double beta : options.betas) require(beta > 0, "betas", "numbers > 0 or inf", betas);
    options.grid = parse_grid_spec(grid, "grid");
    options.fine_grid = parse_grid_spec(fine_grid, "fine-grid");
    check_fits_in_memory(options.grid, options.betas.size(), "grid");
    check_fits_in_memory(options.fine_grid, options.betas.size(), "fine-grid");
    require(cross_section_points >= 2 && cross_section_points <= 10'000'000, "cross-section", "from 2 to 10000000",
            std::to_string(cross_section_points));
    options.cross_section_points = std::size_t(cross_section_points);
    std::stringstream method_list(methods);
    for (std::string method; std::getline(method_list, method, ',');) {
        try {
            parse_inference_method(method);
        } catch (const std::invalid_argument&) {
            throw UsageError("--method: '" + method + "' is not one of " + inference_method_names());
        }
        options.methods.push_back(method);
    }
    require(!options.methods.empty(), "method", "a list of " + inference_method_names(), "nothing");
    require(std::isfinite(options.z_start), "z-start", "a finite number", shortest_text(options.z_start));
    if (!trace.empty())
        for (double index : parse_number_list(trace, "trace")) {
            require(index >= 1 && index == std::floor(index) && index < 1e9, "trace", "1-based sample indices", trace);
            options.trace.push_back(std::size_t(index));
        }
    options.probes = parse_points(probes, "probes");
    const auto weights = parse_number_list(weights_beta, "weights-beta");
    require(weights.size() == 1 && weights[0] > 0, "weights-beta", "one number > 0 or inf", weights_beta);
    options.weights_beta = weights[0];
    options.beta_sweep = parse_axis_spec(beta_sweep, "beta-sweep");
    require(options.beta_sweep.min >= -12 && options.beta_sweep.max <= 12, "beta-sweep",
            "within -12:12 (β from 1e-12 to 1e12)", beta_sweep);
    require(threads >= 0 && threads <= 1024, "threads", "from 0 to 1024", std::to_string(threads));
    options.threads = int(threads);
    finish_network_infer_options(options.network, values);
    po::variables_map recorded;  // the thread count changes nothing in the output
    for (const auto& [name, value] : values)
        if (name != "threads") recorded.insert({name, value});
    options.provenance = options_summary(recorded, {"model", "data", "out"});
    return options;
}

void run_infer(const InferOptions& options) {
    if (run_if_network_model(options)) return;
    if (options.threads > 0) omp_set_num_threads(options.threads);
    const EllipseParams w = read_ellipse_params(options.model);
    const DataSet data = read_data_file(options.data);
    const std::size_t n = data.y.shape()[0];
    for (std::size_t k : options.trace)
        if (k > n)
            throw UsageError("--trace " + std::to_string(k) + " is past the " + std::to_string(n) + " samples of '" +
                             options.data + "'");
    const auto latents = latent_grid(options.latent_count);
    const std::size_t z_count = latents.size();
    InferenceOptions inference;
    inference.latent_count = options.latent_count;
    inference.z_start = options.z_start;

    H5Writer file(options.out, inference_format, inference_format_version);
    file.write("/z", latents);
    file.write("/model/w", xt::xtensor<double, 1>{w.w1, w.w2});
    xt::xtensor<double, 2> manifold = xt::empty<double>({z_count, std::size_t(2)});
    for (std::size_t k = 0; k < z_count; ++k) {
        const Vec2 point = decoder_forward(w, latents(k));
        manifold(k, 0) = point[0], manifold(k, 1) = point[1];
    }
    file.write("/manifold/y", manifold);

    // The samples: energies over the grid, and ž by every method against the exact one.
    xt::xtensor<double, 2> energy = xt::empty<double>({n, z_count});
    xt::xtensor<double, 1> z_check = xt::empty<double>({n}), f_inf = xt::empty<double>({n});
    std::vector<double> exact_f(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Vec2 y{data.y(i, 0), data.y(i, 1)};
        for (std::size_t k = 0; k < z_count; ++k) energy(i, k) = energy_forward(w, y, latents(k));
        const std::size_t best = argmin_energy(&energy(i, 0), z_count);
        z_check(i) = latents(best);
        f_inf(i) = energy(i, best);
        exact_f[i] = ellipse_distance(w, y).squared_distance;
    }
    file.write("/samples/y", data.y);
    file.write("/samples/energy", energy);
    file.write("/samples/z_check", z_check);
    file.write("/samples/f_inf", f_inf);
    for (const auto& name : options.methods) {
        const InferenceMethod method = parse_inference_method(name);
        xt::xtensor<double, 1> method_z = xt::empty<double>({n}), method_f = xt::empty<double>({n});
        xt::xtensor<double, 1> error = xt::empty<double>({n}), iterations = xt::empty<double>({n});
        xt::xtensor<double, 1> evaluations = xt::empty<double>({n});
        for (std::size_t i = 0; i < n; ++i) {
            const auto result = infer(w, {data.y(i, 0), data.y(i, 1)}, method, inference);
            method_z(i) = result.z_check;
            method_f(i) = result.f_inf;
            error(i) = result.f_inf - exact_f[i];
            iterations(i) = double(result.iterations);
            evaluations(i) = double(result.energy_evaluations);
        }
        const std::string group = "/inference/" + name;
        file.write(group + "/z_check", method_z);
        file.write(group + "/f_inf", method_f);
        file.write(group + "/error", error);
        file.write(group + "/iterations", iterations);
        file.write(group + "/energy_evaluations", evaluations);
    }
    for (std::size_t k : options.trace) {
        const Vec2 y{data.y(k - 1, 0), data.y(k - 1, 1)};
        const std::string group = "/traces/Y" + std::to_string(k);
        file.write(group + "/y", xt::xtensor<double, 1>{y[0], y[1]});
        for (const auto& name : options.methods) {
            const auto result = infer(w, y, parse_inference_method(name), inference);
            std::vector<double> path_energy;
            for (double z : result.path) path_energy.push_back(energy_forward(w, y, z));
            file.write(group + "/" + name + "/z", as_array(result.path));
            file.write(group + "/" + name + "/energy", as_array(path_energy));
        }
    }

    // The probes: traced samples first, then the --probes points.
    std::vector<std::array<double, 2>> probes;
    std::string labels;
    for (std::size_t k : options.trace) {
        probes.push_back({data.y(k - 1, 0), data.y(k - 1, 1)});
        labels += (labels.empty() ? "" : " ") + ("Y[" + std::to_string(k) + "]");
    }
    for (const auto& point : options.probes) {
        probes.push_back(point);
        labels += (labels.empty() ? "" : " ") + point_label(point);
    }
    const auto sweep = options.beta_sweep.values();
    const std::size_t p = probes.size();
    xt::xtensor<double, 2> probe_y = xt::empty<double>({p, std::size_t(2)});
    xt::xtensor<double, 2> probe_energy = xt::empty<double>({p, z_count}), probe_weights = xt::empty<double>({p, z_count});
    xt::xtensor<double, 1> probe_z = xt::empty<double>({p}), probe_f = xt::empty<double>({p}), probe_mean = xt::empty<double>({p});
    xt::xtensor<double, 2> probe_f_beta = xt::empty<double>({p, sweep.size()});
    for (std::size_t i = 0; i < p; ++i) {
        probe_y(i, 0) = probes[i][0], probe_y(i, 1) = probes[i][1];
        for (std::size_t k = 0; k < z_count; ++k) probe_energy(i, k) = energy_forward(w, probes[i], latents(k));
        softargmin(&probe_weights(i, 0), &probe_energy(i, 0), z_count, options.weights_beta);
        const std::size_t best = argmin_energy(&probe_energy(i, 0), z_count);
        probe_z(i) = latents(best);
        probe_f(i) = probe_energy(i, best);
        probe_mean(i) = mean_energy(&probe_energy(i, 0), z_count);
        for (std::size_t b = 0; b < sweep.size(); ++b)
            probe_f_beta(i, b) = softmin(&probe_energy(i, 0), z_count, std::pow(10.0, sweep(b)));
    }
    xt::xtensor<double, 1> sweep_betas = xt::empty<double>({sweep.size()});
    for (std::size_t b = 0; b < sweep.size(); ++b) sweep_betas(b) = std::pow(10.0, sweep(b));
    file.write("/probes/y", probe_y);
    file.write("/probes/energy", probe_energy);
    file.write("/probes/weights", probe_weights);
    file.write("/probes/z_check", probe_z);
    file.write("/probes/f_inf", probe_f);
    file.write("/probes/mean_energy", probe_mean);
    file.write("/probes/betas", sweep_betas);
    file.write("/probes/f_beta", probe_f_beta);

    write_map(file, "/grid", w, latents, options.betas, options.grid, "mesh");
    write_map(file, "/fine", w, latents, options.betas, options.fine_grid, "fine map");
    write_cross_section(file, w, latents, options.betas, options.cross_section_points);

    file.set_attribute("model_file", file_name(options.model));
    file.set_attribute("model_sha256", sha256_of_file(options.model));
    file.set_attribute("data_file", file_name(options.data));
    file.set_attribute("data_sha256", sha256_of_file(options.data));
    file.set_attribute("z_start", options.z_start);
    file.set_attribute("weights_beta", options.weights_beta);
    file.set_attribute("probe_labels", labels);
    file.set_attribute("program", std::string("ebm-infer"));
    file.set_attribute("program_version", std::string(EBM_VERSION));
    file.set_attribute("options", options.provenance);
    file.commit();
}

}  // namespace ebm

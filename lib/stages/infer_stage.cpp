#include "infer_stage.hpp"

#include "cli.hpp"
#include "data_file.hpp"
#include "ellipse_inference.hpp"
#include "errors.hpp"
#include "h5_file.hpp"
#include "inference.hpp"
#include "model_file.hpp"
#include "option_table.hpp"
#include "sha256.hpp"

#include <omp.h>
#include <unistd.h>

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

// A free-energy map under `group`, over the betas (B) written with it.
void write_mesh_map(H5Writer& file, const std::string& group, const MeshMap& mesh, const xt::xtensor<double, 1>& betas) {
    file.write(group + "/y1", mesh.y1);
    file.write(group + "/y2", mesh.y2);
    file.write(group + "/betas", betas);
    file.write(group + "/f_inf", mesh.map.f_inf);
    file.write(group + "/f_beta", mesh.map.f_beta);
    file.write(group + "/mean_energy", mesh.map.mean_energy);
    file.write(group + "/grad_f_inf", mesh.map.grad_f_inf);
}

}  // namespace

std::optional<InferOptions> parse_infer_options(int argc, const char* const argv[]) {
    const ProgramInfo program{
        "ebm-infer", "infer", "inference and free energies of a trained model: ž, F∞, F_β and ⟨E⟩",
        "Defaults reproduce the lecture: 48 latents, β ∈ {0.1, 0.3, 1, 3.2, 10, ∞}, the 25 × 17\n"
        "mesh, Y[10] and Y[23] (those the data have) traced from z̃ = --z-start. A model file of a\n"
        "network (conditional, decoder-mlp, latent) gets ž and F∞ of the samples, the manifold and F∞\n"
        "maps at --slice-x instead. An option marked with model names applies to those models only.\n"
        "The output's layout: docs/file-formats.md.\n"};
    InferOptions options;
    long long latent_count = 48, cross_section_points = 401, threads = 0;
    std::string betas = "0.1,0.3,1,3.2,10,inf", grid = "auto:0.25", fine_grid = "auto:0.05";
    std::string methods = "exhaustive,line-search,gd,cg,lbfgs,exact", trace;
    std::string probes = "auto", beta_sweep = "-3:3:61";
    std::string weights_beta = "1";
    po::options_description described("Options");
    OptionTable table(described);
    const std::vector<std::string> ellipse = {"ellipse"};
    table.add("model", po::value(&options.model)->value_name("FILE")->required(), "model file (ebm-train)");
    table.add("data", po::value(&options.data)->value_name("FILE")->required(), "data file (ebm-generate)");
    table.add("out", po::value(&options.out)->value_name("FILE")->required(), "output inference file");
    table.add("z", po::value(&latent_count)->default_value(48), "latent grid points Z (z = 2πk/Z)",
              {"ellipse", "conditional", "decoder-mlp"});
    table.add("betas", po::value(&betas)->default_value(betas), "inverse temperatures β > 0 of the maps, inf = F∞", ellipse);
    table.add("grid", po::value(&grid)->default_value(grid), "the mesh Y1MIN:Y1MAX:N1,Y2MIN:Y2MAX:N2, or auto:STEP: round the samples (±1.25 × the farthest, "
              "rounded up to 0.5), points STEP apart", ellipse);
    table.add("fine-grid", po::value(&fine_grid)->default_value(fine_grid), "the fine map, same form", ellipse);
    table.add("cross-section", po::value(&cross_section_points)->default_value(401),
              "points along y1 = 0, y2 across the mesh", ellipse);
    table.add("method", po::value(&methods)->default_value(methods),
              "inference methods (a comma-separated list) of " + inference_method_names(), ellipse);
    table.add("z-start", po::value(&options.z_start)->default_value(0.4, "0.4"), "z̃: where gd, cg and lbfgs start (slide 13: 0.4)",
              ellipse);
    table.add("trace", po::value(&trace)->value_name("LIST"),
              "samples (1-based) whose inference paths are stored (default: the lecture's 10,23, those the data have)",
              ellipse);
    table.add("probes", po::value(&probes)->default_value(probes),
              "extra points Y1:Y2,… whose energies are stored, or auto: the origin and slide 17's five points of the "
              "mesh (a quarter of the way down from its centre, from its left edge to its centre; the lecture's "
              "0:0,-3:-0.5,-2.25:-0.5,-1.5:-0.5,-0.75:-0.5,0:-0.5)",
              ellipse);
    table.add("weights-beta", po::value(&weights_beta)->default_value(weights_beta),
              "β of the probes' softargmin weights", ellipse);
    table.add("beta-sweep", po::value(&beta_sweep)->default_value(beta_sweep),
              "the probes' β sweep: log10 β from MIN to MAX, N points", ellipse);
    table.add("threads", po::value(&threads)->default_value(0), "threads (0: all cores); results do not depend on it");
    std::string likelihood_betas;
    long long kl_samples = 0;
    table.add("likelihood-beta", po::value(&likelihood_betas)->value_name("LIST"),
              "write /likelihood: −log p_β(y | x) = β F_β − log(β/π) of the samples at each β > 0 (inf: +inf; "
              "trained: the β the model was trained at), "
              "the read-out β̂ and, with the data's generator, its NLL and KL(p ‖ p_β)",
              likelihood_models());
    table.add("likelihood-data", po::value(&options.likelihood_data)->value_name("FILE"),
              "the samples of /likelihood: held-out data (default: --data)", likelihood_models());
    add_kl_samples_option(table, kl_samples);
    add_network_infer_options(table, options.network);
    po::variables_map values;
    if (!parse_options(argc, argv, program, described, values)) return std::nullopt;
    require_distinct_output("out", options.out,
                            {{"model", options.model}, {"data", options.data}, {"likelihood-data", options.likelihood_data}});

    require(latent_count >= 1 && latent_count <= 10'000'000, "z", "from 1 to 10000000", std::to_string(latent_count));
    options.latent_count = std::size_t(latent_count);
    options.betas = parse_number_list(betas, "betas");
    for (double beta : options.betas) require(beta > 0, "betas", "numbers > 0 or inf", betas);
    options.grid = parse_grid_request(grid, "grid");
    options.fine_grid = parse_grid_request(fine_grid, "fine-grid");
    for (const auto& [request, option] : {std::pair{options.grid, "grid"}, std::pair{options.fine_grid, "fine-grid"}})
        if (request.given) check_fits_in_memory(*request.given, options.betas.size(), option);
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
    options.trace_given = values.count("trace") != 0;
    if (!options.trace_given) trace = "10,23";
    if (!trace.empty())
        for (double index : parse_number_list(trace, "trace")) {
            require(index >= 1 && index == std::floor(index) && index < 1e9, "trace", "1-based sample indices", trace);
            options.trace.push_back(std::size_t(index));
        }
    options.probes_auto = probes == "auto";
    if (!options.probes_auto) options.probes = parse_points(probes, "probes");
    const auto weights = parse_number_list(weights_beta, "weights-beta");
    require(weights.size() == 1 && weights[0] > 0, "weights-beta", "one number > 0 or inf", weights_beta);
    options.weights_beta = weights[0];
    options.beta_sweep = parse_axis_spec(beta_sweep, "beta-sweep");
    require(options.beta_sweep.min >= -12 && options.beta_sweep.max <= 12, "beta-sweep",
            "within -12:12 (β from 1e-12 to 1e12)", beta_sweep);
    options.likelihood = values.count("likelihood-beta") != 0;
    if (options.likelihood) {
        std::stringstream items(likelihood_betas);
        for (std::string item; std::getline(items, item, ',');) {
            if (item == "trained") {  // the model file's own β, read with the model
                options.likelihood_betas.push_back(std::nan(""));
                continue;
            }
            for (double beta : parse_number_list(item, "likelihood-beta")) {
                require(beta > 0, "likelihood-beta", "numbers > 0, inf or trained", likelihood_betas);
                options.likelihood_betas.push_back(beta);
            }
        }
        require(!options.likelihood_betas.empty(), "likelihood-beta", "numbers > 0, inf or trained", likelihood_betas);
    }
    options.kl_samples = checked_kl_samples(kl_samples);
    require(threads >= 0 && threads <= 1024, "threads", "from 0 to 1024", std::to_string(threads));
    options.threads = int(threads);
    finish_network_infer_options(options.network);
    options.model_specific = table.given_model_specific(values);
    po::variables_map recorded;  // the thread count changes nothing in the output
    for (const auto& [name, value] : values)
        if (name != "threads") recorded.insert({name, value});
    options.provenance = options_summary(recorded, {"model", "data", "out", "likelihood-data"});
    return options;
}

Provenance inference_provenance(const InferOptions& options) {
    if (options.likelihood_data.empty())
        return make_provenance("ebm-infer", {{"model", options.model}, {"data", options.data}}, options.provenance);
    return make_provenance("ebm-infer",
                           {{"model", options.model}, {"data", options.data}, {"likelihood_data", options.likelihood_data}},
                           options.provenance);
}

// In the order of the layout: the bytes of an HDF5 file depend on the order its objects are created in.
void write_inference(H5Writer& file, const EllipseInference& result, const Provenance& provenance) {
    file.write("/z", result.latents);
    file.write("/model/w", result.w);
    file.write("/manifold/y", result.manifold);
    file.write("/samples/y", result.sample_y);
    file.write("/samples/energy", result.sample_energy);
    file.write("/samples/z_check", result.sample_z_check);
    file.write("/samples/f_inf", result.sample_f_inf);
    for (const auto& run : result.methods) {
        const std::string group = "/inference/" + run.method;
        file.write(group + "/z_check", run.z_check);
        file.write(group + "/f_inf", run.f_inf);
        file.write(group + "/error", run.error);
        file.write(group + "/iterations", run.iterations);
        file.write(group + "/energy_evaluations", run.energy_evaluations);
        file.write(group + "/gradient_evaluations", run.gradient_evaluations);
    }
    for (const auto& trace : result.traces) {
        const std::string group = "/traces/Y" + std::to_string(trace.sample);
        file.write(group + "/y", trace.y);
        for (const auto& path : trace.paths) {
            file.write(group + "/" + path.method + "/z", path.z);
            file.write(group + "/" + path.method + "/energy", path.energy);
        }
    }
    file.write("/probes/y", result.probe_y);
    file.write("/probes/energy", result.probe_energy);
    file.write("/probes/weights", result.probe_weights);
    file.write("/probes/z_check", result.probe_z_check);
    file.write("/probes/f_inf", result.probe_f_inf);
    file.write("/probes/mean_energy", result.probe_mean_energy);
    file.write("/probes/z_lbfgs", result.probe_z_lbfgs);
    file.write("/probes/energy_lbfgs", result.probe_energy_lbfgs);
    file.write("/probes/betas", result.sweep_betas);
    file.write("/probes/f_beta", result.probe_f_beta);
    write_mesh_map(file, "/grid", result.mesh, result.betas);
    write_mesh_map(file, "/fine", result.fine, result.betas);
    file.write("/cross_section/y2", result.cross_section_y2);
    file.write("/cross_section/betas", result.betas);
    file.write("/cross_section/f_beta", result.cross_section_f_beta);
    file.write("/cross_section/f_inf", result.cross_section_f_inf);
    file.write("/cross_section/mean_energy", result.cross_section_mean_energy);

    write_inputs(file, provenance);
    file.set_attribute("z_start", result.z_start);
    file.set_attribute("weights_beta", result.weights_beta);
    std::string labels;
    for (const auto& label : result.probe_labels) labels += (labels.empty() ? "" : " ") + label;
    file.set_attribute("probe_labels", labels);
    write_program(file, provenance);
}

void run_infer(const InferOptions& options) {
    // One way to every model: the file says which it is (model_registry.hpp).
    const auto model = read_model(options.model);
    check_options_apply(options.model_specific, model->name(),
                        "'" + options.model + "', whose model is " + model->name());
    // The ellipse gets the lecture's analyses (ellipse_inference.hpp); every
    // other model, through the model interface alone, those of network_inference.hpp.
    const auto* ellipse = dynamic_cast<const EllipseModel*>(model.get());
    if (!ellipse) return run_network_infer(options, *model);
    if (options.threads > 0) omp_set_num_threads(options.threads);
    const EllipseParams w = ellipse->w();
    const DataSet data = read_data_file(options.data);
    for (const auto& [request, option] : {std::pair{options.grid, "grid"}, std::pair{options.fine_grid, "fine-grid"}})
        check_fits_in_memory(request.resolve(data.y), options.betas.size(), option);
    // Opened before the work, so that an output that cannot be written fails at once.
    H5Writer file(options.out, inference_format, inference_format_version);
    const EllipseInference result = compute_ellipse_inference(options, w, data);
    write_inference(file, result, inference_provenance(options));
    write_likelihood_if_asked(file, options, *model, data, {{data.x(0), result.fine.y1, result.fine.y2}});
    file.commit();
}

void write_likelihood_if_asked(H5Writer& file, const InferOptions& options, const Model& model, const DataSet& data,
                               const std::vector<DensityPlane>& planes) {
    if (!options.likelihood) return;
    const DataSet samples = options.likelihood_data.empty() ? data : read_data_file(options.likelihood_data);
    std::vector<double> betas = options.likelihood_betas;
    for (double& beta : betas)
        if (std::isnan(beta)) beta = H5Reader(options.model, model_format, model_format_version).number_attribute("beta");
    write_likelihood(file, compute_likelihood(model, samples, betas, options.kl_samples, planes));
}

}  // namespace ebm

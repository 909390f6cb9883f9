// ebm-infer for the neural models; the inference file is described in network_infer_stage.hpp.
#include "network_infer_stage.hpp"

#include "data_file.hpp"
#include "errors.hpp"
#include "h5_file.hpp"
#include "infer_stage.hpp"
#include "model_file.hpp"
#include "model_registry.hpp"
#include "model_evaluation.hpp"
#include "network_inference.hpp"
#include "network_model.hpp"

#include <omp.h>
#include <xtensor/xview.hpp>

namespace ebm {

namespace {

// The model read from the file, rebuilt (through the registry) with this
// run's latent grid (--z) or latent search (--latent-method, --starts), where
// its architecture has them.
std::unique_ptr<Model> model_for_run(const InferOptions& options, const Model& stored) {
    Architecture architecture = stored.architecture();
    const auto& network = options.network;
    for (auto& [name, value] : architecture) {
        if (name == "latent_count") value = std::int64_t(options.latent_count);
        if (name == "latent_method" && !network.latent_method.empty()) value = network.latent_method;
        if (name == "latent_starts" && network.starts > 0) value = std::int64_t(network.starts);
        if (name == "latent_start_scale" && network.start_scale > 0) value = network.start_scale;
    }
    const ArchitectureLookup lookup = [&](const std::string& name) -> ArchitectureValue {
        for (const auto& [stored_name, value] : architecture)
            if (stored_name == name) return value;
        throw std::invalid_argument("attribute " + name + " is missing");
    };
    auto model = model_kind(stored.name()).from_architecture(lookup);
    model->parameters() = stored.parameters();
    return model;
}

}  // namespace

void add_network_infer_options(OptionTable& table, NetworkInferOptions& options) {
    auto& raw = options.parsed;
    const std::vector<std::string> networks = {"conditional", "decoder-mlp", "latent"}, latent = {"latent"};
    table.add("manifold-x", po::value(&raw.manifold_x)->default_value(raw.manifold_x),
              "the manifold's inputs x as MIN:MAX:N", networks);
    table.add("slice-x", po::value(&raw.slice_x)->default_value(raw.slice_x), "the x of each F∞ map", networks);
    table.add("slice-grid", po::value(&raw.slice_points)->default_value(raw.slice_points),
              "points per axis of each F∞ map (≥ 2)", networks);
    table.add("slice-margin", po::value(&raw.slice_margin)->default_value(raw.slice_margin, "1.4"),
              "each map spans this many times the largest |y1|, |y2| of its samples (> 0)", networks);
    table.add("decoded", po::value(&raw.decoded)->default_value(raw.decoded),
              "decoded latents drawn per slice, to show what the latent space covers (≥ 1)", latent);
    table.add("latent-method", po::value(&raw.latent_method), "gd | cg | lbfgs (default: the model file's)", latent);
    table.add("starts", po::value(&raw.starts)->default_value(0), "starts of each search (0: the model file's)", latent);
    table.add("start-scale", po::value(&raw.start_scale)->default_value(0),
              "s of the starts N(0, s²I): as wide as the data's ž, or searches far from z = 0 stop short (0: the "
              "model file's)",
              latent);
}

void finish_network_infer_options(NetworkInferOptions& options) {
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
    require(raw.start_scale >= 0 && std::isfinite(raw.start_scale) && raw.start_scale <= 1e6, "start-scale",
            "from 0 to 1e6 (0: the model file's)", shortest_text(raw.start_scale));
    options.start_scale = raw.start_scale;
}

void run_network_infer(const InferOptions& options, const Model& stored) {
    if (options.threads > 0) omp_set_num_threads(options.threads);
    const auto& network = options.network;
    const auto model = model_for_run(options, stored);
    const ModelKind& kind = model_kind(model->name());
    const DataSet data = read_data_file(options.data);
    if (data.data_case != kind.data_case)
        throw RunError("'" + options.data + "' holds " + data.data_case + " data; the " + kind.name + " model infers on " +
                       kind.data_case + " data (ebm-generate --case " + kind.data_case + ")");
    // Opened before the work, so that an output that cannot be written fails at once.
    H5Writer file(options.out, inference_format, inference_format_version);
    const NetworkInference result = compute_network_inference(network, *model, data);
    write_inference(file, result, inference_provenance(options));
    std::vector<DensityPlane> planes;
    for (std::size_t s = 0; s < result.slices.size(); ++s)
        planes.push_back({result.slice_x(s), result.slices[s].y1, result.slices[s].y2});
    write_likelihood_if_asked(file, options, *model, data, planes);
    file.commit();
}

// In the order of the layout: the bytes of an HDF5 file depend on the order its objects are created in.
void write_inference(H5Writer& file, const NetworkInference& result, const Provenance& provenance) {
    file.write("/samples/x", result.sample_x);
    file.write("/samples/y", result.sample_y);
    if (result.grid_model()) {  // one value per sample: kept one-dimensional
        file.write("/samples/z_check", xt::xtensor<double, 1>(xt::view(result.z_check, xt::all(), 0)));
    } else {
        file.write("/samples/z_check", result.z_check);
    }
    file.write("/samples/f_inf", result.f_inf);
    file.set_attribute("mean_f_inf", result.mean_f_inf);
    if (result.grid_model()) {
        file.write("/samples/z_refined", result.z_refined);
        file.write("/samples/f_inf_refined", result.f_inf_refined);
        file.set_attribute("mean_f_inf_refined", result.mean_f_inf_refined);
        file.write("/z", result.latents);
    }
    file.write("/manifold/x", result.manifold_x);
    file.write("/manifold/f", result.manifold_f);
    if (result.grid_model()) {
        file.write("/manifold/z", result.latents);
        file.write("/manifold/y1", result.manifold_y1);
        file.write("/manifold/y2", result.manifold_y2);
        file.write("/manifold/table", result.manifold_table);
    }
    file.write("/slices/x", result.slice_x);
    for (std::size_t s = 0; s < result.slices.size(); ++s) {
        const NetworkSlice& slice = result.slices[s];
        const std::string group = "/slices/" + std::to_string(s);
        file.write(group + "/y1", slice.y1);
        file.write(group + "/y2", slice.y2);
        file.write(group + "/f_inf", slice.f_inf);
        if (slice.samples.shape()[0] > 0) file.write(group + "/samples", slice.samples);
        if (result.grid_model()) {
            file.write(group + "/curve", slice.curve);
        } else {
            file.write(group + "/decoded", slice.decoded);
        }
    }
    file.set_attribute("slice_mean_f_inf", result.slice_mean_f_inf);
    file.set_attribute("slice_min_f_inf", result.slice_min_f_inf);
    file.set_attribute("slice_half_width", result.slice_half_width);
    if (result.evaluation) write_evaluation(file, *result.evaluation);
    write_architecture(file, result.architecture);
    write_inputs(file, provenance);
    write_program(file, provenance);
}

}  // namespace ebm

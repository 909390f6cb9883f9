// A trained model against the data's generator; what is computed is in model_evaluation.hpp.
#include "model_evaluation.hpp"

#include "continuous_latent.hpp"
#include "free_energy.hpp"
#include "h5_file.hpp"
#include "latent_grid.hpp"
#include "training.hpp"

#include <xtensor/xadapt.hpp>

#include <cmath>

namespace ebm {

namespace {

constexpr std::size_t truth_points = 51;  // x = 0 : 1/50 : 1
constexpr std::size_t chunk_rows = 64;    // rows per parallel chunk: the result does not depend on threads

// Mean F∞ over continuous z of the samples.
double mean_continuous_f_inf(const Model& model, const DataSet& data) {
    const std::size_t n = data.y.shape()[0];
    std::vector<double> f_inf(n);
    const auto grid = model.has_latent_grid() ? latent_grid(model.latent_count()) : xt::xtensor<double, 1>();
    const std::vector<double> latents(grid.begin(), grid.end());
    for_each_chunk((n + chunk_rows - 1) / chunk_rows, [&](std::size_t c) {
        const std::size_t first = c * chunk_rows, rows = std::min(chunk_rows, n - first);
        if (model.has_latent_grid()) {
            for (std::size_t i = first; i < first + rows; ++i)
                f_inf[i] = continuous_minimum(model, data.x(i), {data.y(i, 0), data.y(i, 1)}, latents).f_inf;
        } else {
            const auto cache = model.make_cache();
            model.free_energy_forward(&f_inf[first], *cache, &data.x(first), &data.y(first, 0), rows,
                                      zero_temperature_beta);
        }
    });
    double sum = 0;
    for (double value : f_inf) sum += value;  // in order: the same bits whatever the threads
    return sum / double(n);
}

xt::xtensor<double, 1> as_one(double value) { return xt::xtensor<double, 1>({value}); }

}  // namespace

ModelEvaluation evaluate_model(const Model& model, const HornShape& generator, const DataSet* heldout) {
    ModelEvaluation evaluation;
    evaluation.noise_floor = 2 * generator.sigma * generator.sigma;
    if (heldout) evaluation.heldout_f_inf = mean_continuous_f_inf(model, *heldout);
    if (model.name() != "conditional") return evaluation;
    evaluation.has_predictor_truth = true;
    evaluation.x = xt::empty<double>({truth_points});
    evaluation.rho = evaluation.f_abs = evaluation.relative_error = xt::empty<double>({truth_points, std::size_t(2)});
    for (std::size_t i = 0; i < truth_points; ++i) {
        const double x = double(i) / double(truth_points - 1);
        const auto rho = horn_radii(generator, x);
        const auto f = model.predict(x);
        evaluation.x(i) = x;
        for (std::size_t k = 0; k < 2; ++k) {
            evaluation.rho(i, k) = rho[k];
            evaluation.f_abs(i, k) = std::abs(f[k]);
            evaluation.relative_error(i, k) = (std::abs(f[k]) - rho[k]) / rho[k];
            evaluation.max_relative_error = std::max(evaluation.max_relative_error, std::abs(evaluation.relative_error(i, k)));
        }
    }
    return evaluation;
}

void write_evaluation(H5Writer& file, const ModelEvaluation& evaluation) {
    const auto write = [&](const std::string& name, const auto& array, const std::string& description) {
        file.write("/evaluation/" + name, array);
        file.set_attribute("/evaluation/" + name, "description", description);
    };
    write("noise_floor", as_one(evaluation.noise_floor), "2 sigma^2 of the data's generator, (1)");
    if (evaluation.heldout_f_inf)
        write("heldout_f_inf", as_one(*evaluation.heldout_f_inf), "mean F_inf of the held-out samples over continuous z, (1)");
    if (!evaluation.has_predictor_truth) return;
    write("x", evaluation.x, "inputs 0:1/50:1, (X)");
    write("rho", evaluation.rho, "the generator's semi-axes rho(x), (X, 2)");
    write("f_abs", evaluation.f_abs, "the model's |f(x)|, (X, 2)");
    write("relative_error", evaluation.relative_error, "(|f(x)| - rho(x)) / rho(x), (X, 2)");
    write("max_relative_error", as_one(evaluation.max_relative_error), "the largest |relative_error|, (1)");
}

}  // namespace ebm

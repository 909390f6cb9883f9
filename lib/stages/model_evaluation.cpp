// A trained model against the data's generator; what is computed is in model_evaluation.hpp.
#include "model_evaluation.hpp"

#include "free_energy.hpp"
#include "h5_file.hpp"
#include "latent_grid.hpp"
#include "mean_in_order.hpp"
#include "point_free_energies.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace ebm {

namespace {

constexpr std::size_t truth_points = 51;  // x = 0 : 1/50 : 1
constexpr double ring_inputs[] = {0.0, 0.5, 1.0};
constexpr double ring_half_width = 0.05;  // held-out samples this near a ring's x
constexpr std::size_t off_ring_points = 16;
constexpr double off_ring_scale = 1.5;

// F∞ over continuous z of the points (x_r, y_r): a grid model's refined off
// its grid, the latent model's by its own search. x (R), y (R, 2)
std::vector<double> continuous_f_inf(const Model& model, const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t R = x.size();
    std::vector<double> f_inf(R), z(R);
    if (model.has_latent_grid())
        continuous_point_free_energies(model, latent_grid(model.latent_count()), R, x.data(), y.data(), z.data(),
                                       f_inf.data());
    else
        point_free_energies(model, zero_temperature_beta, R, x.data(), y.data(), f_inf.data());
    return f_inf;
}

// ring_… of the evaluation (model_evaluation.hpp).
void hold_against_rings(ModelEvaluation& evaluation, const Model& model, const HornShape& generator,
                        const DataSet* heldout) {
    const std::size_t S = std::size(ring_inputs);
    evaluation.ring_x = xt::adapt(std::vector<double>(std::begin(ring_inputs), std::end(ring_inputs)), {S});
    evaluation.centre_f_inf = evaluation.off_ring_f_inf = evaluation.ring_heldout_f_inf = xt::empty<double>({S});
    std::vector<double> x, y;  // per ring: the centre, then the off-ring points
    for (const double x_s : ring_inputs) {
        const auto rho = horn_radii(generator, x_s);
        x.push_back(x_s), y.insert(y.end(), {0.0, 0.0});
        for (std::size_t k = 0; k < off_ring_points; ++k) {
            const double phi = 2 * M_PI * double(k) / double(off_ring_points);
            x.push_back(x_s), y.insert(y.end(), {off_ring_scale * rho[0] * std::cos(phi), off_ring_scale * rho[1] * std::sin(phi)});
        }
    }
    const auto f_inf = continuous_f_inf(model, x, y);
    for (std::size_t s = 0; s < S; ++s) {
        const double* ring = &f_inf[s * (off_ring_points + 1)];
        evaluation.centre_f_inf(s) = ring[0];
        evaluation.off_ring_f_inf(s) = *std::min_element(ring + 1, ring + 1 + off_ring_points);
        if (!heldout) continue;
        std::vector<double> near_x, near_y;
        for (std::size_t i = 0; i < heldout->x.size(); ++i)
            if (std::abs(heldout->x(i) - ring_inputs[s]) <= ring_half_width)
                near_x.push_back(heldout->x(i)), near_y.insert(near_y.end(), {heldout->y(i, 0), heldout->y(i, 1)});
        evaluation.ring_heldout_f_inf(s) = mean_in_order(continuous_f_inf(model, near_x, near_y));
    }
}

xt::xtensor<double, 1> as_one(double value) { return xt::xtensor<double, 1>({value}); }

}  // namespace

ModelEvaluation evaluate_model(const Model& model, const HornShape& generator, const DataSet* heldout) {
    ModelEvaluation evaluation;
    evaluation.noise_floor = 2 * generator.sigma * generator.sigma;
    if (heldout) {
        const std::vector<double> x(heldout->x.begin(), heldout->x.end()), y(heldout->y.begin(), heldout->y.end());
        evaluation.heldout_f_inf = mean_in_order(continuous_f_inf(model, x, y));
    }
    hold_against_rings(evaluation, model, generator, heldout);
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
    write("ring_x", evaluation.ring_x, "inputs x where F_inf is held against the ring, (3)");
    if (evaluation.heldout_f_inf)
        write("ring_heldout_f_inf", evaluation.ring_heldout_f_inf,
              "mean F_inf of the held-out samples within 0.05 of each ring_x, (3)");
    write("centre_f_inf", evaluation.centre_f_inf, "F_inf at the ring's centre y = (0, 0), (3)");
    write("off_ring_f_inf", evaluation.off_ring_f_inf,
          "least F_inf of 16 points 1.5 rho(x) (cos phi, sin phi) from the centre, (3)");
    if (!evaluation.has_predictor_truth) return;
    write("x", evaluation.x, "inputs 0:1/50:1, (X)");
    write("rho", evaluation.rho, "the generator's semi-axes rho(x), (X, 2)");
    write("f_abs", evaluation.f_abs, "the model's |f(x)|, (X, 2)");
    write("relative_error", evaluation.relative_error, "(|f(x)| - rho(x)) / rho(x), (X, 2)");
    write("max_relative_error", as_one(evaluation.max_relative_error), "the largest |relative_error|, (1)");
}

}  // namespace ebm

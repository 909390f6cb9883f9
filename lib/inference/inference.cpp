// Inference ž = argmin_z E(y, z) by exhaustive search, line search, gradient
// descent, conjugate gradient, L-BFGS or the exact distance.
//
// Legend: Z grid latents; z̃ start; ž result; L the curvature bound of the header.
// The optimisers (Brent, CG, L-BFGS) are the libraries'; what is ours is the
// energy, the bookkeeping of paths and counts, and plain gradient descent.
#include "inference.hpp"

#include "name_table.hpp"

#include "ellipse_distance.hpp"

#include <boost/math/tools/minima.hpp>
#include <dlib/optimization.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ebm {

namespace {

constexpr NameTable<InferenceMethod, 6> method_names{"inference method",
                                                    {{{InferenceMethod::exhaustive, "exhaustive"},
                                                      {InferenceMethod::line_search, "line-search"},
                                                      {InferenceMethod::gd, "gd"},
                                                      {InferenceMethod::cg, "cg"},
                                                      {InferenceMethod::lbfgs, "lbfgs"},
                                                      {InferenceMethod::exact, "exact"}}}};

// E(y, ·) and ∂E/∂z(y, ·), counting their evaluations.
class CountedEnergy {
public:
    CountedEnergy(const EllipseParams& params, const Vec2& y) : params_(params), y_(y) {}
    double energy(double z) {
        ++energy_evaluations;
        return energy_forward(params_, y_, z);
    }
    double dz(double z) {
        ++gradient_evaluations;
        return energy_dz(params_, y_, z);
    }
    std::size_t energy_evaluations = 0;
    std::size_t gradient_evaluations = 0;

private:
    EllipseParams params_;
    Vec2 y_;
};

InferenceResult finish(CountedEnergy& objective, double z_final, std::vector<double> path,
                       std::size_t iterations) {
    InferenceResult result;
    result.f_inf = objective.energy(z_final);
    result.z_check = wrap_angle(z_final);
    result.path = std::move(path);
    result.iterations = iterations;
    result.energy_evaluations = objective.energy_evaluations;
    result.gradient_evaluations = objective.gradient_evaluations;
    return result;
}

// The grid's first minimiser, with the path of improvements from z_0.
struct GridSearch {
    double z_best;
    double energy_best;
    std::vector<double> path;
};
GridSearch search_grid(CountedEnergy& objective, std::size_t latent_count) {
    const xt::xtensor<double, 1> latents = latent_grid(latent_count);  // (Z)
    GridSearch search{latents(0), objective.energy(latents(0)), {latents(0)}};
    for (std::size_t k = 1; k < latent_count; ++k) {
        const double energy = objective.energy(latents(k));
        if (energy < search.energy_best) {  // strict: ties keep the first minimiser
            search.z_best = latents(k);
            search.energy_best = energy;
            search.path.push_back(latents(k));
        }
    }
    return search;
}

InferenceResult infer_exhaustive(CountedEnergy& objective, const InferenceOptions& options) {
    GridSearch search = search_grid(objective, options.latent_count);
    InferenceResult result;
    result.z_check = search.z_best;  // grid values are already in [0, 2π)
    result.f_inf = search.energy_best;
    result.path = std::move(search.path);
    result.iterations = options.latent_count;
    result.energy_evaluations = objective.energy_evaluations;
    result.gradient_evaluations = 0;
    return result;
}

InferenceResult infer_line_search(CountedEnergy& objective, const InferenceOptions& options) {
    GridSearch search = search_grid(objective, options.latent_count);
    const double cell = 2.0 * M_PI / static_cast<double>(options.latent_count);
    std::vector<double> path = std::move(search.path);
    double best_seen = search.energy_best;
    auto energy_on_bracket = [&](double z) {
        const double energy = objective.energy(z);
        if (energy < best_seen) {
            best_seen = energy;
            path.push_back(z);
        }
        return energy;
    };
    // Brent cannot place a minimum closer than √ε (E is flat to second order
    // there), so asking for all 53 bits gets its best: boost caps them at 26.
    boost::uintmax_t iterations = options.max_iterations;
    const std::pair<double, double> minimum = boost::math::tools::brent_find_minima(
        energy_on_bracket, search.z_best - cell, search.z_best + cell,
        std::numeric_limits<double>::digits, iterations);
    // Brent returns the best point it evaluated, unless the grid point was better
    // still (it can be, to the last bit, when the minimum sits on the grid).
    const double z_final = minimum.second < search.energy_best ? minimum.first : search.z_best;
    if (path.back() != z_final) path.push_back(z_final);
    return finish(objective, z_final, std::move(path), static_cast<std::size_t>(iterations));
}

double curvature_bound(const EllipseParams& params, const Vec2& y) {
    return 2.0 * std::abs(y[0] * params.w1) + 2.0 * std::abs(y[1] * params.w2) +
           2.0 * std::abs(params.w1 * params.w1 - params.w2 * params.w2);
}

InferenceResult infer_gd(CountedEnergy& objective, const EllipseParams& params, const Vec2& y,
                         const InferenceOptions& options) {
    double z = options.z_start;
    std::vector<double> path{z};
    const double bound = curvature_bound(params, y);
    // L = 0 only when E is constant in z (y at the centre of a circle): no step to take.
    const double step = options.gd_step > 0.0 ? options.gd_step : (bound > 0.0 ? 1.0 / bound : 0.0);
    std::size_t iterations = 0;
    while (iterations < options.max_iterations) {
        const double gradient = objective.dz(z);
        if (std::abs(gradient) <= options.gradient_tolerance || step == 0.0) break;
        z -= step * gradient;
        path.push_back(z);
        ++iterations;
    }
    return finish(objective, z, std::move(path), iterations);
}

// dlib's stop strategy, called once per iteration with the current iterate:
// the natural place to record the path. dlib copies it, so the path lives outside.
class PathRecordingStop {
public:
    PathRecordingStop(std::vector<double>& path, std::size_t max_iterations, double gradient_tolerance)
        : path_(&path), max_iterations_(max_iterations), gradient_tolerance_(gradient_tolerance) {}

    template <typename Vector>
    bool should_continue_search(const Vector& z, double energy, const Vector& gradient) {
        path_->push_back(z(0));
        const std::size_t iterations = path_->size() - 1;
        if (std::abs(gradient(0)) <= gradient_tolerance_) return false;
        if (iterations >= max_iterations_) return false;
        // The line search could not lower E any more: E is at its rounding floor.
        if (iterations > 0 && !(energy < previous_energy_)) return false;
        previous_energy_ = energy;
        return true;
    }

private:
    std::vector<double>* path_;
    std::size_t max_iterations_;
    double gradient_tolerance_;
    double previous_energy_ = std::numeric_limits<double>::infinity();
};

template <typename SearchStrategy>
InferenceResult infer_dlib(CountedEnergy& objective, const InferenceOptions& options,
                           SearchStrategy strategy) {
    using Column = dlib::matrix<double, 0, 1>;
    Column z(1);
    z(0) = options.z_start;
    std::vector<double> path;
    auto energy = [&](const Column& at) { return objective.energy(at(0)); };
    auto gradient = [&](const Column& at) {
        Column g(1);
        g(0) = objective.dz(at(0));
        return g;
    };
    // E ≥ 0, so 0 is a true lower bound: dlib may stop as soon as it reaches it.
    dlib::find_min(strategy, PathRecordingStop(path, options.max_iterations, options.gradient_tolerance),
                   energy, gradient, z, 0.0);
    const std::size_t iterations = path.size() - 1;
    if (path.back() != z(0)) path.push_back(z(0));
    return finish(objective, z(0), std::move(path), iterations);
}

InferenceResult infer_exact(const EllipseParams& params, const Vec2& y) {
    const EllipseDistance distance = ellipse_distance(params, y);
    InferenceResult result;
    result.z_check = distance.z;
    result.f_inf = distance.squared_distance;
    result.path = {distance.z};
    result.iterations = distance.iterations;
    result.energy_evaluations = 0;
    result.gradient_evaluations = 0;
    return result;
}

}  // namespace

const std::vector<InferenceMethod>& all_inference_methods() {
    static const auto table = method_names.values();
    static const std::vector<InferenceMethod> methods(table.begin(), table.end());
    return methods;
}

std::string inference_method_name(InferenceMethod method) { return method_names.name(method); }
std::string inference_method_names() { return method_names.allowed(); }
InferenceMethod parse_inference_method(const std::string& name) { return method_names.parse(name); }

void check_inference_options(const InferenceOptions& options) {
    auto fail = [](const char* option, const std::string& allowed, double value) {
        std::ostringstream message;
        message << "inference option " << option << " must be " << allowed << ", got " << value;
        throw std::invalid_argument(message.str());
    };
    if (options.latent_count == 0) fail("latent_count", "at least 1", 0.0);
    if (options.max_iterations == 0) fail("max_iterations", "at least 1", 0.0);
    if (!std::isfinite(options.z_start)) fail("z_start", "finite", options.z_start);
    if (!(options.gradient_tolerance >= 0.0) || !std::isfinite(options.gradient_tolerance)) {
        fail("gradient_tolerance", "finite and >= 0", options.gradient_tolerance);
    }
    if (!(options.gd_step >= 0.0) || !std::isfinite(options.gd_step)) {
        fail("gd_step", "finite and >= 0 (0 picks 1/L)", options.gd_step);
    }
}

InferenceResult infer(const EllipseParams& params, const Vec2& y, InferenceMethod method,
                      const InferenceOptions& options) {
    check_inference_options(options);
    if (!std::isfinite(params.w1) || !std::isfinite(params.w2) || !std::isfinite(y[0]) || !std::isfinite(y[1])) {
        std::ostringstream message;
        message << "infer: w and y must be finite, got w = (" << params.w1 << ", " << params.w2 << "), y = ("
                << y[0] << ", " << y[1] << ")";
        throw std::invalid_argument(message.str());
    }
    CountedEnergy objective(params, y);
    switch (method) {
        case InferenceMethod::exhaustive:
            return infer_exhaustive(objective, options);
        case InferenceMethod::line_search:
            return infer_line_search(objective, options);
        case InferenceMethod::gd:
            return infer_gd(objective, params, y, options);
        case InferenceMethod::cg:
            return infer_dlib(objective, options, dlib::cg_search_strategy());
        case InferenceMethod::lbfgs:
            // In one dimension a single (step, gradient change) pair is all the
            // curvature there is; dlib's usual memory of 10 changes nothing.
            return infer_dlib(objective, options, dlib::lbfgs_search_strategy(10));
        case InferenceMethod::exact:
            return infer_exact(params, y);
    }
    throw std::invalid_argument("infer: unknown inference method " +
                                std::to_string(static_cast<int>(method)));
}

}  // namespace ebm

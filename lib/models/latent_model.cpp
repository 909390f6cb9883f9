// Energy (III), the multi-dimensional latent; legend and formulas in latent_model.hpp.
#include "latent_model.hpp"

#include "free_energy.hpp"
#include "random_streams.hpp"
#include "rng.hpp"

#include <dlib/optimization.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace ebm {

namespace {

struct LatentCache final : FreeEnergyCache {
    std::size_t rows = 0;           // R
    MlpActivations predictor;       // f over the R inputs x
    MlpActivations decoder;         // g over the R rows [f(x_r), ž_r]
    std::vector<double> decoder_input;  // (R, D+d)
    std::vector<double> y;          // (R, 2)
    std::vector<double> ddecoder;   // (R, 2) scratch of backward
    std::vector<double> ddecoder_input;  // (R, D+d)
    std::vector<double> dpredictor;  // (R, D)
};

using Column = dlib::matrix<double, 0, 1>;

// E(z) and ∂E/∂z at one (f(x), y), for the searches: both from one pass of g,
// remembered for the last z (dlib asks for the value, then the gradient, at
// the same point).
class LatentObjective {
public:
    LatentObjective(const LatentModel& model, const double* f, const Vec2& y)
        : model_(model), y_(y), D_(model.config().predictor_width), d_(model.config().latent_dim),
          input_(D_ + d_), dinput_(D_ + d_), gradient_(d_) {
        std::copy(f, f + D_, input_.begin());
    }

    // E(z); gradient() then holds ∂E/∂z (d).
    double evaluate(const double* z) {
        if (has_last_ && std::equal(z, z + d_, input_.begin() + D_)) return value_;
        std::copy(z, z + d_, input_.begin() + D_);
        ++evaluations;
        const double* theta_g = model_.parameters().data() + model_.decoder_offset();
        model_.decoder().forward(pass_, theta_g, input_.data(), 1);
        const double* g = pass_.output();
        const double r1 = y_[0] - g[0], r2 = y_[1] - g[1];
        value_ = r1 * r1 + r2 * r2 + model_.config().lambda * model_.regularizer(z);
        const double dg[2] = {-2.0 * r1, -2.0 * r2};
        std::fill(dinput_.begin(), dinput_.end(), 0.0);
        model_.decoder().backward(nullptr, dinput_.data(), dg, pass_, theta_g);
        model_.regularizer_gradient(gradient_.data(), z);
        for (std::size_t i = 0; i < d_; ++i) gradient_[i] += dinput_[D_ + i];
        has_last_ = true;
        return value_;
    }
    const std::vector<double>& gradient() const { return gradient_; }
    std::size_t evaluations = 0;

private:
    const LatentModel& model_;
    Vec2 y_;
    std::size_t D_, d_;
    std::vector<double> input_, dinput_, gradient_;  // (D+d), (D+d), (d)
    MlpActivations pass_;
    double value_ = 0;
    bool has_last_ = false;
};

double norm(const double* z, std::size_t d) {
    double sum = 0;
    for (std::size_t i = 0; i < d; ++i) sum += z[i] * z[i];
    return std::sqrt(sum);
}
double norm(const std::vector<double>& v) { return norm(v.data(), v.size()); }

// dlib's stop strategy: gradient small, too many iterations, or no progress.
class LatentStop {
public:
    LatentStop(std::size_t max_iterations, double gradient_tolerance)
        : max_iterations_(max_iterations), gradient_tolerance_(gradient_tolerance) {}
    template <typename Vector>
    bool should_continue_search(const Vector&, double energy, const Vector& gradient) {
        if (std::sqrt(dlib::sum(dlib::squared(gradient))) <= gradient_tolerance_) return false;
        if (iterations_++ >= max_iterations_) return false;
        if (iterations_ > 1 && !(energy < previous_)) return false;
        previous_ = energy;
        return true;
    }

private:
    std::size_t max_iterations_;
    double gradient_tolerance_;
    std::size_t iterations_ = 0;
    double previous_ = std::numeric_limits<double>::infinity();
};

// One search from z (d), which it leaves at the minimiser found; returns E there.
double search_from(LatentObjective& objective, std::vector<double>& z, const LatentSearch& search) {
    const std::size_t d = z.size();
    if (search.method == LatentMethod::gd) {
        double energy = objective.evaluate(z.data());
        std::vector<double> gradient = objective.gradient(), trial(d);
        double step = 1.0;
        for (std::size_t iteration = 0; iteration < search.max_iterations; ++iteration) {
            const double gradient_norm = norm(gradient);
            if (gradient_norm <= search.gradient_tolerance) break;
            bool accepted = false;
            while (step > 1e-20) {
                for (std::size_t i = 0; i < d; ++i) trial[i] = z[i] - step * gradient[i];
                const double trial_energy = objective.evaluate(trial.data());
                if (trial_energy <= energy - 1e-4 * step * gradient_norm * gradient_norm) {
                    z = trial;
                    energy = trial_energy;
                    gradient = objective.gradient();
                    step *= 2.0;
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) break;
        }
        return energy;
    }
    Column at(static_cast<long>(d));
    for (std::size_t i = 0; i < d; ++i) at(long(i)) = z[i];
    const auto value = [&](const Column& point) { return objective.evaluate(&point(0)); };
    const auto derivative = [&](const Column& point) {
        objective.evaluate(&point(0));
        Column gradient(static_cast<long>(d));
        for (std::size_t i = 0; i < d; ++i) gradient(long(i)) = objective.gradient()[i];
        return gradient;
    };
    const LatentStop stop(search.max_iterations, search.gradient_tolerance);
    // E ≥ 0 is a true lower bound: dlib may stop on reaching it.
    if (search.method == LatentMethod::cg)
        dlib::find_min(dlib::cg_search_strategy(), stop, value, derivative, at, 0.0);
    else
        dlib::find_min(dlib::lbfgs_search_strategy(10), stop, value, derivative, at, 0.0);
    for (std::size_t i = 0; i < d; ++i) z[i] = at(long(i));
    return objective.evaluate(z.data());
}

LatentInference infer_with(const LatentModel& model, const double* f, const Vec2& y, const LatentSearch& search,
                           const std::vector<double>& starts) {
    const std::size_t d = model.config().latent_dim, K = starts.size() / d;
    LatentObjective objective(model, f, y);
    LatentInference best{std::vector<double>(d, 0.0), std::numeric_limits<double>::infinity(), 0};
    for (std::size_t k = 0; k < K; ++k) {
        std::vector<double> z(starts.begin() + long(k * d), starts.begin() + long((k + 1) * d));
        const double energy = search_from(objective, z, search);
        if (energy < best.f_inf || k == 0) best.f_inf = energy, best.z_check = z;
    }
    best.energy_evaluations = objective.evaluations;
    return best;
}

}  // namespace

std::vector<double> latent_starts(const LatentSearch& search, std::size_t latent_dim) {
    std::vector<double> starts(search.starts * latent_dim, 0.0);  // (K, d): row 0 is z = 0
    Rng rng(derive_seed(search.seed, random_stream::latent_starts));
    for (std::size_t i = latent_dim; i < starts.size(); ++i) starts[i] = rng.normal(0.0, search.start_scale);
    return starts;
}

LatentModel::LatentModel(const NetworkConfig& config)
    : NetworkModel(config, Mlp({1, config.predictor_hidden, config.predictor_hidden, config.predictor_width}),
                   {Mlp({config.predictor_width + config.latent_dim, config.decoder_hidden, config.decoder_hidden, 2})}),
      starts_(latent_starts(config.search, config.latent_dim)) {
    if (config.kind != NetworkKind::latent) throw std::invalid_argument("LatentModel: config is not latent");
}

double LatentModel::regularizer(const double* z) const {
    const std::size_t d = config_.latent_dim;
    double sum = 0;
    switch (config_.regularizer) {
        case RegularizerKind::l2:
            for (std::size_t i = 0; i < d; ++i) sum += z[i] * z[i];
            return sum;
        case RegularizerKind::l1:
            for (std::size_t i = 0; i < d; ++i) sum += std::abs(z[i]);
            return sum;
        case RegularizerKind::shell: {
            const double off = norm(z, d) - 1.0;
            return off * off;
        }
    }
    throw std::logic_error("unknown regularizer");
}

void LatentModel::regularizer_gradient(double* gradient, const double* z) const {
    const std::size_t d = config_.latent_dim;
    const double lambda = config_.lambda, length = norm(z, d);
    for (std::size_t i = 0; i < d; ++i) switch (config_.regularizer) {
            case RegularizerKind::l2: gradient[i] = lambda * 2.0 * z[i]; break;
            case RegularizerKind::l1: gradient[i] = lambda * (z[i] > 0.0 ? 1.0 : (z[i] < 0.0 ? -1.0 : 0.0)); break;
            case RegularizerKind::shell: gradient[i] = length > 0 ? lambda * 2.0 * (1.0 - 1.0 / length) * z[i] : 0.0; break;
        }
}

LatentInference LatentModel::infer(double x, const Vec2& y, const LatentSearch& search) const {
    const auto f = predict(x);
    const bool own = search.starts == config_.search.starts && search.seed == config_.search.seed &&
                     search.start_scale == config_.search.start_scale;
    return infer_with(*this, f.data(), y, search, own ? starts_ : latent_starts(search, config_.latent_dim));
}

std::unique_ptr<FreeEnergyCache> LatentModel::make_cache() const { return std::make_unique<LatentCache>(); }

void LatentModel::free_energy_forward(double* free_energy, FreeEnergyCache& base, const double* x, const double* y,
                                      std::size_t R, double beta) const {
    check_beta(beta);
    if (beta != zero_temperature_beta)
        throw std::invalid_argument("the latent model's free energy is F∞ only (β = inf): F_β over R^d has no grid");
    auto& cache = static_cast<LatentCache&>(base);
    const std::size_t D = config_.predictor_width, d = config_.latent_dim, U = D + d;
    cache.rows = R;
    cache.y.assign(y, y + 2 * R);
    predictor_.forward(cache.predictor, parameters_.data(), x, R);
    const double* f = cache.predictor.output();  // (R, D)
    cache.decoder_input.resize(R * U);
    for (std::size_t r = 0; r < R; ++r) {
        const LatentInference found = infer_with(*this, f + r * D, {y[2 * r], y[2 * r + 1]}, config_.search, starts_);
        std::copy(f + r * D, f + (r + 1) * D, &cache.decoder_input[r * U]);
        std::copy(found.z_check.begin(), found.z_check.end(), &cache.decoder_input[r * U + D]);
        free_energy[r] = found.f_inf;
    }
    decoder().forward(cache.decoder, parameters_.data() + decoder_offset_, cache.decoder_input.data(), R);
}

void LatentModel::free_energy_backward(double* dparams, const double* dfree_energy, FreeEnergyCache& base) const {
    auto& cache = static_cast<LatentCache&>(base);
    const std::size_t R = cache.rows, D = config_.predictor_width, U = D + config_.latent_dim;
    const double* g = cache.decoder.output();  // (R, 2)
    cache.ddecoder.assign(2 * R, 0.0);
    for (std::size_t r = 0; r < R; ++r) {
        cache.ddecoder[2 * r] = dfree_energy[r] * -2.0 * (cache.y[2 * r] - g[2 * r]);
        cache.ddecoder[2 * r + 1] = dfree_energy[r] * -2.0 * (cache.y[2 * r + 1] - g[2 * r + 1]);
    }
    cache.ddecoder_input.assign(R * U, 0.0);
    decoder().backward(dparams + decoder_offset_, cache.ddecoder_input.data(), cache.ddecoder.data(), cache.decoder,
                       parameters_.data() + decoder_offset_);
    cache.dpredictor.resize(R * D);
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t i = 0; i < D; ++i) cache.dpredictor[r * D + i] = cache.ddecoder_input[r * U + i];
    predictor_.backward(dparams, nullptr, cache.dpredictor.data(), cache.predictor, parameters_.data());
}

std::vector<double> LatentModel::z_check(const FreeEnergyCache& base, std::size_t r) const {
    const auto& cache = static_cast<const LatentCache&>(base);
    const std::size_t D = config_.predictor_width, U = D + config_.latent_dim;
    const double* u = &cache.decoder_input.at(r * U);
    return std::vector<double>(u + D, u + U);
}

double LatentModel::energy(double x, const Vec2& y, const double* z) const {
    double y_tilde[2];
    decode(y_tilde, x, z, 1);
    const double r1 = y[0] - y_tilde[0], r2 = y[1] - y_tilde[1];
    return r1 * r1 + r2 * r2 + config_.lambda * regularizer(z);
}

void LatentModel::energy_backward(double* dparams, double* dz, double x, const Vec2& y, const double* z) const {
    const std::size_t D = config_.predictor_width, d = config_.latent_dim, U = D + d;
    const double* theta_g = parameters_.data() + decoder_offset_;
    MlpActivations f_pass, g_pass;
    predictor_.forward(f_pass, parameters_.data(), &x, 1);
    std::vector<double> u(f_pass.output(), f_pass.output() + D);  // (D+d)
    u.insert(u.end(), z, z + d);
    decoder().forward(g_pass, theta_g, u.data(), 1);
    const double dg[2] = {-2.0 * (y[0] - g_pass.output()[0]), -2.0 * (y[1] - g_pass.output()[1])};
    std::vector<double> du(U, 0.0);
    decoder().backward(dparams ? dparams + decoder_offset_ : nullptr, du.data(), dg, g_pass, theta_g);
    if (dz != nullptr) {
        regularizer_gradient(dz, z);
        for (std::size_t i = 0; i < d; ++i) dz[i] += du[D + i];
    }
    if (dparams != nullptr) predictor_.backward(dparams, nullptr, du.data(), f_pass, parameters_.data());
}

void LatentModel::decode(double* y_tilde, double x, const double* z, std::size_t K) const {
    const std::size_t D = config_.predictor_width, d = config_.latent_dim, U = D + d;
    const auto f = predict(x);
    std::vector<double> u(K * U);  // (K, D+d)
    for (std::size_t k = 0; k < K; ++k) {
        std::copy(f.begin(), f.end(), &u[k * U]);
        std::copy(z + k * d, z + (k + 1) * d, &u[k * U + D]);
    }
    MlpActivations g_pass;
    decoder().forward(g_pass, parameters_.data() + decoder_offset_, u.data(), K);
    std::copy(g_pass.output(), g_pass.output() + 2 * K, y_tilde);
}

}  // namespace ebm

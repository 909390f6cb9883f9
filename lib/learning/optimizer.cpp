// SGD with momentum and Adam; update rules and legend in optimizer.hpp.
#include "optimizer.hpp"

#include "name_table.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ebm {

namespace {

[[noreturn]] void throw_out_of_range(const char* parameter, double value, const char* allowed) {
    std::ostringstream message;
    message << "optimizer parameter " << parameter << " = " << value << " is out of range: it must be "
            << allowed;
    throw std::invalid_argument(message.str());
}

constexpr NameTable<OptimizerKind, 2> optimizer_names{"optimizer",
                                                      {{{OptimizerKind::sgd, "sgd"}, {OptimizerKind::adam, "adam"}}}};

// A conjunction of comparisons, so that NaN lies in no interval.
bool in_unit_interval(double x) { return 0.0 <= x && x < 1.0; }

}  // namespace

// ---- names and validation ------------------------------------------------------

std::string optimizer_name(OptimizerKind kind) { return optimizer_names.name(kind); }
std::string allowed_optimizer_names() { return optimizer_names.allowed(); }
OptimizerKind optimizer_kind_from_name(const std::string& name) { return optimizer_names.parse(name); }

void validate_optimizer_params(const OptimizerParams& params) {
    if (!(params.learning_rate > 0.0) || !std::isfinite(params.learning_rate)) {
        throw_out_of_range("learning_rate", params.learning_rate, "finite and > 0");
    }
    // μ ≥ 1 makes the velocity a growing sum of all past gradients.
    if (!in_unit_interval(params.momentum)) throw_out_of_range("momentum", params.momentum, "in [0, 1)");
    if (!in_unit_interval(params.beta1)) throw_out_of_range("beta1", params.beta1, "in [0, 1)");
    if (!in_unit_interval(params.beta2)) throw_out_of_range("beta2", params.beta2, "in [0, 1)");
    if (!(params.epsilon > 0.0) || !std::isfinite(params.epsilon)) {
        throw_out_of_range("epsilon", params.epsilon, "finite and > 0");
    }
}

// ---- shared --------------------------------------------------------------------

Optimizer::Optimizer(const OptimizerParams& params, std::size_t parameter_count)
    : parameter_count_(parameter_count), learning_rate_(params.learning_rate) {
    validate_optimizer_params(params);
}

OptimizerState Optimizer::state() const {
    OptimizerState state;
    save(state);
    return state;
}

void Optimizer::check_sizes(const std::vector<double>& parameters, const std::vector<double>& gradient) const {
    if (parameters.size() != parameter_count_ || gradient.size() != parameter_count_) {
        throw std::invalid_argument("optimizer step: expected " + std::to_string(parameter_count_) +
                                    " parameters and gradient entries, got " +
                                    std::to_string(parameters.size()) + " and " +
                                    std::to_string(gradient.size()));
    }
}

const std::vector<double>& Optimizer::checked_buffer(const OptimizerState& state, OptimizerKind expected_kind,
                                                     const std::string& name) const {
    if (state.kind != expected_kind) {
        throw std::invalid_argument("cannot restore a '" + optimizer_name(state.kind) +
                                    "' optimizer state into a '" + optimizer_name(expected_kind) +
                                    "' optimizer");
    }
    const auto found = state.buffers.find(name);
    if (found == state.buffers.end()) {
        throw std::invalid_argument("optimizer state of '" + optimizer_name(expected_kind) +
                                    "' lacks the buffer '" + name + "'");
    }
    if (found->second.size() != parameter_count_) {
        throw std::invalid_argument("optimizer state buffer '" + name + "' has " +
                                    std::to_string(found->second.size()) + " entries, expected " +
                                    std::to_string(parameter_count_));
    }
    return found->second;
}

// ---- SGD with momentum ---------------------------------------------------------

SgdMomentum::SgdMomentum(const OptimizerParams& params, std::size_t parameter_count)
    : Optimizer(params, parameter_count), momentum_(params.momentum), velocity_(parameter_count, 0.0) {}

void SgdMomentum::step(std::vector<double>& parameters, const std::vector<double>& gradient) {
    check_sizes(parameters, gradient);
    for (std::size_t i = 0; i < parameter_count_; ++i) {
        // From v = 0 the first step gives μ·0 + g = g exactly: PyTorch's
        // "buffer = clone(grad)" on step 1, with no special case.
        velocity_[i] = momentum_ * velocity_[i] + gradient[i];
        parameters[i] -= learning_rate_ * velocity_[i];
    }
    ++step_count_;
}

void SgdMomentum::save(OptimizerState& state) const {
    state.kind = OptimizerKind::sgd;
    state.step_count = step_count_;
    state.buffers.erase("exp_avg"), state.buffers.erase("exp_avg_sq");
    state.buffers["velocity"] = velocity_;
}

void SgdMomentum::restore(const OptimizerState& state) {
    velocity_ = checked_buffer(state, OptimizerKind::sgd, "velocity");
    step_count_ = state.step_count;
}

// ---- Adam ------------------------------------------------------------------------

Adam::Adam(const OptimizerParams& params, std::size_t parameter_count)
    : Optimizer(params, parameter_count),
      beta1_(params.beta1),
      beta2_(params.beta2),
      epsilon_(params.epsilon),
      exp_avg_(parameter_count, 0.0),
      exp_avg_sq_(parameter_count, 0.0) {}

void Adam::step(std::vector<double>& parameters, const std::vector<double>& gradient) {
    check_sizes(parameters, gradient);
    ++step_count_;
    // The bias corrections undo the pull of the zero initial m and s towards 0
    // during the first ~1/(1 − β) steps.
    const double t = static_cast<double>(step_count_);
    const double bias_correction1 = 1.0 - std::pow(beta1_, t);
    const double bias_correction2 = 1.0 - std::pow(beta2_, t);
    const double step_size = learning_rate_ / bias_correction1;
    const double bias_correction2_sqrt = std::sqrt(bias_correction2);
    for (std::size_t i = 0; i < parameter_count_; ++i) {
        exp_avg_[i] = beta1_ * exp_avg_[i] + (1.0 - beta1_) * gradient[i];
        exp_avg_sq_[i] = beta2_ * exp_avg_sq_[i] + (1.0 - beta2_) * gradient[i] * gradient[i];
        const double denominator = std::sqrt(exp_avg_sq_[i]) / bias_correction2_sqrt + epsilon_;
        parameters[i] -= step_size * (exp_avg_[i] / denominator);
    }
}

void Adam::save(OptimizerState& state) const {
    state.kind = OptimizerKind::adam;
    state.step_count = step_count_;
    state.buffers.erase("velocity");
    state.buffers["exp_avg"] = exp_avg_;
    state.buffers["exp_avg_sq"] = exp_avg_sq_;
}

void Adam::restore(const OptimizerState& state) {
    // Check both before assigning either, so a bad state leaves this one intact.
    const auto& exp_avg = checked_buffer(state, OptimizerKind::adam, "exp_avg");
    const auto& exp_avg_sq = checked_buffer(state, OptimizerKind::adam, "exp_avg_sq");
    exp_avg_ = exp_avg;
    exp_avg_sq_ = exp_avg_sq;
    step_count_ = state.step_count;
}

// ---- factory ---------------------------------------------------------------------

std::unique_ptr<Optimizer> make_optimizer(const OptimizerParams& params, std::size_t parameter_count) {
    switch (params.kind) {
        case OptimizerKind::sgd: return std::make_unique<SgdMomentum>(params, parameter_count);
        case OptimizerKind::adam: return std::make_unique<Adam>(params, parameter_count);
    }
    throw std::invalid_argument("make_optimizer: OptimizerKind value " +
                                std::to_string(static_cast<int>(params.kind)) + " has no optimizer");
}

}  // namespace ebm

// First-order optimizers over a flat parameter vector: SGD with momentum, Adam.
//
// Legend
//   P       number of parameters (the model flattens its own, e.g. w = (w1, w2))
//   p, g    parameters and the gradient of the batch loss, both (P)
//   t       step count: steps taken so far (t = 1 during the first step)
//   lr      learning rate
//
// Both follow PyTorch's torch.optim semantics (dampening 0, no weight decay,
// no Nesterov, no AMSGrad), so a run can be compared with a PyTorch script:
//   sgd   v ← μ v + g ;  p ← p − lr v                         (v starts at 0, so v₁ = g)
//   adam  m ← β1 m + (1 − β1) g ;  s ← β2 s + (1 − β2) g² ;
//         p ← p − (lr / (1 − β1ᵗ)) · m / ( √s / √(1 − β2ᵗ) + ε )
//
// Everything an optimizer carries between steps is in OptimizerState, as plain
// vectors: a checkpoint stores it and a restored optimizer continues
// bit-identically, because each step is a fixed sequence of IEEE operations on
// (p, g, state) alone.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ebm {

enum class OptimizerKind { sgd, adam };

// Command-line names: "sgd", "adam".
std::string optimizer_name(OptimizerKind kind);
// Throws std::invalid_argument naming the bad name and the allowed ones.
OptimizerKind optimizer_kind_from_name(const std::string& name);
std::string allowed_optimizer_names();  // "sgd|adam"

struct OptimizerParams {
    OptimizerKind kind = OptimizerKind::sgd;
    double learning_rate = 0.01;  // lr > 0
    double momentum = 0.0;        // sgd's μ in [0, 1); 0 is plain gradient descent
    double beta1 = 0.9;           // adam, in [0, 1)
    double beta2 = 0.999;         // adam, in [0, 1)
    double epsilon = 1e-8;        // adam's ε > 0 (0 would give 0/0 where g has been 0)
};

// Throws std::invalid_argument naming the first bad parameter, its value and
// the allowed range. All are checked whatever the kind.
void validate_optimizer_params(const OptimizerParams& params);

// The whole state of an optimizer between steps.
struct OptimizerState {
    OptimizerKind kind = OptimizerKind::sgd;
    std::uint64_t step_count = 0;
    // sgd: "velocity"; adam: "exp_avg" (m), "exp_avg_sq" (s) — PyTorch's names.
    std::map<std::string, std::vector<double>> buffers;  // each (P)
};

class Optimizer {
public:
    virtual ~Optimizer() = default;

    // One update of parameters (P) from gradient (P). Throws
    // std::invalid_argument if either size is not P.
    virtual void step(std::vector<double>& parameters, const std::vector<double>& gradient) = 0;
    OptimizerState state() const;
    // The same into an existing state, reusing its buffers: a trainer saves
    // its optimizer after every step without allocating.
    virtual void save(OptimizerState& state) const = 0;
    // Throws std::invalid_argument if the state is of another kind, or lacks a
    // buffer, or a buffer is not of size P.
    virtual void restore(const OptimizerState& state) = 0;

    std::size_t parameter_count() const { return parameter_count_; }
    std::uint64_t step_count() const { return step_count_; }
    // The learning rate of the next steps (a schedule changes it step by step); lr > 0.
    void set_learning_rate(double learning_rate) { learning_rate_ = learning_rate; }

protected:
    Optimizer(const OptimizerParams& params, std::size_t parameter_count);
    void check_sizes(const std::vector<double>& parameters, const std::vector<double>& gradient) const;
    // The buffer `name` of `state`, checked for kind and size P.
    const std::vector<double>& checked_buffer(const OptimizerState& state, OptimizerKind expected_kind,
                                              const std::string& name) const;

    std::size_t parameter_count_;
    std::uint64_t step_count_ = 0;
    double learning_rate_;
};

class SgdMomentum final : public Optimizer {
public:
    // Validates params (throws std::invalid_argument).
    SgdMomentum(const OptimizerParams& params, std::size_t parameter_count);
    void step(std::vector<double>& parameters, const std::vector<double>& gradient) override;
    void save(OptimizerState& state) const override;
    void restore(const OptimizerState& state) override;

private:
    double momentum_;
    std::vector<double> velocity_;  // (P)
};

class Adam final : public Optimizer {
public:
    // Validates params (throws std::invalid_argument).
    Adam(const OptimizerParams& params, std::size_t parameter_count);
    void step(std::vector<double>& parameters, const std::vector<double>& gradient) override;
    void save(OptimizerState& state) const override;
    void restore(const OptimizerState& state) override;

private:
    double beta1_;
    double beta2_;
    double epsilon_;
    std::vector<double> exp_avg_;     // (P) m: running mean of g
    std::vector<double> exp_avg_sq_;  // (P) s: running mean of g²
};

// The optimizer params.kind names, validated, with zero state.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerParams& params, std::size_t parameter_count);

}  // namespace ebm

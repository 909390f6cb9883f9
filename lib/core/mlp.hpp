// A multilayer perceptron: Linear → ReLU → Linear → ReLU → … → Linear, no
// ReLU after the last layer (PyTorch's nn.Sequential of the same modules).
//
// Legend
//   B       rows of a batch
//   L       linear layers;  w_0 … w_L the widths: layer l maps w_l → w_{l+1}
//   P       parameters, flat: layer 0's weight (w_1, w_0) then its bias (w_1),
//           then layer 1's, …  (the order of nn.Sequential's parameters())
//
// The Mlp is a layout: it owns no parameters. Its functions read them from a
// flat vector, so a model that holds several networks (a predictor f and a
// decoder g) keeps all of them in one vector, which is what the optimizers
// step. Forward caches every layer's input and pre-activation (MlpActivations);
// backward reads that cache and accumulates (+=) ∂L/∂params and, if asked,
// ∂L/∂input.
//
// Model files name each layer as PyTorch's nn.Sequential would: linear layer
// l is module 2l (the ReLUs are the odd modules), so the parameters of
// f = Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→2) are
// /params/f/0/weight (8, 1), /params/f/0/bias (8), /params/f/2/weight (8, 8),
// /params/f/2/bias (8), /params/f/4/weight (2, 8), /params/f/4/bias (2): the
// keys of its state_dict with '.' read as '/'.
#pragma once

#include "parameter_block.hpp"
#include "rng.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace ebm {

// What forward leaves for backward, for one batch of B rows. The layers'
// activations are feature-major (w, B), as linear.hpp computes them; the
// batch and the output the callers see are row-major (B, w).
struct MlpActivations {
    std::size_t rows = 0;                        // B
    std::vector<std::vector<double>> inputs;     // [l]: layer l's input (w_l, B); [0] is the batch
    std::vector<std::vector<double>> outputs;    // [l]: layer l's output (w_{l+1}, B) before any ReLU
    std::vector<std::vector<double>> gradients;  // scratch of backward, (w_l, B) per layer
    std::vector<double> doutput;                 // scratch of backward, (w_L, B)
    std::vector<double> result;                  // the last layer's output, row-major (B, w_L)
    // The network's output (B, w_L).
    const double* output() const { return result.data(); }
    // The same, feature-major (w_L, B): output feature i of the rows at i·B.
    const double* output_features() const { return outputs.back().data(); }
};

class Mlp {
public:
    // widths = {w_0, …, w_L}: at least two, each ≥ 1 (std::invalid_argument otherwise).
    explicit Mlp(std::vector<std::size_t> widths);

    const std::vector<std::size_t>& widths() const { return widths_; }
    std::size_t layer_count() const { return widths_.size() - 1; }  // L
    std::size_t input_width() const { return widths_.front(); }     // w_0
    std::size_t output_width() const { return widths_.back(); }     // w_L
    std::size_t parameter_count() const { return parameter_count_; }  // P
    // Where layer l's weight (w_{l+1}, w_l) and bias (w_{l+1}) start in the flat vector.
    std::size_t weight_offset(std::size_t layer) const { return weight_offsets_.at(layer); }
    std::size_t bias_offset(std::size_t layer) const { return weight_offsets_.at(layer) + widths_[layer + 1] * widths_[layer]; }
    // "Linear(1→8) → ReLU → Linear(8→8) → ReLU → Linear(8→2)"
    std::string describe() const;

    // PyTorch's default initialisation (linear_init), layer by layer. params (P)
    void initialise(double* params, Rng& rng) const;

    // Moves the kinks of every hidden ReLU inside the region the inputs span
    // (B, w_0), keeping the weights: unit i of a hidden layer of width H gets
    // the bias that makes it zero at the q_i-quantile of its pre-activations
    // over the inputs (interpolated between the order statistics),
    // q_i = (i + u_i)/H with u_i ~ U(0, 1) from rng, layer by
    // layer (each with the new biases of the layers below). So every unit is
    // alive on part of the inputs and dead on the rest, and the kinks are
    // spread over the inputs; PyTorch's biases leave many units dead or
    // straight (kink outside the data) on a 1-D input such as x ∈ [0, 1].
    void spread_kinks(double* params, const double* inputs, std::size_t B, Rng& rng) const;

    // input (B, w_0) → activations.output() (B, w_L).
    void forward(MlpActivations& activations, const double* params, const double* input, std::size_t B) const;

    // dparams (P) += ∂L/∂params and, unless dinput is null, dinput (B, w_0) += ∂L/∂input,
    // from doutput (B, w_L) = ∂L/∂output and the activations of the forward pass.
    // dparams may be null when only dinput is wanted.
    void backward(double* dparams, double* dinput, const double* doutput, MlpActivations& activations,
                  const double* params) const;

    // Layer l's weight (w_{l+1}, w_l) and bias (w_{l+1}) as blocks <prefix>/<2l>/weight and
    // <prefix>/<2l>/bias (PyTorch's module numbers), the layout starting at `offset` of a model's vector.
    std::vector<ParameterBlock> parameter_blocks(const std::string& prefix, std::size_t offset) const;

private:
    std::vector<std::size_t> widths_;
    std::vector<std::size_t> weight_offsets_;  // (L)
    std::size_t parameter_count_ = 0;
};

}  // namespace ebm

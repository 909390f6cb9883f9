// The multilayer perceptron; legend in mlp.hpp.
#include "mlp.hpp"

#include "errors.hpp"
#include "linear.hpp"
#include "relu.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ebm {

namespace {

std::string module_path(const std::string& prefix, std::size_t layer, const char* what) {
    return prefix + "/" + std::to_string(2 * layer) + "/" + what;
}

// to (W, B) = from (B, W) transposed: a row-major batch to feature-major, or back with B and W swapped.
void transpose(double* to, const double* from, std::size_t B, std::size_t W) {
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t w = 0; w < W; ++w) to[w * B + b] = from[b * W + w];
}

}  // namespace

Mlp::Mlp(std::vector<std::size_t> widths) : widths_(std::move(widths)) {
    if (widths_.size() < 2) throw std::invalid_argument("an MLP needs at least an input and an output width");
    for (std::size_t width : widths_)
        if (width == 0) throw std::invalid_argument("an MLP's widths must be ≥ 1, got " + shape_text(widths_));
    for (std::size_t l = 0; l + 1 < widths_.size(); ++l) {
        weight_offsets_.push_back(parameter_count_);
        parameter_count_ += widths_[l + 1] * widths_[l] + widths_[l + 1];
    }
}

std::string Mlp::describe() const {
    std::string text;
    for (std::size_t l = 0; l < layer_count(); ++l)
        text += (l ? " → ReLU → " : "") + ("Linear(" + std::to_string(widths_[l]) + "→" + std::to_string(widths_[l + 1]) + ")");
    return text;
}

void Mlp::initialise(double* params, Rng& rng) const {
    for (std::size_t l = 0; l < layer_count(); ++l)
        linear_init(params + weight_offset(l), params + bias_offset(l), widths_[l], widths_[l + 1], rng);
}

void Mlp::spread_kinks(double* params, const double* inputs, std::size_t B, Rng& rng) const {
    if (B == 0) throw std::invalid_argument("spread_kinks needs at least one input");
    MlpActivations activations;
    std::vector<double> preactivations(B);
    for (std::size_t l = 0; l + 1 < layer_count(); ++l) {
        forward(activations, params, inputs, B);
        const std::size_t H = widths_[l + 1];
        double* bias = params + bias_offset(l);
        for (std::size_t i = 0; i < H; ++i) {
            // Row i of layer l's output (H, B) without its bias.
            const double* output = activations.outputs[l].data() + i * B;
            for (std::size_t b = 0; b < B; ++b) preactivations[b] = output[b] - bias[i];
            // The q-quantile, interpolated between order statistics (numpy's default):
            // a kink never sits exactly on one of the inputs.
            const double q = (double(i) + rng.uniform(0.0, 1.0)) / double(H), t = q * double(B - 1);
            const std::size_t below = std::min(B - 1, std::size_t(t));
            std::sort(preactivations.begin(), preactivations.end());
            const double upper = preactivations[std::min(B - 1, below + 1)];
            bias[i] = -(preactivations[below] + (t - double(below)) * (upper - preactivations[below]));
        }
    }
}

void Mlp::forward(MlpActivations& activations, const double* params, const double* input, std::size_t B) const {
    const std::size_t L = layer_count();
    activations.rows = B;
    activations.inputs.resize(L);
    activations.outputs.resize(L);
    activations.inputs[0].resize(B * widths_[0]);
    transpose(activations.inputs[0].data(), input, B, widths_[0]);
    for (std::size_t l = 0; l < L; ++l) {
        auto& out = activations.outputs[l];  // (w_{l+1}, B)
        out.resize(B * widths_[l + 1]);
        linear_forward(out.data(), activations.inputs[l].data(), params + weight_offset(l), params + bias_offset(l), B,
                       widths_[l], widths_[l + 1]);
        if (l + 1 < L) {
            auto& next = activations.inputs[l + 1];  // (w_{l+1}, B)
            next.resize(out.size());
            relu_forward(next.data(), out.data(), out.size());
        }
    }
    activations.result.resize(B * widths_[L]);
    transpose(activations.result.data(), activations.outputs[L - 1].data(), widths_[L], B);
}

void Mlp::backward(double* dparams, double* dinput, const double* doutput, MlpActivations& activations,
                   const double* params) const {
    const std::size_t L = layer_count(), B = activations.rows;
    auto& gradients = activations.gradients;  // [l]: ∂L/∂(layer l's input), (w_l, B)
    gradients.resize(L);
    activations.doutput.resize(B * widths_[L]);  // (w_L, B)
    transpose(activations.doutput.data(), doutput, B, widths_[L]);
    // ∂L/∂(layer l's output): doutput for the last layer, then gradients[l + 1]
    // once the ReLU has masked it (in place).
    const double* doutput_l = activations.doutput.data();  // (w_{l+1}, B)
    for (std::size_t l = L; l-- > 0;) {
        auto& dinp = gradients[l];  // (w_l, B)
        const bool input_wanted = l > 0 || dinput != nullptr;
        if (input_wanted) dinp.resize(B * widths_[l]);
        linear_backward(input_wanted ? dinp.data() : nullptr, dparams ? dparams + weight_offset(l) : nullptr,
                        dparams ? dparams + bias_offset(l) : nullptr, doutput_l, activations.inputs[l].data(),
                        params + weight_offset(l), B, widths_[l], widths_[l + 1]);
        if (l > 0) {
            relu_backward(dinp.data(), dinp.data(), activations.outputs[l - 1].data(), dinp.size());
            doutput_l = dinp.data();
        } else if (dinput != nullptr) {
            for (std::size_t b = 0; b < B; ++b)
                for (std::size_t i = 0; i < widths_[0]; ++i) dinput[b * widths_[0] + i] += dinp[i * B + b];
        }
    }
}

std::vector<ParameterBlock> Mlp::parameter_blocks(const std::string& prefix, std::size_t offset) const {
    std::vector<ParameterBlock> blocks;
    for (std::size_t l = 0; l < layer_count(); ++l) {
        const std::size_t C = widths_[l], OC = widths_[l + 1];
        const std::string role = "layer " + std::to_string(2 * l) + " of /params/" + prefix + " is Linear(" +
                                 std::to_string(C) + "→" + std::to_string(OC) + ")";
        blocks.push_back({module_path(prefix, l, "weight"), {OC, C}, offset + weight_offset(l), role});
        blocks.push_back({module_path(prefix, l, "bias"), {OC}, offset + bias_offset(l), role});
    }
    return blocks;
}

}  // namespace ebm

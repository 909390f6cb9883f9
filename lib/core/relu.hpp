// The rectified linear unit, elementwise: out = max(0, inp).
//
// Legend: N elements (a batch's rows × features, flattened).
#pragma once

#include <cstddef>

namespace ebm {

// out (N) = max(0, inp (N)). out may be inp (in place).
void relu_forward(double* out, const double* inp, std::size_t N);

// dinp (N) = dout (N) · [inp > 0], overwriting dinp (which may be dout: in
// place): the gradient through the ReLU, which is all a layer's input gets,
// so there is nothing to accumulate onto. At the kink inp = 0 the derivative
// taken is 0, as PyTorch's; the finite-difference tests stay off the kink.
void relu_backward(double* dinp, const double* dout, const double* inp, std::size_t N);

}  // namespace ebm

// The rectified linear unit; legend in relu.hpp.
#include "relu.hpp"

namespace ebm {

void relu_forward(double* out, const double* inp, std::size_t N) {
    for (std::size_t i = 0; i < N; ++i) out[i] = inp[i] > 0.0 ? inp[i] : 0.0;
}

void relu_backward(double* dinp, const double* dout, const double* inp, std::size_t N) {
    for (std::size_t i = 0; i < N; ++i)
        if (inp[i] > 0.0) dinp[i] += dout[i];
}

}  // namespace ebm

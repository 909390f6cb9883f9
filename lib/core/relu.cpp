// The rectified linear unit; legend in relu.hpp.
#include "relu.hpp"

#include "vector_clones.hpp"

namespace ebm {

EBM_VECTOR_CLONES
void relu_forward(double* out, const double* inp, std::size_t N) {
    for (std::size_t i = 0; i < N; ++i) out[i] = inp[i] > 0.0 ? inp[i] : 0.0;
}

EBM_VECTOR_CLONES
void relu_backward(double* dinp, const double* dout, const double* inp, std::size_t N) {
    // A select, not a branch: the compiler vectorises it, and the signs of
    // the pre-activations follow no pattern a branch predictor could learn.
    // (dout[i] is read whatever the sign, so that the select needs no branch.)
    for (std::size_t i = 0; i < N; ++i) {
        const double gradient = dout[i];
        dinp[i] = inp[i] > 0.0 ? gradient : 0.0;
    }
}

}  // namespace ebm

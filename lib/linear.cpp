// The fully connected layer; legend in linear.hpp.
#include "linear.hpp"

#include <cmath>

namespace ebm {

void linear_forward(double* out, const double* inp, const double* weight, const double* bias, std::size_t B,
                    std::size_t C, std::size_t OC) {
    for (std::size_t b = 0; b < B; ++b) {
        const double* inp_b = inp + b * C;  // (C)
        double* out_b = out + b * OC;       // (OC)
        for (std::size_t o = 0; o < OC; ++o) {
            const double* weight_o = weight + o * C;  // (C)
            double sum = bias != nullptr ? bias[o] : 0.0;
            for (std::size_t i = 0; i < C; ++i) sum += inp_b[i] * weight_o[i];
            out_b[o] = sum;
        }
    }
}

void linear_backward(double* dinp, double* dweight, double* dbias, const double* dout, const double* inp,
                     const double* weight, std::size_t B, std::size_t C, std::size_t OC) {
    for (std::size_t b = 0; b < B; ++b) {
        const double* dout_b = dout + b * OC;  // (OC)
        const double* inp_b = inp + b * C;     // (C)
        for (std::size_t o = 0; o < OC; ++o) {
            const double d = dout_b[o];
            if (dinp != nullptr) {
                double* dinp_b = dinp + b * C;
                const double* weight_o = weight + o * C;
                for (std::size_t i = 0; i < C; ++i) dinp_b[i] += d * weight_o[i];
            }
            if (dweight != nullptr) {
                double* dweight_o = dweight + o * C;
                for (std::size_t i = 0; i < C; ++i) dweight_o[i] += d * inp_b[i];
            }
            if (dbias != nullptr) dbias[o] += d;
        }
    }
}

void linear_init(double* weight, double* bias, std::size_t C, std::size_t OC, Rng& rng) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(C));
    for (std::size_t k = 0; k < OC * C; ++k) weight[k] = rng.uniform(-bound, bound);
    for (std::size_t o = 0; o < OC; ++o) bias[o] = rng.uniform(-bound, bound);
}

}  // namespace ebm

// The fully connected layer; legend in linear.hpp.
#include "linear.hpp"

#include "blocked_loop.hpp"

#include <cmath>

namespace ebm {

void linear_forward(double* out, const double* inp, const double* weight, const double* bias, std::size_t B,
                    std::size_t C, std::size_t OC) {
    for (std::size_t o = 0; o < OC; ++o) {
        const double* weight_o = weight + o * C;  // (C)
        const double first = bias != nullptr ? bias[o] : 0.0;
        double* out_o = out + o * B;  // (B)
        for_blocks(B, [&](auto n, std::size_t b) {
            constexpr std::size_t N = decltype(n)::value;
            double acc[N];  // rows b … b+N−1 of out(o, ·)
            for (std::size_t j = 0; j < N; ++j) acc[j] = first;
            for (std::size_t c = 0; c < C; ++c) {
                const double w = weight_o[c];
                const double* inp_c = inp + c * B + b;  // (N)
                for (std::size_t j = 0; j < N; ++j) acc[j] += inp_c[j] * w;
            }
            for (std::size_t j = 0; j < N; ++j) out_o[b + j] = acc[j];
        });
    }
}

void linear_backward(double* dinp, double* dweight, double* dbias, const double* dout, const double* inp,
                     const double* weight, std::size_t B, std::size_t C, std::size_t OC) {
    if (dinp != nullptr) {
        for (std::size_t c = 0; c < C; ++c) {
            double* dinp_c = dinp + c * B;  // (B)
            for_blocks(B, [&](auto n, std::size_t b) {
                constexpr std::size_t N = decltype(n)::value;
                double acc[N];  // rows b … b+N−1 of dinp(c, ·)
                for (std::size_t j = 0; j < N; ++j) acc[j] = dinp_c[b + j];
                for (std::size_t o = 0; o < OC; ++o) {
                    const double w = weight[o * C + c];
                    const double* dout_o = dout + o * B + b;  // (N)
                    for (std::size_t j = 0; j < N; ++j) acc[j] += dout_o[j] * w;
                }
                for (std::size_t j = 0; j < N; ++j) dinp_c[b + j] = acc[j];
            });
        }
    }
    if (dweight != nullptr) {
        // Weight q = o·C + c is Σ_b dout(o, b) inp(c, b): the sums of a block
        // of weights run side by side, each over b in order.
        for_blocks(OC * C, [&](auto n, std::size_t q) {
            constexpr std::size_t N = decltype(n)::value;
            double acc[N];
            const double* dout_row[N];  // (B) each
            const double* inp_row[N];   // (B) each
            for (std::size_t j = 0; j < N; ++j) {
                acc[j] = dweight[q + j];
                dout_row[j] = dout + (q + j) / C * B;
                inp_row[j] = inp + (q + j) % C * B;
            }
            for (std::size_t b = 0; b < B; ++b)
                for (std::size_t j = 0; j < N; ++j) acc[j] += dout_row[j][b] * inp_row[j][b];
            for (std::size_t j = 0; j < N; ++j) dweight[q + j] = acc[j];
        });
    }
    if (dbias != nullptr) {
        for_blocks(OC, [&](auto n, std::size_t o) {
            constexpr std::size_t N = decltype(n)::value;
            double acc[N];
            for (std::size_t j = 0; j < N; ++j) acc[j] = dbias[o + j];
            for (std::size_t b = 0; b < B; ++b)
                for (std::size_t j = 0; j < N; ++j) acc[j] += dout[(o + j) * B + b];
            for (std::size_t j = 0; j < N; ++j) dbias[o + j] = acc[j];
        });
    }
}

void linear_init(double* weight, double* bias, std::size_t C, std::size_t OC, Rng& rng) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(C));
    for (std::size_t k = 0; k < OC * C; ++k) weight[k] = rng.uniform(-bound, bound);
    for (std::size_t o = 0; o < OC; ++o) bias[o] = rng.uniform(-bound, bound);
}

}  // namespace ebm

// The fully connected layer; legend in linear.hpp.
#include "linear.hpp"

#include "vector_clones.hpp"

#include <algorithm>
#include <cmath>

namespace ebm {

namespace {

// rows (M, N): row m = first_m + Σ_t coefficient(m, t) · sources[t·N …] (N),
// t = 0 … T−1 in order for every element, with first_m = first[m] (0 if first
// is null) and coefficient(m, t) = coefficients[m·row_stride + t·stride]. The
// forward pass (row o of out from its bias, t over the inputs: row o of the
// weight) and ∂L/∂inp (row c of dinp from 0, t over the outputs: column c of
// the weight). Sixteen elements of a row at a time in four double4
// accumulators: four independent chains of additions keep the adders busy.
// The elements after a row's last sixteen (all of them in a batch of one
// row, as the latent model's inference runs) go four rows at a time, for
// four chains again; rows past the last repeat it and are dropped. All M
// rows in one call: a small batch pays the call through the clone's
// resolver once per layer.
EBM_VECTOR_CLONES
void combine_rows(double* rows, const double* first, const double* sources, const double* coefficients,
                  std::size_t row_stride, std::size_t stride, std::size_t M, std::size_t T, std::size_t N) {
    constexpr std::size_t lanes = 4, vectors = 4, block = lanes * vectors;
    static_assert(vectors == 4, "acc starts as four copies of first4");
    const std::size_t whole = N / block * block;
    for (std::size_t m = 0; m < M; ++m) {
        const double start = first != nullptr ? first[m] : 0.0;
        const double4 first4 = {start, start, start, start};
        for (std::size_t b = 0; b < whole; b += block) {
            double4 acc[vectors] = {first4, first4, first4, first4};
            for (std::size_t t = 0; t < T; ++t) {
                const double w = coefficients[m * row_stride + t * stride];
                const double4 w4 = {w, w, w, w};
                const double* source = sources + t * N + b;
                for (std::size_t v = 0; v < vectors; ++v)
                    acc[v] += *reinterpret_cast<const unaligned4*>(source + lanes * v) * w4;
            }
            for (std::size_t v = 0; v < vectors; ++v) *reinterpret_cast<unaligned4*>(rows + m * N + b + lanes * v) = acc[v];
        }
    }
    for (std::size_t b = whole; b < N; ++b)
        for (std::size_t m = 0; m < M; m += lanes) {
            std::size_t row[lanes];
            double acc[lanes];
            for (std::size_t j = 0; j < lanes; ++j) {
                row[j] = std::min(m + j, M - 1);
                acc[j] = first != nullptr ? first[row[j]] : 0.0;
            }
            for (std::size_t t = 0; t < T; ++t) {
                const double source = sources[t * N + b];
                for (std::size_t j = 0; j < lanes; ++j) acc[j] += source * coefficients[row[j] * row_stride + t * stride];
            }
            for (std::size_t j = 0; j < lanes && m + j < M; ++j) rows[(m + j) * N + b] = acc[j];
        }
}

// columns[j] = (rows[0][b+j], rows[1][b+j], rows[2][b+j], rows[3][b+j]) for
// j = 0 … 3: four rows of a feature-major array read as the four features
// of rows b … b+3, with four loads and eight shuffles instead of sixteen
// loads. (Inlined into each clone: it takes its vectors by pointer.)
__attribute__((always_inline)) inline void transpose_tile(double4* columns, const double* const* rows, std::size_t b) {
    const double4 r0 = *reinterpret_cast<const unaligned4*>(rows[0] + b);
    const double4 r1 = *reinterpret_cast<const unaligned4*>(rows[1] + b);
    const double4 r2 = *reinterpret_cast<const unaligned4*>(rows[2] + b);
    const double4 r3 = *reinterpret_cast<const unaligned4*>(rows[3] + b);
    const double4 even01 = __builtin_shufflevector(r0, r1, 0, 4, 2, 6), odd01 = __builtin_shufflevector(r0, r1, 1, 5, 3, 7);
    const double4 even23 = __builtin_shufflevector(r2, r3, 0, 4, 2, 6), odd23 = __builtin_shufflevector(r2, r3, 1, 5, 3, 7);
    columns[0] = __builtin_shufflevector(even01, even23, 0, 1, 4, 5);
    columns[1] = __builtin_shufflevector(odd01, odd23, 0, 1, 4, 5);
    columns[2] = __builtin_shufflevector(even01, even23, 2, 3, 6, 7);
    columns[3] = __builtin_shufflevector(odd01, odd23, 2, 3, 6, 7);
}

// dweight (OC, C) += Σ_b dout(·, b) ⊗ inp(·, b), each weight's sum over
// b = 0 … B−1 in order, as one scalar loop would add them: for a block of 4
// inputs × 4 outputs, each row b brings inp(c … c+3, b) as one double4 and
// adds dout(o, b) times it to output o's accumulator. Blocks past the last
// input or output repeat it (the rows stay in bounds and the loops whole);
// their sums are dropped.
EBM_VECTOR_CLONES
void add_weight_gradients(double* dweight, const double* dout, const double* inp, std::size_t B, std::size_t C,
                          std::size_t OC) {
    constexpr std::size_t lanes = 4;
    for (std::size_t c = 0; c < C; c += lanes) {
        const std::size_t inputs = std::min(lanes, C - c);
        const double* inp_c[lanes];  // (B) each
        for (std::size_t l = 0; l < lanes; ++l) inp_c[l] = inp + std::min(c + l, C - 1) * B;
        for (std::size_t o = 0; o < OC; o += lanes) {
            const std::size_t outputs = std::min(lanes, OC - o);
            const double* dout_o[lanes];  // (B) each
            double4 acc[lanes] = {};      // [i]: dweight(o + i, c … c+3)
            for (std::size_t i = 0; i < lanes; ++i) {
                dout_o[i] = dout + std::min(o + i, OC - 1) * B;
                for (std::size_t l = 0; l < inputs && i < outputs; ++l) acc[i][l] = dweight[(o + i) * C + c + l];
            }
            const auto add_row = [&](const double4& x, std::size_t b) {
                for (std::size_t i = 0; i < lanes; ++i) {
                    const double d = dout_o[i][b];
                    acc[i] += double4{d, d, d, d} * x;
                }
            };
            std::size_t b = 0;
            for (; b + lanes <= B; b += lanes) {
                double4 x[lanes];
                transpose_tile(x, inp_c, b);
                for (std::size_t j = 0; j < lanes; ++j) add_row(x[j], b + j);
            }
            for (; b < B; ++b) add_row(double4{inp_c[0][b], inp_c[1][b], inp_c[2][b], inp_c[3][b]}, b);
            for (std::size_t i = 0; i < outputs; ++i)
                for (std::size_t l = 0; l < inputs; ++l) dweight[(o + i) * C + c + l] = acc[i][l];
        }
    }
}

// dbias (OC) += Σ_b dout(·, b), each over b in order; outputs in blocks of 4
// as add_weight_gradients's.
EBM_VECTOR_CLONES
void add_bias_gradients(double* dbias, const double* dout, std::size_t B, std::size_t OC) {
    constexpr std::size_t lanes = 4;
    for (std::size_t o = 0; o < OC; o += lanes) {
        const std::size_t outputs = std::min(lanes, OC - o);
        const double* dout_o[lanes];  // (B) each
        double4 acc = {};
        for (std::size_t i = 0; i < lanes; ++i) {
            dout_o[i] = dout + std::min(o + i, OC - 1) * B;
            if (i < outputs) acc[i] = dbias[o + i];
        }
        std::size_t b = 0;
        for (; b + lanes <= B; b += lanes) {
            double4 column[lanes];
            transpose_tile(column, dout_o, b);
            for (std::size_t j = 0; j < lanes; ++j) acc += column[j];
        }
        for (; b < B; ++b) acc += double4{dout_o[0][b], dout_o[1][b], dout_o[2][b], dout_o[3][b]};
        for (std::size_t i = 0; i < outputs; ++i) dbias[o + i] = acc[i];
    }
}

}  // namespace

void linear_forward(double* out, const double* inp, const double* weight, const double* bias, std::size_t B,
                    std::size_t C, std::size_t OC) {
    combine_rows(out, bias, inp, weight, C, 1, OC, C, B);
}

void linear_backward(double* dinp, double* dweight, double* dbias, const double* dout, const double* inp,
                     const double* weight, std::size_t B, std::size_t C, std::size_t OC) {
    // dinp(c, ·) = Σ_o weight(o, c) dout(o, ·): column c of the weight, stride C.
    if (dinp != nullptr) combine_rows(dinp, nullptr, dout, weight, 1, C, C, OC, B);
    if (dweight != nullptr) add_weight_gradients(dweight, dout, inp, B, C, OC);
    if (dbias != nullptr) add_bias_gradients(dbias, dout, B, OC);
}

void linear_init(double* weight, double* bias, std::size_t C, std::size_t OC, Rng& rng) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(C));
    for (std::size_t k = 0; k < OC * C; ++k) weight[k] = rng.uniform(-bound, bound);
    for (std::size_t o = 0; o < OC; ++o) bias[o] = rng.uniform(-bound, bound);
}

}  // namespace ebm

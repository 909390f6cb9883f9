// The free-energy map of the ellipse model over a grid of points: the hot kernel.
//
// Legend:
//   Z    latents; Zp = Z rounded up to a multiple of 4 (padding, neutral per table)
//   B    betas;  N1 y1 values (columns i);  N2 y2 values (rows j); N1p = N1 rounded up to 8
//   g1_k = w1 cos z_k,  g2_k = w2 sin z_k
//   U_ik = (y1_i − g1_k)²,  V_jk = (y2_j − g2_k)²,  so E(y_ij, z_k) = U_ik + V_jk
//   u_i = min_k U_ik,  v_j = min_k V_jk:  the shifts that keep exponentials ≤ 1
//   chunks: runs of 64 consecutive latents
//
// F∞ (min over k): chunk c cannot hold an energy below
//   min_{k∈c} U_ik + min_{k∈c} V_jk,
// so each point scans first its most promising chunk, then only the chunks whose
// bound is not above the best energy found; on smooth energies that is a few
// chunks of the Z/64. Scanned chunks are scanned in full, ties go to the smaller
// index: the result is the naive loop's, to the bit.
//
// F_β: E separates into a y1 term and a y2 term, so
//   exp(−β E_ijk) = exp(−β U_ik) · exp(−β V_jk),
// and with P_ik = exp(−β (U_ik − u_i)), Q_jk = exp(−β (V_jk − v_j)) (both ≤ 1):
//   F_β(y_ij) = u_i + v_j − 1/β · log( 1/Z Σ_k P_ik Q_jk ).
// The exponentials cost (N1 + N2) · Z per β instead of N1 · N2 · Z; what
// remains is a matrix product, (N2 × Z) · (Z × N1), a multiply and an add per
// point and latent, blocked for the caches as an optimised DGEMM is (make bench
// times one of the same shapes beside it). It stays accurate:
//  - warm β (β · spread ≤ log 2, spread bounding E − u − v): every P Q ≥ 1/2,
//    and the sum is taken as 1/Z Σ_k (P_ik Q_jk − 1) = 1/Z (Σ_k p_ik + Σ_k P_ik q_jk)
//    with p = expm1(…) = P − 1 and q = Q − 1: terms all ≤ 0, no cancellation, then
//    log1p. This keeps β → 0 exact, as free_energy's softmin does.
//  - otherwise the plain sum; its largest term is exp(−β (min E − u − v)), which
//    can underflow only for very cold β (β (min E − u − v) > ~700, e.g. β = 1e6
//    anywhere off the manifold): then the sum rounds to 0 or loses its leading
//    terms, so points whose sum falls below 1e-200 are recomputed by the direct
//    per-point softmin, shifted by the point's own minimum, which cannot
//    underflow (counted in direct_evaluations).
//
// Determinism: every point is computed on its own. Its F∞ scan runs in 4 lanes
// (latent k in lane k mod 4); its F_β sum adds the latents in order, as the
// plain loop does. No reduction crosses points or threads, so 1 or 2 threads
// give the same bits, and the SSE2 and AVX2 clones of the product too.
#include "free_energy_map.hpp"

#include "free_energy.hpp"
#include "vector_clones.hpp"

#include <omp.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace ebm {

namespace {

// Two doubles: the SSE2 register every x86-64 has. Two of them make the four
// lanes of the F∞ pass's minima, the same operations on any CPU.
typedef double Pair __attribute__((vector_size(2 * sizeof(double))));
constexpr std::size_t lane_count = 4;
// Latents per chunk of the min pass, each with its own lower bound: larger chunks
// mean fewer bounds to test per point, smaller ones tighter bounds and fewer
// energies per visited chunk. A multiple of lane_count.
constexpr std::size_t argmin_chunk = 64;
// y2 rows per parallel work item of the F∞ pass.
constexpr std::size_t block_rows = 16;
// The F_β pass's product: y2 rows per parallel work item (their Q and sums stay
// in the second-level cache while P goes by once), and latents per slice (a
// slice of a panel of P stays in the first-level cache while the rows go by).
constexpr std::size_t product_rows = 32, product_depth = 256;
// Below this the plain sum may have lost terms to underflow: recompute directly.
constexpr double smallest_trusted_sum = 1e-200;
constexpr double infinity = std::numeric_limits<double>::infinity();

inline Pair load_pair(const double* address) {
    Pair value;
    std::memcpy(&value, address, sizeof value);
    return value;
}

// Large arrays here are written once, page by page: on Linux ask for transparent
// huge pages, so that first touch faults once per 2 MiB rather than per 4 KiB
// (page faults were a third of the F∞ pass). Only a hint: failure changes nothing.
void advise_huge_pages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t huge_page = std::uintptr_t(1) << 21;
    const std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(data) + huge_page - 1) & ~(huge_page - 1);
    const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge_page - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data, (void)bytes;
#endif
}

// Per-axis exponentials for one β: (count, stride). Not zero-filled on
// allocation: every element, padding included, is written before it is read.
class AxisTable {
public:
    AxisTable(std::size_t count, std::size_t stride) : stride_(stride), values_(new double[count * stride]) {
        advise_huge_pages(values_.get(), count * stride * sizeof(double));
    }
    double* row(std::size_t n) { return values_.get() + n * stride_; }
    const double* row(std::size_t n) const { return values_.get() + n * stride_; }

private:
    std::size_t stride_;
    std::unique_ptr<double[]> values_;  // (N, Zp)
};

// For each value a of an axis, its terms (a − g_k)² over the Z latents:
// minimum, maximum, sum, and minimum over each chunk.
struct AxisSummary {
    std::vector<double> minimum, maximum, sum;  // (N)
    std::vector<double> chunk_minimum;          // (N, chunks)
};

AxisSummary summarise_axis(const xt::xtensor<double, 1>& axis, const std::vector<double>& decoded,
                           std::size_t latent_count, std::size_t chunk_count) {
    const std::size_t count = axis.size();
    AxisSummary summary{std::vector<double>(count), std::vector<double>(count), std::vector<double>(count),
                        std::vector<double>(count * chunk_count)};
    for (std::size_t n = 0; n < count; ++n) {
        double low = infinity, high = -infinity, sum = 0.0;
        for (std::size_t c = 0; c < chunk_count; ++c) {
            double chunk_low = infinity;
            for (std::size_t k = c * argmin_chunk; k < std::min((c + 1) * argmin_chunk, latent_count); ++k) {
                const double residual = axis(n) - decoded[k];
                const double term = residual * residual;
                chunk_low = term < chunk_low ? term : chunk_low;
                high = term > high ? term : high;
                sum += term;
            }
            summary.chunk_minimum[n * chunk_count + c] = chunk_low;
            low = chunk_low < low ? chunk_low : low;
        }
        summary.minimum[n] = low;
        summary.maximum[n] = high;
        summary.sum[n] = sum;
    }
    return summary;
}

// The smallest E(y, z_k) = (y1 − g1_k)² + (y2 − g2_k)² over latents [begin, end),
// a whole number of lanes (padding has g1 = +∞, so E = +∞ there). The same
// operations as energy_forward, so the value is the naive loop's to the bit.
inline double chunk_minimum(double y1, double y2, const double* g1, const double* g2, std::size_t begin,
                            std::size_t end) {
    const Pair y1_pair = {y1, y1}, y2_pair = {y2, y2};
    Pair low0 = {infinity, infinity}, low1 = {infinity, infinity};
    for (std::size_t k = begin; k < end; k += lane_count) {
        const Pair r1_0 = y1_pair - load_pair(g1 + k), r2_0 = y2_pair - load_pair(g2 + k);
        const Pair r1_1 = y1_pair - load_pair(g1 + k + 2), r2_1 = y2_pair - load_pair(g2 + k + 2);
        const Pair e0 = r1_0 * r1_0 + r2_0 * r2_0;
        const Pair e1 = r1_1 * r1_1 + r2_1 * r2_1;
        // Written as the MINPD instruction's own definition, so it compiles to it.
        low0 = e0 < low0 ? e0 : low0;
        low1 = e1 < low1 ? e1 : low1;
    }
    return std::min(std::min(low0[0], low0[1]), std::min(low1[0], low1[1]));
}

struct LatentMinimum {
    double value;
    std::size_t first_minimiser;
    std::size_t chunk;
};

// min_k E(y, z_k) and its first minimiser, visiting only the chunks that can hold
// it (see the top of the file). `first_chunk` is only where the search starts
// (a neighbour's answer is a good guess): the result does not depend on it.
LatentMinimum min_over_latents(double y1, double y2, const double* g1, const double* g2,
                               const double* u_chunk_minimum, const double* v_chunk_minimum,
                               std::size_t chunk_count, std::size_t padded_latents, std::size_t first_chunk) {
    auto chunk_end = [&](std::size_t c) { return std::min((c + 1) * argmin_chunk, padded_latents); };
    double best = chunk_minimum(y1, y2, g1, g2, first_chunk * argmin_chunk, chunk_end(first_chunk));
    std::size_t best_chunk = first_chunk;
    for (std::size_t c = 0; c < chunk_count; ++c) {
        const double bound = u_chunk_minimum[c] + v_chunk_minimum[c];
        // A later chunk must beat the best strictly; an earlier one may tie it.
        if (c == first_chunk || bound > best || (bound == best && c > best_chunk)) continue;
        const double candidate = chunk_minimum(y1, y2, g1, g2, c * argmin_chunk, chunk_end(c));
        if (candidate < best || (candidate == best && c < best_chunk)) best = candidate, best_chunk = c;
    }
    // The same operations again in the winning chunk: equality is exact.
    for (std::size_t k = best_chunk * argmin_chunk; k < chunk_end(best_chunk); ++k) {
        const double r1 = y1 - g1[k], r2 = y2 - g2[k];
        if (r1 * r1 + r2 * r2 == best) return {best, k, best_chunk};
    }
    return {best, best_chunk * argmin_chunk, best_chunk};  // only if every energy is NaN
}

// The chunk with the smallest lower bound: where a row's first search starts.
std::size_t most_promising_chunk(const double* u_chunk_minimum, const double* v_chunk_minimum,
                                 std::size_t chunk_count) {
    std::size_t most_promising = 0;
    double lowest = infinity;
    for (std::size_t c = 0; c < chunk_count; ++c) {
        const double bound = u_chunk_minimum[c] + v_chunk_minimum[c];
        if (bound < lowest) lowest = bound, most_promising = c;
    }
    return most_promising;
}

// row[k] = exp(−β ((a − g_k)² − shift)) for k < Z, or expm1 of the same when `minus_one`.
void fill_exponential_row(double* row, double a, const double* decoded, double shift, double beta, bool minus_one,
                          std::size_t latent_count) {
    for (std::size_t k = 0; k < latent_count; ++k) {
        const double residual = a - decoded[k];
        const double exponent = -beta * (residual * residual - shift);
        row[k] = minus_one ? std::expm1(exponent) : std::exp(exponent);
    }
}

// Columns of Pᵀ per panel: two double4.
constexpr std::size_t panel_columns = 2 * lane_count;

// sums (rows, C) += Q · Pᵀ over a slice of latents: each sum adds its products
// Q_jk P_ik one latent after the other, so that a sum taken over k = 0 … Z−1 in
// one call or several has the bits of the plain loop `sum += P_ik * Q_jk`.
// Four rows by eight columns at a time, in eight double4 accumulators (a lane
// is a column): per latent two loads of P and four of Q feed sixteen
// multiplies and adds, and the adders' latency is hidden.
// q: (rows, depth); sums: (rows, C), C a multiple of 8; P as panels (C / 8, depth, 8):
// a panel's latents one after the other, so that it is one block of memory
// (rows of Pᵀ 8 KiB apart would share a handful of the first-level cache's
// sets) that stays in that cache while the rows go by. Rows past the last
// repeat it and are dropped.
EBM_VECTOR_CLONES
void add_products(double* sums, const double* p_panels, std::size_t columns, const double* q, std::size_t depth,
                  std::size_t rows) {
    constexpr std::size_t tile_rows = 4;
    for (std::size_t i0 = 0; i0 < columns; i0 += panel_columns) {
        const double* panel = p_panels + i0 * depth;  // (depth, 8)
        for (std::size_t j0 = 0; j0 < rows; j0 += tile_rows) {
            const double* q_rows[tile_rows];
            double* sum_rows[tile_rows];
            double4 acc[tile_rows][2];
            for (std::size_t r = 0; r < tile_rows; ++r) {
                const std::size_t j = std::min(j0 + r, rows - 1);
                q_rows[r] = q + j * depth;
                sum_rows[r] = sums + j * columns + i0;
                acc[r][0] = *reinterpret_cast<const unaligned4*>(sum_rows[r]);
                acc[r][1] = *reinterpret_cast<const unaligned4*>(sum_rows[r] + lane_count);
            }
            for (std::size_t k = 0; k < depth; ++k) {
                const double* p = panel + k * panel_columns;
                const double4 p0 = *reinterpret_cast<const unaligned4*>(p);
                const double4 p1 = *reinterpret_cast<const unaligned4*>(p + lane_count);
                for (std::size_t r = 0; r < tile_rows; ++r) {
                    const double q_jk = q_rows[r][k];
                    const double4 q4 = {q_jk, q_jk, q_jk, q_jk};
                    acc[r][0] += p0 * q4;
                    acc[r][1] += p1 * q4;
                }
            }
            for (std::size_t r = 0; r < tile_rows && j0 + r < rows; ++r) {
                *reinterpret_cast<unaligned4*>(sum_rows[r]) = acc[r][0];
                *reinterpret_cast<unaligned4*>(sum_rows[r] + lane_count) = acc[r][1];
            }
        }
    }
}

// Reports finished rows: from inside a parallel pass only on the thread that
// called free_energy_map (OpenMP's thread 0), and at the end of every pass.
class ProgressReporter {
public:
    ProgressReporter(const ProgressCallback& callback, std::size_t total) : callback_(callback), total_(total) {}
    void start_pass() { rows_in_pass_ = 0; }
    void rows_finished(std::size_t rows) {
        const std::size_t in_pass = rows_in_pass_ += rows;
        if (callback_ && omp_get_thread_num() == 0) callback_(done_before_pass_ + in_pass, total_);
    }
    void pass_finished(std::size_t rows) {
        done_before_pass_ += rows;
        if (callback_) callback_(done_before_pass_, total_);
    }

private:
    const ProgressCallback& callback_;
    std::size_t total_;
    std::size_t done_before_pass_ = 0;
    std::atomic<std::size_t> rows_in_pass_{0};
};

void check_finite(const xt::xtensor<double, 1>& values, const char* name) {
    for (std::size_t n = 0; n < values.size(); ++n) {
        if (!std::isfinite(values(n))) {
            throw std::invalid_argument(std::string("free_energy_map: ") + name + "[" + std::to_string(n) +
                                        "] must be finite, got " + std::to_string(values(n)));
        }
    }
}

}  // namespace

FreeEnergyMap free_energy_map(const EllipseParams& params, const xt::xtensor<double, 1>& latents,
                              const xt::xtensor<double, 1>& betas, const xt::xtensor<double, 1>& y1,
                              const xt::xtensor<double, 1>& y2, const ProgressCallback& progress) {
    if (latents.size() == 0) throw std::invalid_argument("free_energy_map: the latent grid is empty");
    if (!std::isfinite(params.w1) || !std::isfinite(params.w2)) {
        throw std::invalid_argument("free_energy_map: w must be finite, got (" + std::to_string(params.w1) +
                                    ", " + std::to_string(params.w2) + ")");
    }
    check_finite(latents, "latents");
    check_finite(y1, "y1");
    check_finite(y2, "y2");
    for (double beta : betas) check_beta(beta);

    const std::size_t latent_count = latents.size();
    const std::size_t padded_latents = (latent_count + lane_count - 1) / lane_count * lane_count;
    const std::size_t column_count = y1.size(), row_count = y2.size(), beta_count = betas.size();
    const double inverse_latent_count = 1.0 / static_cast<double>(latent_count);

    FreeEnergyMap map;
    map.f_inf = xt::empty<double>({row_count, column_count});
    map.f_beta = xt::empty<double>({beta_count, row_count, column_count});
    map.mean_energy = xt::empty<double>({row_count, column_count});
    map.grad_f_inf = xt::empty<double>({std::size_t(2), row_count, column_count});
    map.z_check = xt::empty<double>({row_count, column_count});
    std::size_t finite_betas = 0;
    for (double beta : betas) finite_betas += beta != zero_temperature_beta;
    const std::size_t total_rows = row_count * (1 + finite_betas);
    if (row_count == 0 || column_count == 0) {
        if (progress) progress(total_rows, total_rows);
        return map;
    }
    advise_huge_pages(map.f_inf.data(), map.f_inf.size() * sizeof(double));
    advise_huge_pages(map.f_beta.data(), map.f_beta.size() * sizeof(double));
    advise_huge_pages(map.mean_energy.data(), map.mean_energy.size() * sizeof(double));
    advise_huge_pages(map.grad_f_inf.data(), map.grad_f_inf.size() * sizeof(double));
    advise_huge_pages(map.z_check.data(), map.z_check.size() * sizeof(double));

    // The decoder on the latent grid, computed once: the same products as
    // decoder_forward, so energies match energy_forward to the bit. Padding:
    // g1 = +∞ makes E = +∞ there, never a minimum.
    std::vector<double> g1(padded_latents, infinity), g2(padded_latents, 0.0);  // (Zp)
    for (std::size_t k = 0; k < latent_count; ++k) {
        g1[k] = params.w1 * std::cos(latents(k));
        g2[k] = params.w2 * std::sin(latents(k));
    }
    const std::size_t chunk_count = (latent_count + argmin_chunk - 1) / argmin_chunk;
    const AxisSummary u_summary = summarise_axis(y1, g1, latent_count, chunk_count);  // U over k
    const AxisSummary v_summary = summarise_axis(y2, g2, latent_count, chunk_count);  // V over k

    ProgressReporter reporter(progress, total_rows);
    const long long block_count = static_cast<long long>((row_count + block_rows - 1) / block_rows);

    // Pass 1: F∞, ž, ∂F∞/∂y and ⟨E⟩ = mean U + mean V.
    reporter.start_pass();
#pragma omp parallel for schedule(dynamic)
    for (long long block = 0; block < block_count; ++block) {
        const std::size_t row_begin = static_cast<std::size_t>(block) * block_rows;
        const std::size_t row_end = std::min(row_begin + block_rows, row_count);
        for (std::size_t j = row_begin; j < row_end; ++j) {
            const double* v_chunk_minimum = v_summary.chunk_minimum.data() + j * chunk_count;
            std::size_t start_chunk =
                most_promising_chunk(u_summary.chunk_minimum.data(), v_chunk_minimum, chunk_count);
            for (std::size_t i = 0; i < column_count; ++i) {
                const LatentMinimum minimum =
                    min_over_latents(y1(i), y2(j), g1.data(), g2.data(),
                                     u_summary.chunk_minimum.data() + i * chunk_count, v_chunk_minimum,
                                     chunk_count, padded_latents, start_chunk);
                start_chunk = minimum.chunk;  // ž moves little from one column to the next
                const std::size_t k = minimum.first_minimiser;
                map.f_inf(j, i) = minimum.value;
                map.z_check(j, i) = latents(k);
                map.grad_f_inf(0, j, i) = 2.0 * (y1(i) - g1[k]);
                map.grad_f_inf(1, j, i) = 2.0 * (y2(j) - g2[k]);
                map.mean_energy(j, i) = (u_summary.sum[i] + v_summary.sum[j]) * inverse_latent_count;
            }
        }
        reporter.rows_finished(row_end - row_begin);
    }
    reporter.pass_finished(row_count);
    for (std::size_t b = 0; b < beta_count; ++b) {
        if (betas(b) != zero_temperature_beta) continue;
        for (std::size_t j = 0; j < row_count; ++j) {
            for (std::size_t i = 0; i < column_count; ++i) map.f_beta(b, j, i) = map.f_inf(j, i);
        }
    }
    if (finite_betas == 0) return map;

    // spread ≥ E_ijk − u_i − v_j for every point and latent: decides "warm".
    double u_spread = 0.0, v_spread = 0.0;
    for (std::size_t i = 0; i < column_count; ++i) {
        u_spread = std::max(u_spread, u_summary.maximum[i] - u_summary.minimum[i]);
    }
    for (std::size_t j = 0; j < row_count; ++j) {
        v_spread = std::max(v_spread, v_summary.maximum[j] - v_summary.minimum[j]);
    }
    const double spread = u_spread + v_spread;

    // One pass per finite β: F_β. The latents go by in slices of product_depth,
    // the outermost loop, as an optimised DGEMM takes its inner dimension: only
    // a slice of P and of Q exists at a time (memory O(N1 N2 + (N1 + N2) depth),
    // not O((N1 + N2) Z)), the slice of P is computed once and read by every
    // row from the last-level cache, and each row's sums stay where they are
    // between slices. The slices add in latent order: the bits of the plain loop.
    const std::size_t padded_columns = (column_count + panel_columns - 1) / panel_columns * panel_columns;
    const std::size_t panel_count = padded_columns / panel_columns;
    const std::size_t slice_count = (latent_count + product_depth - 1) / product_depth;
    const long long product_count = static_cast<long long>((row_count + product_rows - 1) / product_rows);
    // (N1p / 8, depth, 8) a slice of P = exp(−β (U − u)) in panels of 8 columns (add_products); 0 in the padding
    AxisTable p_slice(1, panel_count * product_depth * panel_columns);
    AxisTable sums(row_count, padded_columns);          // (N2, N1p) Σ_k P_ik Q_jk, or Σ_k P_ik q_jk when warm
    std::vector<double> p_minus_one_sum(column_count);  // (N1) Σ_k (P_ik − 1), warm only
    std::size_t direct_evaluations = 0;
    for (std::size_t b = 0; b < beta_count; ++b) {
        const double beta = betas(b);
        if (beta == zero_temperature_beta) continue;
        const bool warm = beta * spread <= std::log(2.0);
        if (warm) {
#pragma omp parallel for schedule(static)
            for (long long i = 0; i < static_cast<long long>(column_count); ++i) {
                double sum = 0.0;  // Σ_k expm1(…), in latent order
                for (std::size_t k = 0; k < latent_count; ++k) {
                    const double residual = y1(i) - g1[k];
                    sum += std::expm1(-beta * (residual * residual - u_summary.minimum[i]));
                }
                p_minus_one_sum[i] = sum;
            }
        }

        reporter.start_pass();
#pragma omp parallel
        {
            std::vector<double> q_block(product_rows * product_depth);  // (rows, depth) Q, or q = Q − 1 when warm
            for (std::size_t slice = 0; slice < slice_count; ++slice) {
                const std::size_t k_begin = slice * product_depth;
                const std::size_t depth = std::min(product_depth, latent_count - k_begin);
                // fill_exponential_row's values, a panel at a time, written in memory order.
#pragma omp for schedule(static)
                for (long long panel = 0; panel < static_cast<long long>(panel_count); ++panel) {
                    double* values = p_slice.row(0) + panel * panel_columns * depth;  // (depth, 8), as add_products reads it
                    for (std::size_t k = 0; k < depth; ++k) {
                        for (std::size_t c = 0, i = panel * panel_columns; c < panel_columns; ++c, ++i) {
                            const double residual = i < column_count ? y1(i) - g1[k_begin + k] : 0.0;
                            values[k * panel_columns + c] =
                                i < column_count ? std::exp(-beta * (residual * residual - u_summary.minimum[i]))
                                                 : 0.0;
                        }
                    }
                }  // (the barrier: the slice of P is whole)
#pragma omp for schedule(dynamic)
                for (long long block = 0; block < product_count; ++block) {
                    const std::size_t row_begin = static_cast<std::size_t>(block) * product_rows;
                    const std::size_t row_end = std::min(row_begin + product_rows, row_count);
                    for (std::size_t j = row_begin; j < row_end; ++j) {
                        fill_exponential_row(q_block.data() + (j - row_begin) * depth, y2(j), g2.data() + k_begin,
                                             v_summary.minimum[j], beta, warm, depth);
                        if (slice == 0) std::fill(sums.row(j), sums.row(j) + padded_columns, 0.0);
                    }
                    add_products(sums.row(row_begin), p_slice.row(0), padded_columns, q_block.data(), depth,
                                 row_end - row_begin);
                }  // (the barrier: no thread refills the slice of P while another reads it)
#pragma omp master
                reporter.rows_finished(row_count * (slice + 1) / slice_count - row_count * slice / slice_count);
            }
        }
        reporter.pass_finished(row_count);

#pragma omp parallel reduction(+ : direct_evaluations)
        {
            std::vector<double> direct_energies(latent_count);  // (Z), for the rare direct points
#pragma omp for schedule(dynamic, product_rows)
            for (long long row = 0; row < static_cast<long long>(row_count); ++row) {
                const std::size_t j = static_cast<std::size_t>(row);
                for (std::size_t i = 0; i < column_count; ++i) {
                    const double sum = sums.row(j)[i];
                    const double shift = u_summary.minimum[i] + v_summary.minimum[j];
                    double f;
                    if (warm) {
                        const double mean_minus_one = (p_minus_one_sum[i] + sum) * inverse_latent_count;
                        f = shift - std::log1p(mean_minus_one) / beta;
                    } else if (sum >= smallest_trusted_sum) {
                        f = shift - std::log(sum * inverse_latent_count) / beta;
                    } else {
                        for (std::size_t k = 0; k < latent_count; ++k) {
                            const double r1 = y1(i) - g1[k], r2 = y2(j) - g2[k];
                            direct_energies[k] = r1 * r1 + r2 * r2;
                        }
                        f = softmin(direct_energies.data(), latent_count, beta);
                        ++direct_evaluations;
                    }
                    map.f_beta(b, j, i) = f;
                }
            }
        }
    }
    map.direct_evaluations = direct_evaluations;
    return map;
}

}  // namespace ebm

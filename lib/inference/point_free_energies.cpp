// The free energy of a model at a list of points; the loop is described in point_free_energies.hpp.
#include "point_free_energies.hpp"

#include "continuous_latent.hpp"
#include "parallel_chunks.hpp"

#include <omp.h>

#include <algorithm>
#include <vector>

namespace ebm {

namespace {

// body(first, rows) for the chunks of R points, on threads if `parallel`;
// the progress (if any) counts the points done.
template <typename Body>
void for_each_point_chunk(std::size_t R, bool parallel, const PointProgress& progress, const Body& body) {
    std::size_t done = 0;
    for_each_chunk((R + point_chunk - 1) / point_chunk, [&](std::size_t c) {
        const std::size_t first = c * point_chunk, rows = std::min(point_chunk, R - first);
        body(first, rows);
        if (progress) {
            std::size_t so_far;
#pragma omp atomic capture
            so_far = done += rows;
            if (omp_get_thread_num() == 0) progress(so_far, R);
        }
    }, parallel);
}

}  // namespace

void point_free_energies(const Model& model, double beta, std::size_t R, const double* x, const double* y,
                         double* free_energy, double* z_check, const PointProgress& progress) {
    const std::size_t W = model.latent_width();
    const bool parallel = worth_threads(double(R) * model.work_per_row());
    for_each_point_chunk(R, parallel, progress, [&](std::size_t first, std::size_t rows) {
        const auto cache = model.make_cache();
        model.free_energy_forward(free_energy + first, *cache, x + first, y + 2 * first, rows, beta);
        if (z_check)
            for (std::size_t r = 0; r < rows; ++r) {
                const auto z = model.z_check(*cache, r);
                std::copy(z.begin(), z.end(), z_check + (first + r) * W);
            }
    });
}

void continuous_point_free_energies(const Model& model, const xt::xtensor<double, 1>& latents, std::size_t R,
                                    const double* x, const double* y, double* z, double* f_inf,
                                    const PointProgress& progress) {
    const std::vector<double> grid(latents.begin(), latents.end());
    // Each point is a search of its own: always worth the threads.
    for_each_point_chunk(R, true, progress, [&](std::size_t first, std::size_t rows) {
        for (std::size_t r = first; r < first + rows; ++r) {
            const auto found = continuous_minimum(model, x[r], {y[2 * r], y[2 * r + 1]}, grid);
            z[r] = found.z, f_inf[r] = found.f_inf;
        }
    });
}

PlanePoints plane_points(double x, const xt::xtensor<double, 1>& y1, const xt::xtensor<double, 1>& y2) {
    const std::size_t N1 = y1.size(), N2 = y2.size();
    PlanePoints points{xt::empty<double>({N1 * N2}), xt::empty<double>({N1 * N2, std::size_t(2)})};
    for (std::size_t j = 0; j < N2; ++j)
        for (std::size_t i = 0; i < N1; ++i) {
            points.x(j * N1 + i) = x;
            points.y(j * N1 + i, 0) = y1(i);
            points.y(j * N1 + i, 1) = y2(j);
        }
    return points;
}

}  // namespace ebm

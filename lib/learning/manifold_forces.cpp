#include "manifold_forces.hpp"

#include "ellipse_free_energy.hpp"

namespace ebm {

xt::xtensor<double, 2> manifold_forces(const EllipseParams& w, const xt::xtensor<double, 1>& latents, double beta,
                                       const Vec2& y, double dloss_dfree_energy) {
    const auto forward = free_energy_forward(w, y, latents, beta);
    xt::xtensor<double, 2> forces = xt::zeros<double>({latents.size(), std::size_t(2)});
    for (std::size_t k = 0; k < latents.size(); ++k) {
        const Vec2 point = decoder_forward(w, latents(k));
        const double pull = -dloss_dfree_energy * forward.weights(k) * 2.0;
        forces(k, 0) = pull * (point[0] - y[0]);
        forces(k, 1) = pull * (point[1] - y[1]);
    }
    return forces;
}

ManifoldForces compute_manifold_forces(const EllipseParams& w, const xt::xtensor<double, 1>& latents, double beta,
                                       const xt::xtensor<double, 2>& samples, std::optional<std::size_t> force_sample,
                                       const xt::xtensor<double, 1>& y1, const xt::xtensor<double, 1>& y2) {
    const std::size_t Z = latents.size();
    ManifoldForces result;
    result.manifold = xt::empty<double>({Z, std::size_t(2)});
    for (std::size_t k = 0; k < Z; ++k) {
        const Vec2 point = decoder_forward(w, latents(k));
        result.manifold(k, 0) = point[0];
        result.manifold(k, 1) = point[1];
    }
    result.total = xt::zeros<double>({Z, std::size_t(2)});
    for (std::size_t n = 0; n < samples.shape()[0]; ++n) {
        const auto forces = manifold_forces(w, latents, beta, {samples(n, 0), samples(n, 1)}, 1.0);
        result.total += forces;
        if (force_sample && n == *force_sample) result.sample = forces;
    }
    result.free_energy = xt::empty<double>({y2.size(), y1.size()});
    result.grad_free_energy = xt::empty<double>({std::size_t(2), y2.size(), y1.size()});
    for (std::size_t j = 0; j < y2.size(); ++j)
        for (std::size_t i = 0; i < y1.size(); ++i) {
            const Vec2 y{y1(i), y2(j)};
            const auto forward = free_energy_forward(w, y, latents, beta);
            const auto backward = free_energy_backward(w, y, latents, forward);
            result.free_energy(j, i) = forward.free_energy;
            result.grad_free_energy(0, j, i) = backward.dy[0];
            result.grad_free_energy(1, j, i) = backward.dy[1];
        }
    return result;
}

}  // namespace ebm

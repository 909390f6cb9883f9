#include "sampler.hpp"

#include "rng.hpp"

#include <xtensor/xbuilder.hpp>

#include <cmath>

namespace ebm {

std::array<double, 2> horn_radii(const HornShape& shape, double x) {
    const double growth = std::exp(2.0 * x);
    return {(shape.alpha * x + shape.beta_data * (1.0 - x)) * growth,
            (shape.beta_data * x + shape.alpha * (1.0 - x)) * growth};
}

Samples sample_horn(const HornShape& shape, std::size_t n, std::uint64_t seed, std::optional<double> fixed_x) {
    Samples samples{xt::empty<double>({n, std::size_t(2)}), xt::empty<double>({n}), xt::empty<double>({n})};
    for (std::size_t i = 0; i < n; ++i) {
        Rng rng(seed, i);
        const double x = fixed_x ? *fixed_x : rng.uniform();
        const double theta = rng.uniform(0.0, 2.0 * M_PI);
        const double noise1 = rng.normal(0.0, shape.sigma);
        const double noise2 = rng.normal(0.0, shape.sigma);
        const auto radii = horn_radii(shape, x);
        samples.y(i, 0) = radii[0] * std::cos(theta) + noise1;
        samples.y(i, 1) = radii[1] * std::sin(theta) + noise2;
        samples.x(i) = x;
        samples.theta(i) = theta;
    }
    return samples;
}

}  // namespace ebm

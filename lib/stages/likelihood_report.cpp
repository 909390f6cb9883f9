// The likelihood group of an inference or model file; what it holds is in likelihood_report.hpp.
#include "likelihood_report.hpp"

#include "cli.hpp"
#include "free_energy.hpp"
#include "mean_in_order.hpp"
#include "h5_file.hpp"
#include "rng.hpp"

#include <xtensor/xview.hpp>

#include <cmath>
#include <limits>

namespace ebm {

namespace {

// The read-out curve, the read-out's own scan: log10 β from readout_log10_min
// to readout_log10_max in steps of 1/4.
constexpr std::size_t curve_steps_per_decade = 4;

xt::xtensor<double, 1> as_one(double value) { return xt::xtensor<double, 1>({value}); }

// −log p_β of every sample; +inf at β = inf, where p_β has no density.
xt::xtensor<double, 1> nll_at(const Model& model, const DataSet& samples, double beta) {
    if (beta == zero_temperature_beta) return xt::xtensor<double, 1>(xt::ones<double>({samples.x.size()}) * INFINITY);
    return model_nll(model, samples.x, samples.y, beta);
}

// The rows of the samples whose x lies in [low, high) (the last band takes x = 1 too).
std::vector<std::size_t> band_rows(const DataSet& samples, double low, double high) {
    std::vector<std::size_t> rows;
    for (std::size_t n = 0; n < samples.x.size(); ++n)
        if (samples.x(n) >= low && (samples.x(n) < high || (high >= 1 && samples.x(n) <= high))) rows.push_back(n);
    return rows;
}

DataSet band(const DataSet& samples, const std::vector<std::size_t>& rows) {
    DataSet part{samples.data_case, xt::empty<double>({rows.size(), std::size_t(2)}), xt::empty<double>({rows.size()}),
                 samples.generator};
    for (std::size_t r = 0; r < rows.size(); ++r) {
        part.x(r) = samples.x(rows[r]);
        part.y(r, 0) = samples.y(rows[r], 0);
        part.y(r, 1) = samples.y(rows[r], 1);
    }
    return part;
}

// Per band of x: the means of the per-sample −log p_β and of the generator's,
// taken from the report's own per-sample values, and the band's read-out β̂.
void compute_bands(LikelihoodReport& report, const Model& model, const DataSet& samples) {
    const std::size_t B = report.betas.size();
    report.band_edges = xt::empty<double>({x_bands + 1});
    for (std::size_t b = 0; b <= x_bands; ++b) report.band_edges(b) = double(b) / double(x_bands);
    report.band_count = xt::empty<double>({x_bands});
    report.band_mean_nll = xt::empty<double>({B, x_bands});
    report.band_beta_hat = xt::empty<double>({x_bands});
    if (report.generator) report.band_mean_true_nll = xt::empty<double>({x_bands});
    for (std::size_t b = 0; b < x_bands; ++b) {
        const std::vector<std::size_t> rows = band_rows(samples, report.band_edges(b), report.band_edges(b + 1));
        const std::size_t count = rows.size();
        report.band_count(b) = double(count);
        for (std::size_t i = 0; i < B; ++i) report.band_mean_nll(i, b) = mean_in_order(xt::view(report.nll, i, xt::all()), rows);
        if (count) {
            const DataSet part = band(samples, rows);
            report.band_beta_hat(b) = readout_beta(model, part.x, part.y).beta;
        } else {
            report.band_beta_hat(b) = std::nan("");
        }
        if (report.generator) report.band_mean_true_nll(b) = mean_in_order(report.true_nll, rows);
    }
}

}  // namespace

LikelihoodReport compute_likelihood(const Model& model, const DataSet& samples, const std::vector<double>& betas,
                                    std::size_t kl_samples, const std::vector<DensityPlane>& planes) {
    check_likelihood(model, 1.0);
    LikelihoodReport report;
    const std::size_t B = betas.size(), N = samples.x.size();
    report.betas = xt::empty<double>({B});
    std::copy(betas.begin(), betas.end(), report.betas.begin());
    report.sample_x = samples.x;
    report.sample_y = samples.y;
    report.nll = xt::empty<double>({B, N});
    report.mean_nll = xt::empty<double>({B});
    for (std::size_t i = 0; i < B; ++i) {
        xt::view(report.nll, i, xt::all()) = nll_at(model, samples, betas[i]);
        report.mean_nll(i) = mean_in_order(xt::view(report.nll, i, xt::all()));
    }
    report.readout = readout_beta(model, samples.x, samples.y, curve_steps_per_decade);

    if (samples.generator && samples.generator->sigma > 0) report.generator = samples.generator;
    // The fresh samples of the KL: at the data's own x if it is fixed (unconditional), else x ~ U(0, 1).
    const std::optional<double> fixed_x =
        samples.data_case == "conditional" ? std::nullopt : std::optional<double>(samples.x(0));
    const std::uint64_t kl_seed = derive_seed(1, kl_stream);
    if (report.generator) {
        const GeneratorSample fresh = generator_sample(*report.generator, kl_samples, kl_seed, fixed_x);
        report.true_nll = generator_nll(*report.generator, samples.x, samples.y);
        report.mean_true_nll = mean_in_order(report.true_nll);
        report.kl = xt::empty<double>({B});
        report.kl_error = xt::empty<double>({B});
        for (std::size_t i = 0; i < B; ++i) {
            if (betas[i] == zero_temperature_beta) {
                report.kl(i) = INFINITY, report.kl_error(i) = 0;
                continue;
            }
            const KlEstimate estimate = generator_kl(model, betas[i], fresh);
            report.kl(i) = estimate.kl, report.kl_error(i) = estimate.standard_error;
        }
        report.kl_beta_hat = generator_kl(model, report.readout.beta, fresh);
    }
    for (const DensityPlane& plane : planes) {
        DensityMap map{plane, xt::empty<double>({B, plane.y2.size(), plane.y1.size()}), {}, {}};
        for (std::size_t i = 0; i < B; ++i)
            xt::view(map.p_beta, i, xt::all(), xt::all()) =
                betas[i] == zero_temperature_beta ? xt::xtensor<double, 2>(xt::zeros<double>({plane.y2.size(), plane.y1.size()}))
                                                  : model_density_map(model, plane.x, plane.y1, plane.y2, betas[i]);
        map.p_beta_hat = model_density_map(model, plane.x, plane.y1, plane.y2, report.readout.beta);
        map.p_true = report.generator ? generator_density_map(*report.generator, plane.x, plane.y1, plane.y2)
                                      : xt::xtensor<double, 2>(xt::empty<double>({std::size_t(0), std::size_t(0)}));
        report.maps.push_back(std::move(map));
    }
    if (samples.data_case == "conditional") compute_bands(report, model, samples);
    return report;
}

void write_likelihood(H5Writer& file, const LikelihoodReport& report) {
    const std::string group = "/likelihood/";
    file.write(group + "betas", report.betas);
    file.write(group + "samples/x", report.sample_x);
    file.write(group + "samples/y", report.sample_y);
    file.write(group + "nll", report.nll);
    file.write(group + "mean_nll", report.mean_nll);
    file.write(group + "beta_hat", as_one(report.readout.beta));
    file.write(group + "sigma_hat", as_one(report.readout.sigma));
    file.write(group + "mean_nll_beta_hat", as_one(report.readout.mean_nll));
    file.write(group + "beta_hat_at_bound", as_one(report.readout.at_bound ? 1.0 : 0.0));
    file.write(group + "readout/log10_beta", report.readout.scan_log10_beta);
    file.write(group + "readout/mean_nll", report.readout.scan_mean_nll);
    if (report.generator) {
        file.write(group + "true_nll", report.true_nll);
        file.write(group + "mean_true_nll", as_one(report.mean_true_nll));
        file.write(group + "kl", report.kl);
        file.write(group + "kl_error", report.kl_error);
        file.write(group + "kl_beta_hat", as_one(report.kl_beta_hat.kl));
        file.write(group + "kl_beta_hat_error", as_one(report.kl_beta_hat.standard_error));
        file.write(group + "data_sigma", as_one(report.generator->sigma));
        file.write(group + "data_beta", as_one(1 / (2 * report.generator->sigma * report.generator->sigma)));
        file.set_attribute("/likelihood", "kl_samples", std::int64_t(report.kl_beta_hat.samples));
    }
    for (std::size_t s = 0; s < report.maps.size(); ++s) {
        const DensityMap& map = report.maps[s];
        const std::string path = group + "maps/" + std::to_string(s) + "/";
        file.write(path + "x", as_one(map.plane.x));
        file.write(path + "y1", map.plane.y1);
        file.write(path + "y2", map.plane.y2);
        file.write(path + "p_beta", map.p_beta);
        file.write(path + "p_beta_hat", map.p_beta_hat);
        if (report.generator) file.write(path + "p_true", map.p_true);
    }
    if (report.band_edges.size() == 0) return;
    file.write(group + "bands/x_edges", report.band_edges);
    file.write(group + "bands/count", report.band_count);
    file.write(group + "bands/mean_nll", report.band_mean_nll);
    file.write(group + "bands/beta_hat", report.band_beta_hat);
    if (report.generator) file.write(group + "bands/mean_true_nll", report.band_mean_true_nll);
}

const std::vector<std::string>& likelihood_models() {
    static const std::vector<std::string> models = {"ellipse", "conditional", "decoder-mlp"};
    return models;
}

void add_kl_samples_option(OptionTable& table, long long& value) {
    value = static_cast<long long>(default_kl_samples);
    table.add("kl-samples", po::value(&value)->value_name("N"),
              "fresh samples of the generator for the Monte Carlo KL of /likelihood (≥ 2; default " +
                  std::to_string(default_kl_samples) + ")",
              likelihood_models());
}

std::size_t checked_kl_samples(long long value) {
    require(value >= 2 && value <= 100'000'000, "kl-samples", "from 2 to 100000000", std::to_string(value));
    return std::size_t(value);
}

}  // namespace ebm

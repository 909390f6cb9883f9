// Loss functionals on free energies; formulas and legend in loss.hpp.
#include "loss.hpp"

#include "name_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ebm {

namespace {

// Declaration order of LossKind; the one place a name is spelled.
constexpr NameTable<LossKind, 9> loss_names{"loss",
                                            {{{LossKind::energy, "energy"},
                                              {LossKind::hinge, "hinge"},
                                              {LossKind::log, "log"},
                                              {LossKind::perceptron, "perceptron"},
                                              {LossKind::square_square, "square-square"},
                                              {LossKind::square_exp, "square-exp"},
                                              {LossKind::lvq2, "lvq2"},
                                              {LossKind::mce, "mce"},
                                              {LossKind::nll, "nll"}}}};

// Index of the most offending contrastive sample: the lowest free energy, the
// first one on a tie so that the gradient goes to a single, reproducible k.
std::size_t most_offending_index(const std::vector<double>& f_contrastive /* (K) */) {
    return static_cast<std::size_t>(
        std::min_element(f_contrastive.begin(), f_contrastive.end()) - f_contrastive.begin());
}

void require_contrastive(LossKind kind, const std::vector<double>& f_contrastive) {
    if (f_contrastive.empty()) {
        throw std::invalid_argument("loss '" + loss_name(kind) +
                                    "' needs at least one contrastive sample (got K = 0)");
    }
}

[[noreturn]] void throw_out_of_range(const char* parameter, double value, const char* allowed) {
    std::ostringstream message;
    message << "loss parameter " << parameter << " = " << value << " is out of range: it must be "
            << allowed;
    throw std::invalid_argument(message.str());
}

}  // namespace

// ---- names -----------------------------------------------------------------

const std::array<LossKind, 9>& all_loss_kinds() {
    static const std::array<LossKind, 9> kinds = loss_names.values();
    return kinds;
}

std::string loss_name(LossKind kind) { return loss_names.name(kind); }
std::string allowed_loss_names() { return loss_names.allowed(); }
LossKind loss_kind_from_name(const std::string& name) { return loss_names.parse(name); }

bool loss_needs_contrastive(LossKind kind) { return kind != LossKind::energy; }

void validate_loss_params(const LossParams& params) {
    // `!(x >= 0)` rather than `x < 0` so that NaN is rejected too.
    if (!(params.margin >= 0.0) || !std::isfinite(params.margin)) {
        throw_out_of_range("margin", params.margin, "finite and >= 0");
    }
    if (!(params.gamma > 0.0) || !std::isfinite(params.gamma)) {
        throw_out_of_range("gamma", params.gamma, "finite and > 0");
    }
    if (!(params.lvq2_delta > 0.0) || !std::isfinite(params.lvq2_delta)) {
        throw_out_of_range("lvq2_delta", params.lvq2_delta, "finite and > 0");
    }
    if (!(params.nll_beta > 0.0)) {
        throw_out_of_range("nll_beta", params.nll_beta, "in (0, inf] (inf: zero-temperature limit)");
    }
}

// ---- stable scalar helpers -------------------------------------------------

double softplus(double x) {
    // log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|): the exponential never overflows.
    return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
}

double sigmoid(double x) {
    // Exponentiate only non-positive numbers so that neither branch overflows.
    if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
    const double exp_x = std::exp(x);
    return exp_x / (1.0 + exp_x);
}

// ---- energy ------------------------------------------------------------------

double energy_loss_forward(double f_sample) { return f_sample; }
double energy_loss_backward() { return 1.0; }

// ---- hinge -------------------------------------------------------------------

double hinge_loss_forward(double f_sample, double f_offending, double margin) {
    return std::max(0.0, margin + f_sample - f_offending);
}

PairLossGradient hinge_loss_backward(double f_sample, double f_offending, double margin) {
    // On the kink itself (margin exactly met) take the zero subgradient: the
    // constraint is satisfied, nothing needs to move.
    if (margin + f_sample - f_offending > 0.0) return {1.0, -1.0};
    return {0.0, 0.0};
}

// ---- log ---------------------------------------------------------------------

double log_loss_forward(double f_sample, double f_offending) { return softplus(f_sample - f_offending); }

PairLossGradient log_loss_backward(double f_sample, double f_offending) {
    const double slope = sigmoid(f_sample - f_offending);  // softplus' = σ
    return {slope, -slope};
}

// ---- square-square -------------------------------------------------------------

double square_square_loss_forward(double f_sample, double f_offending, double margin) {
    const double shortfall = std::max(0.0, margin - f_offending);
    return f_sample * f_sample + shortfall * shortfall;
}

PairLossGradient square_square_loss_backward(double f_sample, double f_offending, double margin) {
    const double shortfall = std::max(0.0, margin - f_offending);
    return {2.0 * f_sample, -2.0 * shortfall};
}

// ---- square-exp ----------------------------------------------------------------

double square_exp_loss_forward(double f_sample, double f_offending, double gamma) {
    return f_sample * f_sample + gamma * std::exp(-f_offending);
}

PairLossGradient square_exp_loss_backward(double f_sample, double f_offending, double gamma) {
    return {2.0 * f_sample, -gamma * std::exp(-f_offending)};
}

// ---- lvq2 ----------------------------------------------------------------------

double lvq2_loss_forward(double f_sample, double f_offending, double delta) {
    const double gap = f_sample - f_offending;
    if (gap <= 0.0) return 0.0;
    // Saturation test multiplied out, so that F(ȳ) ≤ 0 needs no division.
    if (gap >= delta * f_offending) return 1.0;
    return gap / (delta * f_offending);
}

PairLossGradient lvq2_loss_backward(double f_sample, double f_offending, double delta) {
    const double gap = f_sample - f_offending;
    if (gap <= 0.0 || gap >= delta * f_offending) return {0.0, 0.0};
    // ℓ = (F(y) − F(ȳ)) / (δ F(ȳ)) = F(y)/(δ F(ȳ)) − 1/δ.
    return {1.0 / (delta * f_offending), -f_sample / (delta * f_offending * f_offending)};
}

// ---- mce -----------------------------------------------------------------------

double mce_loss_forward(double f_sample, double f_offending) { return sigmoid(f_sample - f_offending); }

PairLossGradient mce_loss_backward(double f_sample, double f_offending) {
    // σ' = σ(x) σ(−x); written so rather than σ(1 − σ), which loses all
    // digits when σ rounds to 1.
    const double gap = f_sample - f_offending;
    const double slope = sigmoid(gap) * sigmoid(-gap);
    return {slope, -slope};
}

// ---- perceptron ------------------------------------------------------------------

double perceptron_loss_forward(double f_sample, const std::vector<double>& f_contrastive /* (K) */) {
    if (f_contrastive.empty()) return 0.0;  // y is the only answer, so the minimum
    const double f_offending = f_contrastive[most_offending_index(f_contrastive)];
    return f_sample - std::min(f_sample, f_offending);
}

LossGradient perceptron_loss_backward(double f_sample, const std::vector<double>& f_contrastive /* (K) */) {
    LossGradient gradient{0.0, std::vector<double>(f_contrastive.size(), 0.0)};
    if (f_contrastive.empty()) return gradient;
    const std::size_t offending = most_offending_index(f_contrastive);
    // On a tie y counts as the minimum: ℓ = 0 and nothing moves.
    if (f_contrastive[offending] < f_sample) {
        gradient.df_sample = 1.0;
        gradient.df_contrastive[offending] = -1.0;
    }
    return gradient;
}

// ---- nll -------------------------------------------------------------------------

double nll_loss_forward(double f_sample, const std::vector<double>& f_contrastive /* (K) */, double beta) {
    if (std::isinf(beta)) return perceptron_loss_forward(f_sample, f_contrastive);
    // Shift by the minimum so that every exponent is ≤ 0 and one equals 0:
    // the sum lies in [1, K + 1] and its log is finite for any β and F.
    double f_min = f_sample;
    for (double f : f_contrastive) f_min = std::min(f_min, f);
    double partition = std::exp(-beta * (f_sample - f_min));
    for (double f : f_contrastive) partition += std::exp(-beta * (f - f_min));
    return (f_sample - f_min) + std::log(partition) / beta;
}

LossGradient nll_loss_backward(double f_sample, const std::vector<double>& f_contrastive /* (K) */,
                               double beta) {
    if (std::isinf(beta)) return perceptron_loss_backward(f_sample, f_contrastive);
    double f_min = f_sample;
    for (double f : f_contrastive) f_min = std::min(f_min, f);
    const double weight_sample = std::exp(-beta * (f_sample - f_min));
    std::vector<double> weight_contrastive(f_contrastive.size());  // (K)
    double partition = weight_sample;
    for (std::size_t k = 0; k < f_contrastive.size(); ++k) {
        weight_contrastive[k] = std::exp(-beta * (f_contrastive[k] - f_min));
        partition += weight_contrastive[k];
    }
    LossGradient gradient{1.0 - weight_sample / partition, std::vector<double>(f_contrastive.size())};
    for (std::size_t k = 0; k < f_contrastive.size(); ++k) {
        gradient.df_contrastive[k] = -weight_contrastive[k] / partition;
    }
    return gradient;
}

// ---- dispatch ----------------------------------------------------------------------

double loss_batch(LossKind kind, const LossParams& params, const double* f_sample, const double* f_contrastive,
                  std::size_t n, std::size_t K, double* df_sample, double* df_contrastive) {
    double loss = 0;
    if (kind == LossKind::energy) {
        for (std::size_t i = 0; i < n; ++i) {
            loss += energy_loss_forward(f_sample[i]);
            df_sample[i] = energy_loss_backward();
        }
        std::fill(df_contrastive, df_contrastive + n * K, 0.0);
        return loss;
    }
    std::vector<double> offered(K);  // (K)
    for (std::size_t i = 0; i < n; ++i) {
        offered.assign(f_contrastive + i * K, f_contrastive + (i + 1) * K);
        loss += loss_forward(kind, params, f_sample[i], offered);
        const LossGradient gradient = loss_backward(kind, params, f_sample[i], offered);
        df_sample[i] = gradient.df_sample;
        std::copy(gradient.df_contrastive.begin(), gradient.df_contrastive.end(), df_contrastive + i * K);
    }
    return loss;
}

double loss_forward(LossKind kind, const LossParams& params, double f_sample,
                    const std::vector<double>& f_contrastive /* (K) */) {
    if (kind == LossKind::energy) return energy_loss_forward(f_sample);
    require_contrastive(kind, f_contrastive);
    if (kind == LossKind::perceptron) return perceptron_loss_forward(f_sample, f_contrastive);
    if (kind == LossKind::nll) return nll_loss_forward(f_sample, f_contrastive, params.nll_beta);

    const double f_offending = f_contrastive[most_offending_index(f_contrastive)];
    switch (kind) {
        case LossKind::hinge: return hinge_loss_forward(f_sample, f_offending, params.margin);
        case LossKind::log: return log_loss_forward(f_sample, f_offending);
        case LossKind::square_square:
            return square_square_loss_forward(f_sample, f_offending, params.margin);
        case LossKind::square_exp: return square_exp_loss_forward(f_sample, f_offending, params.gamma);
        case LossKind::lvq2: return lvq2_loss_forward(f_sample, f_offending, params.lvq2_delta);
        case LossKind::mce: return mce_loss_forward(f_sample, f_offending);
        default: break;
    }
    throw std::invalid_argument("loss_forward: unhandled loss '" + loss_name(kind) + "'");
}

LossGradient loss_backward(LossKind kind, const LossParams& params, double f_sample,
                           const std::vector<double>& f_contrastive /* (K) */) {
    if (kind == LossKind::energy) {
        return {energy_loss_backward(), std::vector<double>(f_contrastive.size(), 0.0)};
    }
    require_contrastive(kind, f_contrastive);
    if (kind == LossKind::perceptron) return perceptron_loss_backward(f_sample, f_contrastive);
    if (kind == LossKind::nll) return nll_loss_backward(f_sample, f_contrastive, params.nll_beta);

    const std::size_t offending = most_offending_index(f_contrastive);
    const double f_offending = f_contrastive[offending];
    PairLossGradient pair{};
    switch (kind) {
        case LossKind::hinge: pair = hinge_loss_backward(f_sample, f_offending, params.margin); break;
        case LossKind::log: pair = log_loss_backward(f_sample, f_offending); break;
        case LossKind::square_square:
            pair = square_square_loss_backward(f_sample, f_offending, params.margin);
            break;
        case LossKind::square_exp:
            pair = square_exp_loss_backward(f_sample, f_offending, params.gamma);
            break;
        case LossKind::lvq2: pair = lvq2_loss_backward(f_sample, f_offending, params.lvq2_delta); break;
        case LossKind::mce: pair = mce_loss_backward(f_sample, f_offending); break;
        default:
            throw std::invalid_argument("loss_backward: unhandled loss '" + loss_name(kind) + "'");
    }
    LossGradient gradient{pair.df_sample, std::vector<double>(f_contrastive.size(), 0.0)};
    gradient.df_contrastive[offending] = pair.df_offending;
    return gradient;
}

}  // namespace ebm

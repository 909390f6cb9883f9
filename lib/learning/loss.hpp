// Loss functionals on free energies: ℓ(F, y) for one training sample.
//
// Legend
//   F(y)     free energy of the training sample y (the loss pushes it down)
//   F(ŷ)     free energy of a contrastive sample ŷ (the loss pushes it up)
//   K        number of contrastive samples offered for one training sample
//   F(ȳ)     min_k F(ŷ_k): the most offending of the K contrastive samples
//   d…       a partial derivative of the loss: df_sample = ∂ℓ/∂F(y)
//
// Every loss is a forward/backward pair taking free energies (never
// parameters): the trainer chains df_* with ∂F/∂w from the model. The batch
// loss is the mean L = 1/N Σ_n ℓ(F, y(n)) (SPEC §4); that mean is the
// trainer's, not this file's.
//
// The formulas are those of LeCun, Chopra, Hadsell, Ranzato & Huang (2006),
// "A Tutorial on Energy-Based Learning", section 2.2 and Table 1, with the
// tutorial's E(W, Y^i, X^i) read as F(y) and E(W, Ȳ^i, X^i) as F(ȳ). The
// tutorial's ȳ is the most offending incorrect answer over the whole answer
// space; here the answer space is what the contrastive strategy offered
// (contrastive.hpp), so the pairwise losses use F(ȳ) = min_k F(ŷ_k) and their
// gradient flows to that one sample (the first one on a tie), exactly as the
// tutorial's gradient flows to its single ȳ.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace ebm {

enum class LossKind { energy, hinge, log, perceptron, square_square, square_exp, lvq2, mce, nll };

// Every kind in declaration order; loss_name gives their command-line names:
// energy, hinge, log, perceptron, square-square, square-exp, lvq2, mce, nll.
const std::array<LossKind, 9>& all_loss_kinds();
std::string loss_name(LossKind kind);
// Throws std::invalid_argument naming the bad name and the allowed ones.
LossKind loss_kind_from_name(const std::string& name);
// "energy|hinge|log|…": the allowed names, for help texts and error messages.
std::string allowed_loss_names();
// Every loss but `energy` compares y with contrastive samples, so needs K >= 1;
// `energy` relies on the architecture alone to keep F high away from the data.
bool loss_needs_contrastive(LossKind kind);

// The constants of the losses; each loss reads only its own.
struct LossParams {
    // m of hinge and square-square, ≥ 0. Free energies of the ellipse are
    // squared distances of order 1 inside the lecture's window, hence 1.
    double margin = 1.0;
    // γ of square-exp (the tutorial calls it β; renamed so as not to clash
    // with the inverse temperature), > 0.
    double gamma = 1.0;
    // δ of lvq2 (tutorial eq. 13), > 0: the loss saturates once
    // F(y) ≥ (1 + δ) F(ȳ).
    double lvq2_delta = 1.0;
    // β of nll, in (0, ∞]; independent of the β of the free energy F_β.
    // β = ∞ is the zero-temperature limit, where nll becomes perceptron.
    double nll_beta = 1.0;
};

// Throws std::invalid_argument naming the first bad parameter, its value and
// the allowed range. All four are checked whatever the loss: a bad value is a
// configuration error even when the chosen loss ignores it.
void validate_loss_params(const LossParams& params);

// ∂ℓ/∂F(y) and ∂ℓ/∂F(ȳ) of a loss of one contrastive free energy.
struct PairLossGradient {
    double df_sample;
    double df_offending;
};

// ∂ℓ/∂F(y) and ∂ℓ/∂F(ŷ_k) of a loss of the whole contrastive set.
struct LossGradient {
    double df_sample;
    std::vector<double> df_contrastive;  // (K)
};

// ---- energy (tutorial eq. 6): ℓ = F(y) -------------------------------------
double energy_loss_forward(double f_sample);
double energy_loss_backward();  // ∂ℓ/∂F(y) = 1

// ---- hinge (eq. 11): ℓ = max(0, m + F(y) − F(ȳ)) ----------------------------
// SPEC §4 writes it ( m − [F(ŷ) − F(y)] )⁺: the same function.
double hinge_loss_forward(double f_sample, double f_offending, double margin);
PairLossGradient hinge_loss_backward(double f_sample, double f_offending, double margin);

// ---- log (eq. 12): ℓ = log(1 + exp[F(y) − F(ȳ)]) = softplus(F(y) − F(ȳ)) ------
double log_loss_forward(double f_sample, double f_offending);
PairLossGradient log_loss_backward(double f_sample, double f_offending);

// ---- square-square (eq. 16): ℓ = F(y)² + (max(0, m − F(ȳ)))² -----------------
double square_square_loss_forward(double f_sample, double f_offending, double margin);
PairLossGradient square_square_loss_backward(double f_sample, double f_offending, double margin);

// ---- square-exp (eq. 17): ℓ = F(y)² + γ exp(−F(ȳ)) --------------------------
double square_exp_loss_forward(double f_sample, double f_offending, double gamma);
PairLossGradient square_exp_loss_backward(double f_sample, double f_offending, double gamma);

// ---- lvq2 (eq. 13): ℓ = min(1, max(0, (F(y) − F(ȳ)) / (δ F(ȳ)))) -------------
// The tutorial's text form. (Its Table 1 lists LVQ2 with margin 0; the form
// min(M, max(0, (F(y) − F(ȳ)) / F(ȳ))) equals δ·ℓ with M = δ.) The ratio is
// compared without dividing, so F(ȳ) ≤ 0 with F(y) > F(ȳ) gives the limit
// ratio +∞, ℓ = 1; free energies here are ≥ 0 (F_β ≥ min_z E ≥ 0), so that
// case arises only at F(ȳ) = 0.
double lvq2_loss_forward(double f_sample, double f_offending, double delta);
PairLossGradient lvq2_loss_backward(double f_sample, double f_offending, double delta);

// ---- mce (eq. 15): ℓ = σ(F(y) − F(ȳ)) = (1 + exp[−(F(y) − F(ȳ))])⁻¹ ---------
double mce_loss_forward(double f_sample, double f_offending);
PairLossGradient mce_loss_backward(double f_sample, double f_offending);

// ---- perceptron (eq. 7): ℓ = F(y) − min over answers of F ----------------------
// The answers are y itself and the K contrastive samples, so
// ℓ = F(y) − min(F(y), F(ŷ_1), …, F(ŷ_K)) = max(0, F(y) − F(ȳ)) ≥ 0, zero when y
// is the lowest-energy answer. (Leaving y out would make ℓ unbounded below:
// the loss could fall forever by raising F(ŷ).)
double perceptron_loss_forward(double f_sample, const std::vector<double>& f_contrastive /* (K) */);
LossGradient perceptron_loss_backward(double f_sample, const std::vector<double>& f_contrastive /* (K) */);

// ---- nll (eq. 23, negative log-likelihood / MMI) ------------------------------
// ℓ = F(y) + 1/β log Σ_{a ∈ A} exp(−β F(a)),   A = {y, ŷ_1, …, ŷ_K}
// The tutorial's integral over all answers becomes a sum over the answers at
// hand, y included, unnormalised: ℓ = −1/β log p_β(y | A) with p_β the
// softargmin_β over A, so ℓ ≥ 0 and ℓ → 0 as y dominates A. Normalising by
// |A| would only shift ℓ by a constant. ∂ℓ/∂F(a) = [a = y] − p_β(a | A).
// Evaluated by a shifted log-sum-exp: finite for every β in (0, ∞]; β = ∞ is
// perceptron.
double nll_loss_forward(double f_sample, const std::vector<double>& f_contrastive /* (K) */, double beta);
LossGradient nll_loss_backward(double f_sample, const std::vector<double>& f_contrastive /* (K) */,
                               double beta);

// ---- any loss, by kind ---------------------------------------------------------
// Pairwise losses use F(ȳ) = min_k F(ŷ_k) and put their df_offending on that k;
// the other entries of df_contrastive are 0. Throws std::invalid_argument if
// the loss needs contrastive samples and K = 0. `energy` ignores the
// contrastive set (its df_contrastive is K zeros).
double loss_forward(LossKind kind, const LossParams& params, double f_sample,
                    const std::vector<double>& f_contrastive /* (K) */);
LossGradient loss_backward(LossKind kind, const LossParams& params, double f_sample,
                           const std::vector<double>& f_contrastive /* (K) */);

// ---- a batch of samples -----------------------------------------------------------
// Σ_i ℓ(F(y_i), F(ŷ_i,·)) over n samples, added in order i = 0 … n−1, and
// each sample's gradient: f_sample (n), f_contrastive (n, K) row i the
// contrastive set of sample i; writes df_sample (n) and df_contrastive (n, K)
// as loss_backward would, sample by sample. A trainer's whole batch in one
// call: no vectors per sample, and the energy loss, which has no contrastive
// set, is a plain loop.
double loss_batch(LossKind kind, const LossParams& params, const double* f_sample, const double* f_contrastive,
                  std::size_t n, std::size_t K, double* df_sample, double* df_contrastive);

// Numerically stable scalar helpers, shared with the tests:
// softplus(x) = log(1 + eˣ) and σ(x) = 1/(1 + e⁻ˣ), finite for any finite x.
double softplus(double x);
double sigmoid(double x);

}  // namespace ebm

# likelihood-readout (ours: the probabilistic reading): a model trained at
# the zero-temperature limit has no temperature of its own, but every β makes
# its free energy a density, p_β(y) = β/π · exp(−β F_β(y)). The mean
# held-out −log p_β against the read-out β: its minimum β̂ is the model's own
# estimate of the data's noise, σ̂ = 1/√(2β̂), beside the generator's
# 1/(2σ²) and, as the floor, the generator's own mean NLL on the same samples.
# Reads: in1 = an inference file with /likelihood (ebm-infer --likelihood-beta).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /likelihood/readout/log10_beta /likelihood/readout/mean_nll /likelihood/beta_hat /likelihood/sigma_hat /likelihood/mean_nll_beta_hat /likelihood/mean_true_nll /likelihood/data_beta /likelihood/data_sigma /likelihood/samples/x
load plots.'/style.gp'
max(a, b) = a > b ? a : b
min(a, b) = a < b ? a : b

beta_hat = in1_likelihood_beta_hat_min
sigma_hat = in1_likelihood_sigma_hat_min
nll_hat = in1_likelihood_mean_nll_beta_hat_min
nll_floor = in1_likelihood_mean_true_nll_min
data_beta = in1_likelihood_data_beta_min
sigma = in1_likelihood_data_sigma_min
heldout = in1_likelihood_samples_x_n
# The interesting band: from the floor to a few nats above the minimum.
y_lo = nll_floor - 0.5
y_hi = nll_hat + 3

set title sprintf('Held-out −log p_β(y) of the ZTL-trained model against the read-out β   (%d held-out samples)', heldout)
set logscale x
set format x '10^{%T}'
# The x range is what is drawn: the curve's points inside the y range and the
# next point beyond each end, where its line leaves the plot, with β̂ and
# 1/(2σ²); within the curve's own range.
curve = side_by_side(file(1, 'likelihood/readout/log10_beta'), file(1, 'likelihood/readout/mean_nll'))
stats curve using (($2 >= y_lo && $2 <= y_hi) ? $1 : NaN) nooutput
log10_first = in1_likelihood_readout_log10_beta_min
log10_last = in1_likelihood_readout_log10_beta_max
step = real(log10_last - log10_first) / (in1_likelihood_readout_log10_beta_n - 1)  # real: the ends may be integers
x_lo = max(log10_first, min(STATS_min - step, min(log10(beta_hat), log10(data_beta))))
x_hi = min(log10_last, max(STATS_max + step, max(log10(beta_hat), log10(data_beta))))
set xrange [10**x_lo : 10**x_hi]
set yrange [y_lo:y_hi]
set xlabel 'read-out β        (σ_β = 1/√(2β): ← wider     narrower →)'
set ylabel 'mean −log p_β(y)  (nats)'
set key top left Left reverse samplen 2.5 width 1 box opaque
set arrow from data_beta, graph 0 to data_beta, graph 1 nohead lt 7 dt 3 lw 1.5 front
set label sprintf(' 1/(2σ²) = %g', data_beta) at data_beta, graph 0.06 left front textcolor lt 7
plot curve using (10**$1):2 with linespoints lt 1 lw 2.5 pt 7 ps 0.6*point_scale title 'ZTL-trained model: mean −log p_β', \
     '+' every ::0::0 using (beta_hat):(nll_hat) with points lt 6 pt 7 ps 2.2*point_scale \
         title sprintf('β̂ = %.4g (σ̂ = %.4f): %.3f nats', beta_hat, sigma_hat, nll_hat), \
     nll_floor with lines lt 3 dt 2 lw 2 title sprintf('the generator (σ = %g): %.3f nats', sigma, nll_floor)

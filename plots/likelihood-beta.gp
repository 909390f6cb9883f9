# likelihood-beta (ours: the probabilistic reading, quantified): the ellipse
# model trained with the energy loss at β is maximum likelihood of
# y = g(z) + N(0, I/(2β)), z uniform on its Z latents. Top: the mean held-out
# −log p_β at the training β against β, one curve per latent count Z, above
# the generator's own mean −log p of the same samples (the floor); a ZTL run
# (β = ∞) has no density at its own β and is drawn, dashed, at its read-out β̂.
# Bottom: the trained semi-axes |w₁|, |w₂| against β, with the data's ρ.
# Reads: in1 = the likelihood sweep's table (experiments/sweeps/likelihood.cfg):
#        /parameters/beta (T, +inf for ZTL), /parameters/z (T), /results/w (T, 2),
#        /results/heldout_nll, heldout_nll_beta_hat, true_nll, data_beta (T);
#        in2 = the study's training data: root attributes alpha, beta_data, x.
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/sweep-table /parameters/beta /parameters/z /results/w /results/heldout_nll /results/heldout_nll_beta_hat /results/true_nll /results/data_beta
# needs: in2 ebm/data
load plots.'/style.gp'

T = in1_parameters_beta_n
# β as text: gnuplot drops 'inf' from its numbers.
betas_text = ''
stats file(1, 'parameters/beta') using (betas_text = betas_text . ' ' . strcol(1), 0) nooutput
beta(t) = word(betas_text, t) + 0
is_ztl(t) = beta(t) > 1e308
array z[T]; array nll_hat[T]
stats file(1, 'parameters/z') using (z[int($0) + 1] = $1) nooutput
stats file(1, 'results/heldout_nll_beta_hat') using (nll_hat[int($0) + 1] = $1) nooutput
stats file(1, 'results/true_nll') using (nll_floor = $1) nooutput
stats file(1, 'results/data_beta') using (data_beta = $1) nooutput

# The latent counts, in the order of the tasks (at most 8).
array counts[8]
C = 0
do for [t = 1:T] {
    seen = 0
    do for [c = 1:C] { if (counts[c] == z[t]) { seen = 1 } }
    if (!seen) { C = C + 1; counts[C] = z[t] }
}
beta_min = 1e308; beta_max = 0
do for [t = 1:T] { if (!is_ztl(t)) { beta_min = (beta(t) < beta_min) ? beta(t) : beta_min; beta_max = (beta(t) > beta_max) ? beta(t) : beta_max } }
rho1 = (in2_alpha * in2_x + in2_beta_data * (1 - in2_x)) * exp(2 * in2_x)
rho2 = (in2_beta_data * in2_x + in2_alpha * (1 - in2_x)) * exp(2 * in2_x)
ztl_nll(c) = sum [t = 1:T] ((is_ztl(t) && z[t] == counts[c]) ? nll_hat[t] : 0)

x_lo = beta_min / 1.5; x_hi = beta_max * 1.5
# The tasks as one table: β, Z, then the result's columns. A β of 'inf' is no
# number to gnuplot: the ZTL tasks drop out of these curves by themselves.
# Task b·C + c − 1 is β_b with the c-th latent count (the sweep's axes: β, then z):
# `every C::c − 1` picks one count's tasks, the test on Z checks it.
table(result) = sprintf('< paste %s %s %s', file(1, 'parameters/beta'), file(1, 'parameters/z'), file(1, result))

set multiplot layout 2, 1 title 'Energy-loss training at β is maximum likelihood of y = g(z) + N(0, I/(2β))' font ',16'
set logscale x
set xrange [x_lo:x_hi]
set lmargin 12; set rmargin 4
# Larger marks for the fewer latents: curves that coincide (warm β) all show.
size(c) = 2.2 - 0.6 * (c - 1)
set arrow 1 from data_beta, graph 0 to data_beta, graph 1 nohead lt 7 dt 3 lw 1.5 front
set label 1 sprintf(' 1/(2σ²) = %g', data_beta) at data_beta, graph 0.92 left front textcolor lt 7

set ylabel 'held-out mean −log p_β  (nats)'
set yrange [nll_floor - 0.2 : nll_floor + 4.5]
set format x ''
set key inside top center vertical maxcols 1 Left reverse samplen 2.5 width 1 box opaque
plot for [c = 1:C] table('results/heldout_nll') every C::(c - 1) using 1:($2 == counts[c] ? $3 : NaN) \
         with linespoints lt c lw 2.5 pt 7 ps size(c)*point_scale title sprintf('Z = %d, at β', counts[c]), \
     for [c = 1:C] ztl_nll(c) with lines lt c dt 2 lw 1.5 \
         title sprintf('Z = %d, ZTL at its β̂: %.3f', counts[c], ztl_nll(c)), \
     nll_floor with lines lt -1 lw 2 title sprintf('the generator: %.3f', nll_floor)

set ylabel 'trained |w|'
set yrange [0:*]
set format x '%g'
set xlabel 'training β        (← warmer     colder →)'
unset label 1
set key inside bottom right vertical maxrows 4 Left reverse samplen 2.5 width 1 box opaque
plot for [c = 1:C] table('results/w') every C::(c - 1) using 1:($2 == counts[c] ? abs($3) : NaN) \
         with linespoints lt c lw 2 pt 7 ps size(c)*point_scale title sprintf('|w₁|, Z = %d', counts[c]), \
     for [c = 1:C] table('results/w') every C::(c - 1) using 1:($2 == counts[c] ? abs($4) : NaN) \
         with linespoints lt c lw 2 pt 5 ps size(c)*point_scale dt 4 title sprintf('|w₂|, Z = %d', counts[c]), \
     rho1 with lines lt 7 dt 3 lw 1.5 title sprintf('data: ρ₁ = %g, ρ₂ = %g', rho1, rho2), \
     rho2 with lines lt 7 dt 3 lw 1.5 notitle
unset multiplot

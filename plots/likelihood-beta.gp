# likelihood-beta (ours: the probabilistic reading, quantified): the ellipse
# model trained with the energy loss at β is maximum likelihood of
# y = g(z) + N(0, I/(2β)), z uniform on its Z latents. Top: the mean held-out
# −log p_β against the training β, per latent count (likelihood-beta-nll.gpi).
# Bottom: the trained semi-axes |w₁|, |w₂| against β, with the data's ρ.
# Reads: in1 = the likelihood sweep's table (experiments/sweeps/likelihood.cfg):
#        /parameters/beta (T, +inf for ZTL), /parameters/z (T), /results/w (T, 2),
#        /results/heldout_nll, heldout_nll_beta_hat, true_nll, data_beta (T);
#        in2 = the study's training data: root attributes alpha, beta_data, x.
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/sweep-table /parameters/beta /parameters/z /results/w /results/heldout_nll /results/heldout_nll_beta_hat /results/true_nll /results/data_beta
# needs: in2 ebm/data
load plots.'/style.gp'

generative_model = 'y = g(z) + N(0, I/(2β))'
beta_axis_below = 1
load plots.'/likelihood-beta-nll.gpi'

rho1 = (in2_alpha * in2_x + in2_beta_data * (1 - in2_x)) * exp(2 * in2_x)
rho2 = (in2_beta_data * in2_x + in2_alpha * (1 - in2_x)) * exp(2 * in2_x)

set ylabel 'trained |w|'
set yrange [0:*]
set format x '%g'
set xlabel 'training β        (← warmer     colder →)'
unset label 1
set key outside right top vertical Left reverse samplen 2.5 width -1 box opaque
plot for [c = 1:C] table('results/w') every C::(c - 1) using 1:($2 == counts[c] ? abs($3) : NaN) \
         with linespoints lt c lw 2 pt 7 ps size(c)*point_scale title sprintf('|w₁|, Z = %d', counts[c]), \
     for [c = 1:C] table('results/w') every C::(c - 1) using 1:($2 == counts[c] ? abs($4) : NaN) \
         with linespoints lt c lw 2 pt 5 ps size(c)*point_scale dt 4 title sprintf('|w₂|, Z = %d', counts[c]), \
     rho1 with lines lt 7 dt 3 lw 1.5 title sprintf('data: ρ₁ = %.4g, ρ₂ = %.4g', rho1, rho2), \
     rho2 with lines lt 7 dt 3 lw 1.5 notitle
unset multiplot

# sweep-beta (lecture: ZTL against "warmer" training, quantified): the ellipse
# model trained with the energy loss on the free energy F_β, for several β and
# at the zero-temperature limit (β = ∞, F∞), from the same w0. Top: the trained
# semi-axes |w₁|, |w₂| against β, beside the semi-axes the data were drawn from
# (w₁'s sign, which training keeps, only says where z = 0 sits: in the key).
# Bottom: the mean F∞ (squared distance to the trained manifold) over the
# training samples and over the held-out ones; their gap is the overfitting.
# The ZTL run cannot sit on a log axis: it is the dashed line of each colour.
# Reads: in1 = the beta sweep's table (experiments/sweeps/beta.cfg, ebm-sweep
#        aggregate): /parameters/beta (T, +inf for ZTL), /results/w (T, 2),
#        /results/train_f_inf (T), /results/heldout_f_inf (T);
#        in2 = the training data file: root attributes alpha, beta_data, x.
load plots.'/style.gp'

T = in1_parameters_beta_n
# β as text: gnuplot drops 'inf' from its numbers.
betas_text = ''
stats file(1, 'parameters/beta') using (betas_text = betas_text . ' ' . strcol(1), 0) nooutput
beta(t) = word(betas_text, t) + 0
is_ztl(t) = beta(t) > 1e308
array w1[T]; array w2[T]; array train_f[T]; array heldout_f[T]
stats file(1, 'results/w') using (w1[int($0) + 1] = $1, w2[int($0) + 1] = $2) nooutput
stats file(1, 'results/train_f_inf') using (train_f[int($0) + 1] = $1) nooutput
stats file(1, 'results/heldout_f_inf') using (heldout_f[int($0) + 1] = $1) nooutput

ztl = 0
do for [t = 1:T] { if (is_ztl(t)) { ztl = t } }
if (ztl == 0) { print 'sweep-beta: the table has no β = inf (ZTL) task'; exit status 1 }
beta_min = 1e308; beta_max = 0
do for [t = 1:T] { if (!is_ztl(t)) { beta_min = (beta(t) < beta_min) ? beta(t) : beta_min; beta_max = (beta(t) > beta_max) ? beta(t) : beta_max } }
# The data's semi-axes ρ(x) = [αx + β_d(1 − x), β_d x + α(1 − x)]·exp(2x) at its fixed x.
rho1 = (in2_alpha * in2_x + in2_beta_data * (1 - in2_x)) * exp(2 * in2_x)
rho2 = (in2_beta_data * in2_x + in2_alpha * (1 - in2_x)) * exp(2 * in2_x)

x_lo = beta_min / 1.5; x_hi = beta_max * 1.5
ends = sprintf('[t = %.17g:%.17g:%.17g]', x_lo, x_hi, x_hi - x_lo)
finite = '[t = 1:T:1]'

set multiplot layout 2, 1 title 'Energy-loss training at inverse temperature β (dashed: β = ∞, ZTL)' font ',18'
set logscale x
set xrange [x_lo:x_hi]
set format x '%g'
set lmargin 12; set rmargin 4

# From 0 to the largest semi-axis, trained or the data's, with room for the key.
w_max = (rho1 > rho2) ? rho1 : rho2
do for [t = 1:T] { w_max = (abs(w1[t]) > w_max) ? abs(w1[t]) : w_max; w_max = (abs(w2[t]) > w_max) ? abs(w2[t]) : w_max }
set ylabel 'trained semi-axes |w|'
set yrange [-0.05 * w_max:1.15 * w_max]
set key bottom right vertical maxcols 1 Left reverse samplen 2.5 width 1 box opaque
unset xlabel
set format x ''
plot sample @finite '+' using (beta(int(t))):(is_ztl(int(t)) ? NaN : abs(w1[int(t)])) with linespoints lt 1 lw 2.5 title '|w₁|', \
     @finite '+' using (beta(int(t))):(is_ztl(int(t)) ? NaN : abs(w2[int(t)])) with linespoints lt 2 lw 2.5 title '|w₂|', \
     @ends '+' using 1:(abs(w1[ztl])) with lines lt 1 dt 2 lw 2 title sprintf('at ZTL: w₁ = %.3f', w1[ztl]), \
     @ends '+' using 1:(abs(w2[ztl])) with lines lt 2 dt 2 lw 2 title sprintf('at ZTL: w₂ = %.3f', w2[ztl]), \
     @ends '+' using 1:(rho1) with lines lt 7 dt 3 lw 1.5 title sprintf('data: ρ₁ = %g, ρ₂ = %g', rho1, rho2), \
     @ends '+' using 1:(rho2) with lines lt 7 dt 3 lw 1.5 notitle

set logscale y
set yrange [*:*]
set format y '10^{%T}'
set key top right vertical maxcols 1 Left reverse samplen 2.5 width 1 box opaque
set format x '%g'
set xlabel 'β = 1 / k_BT        (← warmer     colder →)'
set ylabel 'mean F_∞ = min_z E'
plot sample @finite '+' using (beta(int(t))):(is_ztl(int(t)) ? NaN : train_f[int(t)]) with linespoints lt 3 lw 2.5 title 'training', \
     @finite '+' using (beta(int(t))):(is_ztl(int(t)) ? NaN : heldout_f[int(t)]) with linespoints lt 4 lw 2.5 title 'held-out', \
     @ends '+' using 1:(train_f[ztl]) with lines lt 3 dt 2 lw 2 title sprintf('training at ZTL = %.4f', train_f[ztl]), \
     @ends '+' using 1:(heldout_f[ztl]) with lines lt 4 dt 2 lw 2 title sprintf('held-out at ZTL = %.4f', heldout_f[ztl])
unset multiplot

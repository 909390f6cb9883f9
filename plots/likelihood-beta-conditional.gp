# likelihood-beta-conditional (ours: the probabilistic reading of the horn,
# quantified): the conditional model trained with the energy loss at β is
# maximum likelihood of y = f(x) ⊙ (cos z, sin z) + N(0, I/(2β)), z uniform on
# its Z latents. Top: the mean held-out −log p_β against the training β, per
# latent count (likelihood-beta-nll.gpi). Bottom: the noise σ̂ = 1/√(2β̂) each
# model reads out of each band of x of the held-out samples, for the models
# trained at the data's own 1/(2σ²) and at ZTL, against the data's σ: the
# latents lie ever farther apart on the growing ring, and fewer of them
# farther still.
# Reads: in1 = the conditional likelihood sweep's table
#        (experiments/sweeps/likelihood-conditional.cfg): /parameters/beta (T, +inf
#        for ZTL), /parameters/z (T), /results/heldout_nll, heldout_nll_beta_hat,
#        true_nll, data_beta, data_sigma (T), /results/band_x_edges (T, B + 1),
#        /results/band_beta_hat (T, B).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/sweep-table /parameters/beta /parameters/z /results/heldout_nll /results/heldout_nll_beta_hat /results/true_nll /results/data_beta /results/data_sigma /results/band_x_edges /results/band_beta_hat
load plots.'/style.gp'

generative_model = 'y = f(x) ⊙ (cos z, sin z) + N(0, I/(2β))'
load plots.'/likelihood-beta-nll.gpi'

# The bands: every task's are the same held-out samples' (row 0's edges).
B = in1_results_band_beta_hat_cols
array edges[B + 1]
stats file(1, 'results/band_x_edges') matrix using ($2 == 0 ? edges[int($1) + 1] = $3 : 0) nooutput
stats file(1, 'results/data_sigma') using (sigma = $1) nooutput
centre(b) = (edges[b] + edges[b + 1]) / 2
# The task of the c-th latent count trained at the data's β (the sweep's typed
# 200 against the computed 1/(2σ²): equal to rounding), and at ZTL.
array ml_task[C]; array ztl_task[C]
do for [t = 1:T] {
    do for [c = 1:C] {
        if (z[t] == counts[c] && abs(beta(t) / data_beta - 1) < 1e-9) { ml_task[c] = t }
        if (z[t] == counts[c] && is_ztl(t)) { ztl_task[c] = t }
    }
}

unset logscale x
unset arrow 1; unset label 1
set xrange [edges[1]:edges[B + 1]]
set format x '%g'
set ylabel 'read-out noise σ̂ = 1/√(2β̂)'
set logscale y
# Every task's σ̂ and the data's σ, with room: σ never on the frame.
sigma_lo = sigma; sigma_hi = sigma
stats file(1, 'results/band_beta_hat') matrix using (s = 1 / sqrt(2 * $3), sigma_lo = s < sigma_lo ? s : sigma_lo, \
    sigma_hi = s > sigma_hi ? s : sigma_hi) nooutput
set yrange [sigma_lo / 1.5 : sigma_hi * 1.5]
set xlabel 'x (band centre)'
set key outside right top vertical Left reverse samplen 2.5 width -1 box opaque
# Matrix rows are tasks ($2 from 0), columns bands ($1 from 0): one task's row a curve.
band_curve(t) = ($2 == t - 1 ? 1 / sqrt(2 * $3) : NaN)
plot for [c = 1:C] file(1, 'results/band_beta_hat') matrix using (centre(int($1) + 1)):(band_curve(ml_task[c])) \
         with linespoints lt c lw 2.5 pt 7 ps size(c)*point_scale title sprintf('Z = %d, trained at 1/(2σ²)', counts[c]), \
     for [c = 1:C] file(1, 'results/band_beta_hat') matrix using (centre(int($1) + 1)):(band_curve(ztl_task[c])) \
         with linespoints lt c lw 1.5 dt 2 pt 6 ps size(c)*point_scale title sprintf('Z = %d, trained at ZTL', counts[c]), \
     sigma with lines lt 7 dt 3 lw 2 title sprintf("the data's σ = %g", sigma)
unset multiplot

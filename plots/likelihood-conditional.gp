# likelihood-conditional (ours: the probabilistic reading of the horn): the
# conditional model (trained at ZTL) read as a density p_β(y | x), per band of
# x. Top: the mean held-out −log p_β at the data's own β = 1/(2σ²), and the
# generator's own, per band. Bottom: the noise σ̂ = 1/√(2β̂) the model reads
# out of each band's samples against the data's σ: the latent grid's spacing
# along a ring grows with ρ(x), and the model's noise estimate with it.
# Reads: in1 = the conditional model's inference file with /likelihood
# (ebm-infer --likelihood-beta on conditional data).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /likelihood/bands/x_edges /likelihood/bands/count /likelihood/bands/mean_nll /likelihood/bands/mean_true_nll /likelihood/bands/beta_hat /likelihood/betas /likelihood/data_sigma /likelihood/samples/x /z
load plots.'/style.gp'

B = in1_likelihood_bands_count_n
array edges[B + 1]; array nll[B]; array floor_nll[B]; array sigma_hat[B]
stats file(1, 'likelihood/bands/x_edges') using (edges[int($0) + 1] = $1) nooutput
# Row 0 of mean_nll ($2: the row, $1: the band): the first --likelihood-beta.
stats file(1, 'likelihood/bands/mean_nll') matrix using ($2 == 0 ? nll[int($1) + 1] = $3 : 0) nooutput
stats file(1, 'likelihood/bands/mean_true_nll') using (floor_nll[int($0) + 1] = $1) nooutput
stats file(1, 'likelihood/bands/beta_hat') using (sigma_hat[int($0) + 1] = 1 / sqrt(2 * $1)) nooutput
stats file(1, 'likelihood/betas') every ::0::0 using (beta = $1) nooutput
sigma = in1_likelihood_data_sigma_min
centre(b) = (edges[b] + edges[b + 1]) / 2

set multiplot layout 2, 1 title sprintf('The conditional model (Z = %d latents) as a density p_β(y | x), per band of x   (%d held-out samples)', \
    in1_z_n, in1_likelihood_samples_x_n) font ',15'
set xrange [edges[1]:edges[B + 1]]
set lmargin 12; set rmargin 4
set format x ''
set ylabel 'mean −log p  (nats)'
set logscale y
set key top left Left reverse samplen 2.5 width 1 box opaque
plot sample [u = 1:B:1] '+' using (centre(int(u))):(nll[int(u)]) with linespoints lt 1 lw 2.5 pt 7 \
         title sprintf('the model at β = 1/(2σ²) = %g', beta), \
     [u = 1:B:1] '+' using (centre(int(u))):(floor_nll[int(u)]) with linespoints lt -1 lw 2 pt 5 title 'the generator'

set format x '%g'
set xlabel 'x (band centre)'
set ylabel 'noise σ'
set logscale y
set key top left Left reverse samplen 2.5 width 1 box opaque
plot sample [u = 1:B:1] '+' using (centre(int(u))):(sigma_hat[int(u)]) with linespoints lt 6 lw 2.5 pt 7 \
         title "the model's read-out σ̂ = 1/√(2β̂) of each band", \
     [u = 1:B:1] '+' using (centre(int(u))):(sigma) with lines lt 7 dt 3 lw 2 title sprintf("the data's σ = %g", sigma)
unset multiplot

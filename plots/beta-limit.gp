# beta-limit (lecture slides 21–22): the free energy F_β(y) = softmin_β E(y, z)
# against the inverse temperature β, for a few points y: hot (β → 0) it tends to
# the average ⟨E(y, z)⟩ over z (the limit derived on slide 22), cold (β → ∞) to
# the minimum F∞(y) = min_z E(y, z). Both limits are drawn as reference lines.
# Reads: in1 = an inference file: /probes/betas (K), /probes/f_beta (P, K),
#        /probes/mean_energy (P), /probes/f_inf (P); root attribute probe_labels.
# Settings: probes_shown (1-based rows of /probes/y, default '1 2 3 4': with
#           ebm-infer's defaults Y[10], Y[23], the origin and the left end of
#           slide 17's mesh points, (−3, −0.5) on the lecture's mesh),
#           probe (one row only, a number), probe_colours (linetypes of
#           style.gp, one a probe).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /probes/betas /probes/f_beta /probes/mean_energy /probes/f_inf
load plots.'/style.gp'

if (exists('probe')) probes_shown = sprintf('%d', probe)   # one row: --set probe=N
if (!exists('probes_shown')) probes_shown = '1 2 3 4'
if (!exists('probe_colours')) probe_colours = '1 2 3 5 4 6'

P = in1_probes_f_beta_rows
K = in1_probes_f_beta_cols
shown = words(probes_shown)
row(i) = int(word(probes_shown, i))        # 1-based row of /probes/… of the i-th curve
colour(i) = int(word(probe_colours, (i - 1) % words(probe_colours) + 1))

array betas[K]
stats file(1, 'probes/betas') using (betas[int($0) + 1] = $1) nooutput
array F[P * K]                             # F[(p−1)K + k] = F_β_k(y_p)
do for [k = 1:K] {
    stats file(1, 'probes/f_beta') using (F[int($0) * K + k] = column(k)) nooutput
}
array mean_energy[P]; array f_inf[P]
stats file(1, 'probes/mean_energy') using (mean_energy[int($0) + 1] = $1) nooutput
stats file(1, 'probes/f_inf') using (f_inf[int($0) + 1] = $1) nooutput

top = 0
do for [i = 1:shown] { top = (mean_energy[row(i)] > top) ? mean_energy[row(i)] : top }

set title 'Free energy F_β(y) = −1/β log ⟨exp(−βE(y, z))⟩_z between its limits'
set logscale x
set yrange [0:1.12 * top]
set format x '10^{%T}'
set xlabel 'β = 1 / k_BT        (← hotter     colder →)'
set ylabel 'F_β(y)'
set key below horizontal maxcols 3 Left reverse samplen 3 spacing 1.2 width 1 nobox
# The limits: each a horizontal line beyond the end of the β range it is the
# limit of (⟨E⟩ left of the hottest β, F∞ right of the coldest), where the
# curves do not run, so that no curve hides them and they do not cross.
decades = log10(in1_probes_betas_max / in1_probes_betas_min)
beyond = 10**(decades / 6)
set xrange [in1_probes_betas_min / beyond : in1_probes_betas_max * beyond]
hot_end = sprintf('[t = %.17g:%.17g:%.17g]', in1_probes_betas_min / beyond, in1_probes_betas_min, \
                  in1_probes_betas_min - in1_probes_betas_min / beyond)
cold_end = sprintf('[t = %.17g:%.17g:%.17g]', in1_probes_betas_max, in1_probes_betas_max * beyond, \
                   in1_probes_betas_max * beyond - in1_probes_betas_max)
set arrow 1 from in1_probes_betas_min, graph 0 to in1_probes_betas_min, graph 1 nohead lc rgb '#bbbbbb' dt 1 back
set arrow 2 from in1_probes_betas_max, graph 0 to in1_probes_betas_max, graph 1 nohead lc rgb '#bbbbbb' dt 1 back
plot for [i = 1:shown] [k = 1:K:1] '+' using (betas[int(k)]):(F[(row(i) - 1) * K + int(k)]) \
         with linespoints lw 2.5 pt 7 ps 0.6*point_scale lc colour(i) title sprintf('y = %s', word(in1_probe_labels, row(i))), \
     for [i = 1:shown] @hot_end '+' using 1:(mean_energy[row(i)]) with lines dt 2 lw 3 lc colour(i) notitle, \
     for [i = 1:shown] @cold_end '+' using 1:(f_inf[row(i)]) with lines dt 3 lw 3.5 lc colour(i) notitle, \
     NaN with lines dt 2 lw 2 lc rgb '#000000' title '⟨E(y, z)⟩_z  (β → 0)', \
     NaN with lines dt 3 lw 2.5 lc rgb '#000000' title 'F_∞(y) = min_z E  (β → ∞)'

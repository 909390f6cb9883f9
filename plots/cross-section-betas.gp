# cross-section-betas (lecture slide 26; with the trained model slide 32, see
# cross-section-trained.gp): the free energy F_β(y) along the vertical line y₁ = 0
# for every β of the file, from hot (small β: close to the average ⟨E⟩, smooth)
# to cold (β → ∞: F∞, the min over z, with the kinks of the min).
# Reads: in1 = an inference file: /cross_section/y2 (M), /cross_section/betas (B,
#        +inf for β = ∞), /cross_section/f_beta (B, M), /model/w (2).
# Settings: figure_title, marker_step (a marker every marker_step in y₂, default
#           0.25: the lecture's mesh; 0 for none), key_columns (default 3).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /cross_section/y2 /cross_section/betas /cross_section/f_beta /model/w
load plots.'/style.gp'

if (!exists('marker_step')) marker_step = 0.25
if (!exists('key_columns')) key_columns = 3

array w[2]
stats file(1, 'model/w') using (w[int($0) + 1] = $1) nooutput
if (!exists('figure_title')) figure_title = sprintf('Free energy F_β(y) along y₁ = 0   (model w = (%.2f, %.2f))', w[1], w[2])

# The betas as text: gnuplot reads 'inf' as infinity but drops it from plots,
# so the legend takes each β from its text.
betas_text = ''
stats file(1, 'cross_section/betas') using (betas_text = betas_text . ' ' . strcol(1), 0) nooutput
B = words(betas_text)
beta(b) = word(betas_text, b) + 0                 # b = 1 … B
beta_label(b) = (beta(b) > 1e308) ? 'β → ∞' : sprintf('β = %g', beta(b))
# Viridis from hot (first β, light) to cold (last β, dark); its yellow end is
# left out, too pale on white.
hot_to_cold(b) = (B > 1) ? 0.85 * (B - b) / (B - 1.0) : 0

# /cross_section/f_beta is (B, M): its rows are the betas; read it transposed,
# one column a β, beside y₂.
M = in1_cross_section_y2_n
y2_step = real(in1_cross_section_y2_max - in1_cross_section_y2_min) / (M - 1)  # real(): the ends may be integers
marker_every = (marker_step > 0) ? int(marker_step / y2_step + 0.5) : M + 1
if (marker_every < 1) marker_every = 1
array F[B * M]
do for [k = 1:M] {
    stats file(1, 'cross_section/f_beta') using (F[int($0) * M + k] = column(k)) nooutput
}
array y2[M]
stats file(1, 'cross_section/y2') using (y2[int($0) + 1] = $1) nooutput

set title figure_title
set xrange [in1_cross_section_y2_min:in1_cross_section_y2_max]
set yrange [-0.02 * in1_cross_section_f_beta_max:1.25 * in1_cross_section_f_beta_max]   # room for the key
set xlabel 'y₂'
set ylabel 'F_β(y) at y = (0, y₂)'
set xtics autofreq
unset colorbox
set key top center horizontal maxcols key_columns Left reverse width -1
plot for [b = 1:B] [i = 1:M:1] '+' using (y2[int(i)]):(F[(b - 1) * M + int(i)]) \
         with linespoints lw 2.5 pt 7 ps 1.0*point_scale pointinterval marker_every lc palette frac hot_to_cold(b) \
         title beta_label(b)

# cross-section-cold (lecture slide 20): the zero-temperature free energy
# F∞(y) = min_z E(y, z) along the vertical line y₁ = 0, as a function of y₂.
# It is zero where the manifold crosses the line and rises quadratically away
# from it; between the two crossings it has a small bump (the inside of the ellipse).
# Reads: in1 = an inference file: /cross_section/y2 (M), /cross_section/f_inf (M),
#        /manifold/y (Z, 2), /model/w (2).
# Settings: marker_step (a marker every marker_step in y₂, default 0.25: the
#           lecture's mesh; 0 for none), figure_title.
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /cross_section/y2 /cross_section/f_inf /manifold/y /model/w
load plots.'/style.gp'

if (!exists('marker_step')) marker_step = 0.25

array w[2]
stats file(1, 'model/w') using (w[int($0) + 1] = $1) nooutput
if (!exists('figure_title')) figure_title = sprintf('Zero-temperature free energy along y₁ = 0   (model w = (%.2f, %.2f))', w[1], w[2])

M = in1_cross_section_y2_n
y2_step = real(in1_cross_section_y2_max - in1_cross_section_y2_min) / (M - 1)  # real(): the ends may be integers
# pointinterval: a marker every marker_every points (none past the last point).
marker_every = (marker_step > 0) ? int(marker_step / y2_step + 0.5) : M + 1
if (marker_every < 1) marker_every = 1
# Manifold points on the line y₁ = 0 (|g₁(z)| negligible against w₁).
on_line(y1) = abs(y1) < 1e-9 * (abs(w[1]) + 1)

set title figure_title
set xrange [in1_cross_section_y2_min:in1_cross_section_y2_max]
set yrange [-0.02 * in1_cross_section_f_inf_max:1.2 * in1_cross_section_f_inf_max]   # room for the key
set xlabel 'y₂'
set ylabel 'F_∞(y) at y = (0, y₂)'
set xtics autofreq
set key top center Left reverse
plot side_by_side(file(1, 'cross_section/y2'), file(1, 'cross_section/f_inf')) \
         using 1:2 with linespoints lt 2 lw 2.5 pt 7 ps 1.1*point_scale pointinterval marker_every title 'β → ∞', \
     file(1, 'manifold/y') using (on_line($1) ? $2 : NaN):(0) \
         with points pt 9 ps 2*point_scale lc rgb '#000000' title 'manifold g(z) on y₁ = 0'

# energy-five (lecture slide 17): five points y′ of the mesh on the line y₂ = −0.5
# and their energy curves E(y′, z) over three periods of z (the Z-point curve
# repeated at z − 2π, z and z + 2π), each minimum ž marked in every period: the
# free energy F∞(y′) = E(y′, ž) is the height of that minimum. A circle marks
# where L-BFGS from the lecture's z̃ ends: on ž, or, as the lecture warns
# ("L-BFGS gets the wrong minimum"), in a local minimum above it.
# Left, small: the y-plane with the mesh, the model manifold g(z) and the five points.
# Reads: in1 = an inference file: /z (Z), /probes/y (P, 2), /probes/energy (P, Z),
#        /probes/z_check (P), /probes/f_inf (P), /probes/z_lbfgs (P),
#        /probes/energy_lbfgs (P), /manifold/y (Z, 2), /grid/y1 (N1),
#        /grid/y2 (N2); root attributes probe_labels, z_start.
# Settings: probes_shown (1-based rows of /probes/y, default the last five:
#           ebm-infer's default --probes end with slide 17's five mesh points,
#           for the lecture's mesh y₁ = −3, −2.25, −1.5, −0.75, 0 on y₂ = −0.5),
#           probe (one row only, a number), probe_colours (linetypes of
#           style.gp, one a probe).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /z /probes/y /probes/energy /probes/z_check /probes/f_inf /probes/z_lbfgs /probes/energy_lbfgs /manifold/y /grid/y1 /grid/y2 /samples/y
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))

if (exists('probe')) probes_shown = sprintf('%d', probe)   # one row: --set probe=N
if (!exists('probe_colours')) probe_colours = '1 4 3 5 6'

P = in1_probes_energy_rows
if (!exists('probes_shown')) {
    probes_shown = ''
    do for [p = (P > 5 ? P - 4 : 1):P] { probes_shown = probes_shown . sprintf(' %d', p) }
}
Z = in1_probes_energy_cols
shown = words(probes_shown)
row(i) = int(word(probes_shown, i))        # 1-based row of /probes/… of the i-th curve
colour(i) = int(word(probe_colours, (i - 1) % words(probe_colours) + 1))

# Everything per probe, read in double precision: E[(p−1)Z + k + 1] = E(y_p, z_k).
array z_of[Z]
stats file(1, 'z') using (z_of[int($0) + 1] = $1) nooutput
array E[P * Z]
do for [k = 1:Z] {
    stats file(1, 'probes/energy') using (E[int($0) * Z + k] = column(k)) nooutput
}
array probe_y1[P]; array probe_y2[P]; array z_check[P]; array f_inf[P]
stats file(1, 'probes/y') using (probe_y1[int($0) + 1] = $1, probe_y2[int($0) + 1] = $2) nooutput
stats file(1, 'probes/z_check') using (z_check[int($0) + 1] = $1) nooutput
stats file(1, 'probes/f_inf') using (f_inf[int($0) + 1] = $1) nooutput
# L-BFGS's end, wrapped into [0, 2π) like ž; a local minimum when it is more
# than two grid steps from ž.
array z_lbfgs[P]; array energy_lbfgs[P]
stats file(1, 'probes/z_lbfgs') using (z_lbfgs[int($0) + 1] = $1 - 2 * pi * floor($1 / (2 * pi))) nooutput
stats file(1, 'probes/energy_lbfgs') using (energy_lbfgs[int($0) + 1] = $1) nooutput
circular_distance(a, b) = (d = abs(a - b) - 2 * pi * floor(abs(a - b) / (2 * pi)), d < pi ? d : 2 * pi - d)
local_minimum(p) = circular_distance(z_lbfgs[p], z_check[p]) > 2 * 2 * pi / Z
stuck = 0
do for [i = 1:shown] { stuck = stuck + local_minimum(row(i)) }

# Point j = 0 … 3Z of the three periods, from z_0 − 2π to z_0 + 4π.
z_at(j) = z_of[int(j) % Z + 1] + 2 * pi * (int(j / Z) - 1)
E_at(p, j) = E[(p - 1) * Z + int(j) % Z + 1]
label(p) = sprintf("y′ = %s", word(in1_probe_labels, p))

# The mesh, from its extent and size (it is uniform): '++' samples it.
set urange [in1_grid_y1_min:in1_grid_y1_max]; set samples in1_grid_y1_n
set vrange [in1_grid_y2_min:in1_grid_y2_max]; set isosamples in1_grid_y2_n

E_top = 0
do for [i = 1:shown] { do for [k = 1:Z] { E_top = (E[(row(i) - 1) * Z + k] > E_top) ? E[(row(i) - 1) * Z + k] : E_top } }

# Title: say the line the points are on when they share one (the lecture's y₂ = −0.5).
same_y2 = 1
do for [i = 2:shown] { if (probe_y2[row(i)] != probe_y2[row(1)]) { same_y2 = 0 } }
points_text = (shown == 1) ? 'one point' : sprintf('%d points', shown)
if (same_y2 && shown > 1) { points_text = points_text . sprintf(' on y₂ = %g', probe_y2[row(1)]) }
set multiplot title 'Free energy F_∞(y′) = min_z E(y′, z) = E(y′, ž):  ' . points_text

# --- the y-plane -------------------------------------------------------------
set origin 0, 0.38
set size 0.3, 0.52
set lmargin 7; set rmargin 1; set tmargin 2.5; set bmargin 3
@y_plane_window
set xtics autofreq font ',11'; set ytics autofreq font ',11'
set xlabel offset 0, 0.8; set ylabel offset 2, 0
set key at graph 0.5, graph 1 bottom center horizontal font ',12' samplen 1 nobox noopaque
plot '++' using 1:2 with points pt 7 ps 0.3*point_scale lc rgb '#999999' title 'mesh', \
     file(1, 'manifold/y') using 1:2 with points lt 2 pt 7 ps 0.5*point_scale title 'g(z)', \
     for [i = 1:shown] '+' using (probe_y1[row(i)]):(probe_y2[row(i)]) every ::0::0 \
         with points pt 6 ps 1.8*point_scale lw 3 lc colour(i) notitle

# --- the energy curves -------------------------------------------------------
set origin 0.3, 0
set size 0.7, 0.95
set lmargin 9; set rmargin 2; set tmargin 1; set bmargin 4
set size noratio
unset xzeroaxis; unset yzeroaxis
set xrange [-2 * pi:4 * pi]
set yrange [-0.05 * E_top:1.05 * E_top]
set xtics ('−2π' -2 * pi, '−π' -pi, '0' 0, 'π' pi, '2π' 2 * pi, '3π' 3 * pi, '4π' 4 * pi) font ',14'
set ytics auto font ',14'
set xlabel 'z' offset 0, 0.3
set ylabel "E(y′, z)" offset 1, 0
# The curves' key sits under the y-plane, beside the circles it names.
set key at screen 0.17, screen 0.36 top center vertical Left reverse font ',14' samplen 2 spacing 1.2 box opaque
plot for [i = 1:shown] [j = 0:3 * Z:1] '+' using (z_at(j)):(E_at(row(i), j)) \
         with linespoints lw 2.5 pt 7 ps 0.45*point_scale lc colour(i) title label(row(i)), \
     for [i = 1:shown] [period = -1:1:1] '+' using (z_check[row(i)] + 2 * pi * period):(f_inf[row(i)]) \
         with points pt 2 ps 2.2*point_scale lw 3 lc colour(i) notitle, \
     for [i = 1:shown] [period = -1:1:1] '+' using (z_lbfgs[row(i)] + 2 * pi * period):(energy_lbfgs[row(i)]) \
         with points pt 6 ps 3*point_scale lw 2.5 lc colour(i) notitle, \
     NaN with points pt 2 ps 2.2*point_scale lw 3 lc rgb '#000000' title 'ž, F_∞(y′)', \
     NaN with points pt 6 ps 3*point_scale lw 2.5 lc rgb '#000000' title sprintf('L-BFGS from z̃ = %g', in1_z_start)
unset multiplot

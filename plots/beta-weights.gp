# beta-weights (lecture slides 23, 24, 25): how much each manifold point
# ỹ = g(z) contributes to the free energy F_β(y′) of one probe point y′ at
# β = weights_beta (1 in the lecture): each point coloured by its raw weight
# exp(−βE(y′, z)), from 0 to 1 as on the slides (1 where ỹ = y′). Near y′ the
# points weigh most; for y′ = (0, 0) the weight spreads over the whole
# manifold, most on its top and bottom. The inset, E(y′, z) over z in the same
# colours, shows the weights come from the energy's valleys.
# --set probe=K: row K (0-based) of /probes: 0 = Y[10], 1 = Y[23] (default),
# 2 = (0, 0) with the default probes (labels from the probe_labels attribute).
# Reads: in1 = an inference file (/probes/y, /probes/energy, /z, /manifold/y,
# /samples/y, /samples/energy; attributes probe_labels, weights_beta).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /probes/y /probes/energy /z /manifold/y /samples/y /samples/energy
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))
if (!exists('probe')) probe = 1
if (probe < 0 || probe >= in1_probes_y_rows) {
    print sprintf('beta-weights: probe must be 0 … %d (a row of /probes), got %d', in1_probes_y_rows - 1, probe)
    exit status 1
}
label = word(in1_probe_labels, probe + 1)
beta = in1_weights_beta

# The probe point y′ and its energies over z (a dataset is not a variable: load them).
Z = in1_probes_energy_cols
stats file(1, 'probes/y') every ::probe::probe using (probe_y1 = $1, probe_y2 = $2) nooutput
array energy[Z]
array z[Z]
stats file(1, 'probes/energy') matrix using ($2 == probe ? energy[int($1) + 1] = $3 : 0) nooutput
stats file(1, 'z') using (z[int($0) + 1] = $1) nooutput
weight(k) = exp(-beta * energy[k])
weight_max = 0
do for [k = 1:Z] { weight_max = weight(k) > weight_max ? weight(k) : weight_max }

set multiplot title sprintf('Contribution exp(−βE(y′, z)) of each ỹ = g(z) to F_β(y′),  y′ = %s,  β = %g', label, beta) font ',17'

# ---------------------------------------------------------------- the y-plane
set origin 0, 0
set size 0.7, 0.94
@y_plane_window
set cbrange [0 : 1]
unset cblabel  # the title names the weight
set cbtics 0.25
set colorbox user origin graph 1.04, graph 0 size graph 0.035, graph 1
set key below horizontal maxrows 1 reverse Left width 1
# The label beside y′, away from the centre (off the manifold and the axes).
# (at the origin: up and right, clear of the axis y₂ = 0 and below the manifold)
angle = (probe_y1 == 0 && probe_y2 == 0) ? 3 * pi / 8 : atan2(probe_y2, probe_y1)
# (left or right of it, so that it does not straddle the axis y₁ = 0; near
# a side of the window, centred under it)
near_side = abs(probe_y1) > 0.6 * y1_half
justification = near_side ? 'center' : cos(angle) < 0 ? 'right' : 'left'
set label 1 sprintf('y′ = %s', label) at probe_y1, probe_y2 @justification \
    offset char (near_side ? 0 : cos(angle) < 0 ? -1.2 : 1.2), char (near_side ? -1.8 : 1.2 * sin(angle)) front
plot file(1, 'samples/y') using 1:2 with points pt 7 ps 1.1*point_scale lc rgb '#a00072B2' title 'y', \
     file(1, 'manifold/y') using 1:2:(weight(int($0) + 1)) with points pt 7 ps 1.4*point_scale lc palette notitle, \
     keyentry with points pt 7 ps 1.4*point_scale lc palette frac 0.5 title 'ỹ = g(z)', \
     '+' using (probe_y1):(probe_y2) every ::0::0 with points pt 2 ps 2.5*point_scale lw 4 lc rgb 'black' title 'y′'
unset label 1

# ---------------------------------------------------------------- the inset: E(y′, z)
set origin 0.76, 0.25
set size 0.23, 0.5
unset colorbox
unset key
unset xzeroaxis
unset yzeroaxis
set size noratio
set xrange [0 : 2 * pi]
E_top = energy_top(in1_samples_energy_max)
set yrange [0 : E_top]
set xtics ('0' 0, 'π' pi, '2π' 2 * pi)
set ytics (0, E_top)
set xlabel 'z' offset 0, 0.5
set ylabel 'E(y′, z)' offset 1.5, 0
set title sprintf('y′ = %s', label) offset 0, -0.5 font ',14'
plot sample [k = 1 : Z : 1] '+' using (z[int(k)]):(energy[int(k)]):(weight(int(k))) with points pt 7 ps 0.8*point_scale lc palette notitle
unset multiplot

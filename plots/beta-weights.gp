# beta-weights (lecture slides 23, 24, 25): how much each manifold point
# ỹ = g(z) contributes to the free energy F_β(y′) of one probe point y′ at
# β = weights_beta (1 in the lecture): each point coloured by its softargmin
# weight exp(−βE(y′, z)) / Σ_z exp(−βE(y′, z)) (normalised, so that the weights
# sum to 1). Near y′ the points weigh most; for y′ = (0, 0) the weight spreads
# over the whole manifold, most on its top and bottom.
# --set probe=K: row K (0-based) of /probes: 0 = Y[10], 1 = Y[23] (default),
# 2 = (0, 0) with the default probes (labels from the probe_labels attribute).
# Reads: in1 = an inference file (/probes/y, /probes/weights, /manifold/y,
# /samples/y; attributes probe_labels, weights_beta).
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))
if (!exists('probe')) probe = 1
if (probe < 0 || probe >= in1_probes_y_rows) {
    print sprintf('beta-weights: probe must be 0 … %d (a row of /probes), got %d', in1_probes_y_rows - 1, probe)
    exit status 1
}
label = word(in1_probe_labels, probe + 1)

# The probe point y′ and its row of weights (a dataset is not a variable: load them).
stats file(1, 'probes/y') every ::probe::probe using (probe_y1 = $1, probe_y2 = $2) nooutput
array weight[in1_probes_weights_cols]
weight_max = 0
stats file(1, 'probes/weights') matrix \
      using ($2 == probe ? (weight[int($1) + 1] = $3, weight_max = $3 > weight_max ? $3 : weight_max) : 0) nooutput

set title sprintf('Contribution of each ỹ = g(z) to F_β(y′) for y′ = %s, β = %g', label, in1_weights_beta)
@y_plane_window
set cbrange [0 : weight_max]
set cblabel 'weight  exp(−βE(y′, z)) / Σ_z exp(−βE(y′, z))'
set cbtics format '%g'
set colorbox user origin graph 1.03, graph 0 size graph 0.04, graph 1
set rmargin at screen 0.82
set key below horizontal maxrows 1 reverse Left width 1

# The label beside y′ (on its left near the right border), behind the
# manifold points so that it hides none of them.
if (probe_y1 > 1.5) {
    set label 1 sprintf('y′ = %s', label) at probe_y1, probe_y2 right offset char -1, char -0.9 back
} else {
    set label 1 sprintf('y′ = %s', label) at probe_y1, probe_y2 left offset char 1, char -0.9 back
}

plot file(1, 'samples/y') using 1:2 with points pt 7 ps 1.1 lc rgb '#a00072B2' title 'y', \
     file(1, 'manifold/y') using 1:2:(weight[int($0) + 1]) with points pt 7 ps 1.4 lc palette notitle, \
     keyentry with points pt 7 ps 1.4 lc palette frac 0.5 title 'ỹ = g(z)', \
     '+' using (probe_y1):(probe_y2) every ::0::0 with points pt 2 ps 2.5 lw 4 lc rgb 'black' title 'y′'

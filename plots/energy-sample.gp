# energy-sample (lecture slides 10, 11): one training sample y′ = Y[sample]
# highlighted in the y-plane among the samples and the model manifold
# ỹ = g(z), with its energy E(y′, z) = ‖y′ − g(z)‖² over z ∈ [0, 2π[ as an inset:
# the energy is low where the manifold passes close to y′.
# --set sample=N: the 1-based sample index (default 23; the lecture also shows 10).
# Reads: in1 = an inference file (/samples/y, /samples/energy, /manifold/y, /z).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /samples/y /samples/energy /manifold/y /z
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))
if (!exists('sample')) sample = 23
if (sample < 1 || sample > in1_samples_y_rows) {
    print sprintf('energy-sample: sample must be 1 … %d, got %d', in1_samples_y_rows, sample)
    exit status 1
}
row = sample - 1

# y′ and its energies over z (a dataset is not a variable: load them).
stats file(1, 'samples/y') every ::row::row using (y1 = $1, y2 = $2) nooutput
array energy[in1_samples_energy_cols]
stats file(1, 'samples/energy') matrix using ($2 == row ? energy[int($1) + 1] = $3 : 0) nooutput
# Its local minima on the grid (periodic): the lowest is F∞ at ž; the caption
# names the next lowest, if any (Y[10]'s near 3π/2; Y[23] has none).
array z[in1_samples_energy_cols]
stats file(1, 'z') using (z[int($0) + 1] = $1) nooutput
Z = in1_samples_energy_cols
is_minimum(k) = energy[k] < energy[(k + Z - 2) % Z + 1] && energy[k] < energy[k % Z + 1]
minima = 0; f_inf = 1e308; z_check = NaN
do for [k = 1:Z] { if (is_minimum(k)) { minima = minima + 1; if (energy[k] < f_inf) { f_inf = energy[k]; z_check = z[k] } } }
E_local = NaN; z_local = NaN
do for [k = 1:Z] { if (is_minimum(k) && z[k] != z_check && !(energy[k] >= E_local)) { E_local = energy[k]; z_local = z[k] } }

# One energy axis for every sample, energy-grid's, so that Y[10] and Y[23] compare.
E_top = energy_top(in1_samples_energy_max)

set multiplot

# The y-plane, on the right; its key in its bottom-right corner, which the
# window (1.25 × the farthest sample) leaves empty, as on slide 10.
set origin 0.27, 0
set size 0.73, 1
set title sprintf('Energy E(y′, z) = ‖y′ − g(z)‖² of the sample y′ = Y[%d]', sample)
@y_plane_window
set key bottom right reverse Left width 1
plot file(1, 'samples/y')  using 1:2 with points lt 1 title 'y', \
     file(1, 'manifold/y') using 1:2 with points lt 2 title 'ỹ', \
     '+' using (y1):(y2) every ::0::0 with points pt 2 ps 2.5*point_scale lw 4 lc rgb 'black' title 'y′'

# The inset, top left: E(y′, z) over one period of z.
unset key
unset xzeroaxis
unset yzeroaxis
set size noratio
set origin 0.0, 0.42
set size 0.28, 0.5
set xrange [0 : 2 * pi]
set yrange [0 : E_top]
set xtics ('0' 0, 'π' pi, '2π' 2 * pi)
set ytics (0, E_top)
set xlabel 'z' offset 0, 0.3
set ylabel sprintf('E(Y[%d], z)', sample) offset 2, 0
set title sprintf('y′ = Y[%d]', sample) offset 0, -0.5
set grid
plot file(1, 'z') using 1:(energy[int($0) + 1]) with linespoints lt 2 pt 7 ps 0.5*point_scale lw 2 notitle

unset multiplot

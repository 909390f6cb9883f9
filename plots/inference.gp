# inference (lecture slides 12–15): how one inference method finds
# ž = argmin_z E(y′, z) for a traced sample y′ = Y[sample].
# Left: the energy E(y′, z) over z (periodic: over three periods, −2π … 4π, as
# on slide 12, and more if the path leaves them) with the method's path from the start z̃ to the end ž, and the
# free energy F∞(y′) = min_z E(y′, z) on the latent grid: if the method stops
# in a local minimum, its E(y′, ž) is above F∞, and the figure says so.
# Right: the y-plane with y′, the manifold, and the path g(z) the method took
# along it, from g(z̃) to g(ž); the dashed segment y′–g(ž) has length √E(y′, ž).
# g(z) = (w₁ cos z, w₂ sin z) along the path is computed here from /model/w
# (the path's z are off the latent grid, so /manifold/y cannot be used).
# --set sample=N: a traced sample (1-based; the defaults trace 10 and 23).
# --set method=M: gd (default), cg, lbfgs, line-search, exhaustive, exact.
# Reads: in1 = an inference file (/traces/Y<sample>/<method>/z and /energy,
# /samples/y, /samples/energy, /samples/z_check, /samples/f_inf, /z,
# /manifold/y, /model/w).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /samples/y /samples/energy /samples/z_check /samples/f_inf /z /manifold/y /model/w /traces
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))
if (!exists('sample')) sample = 23
if (!exists('method')) method = 'gd'

trace = sprintf('traces/Y%d/%s', sample, method)
# The trace's length S is the variable in1_<path>_z_n, with '_' for '/' and '-'.
to_variable(s) = strlen(s) == 0 ? '' : ((s[1:1] eq '/' || s[1:1] eq '-') ? '_' : s[1:1]).to_variable(s[2:*])
S_name = to_variable('in1_'.trace.'_z_n')
if (!exists(S_name)) {
    print sprintf('inference: no trace /%s in the input (traced samples and methods are --trace and --methods of ebm-infer)', trace)
    exit status 1
}
S = value(S_name)
row = sample - 1

method_name(m) = m eq 'gd' ? 'gradient descent' : m eq 'cg' ? 'conjugate gradient' : \
                 m eq 'lbfgs' ? 'L-BFGS' : m eq 'line-search' ? 'line search' : \
                 m eq 'exhaustive' ? 'exhaustive search' : m eq 'exact' ? 'exact minimisation' : m

# The path (z and E(y′, z) per iteration), y′, its energies on the latent grid,
# its F∞ and grid ž, and w (datasets are not variables: load them).
array path_z[S]
array path_energy[S]
stats file(1, trace.'/z') using (path_z[int($0) + 1] = $1) nooutput
stats file(1, trace.'/energy') using (path_energy[int($0) + 1] = $1) nooutput
stats file(1, 'samples/y') every ::row::row using (y1 = $1, y2 = $2) nooutput
stats file(1, 'samples/f_inf') every ::row::row using (f_inf = $1) nooutput
stats file(1, 'samples/z_check') every ::row::row using (grid_z_check = $1) nooutput
Z = in1_samples_energy_cols
array energy[Z]
array z[Z]
stats file(1, 'samples/energy') matrix using ($2 == row ? energy[int($1) + 1] = $3 : 0) nooutput
stats file(1, 'z') using (z[int($0) + 1] = $1) nooutput
array w[2]
stats file(1, 'model/w') using (w[int($0) + 1] = $1) nooutput
g1(z) = w[1] * cos(z)
g2(z) = w[2] * sin(z)
# Step i of the path, from iteration i to i + 1 (none if the path is a single point).
steps = S > 1 ? S - 1 : 1
dz(i) = S > 1 ? path_z[i + 1] - path_z[i] : NaN
dE(i) = S > 1 ? path_energy[i + 1] - path_energy[i] : NaN
dg1(i) = S > 1 ? g1(path_z[i + 1]) - g1(path_z[i]) : NaN
dg2(i) = S > 1 ? g2(path_z[i + 1]) - g2(path_z[i]) : NaN

z_tilde = path_z[1]
z_check = path_z[S]
E_check = path_energy[S]
# Whether the method's ž is the grid's (up to a period and the grid step).
period = 2 * pi
wrapped(d) = d - period * floor(d / period + 0.5)
same_minimum = abs(wrapped(z_check - grid_z_check)) <= period / Z

set multiplot title sprintf('Inference for y′ = Y[%d] by %s: %s', sample, method_name(method), \
    S == 1 ? sprintf('ž = %.3g, no iterations', z_check) : \
    sprintf('%d step%s from z̃ = %.3g to ž = %.3g', S - 1, S == 2 ? '' : 's', z_tilde, z_check)) font ',18'

# ---------------------------------------------------------------- left: E(y′, z)
set origin 0, 0
set size 0.5, 0.93
# The periods of z the path visits, and at least the slide's −2π … 4π.
z_lo = -period
z_hi = 2 * period
do for [i = 1:S] { z_lo = path_z[i] < z_lo ? path_z[i] : z_lo; z_hi = path_z[i] > z_hi ? path_z[i] : z_hi }
first_period = floor(z_lo / period)
last_period = ceil(z_hi / period) - 1
set xrange [first_period * period : (last_period + 1) * period]
pi_label(m) = m == 0 ? '0' : m == 1 ? 'π' : m == -1 ? '−π' : m < 0 ? sprintf('−%dπ', -m) : sprintf('%dπ', m)
set xtics ()
do for [m = 2 * first_period : 2 * (last_period + 1)] { set xtics add (pi_label(m) m * pi) }
set xlabel 'z'
set bmargin 7
set ylabel 'E(y′, z)'
energy_max = 0
do for [k = 1:Z] { energy_max = energy[k] > energy_max ? energy[k] : energy_max }
set yrange [0 : 1.1 * energy_max]
set key below horizontal maxrows 2 reverse Left width 1 font ',14'

# F∞ on the latent grid, with an arrow to where it is reached (in the period where the path ends).
grid_z_check_shown = grid_z_check + period * floor((z_check - grid_z_check) / period + 0.5)
arrow_top = f_inf + 0.3 * energy_max
set arrow 1 from grid_z_check_shown, arrow_top to grid_z_check_shown, f_inf lw 1.5 lc rgb '#555555' filled size graph 0.02, 20 front
# (labels lean away from the left and right borders)
justified(z) = (z - first_period * period) / ((last_period - first_period + 1) * period) < 0.15 ? 'left' : \
               (z - first_period * period) / ((last_period - first_period + 1) * period) > 0.85 ? 'right' : 'center'
# F∞'s label beside its arrow, on the side away from the path (which arrives
# from z̃), unless that side is the border.
F_justification = justified(grid_z_check_shown)
if (F_justification eq 'center') { F_justification = z_tilde <= grid_z_check_shown ? 'left' : 'right' }
F_offset = F_justification eq 'left' ? 0.6 : F_justification eq 'right' ? -0.6 : 0
set label 1 sprintf('F∞(y′) = %.3g', f_inf) at grid_z_check_shown, arrow_top @F_justification offset F_offset, char 0.3 front
E_justification = justified(z_check)
if (!same_minimum) {
    set label 2 sprintf("E(y′, ž) = %.3g > F∞:\nnot the global minimum", E_check) at z_check, E_check @E_justification \
        offset 0, char -2 front font ',13'
}

# The grid energies over every period shown: point k of period p at z_k + 2πp;
# index j runs over them, one more to close the last period.
n_shown = Z * (last_period - first_period + 1)
z_of(j) = z[int(j) % Z + 1] + period * (first_period + int(j) / Z)
# The markers first, the path over them in black: it must not hide under them,
# nor blend with the vermilion energy curve and manifold.
plot sample [j = 0 : n_shown : 1] '+' using (z_of(j)):(energy[int(j) % Z + 1]) \
         with linespoints lt 2 lw 1.5 pt 7 ps 0.5*point_scale title 'E(y′, z) on the grid', \
     '+' using (z_tilde):(path_energy[1]) every ::0::0 with points pt 5 ps 1.6*point_scale lt 4 title 'z̃ (start)', \
     '+' using (z_check):(E_check) every ::0::0 with points pt 13 ps 1.8*point_scale lt 3 title 'ž (end)', \
     [i = 1 : steps : 1] '+' using (path_z[i]):(path_energy[i]):(dz(i)):(dE(i)) \
         with vectors head filled size graph 0.012, 25 lt 7 lw 2 title method_name(method)
unset arrow 1
unset label 1
unset label 2

# ---------------------------------------------------------------- right: the y-plane
set origin 0.5, 0
set size 0.5, 0.93
@y_plane_window
set xtics autofreq
set bmargin 7
set key below horizontal maxrows 2 reverse Left width 1 font ',14'
plot file(1, 'samples/y') using 1:2 with points pt 7 ps 1*point_scale lc rgb '#a00072B2' title 'y', \
     file(1, 'manifold/y') using 1:2 with points lt 2 ps 0.8*point_scale title 'ỹ = g(z)', \
     '+' using (y1):(y2):(g1(z_check) - y1):(g2(z_check) - y2) every ::0::0 with vectors nohead dt 2 lw 1.5 lc rgb '#555555' notitle, \
     '+' using (g1(z_tilde)):(g2(z_tilde)) every ::0::0 with points pt 5 ps 1.6*point_scale lt 4 title 'g(z̃)', \
     '+' using (g1(z_check)):(g2(z_check)) every ::0::0 with points pt 13 ps 1.8*point_scale lt 3 title 'g(ž)', \
     [i = 1 : steps : 1] '+' using (g1(path_z[i])):(g2(path_z[i])):(dg1(i)):(dg2(i)) \
         with vectors head filled size 0.06, 25 lt 7 lw 2 title 'path g(z)', \
     '+' using (y1):(y2) every ::0::0 with points pt 2 ps 2.2*point_scale lw 4 lc rgb 'black' title 'y′'

unset multiplot

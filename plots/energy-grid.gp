# energy-grid (lecture slide 08): the energy E(y⁽ⁱ⁾, z) of every training sample
# as a function of the latent z, one small panel a sample (4 × 6 for the 24 samples),
# z from 0 to 2π, one shared energy axis. Where a curve dips is where the manifold
# passes closest to that sample.
# Reads: in1 = an inference file: /z (Z), /samples/energy (N, Z).
# The shared energy axis is energy_top (style.gp) of the file's energies; the
# panels fill a grid about 3:2 (6 × 4 for the lecture's 24 samples).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /z /samples/energy
load plots.'/style.gp'

N = in1_samples_energy_rows
energy_max = energy_top(in1_samples_energy_max)
columns = ceil(sqrt(1.5 * N))
Z = in1_samples_energy_cols
rows = ceil(N / real(columns))

# The latent grid and the energies, read column by column in double precision
# (gnuplot's 'matrix' reads single precision). E[n*Z + k + 1] = E(y⁽ⁿ⁺¹⁾, z_k).
array z_of[Z]
stats file(1, 'z') using (z_of[int($0) + 1] = $1) nooutput
array E[N * Z]
do for [k = 1:Z] {
    stats file(1, 'samples/energy') using (E[int($0) * Z + k] = column(k)) nooutput
}
# Point j = 0 … Z of sample n: the Z grid points and z_0 + 2π again, closing the period.
z_at(j) = z_of[int(j) % Z + 1] + 2 * pi * int(j / Z)
E_at(n, j) = E[(n - 1) * Z + int(j) % Z + 1]

set multiplot layout rows, columns margins 0.075, 0.985, 0.09, 0.89 spacing 0.025, 0.045 \
    title sprintf('Energy E(y^{(i)}, z) = ‖y^{(i)} − g(z)‖² of each training sample i = 1 … %d,  z ∈ [0, 2π[', N)
set xrange [0:2 * pi]
set yrange [0:energy_max]
labelled_xtics = "set xtics mirror in ('0' 0, 'π' pi, '2π' 2 * pi) font ',12' offset 0, 0.3"
blank_xtics = "set xtics mirror in ('' 0, '' pi, '' 2 * pi)"
set ytics 0, energy_max / 2, energy_max font ',12' offset 0.5, 0
set grid xtics ytics
set border 15 lw 1
set xtics mirror in; set ytics mirror in
unset key
set title offset 0, -0.8 font ',13'
do for [n = 1:N] {
    panel_row = int((n - 1) / columns)
    panel_column = (n - 1) % columns
    set title sprintf('Y[%d]', n)
    # Tick labels only on the outer panels: the axes are shared.
    if (panel_row == rows - 1 || n + columns > N) { @labelled_xtics; set xlabel 'z' offset 0, 1.2 font ',14' } \
    else { @blank_xtics; unset xlabel }
    if (panel_column == 0) { set format y '%g'; set ylabel 'E' offset 2.2, 0 font ',14' } \
    else { set format y ''; unset ylabel }
    plot sample [j = 0:Z:1] '+' using (z_at(j)):(E_at(n, j)) with lines lt 2 lw 2
}
unset multiplot

# energy-ii (lecture slide 38): Energy (II), a learned decoder, after
# zero-temperature-limit training on the horn. Top left: the model manifold
# ỹ = g(f(x), z) over x = 0 : 1/50 : 1 and the 48 latents, coloured by x: g
# learned closed curves whose size grows with x. Then F∞(x, y) = min_z E over
# the y-plane at three x (log colour scale), with the manifold's curve ỹ(x, z)
# at that x and the held-out samples whose x lies near it (slice_half_width),
# one key for the three under the title. Each map has equal units on y₁ and y₂
# and fills its cell whatever ρ(x) (filled_window in style.gp).
# Reads: in1 = an inference file of a decoder-mlp model (/manifold/table,
# /slices/x, /slices/<s>/y1, y2, f_inf, curve, samples; attributes
# predictor_width, decoder_hidden, latent_count, mean_f_inf, mean_f_inf_refined,
# slice_half_width). Every range, count and width here is the file's.
# needs: in1 ebm/inference /manifold/table /manifold/x /slices/x /slices/0/y1 /slices/0/y2 /slices/0/f_inf /slices/0/curve
load plots.'/style.gp'

larger(a, b) = a > b ? a : b
floor_log = -3
ceiling_log = 3
log_f(f) = log10(larger(f, 10.0**floor_log))
array slice_x[in1_slices_x_n]
stats file(1, 'slices/x') using (slice_x[int($0) + 1] = $1) nooutput

near = sprintf('|x′ − x| ≤ %g', in1_slice_half_width)
set multiplot title sprintf("Energy (II): E(x, y, z) = ‖y − g(f(x), z)‖²,  f: ℝ → ℝ^%d,  g an MLP on [f(x), cos z, sin z] (hidden %d)\n{/*0.8 held-out mean F∞ = %.3g over the %d latents, %.3g over z ∈ ℝ}", \
    in1_predictor_width, in1_decoder_hidden, in1_mean_f_inf, in1_latent_count, in1_mean_f_inf_refined) font ',15'

# Four cells below the title and the maps' key (at key_top): the manifold in
# the first, the maps in the others; each map's plot area in its cell, with
# room for its title, tick labels and colour bar.
key_top = 0.89
cell_height = key_top / 2
map_left(p) = (p % 2) * 0.5 + 0.085
map_bottom(p) = (1 - p / 2) * cell_height + 0.075
map_width = 0.5 - 0.085 - 0.11
map_height = cell_height - 0.075 - 0.045

# The manifold in 3-D.
set origin 0, cell_height
set size 0.5, cell_height
set title 'Trained model manifold ỹ(x, z)' font ',14'
stats file(1, 'manifold/table') using 3 nooutput prefix 'Y1'
stats file(1, 'manifold/table') using 4 nooutput prefix 'Y2'
# samples-horn's box: square in y₁ and y₂, round the surface with a margin,
# rounded up to 5; a grid on its floor and back walls, a colour bar for x.
reach = 5 * ceil(1.1 * larger(larger(abs(Y1_min), abs(Y1_max)), larger(abs(Y2_min), abs(Y2_max))) / 5)
set xlabel 'x' offset 0, -0.5
set ylabel 'y₁' offset 0, -0.5
set zlabel 'y₂' rotate parallel offset 1, 0
stats file(1, 'manifold/x') using 1 nooutput prefix 'X'
reach1 = reach
reach2 = reach
set xrange [X_min:X_max]
set yrange [-reach:reach]
set zrange [-reach:reach]
x_step = (X_max - X_min) / 2.0
set xtics x_step
set ytics reach / 2
set ztics reach / 2
set view 65, 30, 0.9, 1.1
set ticslevel 0
set border 4095 lw 1
set grid xtics ytics ztics vertical lc rgb '#c8c8c8'
set cbrange [X_min:X_max]
set cbtics x_step
set colorbox vertical user origin 0.455, 0.66 size 0.012, 0.18
set label 10 'x' at screen 0.461, screen 0.86 center font ',14'
unset key
splot file(1, 'manifold/table') using 1:3:4:1 with points pt 7 ps 0.3*point_scale lc palette

# F∞ maps at the slices' x.
unset label 10
set border 31
unset grid
set tics front
set cbrange [floor_log:ceiling_log]
set cbtics ('≤10^{-3}' -3, '10^{-2}' -2, '0.1' -1, '1' 0, '10' 1, '100' 2, '10^3' 3)
do for [s = 0:in1_slices_x_n - 1] {
    group = sprintf('slices/%d', s)
    array map_y1[value(sprintf('in1_slices_%d_y1_n', s))]
    array map_y2[value(sprintf('in1_slices_%d_y2_n', s))]
    stats file(1, group.'/y1') using (map_y1[int($0) + 1] = $1) nooutput
    stats file(1, group.'/y2') using (map_y2[int($0) + 1] = $1) nooutput
    set title sprintf('F∞(x, y) at x = %g', slice_x[s + 1]) font ',14'
    set xlabel 'y₁' offset 0, 0
    set ylabel 'y₂'
    left = map_left(s + 1)
    bottom = map_bottom(s + 1)
    set lmargin at screen left
    set rmargin at screen left + map_width
    set bmargin at screen bottom
    set tmargin at screen bottom + map_height
    set colorbox user origin screen left + map_width + 0.012, screen bottom size screen 0.015, screen map_height
    samples = exists(sprintf('in1_slices_%d_samples_n', s))
    eval filled_window(map_y1[1], map_y1[|map_y1|], map_y2[1], map_y2[|map_y2|], map_width, map_height)
    plot file(1, group.'/f_inf') matrix using (map_y1[$1 + 1]):(map_y2[$2 + 1]):(log_f($3)) with image notitle, \
         file(1, group.'/curve') using 1:2 with points pt 7 ps 0.5*point_scale lc rgb '#D55E00' notitle, \
         (samples ? file(1, group.'/samples') : '+') using 1:2 every (samples ? 1 : 1000000) \
            with points pt 7 ps 0.6*point_scale lc rgb '#56B4E9' notitle
}
# The maps' key, between the title and the cells.
eval key_only(0.5, key_top + 0.022)
plot NaN with points pt 7 ps 1.2*point_scale lc rgb '#D55E00' title "the manifold ỹ(x, z) at the map's x", \
     NaN with points pt 7 ps 1.2*point_scale lc rgb '#56B4E9' title sprintf('held-out y with %s', near)
unset multiplot

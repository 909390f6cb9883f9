# House style, loaded by every figure script: white background, DejaVu Sans,
# the viridis palette for maps and the Okabe–Ito colours for lines and points
# (both colour-blind safe). ebm-plot defines out, terminal, width, height, data.
# terminal 'caption' (ebm-plot --caption) runs the script without drawing.
set encoding utf8
if (terminal eq 'caption') {
    set terminal unknown
} else { if (terminal eq 'svg') {
    # svg sizes text in pixels, pngcairo in points (at 96 dpi, 4/3 px): the same text size in both.
    set terminal svg size width, height dynamic enhanced font 'DejaVu Sans,16' fontscale 4.0 / 3 background rgb 'white'
    set output out
} else {
    set terminal pngcairo size width, height enhanced font 'DejaVu Sans,16' background rgb 'white'
    set output out
} }

# file(k, 'grid/f_inf'): the text export of dataset /grid/f_inf of input k.
file(k, name) = sprintf('%s/%d/%s.dat', data, k, name)
# side_by_side(a, b): the columns of two exports pasted into one table.
side_by_side(a, b) = '< paste '.a.' '.b

# svg draws a point about twice as wide as pngcairo at the same size (65
# against 31 pixels at ps 5, both at 1000 × 750): every script's ps is scaled
# by point_scale, so that both formats draw the same marks, as the same text.
point_scale = terminal eq 'svg' ? 31.0 / 65 : 1

set palette defined (0 '#440154', 1 '#482878', 2 '#3e4989', 3 '#31688e', 4 '#26828e', \
                     5 '#1f9e89', 6 '#35b779', 7 '#6ece58', 8 '#b5de2b', 9 '#fde725')
set linetype 1 lc rgb '#0072B2' lw 2 pt 7 ps 1.3*point_scale   # blue: data
set linetype 2 lc rgb '#D55E00' lw 2 pt 7 ps 1.0*point_scale   # vermillion: the model
set linetype 3 lc rgb '#009E73' lw 2 pt 5 ps 1.3*point_scale   # green
set linetype 4 lc rgb '#E69F00' lw 2 pt 9 ps 1.3*point_scale   # orange
set linetype 5 lc rgb '#CC79A7' lw 2 pt 11 ps 1.3*point_scale  # purple
set linetype 6 lc rgb '#56B4E9' lw 2 pt 13 ps 1.3*point_scale  # sky blue
set linetype 7 lc rgb '#000000' lw 2 pt 7 ps 1.0*point_scale   # black
set linetype cycle 7

set border lw 1.2
set grid lc rgb '#e0e0e0' lw 1 dt 1
set key box opaque samplen 2 spacing 1.2
set tics nomirror out

# The y-plane window follows the samples: on each axis ±1.25 × the farthest
# sample, rounded up to a multiple of 0.5, so the lecture's data give its
# window, y₁ ∈ [−3, 3], y₂ ∈ [−2, 2] (ebm-infer --grid auto makes its mesh by
# the same rule). `eval samples_window(file(1, 'y'))` sets y1_half, y2_half
# from a text export whose columns are y₁ and y₂; then @y_plane_window.
window_half(extent) = 0.5 * ceil(1.25 * extent / 0.5)
samples_window(f) = sprintf("stats '%s' using (abs($1)):(abs($2)) nooutput; y1_half = window_half(STATS_max_x); y2_half = window_half(STATS_max_y)", f)
# One energy axis for every figure of E(y, z) over the samples: 0 to the
# largest energy, rounded up to an even number (so that no peak is clipped
# and energy-grid and energy-sample compare). Use energy_top(in1_samples_energy_max).
energy_top(largest) = 2 * ceil(largest / 2.0)
# Equal aspect, axes through 0.
y_plane_window = 'set xrange [-y1_half:y1_half]; set yrange [-y2_half:y2_half]; set size ratio -1; set xlabel "y₁"; set ylabel "y₂"; set xzeroaxis lt -1 lw 1; set yzeroaxis lt -1 lw 1'

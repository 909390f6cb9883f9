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
# A map of the y-plane in a plot area of w × h (fractions of the canvas), with
# equal units on y₁ and y₂ that fill the area: the map's window
# [lo1, hi1] × [lo2, hi2] widened about its centre on one axis to the area's
# aspect, so that no window is cut and a narrow one (ρ₂ ≫ ρ₁) keeps a frame as
# wide as its neighbours'; grey where the map does not reach; a tick every
# 50 pixels or more on y₁ (their labels side by side), 35 on y₂. Use
# eval filled_window(lo1, hi1, lo2, hi2, w, h) with the margins set at screen.
units_per_pixel(lo1, hi1, lo2, hi2, w, h) = (hi1 - lo1) / (w * width) > (hi2 - lo2) / (h * height) ? \
    (hi1 - lo1) / (w * width) : (hi2 - lo2) / (h * height)
# The least of 1, 2, 5 × 10^k that is at least step.
decade(step) = 10.0**floor(log10(step))
round_step(step) = step <= decade(step) ? decade(step) : step <= 2 * decade(step) ? 2 * decade(step) : \
    step <= 5 * decade(step) ? 5 * decade(step) : 10 * decade(step)
outside_map = 'set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fillcolor rgb "#e6e6e6" fillstyle solid noborder; '
filled_window(lo1, hi1, lo2, hi2, w, h) = 'set size noratio; '.outside_map.sprintf('set xrange [%.12g:%.12g]; set yrange [%.12g:%.12g]; set xtics %.12g; set ytics %.12g', \
    (lo1 + hi1) / 2.0 - units_per_pixel(lo1, hi1, lo2, hi2, w, h) * w * width / 2, \
    (lo1 + hi1) / 2.0 + units_per_pixel(lo1, hi1, lo2, hi2, w, h) * w * width / 2, \
    (lo2 + hi2) / 2.0 - units_per_pixel(lo1, hi1, lo2, hi2, w, h) * h * height / 2, \
    (lo2 + hi2) / 2.0 + units_per_pixel(lo1, hi1, lo2, hi2, w, h) * h * height / 2, \
    round_step(50 * units_per_pixel(lo1, hi1, lo2, hi2, w, h)), round_step(35 * units_per_pixel(lo1, hi1, lo2, hi2, w, h)))
# One key for a multiplot's panels, drawn on its own at (x, y) on the screen
# (where it hides no data): eval key_only(x, y), then plot NaN with each mark
# and its title. The whole canvas its plot area, nothing drawn but the key.
key_only(x, y) = sprintf('set key at screen %g, screen %g center center horizontal maxcols 4 Left reverse width -4 font ",14"; ', x, y). \
    'set origin 0, 0; set size 1, 1; set lmargin at screen 0; set rmargin at screen 1; set bmargin at screen 0; set tmargin at screen 1; '. \
    'unset border; unset tics; unset xlabel; unset ylabel; unset title; unset colorbox; unset object; set xrange [0:1]; set yrange [0:1]'

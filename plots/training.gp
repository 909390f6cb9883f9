# training (lecture slide 31): what training does to the free energy and which
# manifold points the loss moves. 2 × 2 panels: columns untrained / trained,
# rows ZTL (β = ∞, F∞) / warmer (β = 1, F_β). Each panel: the free energy F of
# the model at its training β as a heat map on the lecture's 25 × 17 mesh, the
# field −∇_y F (black arrows), the samples Y, the manifold ỹ = g(z) and, in
# white, the force −∂ℓ/∂g(z_k) of the loss ℓ_energy = F on each manifold point:
#   ZTL: the force of every sample, summed; it acts on the sample's closest
#        point g(ž) only (marked ×): ∂F∞/∂w = ∂E(y, ž)/∂w;
#   warmer: the force of the one sample y′ = Y[force_sample] (marked ×); every
#        point is pulled toward y′, weighted by softargmin_β(z).
# The force arrows of a row share one scale (the longest untrained one is
# force_length long); the trained ones, much shorter, are magnified by a round
# factor (1, 2, 5, 10, …) shown in the panel when they are less than half as long.
# Each row is named by its model's beta attribute, whatever the order of in1, in2.
# --set force_length=L: the longest untrained force arrow, in y units (0.8).
# --set arrow_length=L: the longest −∇F arrow, in mesh steps (0.9).
# Reads: in1 = the ZTL model, in2 = the warmer model (model files of ebm-train:
# /forces/y1, /forces/y2, /forces/<untrained|trained>/{free_energy,
# grad_free_energy, manifold, total, sample}; attributes beta, force_sample,
# epochs), in3 = the samples (/y).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/model /forces/y1 /forces/y2 /params/w /initial_params/w
# needs: in2 ebm/model /forces/y1 /forces/y2 /params/w /initial_params/w
# needs: in3 ebm/data /y
load plots.'/style.gp'
if (!exists('force_length')) force_length = 0.8
if (!exists('arrow_length')) arrow_length = 0.9
if (inputs != 3) {
    print sprintf('training: needs 3 inputs (ZTL model, warmer model, samples), got %d', inputs)
    exit status 1
}

# β = ∞ is exported as an infinite number.
cold(k) = value(sprintf('in%d_beta', k)) > 1e300
beta_text(k) = cold(k) ? '∞' : sprintf('%g', value(sprintf('in%d_beta', k)))
row_name(k) = cold(k) ? sprintf('ZTL (β = %s)', beta_text(k)) : sprintf('warmer (β = %s)', beta_text(k))
F_name(k) = cold(k) ? 'F∞' : sprintf('F_{β=%s}', beta_text(k))
# ZTL: every sample's force on its ž; warmer: one sample's force on every point.
force_name(k) = cold(k) ? 'total' : 'sample'
states = 'untrained trained'
max(a, b) = a > b ? a : b
min(a, b) = a < b ? a : b

# In SVG the maps are drawn pixel by pixel, so that viewers do not smooth them
# (in PNG that would show seams between the pixels).
image_style = terminal eq 'svg' ? 'image pixels' : 'image'

# The mesh, shared by both models (element [j, i] of a map is the point (y1[i], y2[j])).
N1 = in1_forces_y1_n
N2 = in1_forces_y2_n
array mesh_y1[N1]
array mesh_y2[N2]
stats file(1, 'forces/y1') using (mesh_y1[int($0) + 1] = $1) nooutput
stats file(1, 'forces/y2') using (mesh_y2[int($0) + 1] = $1) nooutput
# (1.0 *: exported numbers that are whole, like −3 and 3, are gnuplot integers)
mesh_step = 1.0 * (mesh_y1[N1] - mesh_y1[1]) / (N1 - 1)
half_step_1 = mesh_step / 2
half_step_2 = 1.0 * (mesh_y2[N2] - mesh_y2[1]) / (N2 - 1) / 2
x_lo = mesh_y1[1] - half_step_1
x_hi = mesh_y1[N1] + half_step_1
y_lo = mesh_y2[1] - half_step_2
y_hi = mesh_y2[N2] + half_step_2

# The longest force arrow of each model and state: force_longest[2 (k − 1) + s].
array force_longest[4]
do for [k = 1:2] {
    do for [s = 1:2] {
        longest = 0
        stats file(k, 'forces/'.word(states, s).'/'.force_name(k)) \
              using (longest = max(longest, sqrt($1**2 + $2**2))) nooutput
        force_longest[2 * (k - 1) + s] = longest
    }
}
# The largest of 1, 2, 5, 10, 20, … not above x (x ≥ 1).
round_down(x) = (p = 10**floor(log10(x)), m = x / p, (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p)

# Layout, in pixels, then as screen fractions: a column of row names on the
# left, a line of column names on top, the key at the bottom; in each cell a
# title, the map (its aspect the window's: equal axes) and its colour bar.
left_names = 60
top_names = 50
bottom_key = 45
pad_left = 75
pad_right = 135
pad_top = 38
pad_bottom = 62
cell_w = (width - left_names) / 2.0
cell_h = (height - top_names - bottom_key) / 2.0
aspect = (x_hi - x_lo) / (y_hi - y_lo)
box_w = min(cell_w - pad_left - pad_right, (cell_h - pad_top - pad_bottom) * aspect)
box_h = box_w / aspect
# Each cell's left and lower edge of the map, in pixels.
box_left(col) = left_names + (col - 1) * cell_w + pad_left + (cell_w - pad_left - pad_right - box_w) / 2
box_bottom(row) = bottom_key + (2 - row) * cell_h + pad_bottom + (cell_h - pad_top - pad_bottom - box_h) / 2

set multiplot title ''
unset grid
set tics front
set xtics 1 font ',13'
set ytics 1 font ',13'
set cbtics font ',13'
set xlabel 'y₁' offset 0, 0.6
set ylabel 'y₂' offset 1.5, 0
set style fill solid 1 border lc rgb 'black'
set style textbox opaque fc rgb '#ffffff' noborder margins 3, 2
unset key

# Row and column names.
do for [row = 1:2] {
    set label 100 + row row_name(row) at screen 0.35 * left_names / width, \
        screen (box_bottom(row) + box_h / 2) / height center rotate by 90 font ',19' textcolor rgb '#222222'
}
do for [col = 1:2] {
    column_name = col == 1 ? 'untrained' : \
        (in1_loss eq in2_loss && in1_epochs == in2_epochs) ? sprintf('trained (ℓ_{%s}, %d epochs)', in1_loss, in1_epochs) : 'trained'
    set label 110 + col column_name \
        at screen (box_left(col) + box_w / 2) / width, screen 1 - 0.45 * top_names / height center font ',19' \
        textcolor rgb '#222222'
}

do for [row = 1:2] {
    k = row
    force = force_name(k)
    # One scale per row; the trained arrows magnified when they are much shorter.
    scale = force_longest[2 * k - 1] > 0 ? force_length / force_longest[2 * k - 1] : 0
    # The sample y′ whose force a warmer row draws (1-based, as in the lecture).
    force_sample = value(sprintf('in%d_force_sample', k))
    stats file(3, 'y') every ::(force_sample - 1)::(force_sample - 1) using (probe_y1 = $1, probe_y2 = $2) nooutput
    do for [col = 1:2] {
        state = word(states, col)
        F = 'forces/'.state.'/free_energy'
        magnification = 1
        if (col == 2 && force_longest[2 * k] > 0 && force_longest[2 * k - 1] / force_longest[2 * k] >= 2) {
            magnification = round_down(force_longest[2 * k - 1] / force_longest[2 * k])
        }
        force_scale = scale * magnification

        # −∇F: ∂F/∂y1 is read as a matrix, ∂F/∂y2 held in an array, element [j, i] at j·N1 + i + 1.
        array dF_dy2[N1 * N2]
        stats file(k, 'forces/'.state.'/grad_free_energy.1') matrix \
              using (dF_dy2[int($2) * N1 + int($1) + 1] = $3) nooutput
        longest = 0
        stats file(k, 'forces/'.state.'/grad_free_energy.0') matrix \
              using (longest = max(longest, sqrt($3**2 + dF_dy2[int($2) * N1 + int($1) + 1]**2))) nooutput
        arrow_scale = longest > 0 ? arrow_length * mesh_step / longest : 0

        # Colour range: F∞ from 0 to "≥ 2" (the lecture's); F_β, which is
        # positive everywhere, over 2 units from its minimum (rounded down to 0.5).
        F_min = value(sprintf('in%d_forces_%s_free_energy_min', k, state))
        cb_lo = cold(k) ? 0 : floor(2 * F_min) / 2.0
        cb_hi = cb_lo + 2
        set cbrange [cb_lo : cb_hi]
        set cbtics (sprintf('%g', cb_lo) cb_lo, sprintf('%g', cb_lo + 0.5) cb_lo + 0.5, sprintf('%g', cb_lo + 1) cb_lo + 1, \
                    sprintf('%g', cb_lo + 1.5) cb_lo + 1.5, sprintf('≥ %g', cb_hi) cb_hi)
        set cblabel F_name(k).'(y)' offset -1.2, 0

        set lmargin at screen box_left(col) / width
        set rmargin at screen (box_left(col) + box_w) / width
        set bmargin at screen box_bottom(row) / height
        set tmargin at screen (box_bottom(row) + box_h) / height
        set colorbox user origin screen (box_left(col) + box_w + 12) / width, screen box_bottom(row) / height \
            size screen 20.0 / width, screen box_h / height
        set xrange [x_lo : x_hi]
        set yrange [y_lo : y_hi]
        # The columns share y₁: labelled under the bottom row only, clear of the titles below the top row.
        if (row == 1) { unset xlabel } else { set xlabel 'y₁' offset 0, 0.6 }
        # The decoder's w (/initial_params/w before training, /params/w after)
        # and the arrows' scale in the title, where they hide no cell.
        array w[2]
        stats file(k, col == 1 ? 'initial_params/w' : 'params/w') using (w[int($0) + 1] = $1) nooutput
        scale_note = col == 1 ? '' : magnification > 1 ? sprintf(',  white arrows × %g', magnification) \
                                                      : ',  white arrows at the untrained scale'
        set title (cold(k) ? 'F∞;  each sample pulls only its closest point g(ž)' \
                           : sprintf('F_β;  y′ = Y[%d] pulls every point, weighted by softargmin_β', force_sample)) \
                  . sprintf("\n{/=12 w = (%.2f, %.2f)%s}", w[1], w[2], scale_note) font ',14' offset 0, -0.3

        M = file(k, 'forces/'.state.'/manifold')
        MF = side_by_side(M, file(k, 'forces/'.state.'/'.force))
        plot file(k, F) matrix using (mesh_y1[$1 + 1]):(mesh_y2[$2 + 1]):3 with @image_style notitle, \
             file(k, 'forces/'.state.'/grad_free_energy.0') matrix \
                using (mesh_y1[$1 + 1]):(mesh_y2[$2 + 1]):(-arrow_scale * $3):(-arrow_scale * dF_dy2[int($2) * N1 + int($1) + 1]) \
                with vectors head filled size 0.06, 20 lw 1 lc rgb 'black' notitle, \
             '< cat '.M.' ; head -n 1 '.M using 1:2 with lines lw 1.5 lc rgb '#f4c6e8' notitle, \
             file(3, 'y') using 1:2:(0.065) with circles fc rgb '#56B4E9' notitle, \
             MF using (cold(k) && $3**2 + $4**2 > 0 ? $1 : NaN):2 with points pt 2 ps 1.3*point_scale lw 2 lc rgb 'white' notitle, \
             '+' using (cold(k) ? NaN : probe_y1):(probe_y2) every ::0::0 with points pt 2 ps 2.6*point_scale lw 7 lc rgb 'black' notitle, \
             '+' using (cold(k) ? NaN : probe_y1):(probe_y2) every ::0::0 with points pt 2 ps 2.4*point_scale lw 4 lc rgb '#E69F00' notitle, \
             MF using 1:2:(force_scale * $3):(force_scale * $4) \
                with vectors head filled size 0.07, 25 lw 2 lc rgb 'white' notitle
    }
}

# One key for the four panels, at the bottom, on a grey dark enough for white
# text and light enough for the black arrows (both contrasts ≥ 4.5:1), so
# that the white and the black arrows both show.
set key at screen 0.5, screen 0.012 center bottom horizontal maxcols 6 maxrows 1 reverse Left opaque fc rgb '#767676' \
    box lc rgb '#767676' textcolor rgb 'white' samplen 2 width -4 font ',14'
set lmargin at screen 0
set rmargin at screen 1
set bmargin at screen 0
set tmargin at screen 1
unset title
unset label
unset xlabel
unset ylabel
unset colorbox
unset tics
unset border
set xrange [0:1]
set yrange [0:1]
plot NaN notitle, \
     keyentry with points pt 7 ps 1.4*point_scale lc rgb '#56B4E9' title 'samples y', \
     keyentry with lines lw 2 lc rgb '#f4c6e8' title 'manifold g(z)', \
     keyentry with vectors head filled lw 1.5 lc rgb 'black' title '−∇_y F', \
     keyentry with vectors head filled lw 2 lc rgb 'white' title 'loss force on g(z)', \
     keyentry with points pt 2 ps 1.3*point_scale lw 2 lc rgb 'white' title 'g(ž) (ZTL)', \
     keyentry with points pt 2 ps 1.8*point_scale lw 4 lc rgb '#E69F00' title 'y′ (warmer)'
unset multiplot

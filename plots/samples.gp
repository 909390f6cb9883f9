# samples (lecture slide 05): the unconditional training samples Y in the
# y-plane, each labelled with its 1-based index as the lecture counts (Y[10], Y[23]).
# Reads: in1 = a data file (/y; attributes alpha, beta_data, x).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/data /y
load plots.'/style.gp'

# ρ(x), the semi-axes of the data's ellipse (SPEC.md §1), from the file's attributes.
rho1 = (in1_alpha * in1_x + in1_beta_data * (1 - in1_x)) * exp(2 * in1_x)
rho2 = (in1_beta_data * in1_x + in1_alpha * (1 - in1_x)) * exp(2 * in1_x)
N = in1_y_rows

# Each index sits beside its point, away from the centre (so off the axes),
# unless its box would overlap another point or an earlier label: then in the
# first free direction of outward turned by ±45°, ±90°, ±135° or 180°.
eval samples_window(file(1, 'y'))
array p1[N]
array p2[N]
stats file(1, 'y') using (p1[int($0) + 1] = $1, p2[int($0) + 1] = $2) nooutput
# A two-digit label's half width and height and a point's radius, in y units
# (the font at this window and size).
unit = y1_half / 3.0
half_w = 0.075 * unit
half_h = 0.055 * unit
dot = 0.035 * unit
array label_1[N]
array label_2[N]
turns = '0 45 -45 90 -90 135 -135 180'
hits_point(x1, x2, i) = sum [j = 1:N] (abs(x1 - p1[j]) < half_w + dot && abs(x2 - p2[j]) < half_h + dot ? 1 : 0)
hits_label(x1, x2, i) = sum [j = 1:i - 1] (abs(x1 - label_1[j]) < 2 * half_w && abs(x2 - label_2[j]) < 2 * half_h ? 1 : 0)
do for [i = 1:N] {
    angle = atan2(p2[i], p1[i])
    placed = 0
    do for [t = 1:words(turns)] {
        if (!placed) {
            a = angle + word(turns, t) * pi / 180
            gap = (half_w + dot) * abs(cos(a)) + (half_h + dot) * abs(sin(a)) + 0.01 * unit
            label_1[i] = p1[i] + gap * cos(a)
            label_2[i] = p2[i] + gap * sin(a)
            placed = hits_point(label_1[i], label_2[i], i) + hits_label(label_1[i], label_2[i], i) == 0
        }
    }
    if (!placed) { label_1[i] = p1[i] + (half_w + dot) * cos(angle); label_2[i] = p2[i] + (half_h + dot) * sin(angle) }
}

set title sprintf('Training samples Y = [y^{(1)}, …, y^{(%d)}]   (x = %.3g, ρ = (%.3g, %.3g))', N, in1_x, rho1, rho2)
@y_plane_window
set key top right
plot file(1, 'y') using 1:2 with points lt 1 title 'y', \
     [i = 1:N:1] '+' using (label_1[int(i)]):(label_2[int(i)]):(sprintf('%d', int(i))) \
         with labels center font ',11' tc rgb '#444444' notitle

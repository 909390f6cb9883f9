# samples-horn (lecture slides 04 and 34): the conditional training data in 3-D,
# (x, y₁, y₂) coloured by x: the ellipse's mouth grows from (2, 1.5) at x = 0
# to (1.5e², 2e²) at x = 1, the "horn". Reads: in1 = a conditional data file (/x, /y).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/data /x /y
load plots.'/style.gp'
# ρ(x), the semi-axes of the horn at x (SPEC.md §1), from the file's attributes.
rho1(x) = (in1_alpha * x + in1_beta_data * (1 - x)) * exp(2 * x)
rho2(x) = (in1_beta_data * x + in1_alpha * (1 - x)) * exp(2 * x)

set title sprintf('Training samples of the conditional case (N = %d, x ∼ U(0, 1))', in1_y_rows)
set xlabel 'x' offset 0, -1
set ylabel 'y₁' offset 1, -1
set zlabel 'y₂' rotate parallel
set xrange [floor(in1_x_min):ceil(in1_x_max)]
# The box follows the data: its farthest sample, and a margin, rounded up to 5.
y1_half = 5 * ceil(1.1 * (abs(in1_y_min) > in1_y_max ? abs(in1_y_min) : in1_y_max) / 5)
set yrange [-y1_half:y1_half]
set zrange [-y1_half:y1_half]
x_step = (ceil(in1_x_max) - floor(in1_x_min)) / 5.0
set xtics x_step offset 0, -0.5
set view 65, 30, 0.92, 1.1
set ticslevel 0
# A full box with a grid on its floor and back walls: without them the x = 0
# ellipse seems to float at y₂ ≈ 5.
set border 4095 lw 1
set grid xtics ytics ztics vertical lc rgb '#c8c8c8'
set ytics y1_half / 2
set ztics y1_half / 2
set cbrange [floor(in1_x_min):ceil(in1_x_max)]
set colorbox vertical user origin 0.88, 0.4 size 0.02, 0.45
set label 10 'x' at screen 0.89, screen 0.89 center font ',16'
unset key
splot side_by_side(file(1, 'x'), file(1, 'y')) using 1:2:3:1 with points pt 7 ps 0.7*point_scale lc palette

# free-energy-3d (lecture slide 19): the zero-temperature free energy F∞(y) over
# the y-plane as a dense contour stack, as on the slide: each contour line of
# F∞ drawn at its height, up to the cap F∞ = 1, draws the bathtub; on its
# floor, F∞ = 0, the model manifold. The view is the square round the manifold, |y₁|, |y₂| ≤ max |wᵢ|
# ([−1.5, 1.5]² for the lecture's w), in a box with a grid.
# (A pm3d surface looked jagged at the cap and hid the inside of the bowl.)
# --set cap=C changes the cap (default 1); --set contour_step=S the spacing of
# the contour levels (default 0.05).
# Reads: in1 = an inference file (/fine/y1, /fine/y2, /fine/f_inf, /manifold/y, /model/w).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /fine/y1 /fine/y2 /fine/f_inf /manifold/y /model/w
load plots.'/style.gp'
if (!exists('cap')) cap = 1.0
if (!exists('contour_step')) contour_step = 0.05
array w[2]
stats file(1, 'model/w') using (w[int($0) + 1] = $1) nooutput
half = abs(w[1]) > abs(w[2]) ? abs(w[1]) : abs(w[2])
# Contour points outside the view are undefined: their lines stop at its edge.
inside(y1, y2, f) = abs(y1) <= half && abs(y2) <= half ? f : NaN

# The fine map's axes as arrays: element [j, i] of a map is the point (y1[i], y2[j]).
array y1[in1_fine_y1_n]
array y2[in1_fine_y2_n]
stats file(1, 'fine/y1') using (y1[int($0) + 1] = $1) nooutput
stats file(1, 'fine/y2') using (y2[int($0) + 1] = $1) nooutput

# The contour lines, F∞ = step, 2·step, …, cap, computed once into a table.
set contour base
unset surface
set cntrparam levels incremental contour_step, contour_step, cap + contour_step / 2
set table $contours
splot file(1, 'fine/f_inf') matrix using (y1[$1 + 1]):(y2[$2 + 1]):3 notitle
unset table
unset contour
set surface

set title sprintf('Free energy F∞(y) = min_z E(y, z), up to %g, over |y₁|, |y₂| ≤ %.3g', cap, half)
set xlabel 'y₁' offset 0, -0.5
set ylabel 'y₂' offset 0, -0.5
set zlabel 'F∞(y)' rotate parallel offset -1, 0
set xrange [-half : half]
set yrange [-half : half]
set zrange [0 : cap]
set cbrange [0 : cap]
set cbtics add (sprintf('≥ %g', cap) cap)
set cblabel 'F∞(y)'
set xtics half / 2 offset 0, -0.3
# (from −half/2: the −half of y₂ would sit on the −half of y₁, at the near corner)
set ytics -half / 2, half / 2, half offset 0.5, -0.3
set border 4095 lw 1
set ztics cap / 2.0
set view 55, 330, 1.1, 0.8
set view equal xy
set xyplane at 0
set grid xtics ytics ztics
set colorbox vertical user origin 0.85, 0.3 size 0.025, 0.55

# One colour per contour level (the colour bar shows the levels).
set palette maxcolors int(cap / contour_step + 0.5)
set key at screen 0.02, screen 0.9 left top reverse Left width 1 font ',13'
splot $contours using 1:2:(inside($1, $2, $3)):3 with lines lc palette lw 2 title sprintf('F∞(y) = %g, %g, …, %g', contour_step, 2 * contour_step, cap), \
      file(1, 'manifold/y') using 1:2:(0) with points lt 2 pt 7 ps 0.6*point_scale title 'ỹ = g(z): F∞ = 0'

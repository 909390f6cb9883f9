# free-energy-map (lecture slide 18): the zero-temperature free energy
# F∞(y) = min_z E(y, z) as a heat map over the y-plane, with the samples Y, the
# model manifold ỹ = g(z) (where F∞ = 0) and the field −∇_y F∞ as arrows on the
# mesh: they point to the closest manifold point g(ž), and are longer the
# farther it is.
# By default the heat map is the lecture's 25 × 17 mesh, pixelated on purpose;
# --set fine=1 draws the fine map (/fine) instead (the arrows stay on the mesh).
# --set arrow_length=L: the longest arrow is L mesh steps long (default 1).
# Reads: in1 = an inference file (/grid/y1, /grid/y2, /grid/f_inf,
# /grid/grad_f_inf, /fine/y1, /fine/y2, /fine/f_inf, /samples/y, /manifold/y).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /grid/y1 /grid/y2 /grid/f_inf /grid/grad_f_inf /fine/y1 /fine/y2 /fine/f_inf /samples/y /manifold/y
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))
if (!exists('fine')) fine = 0
if (!exists('arrow_length')) arrow_length = 1.0

map = fine ? 'fine' : 'grid'
# In SVG the mesh's map is drawn pixel by pixel, so that viewers do not smooth
# it (in PNG that would show seams between the pixels).
image_style = (!fine && terminal eq 'svg') ? 'image pixels' : 'image'

# Each map's axes as arrays: element [j, i] of a map is the point (y1[i], y2[j]).
array map_y1[value('in1_'.map.'_y1_n')]
array map_y2[value('in1_'.map.'_y2_n')]
stats file(1, map.'/y1') using (map_y1[int($0) + 1] = $1) nooutput
stats file(1, map.'/y2') using (map_y2[int($0) + 1] = $1) nooutput
array mesh_y1[in1_grid_y1_n]
array mesh_y2[in1_grid_y2_n]
stats file(1, 'grid/y1') using (mesh_y1[int($0) + 1] = $1) nooutput
stats file(1, 'grid/y2') using (mesh_y2[int($0) + 1] = $1) nooutput

# The arrows: −∇F∞ = −(∂F∞/∂y1, ∂F∞/∂y2). The plot reads ∂F∞/∂y1 as a matrix;
# ∂F∞/∂y2 is held in an array, element [j, i] at j·N1 + i + 1.
N1 = in1_grid_y1_n
array dF_dy2[in1_grid_y2_n * N1]
stats file(1, 'grid/grad_f_inf.1') matrix using (dF_dy2[int($2) * N1 + int($1) + 1] = $3) nooutput
max(a, b) = a > b ? a : b
longest = 0
stats file(1, 'grid/grad_f_inf.0') matrix \
      using (longest = max(longest, sqrt($3**2 + dF_dy2[int($2) * N1 + int($1) + 1]**2))) nooutput
# (1.0 *: exported numbers that are whole, like −3 and 3, are gnuplot integers)
mesh_step = 1.0 * (in1_grid_y1_max - in1_grid_y1_min) / (N1 - 1)
arrow_scale = longest > 0 ? arrow_length * mesh_step / longest : 0

set title sprintf('Free energy F∞(y) = min_z E(y, z) and −∇_y F∞   (%d × %d %s)', \
                  |map_y1|, |map_y2|, fine ? 'fine map' : 'mesh')
@y_plane_window
# The whole of the edge pixels: half a step beyond the outer mesh points.
half_step_1 = 1.0 * (map_y1[|map_y1|] - map_y1[1]) / (|map_y1| - 1) / 2
half_step_2 = 1.0 * (map_y2[|map_y2|] - map_y2[1]) / (|map_y2| - 1) / 2
set xrange [map_y1[1] - half_step_1 : map_y1[|map_y1|] + half_step_1]
set yrange [map_y2[1] - half_step_2 : map_y2[|map_y2|] + half_step_2]
unset grid
unset xzeroaxis
unset yzeroaxis
set tics front

set cbrange [0:2]
set cbtics ('0' 0, '0.5' 0.5, '1' 1, '1.5' 1.5, '≥ 2' 2)
set cblabel 'F∞(y)'
set colorbox user origin graph 1.03, graph 0 size graph 0.04, graph 1
set rmargin at screen 0.86

# The key under the map, where it hides nothing.
set key below horizontal reverse Left width 1
set style fill solid 1 border lc rgb 'black'
# The arrows white edged in black: seen on the dark valley and the light slopes alike.
arrows = "file(1, 'grid/grad_f_inf.0') matrix using (mesh_y1[$1 + 1]):(mesh_y2[$2 + 1]):(-arrow_scale * $3):(-arrow_scale * dF_dy2[int($2) * N1 + int($1) + 1])"
plot file(1, map.'/f_inf') matrix using (map_y1[$1 + 1]):(map_y2[$2 + 1]):3 with @image_style notitle, \
     @arrows with vectors head filled size 0.06, 20 lw 3.5 lc rgb 'black' notitle, \
     @arrows with vectors head filled size 0.06, 20 lw 1.4 lc rgb 'white' notitle, \
     keyentry with vectors head filled lw 1.4 lc rgb 'black' title '−∇F∞', \
     file(1, 'manifold/y') using 1:2:(0.04) with circles fc rgb '#D55E00' title 'ỹ', \
     file(1, 'samples/y') using 1:2:(0.06) with circles fc rgb '#56B4E9' title 'y'

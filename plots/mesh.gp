# mesh (lecture slide 16): the points y′ of the y-plane mesh where the free
# energy F∞(y′) is evaluated (the lecture's y₁ = −3:0.25:3 by y₂ = −2:0.25:2,
# 25 × 17 points) and the model manifold ỹ = g(z).
# Reads: in1 = an inference file (/grid/y1, /grid/y2, /grid/f_inf for the
# mesh's shape, /manifold/y).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /grid/y1 /grid/y2 /grid/f_inf /manifold/y /samples/y
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))

# The mesh's axes as arrays: element [j, i] of a map is the point (y1[i], y2[j]).
array y1[in1_grid_y1_n]
array y2[in1_grid_y2_n]
stats file(1, 'grid/y1') using (y1[int($0) + 1] = $1) nooutput
stats file(1, 'grid/y2') using (y2[int($0) + 1] = $1) nooutput

mesh_step = (y1[|y1|] - y1[1]) / (|y1| - 1.0)
set title sprintf('The mesh: %d × %d points y′ where F∞(y′) is computed', in1_grid_y1_n, in1_grid_y2_n)
@y_plane_window
# a margin so that the mesh's outer points do not sit on the border
set xrange [-y1_half - 0.2:y1_half + 0.2]
set yrange [-y2_half - 0.2:y2_half + 0.2]
# outside the window: inside, its box would hide mesh points
set key outside right top reverse Left
# with `matrix`, $1 is the column i and $2 the row j of the map.
plot file(1, 'grid/f_inf') matrix using (y1[$1 + 1]):(y2[$2 + 1]) with points lt 3 pt 7 ps 0.8*point_scale title 'y′', \
     file(1, 'manifold/y') using 1:2 with points lt 2 title 'ỹ'

# manifold-untrained (lecture slide 06): the 24 samples Y and the untrained
# model manifold ỹ = g(z) = (w₁ cos z, w₂ sin z), one point per z of the latent
# grid Z = [0 : 2π/|Z| : 2π[, here a flat ellipse inside the data.
# Reads: in1 = an inference file (/samples/y, /manifold/y, /model/w, /z).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /samples/y /manifold/y /model/w /z
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))

# w, for the title (a dataset is not a variable: load it into an array).
array w[2]
stats file(1, 'model/w') using (w[int($0) + 1] = $1) nooutput

set title sprintf('Untrained model manifold ỹ = g(z),  z ∈ [0 : 2π/%d : 2π[,  w = (%.2f, %.2f)', \
                  in1_z_n, w[1], w[2])
@y_plane_window
set key top right reverse Left
plot file(1, 'samples/y')  using 1:2 with points lt 1 title 'y', \
     file(1, 'manifold/y') using 1:2 with points lt 2 title 'ỹ'

# manifold-conditional-untrained (lecture slide 35): the conditional model's
# manifold ỹ(x, z) = (f₁(x) cos z, f₂(x) sin z) before training, a 3-D surface
# of points over x = 0 : 1/50 : 1 and the 48 latents z ∈ [0 : π/24 : 2π[,
# coloured by x. The predictor f has PyTorch's default initialisation, so the
# surface is a thin tube of arbitrary, small semi-axes.
# Reads: in1 = an inference file of a conditional model (/manifold/table with
# rows (x, z, ỹ₁, ỹ₂), /manifold/x, /manifold/z).
# manifold-conditional-trained.gp loads this script with figure_title and show_fit set.
load plots.'/style.gp'

if (!exists('figure_title')) figure_title = 'Untrained model manifold'
if (exists('show_fit')) {
    stats file(1, 'evaluation/max_relative_error') using 1 nooutput prefix 'worst'
    figure_title = sprintf("%s: |f(x)| within %.1f %% of the data's ρ(x)", figure_title, 100 * worst_max)
}
# The inputs x of the file's manifold: its range, and the colour of each x.
stats file(1, 'manifold/x') using 1 nooutput prefix 'X'
set title sprintf("%s\n{/*0.8 ỹ(x, z) = (f₁(x) cos z, f₂(x) sin z),   x = %g : %g/%d : %g,   z ∈ [0 : 2π/%d : 2π[}", \
                  figure_title, X_min, X_max - X_min, in1_manifold_x_n - 1, X_max, in1_manifold_z_n)

# Symmetric ranges round the surface, 10% beyond its largest |ỹ₁| and |ỹ₂|.
stats file(1, 'manifold/table') using 3 nooutput prefix 'Y1'
stats file(1, 'manifold/table') using 4 nooutput prefix 'Y2'

larger(a, b) = a > b ? a : b
reach1 = 1.1 * larger(abs(Y1_min), abs(Y1_max))
reach2 = 1.1 * larger(abs(Y2_min), abs(Y2_max))

set xlabel 'x' offset 0, -1
set ylabel 'y₁' offset 1, -1
set zlabel 'y₂' rotate parallel
set xrange [X_min:X_max]
set yrange [-reach1:reach1]
set zrange [-reach2:reach2]
x_step = (X_max - X_min) / 5.0
set xtics x_step offset 0, -0.5
set view 65, 30, 1, 1.05
set ticslevel 0
set grid xtics ytics ztics
set cbrange [X_min:X_max]
set colorbox vertical user origin 0.91, 0.25 size 0.02, 0.5
unset cblabel
set label 'x' at screen 0.905, screen 0.79
unset key
splot file(1, 'manifold/table') using 1:3:4:1 with points pt 7 ps 0.45 lc palette

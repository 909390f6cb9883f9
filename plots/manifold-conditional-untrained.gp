# manifold-conditional-untrained (lecture slide 35): the conditional model's
# manifold ỹ(x, z) = (f₁(x) cos z, f₂(x) sin z) before training, a 3-D surface
# of points over x = 0 : 1/50 : 1 and the 48 latents z ∈ [0 : π/24 : 2π[,
# coloured by x. The predictor f has PyTorch's default initialisation, so the
# surface is a thin tube of arbitrary, small semi-axes.
# Reads: in1 = an inference file of a conditional model (/manifold/table with
# rows (x, z, ỹ₁, ỹ₂), /manifold/x, /manifold/z).
# manifold-conditional-trained.gp loads this script with figure_title, show_fit
# and box_holds_samples set (then it reads /samples/y too).
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
# The trained horn in samples-horn's box: square, round the surface and the
# held-out samples (/samples/y), a margin, rounded up to 5, so the two compare.
if (exists('box_holds_samples')) {
    stats file(1, 'samples/y') using (abs($1)):(abs($2)) nooutput prefix 'S'
    reach1 = 5 * ceil(1.1 * larger(larger(reach1, reach2) / 1.1, larger(S_max_x, S_max_y)) / 5)
    reach2 = reach1
    set ytics reach1 / 2
    set ztics reach1 / 2
}

set xlabel 'x' offset 0, -1
set ylabel 'y₁' offset 1, -1
set zlabel 'y₂' rotate parallel
set xrange [X_min:X_max]
set yrange [-reach1:reach1]
set zrange [-reach2:reach2]
x_step = (X_max - X_min) / 5.0
set xtics x_step offset 0, -0.5
set view 65, 30, 0.92, 1.1
set ticslevel 0
# samples-horn's full box, with a grid on its floor and back walls.
set border 4095 lw 1
set grid xtics ytics ztics vertical lc rgb '#c8c8c8'
set cbrange [X_min:X_max]
set colorbox vertical user origin 0.88, 0.4 size 0.02, 0.45
unset cblabel
set label 10 'x' at screen 0.89, screen 0.89 center font ',16'
unset key
splot file(1, 'manifold/table') using 1:3:4:1 with points pt 7 ps 0.45*point_scale lc palette

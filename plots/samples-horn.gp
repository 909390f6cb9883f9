# samples-horn (lecture slides 04 and 34): the conditional training data in 3-D,
# (x, y₁, y₂) coloured by x: the ellipse's mouth grows from (2, 1.5) at x = 0
# to (1.5e², 2e²) at x = 1, the "horn". Reads: in1 = a conditional data file (/x, /y).
load plots.'/style.gp'
# ρ(x), the semi-axes of the horn at x (SPEC.md §1), from the file's attributes.
rho1(x) = (in1_alpha * x + in1_beta_data * (1 - x)) * exp(2 * x)
rho2(x) = (in1_beta_data * x + in1_alpha * (1 - x)) * exp(2 * x)

set title sprintf('Training samples of the conditional case (N = %d, x ∼ U(0, 1))', in1_y_rows)
set xlabel 'x' offset 0, -1
set ylabel 'y₁' offset 1, -1
set zlabel 'y₂' rotate parallel
set xrange [0:1]
set yrange [-25:25]
set zrange [-16:16]
set xtics 0.2 offset 0, -0.5
set view 65, 30, 1, 1.1
set ticslevel 0
set grid xtics ytics ztics
set cbrange [0:1]
set cblabel 'x'
set colorbox vertical user origin 0.9, 0.25 size 0.02, 0.5
unset key
splot side_by_side(file(1, 'x'), file(1, 'y')) using 1:2:3:1 with points pt 7 ps 0.7 lc palette

# samples (lecture slide 05): the unconditional training samples Y in the
# y-plane, each labelled with its 1-based index as the lecture counts (Y[10], Y[23]).
# Reads: in1 = a data file (/y; attributes alpha, beta_data, x).
load plots.'/style.gp'

# ρ(x), the semi-axes of the data's ellipse (SPEC.md §1), from the file's attributes.
rho1 = (in1_alpha * in1_x + in1_beta_data * (1 - in1_x)) * exp(2 * in1_x)
rho2 = (in1_beta_data * in1_x + in1_alpha * (1 - in1_x)) * exp(2 * in1_x)
set title sprintf('Training samples Y = [y^{(1)}, …, y^{(%d)}]   (x = %.3g, ρ = (%.3g, %.3g))', in1_y_rows, in1_x, rho1, rho2)
eval samples_window(file(1, 'y'))
@y_plane_window
set key top right
plot file(1, 'y') using 1:2 with points lt 1 title 'y', \
     '' using 1:2:(sprintf('%d', $0 + 1)) with labels offset char 0.9, char 0.6 font ',10' tc rgb '#555555' notitle

# samples (lecture slide 05): the 24 unconditional training samples Y in the
# y-plane, each labelled with its 1-based index as the lecture counts (Y[10], Y[23]).
# Reads: in1 = a data file (/y).
load plots.'/style.gp'

set title sprintf('Training samples Y = [y^{(1)}, …, y^{(%d)}]   (x = 0, ρ = (2, 1.5))', in1_y_rows)
@y_plane_window
set key top right
plot file(1, 'y') using 1:2 with points lt 1 title 'y', \
     '' using 1:2:(sprintf('%d', $0 + 1)) with labels offset char 0.9, char 0.6 font ',10' tc rgb '#555555' notitle

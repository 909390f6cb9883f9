# cross-section-trained (lecture slide 32): cross-section-betas.gp for the trained
# model: the cold F∞ has a spike at the centre (equidistant from the two branches
# of the ellipse), the warm F_β are smooth.
# Reads: in1 = an inference file of the trained model (see cross-section-betas.gp).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /cross_section/y2 /cross_section/betas /cross_section/f_beta /model/w
array w_trained[2]
stats sprintf('%s/1/model/w.dat', data) using (w_trained[int($0) + 1] = $1) nooutput
if (!exists('figure_title')) figure_title = sprintf('Free energy F_β(y) along y₁ = 0, trained model   (w = (%.2f, %.2f))', w_trained[1], w_trained[2])
load plots.'/cross-section-betas.gp'

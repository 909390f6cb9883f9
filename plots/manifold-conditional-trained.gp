# manifold-conditional-trained (lecture slide 37): the conditional model's
# manifold after zero-temperature-limit training with the energy loss: the
# horn. Its mouth grows from the semi-axes (2, 1.5) at x = 0 to about
# (11.1, 14.8) at x = 1, as the data's ρ(x).
# Reads: in1 = an inference file of the trained conditional model (see
# manifold-conditional-untrained.gp).
if (!exists('figure_title')) figure_title = 'Trained model manifold'
load plots.'/manifold-conditional-untrained.gp'

# manifold-conditional-trained (lecture slide 37): the conditional model's
# manifold after zero-temperature-limit training with the energy loss: the
# horn, whose mouth grows with x as the data's ρ(x).
# Reads: in1 = an inference file of the trained conditional model (see
# manifold-conditional-untrained.gp).
# The title gives the largest relative error of |f(x)| against the data's ρ(x)
# on x = 0 : 1/50 : 1 (/evaluation/max_relative_error of the inference file).
# Its box is samples-horn's, round the held-out samples (/samples/y).
figure_title = 'Trained model manifold'
show_fit = 1
box_holds_samples = 1
load plots.'/manifold-conditional-untrained.gp'

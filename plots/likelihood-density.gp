# likelihood-density (ours: the probabilistic reading): the density of the
# data's generator, p(y) = 1/2π ∫ N(y; ρ ⊙ (cos θ, sin θ), σ²I) dθ, beside the
# densities p_β(y) = β/π · exp(−β F_β(y)) of three trained ellipse models: the
# ZTL-trained one read at its β̂ (it has no temperature of its own), the
# warm-trained one and the maximum-likelihood one (--beta ml), each at the β
# it was trained at. One colour scale for all four; each panel's title gives
# the mean −log p of the held-out samples. p_β is a mixture of Z Gaussians of
# variance 1/(2β) on the manifold: narrow ones show the latent grid as beads.
# Reads: in1, in2, in3 = the inference files of the ZTL, warm and ML models,
# with /likelihood whose first β is the one the model was trained at
# (ebm-infer --likelihood-beta trained).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /likelihood/maps/0/y1 /likelihood/maps/0/y2 /likelihood/maps/0/p_true /likelihood/maps/0/p_beta_hat /likelihood/beta_hat /likelihood/mean_nll_beta_hat /likelihood/mean_true_nll /likelihood/data_sigma /samples/y
# needs: in2 ebm/inference /likelihood/betas /likelihood/mean_nll /likelihood/maps/0/p_beta
# needs: in3 ebm/inference /likelihood/betas /likelihood/mean_nll /likelihood/maps/0/p_beta
load plots.'/style.gp'
eval samples_window(file(1, 'samples/y'))
max(a, b) = a > b ? a : b

array y1[in1_likelihood_maps_0_y1_n]
array y2[in1_likelihood_maps_0_y2_n]
stats file(1, 'likelihood/maps/0/y1') using (y1[int($0) + 1] = $1) nooutput
stats file(1, 'likelihood/maps/0/y2') using (y2[int($0) + 1] = $1) nooutput

# Each model at the first β of its /likelihood: the one it was trained at.
stats file(2, 'likelihood/betas') every ::0::0 using (warm_beta = $1) nooutput
stats file(2, 'likelihood/mean_nll') every ::0::0 using (warm_nll = $1) nooutput
stats file(3, 'likelihood/betas') every ::0::0 using (ml_beta = $1) nooutput
stats file(3, 'likelihood/mean_nll') every ::0::0 using (ml_nll = $1) nooutput

beta_hat = in1_likelihood_beta_hat_min
p_max = max(max(in1_likelihood_maps_0_p_true_max, in1_likelihood_maps_0_p_beta_hat_max), \
            max(in2_likelihood_maps_0_p_beta_max, in3_likelihood_maps_0_p_beta_max))

set multiplot layout 2, 2 title 'The densities of the data and of three trained models (colour: p(y), one scale; title: mean −log p of the held-out samples)' font ',15'
@y_plane_window
unset xzeroaxis; unset yzeroaxis
unset grid
unset key
set tics front
set cbrange [0:p_max]
set cblabel 'p(y)'
map = "matrix using (y1[$1 + 1]):(y2[$2 + 1]):3 with image notitle"

set title sprintf('the generator (σ = %g): %.3f nats', in1_likelihood_data_sigma_min, in1_likelihood_mean_true_nll_min)
plot file(1, 'likelihood/maps/0/p_true') @map
set title sprintf('ZTL-trained, read at β̂ = %.4g: %.3f nats', beta_hat, in1_likelihood_mean_nll_beta_hat_min)
plot file(1, 'likelihood/maps/0/p_beta_hat') @map
set title sprintf('warm-trained, at its β = %g: %.3f nats', warm_beta, warm_nll)
plot file(2, 'likelihood/maps/0/p_beta.0') @map
set title sprintf('maximum likelihood, at its β = %.4g: %.3f nats', ml_beta, ml_nll)
plot file(3, 'likelihood/maps/0/p_beta.0') @map
unset multiplot

# energy-iii (lecture slide 39): Energy (III), a multi-dimensional latent
# z ∈ ℝ^d, E(x, y, z) = ‖y − g(f(x), z)‖² + λR(z), after zero-temperature-limit
# training on the horn, one row a run: without the regulariser (λ = 0), with
# λ‖z‖², with the unit shell λ(‖z‖ − 1)². Each panel: F∞(x, y) = min_z E over the y-plane at one x (log
# colour scale, ž by L-BFGS from several starts), the held-out samples whose x
# lies near it (slice_half_width), and the decoder's output g(f(x), z) for latents
# drawn uniformly in the box spanned by the samples' ž (what the latent covers).
# Without R(z) a 2-D latent reaches every y: F∞ ≈ 0 everywhere, the data are
# memorised and nothing else is learned. With λ‖z‖² (or ‖z‖₁) z = 0 is the
# cheapest latent and training maps it to the ring's centre: F∞ is lowest
# where there are no data. The shell (‖z‖ − 1)² makes a circle the cheapest:
# g maps it onto the ring, and F∞ is low on the ring only. Each panel's subtitle gives, from the inference
# file's /evaluation, the held-out mean F∞ near its x and F∞ at the centre;
# one key for all, under the title. Each panel has equal units on y₁ and y₂
# and fills its cell whatever ρ(x) (filled_window in style.gp).
# Reads: in1, in2 and (optional) in3 = inference files of latent models, one a
# row: without a regulariser, with λ‖z‖², with the unit shell λ(‖z‖ − 1)² (/slices/x, /slices/<s>/y1, y2, f_inf, decoded, samples;
# /evaluation/ring_x, ring_heldout_f_inf, centre_f_inf; attributes
# latent_dim, lambda, regularizer).
# needs: in1 ebm/inference /slices/x /slices/0/y1 /slices/0/y2 /slices/0/f_inf /slices/0/decoded /evaluation/ring_x /evaluation/ring_heldout_f_inf /evaluation/centre_f_inf
# needs: in2 ebm/inference /slices/x /slices/0/y1 /slices/0/y2 /slices/0/f_inf /slices/0/decoded /evaluation/ring_x /evaluation/ring_heldout_f_inf /evaluation/centre_f_inf
load plots.'/style.gp'

larger(a, b) = a > b ? a : b
floor_log = -3
ceiling_log = 3
log_f(f) = log10(larger(f, 10.0**floor_log))
array slice_x[in1_slices_x_n]
stats file(1, 'slices/x') using (slice_x[int($0) + 1] = $1) nooutput
regulariser(k) = value(sprintf('in%d_lambda', k)) == 0 ? 'λ = 0, no regulariser' : \
    sprintf('λ = %g, R(z) = %s', value(sprintf('in%d_lambda', k)), \
            value(sprintf('in%d_regularizer', k)) eq 'l2' ? '‖z‖²' : \
            value(sprintf('in%d_regularizer', k)) eq 'l1' ? '‖z‖₁' : '(‖z‖ − 1)²')
# /evaluation of input k at the ring r (1-based) whose x is a slice's, or 0.
inputs = exists('in3_lambda') ? 3 : 2
array ring_x[3]; array ring_heldout[3 * inputs]; array centre[3 * inputs]
do for [k = 1:inputs] {
    stats file(k, 'evaluation/ring_x') using (ring_x[int($0) + 1] = $1) nooutput
    stats file(k, 'evaluation/ring_heldout_f_inf') using (ring_heldout[3 * (k - 1) + int($0) + 1] = $1) nooutput
    stats file(k, 'evaluation/centre_f_inf') using (centre[3 * (k - 1) + int($0) + 1] = $1) nooutput
}
ring_of(x) = abs(x - ring_x[1]) < 1e-12 ? 1 : abs(x - ring_x[2]) < 1e-12 ? 2 : abs(x - ring_x[3]) < 1e-12 ? 3 : 0

# Equal cells below the title and the key, one colour bar for all panels
# (they share its scale) at the right. Heights in pixels, for two rows or three.
near = sprintf('|x′ − x| ≤ %g', in1_slice_half_width)
left_margin = 0.07; right_margin = 0.87; bottom_margin = 87.0 / height; top_margin = 1 - 196.0 / height
column_gap = 0.08; row_gap = 145.0 / height
map_width = (right_margin - left_margin - (in1_slices_x_n - 1) * column_gap) / in1_slices_x_n
map_height = (top_margin - bottom_margin - (inputs - 1) * row_gap) / inputs
set multiplot layout inputs, in1_slices_x_n margins left_margin, right_margin, bottom_margin, top_margin \
    spacing column_gap, row_gap \
    title sprintf("Energy (III): E(x, y, z) = ‖y − g(f(x), z)‖² + λR(z),  z ∈ ℝ^%d,  F∞(x, y) = min_z E", in1_latent_dim) font ',16'
unset grid
set tics front
set cbrange [floor_log:ceiling_log]
set cbtics ('≤10^{-3}' -3, '10^{-2}' -2, '0.1' -1, '1' 0, '10' 1, '100' 2, '10^3' 3)
set cblabel 'F∞(x, y)' offset 0.5, 0
unset key
do for [k = 1:inputs] {
    do for [s = 0:in1_slices_x_n - 1] {
        group = sprintf('slices/%d', s)
        array map_y1[value(sprintf('in%d_slices_%d_y1_n', k, s))]
        array map_y2[value(sprintf('in%d_slices_%d_y2_n', k, s))]
        stats file(k, group.'/y1') using (map_y1[int($0) + 1] = $1) nooutput
        stats file(k, group.'/y2') using (map_y2[int($0) + 1] = $1) nooutput
        r = ring_of(slice_x[s + 1])
        set title (r == 0 ? sprintf("%s,  x = %g", regulariser(k), slice_x[s + 1]) : \
            sprintf("%s,  x = %g\n{/*0.85 held-out mean F∞ %.2g;  F∞(0, 0) %.2g}", \
                    regulariser(k), slice_x[s + 1], ring_heldout[3 * (k - 1) + r], centre[3 * (k - 1) + r])) font ',14'
        set xlabel 'y₁' offset 0, 0.8
        set ylabel 'y₂' offset 1, 0
        if (k == 1 && s == in1_slices_x_n - 1) {
            set colorbox user origin screen 0.9, screen 0.25 size screen 0.018, screen 0.5
        } else { unset colorbox }
        eval filled_window(map_y1[1], map_y1[|map_y1|], map_y2[1], map_y2[|map_y2|], map_width, map_height)
        samples = exists(sprintf('in%d_slices_%d_samples_n', k, s))
        plot file(k, group.'/f_inf') matrix using (map_y1[$1 + 1]):(map_y2[$2 + 1]):(log_f($3)) with image notitle, \
             file(k, group.'/decoded') using 1:2 with points pt 7 ps 0.25*point_scale lc rgb '#D55E00' notitle, \
             (samples ? file(k, group.'/samples') : '+') using 1:2 every (samples ? 1 : 1000000) \
                with points pt 7 ps 0.6*point_scale lc rgb '#56B4E9' notitle
    }
}
# The key, between the title and the panels.
eval key_only(0.5, 1 - 72.0 / height)
plot NaN with points pt 7 ps 1.2*point_scale lc rgb '#D55E00' title "g(f(x), z) for z uniform in the box of the samples' ž", \
     NaN with points pt 7 ps 1.2*point_scale lc rgb '#56B4E9' title sprintf('held-out y with %s', near)
unset multiplot

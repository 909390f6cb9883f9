# loss-history (ours): how training went, for each trained model. Left: the
# training loss L = 1/N Σ ℓ(F, y(n)) before each optimiser step (for ℓ_energy it
# is the mean F at the run's β: F∞ for ZTL, F_β for a warmer run). Right: the
# mean zero-temperature free energy F∞ (the squared distance to the manifold)
# over the training samples and over the held-out samples after each epoch,
# the same measure for every run. Log y axes.
# The loss is drawn against epochs: step s (0-based) at epoch s / (steps per epoch).
# Reads: in1, in2, … = model files of ebm-train (/history/loss,
# /history/train_f_inf, /history/heldout_f_inf if given; attributes beta, epochs,
# and of in1 loss, optimizer, batch_size, learning_rate for the title).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/model /history/loss /history/train_f_inf
load plots.'/style.gp'

max(a, b) = a > b ? a : b
# β = ∞ is exported as an infinite number.
cold(k) = value(sprintf('in%d_beta', k)) > 1e300
run_name(k) = cold(k) ? 'ZTL (β = ∞)' : sprintf('warmer (β = %g)', value(sprintf('in%d_beta', k)))
run_colour(k) = word('#0072B2 #D55E00 #009E73 #E69F00 #CC79A7 #56B4E9', (k - 1) % 6 + 1)
# (1.0 *: whole numbers are exported as gnuplot integers)
steps_per_epoch(k) = 1.0 * value(sprintf('in%d_history_loss_n', k)) / max(1, value(sprintf('in%d_epochs', k)))
# /history/heldout_f_inf is there only when the run was given held-out samples.
has_heldout(k) = exists(sprintf('in%d_history_heldout_f_inf_n', k))
heldout_file(k) = has_heldout(k) ? file(k, 'history/heldout_f_inf') : '/dev/null'
# The last value of each history: final[3 (k − 1) + q], q = loss, train, held-out.
histories = 'history/loss history/train_f_inf history/heldout_f_inf'
history_variables = 'history_loss history_train_f_inf history_heldout_f_inf'
array final[inputs * 3]
do for [k = 1:inputs] {
    do for [q = 1:3] {
        name = word(histories, q)
        dataset = sprintf('in%d_%s_n', k, word(history_variables, q))
        final[3 * (k - 1) + q] = NaN
        if (exists(dataset)) {
            n = value(dataset)
            stats file(k, name) every ::(n - 1)::(n - 1) using (final[3 * (k - 1) + q] = $1) nooutput
        }
    }
}

batch_text = in1_batch_size == 0 ? 'full batch' : sprintf('batches of %d', in1_batch_size)
set multiplot layout 1, 2 title sprintf('Training the ellipse model with ℓ_{%s}  (%s, %s, learning rate %g)', \
    in1_loss, in1_optimizer, batch_text, in1_learning_rate) font ',18'
set logscale y
set format y '%g'
set mytics 10
set grid xtics ytics mytics lc rgb '#e0e0e0', lc rgb '#f2f2f2'
set xlabel 'epoch'
# Both panels over the longest run's epochs, so that their epoch tics agree.
epochs_max = 1
do for [k = 1:inputs] { epochs_max = max(epochs_max, value(sprintf('in%d_epochs', k))) }
set xrange [0:epochs_max]
set key top right opaque samplen 4 font ',14'
# A free decade above the data for the key: log_ceiling(v) is the power of ten above v, times 10.
log_ceiling(v) = 10.0**(ceil(log10(v)) + 1)
highest(q) = (h = 0, sum [k = 1:inputs] (h = max(h, exists(sprintf('in%d_%s_max', k, word(history_variables, q))) ? \
              value(sprintf('in%d_%s_max', k, word(history_variables, q))) : 0), 0), h)

set title 'Training loss before each step'
set yrange [* : log_ceiling(highest(1))]
set ylabel 'loss  (mean F at the run’s β)'
plot for [k = 1:inputs] file(k, 'history/loss') using ($0 / steps_per_epoch(k)):1 \
         with lines lw 2.5 lc rgb run_colour(k) \
         title sprintf('%s: mean F%s,  last %.3g', run_name(k), cold(k) ? '∞' : '_β', final[3 * (k - 1) + 1])

set title 'Mean F∞ (squared distance to the manifold) per epoch'
set yrange [* : log_ceiling(max(highest(2), highest(3)))]
set ylabel 'mean F∞(y)'
plot for [k = 1:inputs] file(k, 'history/train_f_inf') using 0:1 with lines lw 2.5 lc rgb run_colour(k) \
         title sprintf('%s, training: last %.3g', run_name(k), final[3 * (k - 1) + 2]), \
     for [k = 1:inputs] heldout_file(k) using 0:1 with lines lw 2.5 dt 2 lc rgb run_colour(k) \
         title (has_heldout(k) ? sprintf('%s, held-out: last %.3g', run_name(k), final[3 * (k - 1) + 3]) : '')
unset multiplot

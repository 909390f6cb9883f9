# inference-methods (ours, beyond the lecture): how well and how cheaply each
# inference method finds ž. Left: for every sample, the error of its F∞ against the
# exact squared distance to the ellipse, |F∞ − d²| on a log axis (values below the
# floor drawn on it), one column of points a method, its median as a bar.
# Right: the mean cost per sample: iterations, energy and gradient evaluations
# (log axis). `exact` (the closest point of the ellipse) is the reference the
# errors are measured against, named in the title, not a competitor.
# Reads: in1 = an inference file: /inference/<method>/error (N),
#        /inference/<method>/iterations, energy_evaluations, gradient_evaluations (N)
#        for every method in the file.
# Settings: methods (which methods and their order, default: every method in the
#           file, in method_order), error_floor (default 1e-16).
# Checked by ebm-plot before gnuplot runs (lib/stages/figure_needs.hpp):
# needs: in1 ebm/inference /inference
load plots.'/style.gp'

if (!exists('error_floor')) error_floor = 1e-16
method_order = 'exhaustive line-search gd cg lbfgs'
reference = 'exact'

# The methods of the file are the folders of its /inference export.
if (!exists('methods')) {
    in_file = ''
    do for [m in system(sprintf("ls '%s/1/inference'", data))] { in_file = in_file . ' ' . m }
    methods = ''
    do for [m in method_order] { if (strstrt(in_file . ' ', ' ' . m . ' ') > 0) { methods = methods . ' ' . m } }
    do for [m in in_file] { if (strstrt(' ' . method_order . ' ' . reference . ' ', ' ' . m . ' ') == 0) { methods = methods . ' ' . m } }
}
M = words(methods)
method(i) = word(methods, i)
inference(i, name) = file(1, sprintf('inference/%s/%s', method(i), name))

# Per method: the median |error| and the mean costs.
array median_error[M]; array mean_iterations[M]; array mean_evaluations[M]; array mean_gradients[M]
do for [i = 1:M] {
    stats inference(i, 'error') using (abs($1)) nooutput
    median_error[i] = STATS_median
    stats inference(i, 'iterations') using 1 nooutput
    mean_iterations[i] = STATS_mean
    stats inference(i, 'gradient_evaluations') using 1 nooutput
    mean_gradients[i] = STATS_mean
    stats inference(i, 'energy_evaluations') using 1 nooutput
    mean_evaluations[i] = STATS_mean
}
N = STATS_records
# Samples spread across a column by their index, so that equal errors stay visible.
spread(n) = 0.5 * (n / (N - 1.0) - 0.5)
floored(e) = (abs(e) > error_floor) ? abs(e) : error_floor
positive(v) = (v > 0) ? v : NaN                      # a log axis shows no zero
method_tics = "set xtics ("
do for [i = 1:M] { method_tics = method_tics . sprintf("'%s' %d%s", method(i), i, i < M ? ', ' : ')') }

set multiplot layout 1, 2 title sprintf('Inference methods: error of F_∞ and cost, over the %d samples', N)
set xrange [0.4:M + 0.6]
@method_tics
set xtics noenhanced rotate by -25 font ',14' nomirror
set grid ytics
set logscale y

# --- accuracy ------------------------------------------------------------------
set title sprintf('|F_∞ − d²|, d² by %s (the reference): the squared distance to the ellipse', reference) font ',13'
set yrange [error_floor / 10:*]
set offsets 0, 0, graph 0.04, 0
set format y '10^{%T}'
set ylabel 'error of F_∞ (log)'
set key top right samplen 1 font ',13'
plot error_floor with lines dt 2 lw 1.5 lc rgb '#888888' title gprintf('floor 10^{%T}', error_floor), \
     for [i = 1:M] inference(i, 'error') using (i + spread($0)):(floored($1)) \
         with points pt 7 ps 0.8*point_scale lt 1 title (i == 1 ? 'a sample' : ''), \
     for [i = 1:M] [t = -0.3:0.3:0.6] '+' using (i + t):(floored(median_error[i])) \
         with lines lw 3 lc rgb '#000000' title (i == 1 ? 'median' : '')

# --- cost ----------------------------------------------------------------------
set title 'mean cost per sample'
set yrange [0.5:*]
set offsets 0, 0, graph 0.12, 0         # room for the numbers over the bars
set format y '%g'
set ylabel 'count (log)'
set style fill solid 0.85 border -1
set boxwidth 0.26
set key top left samplen 1 font ',13'
# Three bars a method: iterations, energy evaluations, gradient evaluations.
bar_x(i, b) = i + (b - 2) * 0.27
bar_value(i, b) = b == 1 ? mean_iterations[i] : b == 2 ? mean_evaluations[i] : mean_gradients[i]
bar_name(b) = b == 1 ? 'iterations' : b == 2 ? 'energy evaluations' : 'gradient evaluations'
bar_colour(b) = b == 1 ? 1 : b == 2 ? 4 : 3
bars(b) = sprintf("[i = 1:M:1] '+' using (bar_x(int(i), %d)):(positive(bar_value(int(i), %d))) with boxes lt bar_colour(%d) title bar_name(%d)", b, b, b, b)
numbers(b) = sprintf("[i = 1:M:1] '+' using (bar_x(int(i), %d)):(bar_value(int(i), %d) > 0 ? bar_value(int(i), %d) : 0.5):(sprintf('%%.3g', bar_value(int(i), %d))) with labels rotate by 90 left offset 0, 0.4 font ',11' notitle", b, b, b, b)
bars1 = bars(1); bars2 = bars(2); bars3 = bars(3)
numbers1 = numbers(1); numbers2 = numbers(2); numbers3 = numbers(3)
plot sample @bars1, @bars2, @bars3, @numbers1, @numbers2, @numbers3
unset multiplot

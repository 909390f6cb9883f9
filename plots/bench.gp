# bench (ours, `make bench`): how much faster ebm is than PyTorch on each of
# issue 16's workloads, the median speed-up of the alternating runs with its
# range (min–max) as an error bar, and the target as a dashed line over its
# workload. The title says when, how many runs and under what load, and how
# the map's F_β pass compares with an optimised DGEMM of the same shapes.
# Reads: in1 = data/bench/results.h5: /speedup, /speedup_min, /speedup_max,
#        /target (W); root attributes workloads (W names), date, runs,
#        load_before, load_after, cores, threads, and f_beta_over_dgemm when
#        OpenBLAS was there.
load plots.'/style.gp'

W = in1_speedup_n
workload(i) = word(in1_workloads, i)
array speedup[W]; array low[W]; array high[W]; array target[W]
stats file(1, 'speedup') using (speedup[int($0) + 1] = $1) nooutput
stats file(1, 'speedup_min') using (low[int($0) + 1] = $1) nooutput
stats file(1, 'speedup_max') using (high[int($0) + 1] = $1) nooutput
stats file(1, 'target') using (target[int($0) + 1] = $1) nooutput

roofline = exists('in1_f_beta_over_dgemm') ? \
    sprintf('the map''s F_β pass takes %.2f × the time of an OpenBLAS DGEMM of its shapes', in1_f_beta_over_dgemm) : \
    'no DGEMM roofline (no OpenBLAS)'
loaded = in1_load_before > 0.5 * in1_cores ? ' — above 0.5 per core: not a quiet machine' : ''
set title sprintf("ebm against PyTorch (float64, %d threads): median speed-up of %d alternating runs, min–max bars\n%s, load average %.2f before, %.2f after, %d cores%s\n%s", \
                  in1_threads, in1_runs, in1_date, in1_load_before, in1_load_after, in1_cores, loaded, roofline) font ',14'
ratio_text(s) = s >= 100 ? sprintf('%.0f×', s) : sprintf('%.3g×', s)
workload_tics = 'set xtics ('
do for [i = 1:W] { workload_tics = workload_tics . sprintf("'%s' %d%s", workload(i), i, i < W ? ', ' : ')') }
@workload_tics
set xtics noenhanced
set xrange [0.4:W + 0.6]
set logscale y
set yrange [0.5:*]
set offsets 0, 0, graph 0.08, 0
set ylabel 'speed-up (PyTorch time / ebm time, log)'
set grid ytics
set style fill solid 0.85 border -1
set boxwidth 0.5
set key top left
plot sample [i = 1:W:1] '+' using (i):(speedup[int(i)]) with boxes lt 1 title 'median speed-up', \
     [i = 1:W:1] '+' using (i):(speedup[int(i)]):(low[int(i)]):(high[int(i)]) with yerrorbars lt 7 pt 0 title 'min–max', \
     [i = 1:W:1] '+' using (i + 0.28):(speedup[int(i)]):(ratio_text(speedup[int(i)])) with labels left offset 0, 0.6 notitle, \
     for [i = 1:W] [t = -0.4:0.4:0.8] '+' using (i + t):(target[i] == target[i] ? target[i] : NaN) \
         with lines dt 2 lw 3 lc rgb '#D55E00' title (i == 1 ? 'target' : '')

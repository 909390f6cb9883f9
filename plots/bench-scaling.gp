# bench-scaling (ours, `make bench-scaling`): the time of the free-energy map
# (F∞ + F_β, β = 1) against the number of grid points (left, 1024 latents) and
# against the number of latents (right, a 256 × 256 grid), ebm and PyTorch,
# log-log, with a dotted line of slope 1 through ebm's largest map: the work is
# O(N₁ N₂ Z). ebm's peak resident memory on the right axis grows with the
# grid points (the outputs) and hardly with the latents: O(N₁ N₂ + Z).
# Reads: in1 = data/bench/scaling.h5: /grid/points, /grid/ebm_seconds,
#        /grid/pytorch_seconds, /grid/ebm_peak_mib (5), the same under
#        /latents with /latents/count; root attributes date, runs, threads,
#        cores, load_before, load_after, map_rows_pytorch, grid_latents,
#        latents_grid.
load plots.'/style.gp'

loaded = in1_load_before > 0.5 * in1_cores ? ' — above 0.5 per core: not a quiet machine' : ''
set multiplot layout 1, 2 title sprintf("The map's time, median of %d alternating runs (%d threads; PyTorch: %d rows of each map, scaled to the whole)\n%s, load average %.2f before, %.2f after, %d cores%s", \
    in1_runs, in1_threads, in1_map_rows_pytorch, in1_date, in1_load_before, in1_load_after, in1_cores, loaded) font ',14'
set logscale xy
set logscale y2
set format x '10^{%T}'
set format y '10^{%T}'
set ylabel 'seconds (log)'
set y2label "ebm's peak memory, MiB (log)"
set y2tics nomirror
set ytics nomirror
set key bottom right font ',12' samplen 2
set y2range [1:*]
set grid xtics ytics

# slope(panel, x): the line ∝ x through ebm's last point of the panel.
array last_x[2]; array last_y[2]
stats file(1, 'grid/points') using (last_x[1] = $1) nooutput
stats file(1, 'grid/ebm_seconds') using (last_y[1] = $1) nooutput
stats file(1, 'latents/count') using (last_x[2] = $1) nooutput
stats file(1, 'latents/ebm_seconds') using (last_y[2] = $1) nooutput
slope(panel, x) = last_y[panel] * x / last_x[panel]

do for [panel = 1:2] {
    sweep = panel == 1 ? 'grid' : 'latents'
    size = panel == 1 ? 'points' : 'count'
    if (panel == 1) {
        set title sprintf('against grid points (%d latents)', in1_grid_latents)
        set xlabel 'grid points N₁N₂ (log)'
    } else {
        set title sprintf('against latents (a %d × %d grid)', in1_latents_grid, in1_latents_grid)
        set xlabel 'latents Z (log)'
    }
    plot side_by_side(file(1, sweep.'/'.size), file(1, sweep.'/pytorch_seconds')) using 1:2 with linespoints lt 2 title 'PyTorch', \
         side_by_side(file(1, sweep.'/'.size), file(1, sweep.'/ebm_seconds')) using 1:2 with linespoints lt 1 title 'ebm', \
         side_by_side(file(1, sweep.'/'.size), file(1, sweep.'/ebm_seconds')) using 1:(slope(panel, $1)) with lines dt 3 lt 7 lw 1.5 title 'slope 1', \
         side_by_side(file(1, sweep.'/'.size), file(1, sweep.'/ebm_peak_mib')) using 1:2 axes x1y2 with linespoints dt 2 lt 3 title 'ebm peak memory (right)'
}
unset multiplot

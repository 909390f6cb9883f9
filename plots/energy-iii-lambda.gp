# energy-iii-lambda (ours; slide 39's point, quantified): Energy III with a
# 2-D latent trained with λ‖z‖² and with the unit shell λ(‖z‖ − 1)² for
# several λ. For each run: the held-out mean F∞ (how well the data are fit)
# against the lowest F∞ where there are no data — at the rings' centres or
# 1.5 ρ(x) off the rings, at x = 0, 0.5, 1 — both in units of the noise floor
# 2σ². A regulariser that works sits at the top left: the data at the floor,
# everything else high. The dashed lines are the thresholds of issue 13:
# held-out ≤ 5 × 2σ² and off the data ≥ 10 × the held-out F∞.
# Reads: in1 = the table of experiments/sweeps/energy-iii-lambda.cfg
#        (ebm-sweep aggregate): /parameters/regularizer (T, an index into its
#        values attribute), /parameters/lambda (T), /results/heldout_f_inf (T),
#        /results/centre_f_inf (T, 3), /results/off_ring_f_inf (T, 3),
#        /results/noise_floor (T).
load plots.'/style.gp'

T = in1_parameters_lambda_n
array kind[T]; array lambda[T]; array heldout[T]; array away[T]; array floor2[T]
stats file(1, 'parameters/regularizer') using (kind[int($0) + 1] = $1) nooutput
stats file(1, 'parameters/lambda') using (lambda[int($0) + 1] = $1) nooutput
stats file(1, 'results/heldout_f_inf') using (heldout[int($0) + 1] = $1) nooutput
stats file(1, 'results/noise_floor') using (floor2[int($0) + 1] = $1) nooutput
smallest(a, b) = a < b ? a : b
stats side_by_side(file(1, 'results/centre_f_inf'), file(1, 'results/off_ring_f_inf')) \
    using (away[int($0) + 1] = smallest(smallest(smallest($1, $2), $3), smallest(smallest($4, $5), $6))) nooutput
# The regularisers' names, "l2,shell": value 0 and value 1 of /parameters/regularizer.
names = in1_parameters_regularizer_values
comma = strstrt(names, ',')
name(k) = k == 0 ? names[1:comma - 1] : names[comma + 1:]
label(k) = name(k) eq 'l2' ? 'λ‖z‖²' : name(k) eq 'shell' ? 'λ(‖z‖ − 1)²' : name(k) eq 'l1' ? 'λ‖z‖₁' : name(k)

set title "Energy (III), z ∈ ℝ²: fit to the data against low energy away from it\n{/*0.8 each point one λ; both axes in units of the noise floor 2σ²; dashed: held-out = 5 × 2σ², and away = 10 × held-out}" font ',16'
set logscale xy
set format x '10^{%T}'; set format y '10^{%T}'
set xlabel 'held-out mean F∞ / 2σ²   (← fits the data)'
set ylabel "least F∞ at the rings' centres and outside them / 2σ²"
set key bottom right box opaque
set xrange [0.3:*]
set arrow from 5, graph 0 to 5, graph 1 nohead lt 7 dt 2 lw 1.5
all = '[t = 1:T:1]'
plot sample @all '+' using (kind[int(t)] == 0 ? heldout[int(t)] / floor2[int(t)] : NaN):(away[int(t)] / floor2[int(t)]) \
         with linespoints lt 2 lw 2 pt 7 ps 1.6*point_scale title label(0), \
     @all '+' using (kind[int(t)] == 1 ? heldout[int(t)] / floor2[int(t)] : NaN):(away[int(t)] / floor2[int(t)]) \
         with linespoints lt 3 lw 2 pt 5 ps 1.6*point_scale title label(1), \
     @all '+' using (heldout[int(t)] / floor2[int(t)]):(away[int(t)] / floor2[int(t)]):(sprintf(' λ = %g', lambda[int(t)])) \
         with labels left offset 0.6, 0.5 font ',12' notitle, \
     [0.01:1000] 10 * x with lines lt 7 dt 2 lw 1.5 notitle

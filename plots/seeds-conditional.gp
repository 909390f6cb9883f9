# seeds-conditional (ours; the robustness of slide 37's result): the
# conditional model trained with its own defaults from model seeds 1–20 on
# two data seeds. Top: per seed, the largest relative error of |f(x)| against
# the generator's ρ(x) on x = 0 : 1/50 : 1, with the 5 % line. Bottom: the
# held-out mean F∞ over continuous z, in units of the noise floor 2σ², with
# the 3 × line. The counts in the title are read from the tables.
# Reads: in1, in2 = the tables of experiments/sweeps/seeds-conditional.cfg and
#        seeds-conditional-21.cfg (ebm-sweep aggregate): /parameters/seed (T),
#        /results/max_relative_error (T), /results/heldout_f_inf (T), /results/noise_floor (T);
#        in3, in4 = their training data files: root attribute seed.
load plots.'/style.gp'

error_line = 0.05   # the study's thresholds (tests/e2e/seed_study.sh)
floor_line = 3
T1 = in1_parameters_seed_n; T2 = in2_parameters_seed_n
# Counts within the thresholds, from the tables.
within1 = 0; within2 = 0; low1 = 0; low2 = 0
stats file(1, 'results/max_relative_error') using (within1 = within1 + ($1 < error_line)) nooutput
stats file(2, 'results/max_relative_error') using (within2 = within2 + ($1 < error_line)) nooutput
stats side_by_side(file(1, 'results/heldout_f_inf'), file(1, 'results/noise_floor')) using (low1 = low1 + ($1 <= floor_line * $2)) nooutput
stats side_by_side(file(2, 'results/heldout_f_inf'), file(2, 'results/noise_floor')) using (low2 = low2 + ($1 <= floor_line * $2)) nooutput

set multiplot layout 2, 1 title sprintf("The conditional model with its own defaults, model seeds 1–%d\n|f| within 5 %% of ρ on x = 0 : 1/50 : 1 for %d/%d (data seed %d) and %d/%d (data seed %d)", \
    T1, within1, T1, in3_seed, within2, T2, in4_seed) font ',17'
set lmargin 12; set rmargin 4
set xrange [0.5:T1 + 0.5]
set xtics 1
set key top right box opaque
set ylabel 'max_x |(|f_k(x)| − ρ_k(x)) / ρ_k(x)|'
set format y '%.0f %%'
set yrange [0:7]
unset xlabel
plot side_by_side(file(1, 'parameters/seed'), file(1, 'results/max_relative_error')) using ($1 - 0.12):(100 * $2) \
         with points lt 1 pt 7 ps 1.6*point_scale title sprintf('data seed %d', in3_seed), \
     side_by_side(file(2, 'parameters/seed'), file(2, 'results/max_relative_error')) using ($1 + 0.12):(100 * $2) \
         with points lt 2 pt 5 ps 1.5*point_scale title sprintf('data seed %d', in4_seed), \
     100 * error_line with lines lt 7 dt 2 lw 2 title '5 %'

set format y '%g'
set xlabel 'model seed'
set ylabel 'held-out mean F_∞ / 2σ²'
set yrange [0:4]
set title sprintf('held-out F_∞ over continuous z at most 3 × the noise floor 2σ²: %d/%d and %d/%d', low1, T1, low2, T2)
plot '< paste '.file(1, 'parameters/seed').' '.file(1, 'results/heldout_f_inf').' '.file(1, 'results/noise_floor') \
         using ($1 - 0.12):($2 / $3) with points lt 1 pt 7 ps 1.6*point_scale title sprintf('data seed %d', in3_seed), \
     '< paste '.file(2, 'parameters/seed').' '.file(2, 'results/heldout_f_inf').' '.file(2, 'results/noise_floor') \
         using ($1 + 0.12):($2 / $3) with points lt 2 pt 5 ps 1.5*point_scale title sprintf('data seed %d', in4_seed), \
     floor_line with lines lt 7 dt 2 lw 2 title '3 × 2σ²'
unset multiplot

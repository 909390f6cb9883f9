# ebm-sweep and `make sweep` end to end, without Slurm: the beta sweep runs
# with make -j, a rerun computes only what is missing or stale, bad sweep files
# stop with one line before anything runs, and submit-sweep.sh (with a
# stand-in sbatch that records its arguments) submits one throttled array of
# the missing tasks and an afterok aggregation job, or several arrays when the
# tasks' indices reach the cluster's MaxArraySize. tests/e2e/slurm.sh does
# the same on a real Slurm.
source "$(dirname "$0")/common.bash"
unset MAKEFLAGS MAKELEVEL MFLAGS  # not the jobserver of a `make test` around us
sweep="$EBM_BIN/ebm-sweep"
build=$(cd "$EBM_BIN/.." && pwd)
# The project here, its data made here, with the tested build (see make_tree in slurm.sh).
for entry in Makefile lib pipeline plots experiments; do ln -s "$EBM_SOURCE/$entry" .; done
cp "$EBM_SOURCE/CMakeLists.txt" . && touch -d 2000-01-01 CMakeLists.txt
run_make() { make --no-print-directory BUILD="$build" "$@"; }
beta=experiments/sweeps/beta.cfg

# The whole sweep, then nothing to do; a missing task alone is remade, and the table after it.
run_make sweep SWEEP=$beta -j2 >make.out 2>&1 || { cat make.out; fail "make sweep failed"; }
[ "$(grep -c 'ebm-sweep run' make.out)" = 9 ] && pass || fail "expected 9 tasks run: $(cat make.out)"
for task in 0 1 2 3 4 5 6 7 8; do [ -s data/sweeps/beta/task-00$task.h5 ] && pass || fail "no task $task"; done
expect_no_temporaries data/sweeps/beta
run_make sweep SWEEP=$beta -j2 >make.out 2>&1
# Silent rather than "Nothing to be done": make checks the config stamps of the sweep's inputs.
[ -z "$(grep -v "Nothing to be done" make.out)" ] && pass || fail "a second make sweep did work: $(cat make.out)"
[ -z "$("$sweep" missing $beta)" ] && pass || fail "ebm-sweep missing lists tasks of a finished sweep"
cp data/sweeps/beta/table.h5 table-before.h5
rm data/sweeps/beta/task-003.h5
[ "$("$sweep" missing $beta)" = 3 ] && pass || fail "ebm-sweep missing: $("$sweep" missing $beta)"
"$sweep" status $beta | grep -q '^3  *missing  *data/sweeps/beta/task-003.h5' && pass || fail "status: $("$sweep" status $beta)"
run_make sweep SWEEP=$beta -j2 >make.out 2>&1
[ "$(grep -c 'ebm-sweep run' make.out)" = 1 ] && grep -q -- "run $beta --data-folder data --experiments-folder experiments --task 003" make.out && pass ||
    fail "the rerun ran more than task 3: $(cat make.out)"
expect_same table-before.h5 data/sweeps/beta/table.h5
# DATA moves the sweep with the pipeline: into another data folder, the same
# files byte for byte (tasks, table, task table: none records the folder).
run_make sweep SWEEP=$beta DATA=elsewhere -j2 >make.out 2>&1 || { cat make.out; fail "make sweep DATA=elsewhere failed"; }
[ "$(cd elsewhere/sweeps/beta && ls)" = "$(cd data/sweeps/beta && ls)" ] && pass ||
    fail "DATA=elsewhere made other files: $(ls elsewhere/sweeps/beta)"
for file in data/sweeps/beta/*; do expect_same "$file" "elsewhere/sweeps/beta/${file##*/}"; done
grep -q -- "--data-folder elsewhere --experiments-folder experiments --task 000" make.out && pass || fail "the tasks did not get DATA: $(cat make.out)"
# EXPERIMENTS moves the sweep's config with the pipeline's (make EXPERIMENTS=…
# takes $(EXPERIMENTS)/sweeps/beta.cfg, whose config is $EXPERIMENTS/…): an
# unchanged copy of experiments/ gives the same files byte for byte, none
# naming the copy's folder; a copy with 150 training epochs instead of 200
# gives other trained w from the same data.
for copy in same other; do cp -r "$EBM_SOURCE/experiments" $copy-experiments; done
sed -i '/^\[train\]$/,/^\[/s/^epochs = 200$/epochs = 150/' other-experiments/unconditional.cfg
grep -q '^epochs = 150$' other-experiments/unconditional.cfg && pass || fail "the edit of [train] did not apply"
for copy in same other; do
    run_make sweep SWEEP="$WORK/$copy-experiments/sweeps/beta.cfg" EXPERIMENTS="$WORK/$copy-experiments" DATA=$copy-data -j2 \
        >make.out 2>&1 || { cat make.out; fail "make sweep EXPERIMENTS=$copy-experiments failed"; }
    grep -q -- "--experiments-folder $WORK/$copy-experiments --task 000" make.out && pass ||
        fail "the tasks did not get EXPERIMENTS: $(cat make.out)"
done
for file in data/sweeps/beta/*; do expect_same "$file" "same-data/sweeps/beta/${file##*/}"; done
expect_same data/sweeps/experiments-sweeps-beta.mk same-data/sweeps/*-same-experiments-sweeps-beta.mk
grep -rl "$WORK" same-data/sweeps other-data/sweeps && fail "a sweep's file names the experiments folder" || pass
expect_same data/unconditional.h5 other-data/unconditional.h5
for task in 0 4 8; do
    cmp -s data/sweeps/beta/task-00$task.h5 other-data/sweeps/beta/task-00$task.h5 &&
        fail "task $task trained with 150 epochs is the same as with 200" || pass
done
w_of() { h5dump -d /results/w -y -w 0 "$1" | sed -n '/DATA {/,/}/p'; }
[ "$(w_of data/sweeps/beta/table.h5)" != "$(w_of other-data/sweeps/beta/table.h5)" ] && pass ||
    fail "the table of the 150-epoch sweep has the same w"
# A task's output is the stage's own: the same bytes as its command, run by hand.
mkdir by-hand
command=$("$sweep" command $beta --task 5)
"$EBM_BIN"/${command/--out=data\/sweeps\/beta/--out=by-hand} 2>/dev/null
expect_same by-hand/task-005.h5 data/sweeps/beta/task-005.h5
# The table holds the parameters and results, and the figure draws from it.
h5ls -r data/sweeps/beta/table.h5 | grep -q '^/results/w  *Dataset {9, 2}' && pass || fail "/results/w is not (9, 2)"
h5ls -r data/sweeps/beta/table.h5 | grep -q '^/parameters/beta  *Dataset {9}' && pass || fail "/parameters/beta is not (9)"
run_make figures/sweep-beta.png >make.out 2>&1 || { cat make.out; fail "make figures/sweep-beta.png failed"; }
[ -s figures/sweep-beta.png ] && pass || fail "no figure"

# Bad sweep files: one line, exit 2, and nothing runs.
header='[sweep]\nprogram = ebm-train\nout = data/sweeps/bad\nseed = 1\n[inputs]\ndata = data/unconditional.h5\n'
printf "$header[parameters]\nbta = 1,2\n" >unknown.cfg
printf "$header[parameters]\nbeta =\n" >empty.cfg
printf "$header[zip.schedule]\nlr = 0.1,0.2\nepochs = 1,2,3\n" >zipped.cfg
printf "$header[parameters]\nbeta = 1,0\n" >value.cfg
for command in check table missing status aggregate "run --task 0"; do
    expect_exit 2 "^ebm-sweep: usage error: unknown.cfg:8: unknown parameter 'bta': ebm-train has no option --bta" "$sweep" $command unknown.cfg
done
expect_exit 2 "^ebm-sweep: usage error: empty.cfg:8: parameter 'beta' has an empty value list" "$sweep" check empty.cfg
expect_exit 2 "^ebm-sweep: usage error: zipped.cfg:9: \[zip.schedule\] lists differ in length: lr has 2 values, epochs has 3" "$sweep" check zipped.cfg
expect_exit 2 "value.cfg: task 1 \(beta=0\): --beta must be one number > 0" "$sweep" run value.cfg --task 0
expect_exit 2 "cannot read sweep file 'none.cfg'" "$sweep" check none.cfg
expect_exit 2 "--task must be a task index from 0 to 8" "$sweep" run $beta --task 9
expect_exit 2 "run needs --task I" "$sweep" run $beta
expect_exit 2 "COMMAND must be one of check\|table" "$sweep" launch $beta
expect_exit 2 "give a COMMAND" "$sweep"
for bad in unknown empty zipped; do
    status=0
    run_make sweep SWEEP=$bad.cfg >make.out 2>&1 || status=$?
    [ "$status" != 0 ] && grep -q "^ebm-sweep: usage error: $bad.cfg:" make.out && pass || fail "make sweep SWEEP=$bad.cfg: $(cat make.out)"
done
expect_absent data/sweeps/bad
"$sweep" --help | grep -q 'Usage: ebm-sweep COMMAND SWEEP_FILE' && pass || fail "--help"
"$sweep" --help | grep -q -- '--experiments-folder DIR  *what \$EXPERIMENTS stands for' && pass || fail "--help lacks --experiments-folder"
"$sweep" --version | grep -q '^ebm-sweep (ebm) ' && pass || fail "--version"

# submit-sweep.sh with a stand-in sbatch: what it would submit.
mkdir fake-slurm
cat >fake-slurm/sbatch <<'EOF'
#!/usr/bin/env bash
echo "$*" >>"$SBATCH_CALLS"
echo $((100 + $(wc -l <"$SBATCH_CALLS")))
EOF
# The cluster's configuration as scontrol prints it: MaxArraySize from FAKE_MAX_ARRAY_SIZE.
cat >fake-slurm/scontrol <<'EOF'
#!/usr/bin/env bash
[ "$*" = "show config" ] && echo "MaxArraySize            = ${FAKE_MAX_ARRAY_SIZE:-1001}"
EOF
chmod +x fake-slurm/sbatch fake-slurm/scontrol
export SBATCH_CALLS=$WORK/sbatch-calls
rm data/sweeps/beta/task-002.h5 data/sweeps/beta/task-006.h5 data/sweeps/beta/task-007.h5
PATH="$WORK/fake-slurm:$PATH" run_make sweep-slurm SWEEP=$beta THROTTLE=3 SBATCH_OPTIONS=--partition=short >submit.out 2>&1 ||
    { cat submit.out; fail "make sweep-slurm failed"; }
grep -q '^array job 101 tasks 2,6-7$' submit.out && pass || fail "submit: $(cat submit.out)"
grep -q '^aggregation job 102$' submit.out && pass || fail "submit: $(cat submit.out)"
[ "$(wc -l <sbatch-calls)" = 2 ] && pass || fail "sbatch ran $(wc -l <sbatch-calls) times"
array_call=$(sed -n 1p sbatch-calls) aggregate_call=$(sed -n 2p sbatch-calls)
for expected in "--array=2,6-7%3" "--output=data/sweeps/beta/logs/%A_%a.out" "--error=data/sweeps/beta/logs/%A_%a.err" \
                "--partition=short" "experiments/slurm/sweep-task.sbatch $build/bin/ebm-sweep $beta data experiments 0"; do
    [[ $array_call == *"$expected"* ]] && pass || fail "the array's sbatch lacks $expected: $array_call"
done
for expected in "--dependency=afterok:101" "--kill-on-invalid-dep=yes" "--output=data/sweeps/beta/logs/aggregate-%j.out" \
                "experiments/slurm/sweep-aggregate.sbatch $build/bin/ebm-sweep $beta data experiments"; do
    [[ $aggregate_call == *"$expected"* ]] && pass || fail "the aggregation's sbatch lacks $expected: $aggregate_call"
done
[ -d data/sweeps/beta/logs ] && pass || fail "no logs folder"
# MaxArraySize=4: the missing tasks 2, 6 and 7 go as two arrays, elements 2 (offset 0) and 2-3 (offset 4),
# and the aggregation waits for both; element 2 of the array of offset 4 runs task 6.
: >sbatch-calls
PATH="$WORK/fake-slurm:$PATH" FAKE_MAX_ARRAY_SIZE=4 run_make sweep-slurm SWEEP=$beta THROTTLE=3 >submit.out 2>&1 ||
    { cat submit.out; fail "make sweep-slurm (MaxArraySize 4) failed"; }
[ "$(grep -E '^(array|aggregation) job' submit.out)" = "$(printf 'array job 101 tasks 2\narray job 102 tasks 6-7\naggregation job 103')" ] && pass ||
    fail "submit with MaxArraySize 4: $(cat submit.out)"
[[ $(sed -n 1p sbatch-calls) == *"--array=2%3 "*"sweep-task.sbatch $build/bin/ebm-sweep $beta data experiments 0" ]] && pass ||
    fail "the first array's sbatch: $(sed -n 1p sbatch-calls)"
[[ $(sed -n 2p sbatch-calls) == *"--array=2-3%3 "*"sweep-task.sbatch $build/bin/ebm-sweep $beta data experiments 4" ]] && pass ||
    fail "the second array's sbatch: $(sed -n 2p sbatch-calls)"
[[ $(sed -n 3p sbatch-calls) == *"--dependency=afterok:101:102 "* ]] && pass ||
    fail "the aggregation does not wait for both arrays: $(sed -n 3p sbatch-calls)"
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_JOB_ID=102 bash experiments/slurm/sweep-task.sbatch "$sweep" $beta data experiments 4 >task.out 2>&1
grep -q "^sweep $beta task 6 (array job 102, element 2) on " task.out && [ -s data/sweeps/beta/task-006.h5 ] && pass ||
    fail "element 2 of the array of offset 4 did not run task 6: $(cat task.out)"
[ "$("$sweep" missing $beta)" = 2,7 ] && pass || fail "after task 6, not done: $("$sweep" missing $beta)"
# A bad sweep: nothing submitted.
: >sbatch-calls
expect_exit 2 "unknown.cfg:8: unknown parameter 'bta'" \
    env PATH="$WORK/fake-slurm:$PATH" experiments/slurm/submit-sweep.sh "$sweep" unknown.cfg data experiments 4
expect_exit 2 "THROTTLE must be a positive integer" \
    env PATH="$WORK/fake-slurm:$PATH" experiments/slurm/submit-sweep.sh "$sweep" $beta data experiments 0
[ ! -s sbatch-calls ] && pass || fail "a bad sweep called sbatch: $(cat sbatch-calls)"

finish

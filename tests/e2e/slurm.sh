# Slurm end to end, on a real single-node Slurm that this test starts (munged,
# slurmctld, slurmd from Debian's slurm-wlm and munge, each on a private
# socket, port and temporary folder): `make sweep-slurm` runs the beta sweep as
# one job array plus its aggregation job, and every output is byte-identical
# to `make sweep` run locally; with MaxArraySize=10, a 25-task sweep goes as
# three arrays and one aggregation job depending on all three, and a cancelled
# array is resubmitted alone; a task cancelled mid-run leaves no output, the
# aggregation does not run, and a resubmission computes only that task; a bad
# sweep file submits nothing; experiments/slurm/pipeline.sbatch runs make with
# each recipe as a job step. The daemons are stopped by their PIDs and nothing
# is left outside the test's temporary folder.
#
# Needs root (it starts the daemons); without root it is skipped (exit 77),
# except under CI, where that is a failure. Installs slurm-wlm and munge if
# they are missing. Takes about a minute.
source "$(dirname "$0")/common.bash"
unset MAKEFLAGS MAKELEVEL MFLAGS  # not the jobserver of a `make test` around us
start_time=$SECONDS
build=$(cd "$EBM_BIN/.." && pwd)

if [ "$(id -u)" != 0 ]; then
    if [ -n "${CI:-}" ]; then echo "FAIL: the Slurm test must run as root under CI" >&2; exit 1; fi
    echo "SKIP: the Slurm test starts munged, slurmctld and slurmd, and needs root"
    exit 77
fi
missing=""
for package in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' $package 2>/dev/null | grep -q 'install ok installed' || missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "installing$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Where a Slurm or munge run could leave state, listed now and again at the end.
state_listing() {
    {
        find /etc/munge /etc/slurm /var/lib/munge /var/log/munge /var/lib/slurm /var/log/slurm 2>/dev/null || true
        find /run /var/run /var/spool /dev/shm /tmp -maxdepth 1 \( -name '*slurm*' -o -name '*munge*' \) 2>/dev/null || true
    } | sort
}
state_before=$(state_listing)

# ---------------------------------------------------------------- the daemons

chmod 711 "$WORK"  # munged runs as munge and must reach its folder
slurm_dir="$WORK/slurm"
mkdir -p "$slurm_dir"/{state,spool,log}
munge_dir="$slurm_dir/munge"
mkdir -m 755 "$munge_dir"
head -c 1024 /dev/urandom >"$munge_dir/munge.key"
chmod 400 "$munge_dir/munge.key"
chown -R munge:munge "$munge_dir"

munged_pid="" slurmctld_pid="" slurmd_pid=""
# Stops what this test started, newest first, each by its PID; jobs first.
stop_daemons() {
    if [ -n "$slurmctld_pid" ] && kill -0 "$slurmctld_pid" 2>/dev/null; then
        squeue -h -o %A 2>/dev/null | xargs -r scancel 2>/dev/null || true
        for _ in $(seq 40); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
    fi
    local pid
    for pid in "$slurmd_pid" "$slurmctld_pid" "$munged_pid"; do
        [ -n "$pid" ] || continue
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    slurmd_pid="" slurmctld_pid="" munged_pid=""
}
trap 'stop_daemons; rm -rf "$WORK"' EXIT

setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground \
    --key-file="$munge_dir/munge.key" --socket="$munge_dir/munge.socket" --pid-file="$munge_dir/munged.pid" \
    --log-file="$munge_dir/munged.log" --seed-file="$munge_dir/munged.seed" >"$slurm_dir/log/munged.out" 2>&1 &
munged_pid=$!

# Two free ports (a port that answers is taken).
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}
node_line=$(slurmd -C | head -n 1)  # NodeName=HOST CPUs=… RealMemory=… as this machine reports them
node_name=$(sed -n 's/^NodeName=\([^ ]*\).*/\1/p' <<<"$node_line")
cat >"$slurm_dir/slurm.conf" <<EOF
ClusterName=ebmtest
SlurmctldHost=$node_name(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$munge_dir/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$slurm_dir/state
SlurmdSpoolDir=$slurm_dir/spool
SlurmctldPidFile=$slurm_dir/slurmctld.pid
SlurmdPidFile=$slurm_dir/slurmd.pid
SlurmctldLogFile=$slurm_dir/log/slurmctld.log
SlurmdLogFile=$slurm_dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
KillWait=5
MaxArraySize=10
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
# Only this Slurm: none of a surrounding job's variables.
unset $(compgen -e | grep '^SLURM_') 2>/dev/null || true
export SLURM_CONF="$slurm_dir/slurm.conf"

show_logs() {
    echo "--- squeue"; squeue -t all 2>&1 | head -n 30
    for log in "$slurm_dir"/log/*; do echo "--- $log"; tail -n 15 "$log"; done
}
# wait_until SECONDS WHAT COMMAND...: polls COMMAND until it succeeds; fails the test (with logs) at the limit.
wait_until() {
    local limit=$1 what=$2
    shift 2
    local waited=0
    until "$@" >/dev/null 2>&1; do
        if [ "$waited" -ge $((limit * 4)) ]; then
            echo "FAIL: timed out after ${limit}s waiting for $what" >&2
            show_logs >&2
            exit 1
        fi
        sleep 0.25
        waited=$((waited + 1))
    done
}
node_idle() { [ "$(sinfo -h -o %T)" = idle ]; }
jobs_gone() { [ -z "$(squeue -h -j "$1" 2>/dev/null)" ]; }
task_running() { [ "$(squeue -h -j "$1" -o %T 2>/dev/null)" = RUNNING ]; }
job_state() { scontrol show job "$1" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1; }

slurmctld -D -f "$SLURM_CONF" >"$slurm_dir/log/slurmctld.out" 2>&1 &
slurmctld_pid=$!
slurmd -D -f "$SLURM_CONF" >"$slurm_dir/log/slurmd.out" 2>&1 &
slurmd_pid=$!
wait_until 60 "the node to be idle" node_idle
echo "Slurm up after $((SECONDS - start_time))s"

# ---------------------------------------------------------------- two work trees

# The same project twice, with the tested build (BUILD=), each writing data/ in
# its own folder. CMakeLists.txt is an old-dated copy: make must never re-run
# cmake from here, a source folder the build was not configured for.
make_in() {
    local folder=$1
    shift
    make -C "$folder" --no-print-directory BUILD="$build" "$@"
}
for tree in local cluster; do
    mkdir "$tree"
    for entry in Makefile lib pipeline plots experiments; do ln -s "$EBM_SOURCE/$entry" "$tree/$entry"; done
    cp "$EBM_SOURCE/CMakeLists.txt" "$tree/" && touch -d 2000-01-01 "$tree/CMakeLists.txt"
done

# A sweep whose tasks take seconds, so that one can be cancelled mid-run
# (64000 warm epochs: about 3 s each since issue 16 made a step 4 times
# faster), and one of 25 quick tasks, more than MaxArraySize=10 lets one array hold.
for tree in local cluster; do
    cat >"$tree/many.cfg" <<'EOF'
[sweep]
program = ebm-generate
config = experiments/unconditional.cfg
section = generate
out = data/sweeps/many
seed = 3
[parameters]
n = 4,5,6,7,8
sigma = 0.1,0.2,0.3,0.4,0.5
[results]
last = /y[-1]
EOF
    cat >"$tree/slow.cfg" <<'EOF'
[sweep]
program = ebm-train
config = experiments/unconditional.cfg
section = train.ztl
out = data/sweeps/slow
seed = 2
[inputs]
data = data/unconditional.h5
[parameters]
beta = 1,2,3
epochs = 64000
EOF
done

# ---------------------------------------------------------------- the beta sweep, locally and on Slurm

# expect_same_sweep NAME COUNT: the sweep's COUNT files on Slurm (tasks, table,
# tasks.txt) are byte-identical to the local run's.
expect_same_sweep() {
    local compared=0 file
    for file in local/data/sweeps/$1/*.h5 local/data/sweeps/$1/tasks.txt; do
        expect_same "$file" "cluster/${file#local/}"
        compared=$((compared + 1))
    done
    [ "$compared" = "$2" ] && pass || fail "compared $compared files of sweep $1, expected $2"
}
# submitted: the array (the last, if several) and the aggregation job that $submit names.
submitted() {
    array=$(sed -n 's/^array job \([0-9]*\) tasks .*/\1/p' <<<"$submit" | tail -n 1)
    aggregate=$(sed -n 's/^aggregation job \([0-9]*\)$/\1/p' <<<"$submit")
}


beta=experiments/sweeps/beta.cfg
make_in local sweep SWEEP=$beta -j2 >local/make.out 2>&1 || { cat local/make.out; fail "make sweep failed"; }
make_in local sweep SWEEP=many.cfg -j2 >local/many.out 2>&1 || { cat local/many.out; fail "make sweep (many) failed"; }
(make_in local sweep SWEEP=slow.cfg -j1 >local/slow.out 2>&1) &  # meanwhile, for the comparison below
local_slow=$!

submit=$(make_in cluster sweep-slurm SWEEP=$beta THROTTLE=2 2>&1) || { echo "$submit"; fail "make sweep-slurm failed"; }
submitted
[ -n "$array" ] && [ -n "$aggregate" ] || { echo "$submit"; fail "make sweep-slurm did not submit an array and an aggregation job"; exit 1; }
grep -q "^array job $array tasks 0-8$" <<<"$submit" && pass || fail "expected the array of tasks 0-8: $submit"
wait_until 180 "the beta sweep's jobs" jobs_gone "$array,$aggregate"
[ "$(job_state "$aggregate")" = COMPLETED ] && pass || { show_logs; fail "aggregation job $aggregate: $(job_state "$aggregate")"; }
echo "beta sweep on Slurm done after $((SECONDS - start_time))s"

expect_same_sweep beta 11  # 9 tasks, the table, tasks.txt
# Logs named %A_%a, one pair a task; the aggregation's by its job id.
for task in 0 8; do
    grep -q "task $task (array job $array, element $task)" "cluster/data/sweeps/beta/logs/${array}_$task.out" && pass ||
        fail "no log cluster/data/sweeps/beta/logs/${array}_$task.out"
done
[ -s "cluster/data/sweeps/beta/logs/aggregate-$aggregate.out" ] && pass || fail "no aggregation log"
# Done is done: a second submission runs no task.
again=$(make_in cluster sweep-slurm SWEEP=$beta 2>&1)
grep -q "every task of $beta is done" <<<"$again" && pass || fail "resubmitting a finished sweep: $again"
aggregate=$(sed -n 's/^aggregation job \([0-9]*\)$/\1/p' <<<"$again")
wait_until 60 "the second aggregation" jobs_gone "$aggregate"

# ---------------------------------------------------------------- more tasks than MaxArraySize

# Submitted on hold, so that the dependencies can be read and the middle array
# cancelled before anything runs.
submit=$(make_in cluster sweep-slurm SWEEP=many.cfg SBATCH_OPTIONS=--hold 2>&1) ||
    { echo "$submit"; fail "make sweep-slurm (many) failed"; }
mapfile -t arrays < <(sed -n 's/^array job \([0-9]*\) tasks .*/\1/p' <<<"$submit")
submitted
[ "$(sed -n 's/^array job [0-9]* tasks //p' <<<"$submit" | paste -sd' ')" = "0-9 10-19 20-24" ] && pass ||
    fail "expected arrays of tasks 0-9, 10-19 and 20-24 (MaxArraySize=10): $submit"
[ "${#arrays[@]}" = 3 ] && [ -n "$aggregate" ] || { echo "$submit"; fail "no three arrays and an aggregation job"; exit 1; }
dependency=$(scontrol show job "$aggregate" | grep -o 'Dependency=[^ ]*')
for array in "${arrays[@]}"; do
    grep -q "afterok:${array}_\*" <<<"$dependency" && pass || fail "the aggregation does not wait for array $array: $dependency"
done
scancel "${arrays[1]}"
scontrol release "${arrays[0]}" "${arrays[2]}" "$aggregate" 2>/dev/null || true
wait_until 120 "the arrays left and the aggregation" jobs_gone "${arrays[0]},${arrays[2]},$aggregate"
[ "$(job_state "$aggregate")" = CANCELLED ] && pass || fail "the aggregation after a cancelled array: $(job_state "$aggregate")"
[ "$(cd cluster && "$EBM_BIN/ebm-sweep" missing many.cfg)" = 10-19 ] && pass ||
    fail "after cancelling array ${arrays[1]}, not done: $(cd cluster && "$EBM_BIN/ebm-sweep" missing many.cfg)"
expect_absent cluster/data/sweeps/many/table.h5
# The rerun submits the cancelled array's tasks alone, as one array, then the table.
submit=$(make_in cluster sweep-slurm SWEEP=many.cfg 2>&1)
[ "$(grep '^array job' <<<"$submit" | sed 's/^array job [0-9]* //')" = "tasks 10-19" ] && pass ||
    fail "the rerun did not submit tasks 10-19 alone: $submit"
submitted
wait_until 120 "the rerun of tasks 10-19" jobs_gone "$array,$aggregate"
[ "$(job_state "$aggregate")" = COMPLETED ] && pass || { show_logs; fail "the many sweep's aggregation: $(job_state "$aggregate")"; }
grep -q "task 13 (array job $array, element 3)" "cluster/data/sweeps/many/logs/${array}_3.out" && pass ||
    fail "no log of task 13 as element 3 of array $array"
expect_same_sweep many 27
echo "25-task sweep on Slurm done after $((SECONDS - start_time))s"

# ---------------------------------------------------------------- a bad sweep submits nothing

jobs_before=$(squeue -h -t all -o %i | sort)
printf '[sweep]\nprogram = ebm-train\nout = data/sweeps/bad\nseed = 1\n[inputs]\ndata = data/unconditional.h5\n' >cluster/bad-header.cfg
for case in "unknown parameter 'bta'|[parameters]\nbta = 1,2" \
            "parameter 'beta' has an empty value list|[parameters]\nbeta =" \
            "\[zip.schedule\] lists differ in length: lr has 2 values, epochs has 3|[zip.schedule]\nlr = 0.1,0.2\nepochs = 1,2,3"; do
    message=${case%%|*}
    { cat cluster/bad-header.cfg; printf "${case#*|}\n"; } >cluster/bad.cfg
    expect_exit 2 "^ebm-sweep: usage error: bad.cfg:[0-9]+: $message" \
        bash -c "cd cluster && experiments/slurm/submit-sweep.sh '$build/bin/ebm-sweep' bad.cfg data experiments 2"
    status=0
    output=$(make_in cluster sweep-slurm SWEEP=bad.cfg 2>&1) || status=$?
    [ "$status" != 0 ] && grep -Eq "$message" <<<"$output" && pass || fail "make sweep-slurm on a bad sweep: status $status, $output"
done
[ "$(squeue -h -t all -o %i | sort)" = "$jobs_before" ] && pass || fail "a bad sweep submitted jobs: $(squeue -t all)"
expect_absent cluster/data/sweeps/bad

# ---------------------------------------------------------------- a task cancelled mid-run

submit=$(make_in cluster sweep-slurm SWEEP=slow.cfg THROTTLE=2 2>&1) || { echo "$submit"; fail "make sweep-slurm (slow) failed"; }
submitted
wait_until 60 "task 1 of the slow sweep to run" task_running "${array}_1"
sleep 1
scancel "${array}_1"
wait_until 120 "the slow sweep's jobs" jobs_gone "$array,$aggregate"
[ "$(job_state "${array}_1")" = CANCELLED ] && pass || fail "task 1 ended $(job_state "${array}_1"), not CANCELLED: it was not cancelled mid-run"
[ "$(job_state "${array}_0")" = COMPLETED ] && [ "$(job_state "${array}_2")" = COMPLETED ] && pass || fail "tasks 0 and 2 did not complete"
[ "$(job_state "$aggregate")" = CANCELLED ] && pass || fail "the aggregation after a cancelled task: $(job_state "$aggregate")"
expect_absent cluster/data/sweeps/slow/task-001.h5
expect_absent cluster/data/sweeps/slow/table.h5
expect_no_temporaries cluster/data/sweeps/slow
[ -s cluster/data/sweeps/slow/task-000.h5 ] && [ -s cluster/data/sweeps/slow/task-002.h5 ] && pass || fail "tasks 0 and 2 left no output"
[ "$(cd cluster && "$EBM_BIN/ebm-sweep" missing slow.cfg)" = 1 ] && pass || fail "ebm-sweep missing does not list task 1"
# The rerun submits task 1 alone, then the table.
submit=$(make_in cluster sweep-slurm SWEEP=slow.cfg THROTTLE=2 2>&1)
grep -q '^array job [0-9]* tasks 1$' <<<"$submit" && pass || fail "the rerun did not submit task 1 alone: $submit"
submitted
wait_until 120 "the rerun's jobs" jobs_gone "$array,$aggregate"
[ "$(job_state "$aggregate")" = COMPLETED ] && pass || { show_logs; fail "the rerun's aggregation: $(job_state "$aggregate")"; }
wait "$local_slow" || { cat local/slow.out; fail "the local slow sweep failed"; }
expect_same_sweep slow 5
echo "cancel and rerun done after $((SECONDS - start_time))s"

# ---------------------------------------------------------------- the whole make inside one allocation

make_in local data/models/ztl.h5 >/dev/null 2>&1
job=$(cd cluster && sbatch --parsable --ntasks=2 --output=pipeline-%j.out experiments/slurm/pipeline.sbatch \
      BUILD="$build" data/models/ztl.h5)
wait_until 120 "the pipeline job" jobs_gone "$job"
[ "$(job_state "$job")" = COMPLETED ] && pass || { cat cluster/pipeline-*.out; fail "pipeline.sbatch: $(job_state "$job")"; }
grep -q "^srun -n1 -c1 --exclusive .*ebm-train" cluster/pipeline-"$job".out && pass || fail "pipeline.sbatch ran no srun step: $(cat cluster/pipeline-"$job".out)"
expect_same local/data/models/ztl.h5 cluster/data/models/ztl.h5

# ---------------------------------------------------------------- nothing left behind

stop_daemons
# Any process whose command line names the Slurm folder (daemons, job steps), without procps.
left_running=""
for cmdline in /proc/[0-9]*/cmdline; do
    tr '\0' ' ' 2>/dev/null <"$cmdline" | grep -qF "$slurm_dir" && left_running="$left_running ${cmdline//[^0-9]/}"
done
[ -z "$left_running" ] && pass || fail "still running:$left_running"
state_after=$(state_listing)
[ "$state_after" = "$state_before" ] && pass || fail "left behind: $(diff <(echo "$state_before") <(echo "$state_after"))"
echo "Slurm test took $((SECONDS - start_time))s"
finish

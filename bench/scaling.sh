#!/usr/bin/env bash
# make bench-scaling: the map's time (F∞ + F_β, β = 1) against grid points and
# against latents, in ebm and in PyTorch, RUNS alternating runs of each; then
# bench/scaling.py writes the medians and ebm's peak memory to OUT (HDF5).
# PyTorch computes the first ROWS rows of each map (bench/reference.py
# --scaling). The load average is recorded as in bench/run.sh.
#
# Usage: bench/scaling.sh BIN_DIR OUT [THREADS [ROWS [RUNS]]]
set -euo pipefail
bin=$1 out=$2 threads=${3:-2} rows=${4:-32} runs=${5:-3}
python=${EBM_PYTHON:-/usr/bin/python3}
here=$(dirname "$0")
source "$here/load.bash"

load_before=$(load)
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "load average before: $load_before ($cores cores), $date"
warn "$load_before" 0 "before the runs"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for run in $(seq "$runs"); do
    echo "run $run of $runs: ebm, then PyTorch" >&2
    for sweep in scaling-grid scaling-latents; do  # one process each: its peak memory is its last map's
        "$bin/ebm-bench" --only "$sweep" --threads "$threads" | sed "s/^/ebm $run /" >> "$log"
    done
    "$python" "$here/reference.py" --scaling --threads "$threads" --rows "$rows" | sed "s/^/pytorch $run /" >> "$log"
done
load_after=$(load)
echo "load average after: $load_after"
warn "$load_after" "$threads" "after the runs"
"$python" "$here/scaling.py" --log "$log" --out "$out" --date "$date" --cores "$cores" --threads "$threads" \
    --rows "$rows" --load-before "$load_before" --load-after "$load_after"

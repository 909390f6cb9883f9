#!/usr/bin/env bash
# make bench-scaling: the map's time (F∞ + F_β, β = 1) against grid points and
# against latents, in ebm and in PyTorch, RUNS alternating runs of each; then
# bench/scaling.py writes the medians and ebm's peak memory to OUT (HDF5).
# PyTorch computes the first ROWS rows of each map (bench/reference.py
# --scaling). The load average is recorded as in bench/run.sh (bench/measure.bash).
#
# Usage: bench/scaling.sh BIN_DIR OUT [THREADS [ROWS [RUNS]]]
set -euo pipefail
bin=$1 out=$2 threads=${3:-2} rows=${4:-32} runs=${5:-3}
python=${EBM_PYTHON:-/usr/bin/python3}
here=$(dirname "$0")
source "$here/measure.bash"

ebm_side() {
    for sweep in scaling-grid scaling-latents; do  # one process each: its peak memory is its last map's
        "$bin/ebm-bench" --only "$sweep" --threads "$threads"
    done
}
pytorch_side() { "$python" "$here/reference.py" --scaling --threads "$threads" --rows "$rows"; }
measure "$runs" "$here/scaling.py" --out "$out" --rows "$rows"

#!/usr/bin/env bash
# make bench: each workload in ebm (C++, bench/bench.cpp) and in PyTorch
# (bench/reference.py) on the same machine and thread count, RUNS times,
# alternating the two programs so that a change of load hits both sides
# alike; then bench/results.py writes the medians, ranges and speed-ups to
# OUT (HDF5) and prints the table.
#
# The load average (1 min) is recorded before the first run, before each run
# and after the last. A load above 0.5 per core before the runs means other
# jobs shared the machine: a warning says so, and the numbers are not a quiet
# machine's. The load after includes the benchmark's own THREADS.
#
# Usage: bench/run.sh BIN_DIR DATA_FILE HORN_DATA HORN_MODEL OUT [THREADS [ROWS [RUNS]]]
#   ROWS: PyTorch computes only ROWS of the map's 1024 rows (the whole map takes it minutes)
set -euo pipefail
bin=$1 data=$2 horn_data=$3 horn_model=$4 out=$5 threads=${6:-2} rows=${7:-1024} runs=${8:-5}
python=${EBM_PYTHON:-/usr/bin/python3}
here=$(dirname "$0")
source "$here/measure.bash"

ebm_side() {
    "$bin/ebm-bench" --data "$data" --threads "$threads" --horn-data "$horn_data" --horn-model "$horn_model"
}
pytorch_side() {
    "$python" "$here/reference.py" --data "$data" --threads "$threads" --rows "$rows" \
        --horn-data "$horn_data" --horn-model "$horn_model"
}
torch_version=$("$python" -c 'import torch; print(torch.__version__)')
measure "$runs" "$here/results.py" --out "$out" --rows "$rows" --torch "$torch_version"

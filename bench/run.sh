#!/usr/bin/env bash
# make bench: each workload in ebm (C++) and in PyTorch, side by side in one
# invocation on the same machine and thread count, and the speed-up.
# Usage: bench/run.sh BIN_DIR DATA_FILE [THREADS]
set -euo pipefail
bin=$1 data=$2 threads=${3:-2}
python=${EBM_PYTHON:-/usr/bin/python3}
ours=$("$bin/ebm-bench" --threads "$threads")
theirs=$("$python" "$(dirname "$0")/reference.py" --data "$data" --threads "$threads")
echo "ebm:     $(tr '\n' ';' <<<"$ours")"
echo "PyTorch: $(tr '\n' ';' <<<"$theirs")"
printf '%-8s %12s %12s %10s\n' workload "ebm (s)" "PyTorch (s)" speed-up
for workload in map train; do
    a=$(awk -v w=$workload '$1 == w {print $2}' <<<"$ours")
    b=$(awk -v w=$workload '$1 == w {print $2}' <<<"$theirs")
    printf '%-8s %12.4f %12.4f %9.1fx\n' "$workload" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {print b / a}')"
done

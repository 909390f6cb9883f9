#!/usr/bin/env bash
# make bench: each workload in ebm (C++) and in PyTorch, side by side in one
# invocation on the same machine and thread count, and the speed-up.
# The speed-up is a ratio of throughputs (grid points or steps per second):
# PyTorch may compute only ROWS of the map's 1024 rows, since the whole map
# takes it minutes here.
# Usage: bench/run.sh BIN_DIR DATA_FILE [THREADS [ROWS]]
set -euo pipefail
bin=$1 data=$2 threads=${3:-2} rows=${4:-1024}
python=${EBM_PYTHON:-/usr/bin/python3}
ours=$("$bin/ebm-bench" --threads "$threads")
theirs=$("$python" "$(dirname "$0")/reference.py" --data "$data" --threads "$threads" --rows "$rows" --repeats 1)
echo "ebm:     $(tr '\n' ';' <<<"$ours")"
echo "PyTorch: $(tr '\n' ';' <<<"$theirs")"
printf '%-8s %22s %22s %10s\n' workload "ebm: s (points)" "PyTorch: s (points)" speed-up
for workload in map train; do
    read -r a n < <(awk -v w=$workload '$1 == w {print $2, $3}' <<<"$ours")
    read -r b m < <(awk -v w=$workload '$1 == w {print $2, $3}' <<<"$theirs")
    printf '%-8s %12.4f (%7d) %12.4f (%7d) %9.1fx\n' "$workload" "$a" "$n" "$b" "$m" \
        "$(awk -v a="$a" -v n="$n" -v b="$b" -v m="$m" 'BEGIN {print (b / m) / (a / n)}')"
done

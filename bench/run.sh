#!/usr/bin/env bash
# make bench: each workload in ebm (C++) and in PyTorch, side by side in one
# invocation on the same machine and thread count, and the speed-up.
# The speed-up is a ratio of throughputs (grid points or steps per second):
# PyTorch may compute only ROWS of the map's 1024 rows, since the whole map
# takes it minutes here, and times it once; every other workload is the best
# of three runs on both sides. Each side prints a check value per workload (after
# '#'): the two should agree.
# Usage: bench/run.sh BIN_DIR DATA_FILE HORN_DATA HORN_MODEL [THREADS [ROWS]]
set -euo pipefail
bin=$1 data=$2 horn_data=$3 horn_model=$4 threads=${5:-2} rows=${6:-1024}
python=${EBM_PYTHON:-/usr/bin/python3}
horn=(--horn-data "$horn_data" --horn-model "$horn_model")
ours=$("$bin/ebm-bench" --threads "$threads" "${horn[@]}")
theirs=$("$python" "$(dirname "$0")/reference.py" --data "$data" --threads "$threads" --rows "$rows" --repeats 3 "${horn[@]}")
echo "ebm:     $(tr '\n' ';' <<<"$ours")"
echo "PyTorch: $(tr '\n' ';' <<<"$theirs")"
printf '%-12s %22s %22s %10s\n' workload "ebm: s (points)" "PyTorch: s (points)" speed-up
for workload in map train conditional; do
    read -r a n < <(awk -v w=$workload '$1 == w {print $2, $3}' <<<"$ours")
    read -r b m < <(awk -v w=$workload '$1 == w {print $2, $3}' <<<"$theirs")
    printf '%-12s %12.4f (%7d) %12.4f (%7d) %9.1fx\n' "$workload" "$a" "$n" "$b" "$m" \
        "$(awk -v a="$a" -v n="$n" -v b="$b" -v m="$m" 'BEGIN {print (b / m) / (a / n)}')"
done

# The alternating runs of bench/run.sh and bench/scaling.sh (run with `source`;
# they set python, threads and here, and define ebm_side and pytorch_side).
#
# A load above 0.5 per core means other jobs shared the machine: the times
# measured are not a quiet machine's, and a warning says so.
cores=$(nproc)
# load: the 1-minute load average.
load() { cut -d' ' -f1 /proc/loadavg; }
# warn LOAD ALLOWED WHEN: a warning on stderr if LOAD is above 0.5 per core plus
# ALLOWED (the benchmark's own threads, in a load taken after its runs).
warn() {
    awk -v load="$1" -v allowed="$2" -v cores="$cores" -v when="$3" 'BEGIN {
        if (load > 0.5 * cores + allowed)
            printf "WARNING: load average %s %s: above 0.5 per core (%d cores)%s; these times are not a quiet machine'\''s\n",
                   load, when, cores, (allowed > 0 ? " besides the benchmark'\''s " allowed " threads" : "") }' >&2
}

# measure RUNS SUMMARY [OPTION...]: `ebm_side RUN`, then `pytorch_side RUN`,
# RUNS times, their lines logged as "ebm RUN …" and "pytorch RUN …", with
# "load RUN LOAD" before each run; the load average before the runs and after
# them printed (and warned about); then the Python script SUMMARY on the log,
# with the date, cores, threads and loads, and the OPTIONs.
measure() {
    local runs=$1 summary=$2
    shift 2
    local load_before date log load_after
    load_before=$(load)
    date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    echo "load average before: $load_before ($cores cores), $date"
    warn "$load_before" 0 "before the runs"
    log=$(mktemp)
    # shellcheck disable=SC2064 # the log's name now: the trap runs after measure returns
    trap "rm -f '$log'" EXIT
    for run in $(seq "$runs"); do
        echo "load $run $(load)" >>"$log"
        echo "run $run of $runs: ebm, then PyTorch" >&2
        ebm_side "$run" | sed "s/^/ebm $run /" >>"$log"
        pytorch_side "$run" | sed "s/^/pytorch $run /" >>"$log"
    done
    load_after=$(load)
    echo "load average after: $load_after"
    warn "$load_after" "$threads" "after the runs"
    "$python" "$summary" --log "$log" --date "$date" --cores "$cores" --threads "$threads" \
        --load-before "$load_before" --load-after "$load_after" "$@"
}

# The load average, for bench/run.sh and bench/scaling.sh (run with `source`).
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

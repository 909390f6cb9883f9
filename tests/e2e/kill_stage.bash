# kill_stage.bash COMMAND ARGS...: runs one step of the pipeline for
# tests/e2e/pipeline.sh, which puts it in the Makefile's RUN prefix and behind a
# `gnuplot` first on PATH. Not a test itself (ctest runs tests/e2e/*.sh only).
#
# An instance is a stage (the command's name: ebm-train, gnuplot, …) and its
# output relative to KILL_ROOT, the run's folder, so that both runs name it
# alike: --out, or for gnuplot the figure whose temporary it draws.
# KILL_STATE, a folder shared with the test, says what to do:
#   no KILL_STATE/target   run the command and append "STAGE OUTPUT SECONDS" to
#                          KILL_STATE/times (the uninterrupted run);
#   target "STAGE OUTPUT DELAY"
#                          SIGKILL that instance DELAY seconds after it starts,
#                          write "landed" or "missed STATUS" to KILL_STATE/result
#                          and die as the stage did. A miss (it had ended) exits
#                          75, so that make stops and deletes the output: the
#                          test tries that instance again with a shorter delay.
#                          Any other instance is exec'd: the process tree is the
#                          real one (gnuplot keeps ebm-plot's parent-death signal).
set -uo pipefail
export LC_ALL=C  # EPOCHREALTIME and awk with a decimal point
stage=$(basename "$1")
if [ "$stage" = gnuplot ]; then  # its first argument is ebm-plot's variables.gp
    output=$(sed -n "s/^out = '\(.*\)\.tmp\.[^']*'\$/\1/p" "$2")
else
    output=$(grep -oP -- '(^| )--out \K\S+' <<<"$*")
fi
instance="$stage ${output#"$KILL_ROOT"/}"

if [ ! -e "$KILL_STATE/target" ]; then
    start=$EPOCHREALTIME
    status=0
    "$@" || status=$?
    echo "$instance $(awk "BEGIN { print $EPOCHREALTIME - $start }")" >>"$KILL_STATE/times"
    exit "$status"
fi
read -r target_stage target_output delay <"$KILL_STATE/target"
[ "$instance" = "$target_stage $target_output" ] || exec "$@"

"$@" &
child=$!
sleep "$delay"
# Not yet reaped, the child keeps its PID even if it has ended: this kill can
# hit nothing else.
kill -KILL "$child"
status=0
wait "$child" || status=$?
if [ "$status" = 137 ]; then
    echo landed >"$KILL_STATE/result"
    kill -KILL $$
fi
echo "missed $status" >"$KILL_STATE/result"
exit 75

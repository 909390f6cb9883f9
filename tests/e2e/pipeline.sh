# The whole pipeline through the real Makefile, into temporary folders: a run
# interrupted by SIGKILL in every stage and rerun gives the bytes of an
# uninterrupted one, every figure renders and decodes at its size, a second make
# does nothing, a config change remakes exactly what depends on it, and a
# failing figure script fails make with the script's name.
source "$(dirname "$0")/common.bash"
unset MAKEFLAGS MAKELEVEL MFLAGS  # not the jobserver of a `make test` around us
build=$(dirname "$EBM_BIN")
pipeline() { make --no-print-directory -C "$EBM_SOURCE" BUILD="$build" "$@"; }

# Two runs, PNG and SVG, in parallel (-j2); every step goes through
# kill_stage.bash (the RUN prefix, and a gnuplot first on PATH), which times the
# steps of the first run and interrupts the second. TMPDIR keeps ebm-plot's
# exported data inside WORK.
kill_state=$WORK/kill-state
mkdir -p "$kill_state" shim tmp
printf '#!/bin/bash\nexec bash %q %q "$@"\n' "$EBM_SOURCE/tests/e2e/kill_stage.bash" "$(command -v gnuplot)" >shim/gnuplot
chmod +x shim/gnuplot
# staged RUN MAKE_ARGUMENTS...: make -j2 into WORK/RUN through kill_stage.bash.
staged() {
    local run=$1
    shift
    KILL_STATE=$kill_state KILL_ROOT=$WORK/$run PATH="$WORK/shim:$PATH" TMPDIR="$WORK/tmp" \
        pipeline -j2 RUN="bash $EBM_SOURCE/tests/e2e/kill_stage.bash" DATA="$WORK/$run/data" FIGURES="$WORK/$run/figures" "$@"
}
# expect_nothing_to_do RUN: a further make into WORK/RUN runs nothing.
expect_nothing_to_do() {
    local again
    again=$(pipeline DATA="$WORK/$1/data" FIGURES="$WORK/$1/figures" all svg 2>&1 | grep -v "Nothing to be done" || true)
    [ -z "$again" ] && pass || fail "a further make into $1 did something: $again"
}

# The first run is uninterrupted; kill_stage.bash writes each step's duration.
staged first all svg >first.log 2>&1 || { fail "make failed: $(tail -n 5 first.log)"; finish; }

# longest_pending STAGE: "STAGE OUTPUT SECONDS" of the step of STAGE (ebm-…,
# gnuplot) that make would run into WORK/second and that took longest in the
# first run; nothing if none is left.
longest_pending() {
    local maker=$1
    [ "$1" = gnuplot ] && maker=ebm-plot
    staged second -n all svg | sed -e ':join' -e '/\\$/{N; s/\\\n//; b join}' |  # join recipe lines continued with a backslash
        { grep -oP -- "/$maker .*--out \K\S+" || true; } | sed "s|^$WORK/second/||" |
        awk -v stage="$1" 'NR == FNR { if ($1 == stage) seconds[$2] = $3; next }
                           $1 in seconds { print stage, $1, seconds[$1] }' "$kill_state/times" - |
        sort -k3 -g | tail -n 1
}

# The second run is interrupted once in each stage, in pipeline order: make
# starts, the stage's longest pending step is SIGKILLed after a random fraction
# of its first-run duration, make fails, and the next round reruns make. A kill
# that comes after the step ended (a "miss": the step fails anyway, so make
# stops and deletes its output) is tried again on the same step with half the
# delay. A last make completes the run; comparing every file with the first
# run's below then covers the interruptions. The seed replays the delays.
seed=${EBM_KILL_SEED:-$((SRANDOM % 1000000))}
echo "interrupted run: seed $seed (EBM_KILL_SEED=$seed replays its delays)"
RANDOM=$seed
stages=(ebm-generate ebm-train ebm-infer ebm-plot gnuplot)
declare -A fraction  # of the step's duration, in 1/32768: drawn here, since $RANDOM in a subshell does not follow the seed
for stage in "${stages[@]}"; do fraction[$stage]=$RANDOM; done
for stage in "${stages[@]}"; do
    result=""
    for try in 1 2 3 4 5 6 7 8; do
        read -r _ output seconds <<<"$(longest_pending "$stage")"
        [ -n "$output" ] || { fail "no step of $stage left to interrupt: $(tail -n 5 second.log)"; break; }
        delay=$(awk "BEGIN { printf \"%.4f\", ${fraction[$stage]} / 32768 / 2^($try - 1) * $seconds }")
        echo "$stage $output $delay" >"$kill_state/target"
        rm -f "$kill_state/result"
        status=0
        staged second all svg >>second.log 2>&1 || status=$?
        rm "$kill_state/target"
        result=$(cat "$kill_state/result" 2>/dev/null || echo "no such step run")
        echo "  SIGKILL to $stage ($output) ${delay}s after its start (first run: ${seconds}s): $result"
        [ "$result" = "missed 0" ] || break
    done
    if [ "$result" = landed ]; then
        [ "$status" != 0 ] && pass || fail "make succeeded although $stage was killed"
        expect_absent "second/$output"
        left=$(cd second && ls "$output".tmp.* 2>/dev/null || true)
        [ -z "$left" ] || echo "    left $left"
    else
        fail "no SIGKILL to $stage landed mid-run (seed $seed): $result; $(tail -n 5 second.log)"
    fi
done
pipeline -j2 DATA="$WORK/second/data" FIGURES="$WORK/second/figures" all svg >>second.log 2>&1 \
    || { fail "the rerun after the interruptions failed: $(tail -n 5 second.log)"; finish; }
expect_nothing_to_do second
[ -z "$(ls tmp)" ] || echo "  note: killed ebm-plot runs left their exported data: $(ls tmp)"

# The same files (no junk left in the interrupted run), byte for byte.
files=$(cd first && find . -type f | sort)
[ "$files" = "$(cd second && find . -type f | sort)" ] && pass \
    || fail "the runs made different files: $(diff <(echo "$files") <(cd second && find . -type f | sort) | grep '^[<>]')"
for file in $files; do
    if [ -e "second/$file" ]; then expect_same "first/$file" "second/$file"; fi
done

# Every figure: a PNG that decodes at the size its Makefile rule asks for.
figures=$(cd first/figures && ls *.png)
[ "$(wc -w <<<"$figures")" -ge 20 ] && pass || fail "only $(wc -w <<<"$figures") figures"
for png in $figures; do
    command=$(pipeline -n -B DATA="$WORK/first/data" FIGURES="$WORK/first/figures" "$WORK/first/figures/$png" | grep ebm-plot)
    width=$(grep -oP -- '--width \K[0-9]+' <<<"$command" || echo 1000)
    height=$(grep -oP -- '--height \K[0-9]+' <<<"$command" || echo 750)
    file "first/figures/$png" | grep -q "PNG image data, $width x $height" && pass \
        || fail "$png: $(file "first/figures/$png"), expected ${width}x$height"
    [ "$(identify -format '%wx%h' "first/figures/$png")" = "${width}x$height" ] && pass || fail "$png does not decode"
    svg=${png%.png}.svg
    grep -q '<svg' "first/figures/$svg" && pass || fail "$svg is not SVG"
done
grep -c '<figure' first/figures/index.html | grep -qx "$(wc -w <<<"$figures")" && pass || fail "the gallery misses figures"

# A second make has nothing to do.
expect_nothing_to_do first
# Editing the unconditional experiment remakes its data, not the conditional data.
remade=$(pipeline -n -W experiments/unconditional.cfg DATA="$WORK/first/data" FIGURES="$WORK/first/figures" all)
grep -q "first/data/unconditional.h5" <<<"$remade" && pass || fail "a config change does not remake its data"
grep -q "first/data/conditional.h5" <<<"$remade" && fail "a config change remakes unrelated data" || pass
# Changing one figure script redraws that figure alone.
remade=$(pipeline -n -W plots/mesh.gp DATA="$WORK/first/data" FIGURES="$WORK/first/figures" all | grep -c ebm-plot)
[ "$remade" = 1 ] && pass || fail "touching plots/mesh.gp would redraw $remade figures"

# A figure script that fails makes make fail, naming the script; the earlier figure stays.
cp -r "$EBM_SOURCE/plots" broken-plots
echo "plot undefined_in_this_script" >>broken-plots/mesh.gp
cp first/figures/mesh.png mesh-before.png
status=0
pipeline DATA="$WORK/first/data" FIGURES="$WORK/first/figures" PLOTS="$WORK/broken-plots" all >broken.log 2>&1 || status=$?
[ "$status" != 0 ] && pass || fail "make succeeded with a broken figure script"
grep -q "figure script $WORK/broken-plots/mesh.gp failed" broken.log && pass || fail "make did not name the script: $(tail -n 3 broken.log)"
expect_same mesh-before.png first/figures/mesh.png
expect_no_temporaries first
expect_no_temporaries second

finish

# Two `make` runs started at once in one checkout (as two batch jobs would be)
# into the same data and figures folders: both succeed, every output, the
# config stamps and a caption included, is whole and byte-identical to a
# single run's, with no temporary left, and so is every output seen in place
# while they run. Each step writes OUT.tmp.HOST.PID and
# renames it into place, so neither run ever reads or keeps the other's
# half-written file; both may do a step, and the second rename puts the same
# bytes in place. A few cheap steps of each stage, not the whole pipeline.
source "$(dirname "$0")/common.bash"
unset MAKEFLAGS MAKELEVEL MFLAGS  # not the jobserver of a `make test` around us
build=$(dirname "$EBM_BIN")
# make_into RUN MAKE_ARGUMENTS...: make in the checkout, its data and figures in WORK/RUN.
make_into() {
    local run=$1
    shift
    TMPDIR="$WORK/tmp" make --no-print-directory -C "$EBM_SOURCE" BUILD="$build" DATA="$WORK/$run/data" \
        FIGURES="$WORK/$run/figures" "$@"
}
# The steps: the data, the untrained model and its inference, a figure of each, the gallery.
steps() {
    local data=$WORK/$1/data figures=$WORK/$1/figures
    # Not the gallery: it needs every figure's caption, the whole pipeline three times over.
    echo "$data/inference/untrained.h5 $figures/samples.png $figures/mesh.png $figures/samples.caption"
}
mkdir tmp
make_into single $(steps single) >single.log 2>&1 || fail "the single make failed: $(tail -n 3 single.log)"
# Twice at once, -j2 each; the same steps, so each output is written by both.
make_into shared -j2 $(steps shared) >first.log 2>&1 &
first=$!
make_into shared -j2 $(steps shared) >second.log 2>&1 &
second=$!
# Meanwhile, every output either run has put in place must already be whole: the single run's bytes.
while kill -0 "$first" 2>/dev/null || kill -0 "$second" 2>/dev/null; do
    while read -r file; do
        cp "shared/$file" seen 2>/dev/null || continue  # renamed away meanwhile: seen again next round
        cmp -s seen "single/$file" || { fail "shared/$file was seen partial while the makes ran"; break 2; }
    done < <(find shared -type f ! -name '*.tmp.*' ! -name '*.new.*' -printf '%P\n' 2>/dev/null)
    sleep 0.02
done
wait "$first" && pass || fail "the first of two makes at once failed: $(tail -n 3 first.log)"
wait "$second" && pass || fail "the second of two makes at once failed: $(tail -n 3 second.log)"
# Both ran steps: a run that found everything done would test nothing.
for log in first second; do
    grep -q 'ebm-generate' "$log.log" && pass || fail "make run $log ran no ebm-generate: $(cat "$log.log")"
done

compared=0
while read -r file; do
    expect_same "single/$file" "shared/$file"
    compared=$((compared + 1))
done < <(find single -type f -printf '%P\n' | sort)
listing() { find "$1" -type f -printf '%P\n' | sort; }
[ "$(listing shared)" = "$(listing single)" ] && pass ||
    fail "the two runs at once made other files than the single run: $(diff <(listing single) <(listing shared))"
[ "$compared" -ge 10 ] && pass || fail "compared only $compared files"
expect_no_temporaries shared
[ -z "$(ls -A tmp)" ] && pass || fail "left in TMPDIR: $(ls tmp)"
finish

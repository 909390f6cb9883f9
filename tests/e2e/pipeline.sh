# The whole pipeline through the real Makefile, into temporary folders: every
# figure renders and decodes at its size, two clean runs give identical bytes,
# a second make does nothing, a config change remakes exactly what depends on
# it, and a failing figure script fails make with the script's name.
source "$(dirname "$0")/common.bash"
unset MAKEFLAGS MAKELEVEL MFLAGS  # not the jobserver of a `make test` around us
build=$(dirname "$EBM_BIN")
pipeline() { make --no-print-directory -C "$EBM_SOURCE" BUILD="$build" "$@"; }

# Two clean runs, PNG and SVG, in parallel.
for run in first second; do
    pipeline -j2 DATA="$WORK/$run/data" FIGURES="$WORK/$run/figures" all svg >"$WORK/$run.log" 2>&1 \
        || { fail "make failed: $(tail -n 5 "$WORK/$run.log")"; finish; }
done
for file in $(cd first && find . -type f | sort); do
    if [ -e "second/$file" ]; then expect_same "first/$file" "second/$file"; else fail "second/$file missing"; fi
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
again=$(pipeline DATA="$WORK/first/data" FIGURES="$WORK/first/figures" all svg 2>&1 | grep -v "Nothing to be done" || true)
[ -z "$again" ] && pass || fail "a second make did something: $again"
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

finish

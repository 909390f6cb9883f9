# ebm-plot end to end: every figure script renders from small data, PNG and SVG,
# byte-identically twice; bad figures and broken scripts fail cleanly.
source "$(dirname "$0")/common.bash"
plot="$EBM_BIN/ebm-plot"
"$EBM_BIN/ebm-generate" --out unconditional.h5
"$EBM_BIN/ebm-generate" --case conditional --n 200 --out conditional.h5

# render FIGURE INPUT OUT: draw and check the image decodes at the expected size.
render() {
    "$plot" --figure "$1" --in "$2" --out "$3" --width 800 --height 600
    case "$3" in
    *.png)
        file "$3" | grep -q 'PNG image data, 800 x 600' && pass || fail "$3: $(file "$3")"
        [ "$(identify -format '%wx%h' "$3")" = 800x600 ] && pass || fail "$3 does not decode at 800x600"
        ;;
    *.svg)
        grep -q '<svg' "$3" && pass || fail "$3 is not SVG"
        ;;
    esac
}
mkdir first second
for format in png svg; do
    for run in first second; do
        render samples unconditional.h5 "$run/samples.$format"
        render samples-horn conditional.h5 "$run/samples-horn.$format"
    done
    expect_same "first/samples.$format" "second/samples.$format"
    expect_same "first/samples-horn.$format" "second/samples-horn.$format"
done

# Bad input.
expect_exit 2 "--figure must be one of .*samples.*\(got 'nope'\)" "$plot" --figure nope --in unconditional.h5 --out x.png
expect_exit 2 "--terminal must be one of png\|svg" "$plot" --figure samples --in unconditional.h5 --out x.png --terminal gif
expect_exit 1 "cannot open 'missing.h5': no such file" "$plot" --figure samples --in missing.h5 --out x.png
echo "not hdf5" > text.h5
expect_exit 1 "'text.h5' is not an HDF5 file" "$plot" --figure samples --in text.h5 --out x.png
expect_absent x.png
# A script that fails: named in the error, and the earlier image survives.
mkdir scripts
cp "$EBM_SOURCE"/plots/*.gp scripts/
printf "load plots.'/style.gp'\nplot undefined_variable_here\n" > scripts/broken.gp
cp first/samples.png broken.png
expect_exit 1 "figure script scripts/broken.gp failed: .*undefined" \
    "$plot" --figure broken --scripts scripts --in unconditional.h5 --out broken.png
expect_same first/samples.png broken.png
expect_no_temporaries .

finish

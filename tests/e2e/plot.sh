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

# A figure's declared inputs (# needs: lines) are checked before gnuplot runs:
# the wrong kind of file, a missing dataset or input, a malformed declaration.
"$EBM_BIN/ebm-train" --data unconditional.h5 --epochs 0 --out model.h5 >/dev/null
expect_exit 1 "figure 'samples' needs in1 = an ebm/data file with /y; 'model.h5' is an ebm/model file" \
    "$plot" --figure samples --in model.h5 --out x.png
printf '# needs: in1 ebm/data /y /no/such\nload plots."/style.gp"\nplot 0\n' >scripts/needy.gp
expect_exit 1 "figure 'needy' needs in1 = an ebm/data file with /y, /no/such; 'unconditional.h5' has no /no/such" \
    "$plot" --figure needy --scripts scripts --in unconditional.h5 --out x.png
printf '# needs: in2 ebm/model\nload plots."/style.gp"\nplot 0\n' >scripts/needy.gp
expect_exit 1 "figure 'needy' needs in2 = an ebm/model file; --in gave 1 input" \
    "$plot" --figure needy --scripts scripts --in unconditional.h5 --out x.png
printf '# needs: first ebm/data\nplot 0\n' >scripts/needy.gp
expect_exit 1 "scripts/needy.gp, line 1: a needs line is '# needs: inK FORMAT /DATASET…'" \
    "$plot" --figure needy --scripts scripts --in unconditional.h5 --out x.png
expect_absent x.png

# ebm-plot killed alone (SIGKILL: the OOM killer) takes its gnuplot with it,
# which would otherwise go on drawing into the temporary output. The temporary
# it leaves is removed by the next figure written there. TMPDIR keeps the
# exported data it leaves too inside WORK.
# is_running PID: the process exists and is not a zombie (the state follows
# the command's closing parenthesis). No fork: it runs in a tight loop.
is_running() {
    local line
    { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
    line=${line##*) }
    [ "${line%% *}" != Z ]
}
# children_of PID: from /proc, since procps may be missing.
children_of() {
    local stat line fields
    for stat in /proc/[0-9]*/stat; do
        { read -r line <"$stat"; } 2>/dev/null || continue
        read -r -a fields <<<"${line##*) }"
        if [ "${fields[1]}" = "$1" ]; then echo "${stat//[^0-9]/}"; fi
    done
}
printf "load plots.'/style.gp'\npause 600\n" >scripts/stuck.gp
mkdir tmp
TMPDIR=$WORK/tmp "$plot" --figure stuck --scripts scripts --in unconditional.h5 --out stuck.png &
plot_pid=$!
temporary=stuck.png.tmp.$(hostname).$plot_pid
gnuplot_pid=""
for _ in $(seq 3000); do  # a watchdog against a hang: gnuplot draws into the temporary
    [ -e "$temporary" ] && gnuplot_pid=$(children_of "$plot_pid")
    [ -n "$gnuplot_pid" ] && break
    sleep 0.01
done
[ -n "$gnuplot_pid" ] && pass || fail "ebm-plot started no gnuplot"
kill -KILL "$plot_pid"
wait "$plot_pid" || true
for _ in $(seq 3000); do  # the same watchdog; before the fix gnuplot stayed for its 600 s pause
    is_running "$gnuplot_pid" || break
    sleep 0.01
done
if is_running "$gnuplot_pid"; then
    fail "gnuplot ($gnuplot_pid) outlived ebm-plot"
    kill -KILL "$gnuplot_pid"
else
    pass
fi
[ -e "$temporary" ] && pass || fail "the killed ebm-plot left no temporary $temporary"
render samples unconditional.h5 stuck.png
expect_no_temporaries .

# Files from elsewhere: a name never becomes a path or a gnuplot variable as it stands.
# The escape of issue 17 (groups named .., then ../.., then cb/escaped), a name with a
# line break, and two names that would become one variable are each refused, naming
# the file and the object, and nothing is written outside ebm-plot's temporary folder.
mkdir -p escape/deep/er && cd escape/deep/er
"$EBM_PYTHON" - <<'PY'
import h5py, numpy
with h5py.File("evil.h5", "w") as f:
    f.create_group("..").create_group("..").create_group("cb")["escaped"] = numpy.arange(3.0)
with h5py.File("newline.h5", "w") as f:
    f["a\nset output '/tmp/x'"] = numpy.arange(3.0)
with h5py.File("collision.h5", "w") as f:
    f["a/b"] = numpy.arange(3.0)
    f["a_b"] = numpy.arange(3.0)
with h5py.File("quote.h5", "w") as f:
    f.attrs["it's"] = 1.0
PY
mkdir tmp
TMPDIR=$PWD/tmp expect_exit 1 "'evil.h5': dataset '/\.\./\.\./cb/escaped' has a name ebm-plot does not export" \
    "$plot" --figure samples --in evil.h5 --out x.png
TMPDIR=$PWD/tmp expect_exit 1 "'newline.h5': dataset '/a\?set output '/tmp/x'' has a name ebm-plot does not export" \
    "$plot" --figure samples --in newline.h5 --out x.png
TMPDIR=$PWD/tmp expect_exit 1 "'collision.h5': dataset '/a/b' and dataset '/a_b' would both become the gnuplot variable in1_a_b_n; rename one" \
    "$plot" --figure samples --in collision.h5 --out x.png
TMPDIR=$PWD/tmp expect_exit 1 "'quote.h5': attribute 'it's' has a name ebm-plot does not export" \
    "$plot" --figure samples --in quote.h5 --out x.png
cd "$WORK"
escaped=$(find escape -path '*/tmp/ebm-plot.*' -prune -o -name '*.dat' -print | head -n 3)
[ -z "$escaped" ] && pass || fail "data files were written outside ebm-plot's temporary folder: $escaped"
expect_absent escape/deep/er/x.png

# Links get one defined behaviour: ebm-plot exports the objects of the file it is given,
# reached by hard links, each once, and follows no soft or external link. A copy of the
# samples' file with a soft-link cycle, a hard-link cycle, a dangling soft link and an
# external link to a file that no longer exists draws the same bytes as the plain file.
cp unconditional.h5 linked.h5
"$EBM_PYTHON" - <<'PY'
import h5py, numpy
with h5py.File("elsewhere.h5", "w") as f:
    f["secret"] = numpy.arange(5.0)
with h5py.File("linked.h5", "a") as f:
    g = f.create_group("links")
    g["soft_cycle"] = h5py.SoftLink("/links")
    g["hard_cycle"] = g                      # the group inside itself
    g["dangling"] = h5py.SoftLink("/nothing/here")
    g["external"] = h5py.ExternalLink("elsewhere.h5", "/secret")
PY
rm elsewhere.h5
"$plot" --figure samples --in unconditional.h5 --out plain.png && pass || fail "the plain file did not draw"
"$plot" --figure samples --in linked.h5 --out linked.png && pass || fail "a file with link cycles, a dangling and an external link did not draw"
expect_same plain.png linked.png

# Size limits, the issue's three cases: 10⁵ datasets, a 100 MB text attribute and groups
# nested 10⁴ deep are each refused within seconds (each kept ebm-plot or gnuplot busy for
# more than five minutes), naming the file and the limit, and ebm-plot writes nothing but
# its temporary folder, which it removes. An object 32 levels deep, the limit, still draws.
mkdir limits && cd limits
cp ../unconditional.h5 deep-enough.h5
"$EBM_PYTHON" - <<'PY'
import h5py, numpy
with h5py.File("many.h5", "w", libver="latest") as f:
    one = h5py.h5s.create_simple((1,))
    for i in range(100000):  # h5py's low-level call: its create_dataset takes ten times longer
        h5py.h5d.create(f.id, b"d%d" % i, h5py.h5t.IEEE_F64LE, one)
with h5py.File("long-text.h5", "w") as f:
    f.attrs["story"] = "x" * 100_000_000
with h5py.File("deep.h5", "w") as f:
    group = f
    for _ in range(10000):
        group = group.create_group("g")
    group["x"] = numpy.arange(3.0)
with h5py.File("deep-enough.h5", "a") as f:
    f["/".join(["g"] * 31) + "/x"] = numpy.arange(3.0)
PY
mkdir tmp
touch before-plot
TMPDIR=$PWD/tmp expect_exit 1 "^ebm-plot: error: 'many.h5' has more than 10000 datasets, the most ebm-plot exports from one input$" \
    timeout 60 "$plot" --figure samples --in many.h5 --out x.png
TMPDIR=$PWD/tmp expect_exit 1 "^ebm-plot: error: 'long-text.h5': attribute 'story' holds 100000000 bytes of text, more than the 1048576 ebm-plot passes to gnuplot$" \
    timeout 60 "$plot" --figure samples --in long-text.h5 --out x.png
TMPDIR=$PWD/tmp expect_exit 1 "^ebm-plot: error: 'deep.h5' has objects nested more than 32 levels deep, the most ebm reads$" \
    timeout 60 "$plot" --figure samples --in deep.h5 --out x.png
TMPDIR=$PWD/tmp timeout 60 "$plot" --figure samples --in deep-enough.h5 --out deep-enough.png && pass ||
    fail "a file with an object 32 levels deep did not draw"
written=$(find . -mindepth 1 -newer before-plot ! -name deep-enough.png ! -path ./tmp | head -n 3)
[ -z "$written" ] && pass || fail "ebm-plot left files outside its temporary folder, or its folder: $written"
cd "$WORK"
expect_same plain.png limits/deep-enough.png

# style.gp's filled_window, as gnuplot draws it: a map's window in a plot area,
# narrow (ρ₂ ≫ ρ₁, the other parameters' horn at x = 0.9), wide, or off the
# origin with integer ends, gets equal units on both axes, fills the area and
# holds the window about its centre.
for window in "-10 10 -28 28" "-6 6 -4.2 4.2" "1 3 -1 4"; do
    read -r lo1 hi1 lo2 hi2 <<<"$window"
    echo "$window $(gnuplot -e "terminal = 'png'; out = '/dev/null'; width = 1300; height = 1100; data = '.'" \
        -e "load '$EBM_SOURCE/plots/style.gp'; set lmargin at screen 0.6; set rmargin at screen 0.9" \
        -e "set bmargin at screen 0.1; set tmargin at screen 0.4; eval filled_window($lo1, $hi1, $lo2, $hi2, 0.3, 0.3)" \
        -e "plot 0 notitle; print GPVAL_X_MIN, GPVAL_X_MAX, GPVAL_Y_MIN, GPVAL_Y_MAX" \
        -e "print GPVAL_TERM_XMIN, GPVAL_TERM_XMAX, GPVAL_TERM_YMIN, GPVAL_TERM_YMAX" 2>&1 | tr '\n' ' ')"
done >filled_windows
expect_checks <<'PY'
for line in open("filled_windows"):
    lo1, hi1, lo2, hi2, x0, x1, y0, y1, left, right, bottom, top = map(float, line.split())
    def ok(condition, what): print(("ok " if condition else "FAIL ") + f"[{lo1}, {hi1}] × [{lo2}, {hi2}]: " + what)
    ok(abs(left - 0.6 * 1300) < 2 and abs(right - 0.9 * 1300) < 2 and abs(bottom - 0.1 * 1100) < 2 and abs(top - 0.4 * 1100) < 2,
       f"the frame {left}…{right} × {bottom}…{top} px is the plot area")
    per1, per2 = (x1 - x0) / (right - left), (y1 - y0) / (top - bottom)
    ok(abs(per1 / per2 - 1) < 0.005, f"equal units: {per1:.5g} and {per2:.5g} per pixel")
    ok(x0 <= lo1 and x1 >= hi1 and y0 <= lo2 and y1 >= hi2, f"the window holds the map: [{x0:.4g}, {x1:.4g}] × [{y0:.4g}, {y1:.4g}]")
    ok(abs((x0 + x1) - (lo1 + hi1)) < 1e-9 and abs((y0 + y1) - (lo2 + hi2)) < 1e-9 and
       (abs(x0 - lo1) < 1e-9 or abs(y0 - lo2) < 1e-9), "centred on the map, which reaches two of its edges")
PY

finish

# The figures follow the data: the whole ellipse pipeline, through the real
# Makefile, with other parameters than the lecture's (n = 60, x = 0.5,
# σ = 0.1, another seed: an ellipse of semi-axes 4.76 instead of 2 and 1.5).
# Every figure draws; its window holds every sample and its map covers the
# window; energy-grid has a panel a sample and no clipped curve; the probes of
# energy-five and beta-limit are the mesh's; the titles and captions state
# this run's values, as the files hold them.
source "$(dirname "$0")/common.bash"
unset MAKEFLAGS MAKELEVEL MFLAGS  # not the jobserver of a `make test` around us
build=$(dirname "$EBM_BIN")
cp -r "$EBM_SOURCE/experiments" experiments
sed -i -e '/^\[generate\]$/,/^\[/{s/^n = .*/n = 60/; s/^seed = .*/seed = 7/; s/^sigma = .*/sigma = 0.1/; s/^x = .*/x = 0.5/}' \
    experiments/unconditional.cfg
grep -q '^x = 0.5$' experiments/unconditional.cfg && pass || fail "the edit of [generate] did not apply"

# The ellipse's figures (those of the conditional case read other data), PNG and SVG of samples and mesh.
figures=$(cut -f1 "$EBM_SOURCE/plots/captions.tsv" | grep -v -e '^#' -e horn -e conditional -e '^energy-ii')
targets=$(for figure in $figures; do echo "figures/$figure.png figures/$figure.caption"; done)
make --no-print-directory -C "$EBM_SOURCE" -j2 BUILD="$build" EXPERIMENTS="$WORK/experiments" DATA="$WORK/data" \
    FIGURES="$WORK/figures" ${targets//figures\//$WORK/figures/} "$WORK/figures/samples.svg" "$WORK/figures/mesh.svg" \
    "$WORK/figures/energy-five.svg" "$WORK/figures/beta-limit.svg" \
    >make.log 2>&1 || { fail "make failed: $(tail -n 5 make.log)"; finish; }
for figure in $figures; do
    [ -s "figures/$figure.png" ] && pass || fail "figures/$figure.png was not drawn"
done

# The conditional data with another α and β_d: samples-horn's box holds them
# and its caption states their ρ (its network figures are issue 13's).
"$EBM_BIN/ebm-generate" --case conditional --n 300 --alpha 1 --beta-data 3 --seed 5 --out horn.h5
"$EBM_BIN/ebm-plot" --figure samples-horn --in horn.h5 --out figures/samples-horn.png && pass || fail "samples-horn did not draw"
"$EBM_BIN/ebm-plot" --figure samples-horn --in horn.h5 --caption samples-horn --out samples-horn.caption

# Each y-plane figure's window, read back through a caption of the same script
# run on the same input (plots/ copied, with captions of our own).
cp -r "$EBM_SOURCE/plots" plots
printf '%s\t-\t{y1_half} {y2_half}\n' samples mesh manifold-untrained energy-sample free-energy-map beta-weights inference \
    energy-five \
    >plots/captions.tsv
printf 'energy-grid\t-\t{%%d N} {%%d columns} {%%d rows} {energy_max}\n' >>plots/captions.tsv
printf 'samples-horn\t-\t{y1_half}\n' >>plots/captions.tsv
window() {
    "$EBM_BIN/ebm-plot" --scripts plots --figure "$1" --caption "$1" --in "$2" --out "$1.window" "${@:3}" && cat "$1.window"
}
I=data/inference/untrained.h5
{
    echo "samples $(window samples data/unconditional.h5)"
    for figure in mesh manifold-untrained free-energy-map energy-five; do echo "$figure $(window $figure $I)"; done
    echo "energy-sample $(window energy-sample $I --set sample=23)"
    echo "beta-weights $(window beta-weights $I --set probe=1)"
    echo "inference $(window inference $I --set sample=10 --set method=gd)"
} >windows
echo "energy-grid $(window energy-grid $I)" >grid_layout
window samples-horn horn.h5 >horn_box

expect_checks <<'PY'
import math, re, h5py, numpy as np
def ok(condition, what): print(("ok " if condition else "FAIL ") + what)
data = h5py.File("data/unconditional.h5")
y = data["y"][()]
f = h5py.File("data/inference/untrained.h5")
ok(len(y) == 60 and data.attrs["x"] == 0.5 and data.attrs["sigma"] == 0.1, "the data are the edited run's")
far1, far2 = np.abs(y).max(axis=0)
for line in open("windows"):
    figure, half1, half2 = line.split()
    half1, half2 = float(half1), float(half2)
    ok(far1 < half1 and far2 < half2, f"{figure}: every sample (up to |y| = {far1:.2f}, {far2:.2f}) inside the window ±{half1}, ±{half2}")
    ok(half1 < 1.5 * far1 + 0.5 and half2 < 1.5 * far2 + 0.5, f"{figure}: the window ±{half1}, ±{half2} is not far wider than the data")
# The maps cover the window: the mesh and the fine map span it.
for grid in ("grid", "fine"):
    y1, y2 = f[grid + "/y1"][()], f[grid + "/y2"][()]
    ok(y1[0] == -half1 and y1[-1] == half1 and y2[0] == -half2 and y2[-1] == half2,
       f"/{grid} spans [{y1[0]}, {y1[-1]}] × [{y2[0]}, {y2[-1]}], the window")
# energy-grid: a panel a sample, none clipped.
_, n, columns, rows, top = open("grid_layout").read().split()
ok(int(n) == 60 and int(columns) * int(rows) >= 60 and int(columns) * (int(rows) - 1) < 60,
   f"energy-grid: {n} panels in {rows} rows of {columns}")
energy = f["samples/energy"][()]
ok(float(top) >= energy.max(), f"energy-grid: its axis, up to {top}, holds the largest energy {energy.max():.2f}")

# Titles (SVG text) and captions state the file's values.
rho = (1.5 * 0.5 + 2 * 0.5) * math.exp(1)
svg = open("figures/samples.svg").read()
ok(f"x = 0.5, ρ = ({rho:.3g}, {rho:.3g})" in svg, f"samples' title states x = 0.5 and ρ = {rho:.3g}")
ok(re.search(r">60<", svg) is not None, "samples' title counts the 60 samples (y^{(60)})")
n1, n2 = len(f["grid/y1"]), len(f["grid/y2"])
ok(f"The mesh: {n1} × {n2} points" in open("figures/mesh.svg").read(), f"mesh's title states its {n1} × {n2} points")
def caption(name): return open(f"figures/{name}.caption").read().strip()
ok(caption("samples").startswith(f"The 60 training samples Y of the unconditional case (x = 0.5): noisy points (σ = 0.1) "
                                 f"round an ellipse with semi-axes ρ = ({rho:.3g}, {rho:.3g})."), "samples' caption: " + caption("samples"))
ok(f"{n1} × {n2} mesh" in caption("mesh"), "mesh's caption: " + caption("mesh"))
ok("each of the 60 samples" in caption("energy-grid"), "energy-grid's caption: " + caption("energy-grid"))
# The probes follow the mesh: slide 17's five points on the window's scale,
# from its left edge to its centre; energy-five and beta-limit name the file's.
probes, labels = f["probes/y"][()], f.attrs["probe_labels"].split()
line, mesh1, mesh2 = probes[-5:], list(f["grid/y1"][()]), list(f["grid/y2"][()])
ok(all(p1 in mesh1 and p2 in mesh2 for p1, p2 in line) and line[0][0] == -half1 and line[-1][0] == 0
   and len(set(line[:, 1])) == 1 and -half2 / 2 < line[0][1] < 0,
   f"energy-five's points {line.tolist()} are mesh points from the left edge -{half1} to the centre, below it")
ok(f"5 points on y₂ = {line[0][1]:g}" in open("figures/energy-five.svg").read()
   and f"on y₂ = {line[0][1]:g}" in caption("energy-five"), "energy-five's title and caption: " + caption("energy-five"))
legend = re.sub(r"<[^>]*>", "", open("figures/beta-limit.svg").read())
ok(all(f"y = {label}" in legend for label in labels[:4]), f"beta-limit's legend names the file's probes {labels[:4]}")
w = h5py.File("data/models/ztl.h5")["params/w"][()]
ok(f"w = ({w[0]:.2f}, {w[1]:.2f})" in caption("cross-section-trained"), "cross-section-trained's caption: " + caption("cross-section-trained"))
ok(w[0] < 0, f"the trained w₁ = {w[0]:.2f} keeps the sign of w0")

horn = h5py.File("horn.h5")
box = float(open("horn_box").read())
ok(np.abs(horn["y"][()]).max() < box, f"samples-horn: its box ±{box} holds every sample")
x = horn["x"][()]
rho = lambda x: ((1 * x + 3 * (1 - x)) * math.exp(2 * x), (3 * x + 1 * (1 - x)) * math.exp(2 * x))
expected = (f"ρ = ({rho(x.min())[0]:.3g}, {rho(x.min())[1]:.3g}) at x = {x.min():.2f} grows into a horn, "
            f"ρ = ({rho(x.max())[0]:.3g}, {rho(x.max())[1]:.3g}) at x = {x.max():.2f}.")
ok(expected in open("samples-horn.caption").read(), "samples-horn's caption states α = 1, β_d = 3's ρ: " + expected)
PY
finish

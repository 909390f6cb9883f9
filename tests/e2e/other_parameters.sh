# The figures follow the data: the whole ellipse pipeline, through the real
# Makefile, with other parameters than the lecture's (n = 60, x = 0.5,
# σ = 0.1, another seed: an ellipse of semi-axes 4.76 instead of 2 and 1.5).
# Every figure draws; its window holds every sample and its map covers the
# window; energy-grid has a panel a sample and no clipped curve; the probes of
# energy-five and beta-limit are the mesh's; the titles and captions state
# this run's values, as the files hold them. The same for the conditional
# experiment's figures with α = 1, β_d = 3 (a horn of ρ = (3, 1) at x = 0 and
# (7.4, 22) at x = 1 instead of (2, 1.5) and (11, 15)), other inputs x for the
# manifold and the maps, 32 latents, and few epochs: what is checked is that
# the figures follow the files.
source "$(dirname "$0")/common.bash"
unset MAKEFLAGS MAKELEVEL MFLAGS  # not the jobserver of a `make test` around us
build=$(dirname "$EBM_BIN")
cp -r "$EBM_SOURCE/experiments" experiments
sed -i -e '/^\[generate\]$/,/^\[/{s/^n = .*/n = 60/; s/^seed = .*/seed = 7/; s/^sigma = .*/sigma = 0.1/; s/^x = .*/x = 0.5/}' \
    experiments/unconditional.cfg
grep -q '^x = 0.5$' experiments/unconditional.cfg && pass || fail "the edit of [generate] did not apply"
# The conditional case: another horn (300 samples, seed 5); every trained run
# 10 epochs, one restart; coarser maps at other x, the manifold over 26 x.
sed -i -e '/^\[generate\]$/,/^\[/{s/^n = .*/n = 300/; s/^seed = .*/seed = 5/; s/^alpha = .*/alpha = 1/; s/^beta-data = .*/beta-data = 3/}' \
    -e 's/^epochs = [1-9][0-9]*$/epochs = 10/' -e '/^\[train\]$/a epochs = 10\nrestarts = 1' -e 's/^z = 48$/z = 32/' \
    -e 's/^slice-grid = .*/slice-grid = 31/' -e 's/^slice-x = .*/slice-x = 0.25,0.5,0.9/' -e 's/^manifold-x = .*/manifold-x = 0:1:26/' \
    experiments/conditional.cfg
grep -q '^beta-data = 3$' experiments/conditional.cfg && grep -q '^manifold-x = 0:1:26$' experiments/conditional.cfg && pass ||
    fail "the edit of conditional.cfg did not apply"

# Every figure that make draws (those of the parameter sweeps, drawn from
# experiments/sweeps/, aside), PNG and caption; SVG of those whose titles are checked.
conditional_figures="samples-horn manifold-conditional-untrained manifold-conditional-trained energy-ii energy-iii"
figures=$(cut -f1 "$EBM_SOURCE/plots/captions.tsv" | grep -v -e '^#' -e '^sweep-' -e '^seeds-' -e '^energy-iii-lambda$')
targets=$(for figure in $figures; do echo "figures/$figure.png figures/$figure.caption"; done
          for figure in samples mesh energy-five beta-limit $conditional_figures; do echo "figures/$figure.svg"; done)
SECONDS=0
make --no-print-directory -C "$EBM_SOURCE" -j2 BUILD="$build" EXPERIMENTS="$WORK/experiments" DATA="$WORK/data" \
    FIGURES="$WORK/figures" ${targets//figures\//$WORK/figures/} >make.log 2>&1 || { fail "make failed: $(tail -n 5 make.log)"; finish; }
echo "make: $SECONDS s"
for figure in $figures; do
    [ -s "figures/$figure.png" ] && pass || fail "figures/$figure.png was not drawn"
done

# Each y-plane figure's window, read back through a caption of the same script
# run on the same input (plots/ copied, with captions of our own).
cp -r "$EBM_SOURCE/plots" plots
printf '%s\t-\t{y1_half} {y2_half}\n' samples mesh manifold-untrained energy-sample free-energy-map beta-weights inference \
    energy-five \
    >plots/captions.tsv
printf 'energy-grid\t-\t{%%d N} {%%d columns} {%%d rows} {energy_max}\n' >>plots/captions.tsv
printf 'samples-horn\t-\t{y1_half} {x_step}\n' >>plots/captions.tsv
printf '%s\t-\t{X_min} {X_max} {reach1} {reach2}\n' manifold-conditional-untrained energy-ii >>plots/captions.tsv
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
window samples-horn data/conditional.h5 >horn_box
H=data/horn-inference
{
    echo "manifold-conditional-untrained $H/conditional-untrained.h5 $(window manifold-conditional-untrained $H/conditional-untrained.h5)"
    echo "energy-ii $H/decoder-mlp.h5 $(window energy-ii $H/decoder-mlp.h5)"
} >manifold_windows

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

horn = h5py.File("data/conditional.h5")
ok(len(horn["y"]) == 300 and horn.attrs["alpha"] == 1 and horn.attrs["beta_data"] == 3, "the horn is the edited run's")
box, x_step = map(float, open("horn_box").read().split())
ok(np.abs(horn["y"][()]).max() < box, f"samples-horn: its box ±{box} holds every sample")
x = horn["x"][()]
rho = lambda x: ((1 * x + 3 * (1 - x)) * math.exp(2 * x), (3 * x + 1 * (1 - x)) * math.exp(2 * x))
expected = (f"ρ = ({rho(x.min())[0]:.3g}, {rho(x.min())[1]:.3g}) at x = {x.min():.2f} grows into a horn, "
            f"ρ = ({rho(x.max())[0]:.3g}, {rho(x.max())[1]:.3g}) at x = {x.max():.2f}.")
ok(expected in caption("samples-horn"), "samples-horn's caption states α = 1, β_d = 3's ρ: " + expected)
ok(f">Training samples of the conditional case (N = 300, " in open("figures/samples-horn.svg").read(), "samples-horn's title counts 300")

# The manifold figures: x from the file's manifold (26 inputs here), y round all of it.
for line in open("manifold_windows"):
    figure, path, x_min, x_max, reach1, reach2 = line.split()
    m = h5py.File(path)["manifold"]
    table, mx = m["table"][()], m["x"][()]
    ok(float(x_min) == mx.min() and float(x_max) == mx.max(), f"{figure}: x from {x_min} to {x_max}, the manifold's {mx.min()}…{mx.max()}")
    ok(np.abs(table[:, 2]).max() <= float(reach1) and np.abs(table[:, 3]).max() <= float(reach2),
       f"{figure}: its box ±{reach1}, ±{reach2} holds the manifold")
u = h5py.File("data/horn-inference/conditional-untrained.h5")
mx, z = u["manifold/x"][()], u["manifold/z"][()]
ok(len(mx) == 26 and len(z) == 32, f"the manifold is the edited run's: {len(mx)} x, {len(z)} latents")
title = f"x = {mx.min():g} : {mx.max() - mx.min():g}/{len(mx) - 1} : {mx.max():g},   z ∈ [0 : 2π/{len(z)} : 2π["
for figure in ("manifold-conditional-untrained", "manifold-conditional-trained"):
    ok(title in open(f"figures/{figure}.svg").read(), f"{figure}'s title states {title}")
ok(f"over {len(mx)} inputs x from {mx.min():g} to {mx.max():g} and the {len(z)} latents" in caption("manifold-conditional-untrained"),
   "manifold-conditional-untrained's caption: " + caption("manifold-conditional-untrained"))
t = h5py.File("data/horn-inference/conditional.h5")
worst = t["evaluation/max_relative_error"][()].max()
ok(f"within {100 * worst:.1f} % of the data's ρ(x) at each of {len(t['evaluation/x'])} inputs x" in caption("manifold-conditional-trained")
   and f"within {100 * worst:.1f} %" in open("figures/manifold-conditional-trained.svg").read(),
   f"manifold-conditional-trained's title and caption state |f| within {100 * worst:.1f} %")

# Energy II and III: a map panel a slice of the file, at its x, each window the
# file's and holding the samples near its x (none empty); titles from the file.
def svg_text(figure): return open(f"figures/{figure}.svg").read()
d = h5py.File("data/horn-inference/decoder-mlp.h5")
ok(list(d["slices/x"][()]) == [0.25, 0.5, 0.9], f"the maps are at the edited x: {list(d['slices/x'][()])}")
for path in ("data/horn-inference/decoder-mlp.h5", "data/horn-inference/latent-free.h5", "data/horn-inference/latent-l2.h5",
             "data/horn-inference/latent-shell.h5"):
    f = h5py.File(path)
    for s, xs in enumerate(f["slices/x"][()]):
        g = f[f"slices/{s}"]
        y1, y2, fmap = g["y1"][()], g["y2"][()], g["f_inf"][()]
        samples = g["samples"][()] if "samples" in g else np.zeros((0, 2))
        ok(len(samples) > 0 and fmap.shape == (len(y2), len(y1)) and np.isfinite(fmap).all()
           and np.abs(samples[:, 0]).max() < y1[-1] and np.abs(samples[:, 1]).max() < y2[-1],
           f"{path} at x = {xs:g}: {len(samples)} samples inside its map [{y1[0]:.3g}, {y1[-1]:.3g}] × [{y2[0]:.3g}, {y2[-1]:.3g}]")
near = f"|x′ − x| ≤ {d.attrs['slice_half_width']:g}"
svg = svg_text("energy-ii")
# ℝ^D: D a superscript, its own tspan.
superscript = lambda base, power: re.search(re.escape(base) + r"</tspan><tspan[^>]*>" + str(power) + "<", svg) is not None
ok(superscript("f: ℝ → ℝ", d.attrs["predictor_width"]), f"energy-ii's title states f: ℝ → ℝ^{d.attrs['predictor_width']}")
for expected in (f"(hidden {d.attrs['decoder_hidden']})", f"over the {d.attrs['latent_count']} latents",
                 f"held-out mean F∞ = {d.attrs['mean_f_inf']:.3g} over", *(f">F∞(x, y) at x = {x:g}<" for x in d["slices/x"][()])):
    ok(expected in svg, f"energy-ii's title states {expected}")
# The maps' key (its own text, not the subtitle's) names the samples' band.
ok(f">held-out y with {near}<" in svg, f"energy-ii's key states held-out y with {near}")
svg = svg_text("energy-iii")
for path, name in (("latent-free", "λ = 0, no regulariser"), ("latent-l2", "λ = {:g}, R(z) = ‖z‖²"), ("latent-shell", "λ = {:g}, R(z) = (‖z‖ − 1)²")):
    f = h5py.File(f"data/horn-inference/{path}.h5")
    name = name.format(f.attrs["lambda"])
    for x in f["slices/x"][()]:
        ok(f">{name},  x = {x:g}<" in svg, f"energy-iii's panel title '{name},  x = {x:g}'")
    ring = list(f["evaluation/ring_x"][()]).index(0.5)
    ok(f">held-out mean F∞ {f['evaluation/ring_heldout_f_inf'][ring]:.2g};  F∞(0, 0) {f['evaluation/centre_f_inf'][ring]:.2g}<" in svg,
       f"energy-iii: {path}'s panel at x = 0.5 states its held-out and centre F∞")
latent_dim = h5py.File("data/horn-inference/latent-free.h5").attrs["latent_dim"]
ok(f">held-out y with {near}<" in svg and superscript("z ∈ ℝ", latent_dim),
   f"energy-iii's key states held-out y with {near}, its title z ∈ ℝ^{latent_dim}")
PY
finish

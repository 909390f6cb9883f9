# The probabilistic reading end to end (lib/inference/likelihood.hpp):
# ebm-train --likelihood writes ebm-infer's /likelihood; that does not depend
# on the threads; bad input is refused.
source "$(dirname "$0")/common.bash"
bin="$EBM_BIN"

# ebm-train --likelihood true writes /likelihood of the held-out samples at
# the training β, the same as ebm-infer's of the model it wrote (the
# consistency of --beta ml is likelihood_seeds.sh's).
"$bin/ebm-generate" --n 2000 --seed 8 --out heldout.h5
"$bin/ebm-generate" --out data.h5
"$bin/ebm-train" --data data.h5 --heldout heldout.h5 --beta 200 --epochs 20 --likelihood true --out warm.h5
"$bin/ebm-infer" --model warm.h5 --data data.h5 --likelihood-data heldout.h5 --likelihood-beta trained --method exact \
    --out warm-inference.h5
expect_checks warm.h5 warm-inference.h5 <<'PY'
import sys, h5py
trained, inferred = (h5py.File(path)["likelihood"] for path in sys.argv[1:])
for name in ("betas", "mean_nll", "beta_hat", "mean_true_nll", "nll"):
    same = (trained[name][()] == inferred[name][()]).all()
    print("ok" if same else "FAIL", f"/likelihood/{name} of ebm-train --likelihood and of ebm-infer:",
          trained[name][()] if trained[name].size < 4 else "", inferred[name][()] if inferred[name].size < 4 else "")
PY

# The same /likelihood with 1 and 2 threads, for the ellipse and a conditional model.
"$bin/ebm-train" --data data.h5 --epochs 20 --out ztl.h5
"$bin/ebm-generate" --case conditional --n 200 --out horn.h5
"$bin/ebm-train" --model conditional --data horn.h5 --epochs 2 --restarts 1 --out horn-model.h5
for threads in 1 2; do
    mkdir $threads
    "$bin/ebm-infer" --model ztl.h5 --data data.h5 --likelihood-data heldout.h5 --likelihood-beta trained,1,200 \
        --kl-samples 500 --method exact --threads $threads --out $threads/ellipse.h5
    "$bin/ebm-infer" --model horn-model.h5 --data horn.h5 --likelihood-beta 2 --kl-samples 500 --slice-grid 11 \
        --threads $threads --out $threads/horn.h5
done
expect_same 1/ellipse.h5 2/ellipse.h5
expect_same 1/horn.h5 2/horn.h5
expect_dataset 1/ellipse.h5 /likelihood/nll "3, 2000"
expect_checks 1/ellipse.h5 <<'PY'
import sys, h5py, math
betas = h5py.File(sys.argv[1])["likelihood/betas"][:]
print("ok" if math.isinf(betas[0]) and list(betas[1:]) == [1, 200] else "FAIL", "--likelihood-beta trained,1,200 of a ZTL model:", betas)
PY
expect_dataset 1/horn.h5 /likelihood/bands/mean_nll "1, 10"

# The two studies' sweep files, shrunk (fewer β, latents, epochs, samples and
# KL samples),
# run and drawn: each figure reads the tables the real ones write.
mkdir -p study/experiments/sweeps && ln -s "$EBM_SOURCE/experiments/"*.cfg study/experiments/
"$bin/ebm-generate" --n 300 --seed 3 --out study/likelihood.h5
"$bin/ebm-generate" --n 100 --seed 4 --out study/likelihood-heldout.h5
"$bin/ebm-generate" --case conditional --n 300 --seed 3 --out study/likelihood-conditional.h5
"$bin/ebm-generate" --case conditional --n 200 --seed 4 --out study/likelihood-conditional-heldout.h5
for sweep in likelihood likelihood-conditional; do
    sed -e 's/^beta = .*/beta = 1,200,inf/' -e 's/^z = .*/z = 16,32/' -e 's/^epochs = .*/epochs = 3/' \
        -e 's/^likelihood = true$/&\nkl-samples = 200/' \
        "$EBM_SOURCE/experiments/sweeps/$sweep.cfg" >study/experiments/sweeps/$sweep.cfg
    (cd study && for task in 0 1 2 3 4 5; do
        "$bin/ebm-sweep" run experiments/sweeps/$sweep.cfg --data-folder . --task $task >/dev/null
    done && "$bin/ebm-sweep" aggregate experiments/sweeps/$sweep.cfg --data-folder . >/dev/null) ||
        fail "the shrunk $sweep sweep failed"
done
"$bin/ebm-plot" --figure likelihood-beta --in study/sweeps/likelihood/table.h5 study/likelihood.h5 --out study.svg &&
    grep -q "data: ρ₁ = 2, ρ₂ = 1.5" study.svg && pass || fail "likelihood-beta of the shrunk study"
"$bin/ebm-plot" --figure likelihood-beta-conditional --in study/sweeps/likelihood-conditional/table.h5 \
    --out study-conditional.svg && grep -q "Z = 32, trained at 1/(2σ²)" study-conditional.svg &&
    grep -q "the data.s σ = 0.05" study-conditional.svg && pass || fail "likelihood-beta-conditional of the shrunk study"

# Bad input: a read-out β ≤ 0, a model without a grid, --beta ml without the data's σ.
run_infer() { "$bin/ebm-infer" --model ztl.h5 --data data.h5 --out bad.h5 "$@"; }
expect_exit 2 "--likelihood-beta must be numbers > 0" run_infer --likelihood-beta 0
expect_exit 2 "--likelihood-beta must be numbers > 0" run_infer --likelihood-beta 1,-2
expect_exit 2 "--likelihood-beta: 'nan' is not a number" run_infer --likelihood-beta nan
"$bin/ebm-train" --model latent --data horn.h5 --epochs 0 --out latent.h5
expect_exit 2 "--likelihood-beta .*latent" "$bin/ebm-infer" --model latent.h5 --data horn.h5 --likelihood-beta 1 --out bad.h5
expect_absent bad.h5
"$EBM_PYTHON" - <<'PY'
import h5py, shutil
shutil.copy("data.h5", "own.h5")  # a user's own data: no generator attributes
with h5py.File("own.h5", "r+") as file:
    for name in ("alpha", "beta_data", "sigma"):
        del file.attrs[name]
PY
expect_exit 2 "--beta ml needs the data's noise σ, and 'own.h5' names none" \
    "$bin/ebm-train" --data own.h5 --beta ml --out bad.h5
"$bin/ebm-generate" --sigma 0 --out noiseless.h5
expect_exit 2 "--beta ml is 1/\(2σ²\), and 'noiseless.h5' has σ = 0" "$bin/ebm-train" --data noiseless.h5 --beta ml --out bad.h5
expect_exit 2 "--kl-samples must be from 2 to 100000000" \
    "$bin/ebm-train" --data data.h5 --heldout heldout.h5 --likelihood true --kl-samples 1 --out bad.h5
expect_exit 2 "--likelihood true reads the held-out samples: give --heldout" \
    "$bin/ebm-train" --data data.h5 --likelihood true --out bad.h5
expect_absent bad.h5
finish

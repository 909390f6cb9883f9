# docs/file-formats.md against real files: small files of every kind made by the executables,
# each checked both ways by check_format.py (every entry the doc says is always written is
# there with its kind, type and shape; every dataset and attribute of the file is in the doc).
# Then the check itself must fail on a doc with a row removed and on one with a bogus row.
source "$(dirname "$0")/common.bash"
python=${EBM_PYTHON:-/usr/bin/python3}
doc="$EBM_SOURCE/docs/file-formats.md"
check() { "$python" "$EBM_SOURCE/tests/e2e/check_format.py" "$@"; }
bin="$EBM_BIN"

# Data: both cases, with and without the unconditional-only attribute x.
"$bin/ebm-generate" --out data.h5
"$bin/ebm-generate" --n 30 --seed 7 --out heldout.h5
"$bin/ebm-generate" --case conditional --n 60 --seed 2 --out horn.h5
"$bin/ebm-generate" --case conditional --n 20 --seed 3 --out horn-heldout.h5

# The ellipse: an untrained model, a trained one with a held-out set and its SGD checkpoint,
# an Adam checkpoint without one; inference with the defaults and with no traced sample.
"$bin/ebm-train" --data data.h5 --epochs 0 --out untrained.h5
"$bin/ebm-train" --data data.h5 --heldout heldout.h5 --epochs 3 --batch-size 6 --checkpoint ellipse-sgd.ckpt.h5 --out ellipse.h5
"$bin/ebm-train" --data data.h5 --epochs 2 --optimizer adam --lr 0.01 --checkpoint ellipse-adam.ckpt.h5 --out ellipse-adam.h5
"$bin/ebm-infer" --model ellipse.h5 --data data.h5 --out ellipse-inference.h5
"$bin/ebm-infer" --model ellipse.h5 --data data.h5 --likelihood-data heldout.h5 --likelihood-beta 1,inf --kl-samples 100 \
    --method exact --out ellipse-likelihood.h5
"$bin/ebm-infer" --model untrained.h5 --data heldout.h5 --trace "" --method exact --fine-grid -3:3:31,-2:2:21 --out untraced-inference.h5

# Each network model for two epochs (conditional annealed, with Adam and a checkpoint), and its inference.
common="--data horn.h5 --heldout horn-heldout.h5 --epochs 2 --batch-size 30"
"$bin/ebm-train" --model conditional $common --restarts 1 --optimizer adam --lr 0.01 --lr-final 0.001 --checkpoint conditional.ckpt.h5 --out conditional.h5
"$bin/ebm-train" --model decoder-mlp --width 4 $common --out decoder-mlp.h5
"$bin/ebm-train" --model latent --latent-dim 2 --lambda 0.5 $common --checkpoint latent.ckpt.h5 --out latent.h5
"$bin/ebm-train" --model conditional --data horn.h5 --epochs 0 --out conditional-untrained.h5
"$bin/ebm-infer" --model conditional.h5 --data horn-heldout.h5 --slice-grid 15 --likelihood-beta 2 --kl-samples 100 \
    --out conditional-likelihood.h5
for model in conditional decoder-mlp latent; do
    decoded=""; [ $model = latent ] && decoded="--decoded 20"  # latent's decoded latents only
    "$bin/ebm-infer" --model $model.h5 --data horn-heldout.h5 --slice-grid 15 $decoded --out $model-inference.h5
done

# A sweep of four ebm-generate tasks, with a config, a parameter that is not a number and a row result.
printf '[generate]\nsigma = 0.1\n' >generate.cfg
printf '[sweep]\nprogram = ebm-generate\nconfig = generate.cfg\nsection = generate\nout = sweep\nseed = 3\n[parameters]\ncase = unconditional,conditional\nn = 5,6\n[results]\nfirst_y = /y[0]\nlast_theta = /theta[-1]\n' >tiny.cfg
for task in 0 1 2 3; do "$bin/ebm-sweep" run tiny.cfg --task $task; done
"$bin/ebm-sweep" aggregate tiny.cfg

files=(data=data.h5 data=horn.h5
       model-ellipse=untrained.h5 model-ellipse=ellipse.h5 model-ellipse=ellipse-adam.h5
       model-network=conditional.h5 model-network=decoder-mlp.h5 model-network=latent.h5 model-network=conditional-untrained.h5
       checkpoint=ellipse-sgd.ckpt.h5:ellipse checkpoint=ellipse-adam.ckpt.h5:ellipse
       checkpoint=conditional.ckpt.h5:conditional checkpoint=latent.ckpt.h5:latent
       inference-ellipse=ellipse-inference.h5 inference-ellipse=untraced-inference.h5
       inference-ellipse+likelihood=ellipse-likelihood.h5 inference-network+likelihood=conditional-likelihood.h5
       inference-network=conditional-inference.h5 inference-network=decoder-mlp-inference.h5
       inference-network=latent-inference.h5
       sweep-table=sweep/table.h5)
if check "$doc" "${files[@]}"; then pass; else fail "docs/file-formats.md disagrees with the files (above)"; fi

# The check can fail: a documented dataset removed, an attribute the files do not have added,
# a shape and a type changed. Each must be reported.
expect_check_fails() {
    local what=$1 script=$2 out
    sed "$script" "$doc" >changed.md
    if cmp -s changed.md "$doc"; then fail "the edit '$script' ($what) changed nothing: the doc's row moved?"; return; fi
    if out=$(check changed.md "${files[@]}" 2>&1); then fail "check_format.py passed a doc with $what"; else pass; fi
}
expect_check_fails "/probes/weights removed"           '/^| `\/probes\/weights` /d'
expect_check_fails "/params/g/<module>/bias removed"   '/^| `\/params\/g\/<module>\/bias` /d'
expect_check_fails "a bogus attribute"                 '/^| `z_start` /a | `bogus` | attribute | float | scalar | always | not written by anything |'
expect_check_fails "a bogus dataset"                   '/^| `\/history\/epoch` /a | `\/history\/bogus` | dataset | float | (H) | always | not written by anything |'
expect_check_fails "a wrong shape"                     's/^| `\/history\/parameters` | dataset | float | (H, 2)/| `\/history\/parameters` | dataset | float | (H, 3)/'
expect_check_fails "a wrong type"                      's/^| `seed_option` | attribute | string/| `seed_option` | attribute | int/'
expect_check_fails "a model's entry given to another"  's/^\(| `\/samples\/z_refined` .*\)| conditional, decoder-mlp |/\1| conditional |/'

finish

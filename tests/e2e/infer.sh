# ebm-infer end to end: thread count changes no bit; bad input refused without damage.
source "$(dirname "$0")/common.bash"
infer="$EBM_BIN/ebm-infer"
python=${EBM_PYTHON:-/usr/bin/python3}
"$EBM_BIN/ebm-generate" --out data.h5
"$EBM_BIN/ebm-train" --data data.h5 --epochs 0 --out model.h5
"$EBM_BIN/ebm-generate" --case conditional --n 30 --out horn.h5

# 1 and 2 threads: byte-identical, with a fine map large enough to be split between threads.
mkdir one two
"$infer" --model model.h5 --data data.h5 --fine-grid -3:3:301,-2:2:201 --z 96 --threads 1 --out one/inference.h5
"$infer" --model model.h5 --data data.h5 --fine-grid -3:3:301,-2:2:201 --z 96 --threads 2 --out two/inference.h5
expect_same one/inference.h5 two/inference.h5
expect_dataset one/inference.h5 /fine/f_beta "6, 201, 301"
expect_dataset one/inference.h5 /inference/lbfgs/error 24

# Bad input.
cp one/inference.h5 existing.h5
before=$(sha256sum <existing.h5)
run() { "$infer" --model model.h5 --data data.h5 --out existing.h5 "$@"; }
expect_exit 2 "--betas must be numbers > 0"           run --betas 0,1
expect_exit 2 "--betas must be numbers > 0"           run --betas -1
expect_exit 2 "--betas: 'nan' is not a number"       run --betas nan
expect_exit 2 "--betas is empty"                      run --betas ""
expect_exit 2 "--grid: '' is not Y1MIN"               run --grid ""
expect_exit 2 "--grid: '-3:3' is not MIN:MAX:N"      run --grid -3:3,-2:2:17
expect_exit 2 "--grid: .*MIN < MAX"                   run --grid 3:-3:25,-2:2:17
expect_exit 2 "--fine-grid has 100000 × 100000 points: its outputs would need .* GiB" \
                                                      run --fine-grid -3:3:100000,-2:2:100000
expect_exit 2 "--method: 'newton' is not one of"      run --method gd,newton
expect_exit 2 "--trace 25 is past the 24 samples"     run --trace 25
expect_exit 2 "--z must be from 1"                    run --z 0
expect_exit 1 "'data.h5' is an ebm/data file, expected ebm/model" \
    "$infer" --model data.h5 --data data.h5 --out existing.h5
expect_exit 1 "'model.h5' is an ebm/model file, expected ebm/data" \
    "$infer" --model model.h5 --data model.h5 --out existing.h5
# Damaged inputs, made with h5py: a model without /params/w, data with a NaN, a truncated file.
"$python" - <<'PY'
import h5py, numpy, shutil
shutil.copy("model.h5", "no-w.h5")
with h5py.File("no-w.h5", "a") as f:
    del f["params/w"]
shutil.copy("data.h5", "nan.h5")
with h5py.File("nan.h5", "a") as f:
    y = f["y"][...]; y[4, 1] = numpy.nan; f["y"][...] = y
shutil.copy("model.h5", "wide-w.h5")
with h5py.File("wide-w.h5", "a") as f:
    del f["params/w"]; f["params/w"] = numpy.ones((2, 2))
PY
head -c 1500 model.h5 >truncated.h5
expect_exit 1 "'no-w.h5' has no /params/w: it is not an ellipse model" "$infer" --model no-w.h5 --data data.h5 --out existing.h5
expect_exit 1 "'nan.h5': sample 5 is not finite"     "$infer" --model model.h5 --data nan.h5 --out existing.h5
expect_exit 1 "'wide-w.h5': /params/w has shape \\(2, 2\\), but the ellipse model's w = \\(w1, w2\\) is a pair and needs \\(2\\)" "$infer" --model wide-w.h5 --data data.h5 --out existing.h5
expect_exit 1 "truncated.h5"                           "$infer" --model truncated.h5 --data data.h5 --out existing.h5
[ "$(sha256sum <existing.h5)" = "$before" ] && pass || fail "existing.h5 was damaged"
expect_no_temporaries .

finish

# ebm-train end to end: reproducible models, resume = uninterrupted, bad input refused without damage.
source "$(dirname "$0")/common.bash"
train="$EBM_BIN/ebm-train"
"$EBM_BIN/ebm-generate" --out data.h5
"$EBM_BIN/ebm-generate" --seed 7 --n 48 --out heldout.h5
"$EBM_BIN/ebm-generate" --case conditional --n 50 --out horn.h5

# Same seed, twice, in two folders: identical bytes; another seed with shuffled minibatches: different.
mkdir one two
for run in one two; do
    "$train" --data data.h5 --heldout heldout.h5 --epochs 30 --batch-size 6 --out $run/model.h5
done
expect_same one/model.h5 two/model.h5
"$train" --data data.h5 --heldout heldout.h5 --epochs 30 --batch-size 6 --seed 2 --out two/model.h5
expect_differ one/model.h5 two/model.h5

# Interrupted and resumed from the checkpoint = uninterrupted, for SGD with momentum and for Adam
# with a contrastive loss (random contrastive samples exercise the per-step seeds).
for options in "--batch-size 5" "--optimizer adam --lr 0.01 --loss hinge --contrastive random-uniform --batch-size 7"; do
    rm -rf straight resumed checkpoint.h5
    mkdir straight resumed
    "$train" --data data.h5 --epochs 40 $options --out straight/model.h5
    "$train" --data data.h5 --epochs 15 $options --checkpoint checkpoint.h5 --out resumed/model.h5
    "$train" --data data.h5 --epochs 40 $options --resume checkpoint.h5 --out resumed/model.h5
    expect_same straight/model.h5 resumed/model.h5
done

# Bad input: the earlier model survives every failure.
cp one/model.h5 existing.h5
before=$(sha256sum <existing.h5)
expect_exit 2 "--lr must be a finite number > 0"     "$train" --data data.h5 --lr 0 --out existing.h5
expect_exit 2 "--lr must be"                          "$train" --data data.h5 --lr -1 --out existing.h5
expect_exit 2 "--epochs must be ≥ 0"                  "$train" --data data.h5 --epochs -1 --out existing.h5
expect_exit 2 "--margin: .*margin"                    "$train" --data data.h5 --margin -1 --out existing.h5
expect_exit 2 "--loss: .*energy\|hinge\|log"          "$train" --data data.h5 --loss nonsense --out existing.h5
expect_exit 2 "--beta must be one number > 0"         "$train" --data data.h5 --beta 0 --out existing.h5
expect_exit 2 "--beta must be one number > 0"         "$train" --data data.h5 --beta -2 --out existing.h5
expect_exit 2 "--beta: 'nan' is not a number"        "$train" --data data.h5 --beta nan --out existing.h5
expect_exit 2 "--model must be one of ellipse"        "$train" --data data.h5 --model conditional-mlp --out existing.h5
expect_exit 2 "--optimizer: .*sgd\|adam"              "$train" --data data.h5 --optimizer rmsprop --out existing.h5
expect_exit 2 "--momentum: .*momentum"                "$train" --data data.h5 --momentum 1 --out existing.h5
expect_exit 2 "--w0 must be two finite numbers"       "$train" --data data.h5 --w0 1 --out existing.h5
expect_exit 2 "--force-sample 99 is past the 24 samples" "$train" --data data.h5 --force-sample 99 --out existing.h5
expect_exit 1 "'horn.h5' holds conditional data"      "$train" --data horn.h5 --out existing.h5
expect_exit 1 "cannot open 'missing.h5': no such file" "$train" --data missing.h5 --out existing.h5
expect_exit 1 "'existing.h5' is an ebm/model file, expected ebm/data" "$train" --data existing.h5 --out other.h5
expect_exit 1 "checkpoint 'checkpoint.h5' was made with other options" \
    "$train" --data data.h5 --epochs 40 --lr 0.5 --resume checkpoint.h5 --out existing.h5
[ "$(sha256sum <existing.h5)" = "$before" ] && pass || fail "existing.h5 was damaged"
expect_absent other.h5
expect_no_temporaries .

finish

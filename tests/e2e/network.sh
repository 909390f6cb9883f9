# ebm-train and ebm-infer end to end for the network models (conditional, decoder-mlp, latent):
# byte-identical files whatever the thread count, resume = uninterrupted, bad input refused without damage.
source "$(dirname "$0")/common.bash"
train="$EBM_BIN/ebm-train"
infer="$EBM_BIN/ebm-infer"
"$EBM_BIN/ebm-generate" --case conditional --n 300 --seed 2 --out horn.h5
"$EBM_BIN/ebm-generate" --case conditional --n 100 --seed 3 --out heldout.h5
"$EBM_BIN/ebm-generate" --out ellipse.h5

# Same seed with 1 and 2 threads: identical model and inference files, for every model.
# (decoder-mlp's and latent's passes are large enough for the trainer to use the threads.)
options_conditional="--model conditional --epochs 20 --batch-size 100"
options_decoder="--model decoder-mlp --width 4 --epochs 3 --batch-size 150"
options_latent="--model latent --latent-dim 2 --lambda 0.5 --epochs 2 --batch-size 150"
# --decoded applies to the latent model only (its decoded latents).
decoded_conditional="" decoded_decoder="" decoded_latent="--decoded 20"
for name in conditional decoder latent; do
    options_name="options_$name" decoded_name="decoded_$name"
    for threads in 1 2; do
        mkdir -p "t$threads"
        OMP_NUM_THREADS=$threads "$train" ${!options_name} --optimizer adam --lr 0.01 --data horn.h5 \
            --heldout heldout.h5 --out "t$threads/$name.h5"
        OMP_NUM_THREADS=$threads "$infer" --model "t$threads/$name.h5" --data heldout.h5 --slice-grid 15 \
            ${!decoded_name} --out "t$threads/$name-inference.h5"
    done
    expect_same "t1/$name.h5" "t2/$name.h5"
    expect_same "t1/$name-inference.h5" "t2/$name-inference.h5"
done
# Another seed: another model.
"$train" $options_conditional --optimizer adam --lr 0.01 --data horn.h5 --heldout heldout.h5 --seed 2 --out seed2.h5
expect_differ t1/conditional.h5 seed2.h5
# The layers are stored by name.
h5ls -r t1/decoder.h5 | grep -q '^/params/f/4/weight  *Dataset {4, 8}' && pass || fail "/params/f/4/weight is not (4, 8)"
h5ls -r t1/decoder.h5 | grep -q '^/params/g/0/weight  *Dataset {16, 6}' && pass || fail "/params/g/0/weight is not (16, 6)"
h5ls -r t1/conditional-inference.h5 | grep -q '^/manifold/y1  *Dataset {51, 48}' && pass || fail "/manifold/y1 is not (51, 48)"

# Interrupted and resumed from the checkpoint = uninterrupted.
mkdir straight resumed
run="--model conditional --restarts 1 --batch-size 64 --optimizer adam --lr 0.01 --lr-final 0.001 --lr-epochs 12 --data horn.h5"
"$train" $run --epochs 12 --out straight/model.h5
"$train" $run --epochs 5 --checkpoint checkpoint.h5 --out resumed/model.h5
"$train" $run --epochs 12 --resume checkpoint.h5 --out resumed/model.h5
expect_same straight/model.h5 resumed/model.h5
# Annealed over other epochs than the checkpoint's: refused.
"$train" ${run/--lr-epochs 12/} --epochs 5 --checkpoint other-checkpoint.h5 --out resumed/other.h5
expect_exit 1 "checkpoint 'other-checkpoint.h5' anneals the learning rate over 5 epochs, this run over 12" \
    "$train" ${run/--lr-epochs 12/} --epochs 12 --resume other-checkpoint.h5 --out resumed/other.h5

# Bad input: nothing written, the earlier files survive.
cp t1/conditional.h5 existing.h5
before=$(sha256sum <existing.h5)
expect_exit 1 "'ellipse.h5' holds unconditional data; the conditional model trains on conditional data" \
    "$train" --model conditional --data ellipse.h5 --out existing.h5
expect_exit 1 "'horn.h5' holds conditional data; the ellipse model trains on unconditional data" \
    "$train" --data horn.h5 --out existing.h5
expect_exit 2 "--latent-dim must be from 1 to 4096 \(got 0\)" \
    "$train" --model latent --latent-dim 0 --data horn.h5 --out existing.h5
expect_exit 2 "--width applies to the decoder-mlp\|latent models, not to --model conditional" "$train" --model conditional --width 3 --data horn.h5 --out existing.h5
expect_exit 2 "--latent-dim applies to the latent model, not to --model decoder-mlp" "$train" --model decoder-mlp --latent-dim 3 --data horn.h5 --out existing.h5
expect_exit 2 "--regularizer: unknown regularizer 'l3': allowed values are l2\|l1\|shell" \
    "$train" --model latent --regularizer l3 --data horn.h5 --out existing.h5
expect_exit 2 "--lambda must be a finite number ≥ 0" "$train" --model latent --lambda -1 --data horn.h5 --out existing.h5
expect_exit 2 "--beta must be inf for --model latent" "$train" --model latent --beta 1 --data horn.h5 --out existing.h5
expect_exit 2 "--contrastive most-offending .* use random-gaussian" \
    "$train" --model conditional --loss hinge --data horn.h5 --out existing.h5
expect_exit 2 "--w0 applies to the ellipse model, not to --model conditional" "$train" --model conditional --w0 1,1 --data horn.h5 --out existing.h5
expect_exit 2 "--checkpoint keeps one run's state: give --restarts 1 \(the conditional model's default is 3\)" \
    "$train" --model conditional --checkpoint c.h5 --data horn.h5 --out existing.h5
expect_exit 2 "--lambda applies to the latent model, not to --model ellipse" \
    "$train" --lambda 1 --data ellipse.h5 --out existing.h5
expect_exit 2 "--lr-final must be > 0 and ≤ --lr" "$train" --model conditional --lr-final 1 --data horn.h5 --out existing.h5
# The conditional model as an input, the earlier result as the output that must survive.
cp existing.h5 conditional-model.h5
expect_exit 1 "'ellipse.h5' holds unconditional data; the conditional model infers on conditional data" \
    "$infer" --model conditional-model.h5 --data ellipse.h5 --out existing.h5
expect_exit 2 "--method applies to the ellipse model, not to .conditional-model.h5., whose model is conditional" "$infer" --model conditional-model.h5 --data horn.h5 --method gd --out existing.h5
expect_exit 2 "--starts applies to the latent model, not to .conditional-model.h5., whose model is conditional" "$infer" --model conditional-model.h5 --data horn.h5 --starts 3 --out existing.h5
"$train" --data ellipse.h5 --epochs 1 --out ellipse-model.h5
expect_exit 2 "--slice-x applies to the conditional\|decoder-mlp\|latent models, not to .*whose model is ellipse" \
    "$infer" --model ellipse-model.h5 --data ellipse.h5 --slice-x 0.5 --out existing.h5
# Layer shapes that do not match the architecture: a decoder in a conditional model, a layer too many.
cp t1/conditional.h5 with-decoder.h5
h5copy -i t1/decoder.h5 -o with-decoder.h5 -s /params/g -d /params/g
expect_exit 1 "'with-decoder.h5' has /params/g/0/(bias|weight), which a conditional model with f = Linear\(1→8\) → ReLU → Linear\(8→8\) → ReLU → Linear\(8→2\) does not have" \
    "$infer" --model with-decoder.h5 --data horn.h5 --out existing.h5
cp t1/decoder.h5 deeper.h5
printf '1 2 3 4\n' >weight.txt
printf 'PATH /params/g/6/weight\nINPUT-CLASS TEXTFP\nRANK 2\nDIMENSION-SIZES 2 2\nOUTPUT-CLASS FP\nOUTPUT-SIZE 64\n' >weight.cfg
h5import weight.txt -c weight.cfg -o deeper.h5
expect_exit 1 "'deeper.h5' has /params/g/6/weight, which a decoder-mlp model with .* does not have" \
    "$infer" --model deeper.h5 --data horn.h5 --out existing.h5
# A layer whose weight or bias has the wrong shape (rewritten with h5py).
reshape() {  # reshape FILE DATASET SHAPE...: replace DATASET by zeros of SHAPE
    "$EBM_PYTHON" -c 'import sys, h5py, numpy
with h5py.File(sys.argv[1], "r+") as f:
    del f[sys.argv[2]]
    f[sys.argv[2]] = numpy.zeros([int(n) for n in sys.argv[3:]])' "$@"
}
cp t1/conditional.h5 misshapen-weight.h5
reshape misshapen-weight.h5 /params/f/2/weight 8 4
expect_exit 1 "'misshapen-weight.h5': /params/f/2/weight has shape \(8, 4\), but layer 2 of /params/f is Linear\(8→8\) and needs \(8, 8\)" \
    "$infer" --model misshapen-weight.h5 --data horn.h5 --out existing.h5
cp t1/decoder.h5 misshapen-bias.h5
reshape misshapen-bias.h5 /params/g/4/bias 3
expect_exit 1 "'misshapen-bias.h5': /params/g/4/bias has shape \(3\), but layer 4 of /params/g is Linear\(16→2\) and needs \(2\)" \
    "$infer" --model misshapen-bias.h5 --data horn.h5 --out existing.h5
[ "$(sha256sum <existing.h5)" = "$before" ] && pass || fail "existing.h5 was damaged"
expect_no_temporaries .

finish

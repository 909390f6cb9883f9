# The network models' figures (manifold-conditional-untrained, manifold-conditional-trained,
# energy-ii, energy-iii) render from small runs, PNG and SVG, byte-identically twice.
source "$(dirname "$0")/common.bash"
train="$EBM_BIN/ebm-train"
infer="$EBM_BIN/ebm-infer"
plot="$EBM_BIN/ebm-plot"
"$EBM_BIN/ebm-generate" --case conditional --n 150 --out horn.h5
small="--slice-grid 9 --manifold-x 0:1:11"
"$train" --model conditional --epochs 0 --data horn.h5 --out untrained.h5
"$train" --model conditional --epochs 2 --optimizer adam --lr 0.05 --data horn.h5 --out conditional.h5
"$train" --model decoder-mlp --epochs 1 --optimizer adam --lr 0.01 --data horn.h5 --out decoder.h5
"$train" --model latent --epochs 1 --optimizer adam --lr 0.003 --data horn.h5 --out free.h5
"$train" --model latent --epochs 1 --optimizer adam --lr 0.003 --lambda 1 --data horn.h5 --out l2.h5
for model in untrained conditional decoder free l2; do
    decoded=""; case $model in free | l2) decoded="--decoded 30" ;; esac  # the latent model's only
    "$infer" --model $model.h5 --data horn.h5 $small $decoded --out $model-inference.h5
done

mkdir first second
for format in png svg; do
    for run in first second; do
        "$plot" --figure manifold-conditional-untrained --in untrained-inference.h5 --out $run/untrained.$format
        "$plot" --figure manifold-conditional-trained --in conditional-inference.h5 --out $run/trained.$format
        "$plot" --figure energy-ii --in decoder-inference.h5 --out $run/energy-ii.$format --width 1300 --height 1100
        "$plot" --figure energy-iii --in free-inference.h5 l2-inference.h5 --out $run/energy-iii.$format \
            --width 1600 --height 1000
    done
    for figure in untrained trained energy-ii energy-iii; do
        expect_same first/$figure.$format second/$figure.$format
    done
done
for figure in untrained:1000x750 trained:1000x750 energy-ii:1300x1100 energy-iii:1600x1000; do
    [ "$(identify -format '%wx%h' "first/${figure%%:*}.png")" = "${figure#*:}" ] && pass ||
        fail "first/${figure%%:*}.png does not decode at ${figure#*:}"
    grep -q '<svg' "first/${figure%%:*}.svg" && pass || fail "first/${figure%%:*}.svg is not SVG"
done
# A figure given the wrong kind of file fails cleanly.
expect_exit 1 "energy-iii" "$plot" --figure energy-iii --in decoder-inference.h5 --out wrong.png
expect_absent wrong.png

finish

# Faults and bad input: every row of docs/faults.md not covered
# by another e2e script. Each case checks the exit code, the one-line message,
# that the outputs made before it are byte for byte intact, and that no
# temporary file is left.
source "$(dirname "$0")/common.bash"
python=${EBM_PYTHON:-/usr/bin/python3}
generate="$EBM_BIN/ebm-generate"
train="$EBM_BIN/ebm-train"
infer="$EBM_BIN/ebm-infer"
plot="$EBM_BIN/ebm-plot"
sweep="$EBM_BIN/ebm-sweep"
small_grid=(--grid -3:3:13,-2:2:9 --fine-grid -3:3:31,-2:2:21)

# Inputs, and the outputs of an earlier run (out/) with their reference copies (ref/).
"$generate" --out data.h5
"$train" --data data.h5 --epochs 0 --out model.h5
mkdir out ref
"$generate" --out out/data.h5
"$train" --data data.h5 --epochs 3 --out out/model.h5
"$infer" --model model.h5 --data data.h5 "${small_grid[@]}" --out out/inference.h5
"$plot" --figure samples --in data.h5 --out out/figure.png
cp out/* ref/

# fault CODE PATTERN OUTPUT COMMAND...: the command fails with CODE and one line
# matching PATTERN; out/OUTPUT (which it would write) is untouched; no temporaries.
fault() {
    local code=$1 pattern=$2 output=$3
    shift 3
    expect_exit "$code" "$pattern" "$@"
    expect_same "out/$output" "ref/$output"
    expect_no_temporaries out
}
# T / I: ebm-train / ebm-infer writing out/, with defaults for the options not given.
with_defaults() {
    local program=$1 defaults=$2 given=" ${*:3} "
    local -a arguments=("${@:3}")
    local option value
    while read -r option value; do
        [[ "$given" == *" $option "* ]] || arguments+=("$option" $value)
    done <<<"$defaults"
    "$program" "${arguments[@]}"
}
T() { with_defaults "$train" $'--data data.h5\n--epochs 3\n--out out/model.h5' "$@"; }
I() {
    with_defaults "$infer" $'--model model.h5\n--data data.h5\n--grid -3:3:13,-2:2:9\n--fine-grid -3:3:31,-2:2:21\n--out out/inference.h5' "$@"
}

# ---- damaged and hostile input files, made with h5py
"$python" - <<'PY'
import h5py, numpy, shutil
def copy(source, target):
    shutil.copy(source, target)
    return h5py.File(target, "a")
with copy("data.h5", "wrong-format.h5") as f: f.attrs["format"] = "ebm/other"
with copy("data.h5", "newer.h5") as f: f.attrs["format_version"] = 2
with copy("data.h5", "text-version.h5") as f: f.attrs["format_version"] = "one"
with h5py.File("plain.h5", "w") as f: f["y"] = numpy.zeros((3, 2))
with copy("data.h5", "no-y.h5") as f: del f["y"]
with copy("data.h5", "rank1.h5") as f: del f["y"]; f["y"] = numpy.zeros(24)
with copy("data.h5", "wide.h5") as f: del f["y"]; f["y"] = numpy.zeros((24, 3))
with copy("data.h5", "strings.h5") as f: del f["y"]; f["y"] = numpy.array([[b"a", b"b"]] * 24)
with copy("data.h5", "empty.h5") as f:
    del f["y"]; del f["x"]; f["y"] = numpy.zeros((0, 2)); f["x"] = numpy.zeros(0)
with copy("data.h5", "short-x.h5") as f: del f["x"]; f["x"] = numpy.zeros(5)
with copy("data.h5", "inf.h5") as f: x = f["x"][...]; x[6] = numpy.inf; f["x"][...] = x
with copy("data.h5", "huge.h5") as f:  # 160 GB declared, a few KB on disk (chunks never written)
    del f["y"]; del f["x"]
    f.create_dataset("y", shape=(10**10, 2), dtype="f8", chunks=(1024, 2))
    f.create_dataset("x", shape=(10**10,), dtype="f8", chunks=(1024,))
with copy("model.h5", "nan-w.h5") as f: f["params/w"][...] = [numpy.nan, 1.0]
with copy("model.h5", "inf-w.h5") as f: f["params/w"][...] = [1.0, numpy.inf]
with copy("model.h5", "other-model.h5") as f: f.attrs["model"] = "conditional-mlp"
with copy("model.h5", "newer-model.h5") as f: f.attrs["format_version"] = 7
PY
head -c 1000 data.h5 >truncated.h5
: >zero.h5
echo "not hdf5" >text.h5
mkdir folder.h5

# ---- input files (ebm-train --data, ebm-infer --model, ebm-plot --in)
fault 1 "^ebm-train: error: 'folder.h5' is a folder, expected an HDF5 file$" model.h5 T --data folder.h5
fault 1 "'text.h5' is not an HDF5 file \(or is truncated\)" model.h5 T --data text.h5
fault 1 "'zero.h5' is not an HDF5 file \(or is truncated\)" model.h5 T --data zero.h5
fault 1 "cannot open HDF5 file 'truncated.h5' \(damaged or truncated\?\)" model.h5 T --data truncated.h5
fault 1 "'wrong-format.h5' is an ebm/other file, expected ebm/data: check which file" model.h5 T --data wrong-format.h5
fault 1 "'newer.h5' has format_version 2, newer than the 1 this ebm reads: upgrade ebm or regenerate" model.h5 T --data newer.h5
fault 1 "attribute format_version of 'text-version.h5' is not a number" model.h5 T --data text-version.h5
fault 1 "'plain.h5' is not an ebm file \(no format attribute\); expected ebm/data" model.h5 T --data plain.h5
fault 1 "'no-y.h5' has no dataset /y" model.h5 T --data no-y.h5
fault 1 "'rank1.h5': dataset /y has rank 1 \(shape \(24,\)\), expected rank 2" model.h5 T --data rank1.h5
fault 1 "'wide.h5': /y has shape \(24, 3\), expected \(N, 2\) with N ≥ 1" model.h5 T --data wide.h5
fault 1 "'strings.h5': dataset /y is not numeric" model.h5 T --data strings.h5
fault 1 "'empty.h5': /y has shape \(0, 2\), expected \(N, 2\) with N ≥ 1" model.h5 T --data empty.h5
fault 1 "'short-x.h5': /x has 5 values for 24 samples" model.h5 T --data short-x.h5
fault 1 "'inf.h5': sample 7 is not finite \(NaN or Inf in /y or /x\)" model.h5 T --data inf.h5
fault 1 "'inf.h5': sample 7 is not finite" model.h5 T --heldout inf.h5
fault 1 "'huge.h5': dataset /y of shape \(10000000000, 2\) would need 149 GiB to read, more than half" model.h5 T --data huge.h5
fault 1 "'data.h5' is an ebm/data file, expected ebm/checkpoint" model.h5 T --resume data.h5
fault 1 "'nan-w.h5': /params/w holds a non-finite value" inference.h5 I --model nan-w.h5
fault 1 "'inf-w.h5': /params/w holds a non-finite value" inference.h5 I --model inf-w.h5
fault 1 "'other-model.h5': no model 'conditional-mlp'; the models are ellipse\\|conditional\\|decoder-mlp\\|latent" inference.h5 I --model other-model.h5
fault 1 "'newer-model.h5' has format_version 7, newer than the 1" inference.h5 I --model newer-model.h5
fault 1 "'folder.h5' is a folder, expected an HDF5 file" inference.h5 I --model folder.h5
fault 1 "'huge.h5': dataset /y of shape \(10000000000, 2\) would need 149 GiB" inference.h5 I --data huge.h5
fault 1 "^ebm-plot: error: 'folder.h5' is a folder" figure.png "$plot" --figure samples --in folder.h5 --out out/figure.png
fault 1 "cannot open HDF5 file 'truncated.h5'" figure.png "$plot" --figure samples --in truncated.h5 --out out/figure.png
fault 1 "'huge.h5': dataset /x of shape \(10000000000,\) would need 74.5 GiB" figure.png \
    "$plot" --figure samples --in huge.h5 --out out/figure.png
fault 1 "figure 'samples' needs in1 = an ebm/data file with /y; 'model.h5' is an ebm/model file" figure.png \
    "$plot" --figure samples --in model.h5 --out out/figure.png

# ---- options out of range, absurd sizes, conflicting options
fault 2 "^ebm-generate: usage error: --n 1000000000000 would need 38146972 MiB; at most 100000000 samples" data.h5 \
    "$generate" --n 1000000000000 --out out/data.h5
fault 2 "--seed must be a non-negative integer \(got -1\)" data.h5 "$generate" --seed -1 --out out/data.h5
fault 2 "--alpha must be a finite number \(got nan\)" data.h5 "$generate" --alpha nan --out out/data.h5
fault 2 "--sigma must be a finite number ≥ 0 \(got inf\)" data.h5 "$generate" --sigma inf --out out/data.h5
fault 2 "--x fixes the input of the unconditional case; --case conditional draws" data.h5 \
    "$generate" --case conditional --x 0.5 --out out/data.h5
fault 2 "option '--n' cannot be specified more than once" data.h5 "$generate" --n 3 --n 4 --out out/data.h5
fault 2 "--epochs 1000000000000 would keep .* MiB of training history or more; at most 10000000 epochs" model.h5 \
    T --epochs 1000000000000
fault 2 "--batch-size must be ≥ 0 \(0: full batch\) \(got -1\)" model.h5 T --batch-size -1
fault 2 "--contrastive-count must be from 1 to 10000 \(got 0\)" model.h5 T --contrastive-count 0
fault 2 "--z must be from 1 to 1000000 \(got 0\)" model.h5 T --z 0
fault 2 "--out 'data.h5' is the same file as --data: writing it would replace that input" model.h5 \
    "$train" --data data.h5 --out data.h5
fault 2 "--out 'out/model.h5' is the same file as --checkpoint" model.h5 T --checkpoint out/model.h5
fault 2 "--checkpoint 'data.h5' is the same file as --data" model.h5 T --checkpoint data.h5
fault 2 "--out 'out/inference.h5' is the same file as --model" inference.h5 I --model out/inference.h5
fault 2 "--grid has 100000 × 100000 points: its outputs would need 745 GiB, more than half" inference.h5 \
    I --grid -3:3:100000,-2:2:100000
fault 2 "--z must be from 1 to 10000000 \(got 100000000\)" inference.h5 I --z 100000000
fault 2 "--threads must be from 0 to 1024 \(got 2000\)" inference.h5 I --threads 2000
fault 2 "--beta-sweep must be within -12:12" inference.h5 I --beta-sweep -20:3:5
fault 2 "--method must be a list of exhaustive\|line-search\|gd\|cg\|lbfgs\|exact \(got nothing\)" inference.h5 I --method ''
fault 2 "--z-start must be a finite number \(got inf\)" inference.h5 I --z-start inf
fault 2 "--cross-section must be from 2 to 10000000 \(got 1\)" inference.h5 I --cross-section 1
fault 2 "--width must be between 100 and 10000 \(got 50\)" figure.png \
    "$plot" --figure samples --in data.h5 --out out/figure.png --width 50
fault 2 "--scripts 'folder.h5' holds no gnuplot scripts" figure.png \
    "$plot" --figure samples --in data.h5 --out out/figure.png --scripts folder.h5
fault 2 "--out 'data.h5' is the same file as --in" figure.png "$plot" --figure samples --in data.h5 --out data.h5

# ---- config files
printf '[generate]\nn = many\n' >bad-value.cfg
printf '[train]\nepochs = 3\nlearning-rate = 0.1\n' >unknown-train.cfg
printf '[infer]\nz 48\n' >syntax-infer.cfg
head -c 300 "$generate" >binary.cfg
fault 2 "the argument \('many'\) for option '--n' is invalid" data.h5 "$generate" --config bad-value.cfg --out out/data.h5
fault 2 "--config 'unknown-train.cfg': line 3: unknown key 'learning-rate' in \[train\]" model.h5 T --config unknown-train.cfg
fault 2 "--config 'syntax-infer.cfg': .*invalid line" inference.h5 I --config syntax-infer.cfg
fault 2 "--config 'binary.cfg': .*invalid line" data.h5 "$generate" --config binary.cfg --out out/data.h5
fault 2 "--config: 'folder.h5' is a folder, expected a config file" data.h5 "$generate" --config folder.h5 --out out/data.h5
fault 2 "--section: '.*unconditional.cfg' has no \[train.nope\] section" model.h5 \
    T --config "$EBM_SOURCE/experiments/unconditional.cfg" --section train.nope

# ---- output paths
fault 1 "output path 'out/folder.h5' is a folder, not a file" data.h5 \
    bash -c "mkdir -p out/folder.h5 && exec '$generate' --out out/folder.h5"
rmdir out/folder.h5
fault 1 "output path 'out/' names a folder, not a file" data.h5 "$generate" --out out/
# An unwritable folder (as root, by running as nobody: root may write anywhere).
mkdir locked
cp ref/data.h5 locked/data.h5
chmod 555 locked
chmod 755 "$WORK"
as_user=()
if [ "$(id -u)" = 0 ]; then as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
expect_exit 1 "cannot write to folder '$WORK/locked' for output '$WORK/locked/data.h5': Permission denied" \
    "${as_user[@]}" "$generate" --out "$WORK/locked/data.h5"
expect_same locked/data.h5 ref/data.h5
expect_exit 1 "cannot write to folder '$WORK/locked'" \
    "${as_user[@]}" "$infer" --model "$WORK/model.h5" --data "$WORK/data.h5" "${small_grid[@]}" --out "$WORK/locked/i.h5"
expect_no_temporaries locked
chmod 755 locked

# ---- full disk: a file size limit (SIGXFSZ ignored, so writes fail with EFBIG) …
fault 1 "^ebm-generate: error: .*out/data.h5" data.h5 \
    bash -c "trap '' XFSZ; ulimit -f 64; exec '$generate' --n 100000 --out out/data.h5"
fault 1 "^ebm-infer: error: .*out/inference.h5" inference.h5 \
    bash -c "trap '' XFSZ; ulimit -f 64; exec '$infer' --model model.h5 --data data.h5 --out out/inference.h5"
fault 1 "^ebm-train: error: .*out/model.h5" model.h5 \
    bash -c "trap '' XFSZ; ulimit -f 8; exec '$train' --data data.h5 --epochs 3 --out out/model.h5"
# … and a really full file system: a 256 KiB tmpfs, when this machine lets us mount one.
mkdir tiny
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=256k ebm-faults-tiny tiny 2>/dev/null; then
    trap 'umount "$WORK/tiny" 2>/dev/null || true; rm -rf "$WORK"' EXIT
    cp ref/data.h5 tiny/data.h5
    expect_exit 1 "^ebm-generate: error: .*tiny/data.h5" "$generate" --n 100000 --out tiny/data.h5
    expect_same tiny/data.h5 ref/data.h5
    expect_no_temporaries tiny
    umount tiny
else
    echo "note: no tmpfs (not root or mount refused); the full-disk case ran with ulimit -f only"
fi

# ---- SIGTERM and SIGKILL while the output is being written
# kill_while_writing SIGNAL OUTPUT COMMAND...: starts the command, waits for its
# temporary file to appear, sends SIGNAL; prints the exit status.
kill_while_writing() {
    local signal=$1 output=$2
    shift 2
    "$@" &
    local pid=$! status=0 tries=0
    local temporary=$output.tmp.$(hostname).$pid
    while [ ! -e "$temporary" ] && [ $tries -lt 2000 ]; do sleep 0.005; tries=$((tries + 1)); done
    [ -e "$temporary" ] && pass || fail "no temporary $temporary appeared"
    kill -"$signal" "$pid"
    wait "$pid" || status=$?
    echo "$status"
}
big=(--n 4000000 --seed 3)
status=$(kill_while_writing TERM out/data.h5 "$generate" "${big[@]}" --out out/data.h5)
[ "$status" = 143 ] && pass || fail "SIGTERM: exit status $status, expected 143"
expect_same out/data.h5 ref/data.h5
expect_no_temporaries out
status=$(kill_while_writing KILL out/data.h5 "$generate" "${big[@]}" --out out/data.h5)
[ "$status" = 137 ] && pass || fail "SIGKILL: exit status $status, expected 137"
expect_same out/data.h5 ref/data.h5
# SIGKILL leaves the temporary (documented); it is never an output, a rerun is
# whole, and the rerun's commit removes it.
left=$(find out -name 'data.h5.tmp.*' | wc -l)
[ "$left" -le 1 ] && pass || fail "SIGKILL left $left temporaries"
mkdir uninterrupted
"$generate" "${big[@]}" --out uninterrupted/data.h5
"$generate" "${big[@]}" --out out/data.h5
expect_same out/data.h5 uninterrupted/data.h5
expect_no_temporaries out
cp ref/data.h5 out/data.h5
rm -rf uninterrupted

# ---- two runs writing the same output at once: the output is whole, one of the two
mkdir one two
"$generate" --n 2000000 --seed 1 --out one/same.h5
"$generate" --n 2000000 --seed 2 --out two/same.h5
"$generate" --n 2000000 --seed 1 --out out/same.h5 &
first=$!
"$generate" --n 2000000 --seed 2 --out out/same.h5 &
second=$!
status=0
wait $first || status=$?
wait $second || status=$?
[ "$status" = 0 ] && pass || fail "concurrent runs failed ($status)"
if cmp -s out/same.h5 one/same.h5 || cmp -s out/same.h5 two/same.h5; then pass; else fail "out/same.h5 is neither run's file"; fi
expect_no_temporaries out
rm -rf out/same.h5 one two

# ---- sweeps
fault 2 "cannot read sweep file 'none.cfg'" data.h5 "$sweep" check none.cfg
fault 2 "COMMAND must be one of check\|table" data.h5 "$sweep" bogus none.cfg

# Nothing at all changed among the earlier outputs.
for file in ref/*; do expect_same "$file" "out/$(basename "$file")"; done
finish

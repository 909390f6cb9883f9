# make bench's arithmetic and figure, without timing anything: bench/results.py
# on a log of three alternating runs whose times are made up, so that every
# median, range, speed-up and the roofline ratio is known by hand; then the
# figure `bench` drawn from its results.
source "$(dirname "$0")/common.bash"
python=${EBM_PYTHON:-/usr/bin/python3}

# Per run: ebm's and PyTorch's seconds. Speed-ups (PyTorch s per point / ebm s per point):
#   train        0.2/0.004 = 50, 0.3/0.002 = 150, 0.3/0.003 = 100  -> median 100, 50–150
#   map          (4/65536) / (0.5/1048576) = 128, then 0.25 s: 256, 1 s: 64 -> median 128, 64–256
#   train-warm   0.5/0.01 = 50 in every run; conditional 2/0.1 = 20 in every run
# F_β pass = map-again − map-cold (map-again: map's times + 0.01): 0.3, 0.15, 0.8; over DGEMM 0.15, 0.15, 0.2:
#   2, 1, 4 -> median 2, 1–4 (map − map-cold would give 1.93…, 0.93…, 3.95)
# Run r's values: index r − 1 of each array.
loads=(0.25 0.5 0.75) ebm_map=(0.5 0.25 1) ebm_again=(0.51 0.26 1.01) ebm_cold=(0.21 0.11 0.21) ebm_train=(0.004 0.002 0.003)
dgemm=(0.15 0.15 0.2) pytorch_train=(0.2 0.3 0.3)
for r in 0 1 2; do
    run=$((r + 1))
    echo "load $run ${loads[r]}"
    echo "ebm $run map ${ebm_map[r]} 1048576  # map check"
    echo "ebm $run map-cold ${ebm_cold[r]} 1048576  # cold check"
    echo "ebm $run map-again ${ebm_again[r]} 1048576  # map check"
    echo "ebm $run train ${ebm_train[r]} 1000  # w = (1, 2)"
    echo "ebm $run train-warm 0.01 1000  # w = (3, 4)"
    echo "ebm $run conditional 0.1 1000  # loss"
    echo "ebm $run dgemm ${dgemm[r]} 1048576  # C"
    echo "pytorch $run map 4 65536  # map check"
    echo "pytorch $run train ${pytorch_train[r]} 1000  # w = (1, 2)"
    echo "pytorch $run train-warm 0.5 1000  # w = (3, 4)"
    echo "pytorch $run conditional 2 1000  # loss"
done >log
"$python" "$EBM_SOURCE/bench/results.py" --log log --out results.h5 --date 2026-01-01T00:00:00Z --cores 2 \
    --threads 2 --rows 64 --load-before 0.25 --load-after 2.5 --torch 1.13 >table.txt
grep -q '| train | 0.003 (0.002–0.004) | 0.3 (0.2–0.3) | 100× (50–150) | ≥ 50× |' table.txt && pass ||
    fail "train row: $(grep '| train |' table.txt)"
grep -q '| map | .* | 128× (64–256) | ≥ 20× |' table.txt && pass || fail "map row: $(grep '| map |' table.txt)"
grep -q 'F_β pass / DGEMM = 2 (1–4)' table.txt && pass || fail "roofline: $(grep roofline table.txt)"
grep -q 'load average 0.25 before, 2.5 after (per run: 0.25, 0.5, 0.75)' table.txt && pass ||
    fail "load: $(head -n 1 table.txt)"

# The file holds the same numbers, in the order of its workloads attribute.
"$python" - <<'EOF' && pass || fail "results.h5 does not hold the hand values"
import h5py, numpy
with h5py.File("results.h5") as f:
    assert f.attrs["workloads"] == "map train train-warm conditional", f.attrs["workloads"]
    numpy.testing.assert_allclose(f["speedup"][...], [128, 100, 50, 20], rtol=1e-12)
    numpy.testing.assert_allclose(f["speedup_min"][...], [64, 50, 50, 20], rtol=1e-12)
    numpy.testing.assert_allclose(f["speedup_max"][...], [256, 150, 50, 20], rtol=1e-12)
    assert numpy.isnan(f["target"][2]) and list(f["target"][[0, 1, 3]]) == [20, 50, 10]
    numpy.testing.assert_allclose(f["runs/ebm_seconds"][1], [0.004, 0.002, 0.003], rtol=1e-12)
    numpy.testing.assert_allclose(f["runs/load"][...], [0.25, 0.5, 0.75], rtol=1e-12)
    numpy.testing.assert_allclose(f.attrs["f_beta_over_dgemm"], 2, rtol=1e-12)
    assert f.attrs["runs"] == 3 and f.attrs["check_pytorch_train"] == "w = (1, 2)"
EOF

# The figure draws from it.
"$EBM_BIN/ebm-plot" --figure bench --scripts "$EBM_SOURCE/plots" --in results.h5 --out bench.png --width 800 --height 600
file bench.png | grep -q 'PNG image data, 800 x 600' && pass || fail "bench.png: $(file bench.png)"
# bench/scaling.py: the medians of two runs per size, the peak memory the largest.
for run in 1 2; do
    for n in 64 128 256 512 1024; do echo "ebm $run scaling $n 1024 $((run * n)) $((1024 * n))"; done
    for z in 256 512 2048 4096; do echo "ebm $run scaling 256 $z $((run * z)) $((1024 * z))"; done
    for n in 64 128 256 512 1024; do echo "pytorch $run scaling $n 1024 $((10 * run * n))"; done
    for z in 256 512 2048 4096; do echo "pytorch $run scaling 256 $z $((10 * run * z))"; done
done >scaling.log
"$python" "$EBM_SOURCE/bench/scaling.py" --log scaling.log --out scaling.h5 --date 2026-01-01T00:00:00Z --cores 2 \
    --threads 2 --rows 32 --load-before 0.25 --load-after 2.5 >/dev/null
"$python" - <<'EOF' && pass || fail "scaling.h5 does not hold the medians"
import h5py, numpy
with h5py.File("scaling.h5") as f:
    assert list(f["grid/points"][...]) == [64 ** 2, 128 ** 2, 256 ** 2, 512 ** 2, 1024 ** 2]
    assert list(f["latents/count"][...]) == [256, 512, 1024, 2048, 4096]
    numpy.testing.assert_allclose(f["grid/ebm_seconds"][...], [96, 192, 384, 768, 1536])
    numpy.testing.assert_allclose(f["latents/pytorch_seconds"][...], [3840, 7680, 3840, 30720, 61440])
    numpy.testing.assert_allclose(f["grid/ebm_peak_mib"][...], [64, 128, 256, 512, 1024])
    assert f.attrs["runs"] == 2 and f.attrs["format"] == "ebm/bench-scaling"
EOF
"$EBM_BIN/ebm-plot" --figure bench-scaling --scripts "$EBM_SOURCE/plots" --in scaling.h5 --out scaling.png --width 800 --height 600
file scaling.png | grep -q 'PNG image data, 800 x 600' && pass || fail "scaling.png: $(file scaling.png)"
finish

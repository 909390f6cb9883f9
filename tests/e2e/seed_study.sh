# The conditional model's seed study (experiments/sweeps/seeds-conditional*.cfg):
# trained with its own defaults from model seeds 1–20 on two data seeds, at
# least 19 of the 20 runs of each keep |f₁|, |f₂| within 5 % of ρ₁, ρ₂ on
# x = 0:1/50:1, and at least 19 have a held-out mean F∞ over continuous z of
# at most 3 × the noise floor 2σ². Run by make from the repository's own
# Makefile, with the tested build, in a folder of its own.
source "$(dirname "$0")/common.bash"
unset MAKEFLAGS MAKELEVEL MFLAGS  # not the jobserver of a `make test` around us
build=$(cd "$EBM_BIN/.." && pwd)
for entry in Makefile lib pipeline plots experiments; do ln -s "$EBM_SOURCE/$entry" .; done
cp "$EBM_SOURCE/CMakeLists.txt" . && touch -d 2000-01-01 CMakeLists.txt
for sweep in seeds-conditional seeds-conditional-21; do
    make --no-print-directory BUILD="$build" sweep SWEEP=experiments/sweeps/$sweep.cfg -j2 >make.out 2>&1 ||
        { cat make.out; fail "make sweep $sweep failed"; continue; }
    counts=$(/usr/bin/python3 - data/sweeps/$sweep/table.h5 <<'PY'
import sys, h5py
table = h5py.File(sys.argv[1], 'r')
error = table['results/max_relative_error'][()]
f_inf = table['results/heldout_f_inf'][()]
floor = table['results/noise_floor'][()]
print(len(error), int((error < 0.05).sum()), int((f_inf <= 3 * floor).sum()), f"{error.max():.4f}", f"{(f_inf / floor).max():.3f}")
PY
)
    read -r runs within low worst worst_f <<<"$counts"
    echo "$sweep: $within/$runs within 5 % (worst $worst), $low/$runs with held-out F∞ ≤ 3 × 2σ² (worst $worst_f × 2σ²)"
    [ "$runs" = 20 ] && pass || fail "$sweep: $runs runs, expected 20"
    [ "$within" -ge 19 ] && pass || fail "$sweep: only $within of $runs runs keep |f| within 5 % of ρ (worst $worst)"
    [ "$low" -ge 19 ] && pass || fail "$sweep: only $low of $runs runs have held-out F∞ ≤ 3 × 2σ² (worst $worst_f)"
done
# The figure draws both tables, its counts read from them.
make --no-print-directory BUILD="$build" figures/seeds-conditional.png >make.out 2>&1 || { cat make.out; fail "make figures/seeds-conditional.png failed"; }
[ -s figures/seeds-conditional.png ] && pass || fail "no figure seeds-conditional.png"
finish

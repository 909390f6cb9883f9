# Captions state numbers only as the figure's data have them: each number of
# plots/captions.tsv is a {placeholder} that ebm-plot --caption fills in from
# the inputs, so a caption follows a run with other parameters; a malformed
# caption or an unknown figure fails with its name.
source "$(dirname "$0")/common.bash"
plot="$EBM_BIN/ebm-plot"
captions=$EBM_SOURCE/plots/captions.tsv

# No digit is typed into a caption: outside its placeholders a caption has
# none but those of the formulas, which no run changes (listed in `formulas`).
formulas=(-e 's/3-D//g' -e 's/y₁ = 0/y₁/g' -e 's/β → 0/β/g' -e 's/\[0, 2π\[/Z/g' -e 's/g(0)/g/g' -e 's/w₁ < 0/w₁/g'
          -e 's/from 0 to/to/g' -e 's/z = 0/z/g' -e 's/(‖z‖ − 1)²/R/g' -e 's/2σ²/σ/g')
while IFS=$'\t' read -r figure _ caption; do
    case "$figure" in '#'*) continue ;; esac
    typed=$(sed -e 's/{[^}]*}//g' "${formulas[@]}" <<<"$caption" | grep -o '[^ ]*[0-9][^ ]*' | tr '\n' ' ' || true)
    [ -z "$typed" ] && pass || fail "the caption of $figure types in numbers: $typed"
done <"$captions"

# A run with other parameters: the caption states them.
"$EBM_BIN/ebm-generate" --n 60 --x 0.5 --sigma 0.1 --seed 7 --out other.h5
"$plot" --figure samples --in other.h5 --caption samples --out samples.caption
rho=$(awk 'BEGIN { printf "%.3g", (1.5 * 0.5 + 2 * 0.5) * exp(1) }')
expected="The 60 training samples Y of the unconditional case (x = 0.5): noisy points (σ = 0.1) round an ellipse with semi-axes ρ = ($rho, $rho)."
[ "$(cat samples.caption)" = "$expected" ] && pass || fail "samples' caption: '$(cat samples.caption)', expected '$expected'"
# The same inputs give the same bytes.
"$plot" --figure samples --in other.h5 --caption samples --out again.caption
expect_same samples.caption again.caption

# Faults, each naming what is wrong.
expect_exit 1 "captions.tsv' has no caption for 'nope'" "$plot" --figure samples --in other.h5 --caption nope --out x.caption
expect_exit 2 "--caption writes text: it takes no --terminal" \
    "$plot" --figure samples --in other.h5 --caption samples --terminal png --out x.caption
mkdir scripts
cp "$EBM_SOURCE"/plots/*.gp scripts/
printf 'samples\t05\tThe {%%d in1_y_rows samples.\n' >scripts/captions.tsv
expect_exit 1 "caption 'The \{%d in1_y_rows samples.': a '\{' is not closed" \
    "$plot" --figure samples --scripts scripts --in other.h5 --caption samples --out x.caption
printf 'samples\t05\tThe {%%d no_such_variable} samples.\n' >scripts/captions.tsv
expect_exit 1 "figure script scripts/samples.gp failed: .*undefined.* \(writing the caption of 'samples'\)" \
    "$plot" --figure samples --scripts scripts --in other.h5 --caption samples --out x.caption
expect_absent x.caption

finish

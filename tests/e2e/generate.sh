# ebm-generate end to end: reproducible files, and bad input refused without damage.
source "$(dirname "$0")/common.bash"
generate="$EBM_BIN/ebm-generate"

# Same options and seed in two folders: identical bytes (no time, no path inside).
mkdir one two
(cd one && "$generate" --config "$EBM_SOURCE/experiments/unconditional.cfg" --out data.h5)
sleep 1.1
(cd two && "$generate" --config "$EBM_SOURCE/experiments/unconditional.cfg" --out data.h5)
expect_same one/data.h5 two/data.h5
[ "$(sha256sum <one/data.h5 | cut -d' ' -f1)" = "$(sha256sum <two/data.h5 | cut -d' ' -f1)" ] && pass || fail "SHA-256 differs"
"$generate" --seed 2 --out one/other.h5
mv one/other.h5 one/seed2.h5
"$generate" --seed 1 --out one/other.h5
expect_differ one/seed2.h5 one/other.h5
"$generate" --case conditional --out one/horn.h5
"$generate" --case conditional --out two/horn.h5
expect_same one/horn.h5 two/horn.h5
expect_dataset one/data.h5 /y "24, 2"

# Bad input: exit 2 for usage, 1 for other failures; one line naming the option or file.
mkdir bad
cp one/data.h5 bad/existing.h5
before=$(sha256sum <bad/existing.h5)
expect_exit 2 '--n must be a positive integer'       "$generate" --n 0 --out bad/existing.h5
expect_exit 2 '--n must be a positive integer.*-3'   "$generate" --n -3 --out bad/existing.h5
expect_exit 2 '--sigma must be'                      "$generate" --sigma -1 --out bad/existing.h5
expect_exit 2 '--case must be one of unconditional\|conditional' "$generate" --case foo --out bad/existing.h5
expect_exit 2 "unrecognised option '--foo'"          "$generate" --foo --out bad/existing.h5
expect_exit 2 "'abc'.*'--n'"                         "$generate" --n abc --out bad/existing.h5
expect_exit 2 "option '--out' is required"           "$generate" --n 3
expect_exit 1 "folder '/nonexistent-ebm'"            "$generate" --out /nonexistent-ebm/data.h5
printf '[generate]\nsamples = 3\n' > bad/unknown.cfg
expect_exit 2 "unknown key 'samples' in \[generate\]" "$generate" --config bad/unknown.cfg --out bad/existing.h5
printf '[generate\n' > bad/syntax.cfg
expect_exit 2 "syntax.cfg.*invalid line"             "$generate" --config bad/syntax.cfg --out bad/existing.h5
expect_exit 2 "cannot read config file 'bad/missing.cfg'" "$generate" --config bad/missing.cfg --out bad/existing.h5
# A failure while writing (file size limit, as on a full disk) keeps the earlier file.
expect_exit 1 "existing.h5"  bash -c "trap '' XFSZ; ulimit -f 16; exec '$generate' --n 100000 --out bad/existing.h5"
[ "$(sha256sum <bad/existing.h5)" = "$before" ] && pass || fail "bad/existing.h5 was damaged"
expect_no_temporaries bad
expect_absent bad/data.h5

finish

# Shared by the end-to-end tests: run with `source`. ctest sets EBM_BIN and EBM_SOURCE.
set -euo pipefail
: "${EBM_BIN:?set EBM_BIN to the folder of the ebm executables}"
: "${EBM_SOURCE:?set EBM_SOURCE to the source tree}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }

# expect_exit CODE PATTERN COMMAND...: the command exits with CODE and its
# stderr, one line, matches the extended regex PATTERN.
expect_exit() {
    local code=$1 pattern=$2
    shift 2
    local status=0
    "$@" >"$WORK/stdout" 2>"$WORK/stderr" || status=$?
    if [ "$status" != "$code" ]; then
        fail "'$*' exited $status, expected $code; stderr: $(cat "$WORK/stderr")"
    elif ! grep -Eq -- "$pattern" "$WORK/stderr"; then
        fail "'$*' said '$(cat "$WORK/stderr")', expected /$pattern/"
    elif [ "$(wc -l <"$WORK/stderr")" != 1 ]; then
        fail "'$*' printed more than one line on stderr: $(cat "$WORK/stderr")"
    else
        pass
    fi
}

# expect_same A B / expect_differ A B: compare two files byte for byte.
expect_same() { if cmp -s "$1" "$2"; then pass; else fail "$1 and $2 differ"; fi; }
expect_differ() { if cmp -s "$1" "$2"; then fail "$1 and $2 are identical"; else pass; fi; }
expect_absent() { if [ -e "$1" ]; then fail "$1 exists"; else pass; fi; }
# No temporary files left in a folder.
expect_no_temporaries() {
    local left
    left=$(find "$1" -name '*.tmp.*' | head -n 3)
    if [ -n "$left" ]; then fail "temporary files left: $left"; else pass; fi
}

finish() {
    echo "$checks passed, $failures failed"
    [ "$failures" = 0 ]
}

# expect_dataset FILE NAME SHAPE: FILE holds dataset NAME of that shape, e.g. "24, 2".
expect_dataset() {
    local listing
    listing=$(h5ls -r "$1")
    if grep -q "^$2  *Dataset {$3}\$" <<<"$listing"; then pass; else fail "$1 has no dataset $2 of shape ($3)"; fi
}

# expect_checks ARGUMENTS… <<'PY' … PY: runs the Python script on stdin with
# EBM_PYTHON; each line it prints is one check, "ok …" passing, anything
# else (a "FAIL …", a traceback) failing.
expect_checks() {
    local line
    while read -r line; do
        case "$line" in ok*) pass ;; *) fail "$line" ;; esac
    done < <("${EBM_PYTHON:-/usr/bin/python3}" - "$@" 2>&1)
}

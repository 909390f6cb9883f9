#!/usr/bin/env bash
# compare_pipelines.sh: run the whole pipeline of two revisions and compare
# every output, byte for byte (issue 12: a restructuring keeps every byte).
#
#   tests/compare_pipelines.sh [OPTIONS] OLD_REV [NEW_REV]
#   make compare-pipelines OLD=main [NEW=REV] [COMPARE_OPTIONS='--keep']
#
# OLD_REV (and NEW_REV, if given) is checked out into a temporary git worktree
# (git worktree add --detach); without NEW_REV the new side is this working
# tree as it is, uncommitted changes included. One side after the other, each
# runs its own Makefile's `make all svg` with BUILD=, DATA= and FIGURES= in
# temporary folders: it builds (Release) the executables its pipeline needs
# into a build folder of its own, then runs the pipeline. So the two sides may
# have different Makefiles and different sets of outputs.
# Then every file under data/ and figures/ is compared with cmp and listed as
# identical, differing, only in old or only in new. For a differing file it
# says what differs:
#   *.h5        the datasets and attributes that differ: per dataset the number
#               of differing elements and the largest absolute and relative
#               difference (relative to the larger magnitude), per attribute
#               both values (truncated); types, shapes and storage settings.
#               With h5py (python3-h5py); without it, h5diff -r's first lines.
#   *.png *.svg the number of differing pixels (ImageMagick's compare -metric
#               AE), and for SVG the number of changed lines.
#   other       the first lines of diff -u.
#
# Options:
#   --keep             keep the temporary folder (worktrees, builds, logs and
#                      outputs) and its worktrees, for inspection
#   --old-outputs DIR  take the old side's outputs from DIR/data and
#                      DIR/figures (a finished `make all svg`, e.g. a checkout
#                      that has run it) instead of building OLD_REV, which is
#                      then only a label; a folder made without `make svg`
#                      lists every SVG as only in the other side
#   --new-outputs DIR  the same for the new side
#   --full-build       first `make build` on each side: every target, the
#                      tests too (400-460 s a side here, against 170-310 s
#                      for the pipeline's executables and the run together)
#   --jobs N           make -jN for each side's pipeline run (default 2)
#   --tmp DIR          where the temporary folder goes (default: $TMPDIR or /tmp)
#
# Exit status: 0 when both sides made the same files with the same bytes; 1
# when a file differs or exists on one side only, or a side fails to build or
# run (its log's last lines are printed); 2 on a usage error.
#
# A developer tool, not a ctest test: two builds and two full pipeline runs
# take several minutes on a 2-core machine.
set -uo pipefail

usage() {
    sed -n '5,6p' "$0" | sed 's/^# *//' >&2
    echo "see the header of $0 for the options" >&2
    exit 2
}

keep=0
full_build=0
jobs=2
tmp_root=${TMPDIR:-/tmp}
declare -A premade=()
positional=()
while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=1 ;;
        --full-build) full_build=1 ;;
        --old-outputs | --new-outputs)
            [ $# -ge 2 ] || { echo "$1 needs a folder" >&2; usage; }
            side=${1#--}; side=${side%-outputs}
            [ -d "$2" ] || { echo "$1: '$2' is not a folder" >&2; exit 2; }
            premade[$side]=$(cd "$2" && pwd)
            shift ;;
        --jobs)
            [ $# -ge 2 ] && [[ $2 =~ ^[1-9][0-9]*$ ]] || { echo "--jobs needs a positive number" >&2; exit 2; }
            jobs=$2
            shift ;;
        --tmp)
            [ $# -ge 2 ] && [ -d "$2" ] || { echo "--tmp needs an existing folder" >&2; exit 2; }
            tmp_root=$2
            shift ;;
        -h | --help) sed -n '2,47p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --) shift; positional+=("$@"); break ;;
        -*) echo "unknown option '$1'" >&2; usage ;;
        *) positional+=("$1") ;;
    esac
    shift
done
[ ${#positional[@]} -ge 1 ] && [ ${#positional[@]} -le 2 ] || usage

top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null) ||
    { echo "$(dirname "$0") is not inside a git repository" >&2; exit 2; }

# The two sides: their revision (a commit, or "worktree" for the working tree)
# and a label for the report.
declare -A commit=() label=()
resolve() {  # resolve SIDE REV
    local side=$1 rev=$2
    if [ -n "${premade[$side]:-}" ]; then
        commit[$side]=premade
        label[$side]="$rev (outputs from ${premade[$side]})"
        return
    fi
    commit[$side]=$(git -C "$top" rev-parse --verify --quiet "$rev^{commit}") ||
        { echo "$side revision '$rev' is not a commit of $top" >&2; exit 2; }
    local subject
    subject=$(git -C "$top" log -1 --format='%h %s' "${commit[$side]}")
    [ ${#subject} -le 72 ] || subject="${subject:0:71}…"
    label[$side]="$rev ($subject)"
}
resolve old "${positional[0]}"
if [ ${#positional[@]} -eq 2 ]; then
    resolve new "${positional[1]}"
elif [ -n "${premade[new]:-}" ]; then
    resolve new "new"
else
    commit[new]=worktree
    dirty=""
    [ -n "$(git -C "$top" status --porcelain)" ] && dirty=", with uncommitted changes"
    label[new]="working tree $top (HEAD $(git -C "$top" rev-parse --short HEAD)$dirty)"
fi

# ---------------------------------------------------------------- clean-up

work=$(mktemp -d "$tmp_root/ebm-compare.XXXXXX") || exit 2
worktrees=()
child=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    case $status in 130 | 143) echo "interrupted: removing the temporary folder and worktrees" >&2 ;; esac
    # A step still running (interrupted): end its process group.
    [ -n "$child" ] && kill -TERM -- "-$child" 2>/dev/null && wait "$child" 2>/dev/null
    if [ "$keep" = 1 ]; then
        echo "kept: $work"
        for tree in "${worktrees[@]}"; do
            echo "  worktree $tree (remove with: git -C $top worktree remove --force $tree)"
        done
    else
        for tree in "${worktrees[@]}"; do
            git -C "$top" worktree remove --force "$tree" >/dev/null 2>&1 || true
        done
        rm -rf "$work"
        git -C "$top" worktree prune 2>/dev/null || true
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- the two runs

# step SIDE NAME LOG COMMAND...: run the command in a process group of its own
# (so that an interrupted comparison can end it), its output into LOG; on
# failure print the log's last lines and exit 1.
step() {
    local side=$1 name=$2 log=$3 status start=$SECONDS
    shift 3
    echo "$side: $name ..."
    setsid --wait "$@" >"$log" 2>&1 </dev/null &
    child=$!
    wait "$child"
    status=$?
    child=""
    if [ "$status" != 0 ]; then
        echo "FAILED: $side: $name exited $status; last lines of $log:" >&2
        tail -n 25 "$log" | sed 's/^/    /' >&2
        [ "$keep" = 1 ] || echo "(rerun with --keep to keep the logs)" >&2
        exit 1
    fi
    echo "$side: $name done in $((SECONDS - start)) s"
}

# outputs SIDE: the folder holding SIDE's data/ and figures/.
outputs() { if [ -n "${premade[$1]:-}" ]; then echo "${premade[$1]}"; else echo "$work/$1/out"; fi; }

run_side() {  # run_side SIDE
    local side=$1 src
    [ "${commit[$side]}" = premade ] && return
    mkdir -p "$work/$side/tmp" "$work/$side/out"
    if [ "${commit[$side]}" = worktree ]; then
        src=$top
    else
        src=$work/$side/src
        git -C "$top" worktree add --quiet --detach "$src" "${commit[$side]}" ||
            { echo "cannot check out ${commit[$side]} into $src" >&2; exit 1; }
        worktrees+=("$src")
    fi
    # Not the jobserver of a make around us (make compare-pipelines); TMPDIR
    # keeps ebm-plot's exported data inside the temporary folder.
    local -a run=(env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS TMPDIR="$work/$side/tmp"
                  make --no-print-directory -C "$src" BUILD="$work/$side/build")
    [ "$full_build" = 0 ] || step "$side" "make build" "$work/$side/build.log" "${run[@]}" build
    step "$side" "make -j$jobs all svg (the executables it needs, then the pipeline)" "$work/$side/run.log" "${run[@]}" -j"$jobs" \
        DATA="$work/$side/out/data" FIGURES="$work/$side/out/figures" all svg
}

echo "old: ${label[old]}"
echo "new: ${label[new]}"
echo "temporary folder: $work"
run_side old
run_side new

# ---------------------------------------------------------------- what differs

# The h5py report on two HDF5 files (python3 first on PATH, else Debian's).
h5_python() {
    local python
    for python in python3 /usr/bin/python3; do
        [ -z "${EBM_COMPARE_NO_H5PY:-}" ] || break  # to try the h5diff report
        if command -v "$python" >/dev/null && "$python" -c 'import h5py, numpy' 2>/dev/null; then
            "$python" - "$@" <<'PYTHON'
import sys
import h5py
import numpy as np

WIDTH = 80

def short(value):
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray):
        text = np.array2string(value, threshold=8, edgeitems=3, max_line_width=10**6, precision=17)
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, (complex, np.complexfloating)) and value.imag == 0:
        text = repr(float(value.real))
    elif isinstance(value, (float, np.floating)):
        text = repr(float(value))
    else:
        text = repr(value.item() if isinstance(value, np.generic) else value)
    text = " ".join(text.split())
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"

def type_name(dtype):
    string = h5py.check_string_dtype(dtype)
    if string is not None:
        length = "variable length" if string.length is None else f"{string.length} bytes"
        return f"string ({string.encoding}, {length})"
    base = h5py.check_vlen_dtype(dtype)
    if base is not None:
        return f"vlen {type_name(base)}"
    return str(dtype)

def objects(f):
    found = {"/": f}
    def visit(name, obj):
        found["/" + name] = obj  # returning None: visititems stops at the first other value
    f.visititems(visit)
    return found

def kind(obj):
    if isinstance(obj, h5py.Dataset):
        return "dataset"
    if isinstance(obj, h5py.Group):
        return "group"
    return type(obj).__name__

def describe(obj):
    if isinstance(obj, h5py.Dataset):
        return f"dataset {obj.shape} {type_name(obj.dtype)}"
    return kind(obj)

def index(flat, shape):
    return "[" + ", ".join(str(int(i)) for i in np.unravel_index(flat, shape)) + "]" if shape else "[]"

def text_values(a):
    """Strings as str, whether HDF5 gave bytes (fixed length, ASCII) or str."""
    if a.dtype.kind == "S":
        return np.char.decode(a, "utf-8", "replace")
    if a.dtype.kind == "O":
        return np.array([x.decode("utf-8", "replace") if isinstance(x, bytes) else x for x in a.ravel().tolist()],
                        dtype=object).reshape(a.shape)
    return a

def value_difference(a, b):
    """None when equal, else a one-line description of how a and b differ."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return f"shape old {a.shape}, new {b.shape}"
    numeric = a.dtype.kind in "biufc" and b.dtype.kind in "biufc"
    if numeric:
        same = a == b
        if a.dtype.kind in "fc" or b.dtype.kind in "fc":
            same |= np.isnan(a) & np.isnan(b)
    else:
        a, b = text_values(a), text_values(b)
        same = np.array([x == y for x, y in zip(a.ravel().tolist(), b.ravel().tolist())], dtype=bool).reshape(a.shape)
    same = np.asarray(same, dtype=bool)
    count = int(same.size - np.count_nonzero(same))
    if count == 0:
        if numeric and a.dtype == b.dtype and a.tobytes() != b.tobytes():
            bits = int(np.count_nonzero(a.ravel().view(np.uint8) != b.ravel().view(np.uint8)))
            return f"equal values but {bits} bytes of their bits differ (signed zeros or NaN payloads)"
        return None
    where = np.flatnonzero(~same.ravel())
    text = f"{count} of {same.size} elements differ"
    if not numeric:
        first = where[0]
        return text + f"; first at {index(first, a.shape)}: old {short(a.ravel()[first])}, new {short(b.ravel()[first])}"
    wide = np.complex128 if "c" in a.dtype.kind + b.dtype.kind else np.float64
    old, new = a.ravel()[where].astype(wide), b.ravel()[where].astype(wide)
    finite = np.isfinite(old) & np.isfinite(new)
    if not finite.all():
        k = int(np.flatnonzero(~finite)[0])
        text += (f"; {int(np.count_nonzero(~finite))} with a NaN or an infinity on one side"
                 f" (first at {index(where[k], a.shape)}: old {short(old[k])}, new {short(new[k])})")
    if finite.any():
        where, old, new = where[finite], old[finite], new[finite]
        with np.errstate(all="ignore"):
            absolute = np.abs(new - old)
            relative = absolute / np.maximum(np.abs(old), np.abs(new))
        i, j = int(np.argmax(absolute)), int(np.argmax(relative))
        text += (f"; max |Δ| {absolute[i]:.3g} at {index(where[i], a.shape)} (old {short(old[i])}, new {short(new[i])});"
                 f" max relative {relative[j]:.3g} at {index(where[j], a.shape)}")
    return text

STORAGE = ("chunks", "compression", "compression_opts", "shuffle", "fletcher32", "scaleoffset", "maxshape", "fillvalue")

def main(old_path, new_path):
    lines = []
    with h5py.File(old_path, "r") as old_file, h5py.File(new_path, "r") as new_file:
        old_objects, new_objects = objects(old_file), objects(new_file)
        for path in sorted(set(old_objects) | set(new_objects)):
            if path not in new_objects:
                lines.append(f"{path}: only in old ({describe(old_objects[path])})")
                continue
            if path not in old_objects:
                lines.append(f"{path}: only in new ({describe(new_objects[path])})")
                continue
            old, new = old_objects[path], new_objects[path]
            if kind(old) != kind(new):
                lines.append(f"{path}: old is a {kind(old)}, new a {kind(new)}")
                continue
            if isinstance(old, h5py.Dataset):
                if type_name(old.dtype) != type_name(new.dtype) or old.shape != new.shape:
                    lines.append(f"dataset {path}: old {old.shape} {type_name(old.dtype)}, new {new.shape} {type_name(new.dtype)}")
                for setting in STORAGE:
                    a, b = getattr(old, setting), getattr(new, setting)
                    differs = value_difference(a, b) is not None if setting == "fillvalue" else a != b
                    if differs:
                        lines.append(f"dataset {path}: storage {setting} old {short(a)}, new {short(b)}")
                if old.shape == new.shape:
                    difference = value_difference(old[()], new[()])
                    if difference:
                        lines.append(f"dataset {path} {old.shape} {type_name(old.dtype)}: {difference}")
            old_names, new_names = list(old.attrs), list(new.attrs)
            for name in sorted(set(old_names) | set(new_names)):
                where = f"attribute {path.rstrip('/')}/@{name}" if path != "/" else f"attribute /@{name}"
                if name not in new.attrs:
                    lines.append(f"{where}: only in old, {short(old.attrs[name])}")
                    continue
                if name not in old.attrs:
                    lines.append(f"{where}: only in new, {short(new.attrs[name])}")
                    continue
                old_id, new_id = old.attrs.get_id(name), new.attrs.get_id(name)
                if type_name(old_id.dtype) != type_name(new_id.dtype) or old_id.shape != new_id.shape:
                    lines.append(f"{where}: type old {old_id.shape} {type_name(old_id.dtype)}, new {new_id.shape} {type_name(new_id.dtype)}")
                try:
                    a, b = old.attrs[name], new.attrs[name]
                except (OSError, TypeError) as error:
                    lines.append(f"{where}: cannot read ({error})")
                    continue
                if value_difference(a, b) is not None:
                    lines.append(f"{where}: old {short(a)} | new {short(b)}")
            if old_names != new_names and set(old_names) == set(new_names):
                lines.append(f"{path}: attributes in another order (old {old_names}, new {new_names})")
        if old_file.libver != new_file.libver:
            lines.append(f"library version bounds old {old_file.libver}, new {new_file.libver}")
    if not lines:
        lines.append("h5py sees the same objects, types, shapes, storage settings, values and attributes:"
                     " the bytes differ in the file's layout (creation order, free space, object headers)")
    print("\n".join(lines))

main(sys.argv[1], sys.argv[2])
PYTHON
            return
        fi
    done
    return 3
}

# explain OLD NEW: what differs between two differing files, indented.
explain() {
    local old=$1 new=$2 pixels status
    case $old in
        *.h5)
            h5_python "$old" "$new" 2>&1
            if [ $? = 3 ]; then
                if command -v h5diff >/dev/null; then
                    echo "(no h5py: h5diff -r -c, the objects that differ; it skips objects in one file only)"
                    h5diff -r -c "$old" "$new" 2>&1 | awk '
                        function flush() { n = 0; inblock = 0 }
                        /^(attribute|dataset): / { flush(); inblock = 1 }
                        inblock {
                            buf[n++] = $0
                            if ($0 ~ /^[0-9]+ differences? found/) {
                                if ($1 + 0 > 0) { for (i = 0; i < n && i < 12; i++) print buf[i]; if (n > 12) { print "  …"; print $0 } }
                                flush()
                            }
                            next
                        }
                        /^0 differences found/ || /^group *: / || /^-+$/ { next }
                        { print }' | head -n 60 | cut -c1-160
                else
                    echo "(neither h5py nor h5diff: install python3-h5py or hdf5-tools to see what differs)"
                fi
            fi ;;
        *.png | *.svg)
            if command -v compare >/dev/null; then
                pixels=$(timeout 120 compare -metric AE "$old" "$new" null: 2>&1)
                status=$?
                case $status in
                    0 | 1) echo "$pixels pixels differ (compare -metric AE)" ;;
                    *) echo "compare failed: $(echo "$pixels" | head -n 2 | cut -c1-160)"
                       command -v identify >/dev/null &&
                           echo "sizes: old $(identify -format '%wx%h' "$old" 2>/dev/null), new $(identify -format '%wx%h' "$new" 2>/dev/null)" ;;
                esac
            else
                echo "(no ImageMagick: cannot count the differing pixels)"
            fi
            if [[ $old == *.svg ]]; then
                echo "$(diff "$old" "$new" | grep -c '^[<>]') lines changed; the first:"
                diff "$old" "$new" | grep '^[<>]' | head -n 4 | cut -c1-160
            fi ;;
        *)
            diff -u "$old" "$new" | tail -n +3 | head -n 20 | cut -c1-160 ;;
    esac
}

old_out=$(outputs old)
new_out=$(outputs new)
list() { (cd "$1" && find data figures -type f 2>/dev/null | LC_ALL=C sort); }
list "$old_out" >"$work/old.list"
list "$new_out" >"$work/new.list"
mapfile -t both < <(LC_ALL=C comm -12 "$work/old.list" "$work/new.list")
mapfile -t only_old < <(LC_ALL=C comm -23 "$work/old.list" "$work/new.list")
mapfile -t only_new < <(LC_ALL=C comm -13 "$work/old.list" "$work/new.list")

echo
echo "== every file under data/ and figures/: old $old_out, new $new_out"
identical=0
differ=0
for file in "${both[@]}"; do
    if cmp -s "$old_out/$file" "$new_out/$file"; then
        identical=$((identical + 1))
        echo "identical  $file"
    else
        differ=$((differ + 1))
        where=$(cmp "$old_out/$file" "$new_out/$file" 2>&1 | sed -n 's/.* differ: \(byte [0-9]*\).*/first difference at \1/p')
        [ -n "$where" ] || where=$(cmp "$old_out/$file" "$new_out/$file" 2>&1 | sed -n 's/.*EOF on \(.*\)/one is a prefix of the other/p' | head -n 1)
        echo "DIFFERS    $file ($(stat -c %s "$old_out/$file") and $(stat -c %s "$new_out/$file") bytes; $where)"
        explain "$old_out/$file" "$new_out/$file" | sed 's/^/    /'
    fi
done
for file in "${only_old[@]}"; do echo "ONLY OLD   $file"; done
for file in "${only_new[@]}"; do echo "ONLY NEW   $file"; done

echo
echo "old: ${label[old]}"
echo "new: ${label[new]}"
summary="${identical} files identical, ${differ} differ, ${#only_old[@]} only in old, ${#only_new[@]} only in new"
if [ $((identical + differ + ${#only_old[@]} + ${#only_new[@]})) = 0 ]; then
    echo "== no output files on either side"
    exit 1
fi
echo "== $summary"
[ "$differ" = 0 ] && [ ${#only_old[@]} = 0 ] && [ ${#only_new[@]} = 0 ]

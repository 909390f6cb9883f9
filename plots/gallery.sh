#!/usr/bin/env bash
# Writes the figure gallery (HTML) to stdout, a report of the lecture's
# figures: a contents list by section in slide order (SECTIONS), each
# section's "how to read it", and each figure with its lecture slide
# (CAPTIONS), its caption with the numbers filled in from its data
# (FIGURES/NAME.caption, by ebm-plot --caption), links to its PNG, SVG,
# gnuplot script and HDF5 inputs, and their provenance: the chain of files
# upstream of each input (inference file <- model file <- data file), each
# with the program, seed and options that made it and a link to it, as the
# files record them. A file records its inputs by name and SHA-256
# (lib/stages/provenance.hpp): the chain follows the file under DATA of that
# name and those bytes, and says so when there is none.
# Usage: gallery.sh CAPTIONS.tsv SECTIONS.tsv FIGURES DATA NAME=SCRIPT=INPUT,INPUT… …
set -euo pipefail
captions=$1
sections=$2
figures=$3
data=$4
shift 4
escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' <<<"$1"; }
# The link from the gallery to FILE: relative when it is near (one level up
# at most), else the name alone, so that no machine path is written.
link() {
    local relative
    relative=$(realpath -m --relative-to="$figures" "$1")
    case "$relative" in ../../*) basename "$1" ;; *) echo "$relative" ;; esac
}
# Each file's root text attributes, read once (one h5dump a file, in this
# shell): attribute[FILE/NAME], a value's lines joined by spaces.
declare -A attribute loaded
read_attributes() {
    [ -z "${loaded[$1]+set}" ] || return 0
    loaded[$1]=1
    local name text
    while IFS=$'\t' read -r name text; do attribute[$1/$name]=$text; done < <(h5dump -A "$1" 2>/dev/null | awk '
        /^   [A-Z]/ { name = ""; on = 0 }
        /^   ATTRIBUTE "/ { name = $0; sub(/^   ATTRIBUTE "/, "", name); sub(/" \{$/, "", name); text = ""; next }
        name != "" && /^      \(0\): "/ { on = 1; sub(/^ *\(0\): "/, "") }
        on { line = $0; gsub(/^ +| +$/, "", line); done = sub(/"$/, "", line); if (line != "") text = text (text ? " " : "") line
             if (done) { print name "\t" text; name = ""; on = 0 } }')
}
# Every HDF5 file under DATA by name and SHA-256 (what a file records of its
# inputs): under_data["NAME SHA256"] = FILE, and sha256[FILE].
declare -A under_data sha256
while read -r sum file; do
    sha256[$file]=$sum
    key="$(basename "$file") $sum"
    [ -n "${under_data[$key]+set}" ] || under_data[$key]=$file
done < <(find "$data" -type f -name '*.h5' -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)

# chain ROLE FILE: FILE as a list item, linked, with the program, seed and
# options that made it, then, nested, the files it was made from; a file
# already shown for this figure is named, not repeated (shown: its SHA-256s).
declare -A shown
chain() {
    local role=$1 file=$2 options seed input name task_sha
    read_attributes "$file"
    options=${attribute[$file/options]-}
    seed=$(grep -oP '(^| )seed=\K\S+' <<<"$options" || true)
    printf '<li>%s<a href="%s">%s</a>, made by <code>%s</code>%s with <code>%s</code>' "${role:+$role: }" "$(link "$file")" \
        "$(basename "$file")" "$(escape "${attribute[$file/program]-}")" "${seed:+, seed $seed,}" "$(escape "$options")"
    [ -n "${sha256[$file]+set}" ] || sha256[$file]=$(sha256sum <"$file" | cut -d' ' -f1)
    shown[${sha256[$file]}]=1
    local items=()
    # Its inputs, ROLE_file and ROLE_sha256 (lib/stages/provenance.hpp) …
    for input in "${!attribute[@]}"; do
        [[ $input == "$file/"*_file ]] || continue
        input=${input#"$file/"}
        items+=("${input%_file} ${attribute[$file/$input]} ${attribute[$file/${input%_file}_sha256]-}")
    done
    # … and a sweep table's tasks, by name and SHA-256 a line.
    read -r -a task_sha <<<"${attribute[$file/task_files]-}"
    for ((i = 0; i + 1 < ${#task_sha[@]}; i += 2)); do items+=("task ${task_sha[i]} ${task_sha[i + 1]}"); done
    if [ ${#items[@]} -gt 0 ]; then
        echo '<ul>'
        while read -r input name task_sha; do up_item "$input" "$name" "$task_sha"; done < <(printf '%s\n' "${items[@]}" | LC_ALL=C sort -s -k1,1)
        echo '</ul>'
    fi
    echo '</li>'
}
# up_item ROLE NAME SHA256: an input's list item: its chain, or its name alone
# where no file under DATA has that name and those bytes.
up_item() {
    local up=${under_data["$2 $3"]-}
    if [ -z "$up" ]; then
        printf '<li>%s: %s (SHA-256 %s…, not under DATA)</li>\n' "$1" "$(escape "$2")" "${3:0:12}"
    elif [ -n "${shown[$3]+set}" ]; then
        printf '<li>%s: <a href="%s">%s</a> (above)</li>\n' "$1" "$(link "$up")" "$(basename "$up")"
    else
        chain "$1" "$up"
    fi
}

declare -A script inputs
order=()
for entry in "$@"; do
    IFS='=' read -r name figure_script figure_inputs <<<"$entry"
    script[$name]=$figure_script
    inputs[$name]=$figure_inputs
    order+=("$name")
done
# Every figure is in a section.
for name in "${order[@]}"; do
    grep -v '^#' "$sections" | cut -f4 | tr ' ' '\n' | grep -qx -- "$name" ||
        { echo "gallery.sh: figure '$name' is in no section of $sections; add it to one" >&2; exit 1; }
done

cat <<'HEAD'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ebm: the lecture's figures, regenerated</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.4}
figure{margin:2em 0;border-top:1px solid #ddd;padding-top:1em}img{max-width:100%}
figcaption{margin-top:.5em}code{background:#f4f4f4;padding:0 .3em}.provenance{font-size:85%;color:#555}
.read{background:#f7f7f2;border-left:4px solid #ccc;padding:.5em 1em}</style></head><body>
<h1>ebm: the lecture's figures, regenerated</h1>
<p>Generated by <code>make</code> from the pipeline's HDF5 outputs and the scripts in <code>plots/</code>.
Each figure names the slide of the lecture "12 – EBM" it reproduces; every number of a caption is read
from the data the figure draws.</p>
HEAD
echo '<h2>Contents</h2><ol>'
while IFS=$'\t' read -r id title _ members; do
    printf '<li><a href="#section-%s">%s</a><ul>' "$id" "$(escape "$title")"
    for name in $members; do
        [ -n "${script[$name]+set}" ] && printf '<li><a href="#%s">%s</a></li>' "$name" "$name"
    done
    echo '</ul></li>'
done < <(grep -v '^#' "$sections")
echo '</ol>'

while IFS=$'\t' read -r id title how members; do
    printf '<h2 id="section-%s">%s</h2>\n<p class="read"><strong>How to read it.</strong> %s</p>\n' "$id" "$(escape "$title")" "$(escape "$how")"
    for name in $members; do
        [ -n "${script[$name]+set}" ] || continue
        line=$(awk -F'\t' -v name="$name" '$1 == name' "$captions")
        [ -n "$line" ] || { echo "gallery.sh: figure '$name' has no caption in $captions" >&2; exit 1; }
        slide=$(cut -f2 <<<"$line")
        caption=$(cat "$figures/$name.caption")
        printf '<figure id="%s"><img src="%s.png" alt="%s"><figcaption><code>%s</code> — %s <em>(lecture slide %s)</em>\n' \
            "$name" "$name" "$name" "$name" "$(escape "$caption")" "$slide"
        printf '<div class="provenance">Drawn by <a href="%s">%s.gp</a> (<a href="%s.png">PNG</a>, <a href="%s.svg">SVG</a>) from' \
            "$(link "$(dirname "$0")/${script[$name]}.gp")" "${script[$name]}" "$name" "$name"
        IFS=',' read -r -a files <<<"${inputs[$name]}"
        echo '<ul>'
        shown=()
        for file in "${files[@]}"; do chain "" "$file"; done
        echo '</ul></div></figcaption></figure>'
    done
done < <(grep -v '^#' "$sections")
echo '</body></html>'

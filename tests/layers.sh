#!/usr/bin/env bash
# No include goes up a layer. lib/ has one folder per layer; a file may
# include headers of its own layer and of the layers below it, as
# CMakeLists.txt links them (README: "The library's layers"). The build
# already refuses an upward include (the header is not on the include path);
# this names every one, in lib/ and in the unit tests that mirror it, and
# fails on an include of a library header that no layer has.
#
# Usage: tests/layers.sh [SOURCE_FOLDER]   (exit 0: none; 1: some, listed)
set -u
source_folder=${1:-$(dirname "$0")/..}
cd "$source_folder" || exit 1

# The layers each layer may include, itself first.
declare -A allowed=(
    [core]="core"
    [io]="io core"
    [models]="models core"
    [inference]="inference models core"
    [learning]="learning models core"
    [stages]="stages inference learning io models core"
)

# header name -> its layer
declare -A layer_of
for folder in lib/*/; do
    layer=$(basename "$folder")
    [ -n "${allowed[$layer]:-}" ] || { echo "lib/$layer/ is no layer of tests/layers.sh: add it to 'allowed'"; exit 1; }
    for header in "$folder"*.hpp; do
        [ -e "$header" ] && layer_of[$(basename "$header")]=$layer
    done
done

problems=0
check() {  # FILE LAYER
    local file=$1 layer=$2 name target
    while read -r name; do
        target=${layer_of[$name]:-}
        if [ -z "$target" ]; then
            # Test helpers live beside the tests, not in lib/.
            [ -e "tests/unit/$name" ] && [[ $file == tests/* ]] && continue
            echo "$file includes \"$name\", which no layer of lib/ has"
            problems=$((problems + 1))
        elif [[ " ${allowed[$layer]} " != *" $target "* ]]; then
            echo "$file ($layer) includes $name of lib/$target/, a layer above or beside it (allowed: ${allowed[$layer]})"
            problems=$((problems + 1))
        fi
    done < <(grep -oP '^\s*#\s*include\s*"\K[^"]+' "$file" | xargs -rn1 basename)
}
for layer in "${!allowed[@]}"; do
    for file in lib/"$layer"/*.hpp lib/"$layer"/*.cpp tests/unit/"$layer"/*.cpp; do
        [ -e "$file" ] && check "$file" "$layer"
    done
done
if [ "$problems" -gt 0 ]; then
    echo "$problems include(s) break the layers"
    exit 1
fi
echo "every include of lib/ and tests/unit/ stays in its layer or goes down"

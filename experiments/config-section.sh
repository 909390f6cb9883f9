#!/bin/bash
# config-section.sh CONFIG SECTION [STAMP]
#
# Prints the options a stage run with `--config CONFIG --section SECTION`
# reads, one "--name=value" a line, in the order the config reader
# (lib/io/cli.cpp) hands them on: SECTION's own, then those of each section it
# falls back to ([train.ztl], then [train]) that a more specific one leaves
# unset.
# Comments, blank lines, spacing and overridden values do not show, so the
# text changes exactly when what the stage reads changes.
#
# With STAMP, writes the text to STAMP instead, and only if it differs from
# what STAMP holds: the Makefile's rules depend on stamps, whose modification
# time thus moves only when their section really changes.
#
# The parsing follows Boost.Program_options' config file reader, which
# cli.cpp uses: everything from '#' to the end of a line is a comment,
# lines and both sides of '=' are trimmed, [NAME] starts section NAME, and a
# key belongs to the section before its last dot.
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 CONFIG SECTION [STAMP]" >&2
    exit 2
fi
config=$1 section=$2 stamp=${3:-}
[ -f "$config" ] && [ -r "$config" ] || { echo "$0: cannot read config file '$config'" >&2; exit 1; }

section_text() {
    awk -v section="$section" '
        function trim(text) { sub(/^[ \t\r\n]+/, "", text); sub(/[ \t\r\n]+$/, "", text); return text }
        function last_dot(text,    i) { for (i = length(text); i > 0; i--) if (substr(text, i, 1) == ".") return i; return 0 }
        BEGIN {
            # The fallback chain, most specific first: a.b.c, a.b, a.
            levels = 0
            for (name = section; ; name = substr(name, 1, last_dot(name) - 1)) {
                level[name] = levels++
                if (!last_dot(name)) break
            }
        }
        {
            line = $0
            sub(/#.*/, "", line)
            line = trim(line)
            if (line == "") next
            if (line ~ /^\[.*\]$/) {
                prefix = substr(line, 2, length(line) - 2)
                if (prefix !~ /\.$/) prefix = prefix "."
                next
            }
            # Lines every stage refuses: they count, so that fixing one remakes what failed.
            if (!index(line, "=")) { print "invalid line: " line; next }
            key = prefix trim(substr(line, 1, index(line, "=") - 1))
            value = trim(substr(line, index(line, "=") + 1))
            if (!last_dot(key)) { print "outside any section: " key "=" value; next }
            owner = substr(key, 1, last_dot(key) - 1)
            if (!(owner in level)) next
            at = level[owner]
            count[at]++
            names[at, count[at]] = substr(key, last_dot(key) + 1)
            values[at, count[at]] = value
        }
        END {
            # A name set in a section hides every value of it in the sections it falls back to.
            for (at = 0; at < levels; at++) {
                for (i = 1; i <= count[at]; i++) {
                    if (names[at, i] in hidden) continue
                    print "--" names[at, i] "=" values[at, i]
                    here[names[at, i]] = 1
                }
                for (name in here) hidden[name] = 1
                delete here
            }
        }' "$config"
}

if [ -z "$stamp" ]; then
    section_text
    exit 0
fi
mkdir -p "$(dirname "$stamp")"
new=$(mktemp "$stamp.new.XXXXXX")
trap 'rm -f "$new"' EXIT
section_text >"$new"
if ! cmp -s "$new" "$stamp"; then mv "$new" "$stamp"; fi

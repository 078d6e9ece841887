#!/usr/bin/env bash
# The bad-input corpus: every folder beside this script is one case (see
# README.md).  Each case copies a report folder, the templates and the
# profiles, breaks something with its `edit` script, runs papers and
# compares exit status and stderr with its `expected` file exactly.  A case
# that fails must also print one line, write nothing to stdout, leave the
# archive of an earlier good build as it was, and stay within its time
# (and, outside a sanitizer build, memory) bounds.
#
#   bash tests/bad-inputs/run.sh PAPERS REPO SHARED WORK [CASE...]
#   UPDATE=1 bash tests/bad-inputs/run.sh ...   rewrite expected files
#
# ctest runs it once over all cases (tests/CMakeLists.txt).
set -u
PAPERS=$(realpath "$1")
REPO=$(realpath "$2")
SHARED=$3
WORK=$4
shift 4
CORPUS=$REPO/tests/bad-inputs
export PAPERS REPO SHARED

rm -rf "$WORK"
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
ARCHIVE=$WORK/archive
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "FAIL: $TIME (Debian package time) is not installed"; exit 1; }

# The archive every failing case must leave alone: the good build of each
# base report, made once, under the name "good" the cases use.
good_build() { # BASE
    local dir=$WORK/good-builds/$1
    mkdir -p "$dir"
    cp -r "$REPO/inputs/$1" "$dir/good"
    (cd "$dir" && "$PAPERS" build good --format txt --out "$ARCHIVE/$1" >/dev/null 2>&1)
}
snapshot() { (cd "$ARCHIVE" && find . | sort && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
    for dir in "$CORPUS"/*/; do cases+=("$(basename "$dir")"); done
fi

for base in $(cd "$CORPUS" && cat "${cases[@]/%//options}" 2>/dev/null |
              sed -n 's/^base=//p' | sort -u) community-safety-2019; do
    [ -d "$ARCHIVE/$base" ] && continue
    good_build "$base" || { echo "FAIL: the good build of $base failed"; exit 1; }
done
before=$(snapshot)

# Helpers for edit scripts (run with the case's work folder as current
# folder).  Each fails the case if it changes nothing, so a case cannot
# quietly stop testing what it says when the examples change.
subst() { # FILE OLD NEW [COUNT]: replace OLD by NEW literally (every one, or COUNT)
    python3 - "$@" <<'PY'
import os, sys
path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
count = int(sys.argv[4]) if len(sys.argv) > 4 else -1
data = open(path, "rb").read()
o, n = os.fsencode(old), os.fsencode(new)
if o not in data:
    sys.exit("subst: %r not found in %s" % (old, path))
open(path, "wb").write(data.replace(o, n, count))
PY
}
insert_after_declaration() { # FILE TEXT: put TEXT on a line after the <?xml ...?> line
    subst "$1" "?>" "?>
$2" 1
}
export -f subst insert_after_declaration

option() { # CASE KEY DEFAULT: the case's KEY=VALUE (VALUE may be empty), else DEFAULT
    if grep -q "^$2=" "$CORPUS/$1/options" 2>/dev/null; then
        sed -n "s/^$2=//p" "$CORPUS/$1/options" | tail -n 1
    else
        echo "$3"
    fi
}

total=0 exact=0 failures=0 skipped=0
fail() { failures=$((failures + 1)); echo "FAIL: $1: $2"; }

run_case() { # NAME
    local name=$1 case_dir=$CORPUS/$1 dir=$WORK/cases/$1
    local base command wrap max_seconds max_mb env_list stream
    base=$(option "$name" base community-safety-2019)
    command=$(option "$name" command "build good --format txt --out ARCHIVE --templates templates --profiles profiles")
    wrap=$(option "$name" wrap "")
    max_seconds=$(option "$name" max-seconds 20)
    max_mb=$(option "$name" max-mb 400)
    stream=$(option "$name" stream stderr)
    env_list=$(option "$name" env "")
    mkdir -p "$dir"
    cp -r "$REPO/inputs/$base" "$dir/good"
    cp -r "$REPO/templates" "$dir/templates"
    cp -r "$REPO/profiles" "$dir/profiles"
    if [ -f "$case_dir/edit" ] && ! (cd "$dir" && bash -eu "$case_dir/edit") >"$dir/edit.log" 2>&1; then
        fail "$name" "its edit script failed: $(tr '\n' ' ' <"$dir/edit.log")"
        return
    fi
    local prefix=()
    if [ "$wrap" = unreadable ] && [ "$(id -u)" -eq 0 ]; then
        # root reads any file: take away the two capabilities that let it.
        if ! setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null; then
            skipped=$((skipped + 1))
            echo "SKIPPED: bad input $name: running as root and setpriv cannot drop its read permission"
            return
        fi
        prefix=(setpriv --bounding-set -dac_override,-dac_read_search)
    fi
    local expected_status=1
    [ -f "$case_dir/expected" ] && expected_status=$(sed -n '1s/^exit //p' "$case_dir/expected")
    # A case that should be accepted builds into its own archive.
    local archive=$ARCHIVE/$base
    [ "$expected_status" = 0 ] && archive=$dir/own-archive
    local args
    read -r -a args <<<"${command//ARCHIVE/$archive}"
    local status=0
    (cd "$dir" && env $env_list "$TIME" -o "$dir/usage" -f '%e %M' "${prefix[@]}" "$PAPERS" "${args[@]}" \
        >"$dir/stdout" 2>"$dir/stderr.raw") || status=$?
    # papers verify reports what it finds on stdout: such a case compares
    # both (stream=both).  Absolute paths differ from machine to machine.
    if [ "$stream" = both ]; then
        cat "$dir/stdout" "$dir/stderr.raw" >"$dir/message.raw"
        : >"$dir/stdout"
    else
        cp "$dir/stderr.raw" "$dir/message.raw"
    fi
    sed -e "s|$dir|CASE|g" -e "s|$WORK|WORK|g" -e "s|$REPO|REPO|g" "$dir/message.raw" >"$dir/stderr"
    grep -v '^Command exited with non-zero status' "$dir/usage" >"$dir/usage.clean"
    local seconds kib
    read -r seconds kib <"$dir/usage.clean"
    { echo "exit $status"; cat "$dir/stderr"; } >"$dir/actual"
    total=$((total + 1))
    if [ "${UPDATE:-}" = 1 ] && ! cmp -s "$dir/actual" "$case_dir/expected"; then
        cp "$dir/actual" "$case_dir/expected"
        echo "updated: $name: $(tail -n +2 "$dir/actual" | head -c 300)"
    fi
    local lines
    lines=$(wc -l <"$dir/stderr")
    if [ ! -f "$case_dir/expected" ]; then
        fail "$name" "no expected file (UPDATE=1 writes one): $(cat "$dir/actual")"
    elif ! cmp -s "$dir/actual" "$case_dir/expected"; then
        fail "$name" "expected:"
        sed 's/^/    /' "$case_dir/expected"
        echo "  got:"
        sed 's/^/    /' "$dir/actual"
    elif [ "$status" -ne 0 ] && [ "$lines" -ne 1 ] && [ "$(option "$name" lines one)" = one ]; then
        fail "$name" "$lines lines of message, not one"
    elif [ "$status" -eq 1 ] && ! grep -Eq '^[^ ]+: ' "$dir/stderr"; then
        fail "$name" "the message does not start with the file it is about"
    elif [ "$status" -ne 0 ] && [ -s "$dir/stdout" ]; then
        fail "$name" "a failed run wrote to stdout: $(head -c 200 "$dir/stdout")"
    elif [ "$(snapshot)" != "$before" ] || [ -n "$(find "$ARCHIVE" -name '.staging-*')" ]; then
        fail "$name" "the archive changed"
        before=$(snapshot)
    elif awk -v s="$seconds" -v m="$max_seconds" 'BEGIN { exit !(s > m) }'; then
        fail "$name" "took $seconds s, more than its $max_seconds s"
    elif [ -z "${PAPERS_SANITIZED:-}" ] && [ "$kib" -gt $((max_mb * 1024)) ]; then
        fail "$name" "used $((kib / 1024)) MB, more than its $max_mb MB"
    else
        exact=$((exact + 1))
        echo "ok: $name (${seconds} s, $((kib / 1024)) MB): exit $status$(head -c 160 "$dir/stderr" | sed '1s/^/: /')"
    fi
}

for name in "${cases[@]}"; do
    run_case "$name"
done
echo "$total bad inputs tried: $exact gave exactly the expected result, $failures did not, $skipped skipped"
[ "$failures" -eq 0 ]

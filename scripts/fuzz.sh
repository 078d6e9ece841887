#!/usr/bin/env bash
# Build the fuzz targets (clang-14, libFuzzer, ASan, UBSan) into build-fuzz/
# and run one for SECONDS; "all" runs each in turn (the smoke run
# scripts/test.sh makes).  See fuzz/README.md.
#
#   scripts/fuzz.sh TARGET SECONDS     TARGET: inputs pipeline template xpath manifest
#   scripts/fuzz.sh all SECONDS
#
# Before fuzzing, every input in fuzz/regressions/TARGET/ (each once made a
# target crash) is run once and must pass.  The corpus grows in
# build-fuzz/corpus/TARGET/ (not in git); seeds are made afresh from the
# examples each run (fuzz/seeds.py).  A crash leaves its input in
# build-fuzz/crashes/TARGET/; the script then fails.  Prints one summary
# line per target: executions, corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS="inputs pipeline template xpath manifest"
if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
    echo "usage: scripts/fuzz.sh {$(echo $TARGETS | tr ' ' '|')|all} SECONDS" >&2
    exit 2
fi
[ "$1" = all ] && targets=$TARGETS || targets=$1
for t in $targets; do
    case " $TARGETS " in *" $t "*) ;; *) echo "fuzz.sh: no target '$t' ($TARGETS)" >&2; exit 2 ;; esac
done
seconds=$2
BUILD=build-fuzz
CC_FUZZ=${CC_FUZZ:-clang-14}
command -v "$CC_FUZZ" >/dev/null || { echo "fuzz.sh: $CC_FUZZ is not installed (Debian package clang-14)" >&2; exit 1; }

cmake -S . -B "$BUILD" -DCMAKE_C_COMPILER="$CC_FUZZ" -DPAPERS_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAPERS_WERROR=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)" -- $(for t in $targets; do echo "fuzz_$t"; done) >/dev/null

# Findings stop the target at once; fontconfig's configuration, loaded
# once per process, is the one leak let through (tests/sanitizers/lsan.supp).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export PAPERS_HOME=$PWD

status=0
for t in $targets; do
    bin=$BUILD/fuzz/fuzz_$t
    mkdir -p "$BUILD/corpus/$t" "$BUILD/crashes/$t" "$BUILD/logs"
    rm -rf "$BUILD/seeds/$t"
    python3 fuzz/seeds.py "$t" "$BUILD/seeds/$t" "$BUILD/seeds/$t.dict" >/dev/null
    regressions=()
    for f in fuzz/regressions/"$t"/*; do [ -f "$f" ] && regressions+=("$f"); done
    if [ ${#regressions[@]} -gt 0 ]; then
        if ! "$bin" -runs=1 "${regressions[@]}" >"$BUILD/logs/$t.regressions" 2>&1; then
            echo "fuzz $t: a regression input crashes again (see $BUILD/logs/$t.regressions)"
            status=1
            continue
        fi
    fi
    log=$BUILD/logs/$t.log
    if "$bin" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 \
            -dict="$BUILD/seeds/$t.dict" -artifact_prefix="$BUILD/crashes/$t/" \
            -print_final_stats=1 "$BUILD/corpus/$t" "$BUILD/seeds/$t" >"$log" 2>&1; then
        result="no crash"
    else
        result="FOUND A PROBLEM (log: $log; input in $BUILD/crashes/$t/)"
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    corpus=$(find "$BUILD/corpus/$t" -type f | wc -l)
    echo "fuzz $t: ${runs:-0} executions in $seconds s, corpus $corpus files," \
         "${#regressions[@]} regression inputs replayed: $result"
done
exit $status

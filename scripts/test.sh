#!/usr/bin/env bash
# Set up (packages, build with warnings as errors), then every test, three
# ways, and say how long it took:
#   1. the normal build (build/): ctest: unit, end-to-end, golden and
#      bad-input tests;
#   2. the sanitizer build (build-asan/): the same suite under
#      AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer
#      (tests/sanitizers/README.md);
#   3. the fuzz smoke run (build-fuzz/): each fuzz target replays its
#      regression inputs, then fuzzes for FUZZ_SECONDS (default 20) s
#      (fuzz/README.md).
# Checks that need ../shared (or a tool that is missing) say "SKIPPED: ..."
# and pass; they are listed at the end.  PAPERS_SHARED=DIR points the tests
# at another shared folder (a missing one shows what a bare clone runs).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
WERROR=ON scripts/setup.sh
shared=(-UPAPERS_SHARED) # back to ../shared unless told otherwise
[ -n "${PAPERS_SHARED:-}" ] && shared=(-DPAPERS_SHARED="$PAPERS_SHARED")
cmake -S . -B build "${shared[@]}" >/dev/null
cmake --build build -j"$(nproc)"
status=0
step() { echo "== $1 ($((SECONDS - start)) s so far)"; }

step "normal build: ctest"
(cd build && ctest --output-on-failure -j"$(nproc)") || status=1

step "sanitizer build: ctest under ASan, UBSan and LSan"
cmake -S . -B build-asan -DPAPERS_WERROR=ON -DPAPERS_SANITIZE=ON "${shared[@]}" >/dev/null
cmake --build build-asan -j"$(nproc)"
(cd build-asan && ctest --output-on-failure -j"$(nproc)") || status=1

step "fuzz smoke run: ${FUZZ_SECONDS:-20} s per target"
scripts/fuzz.sh all "${FUZZ_SECONDS:-20}" || status=1

echo "== skipped checks (they need ../shared or a tool that is not installed):"
skipped=$(grep -h '^SKIPPED' build/Testing/Temporary/LastTest.log \
    build-asan/Testing/Temporary/LastTest.log 2>/dev/null | sed 's/ (\/[^)]*)$//' | sort -u || true)
echo "${skipped:-(none)}"
echo "== scripts/test.sh: $((SECONDS - start)) s in all; $([ $status -eq 0 ] && echo passed || echo FAILED)"
exit $status

#!/usr/bin/env bash
# scaling.sh - work grows in proportion to the paper: `papers check` on a
# list of 20,000 items (and as many numbered paragraphs) must take under 15
# times the processor time of 2,000 (linear would be 10; quadratic, 100).
# Processor time (user + system, the least of 3 runs) is used, not wall
# time, so a busy machine does not fail the test; the figures are printed.
set -u
. "$(dirname "$0")/lib.bash"

python3 "$REPO/tests/tools/make_long_list.py" 2000 "$WORK/small"
python3 "$REPO/tests/tools/make_long_list.py" 20000 "$WORK/large"

# Least processor seconds of 3 runs of `papers check DIR`.
cpu_seconds() {
    python3 - "$PAPERS" "$1" <<'PY'
import resource, subprocess, sys
best = None
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.argv[1], "check", sys.argv[2]], check=True,
                   stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = used if best is None else min(best, used)
print("%.4f" % best)
PY
}

small=$(cpu_seconds "$WORK/small") || { fail "papers check failed on 2,000 items"; finish; exit 1; }
large=$(cpu_seconds "$WORK/large") || { fail "papers check failed on 20,000 items"; finish; exit 1; }
ratio=$(python3 -c "print('%.1f' % ($large / max($small, 0.001)))")
echo "papers check: 2,000 items ${small} s, 20,000 items ${large} s of processor time (x$ratio)"
if python3 -c "import sys; sys.exit(0 if $large < 15 * max($small, 0.001) else 1)"; then
    pass "20,000 items take x$ratio the time of 2,000 (limit x15)"
else
    fail "20,000 items take x$ratio the time of 2,000 (limit x15): something is quadratic"
fi
finish

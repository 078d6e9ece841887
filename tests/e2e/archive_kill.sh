#!/usr/bin/env bash
# archive_kill.sh - builds killed at any moment, and builds racing.
#
# 1. 20 builds are killed (SIGKILL) after a random delay, and 10 more at the
#    test pause points of the commit (PAPERS_TEST_PAUSE=staged 2 times,
#    commit 5 times, latest 3 times; see pipeline/archive.c).  After each kill: papers verify passes,
#    the archive holds either the versions it had or one more complete one
#    (never a partial version: every vN has its manifest and all its files),
#    and the next build succeeds, removes the stale staging folder and
#    leaves latest at a version whose appendix B has the newest change.
# 2. Two builds of the same report at once, 10 times: both succeed, one
#    after the other (5 times the first is held inside its commit so the
#    second must say it is waiting); verify passes.
# 3. A build that cannot get the lock within --wait gives up: exit 3.
set -u
. "$(dirname "$0")/lib.bash"

export SOURCE_DATE_EPOCH=1576540800
IN=$WORK/in/community-safety-2019
ROOT=$WORK/out
A=$ROOT/community-safety-2019
mkdir -p "$WORK/in"
cp -r "$REPO/inputs/community-safety-2019" "$IN"

count_versions() { find "$A" -maxdepth 1 -name 'v[0-9]*' | wc -l; }
newest() { find "$A" -maxdepth 1 -name 'v[0-9]*' -printf '%f\n' | sort -V | tail -n 1; }
# Wait until FILE has a line with TEXT.  Remove FILE before starting the
# process that writes it: a background job's redirection is not in place
# when the shell goes on.
wait_for_line() { # FILE TEXT SECONDS
    local i
    for ((i = 0; i < $3 * 20; i++)); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# Everything a kill may leave must still verify, with no partial version.
check_after_kill() { # LABEL VERSIONS_BEFORE
    local label=$1 before=$2 after
    after=$(count_versions)
    if ! "$PAPERS" verify "$A" >"$WORK/verify.out" 2>&1; then
        fail "$label: verify after the kill: $(cat "$WORK/verify.out")"
        return
    fi
    if [ "$after" -ne "$before" ] && [ "$after" -ne $((before + 1)) ]; then
        fail "$label: $before versions before, $after after"
        return
    fi
    for v in "$A"/v[0-9]*; do
        [ -f "$v/manifest.xml" ] || { fail "$label: $v has no manifest"; return; }
    done
    # The next build finishes the job.
    if ! "$PAPERS" build "$IN" --out "$ROOT" --reason "after $label" >"$WORK/next.out" 2>&1; then
        fail "$label: the next build failed: $(cat "$WORK/next.out")"
        return
    fi
    local stale latest
    stale=$(find "$A" -maxdepth 1 -name '.staging-*' | wc -l)
    latest=$(readlink "$A/latest")
    if [ "$stale" -ne 0 ]; then
        fail "$label: $stale staging folders left after the next build"
    elif [ "$latest" != "$(newest)" ]; then
        fail "$label: latest is $latest, newest is $(newest)"
    elif ! grep -q "CONTEST $label" "$A/latest/appendix-b.txt"; then
        fail "$label: latest/appendix-b.txt lacks the newest change"
    elif ! "$PAPERS" verify "$A" >"$WORK/verify.out" 2>&1; then
        fail "$label: verify after the next build: $(cat "$WORK/verify.out")"
    elif grep -q "unfinished\|no version names" "$WORK/verify.out"; then
        fail "$label: the next build left leftovers: $(cat "$WORK/verify.out")"
    else
        return 0
    fi
    return 1
}

"$PAPERS" build "$IN" --out "$ROOT" --reason "First issue" >/dev/null 2>&1 || fail "first build"

# 1a. Killed after a random delay.  A whole build takes about 0.1-0.3 s here;
#     the delays cover it from the start to well past the commit.
random_ok=0
for i in $(seq 1 20); do
    label="random-$i"
    sed -i "s|<title>CONTEST[^<]*</title>|<title>CONTEST $label</title>|" "$IN/agreement.xml"
    before=$(count_versions)
    "$PAPERS" build "$IN" --out "$ROOT" --reason "$label" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 300)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # Where the kill landed: before staging, while staging, or after the commit.
    if [ "$(count_versions)" -gt "$before" ]; then
        after_commit=$((${after_commit:-0} + 1))
    elif [ -n "$(find "$A" -maxdepth 1 -name '.staging-*')" ]; then
        in_staging=$((${in_staging:-0} + 1))
    else
        before_staging=$((${before_staging:-0} + 1))
    fi
    check_after_kill "$label" "$before" && random_ok=$((random_ok + 1))
done
[ "$random_ok" -eq 20 ] && pass "20 builds killed at random moments (${before_staging:-0} before staging, ${in_staging:-0} while staging, ${after_commit:-0} after the commit): verify, no partial version, next build repairs"

# 1b. Killed at each step of the commit.
for point in staged commit latest commit commit staged latest commit commit latest; do
    n=$((${n:-0} + 1))
    label="$point-$n"
    sed -i "s|<title>CONTEST[^<]*</title>|<title>CONTEST $label</title>|" "$IN/agreement.xml"
    before=$(count_versions)
    rm -f "$WORK/paused.err" # the last round's line must not be read as this one's
    PAPERS_TEST_PAUSE=$point "$PAPERS" build "$IN" --out "$ROOT" --reason "$label" \
        >/dev/null 2>"$WORK/paused.err" &
    pid=$!
    if ! wait_for_line "$WORK/paused.err" "test pause at $point" 20; then
        fail "$label: the build never paused: $(cat "$WORK/paused.err")"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        continue
    fi
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null
    after=$(count_versions)
    case $point in
    latest) # published, latest not yet switched
        [ "$after" -eq $((before + 1)) ] && [ "$(readlink "$A/latest")" != "$(newest)" ] ||
            fail "$label: expected a new version and latest behind it" ;;
    *) # nothing published; the staging folder is left for the next build
        [ "$after" -eq "$before" ] && [ -n "$(find "$A" -maxdepth 1 -name '.staging-*')" ] ||
            fail "$label: expected no new version and a stale staging folder" ;;
    esac
    check_after_kill "$label" "$before" && pass "killed at $point: verify passes, next build repairs"
done

# 2. Two builds of the same report at once.  Each has its own input folder
#    (same report name) with its own change, so each makes a version.
mkdir -p "$WORK/a" "$WORK/b"
cp -r "$IN" "$WORK/a/" && cp -r "$IN" "$WORK/b/"
race_ok=0 waited=0
# The first build is held long enough for the second to validate and merge
# the whole report and reach the lock: half a second is not, on a loaded
# machine or in the sanitizer build (where a build takes about 2 s).
hold=2
[ -n "${PAPERS_SANITIZED:-}" ] && hold=6
for round in $(seq 1 10); do
    sed -i "s|<title>CONTEST[^<]*</title>|<title>CONTEST race-$round-a</title>|" "$WORK/a/community-safety-2019/agreement.xml"
    sed -i "s|<title>CONTEST[^<]*</title>|<title>CONTEST race-$round-b</title>|" "$WORK/b/community-safety-2019/agreement.xml"
    before=$(count_versions)
    rm -f "$WORK/a.err" "$WORK/b.err"
    if [ "$round" -le 5 ]; then
        # Hold the first build inside its commit for a moment.
        PAPERS_TEST_PAUSE=staged PAPERS_TEST_PAUSE_SECONDS=$hold "$PAPERS" build \
            "$WORK/a/community-safety-2019" --out "$ROOT" >"$WORK/a.out" 2>"$WORK/a.err" &
        pa=$!
        wait_for_line "$WORK/a.err" "test pause at staged" 20 || fail "race $round: a never paused"
    else
        "$PAPERS" build "$WORK/a/community-safety-2019" --out "$ROOT" >"$WORK/a.out" 2>"$WORK/a.err" &
        pa=$!
    fi
    "$PAPERS" build "$WORK/b/community-safety-2019" --out "$ROOT" >"$WORK/b.out" 2>"$WORK/b.err" &
    pb=$!
    wait "$pa"; sa=$?
    wait "$pb"; sb=$?
    after=$(count_versions)
    if [ "$round" -le 5 ]; then
        grep -qx "waiting for another build of community-safety-2019..." "$WORK/b.err" &&
            waited=$((waited + 1))
    fi
    if [ "$sa" -eq 0 ] && [ "$sb" -eq 0 ] && [ "$after" -eq $((before + 2)) ] &&
        "$PAPERS" verify "$A" >"$WORK/verify.out" 2>&1; then
        race_ok=$((race_ok + 1))
    else
        fail "race $round: exits $sa $sb, versions $before -> $after: $(cat "$WORK/a.err" "$WORK/b.err" "$WORK/verify.out")"
    fi
done
[ "$race_ok" -eq 10 ] && pass "10 races: both builds made their version, verify passes"
[ "$waited" -eq 5 ] && pass "5 held races: the second build said it was waiting" ||
    fail "only $waited of 5 held races printed the waiting line"

# 3. The lock is held too long: give up after --wait, exit 3, nothing changed.
sed -i "s|<title>CONTEST[^<]*</title>|<title>CONTEST held</title>|" "$WORK/a/community-safety-2019/agreement.xml"
sed -i "s|<title>CONTEST[^<]*</title>|<title>CONTEST impatient</title>|" "$WORK/b/community-safety-2019/agreement.xml"
rm -f "$WORK/held.err"
PAPERS_TEST_PAUSE=staged PAPERS_TEST_PAUSE_SECONDS=10 "$PAPERS" build \
    "$WORK/a/community-safety-2019" --out "$ROOT" >/dev/null 2>"$WORK/held.err" &
held=$!
wait_for_line "$WORK/held.err" "test pause at staged" 20 || fail "the holding build never paused"
before=$(count_versions)
start=$(date +%s%N)
"$PAPERS" build "$WORK/b/community-safety-2019" --out "$ROOT" --wait 1 >/dev/null 2>"$WORK/impatient.err"
status=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ $status -eq 3 ] && grep -q "still running after 1 s" "$WORK/impatient.err" && [ "$ms" -lt 5000 ]; then
    pass "gave up after --wait 1 (${ms} ms): exit 3: $(tail -n 1 "$WORK/impatient.err")"
else
    fail "impatient build: exit $status after ${ms} ms: $(cat "$WORK/impatient.err")"
fi
kill -KILL "$held"
wait "$held" 2>/dev/null
[ "$(count_versions)" -eq "$before" ] && "$PAPERS" verify "$A" >/dev/null 2>&1 &&
    pass "no version from either; verify passes" || fail "after the lock timeout"

finish

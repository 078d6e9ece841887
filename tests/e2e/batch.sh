#!/usr/bin/env bash
# batch.sh - many reports in one run (pipeline/batch.h): a batch's archives
# equal those of single builds byte for byte (both profiles, so threads
# switch between their fonts); a folder of report folders is a batch; one
# failing report leaves the others built, exit 1 and a summary line; two
# folders of one name are refused; a second batch changes nothing.  Run by
# ctest with the normal binary and, by tsan_batch, with a ThreadSanitizer
# one (then any race report fails the test).
set -u
. "$(dirname "$0")/lib.bash"

export SOURCE_DATE_EPOCH=1576540800
export USER=tester
unset PAPERS_PROFILES
JOBS=${BATCH_JOBS:-2}
SET=$WORK/reports
mkdir -p "$SET"
for r in "$REPO"/inputs/*/; do cp -r "$r" "$SET/"; done
cp -r "$REPO/profiles/leicestershire/example" "$SET/leicestershire-example"
cp -r "$REPO/profiles/wealdbridge/example" "$SET/wealdbridge-example"
cp -r "$REPO/profiles/wealdbridge/example" "$SET/wealdbridge-second"
sed -i 's|<title>Weekly Food Waste Collection Service</title>|<title>Fortnightly Garden Waste Collection</title>|' \
    "$SET/wealdbridge-second/paper.xml"
grep -q Fortnightly "$SET/wealdbridge-second/paper.xml" || fail "the second Wealdbridge report is not changed" 
NAMES=$(cd "$SET" && ls | sort)

# Every file of an archive root with its checksum; a manifest's build time
# (the clock, which no document holds) left out.
fingerprint() { # ROOT
    (cd "$1" && find . -type f ! -name .lock -print0 | sort -z | while IFS= read -r -d '' f; do
        case "$f" in
            */manifest.xml) printf '%s %s\n' "$(sed 's/ at="[^"]*"//' "$f" | sha256sum | cut -c1-64)" "$f" ;;
            *) printf '%s %s\n' "$(sha256sum <"$f" | cut -c1-64)" "$f" ;;
        esac
    done)
}
no_races() { ! grep -q 'ThreadSanitizer' "$1"; }

# 1. Single builds, one process each: the reference.
for name in $NAMES; do
    "$PAPERS" build "$SET/$name" --out "$WORK/single" --quiet >>"$WORK/single.out" 2>&1 ||
        fail "single build of $name: $(tail -1 "$WORK/single.out")"
done

# 2. The same reports named one by one, in one process.
args=()
for name in $NAMES; do args+=("$SET/$name"); done
if "$PAPERS" build "${args[@]}" --out "$WORK/batch" --jobs "$JOBS" --quiet >"$WORK/b.out" 2>"$WORK/b.err"; then
    pass "batch of $(echo $NAMES | wc -w) reports, --jobs $JOBS"
else
    fail "batch: $(cat "$WORK/b.err")"
fi
no_races "$WORK/b.err" && pass "no race reported" || fail "races: $(grep -m3 -A3 ThreadSanitizer "$WORK/b.err")"
grep -qx "6 reports: 6 built, 0 unchanged, 0 failed" "$WORK/b.out" &&
    pass "summary line" || fail "summary: $(tail -1 "$WORK/b.out")"
fingerprint "$WORK/single" >"$WORK/single.sums"
fingerprint "$WORK/batch" >"$WORK/batch.sums"
if [ -s "$WORK/single.sums" ] && cmp -s "$WORK/single.sums" "$WORK/batch.sums"; then
    pass "batch archives equal single builds byte for byte ($(wc -l <"$WORK/batch.sums") files)"
else
    fail "batch and single builds differ: $(diff "$WORK/single.sums" "$WORK/batch.sums" | head -5)"
fi
# The comparison finds one changed byte (it is not a test that cannot fail).
cp -r "$WORK/batch" "$WORK/tampered"
pdf=$(find "$WORK/tampered/wealdbridge-example" -name 'cabinet-report.pdf' -path '*/v1/*' | head -1)
chmod u+w "$(dirname "$pdf")" "$pdf"
printf 'x' | dd of="$pdf" bs=1 seek=200 conv=notrunc 2>/dev/null
fingerprint "$WORK/tampered" | cmp -s - "$WORK/single.sums" &&
    fail "the comparison missed a changed byte" || pass "the comparison finds a changed byte"

# 3. A folder of report folders is the same batch; unchanged the second time.
if "$PAPERS" build "$SET" --out "$WORK/folder" --jobs "$JOBS" --quiet >"$WORK/f.out" 2>"$WORK/f.err"; then
    pass "a folder of report folders builds"
else
    fail "folder of folders: $(cat "$WORK/f.err")"
fi
fingerprint "$WORK/folder" | cmp -s - "$WORK/single.sums" &&
    pass "folder batch equals single builds" || fail "folder batch differs from single builds"
"$PAPERS" build "$SET" --out "$WORK/folder" --jobs "$JOBS" >"$WORK/f2.out" 2>"$WORK/f2.err"
status=$?
[ $status -eq 0 ] && grep -qx "6 reports: 0 built, 6 unchanged, 0 failed" "$WORK/f2.out" &&
    pass "second batch: nothing changed" || fail "second batch ($status): $(tail -2 "$WORK/f2.out")"
[ "$(grep -c 'nothing changed since v1' "$WORK/f2.out")" -eq 6 ] &&
    pass "each report says nothing changed" || fail "$(cat "$WORK/f2.out")"

# 4. One failing report: the others are built, exit 1, the summary counts it.
BAD=$WORK/with-bad
mkdir -p "$BAD"
cp -r "$SET/community-safety-2019" "$SET/food-waste-2025" "$SET/wealdbridge-example" "$BAD/"
sed -i 's/<meeting/<meeting broken="/' "$BAD/food-waste-2025/meeting.xml"
"$PAPERS" build "$BAD" --out "$WORK/bad" --jobs "$JOBS" --quiet >"$WORK/bad.out" 2>"$WORK/bad.err"
status=$?
[ $status -eq 1 ] && pass "a failing report: exit 1" || fail "exit $status with a failing report"
grep -qx "3 reports: 2 built, 0 unchanged, 1 failed" "$WORK/bad.out" &&
    pass "summary counts the failure" || fail "summary: $(tail -1 "$WORK/bad.out")"
grep -q "food-waste-2025/meeting.xml:[0-9]*: " "$WORK/bad.err" &&
    pass "the failure is one file:line message" || fail "stderr: $(cat "$WORK/bad.err")"
for name in community-safety-2019 wealdbridge-example; do
    [ -s "$WORK/bad/$name/latest/cabinet-report.pdf" ] && pass "$name built beside the failure" ||
        fail "$name not built beside the failure"
done
[ ! -e "$WORK/bad/food-waste-2025/latest" ] && pass "the failing report has no version" ||
    fail "the failing report got a version"
no_races "$WORK/bad.err" && pass "no race reported (failing batch)" || fail "races in the failing batch"

# 5. Two folders of one name would share an archive: refused, nothing built.
mkdir -p "$WORK/twin"
cp -r "$SET/community-safety-2019" "$WORK/twin/"
"$PAPERS" build "$SET/community-safety-2019" "$WORK/twin/community-safety-2019" \
    --out "$WORK/twins" >"$WORK/twin.out" 2>"$WORK/twin.err"
status=$?
[ $status -eq 2 ] && [ ! -e "$WORK/twins" ] && pass "two folders of one name refused" ||
    fail "twins: exit $status, $(cat "$WORK/twin.err")"

# 6. No progress line when stderr is not a terminal.
grep -q $'\r' "$WORK/b.err" && fail "progress line written to a file" || pass "quiet off a terminal"

finish

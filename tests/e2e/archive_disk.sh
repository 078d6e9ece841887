#!/usr/bin/env bash
# archive_disk.sh - an archive that cannot be written stays as it was.
#
#   - a full disk: the archive on a small tmpfs with room for one version;
#     a build that needs a second one fails with exit 3 and one clear line,
#     and leaves every file, folder and link exactly as it was;
#   - a read-only archive (a read-only bind mount: the tests run as root,
#     where chmod alone does not stop a write): exit 3 for a change, while
#     "nothing changed", verify, history and rebuild still work.
#
# Both need a private mount namespace (unshare -m, as root); where that is
# not allowed the test says "SKIPPED: archive_disk: ..." and passes.
set -u

if [ "${PAPERS_DISK_TEST_INSIDE:-}" != 1 ]; then
    if ! unshare -m true 2>/dev/null; then
        echo "SKIPPED: archive_disk: cannot make a mount namespace (unshare -m needs root)"
        exit 0
    fi
    PAPERS_DISK_TEST_INSIDE=1 exec unshare -m bash "$0" "$@"
fi
. "$(dirname "$0")/lib.bash"

export SOURCE_DATE_EPOCH=1576540800
IN=$WORK/in/community-safety-2019
TEMPLATES=$WORK/templates
mkdir -p "$WORK/in"
cp -r "$REPO/inputs/community-safety-2019" "$IN"
cp -r "$REPO/templates" "$TEMPLATES"
cp -r "$REPO/profiles" "$WORK/profiles"
STYLE=$WORK/profiles/leicestershire/house-style.xml

build() { # ROOT [OPTIONS...]
    local root=$1
    shift
    "$PAPERS" build "$IN" --out "$root" --templates "$TEMPLATES" --profiles "$WORK/profiles" "$@" \
        >"$WORK/last.out" 2>"$WORK/last.err"
}
# Every entry (type, path, link target) and every file's checksum.
state() {
    (cd "$1" && find . -printf '%y %m %p %l\n' | sort && snapshot .)
}
# Size of one version's archive, to make a disk with room for just one.
build "$WORK/sizing" || { fail "sizing build: $(cat "$WORK/last.err")"; finish; exit 1; }
kib=$(du -sk "$WORK/sizing/community-safety-2019" | cut -f1)

# 1. A full disk.
DISK=$WORK/disk
mkdir -p "$DISK"
if ! mount -t tmpfs -o size=$((kib + 160))k tmpfs "$DISK" 2>"$WORK/mount.err"; then
    echo "SKIPPED: archive_disk: cannot mount a tmpfs ($(cat "$WORK/mount.err"))"
    exit 0
fi
A=$DISK/community-safety-2019
if build "$DISK" --reason "First issue"; then
    pass "v1 fits on a $((kib + 160)) KiB disk (one version is $kib KiB)"
else
    fail "v1 on the small disk: $(cat "$WORK/last.err")"
fi
before=$(state "$A")
sed -i 's|size="12pt"|size="11pt"|' "$STYLE" # every output changes
build "$DISK" --reason "Smaller type"
status=$?
message=$(cat "$WORK/last.err")
if [ $status -eq 3 ] && [ "$(wc -l <"$WORK/last.err")" -eq 1 ] &&
    grep -q "No space left on device" "$WORK/last.err"; then
    pass "disk full: exit 3: $message"
else
    fail "disk full: exit $status: $message"
fi
[ "$(state "$A")" = "$before" ] && pass "disk full: the archive is exactly as it was" ||
    fail "disk full: the archive changed: $(diff <(echo "$before") <(state "$A") | head -5)"
"$PAPERS" verify "$A" >"$WORK/verify.out" 2>&1 && pass "disk full: verify passes" ||
    fail "disk full: verify: $(cat "$WORK/verify.out")"
# Room again: the same build succeeds.
mount -o remount,size=$((kib * 3))k "$DISK"
build "$DISK" --reason "Smaller type" && [ "$(readlink "$A/latest")" = v2 ] &&
    pass "with room again, the build makes v2" || fail "after remount: $(cat "$WORK/last.err")"

# 2. A read-only archive.
R=$WORK/ro
build "$R" --reason "First issue" || fail "build before read-only: $(cat "$WORK/last.err")"
RA=$R/community-safety-2019
if ! mount --bind "$RA" "$RA" 2>"$WORK/mount.err" || ! mount -o remount,bind,ro "$RA" 2>>"$WORK/mount.err"; then
    echo "SKIPPED: archive_disk: read-only part: cannot bind-mount ($(cat "$WORK/mount.err"))"
    finish
    exit
fi
before=$(state "$RA")
build "$R"
status=$?
grep -q "nothing changed since v1" "$WORK/last.out" && [ $status -eq 0 ] &&
    pass "read-only, unchanged: exit 0: $(cat "$WORK/last.out")" ||
    fail "read-only, unchanged: exit $status: $(cat "$WORK/last.out" "$WORK/last.err")"
sed -i 's|size="11pt"|size="12pt"|' "$STYLE"
build "$R" --reason "Back to 12pt"
status=$?
message=$(cat "$WORK/last.err")
if [ $status -eq 3 ] && [ "$(wc -l <"$WORK/last.err")" -eq 1 ] &&
    grep -q "Read-only file system" "$WORK/last.err"; then
    pass "read-only: exit 3: $message"
else
    fail "read-only: exit $status: $message"
fi
[ "$(state "$RA")" = "$before" ] && pass "read-only: the archive is exactly as it was" ||
    fail "read-only: the archive changed"
"$PAPERS" verify "$RA" >/dev/null 2>&1 && pass "read-only: verify passes" || fail "read-only: verify"
"$PAPERS" history "$RA" >/dev/null 2>&1 && pass "read-only: history works" || fail "read-only: history"
"$PAPERS" rebuild "$RA" v1 --out "$WORK/ro-rebuilt" >/dev/null 2>&1 &&
    cmp -s "$WORK/ro-rebuilt/cabinet-report.pdf" "$RA/v1/cabinet-report.pdf" &&
    pass "read-only: rebuild v1 works" || fail "read-only: rebuild"
umount "$RA"
umount "$DISK"

finish

# Helpers shared by the end-to-end scripts (sourced, not run).
# Each script is called by ctest as: SCRIPT PAPERS REPO SHARED WORK

PAPERS=$1
REPO=$2
SHARED=$3
WORK=$4
failures=0
passes=0

rm -rf "$WORK"
mkdir -p "$WORK"

pass() { passes=$((passes + 1)); echo "ok: $*"; }
fail() { failures=$((failures + 1)); echo "FAIL: $*"; }

# Where a build with --out ROOT puts the outputs of report folder NAME.  The
# one place tests learn the archive's layout: change it here (for example to
# "$1/$2/latest") and every test follows.
out_dir() { echo "$1/$2/latest"; }

# Checksums of every file under a folder, for "the archive did not change".
snapshot() { (cd "$1" 2>/dev/null && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }

finish() {
    echo "$passes passed, $failures failed"
    [ "$failures" -eq 0 ]
}

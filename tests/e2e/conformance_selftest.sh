#!/usr/bin/env bash
# conformance_selftest.sh - the project's own PDF checks pass a good file and
# catch each defect they name.
#
#   bash tests/e2e/conformance_selftest.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
#
# 1. tests/tools/make_good_pdf.py writes a minimal tagged PDF from qpdf JSON;
#    qpdf --check accepts it and pdf_conformance.py passes every check on it.
# 2. tests/tools/make_broken_pdfs.py derives one broken variant per check;
#    pdf_conformance.py must fail exactly the check each variant is made for
#    (the FAIL lines name it) and no other.
# 3. Every check in pdf_conformance.py --list has at least one variant, so
#    no check is one that cannot fail.
# 4. Usage errors exit 2.
# With ../shared present, check-pdf also accepts the good file (else that
# step prints SKIPPED).  Needs python3, qpdf and Liberation Sans (fontconfig,
# fonts-liberation2); not the papers binary.
set -u
. "$(dirname "$0")/lib.bash"

TOOLS=$REPO/tests/tools
CHECKER=$TOOLS/pdf_conformance.py
GOOD=$WORK/good.pdf
BROKEN=$WORK/broken

for tool in python3 qpdf; do
    command -v "$tool" >/dev/null || { fail "$tool is not installed"; finish; exit 1; }
done

# -- 1. the good fixture ------------------------------------------------------
if python3 "$TOOLS/make_good_pdf.py" "$GOOD" --json "$WORK/good.json" 2>"$WORK/good.err"; then
    pass "make_good_pdf.py wrote the fixture"
else
    fail "make_good_pdf.py: $(cat "$WORK/good.err")"
    finish
    exit 1
fi
if qpdf --check "$GOOD" >"$WORK/qpdf-check.txt" 2>&1; then
    pass "qpdf --check accepts the fixture (no warnings)"
else
    fail "qpdf --check complains about the fixture:"
    cat "$WORK/qpdf-check.txt"
fi
checks=$(python3 "$CHECKER" --list | awk '{ print $1 }')
if python3 "$CHECKER" "$GOOD" >"$WORK/good.txt"; then
    oks=$(grep -c '^ok ' "$WORK/good.txt")
    if [ "$oks" -eq "$(echo "$checks" | wc -l)" ]; then
        pass "the fixture passes all $oks checks"
    else
        fail "the fixture passes $oks checks, --list has $(echo "$checks" | wc -l)"
    fi
else
    fail "pdf_conformance.py rejects the good fixture:"
    grep '^FAIL' "$WORK/good.txt"
fi
if [ -x "$SHARED/tools/check-pdf" ]; then
    if "$SHARED/tools/check-pdf" -q --require-tagged --require-title --require-lang \
        --require-outline "$GOOD" >"$WORK/check-pdf.txt" 2>&1; then
        pass "check-pdf accepts the fixture"
    else
        fail "check-pdf rejects the fixture:"
        cat "$WORK/check-pdf.txt"
    fi
else
    echo "SKIPPED: check-pdf on the fixture: no ../shared"
fi

# -- 2. every variant fails exactly its check ---------------------------------
if ! python3 "$TOOLS/make_broken_pdfs.py" "$GOOD" "$BROKEN" 2>"$WORK/broken.err"; then
    fail "make_broken_pdfs.py: $(cat "$WORK/broken.err")"
    finish
    exit 1
fi
(cd "$BROKEN" && cut -f1 variants.tsv | xargs python3 "$CHECKER" --json >"$WORK/broken.json")
# One line per variant: "pass|fail <text>", from comparing the JSON report
# with the manifest.
python3 - "$BROKEN/variants.tsv" "$WORK/broken.json" >"$WORK/verdicts.txt" <<'EOF'
import json
import sys

expected = {}
for line in open(sys.argv[1], encoding="utf-8"):
    file, check, what = line.rstrip("\n").split("\t")
    expected[file] = (check, what)
report = json.load(open(sys.argv[2], encoding="utf-8"))
seen = set()
for result in report["files"]:
    file = result["file"]
    seen.add(file)
    check, what = expected[file]
    failing = sorted(r["id"] for r in result["results"] if r["status"] == "FAIL")
    if failing == [check]:
        print("pass %s (%s) fails exactly %s" % (file, what, check))
    else:
        print("fail %s (%s) should fail only %s, fails: %s"
              % (file, what, check, " ".join(failing) or "nothing"))
for file in sorted(set(expected) - seen):
    print("fail %s was not checked" % file)
EOF
while read -r verdict text; do
    if [ "$verdict" = pass ]; then pass "$text"; else fail "$text"; fi
done <"$WORK/verdicts.txt"

# -- 3. no check without a variant --------------------------------------------
for check in $checks; do
    if cut -f2 "$BROKEN/variants.tsv" | grep -qxF -- "$check"; then
        pass "$check has a broken variant"
    else
        fail "$check has no broken variant: nothing proves it can fail"
    fi
done

# -- 4. usage -----------------------------------------------------------------
expect_exit() { # WANT WHAT COMMAND...
    local want=$1 what=$2 got
    shift 2
    "$@" >/dev/null 2>&1
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$what: exit $got"; else fail "$what: exit $got, not $want"; fi
}
expect_exit 2 "no file" python3 "$CHECKER"
expect_exit 2 "unknown option" python3 "$CHECKER" --no-such-option "$GOOD"
expect_exit 2 "unknown check name" python3 "$CHECKER" --only NO-SUCH-CHECK "$GOOD"
expect_exit 2 "missing file" python3 "$CHECKER" "$WORK/no-such.pdf"
expect_exit 0 "--only one check" python3 "$CHECKER" --only UA-01-005 "$GOOD"
printf 'not a PDF\n' >"$WORK/not.pdf"
python3 "$CHECKER" "$WORK/not.pdf" >"$WORK/not.txt" 2>&1
status=$?
if [ $status -eq 1 ] && grep -q '^FAIL PDF-read ' "$WORK/not.txt"; then
    pass "a file that is not a PDF: FAIL PDF-read, exit 1"
else
    fail "a file that is not a PDF gives exit $status: $(cat "$WORK/not.txt")"
fi

finish

#!/usr/bin/env bash
# docx_accessibility_selftest.sh - the project's own Word accessibility
# checks pass a good file and catch each defect they name.
#
#   bash tests/e2e/docx_accessibility_selftest.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
#
# tests/tools/make_broken_docx.py writes a minimal good .docx and one broken
# copy per check (variants.tsv says which check must give which status, with
# which options).  docx_accessibility.py must pass every check on the good
# file, and on each variant give exactly the expected status for the named
# check and ok for all others (a link whose text is its URL is a WARN, and a
# FAIL with --strict).  Every check of --list needs a variant.  With
# ../shared present, check-docx also validates the good file against the
# ECMA-376 schemas (else that step prints SKIPPED).  Needs python3 only.
set -u
. "$(dirname "$0")/lib.bash"

TOOLS=$REPO/tests/tools
CHECKER=$TOOLS/docx_accessibility.py
OUT=$WORK/docx

if python3 "$TOOLS/make_broken_docx.py" "$OUT" 2>"$WORK/make.err"; then
    pass "make_broken_docx.py wrote the good file and its variants"
else
    fail "make_broken_docx.py: $(cat "$WORK/make.err")"
    finish
    exit 1
fi

checks=$(python3 "$CHECKER" --list | awk '{ print $1 }')
if python3 "$CHECKER" "$OUT/good.docx" >"$WORK/good.txt" &&
    [ "$(grep -c '^ok ' "$WORK/good.txt")" -eq "$(echo "$checks" | wc -l)" ]; then
    pass "the good file passes all $(echo "$checks" | wc -l) checks"
else
    fail "docx_accessibility.py does not pass the good file:"
    grep -v '^ok ' "$WORK/good.txt"
fi
if [ -x "$SHARED/tools/check-docx" ]; then
    if "$SHARED/tools/check-docx" -q "$OUT/good.docx" >"$WORK/check-docx.txt" 2>&1; then
        pass "check-docx accepts the good file"
    else
        fail "check-docx rejects the good file:"
        cat "$WORK/check-docx.txt"
    fi
else
    echo "SKIPPED: check-docx on the good file: no ../shared"
fi

while IFS=$'\t' read -r file check status options what; do
    set -- "$OUT/$file"
    [ "$options" = - ] || set -- "$options" "$@"
    python3 "$CHECKER" "$@" >"$WORK/$file.$options.txt"
    code=$?
    got=$(awk '$1 == "WARN" || $1 == "FAIL" { print $1 ":" $2 }' "$WORK/$file.$options.txt" |
        tr '\n' ' ')
    want_code=0
    [ "$status" = FAIL ] && want_code=1
    if [ "$got" = "$status:$check " ] && [ $code -eq $want_code ]; then
        pass "$file $options ($what): $status $check, exit $code"
    else
        fail "$file $options ($what): want $status $check and exit $want_code," \
            "got ${got:-all ok} exit $code"
    fi
done <"$OUT/variants.tsv"

for check in $checks; do
    if cut -f2 "$OUT/variants.tsv" | grep -qxF -- "$check"; then
        pass "$check has a broken variant"
    else
        fail "$check has no broken variant: nothing proves it can fail"
    fi
done

python3 "$CHECKER" >/dev/null 2>&1
status=$?
if [ $status -eq 2 ]; then pass "no file: exit 2"; else fail "no file: exit $status, not 2"; fi
printf 'not a zip\n' >"$WORK/not.docx"
python3 "$CHECKER" "$WORK/not.docx" >"$WORK/not.txt" 2>&1
status=$?
if [ $status -eq 1 ] && grep -q '^FAIL DOCX-read ' "$WORK/not.txt"; then
    pass "a file that is not a .docx: FAIL DOCX-read, exit 1"
else
    fail "a file that is not a .docx gives exit $status: $(cat "$WORK/not.txt")"
fi

finish

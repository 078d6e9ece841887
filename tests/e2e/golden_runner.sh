#!/usr/bin/env bash
# golden_runner.sh - the golden-case runner (tests/cases/run.sh and
# check_outputs.py) rejects what it must: each check is given a broken case
# or a tampered output, and must fail naming the problem.
#
#   bash tests/e2e/golden_runner.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
set -u
. "$(dirname "$0")/lib.bash"

RUN=$REPO/tests/cases/run.sh
CHECK=$REPO/tests/cases/check_outputs.py
GOOD=$REPO/tests/cases/cross-reference

run_case() { # NAME CASE_DIR [env...]: run.sh into WORK/NAME, output in WORK/NAME.log
    local name=$1 dir=$2
    shift 2
    env "$@" bash "$RUN" "$PAPERS" "$REPO" "$SHARED" "$WORK/$name" "$dir" >"$WORK/$name.log" 2>&1
}
expect_fail() { # WHAT LOG PATTERN STATUS
    if [ "$4" -ne 0 ] && grep -q -- "$3" "$2"; then
        pass "$1 is rejected"
    else
        fail "$1 is not rejected with '$3' (exit $4):"; cat "$2"
    fi
}
copy_case() { rm -rf "$WORK/cases/$1"; mkdir -p "$WORK/cases"; cp -r "$GOOD" "$WORK/cases/$1"; }

# The good case passes, and leaves its outputs to tamper with.
run_case good "$GOOD"
if [ $? -eq 0 ]; then pass "the unchanged case passes"; else fail "the good case fails:"; cat "$WORK/good.log"; fi
OUT=$(out_dir "$WORK/good/out" input)

# A changed word in the expected text.
copy_case broken-txt
sed -i 's/Most respondents/Many respondents/' "$WORK/cases/broken-txt/expected/appendix-1.txt"
run_case broken-txt "$WORK/cases/broken-txt"
expect_fail "a changed expected text" "$WORK/broken-txt.log" "appendix-1.txt differs" $?

# ... which UPDATE_GOLDEN=1 puts right, byte for byte.
run_case update "$WORK/cases/broken-txt" UPDATE_GOLDEN=1
status=$?
if [ $status -eq 0 ] && cmp -s "$WORK/cases/broken-txt/expected/appendix-1.txt" \
        "$GOOD/expected/appendix-1.txt"; then
    pass "UPDATE_GOLDEN=1 rewrites the expected text"
else
    fail "UPDATE_GOLDEN=1 did not restore the expected text (exit $status)"; cat "$WORK/update.log"
fi

# A mode nobody knows, a format nobody knows, no modes file.
copy_case bad-mode
echo "pdf pixels" >>"$WORK/cases/bad-mode/modes"
run_case bad-mode "$WORK/cases/bad-mode"
expect_fail "an unknown mode" "$WORK/bad-mode.log" "unknown mode 'pixels' for pdf" $?
copy_case bad-format
echo "odt exact" >>"$WORK/cases/bad-format/modes"
run_case bad-format "$WORK/cases/bad-format"
expect_fail "an unknown format" "$WORK/bad-format.log" "unknown format 'odt'" $?
copy_case no-modes
rm "$WORK/cases/no-modes/modes"
run_case no-modes "$WORK/cases/no-modes"
expect_fail "a case without modes" "$WORK/no-modes.log" "has no modes file" $?

# An expected file for a document the build does not make.
copy_case ghost
cp "$GOOD/expected/report.txt" "$WORK/cases/ghost/expected/ghost.txt"
run_case ghost "$WORK/cases/ghost"
expect_fail "an expected file with no document" "$WORK/ghost.log" \
    "expected/ghost.\* names a document the build did not make" $?

# A wrong page count.
copy_case pages
echo 9 >"$WORK/cases/pages/expected/report.pages"
run_case pages "$WORK/cases/pages"
expect_fail "a wrong page count" "$WORK/pages.log" "report.pdf: 1 pages, expected/report.pages says 9" $?

# Tampered outputs, checked against the good case's expected files.
check_tampered() { # WHAT PATTERN [--shared=DIR]: run check_outputs.py on WORK/t
    python3 "$CHECK" "$GOOD" "$WORK/t" "${@:3}" >"$WORK/t.log" 2>&1
    expect_fail "$1" "$WORK/t.log" "$2" $?
}
fresh() { rm -rf "$WORK/t"; cp -rL "$OUT" "$WORK/t"; chmod -R u+w "$WORK/t"; }
rezip_numbering() { # SED_EXPRESSION: edit word/numbering.xml of WORK/t/report.docx
    python3 - "$WORK/t/report.docx" "$1" <<'PY'
import re, subprocess, sys, zipfile
path, expression = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(path) as z:
    parts = [(i, z.read(i.filename)) for i in z.infolist()]
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in parts:
        if info.filename == "word/numbering.xml":
            data = subprocess.run(["sed", expression], input=data, capture_output=True,
                                  check=True).stdout
        z.writestr(info, data)
PY
}
# check-docx is in ../shared; the checks that use it are skipped without it.
with_shared() { # WHAT PATTERN: check_tampered with check-docx, or SKIPPED
    if [ -x "$SHARED/tools/check-docx" ]; then
        check_tampered "$1" "$2" --shared="$SHARED"
    else
        echo "SKIPPED: $1 (check-docx): no ../shared"
    fi
}

fresh
rezip_numbering 's|w:lvlText w:val="%1.%2"|w:lvlText w:val="%1-%2"|'
check_tampered "a DOCX whose level-2 pattern is %1-%2" "Word would number"
fresh
rezip_numbering 's|w:numFmt w:val="lowerRoman"|w:numFmt w:val="upperRoman"|'
check_tampered "a DOCX whose sub-items are upper roman" "Word would number"
fresh
head -c 2000 "$OUT/report.docx" >"$WORK/t/report.docx"
with_shared "a truncated DOCX" "report.docx: check-docx"
check_tampered "a truncated DOCX (without check-docx)" "report.docx: not a ZIP package"
fresh
cp "$OUT/appendix-1.pdf" "$WORK/t/report.pdf"
check_tampered "a PDF with other words" "report.pdf: its text differs"

finish

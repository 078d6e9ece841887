#!/usr/bin/env bash
# The public version keeps the full version's numbers, gaps included, and
# Word's numbering shows them: LibreOffice opens the public and the full
# DOCX of the leak check's paper (tests/data/exempt-leak: a withheld
# numbered paragraph keeps its number, a withheld section takes two numbers
# with it, a withheld list item keeps its number) and the labels it shows
# are the ones the trees have - the same labels in both versions but the
# withheld section's.  So does the golden case exempt-numbering (numbers by
# section: a gap below a section's number, 2.1 then 2.4, and a withheld
# section, 2 then 4).  Both DOCX pass check-docx and both PDFs check-pdf.
set -u
. "$(dirname "$0")/lib.bash"

if ! command -v soffice >/dev/null; then
    echo "SKIPPED: exempt_numbering: no soffice (LibreOffice) to count Word's numbers"
    exit 0
fi
export SOURCE_DATE_EPOCH=1700000000
if "$PAPERS" build "$REPO/tests/data/exempt-leak" --format txt,docx,pdf --out "$WORK/out" -q \
        >"$WORK/build.log" 2>&1; then
    pass "built with the full versions"
else
    fail "build: $(cat "$WORK/build.log")"
    finish
    exit 1
fi
OUT=$(out_dir "$WORK/out" exempt-leak)
CASE=$REPO/tests/cases/exempt-numbering/input
"$PAPERS" build "$CASE" --format docx --out "$WORK/case" -q >/dev/null 2>&1 \
    && pass "built the case exempt-numbering" || fail "cannot build $CASE"
CASE_OUT=$(out_dir "$WORK/case" input)

# The labels a tree gives, in order (numbered paragraphs and ordered items).
tree_labels() {
    grep -oE '<(numbered|heading|item)[^>]* label="[^"]*"' "$1" | sed 's/.* label="//; s/"$//' \
        | tr '\n' ' '
}
# The labels LibreOffice shows: each line's first word, when it is a label.
lo_labels() {
    sed 's/^\xEF\xBB\xBF//' "$1" | grep -oE '^ *([0-9]+(\.[0-9]+)*\.?|\([a-z]+\))[[:space:]]' \
        | tr -d ' \t' | tr '\n' ' '
}

mkdir -p "$WORK/lo"
if soffice -env:UserInstallation="file://$WORK/lo-profile" --headless \
        --convert-to 'txt:Text (encoded):UTF8' --outdir "$WORK/lo" \
        "$OUT/paper.docx" "$OUT/paper-EXEMPT.docx" >"$WORK/lo.log" 2>&1 &&
        soffice -env:UserInstallation="file://$WORK/lo-profile" --headless \
        --convert-to 'txt:Text (encoded):UTF8' --outdir "$WORK/lo-case" \
        "$CASE_OUT/paper.docx" >>"$WORK/lo.log" 2>&1 &&
        [ -f "$WORK/lo/paper.txt" ] && [ -f "$WORK/lo/paper-EXEMPT.txt" ]; then
    pass "LibreOffice opened both versions"
else
    fail "LibreOffice could not convert: $(cat "$WORK/lo.log")"
    finish
    exit 1
fi

public=$(tree_labels "$OUT/paper.tree.xml")
full=$(tree_labels "$OUT/paper-EXEMPT.tree.xml")
[ "$full" = "1. 2. 3. 4. 5. 6. 7. 1. 2. 3. 8. 9. 10. 11. " ] \
    && pass "the full version numbers 1 to 11" || fail "full tree labels: $full"
[ "$public" = "1. 2. 3. 4. 5. 6. 7. 1. 2. 3. 10. 11. " ] \
    && pass "the public version keeps the numbers, 8 and 9 withheld" \
    || fail "public tree labels: $public"
lo_public=$(lo_labels "$WORK/lo/paper.txt")
lo_full=$(lo_labels "$WORK/lo/paper-EXEMPT.txt")
[ "$lo_public" = "$public" ] && pass "Word's numbering of the public version: $lo_public" \
    || fail "LibreOffice shows '$lo_public' in the public version, the tree '$public'"
[ "$lo_full" = "$full" ] && pass "Word's numbering of the full version: $lo_full" \
    || fail "LibreOffice shows '$lo_full' in the full version, the tree '$full'"
case_labels=$(tree_labels "$CASE_OUT/paper.tree.xml")
lo_case=$(lo_labels "$WORK/lo-case/paper.txt")
[ "$case_labels" = "1. 1.1 1.2 1.3 2. 2.1 2.4 4. 4.1 (a) (b) (c) (i) (ii) 4.2 " ] \
    && pass "exempt-numbering keeps 2.4 and 4 after the withheld parts" \
    || fail "exempt-numbering tree labels: $case_labels"
[ "$lo_case" = "$case_labels" ] && pass "Word's numbering of exempt-numbering: $lo_case" \
    || fail "LibreOffice shows '$lo_case' in exempt-numbering, the tree '$case_labels'"
grep -q 'Information withheld: exempt under paragraph 2' "$WORK/lo/paper.txt" \
    && pass "the withheld list item's notice stands in its place" \
    || fail "no notice for the withheld list item"

if [ -x "$SHARED/tools/check-docx" ]; then
    for f in paper.docx paper-EXEMPT.docx appendix-a.docx appendix-a-EXEMPT.docx; do
        "$SHARED/tools/check-docx" -q "$OUT/$f" >"$WORK/check.log" 2>&1 \
            && pass "check-docx $f" || fail "check-docx $f: $(tail -n 5 "$WORK/check.log")"
    done
    for f in paper.pdf paper-EXEMPT.pdf appendix-a.pdf appendix-a-EXEMPT.pdf; do
        "$SHARED/tools/check-pdf" -q "$OUT/$f" >"$WORK/check.log" 2>&1 \
            && pass "check-pdf $f" || fail "check-pdf $f: $(tail -n 5 "$WORK/check.log")"
    done
else
    echo "note: no $SHARED/tools: the files are not checked by check-docx and check-pdf"
fi
finish

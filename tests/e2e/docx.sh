# docx.sh - end to end: the seed paper as Word documents.
#
#   bash tests/e2e/docx.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
#
# Builds inputs/community-safety-2019 as DOCX and TXT, then for each DOCX:
# check-docx (schemas, references and a LibreOffice round trip) must pass,
# LibreOffice's text must match the plain-text writer's paragraph by
# paragraph, and a second build (same SOURCE_DATE_EPOCH, another time zone,
# a few seconds later) must give the same bytes.
set -u
. "$(dirname "$0")/lib.bash"

INPUT=$REPO/inputs/community-safety-2019
CHECK_DOCX=$SHARED/tools/check-docx
COMPARE=$REPO/tests/tools/compare_text.py
DOCS="cabinet-report appendix-a appendix-b"
export SOURCE_DATE_EPOCH=1576540800

[ -e "$COMPARE" ] || { fail "missing $COMPARE"; finish; exit 1; }
# check-docx is in ../shared.  Without it the schema check is skipped by
# name and LibreOffice's text is taken with soffice directly.
if [ ! -x "$CHECK_DOCX" ]; then
    echo "SKIPPED: e2e_docx: check-docx (ECMA-376 schemas, references): no ../shared ($CHECK_DOCX)"
fi

build() { # OUT_DIR: build the paper into OUT_DIR
    "$PAPERS" build "$INPUT" --format docx,txt --out "$1" >"$1.log" 2>&1
}

mkdir -p "$WORK/lo" "$WORK/out"
if build "$WORK/out"; then
    pass "papers build wrote docx and txt"
else
    fail "papers build failed:"; cat "$WORK/out.log"
    finish; exit 1
fi
OUT=$WORK/out/community-safety-2019/latest

for doc in $DOCS; do
    docx=$OUT/$doc.docx
    if [ ! -s "$docx" ] || [ ! -s "$OUT/$doc.txt" ]; then
        fail "$doc: docx or txt missing"
        continue
    fi
    echo "$doc.docx: $(stat -c %s "$docx") bytes"
    mkdir -p "$WORK/lo/$doc"
    if [ ! -x "$CHECK_DOCX" ]; then
        if ! command -v soffice >/dev/null; then
            echo "SKIPPED: e2e_docx: LibreOffice text of $doc: soffice is not installed"
            continue
        fi
        soffice -env:UserInstallation="file://$WORK/lo-profile" --headless \
            --convert-to txt:Text --outdir "$WORK/lo/$doc" "$docx" >"$WORK/lo/$doc.check" 2>&1
    elif "$CHECK_DOCX" --lo --keep-lo "$WORK/lo/$doc" "$docx" >"$WORK/lo/$doc.check" 2>&1; then
        pass "$doc: $(tail -n 1 "$WORK/lo/$doc.check")"
    else
        fail "$doc: check-docx:"; cat "$WORK/lo/$doc.check"
        continue
    fi
    # LibreOffice writes one paragraph per line with no blank line between
    # them; a blank line after each line makes every line a paragraph, so
    # the comparison is paragraph by paragraph and not one lump of text.
    lo_text=$WORK/lo/$doc/$doc.txt
    sed 's/$/\n/' "$lo_text" >"$WORK/lo/$doc.paragraphs.txt"
    if python3 "$COMPARE" "$OUT/$doc.txt" "$WORK/lo/$doc.paragraphs.txt" \
            --drop '^Page [0-9]+ of [0-9]+$' --tree "$OUT/$doc.tree.xml" \
            >"$WORK/lo/$doc.compare" 2>&1; then
        pass "$doc: LibreOffice text matches the txt writer"
    else
        fail "$doc: text differs:"; cat "$WORK/lo/$doc.compare"
    fi
done

# Same inputs, same SOURCE_DATE_EPOCH: the same bytes, whatever the clock
# (zip times have a 2 s grain) or the time zone (zip stores local time).
sleep 2
mkdir -p "$WORK/again"
if TZ=America/New_York build "$WORK/again"; then
    for doc in $DOCS; do
        if cmp -s "$OUT/$doc.docx" "$WORK/again/community-safety-2019/latest/$doc.docx"; then
            pass "$doc: second build is byte-identical"
        else
            fail "$doc: second build differs"
        fi
    done
else
    fail "second build failed:"; cat "$WORK/again.log"
fi

finish

#!/usr/bin/env bash
# html.sh - web pages in the archive, without a browser (browser.sh opens
# them): --format html makes a page per document and the report's
# index.html, recorded in the manifest; the index links to the formats of
# its own version, so it is made again when they change and carried when
# nothing does; a rebuild makes it byte for byte; a document named "index"
# is refused with its manifest line; the pages carry no scripts and no
# exempt marks.
set -u
. "$(dirname "$0")/lib.bash"

export SOURCE_DATE_EPOCH=1576540800
IN=$WORK/in/food-waste-2025
ROOT=$WORK/out
A=$ROOT/food-waste-2025
mkdir -p "$WORK/in"
cp -r "$REPO/inputs/food-waste-2025" "$IN"

build() { # build FORMATS [INPUT]: output in $WORK/last.*
    "$PAPERS" build "${2:-$IN}" --out "$ROOT" --format "$1" >"$WORK/last.out" 2>"$WORK/last.err"
}
xpath() { xmllint --xpath "$1" "$2" 2>/dev/null; }

# 1. A page per document and the index, recorded in the manifest.
if build txt,html; then pass "build --format txt,html"; else fail "build: $(cat "$WORK/last.err")"; fi
for doc in cabinet-report appendix-1 appendix-2; do
    [ -s "$A/v1/$doc.html" ] && pass "v1 has $doc.html" || fail "v1 lacks $doc.html"
done
[ -s "$A/v1/index.html" ] && pass "v1 has index.html" || fail "v1 lacks index.html"
fmt=$(xpath 'string(//output[@name="index.html"]/@format)' "$A/v1/manifest.xml")
[ "$fmt" = html ] && pass "the manifest records index.html as html" || fail "index.html format: '$fmt'"
uses=$(xpath 'count(//output[@name="index.html"]/uses)' "$A/v1/manifest.xml")
[ "${uses:-0}" -gt 3 ] && pass "index.html records the $uses inputs it was made from" \
    || fail "index.html records ${uses:-no} inputs"
if grep -q 'href="appendix-1.html">Appendix 1: Scheme costs and funding</a>' "$A/v1/index.html" &&
   grep -q 'href="appendix-1.txt">plain text' "$A/v1/index.html"; then
    pass "the index links each page with its appendix label, and the text files"
else
    fail "the index lacks the appendix page or its text file"
fi
grep -q '\.pdf"' "$A/v1/index.html" && fail "the index links PDFs that v1 does not have" \
    || pass "the index links no PDF when none was made"
n=$(cat "$A"/v1/*.html | grep -c '<script' || true)
[ "$n" -eq 0 ] && pass "no page has a script" || fail "$n script elements in the pages"
grep -q '<html lang="en-GB">' "$A/v1/cabinet-report.html" && grep -q '<title>' "$A/v1/cabinet-report.html" \
    && pass "lang and title on the page" || fail "the page lacks lang or title"

# 2. Nothing changed: the index is carried and no version is made.
build txt,html
grep -qx "$A: nothing changed since v1" "$WORK/last.out" && pass "unchanged: no new version" \
    || fail "unchanged build said: $(cat "$WORK/last.out")"

# 3. PDF added: the index is made again and links the PDFs; the pages carried.
build txt,html,pdf
grep -q 'href="appendix-1.pdf">PDF' "$A/v2/index.html" && pass "v2's index links the PDFs" \
    || fail "v2's index lacks the PDF links"
carried=$(xpath 'string(//output[@name="appendix-1.html"]/@carried-from)' "$A/v2/manifest.xml")
made=$(xpath 'string(//output[@name="index.html"]/@carried-from)' "$A/v2/manifest.xml")
[ "$carried" = 1 ] && [ -z "$made" ] && pass "pages carried from v1, the index made again" \
    || fail "appendix-1.html carried-from '$carried', index.html carried-from '$made'"

# 4. Only html: the index drops the links to files this version lacks.
build html
if grep -q '\.pdf"\|\.txt"' "$A/v3/index.html"; then fail "v3's index links files it lacks"
else pass "v3 (html only): the index links no other format"; fi

# 5. Rebuild v2 byte for byte, index included; verify passes.
if "$PAPERS" rebuild "$A" v2 --out "$WORK/rebuilt" >"$WORK/rebuild.out" 2>&1 &&
   cmp -s "$WORK/rebuilt/index.html" "$A/v2/index.html" &&
   cmp -s "$WORK/rebuilt/cabinet-report.html" "$A/v2/cabinet-report.html"; then
    pass "rebuild v2: index.html and the pages byte-identical"
else
    fail "rebuild v2: $(cat "$WORK/rebuild.out")"
fi
"$PAPERS" verify "$A" >"$WORK/verify.out" 2>&1 && pass "verify: $(cat "$WORK/verify.out")" \
    || fail "verify: $(cat "$WORK/verify.out")"

# 6. A document whose page would be the index is refused, naming the line.
BAD=$WORK/in/index-clash
cp -r "$IN" "$BAD"
sed -i 's/output="appendix-2"/output="index"/' "$BAD/report.xml"
before=$(snapshot "$ROOT")
build txt,html "$BAD"
status=$?
[ "$status" -eq 1 ] && grep -q "^$BAD/report.xml:[0-9]*: .*index.html" "$WORK/last.err" \
    && pass "output=\"index\" refused: $(cat "$WORK/last.err")" \
    || fail "output=\"index\": exit $status: $(cat "$WORK/last.err")"
[ "$(snapshot "$ROOT")" = "$before" ] && pass "the archive is as it was" || fail "the archive changed"

# 7. An unknown format names html among the known ones.
build txt,htm
status=$?
[ "$status" -eq 2 ] && grep -q "html" "$WORK/last.err" && pass "--format htm: exit 2, lists html" \
    || fail "--format htm: exit $status: $(cat "$WORK/last.err")"

finish

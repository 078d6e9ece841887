#!/usr/bin/env bash
# redline.sh - an amendment end to end: build the seed, amend Appendix B's
# data, build again.  v2 holds only Appendix B's new files and its redlines,
# the manifest records them, `papers diff` names the changed paragraphs the
# way a clerk does, and both redlines are right:
#
#   appendix-b-changes.docx  passes check-docx; LibreOffice lists its
#                            tracked changes (author and date of v2);
#                            accepting them all gives v2's text, rejecting
#                            them all v1's (tests/tools/lo_changes.py, UNO);
#   appendix-b-changes.pdf   passes check-pdf and pdf_conformance.py; its
#                            text has the note and both old and new words;
#                            its pages draw insertions and deletions in their
#                            colours and change bars in the margin.
#
# Then the cabinet report: a numbered paragraph deleted, one inserted and a
# list item changed; accept and reject give v3's and v2's text, numbering
# labels included.  Rebuilding v2 remakes its redlines byte for byte; a
# build with nothing changed makes no version and no redline.  Parts that
# need ../shared or LibreOffice say SKIPPED by name when those are missing.
set -u
. "$(dirname "$0")/lib.bash"

export SOURCE_DATE_EPOCH=1576540800
export TZ=UTC
IN=$WORK/in/community-safety-2019
ROOT=$WORK/out
A=$ROOT/community-safety-2019
TOOLS=$REPO/tests/tools
CHECK_DOCX=$SHARED/tools/check-docx
CHECK_PDF=$SHARED/tools/check-pdf
FOOTER='^Page [0-9]+ of [0-9]+$'
mkdir -p "$WORK/in"
cp -r "$REPO/inputs/community-safety-2019" "$IN"
cp -r "$REPO/templates" "$WORK/templates"
cp -r "$REPO/profiles" "$WORK/profiles"

build() { # build [OPTIONS...]: output in $WORK/last.out, $WORK/last.err
    "$PAPERS" build "$IN" --out "$ROOT" --templates "$WORK/templates" \
        --profiles "$WORK/profiles" "$@" >"$WORK/last.out" 2>"$WORK/last.err"
}
xpath() { xmllint --xpath "$1" "$2" 2>/dev/null; }

have_shared=yes
[ -x "$CHECK_DOCX" ] && [ -x "$CHECK_PDF" ] || have_shared=
have_lo=yes
if [ ! -x /usr/bin/soffice ] || ! /usr/bin/python3 -c 'import uno' 2>/dev/null; then
    have_lo=
fi

# LibreOffice on a redline: accept and reject all, each compared with the
# text writer's output of a version.  NAME DOCX NEW_TXT OLD_TXT
lo_accept_reject() {
    local out=$WORK/lo-$1
    if ! /usr/bin/python3 "$TOOLS/lo_changes.py" "$2" "$out" >"$out.log" 2>&1; then
        fail "$1: LibreOffice could not act on the changes: $(cat "$out.log")"
        return
    fi
    local n
    n=$(wc -l <"$out/changes.tsv")
    [ "$n" -gt 0 ] && pass "$1: LibreOffice lists $n tracked changes" || fail "$1: no tracked changes listed"
    for side in accepted:"$3" rejected:"$4"; do
        local what=${side%%:*} want=${side#*:}
        # one paragraph a line from LibreOffice: a blank line after each
        sed 's/$/\n/' "$out/$what.txt" >"$out/$what.paragraphs"
        # the version's tree: the text writer's tables are read row by row
        if python3 "$TOOLS/compare_text.py" "$want" "$out/$what.paragraphs" --drop "$FOOTER" \
                --tree "${want%.txt}.tree.xml" >"$out/$what.compare" 2>&1; then
            pass "$1: all changes $what in LibreOffice = $(basename "$(dirname "$want")")/$(basename "$want")"
        else
            fail "$1: all changes $what: $(cat "$out/$what.compare")"
        fi
    done
}

# 1. The first version: no redline (nothing to compare with).
build --reason "First issue" --author "Democratic Services" || fail "first build: $(cat "$WORK/last.err")"
[ -z "$(ls "$A/v1" | grep -- '-changes\.')" ] && pass "v1 has no redline" || fail "v1 has redlines"

# 2. Amend Appendix B's data: a word dropped, a note extended, a strategy
#    replaced by another (a list item deleted and one inserted, a table cell
#    changed).
python3 - "$IN/agreement.xml" <<'EOF'
import re, sys
path = sys.argv[1]
s = open(path, encoding="utf-8").read()
s = s.replace("so that all the key information", "so that the key information")
s = s.replace("Protect and Prepare.</note>", "Protect and Prepare, reviewed in 2020.</note>")
s = re.sub(r'    <strategy id="drugs".*?</strategy>\n', "", s, flags=re.S)
s = s.replace('    <strategy id="crime-prevention"',
              '    <strategy id="knife-crime">\n      <title>Knife Crime Strategy</title>\n'
              '      <published date="2020-02-01"/>\n    </strategy>\n'
              '    <strategy id="crime-prevention"')
s = s.replace('<national ref="drugs"/>', '<national ref="knife-crime"/>')
open(path, "w", encoding="utf-8").write(s)
EOF
if build --reason "Amendment moved at Cabinet, para 9" --author "Jo Bloggs"; then
    pass "second build"
else
    fail "second build: $(cat "$WORK/last.err")"; finish; exit 1
fi
[ -d "$A/v2" ] && pass "v2 exists" || fail "no v2"
docs_differing=
for f in "$A/v1"/*; do
    name=$(basename "$f")
    [ "$name" = manifest.xml ] || cmp -s "$f" "$A/v2/$name" || docs_differing="$docs_differing$name "
done
[ "$docs_differing" = "appendix-b.docx appendix-b.pdf appendix-b.tree.xml appendix-b.txt " ] \
    && pass "only Appendix B's files differ from v1" || fail "differing: $docs_differing"
redlines=$(cd "$A/v2" && ls -- *-changes.* | tr '\n' ' ')
[ "$redlines" = "appendix-b-changes.docx appendix-b-changes.pdf " ] \
    && pass "v2 has Appendix B's redlines only" || fail "redlines in v2: $redlines"
grep -q "^wrote $A/v2/appendix-b-changes.docx (the changes since v1)$" "$WORK/last.out" \
    && pass "the build says it wrote the redlines" || fail "build said: $(cat "$WORK/last.out")"

# The manifest: redlines as outputs of role redline, compared with v1.
m=$A/v2/manifest.xml
xmllint --noout --schema "$REPO/schemas/archive-manifest.xsd" "$m" 2>/dev/null \
    && pass "v2/manifest.xml is valid" || fail "v2/manifest.xml is not valid"
[ "$(xpath 'count(//output[@role="redline"][@compared-with="1"][@built-in="2"][not(@carried-from)])' "$m")" = 2 ] \
    && pass "manifest: two redlines, compared with v1" || fail "manifest redlines: $(grep -- -changes "$m")"
[ "$(xpath 'string(//output[@name="appendix-b-changes.pdf"]/@format)' "$m")" = pdf ] \
    && pass "manifest: the PDF redline's format is pdf" || fail "redline format"
case "$(xpath '//output[@name="appendix-b-changes.docx"]/uses/@path' "$m")" in
    *agreement.xml*) pass "manifest: the redline uses agreement.xml" ;;
    *) fail "redline uses: $(xpath '//output[@name="appendix-b-changes.docx"]/uses/@path' "$m")" ;;
esac
"$PAPERS" verify "$A" >"$WORK/verify.out" 2>&1 && pass "verify: $(cat "$WORK/verify.out")" \
    || fail "verify: $(cat "$WORK/verify.out")"
"$PAPERS" history "$A" >"$WORK/history" 2>&1
grep -q "redlines (changes since v1): appendix-b-changes.docx, appendix-b-changes.pdf" "$WORK/history" \
    && pass "history lists the redlines" || fail "history: $(cat "$WORK/history")"

# papers diff: the changed paragraphs, named as a clerk does.
"$PAPERS" diff "$A" v1 v2 >"$WORK/diff.out" 2>&1 || fail "diff v1 v2: $(cat "$WORK/diff.out")"
expect_diff() { # LINE: a line diff must print (fixed string)
    grep -qxF -- "$1" "$WORK/diff.out" && pass "diff: $1" || fail "diff lacks: $1"
}
expect_diff "Appendix B – Leicestershire Community Safety Agreement (appendix-b): 6 changes"
expect_diff "  changed: the 2nd paragraph (What the agreement is)"
expect_diff "      ... crime and disorder strategies, so that [-all-] the key information"
expect_diff "  changed: bullet 3 (National strategies)"
expect_diff "  deleted: bullet 6 (National strategies)"
expect_diff "      Drug Strategy 2017, published 14 July 2017."
expect_diff "  inserted: bullet 7 (National strategies)"
expect_diff "      Knife Crime Strategy, published 1 February 2020."
expect_diff "unchanged: cabinet-report, appendix-a"
grep -q "{+Prepare," "$WORK/diff.out" && pass "diff shows the inserted words" || fail "diff words"
"$PAPERS" diff "$A" v1 latest >"$WORK/diff-latest.out" 2>&1
cmp -s "$WORK/diff.out" "$WORK/diff-latest.out" && pass "diff v1 latest = diff v1 v2" \
    || fail "diff v1 latest differs"
"$PAPERS" diff "$A" v1 v7 >/dev/null 2>"$WORK/diff7.err"
[ $? -eq 1 ] && pass "diff of a version that is not there: exit 1 ($(cat "$WORK/diff7.err"))" \
    || fail "diff v7"
"$PAPERS" diff "$A" v1 >/dev/null 2>&1
[ $? -eq 2 ] && pass "diff with one version: usage, exit 2" || fail "diff with one version"

# The Word redline.
RD=$A/v2/appendix-b-changes.docx
if [ -n "$have_shared" ]; then
    "$CHECK_DOCX" --lo "$RD" >"$WORK/check-docx.out" 2>&1 && pass "$(tail -n 1 "$WORK/check-docx.out")" \
        || fail "check-docx: $(grep FAIL "$WORK/check-docx.out" | head -5)"
else
    echo "SKIPPED: check-docx of the redline: no ../shared"
fi
# zip and unzip are not in the package list: Python's zipfile is.
unpack() { python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"; }
pack() { # DIR OUT.docx
    python3 - "$1" "$2" <<'EOF'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk(src):
        for f in sorted(files):
            path = os.path.join(root, f)
            z.write(path, os.path.relpath(path, src))
EOF
}
mkdir -p "$WORK/docx" && unpack "$RD" "$WORK/docx"
body=$WORK/docx/word/document.xml
built_at=$(xpath 'string(//built/@at)' "$m")
[ "$(grep -o '<w:ins ' "$body" | wc -l)" -gt 0 ] && [ "$(grep -o '<w:delText' "$body" | wc -l)" -gt 0 ] \
    && pass "document.xml has w:ins and w:del runs" || fail "no tracked runs in document.xml"
authors=$(grep -o 'w:author="[^"]*"' "$body" | sort -u | tr '\n' ' ')
[ "$authors" = 'w:author="Jo Bloggs" ' ] && pass "every change by the manifest's author" \
    || fail "authors: $authors"
dates=$(grep -o 'w:date="[^"]*"' "$body" | sort -u | tr '\n' ' ')
[ "$dates" = "w:date=\"$built_at\" " ] && pass "every change dated $built_at (the build)" \
    || fail "dates: $dates, built $built_at"
if [ -n "$have_lo" ]; then
    lo_accept_reject appendix-b "$RD" "$A/v2/appendix-b.txt" "$A/v1/appendix-b.txt"
    cut -f2,3 "$WORK/lo-appendix-b/changes.tsv" | sort -u >"$WORK/lo-who"
    [ "$(cat "$WORK/lo-who")" = "Jo Bloggs	${built_at%Z}" ] && pass "LibreOffice: author Jo Bloggs, $built_at" \
        || fail "LibreOffice lists: $(cat "$WORK/lo-who")"
    # A broken redline, its first deletion dropped: rejecting it cannot
    # give v1's text, and the check must say so.
    mkdir -p "$WORK/broken" && cp -r "$WORK/docx/." "$WORK/broken/"
    python3 - "$WORK/broken/word/document.xml" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = re.sub(r"<w:del [^>]*>(?:(?!</w:del>).)*</w:del>", "", s, count=1, flags=re.S)
open(p, "w", encoding="utf-8").write(s)
EOF
    pack "$WORK/broken" "$WORK/broken.docx"
    /usr/bin/python3 "$TOOLS/lo_changes.py" "$WORK/broken.docx" "$WORK/lo-broken" >/dev/null 2>&1
    sed 's/$/\n/' "$WORK/lo-broken/rejected.txt" >"$WORK/lo-broken/rejected.paragraphs"
    if python3 "$TOOLS/compare_text.py" "$A/v1/appendix-b.txt" "$WORK/lo-broken/rejected.paragraphs" \
            --drop "$FOOTER" --tree "$A/v1/appendix-b.tree.xml" --quiet 2>/dev/null; then
        fail "a redline missing a deletion passed the reject check"
    else
        pass "a redline missing a deletion fails the reject check"
    fi
else
    echo "SKIPPED: LibreOffice accept/reject: no /usr/bin/soffice or python3-uno"
fi

# The PDF redline.
RP=$A/v2/appendix-b-changes.pdf
if [ -n "$have_shared" ]; then
    "$CHECK_PDF" "$RP" >"$WORK/check-pdf.out" 2>&1 && pass "$(tail -n 1 "$WORK/check-pdf.out")" \
        || fail "check-pdf: $(grep FAIL "$WORK/check-pdf.out" | head -5)"
else
    echo "SKIPPED: check-pdf of the redline: no ../shared"
fi
python3 "$TOOLS/pdf_conformance.py" "$RP" >"$WORK/conformance.out" 2>&1 \
    && pass "$(tail -n 1 "$WORK/conformance.out")" || fail "conformance: $(grep FAIL "$WORK/conformance.out")"
pdftotext -layout "$RP" "$WORK/redline.txt"
tr -s ' \n' ' ' <"$WORK/redline.txt" >"$WORK/redline.words"
for want in "Changes to Appendix B – Leicestershire Community Safety Agreement: version 2 of" \
            "compared with version 1 of" "Reason: Amendment moved at Cabinet, para 9." \
            "Drug Strategy 2017, published 14 July 2017." "Knife Crime Strategy, published 1 February 2020." \
            "Prepare.Prepare, reviewed in 2020."; do
    grep -qF -- "$want" "$WORK/redline.words" && pass "PDF text: $want" || fail "PDF text lacks: $want"
done
qpdf --qdf --object-streams=disable "$RP" "$WORK/redline-qdf.pdf" 2>/dev/null
green=$(grep -ac '^0 0.478431 0.2 rg' "$WORK/redline-qdf.pdf")
red=$(grep -ac '^0.752941 0 0 rg' "$WORK/redline-qdf.pdf")
# a bar: a 1.5 pt wide rectangle 9 pt left of the 72 pt margin, one "re" or
# (several on a page) one closed path each
bars=$(grep -acE '^61.5 [0-9.]+ (1.5 [0-9.]+ re|m 63 )' "$WORK/redline-qdf.pdf")
[ "$green" -gt 0 ] && [ "$red" -gt 0 ] && [ "$bars" -ge 5 ] \
    && pass "PDF draws insertions green ($green), deletions red ($red), $bars change bars" \
    || fail "PDF marks: green $green, red $red, bars $bars"
pdftoppm -png -r 50 -f 3 -l 3 "$RP" "$WORK/redline-page" 2>/dev/null
[ -s "$WORK/redline-page-3.png" ] && pass "page 3 rendered for a look: $WORK/redline-page-3.png" \
    || fail "page 3 not rendered"
grep -q "Drug Strategy" "$A/v2/appendix-b.txt" && fail "v2's own text still has the deleted strategy" \
    || pass "v2's own document has no marks: the redline is separate"

# 3. The cabinet report: a numbered paragraph deleted, one inserted, a list
#    item changed.  Word and the PDF number them as the tree does.
python3 - "$IN/strategy.xml" "$IN/consultation.xml" <<'EOF'
import re, sys
strategy, consultation = sys.argv[1], sys.argv[2]
s = open(strategy, encoding="utf-8").read()
background = s[s.index("<background>"):s.index("</background>")]
s = s.replace(re.findall(r"    <para>.*?</para>\n", background, flags=re.S)[1], "")
s = s.replace("  </delivery>", "    <para>The Office of the Police and Crime Commissioner funds the "
              "district partnerships each year.</para>\n  </delivery>")
open(strategy, "w", encoding="utf-8").write(s)
c = open(consultation, encoding="utf-8").read()
c = c.replace("disorder priorities annually</change>", "disorder priorities twice a year</change>")
open(consultation, "w", encoding="utf-8").write(c)
EOF
build --reason "Cabinet amendments" --author "Jo Bloggs" || fail "third build: $(cat "$WORK/last.err")"
[ -s "$A/v3/cabinet-report-changes.docx" ] && [ -s "$A/v3/cabinet-report-changes.pdf" ] \
    && pass "v3 has the cabinet report's redlines" || fail "v3: $(ls "$A/v3")"
"$PAPERS" diff "$A" v2 v3 >"$WORK/diff.out" 2>&1 || fail "diff v2 v3: $(cat "$WORK/diff.out")"
expect_diff "  deleted: paragraph 4 (Background)"
expect_diff "  inserted: paragraph 7 (How Community Safety is delivered in Leicestershire)"
expect_diff "  changed: paragraph 14, bullet 2 (Consultation undertaken)"
if [ -n "$have_lo" ]; then
    lo_accept_reject cabinet-report "$A/v3/cabinet-report-changes.docx" \
        "$A/v3/cabinet-report.txt" "$A/v2/cabinet-report.txt"
    labels=$(grep -oE '^ *[0-9]+\.' "$WORK/lo-cabinet-report/accepted.txt" | tr -d ' ' | tr '\n' ' ')
    [ "$labels" = "1. 2. 3. 4. 5. 6. 7. 8. 9. 10. 11. 12. 13. 14. 15. " ] \
        && pass "accepted in LibreOffice: paragraphs numbered 1 to 15" || fail "accepted labels: $labels"
else
    echo "SKIPPED: LibreOffice accept/reject of the cabinet report: no soffice or python3-uno"
fi
pdftotext -layout "$A/v3/cabinet-report-changes.pdf" "$WORK/cabinet.txt"
# The deleted paragraph keeps its old number 4; the one after it is the new 4.
grep -A1 -E '^ *4\. +The County Council’s Strategic Plan' "$WORK/cabinet.txt" >/dev/null \
    && grep -qE '^ *4\. +The Leicestershire Safer Communities Strategy Board' "$WORK/cabinet.txt" \
    && pass "PDF: the deleted paragraph shows its old number 4, the next the new 4" \
    || fail "PDF labels: $(grep -E '^ *[0-9]+\. ' "$WORK/cabinet.txt" | cut -c1-60)"

# 3b. Changes where Word cannot join paragraph marks: the last paragraph of
#     a cell and of the document, a paragraph just before a table, rows
#     inserted (the golden case lists-in-table-cells, amended).
T=$WORK/in/tables
cp -r "$REPO/tests/cases/lists-in-table-cells/input" "$T"
"$PAPERS" build "$T" --out "$ROOT" -q >"$WORK/tables.log" 2>&1 || fail "tables v1: $(cat "$WORK/tables.log")"
python3 - "$T/templates/tables.xml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
edits = [("          <item>a drainage scheme.</item>\n", ""),              # last item in a cell
         ("            cell</item>\n        </list>",                      # inserted at a cell's end
          "            cell</item>\n          <item>noise</item>\n        </list>"),
         ("      <cell>Character of the conservation area.</cell>\n    </row>",  # a row added
          "      <cell>Character of the conservation area.</cell>\n    </row>\n"
          "    <row><cell>Station Road</cell><cell>Landscaping.</cell><cell>Visual amenity."
          "</cell></row>"),
         ("without borders:", "with no borders:"),                        # just before a table
         ("  <numbered>The paragraph after the table (2).</numbered>\n", ""),  # the last one
         ('  <table id="conditions"',                                     # inserted before a table
          '  <numbered>A new first paragraph.</numbered>\n  <table id="conditions"')]
for old, new in edits:
    assert old in s, old
    s = s.replace(old, new)
open(p, "w", encoding="utf-8").write(s)
EOF
"$PAPERS" build "$T" --out "$ROOT" -q --reason "Conditions amended" >"$WORK/tables.log" 2>&1 \
    || fail "tables v2: $(cat "$WORK/tables.log")"
TA=$ROOT/tables
"$PAPERS" diff "$TA" v1 v2 >"$WORK/diff.out" 2>&1
expect_diff "  deleted: the table, row 2 (“Land at Mill Lane”), column 2, item 2"
expect_diff "  inserted: the table, row 4 (“Station Road”)"
expect_diff "  deleted: paragraph 2"
if [ -n "$have_shared" ]; then
    "$CHECK_DOCX" "$TA/v2/tables-changes.docx" >"$WORK/check-tables.out" 2>&1 \
        && pass "$(tail -n 1 "$WORK/check-tables.out")" \
        || fail "check-docx: $(grep FAIL "$WORK/check-tables.out" | head -5)"
fi
if [ -n "$have_lo" ]; then
    lo_accept_reject tables "$TA/v2/tables-changes.docx" "$TA/v2/tables.txt" "$TA/v1/tables.txt"
else
    echo "SKIPPED: LibreOffice accept/reject of the tables case: no soffice or python3-uno"
fi

# 3c. Wealdbridge's officer report: paragraphs numbered by section (4.2),
#     numbered headings, lettered recommendations; a recommendation deleted,
#     one changed, a section's paragraph deleted and another inserted.
W=$WORK/in/food-waste-2025
cp -r "$REPO/inputs/food-waste-2025" "$W"
"$PAPERS" build "$W" --out "$ROOT" -q --templates "$WORK/templates" --profiles "$WORK/profiles" \
    >"$WORK/fw.log" 2>&1 || fail "food waste v1: $(cat "$WORK/fw.log")"
python3 - "$W/paper.xml" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s, n1 = re.subn(r'    <recommendation id="rec-delegate">.*?</recommendation>\n', "", s, flags=re.S)
s = s.replace("approves the introduction of a weekly separate",
              "approves the introduction from 2026 of a weekly separate")
s, n2 = re.subn(r"      <para>Section 45A of the Environmental.*?</para>\n", "", s, flags=re.S)
s = s.replace("      <para>Four collection rounds",
              "      <para>A new paragraph on crews and rounds.</para>\n      <para>Four collection rounds")
assert n1 == 1 and n2 == 1
open(p, "w", encoding="utf-8").write(s)
EOF
"$PAPERS" build "$W" --out "$ROOT" -q --templates "$WORK/templates" --profiles "$WORK/profiles" \
    --reason "Cabinet amendments" >"$WORK/fw.log" 2>&1 || fail "food waste v2: $(cat "$WORK/fw.log")"
FW=$ROOT/food-waste-2025
"$PAPERS" diff "$FW" v1 v2 >"$WORK/diff.out" 2>&1
expect_diff "  deleted: paragraph 2.1, item (d) (Recommendations)"
expect_diff "  deleted: paragraph 4.2 (Background)"
expect_diff "  inserted: paragraph 5.2 (The proposed service)"
expect_diff "      ... the service set out in paragraph [-5.3,-]{+5.4,+} namely:"
if [ -n "$have_lo" ]; then
    lo_accept_reject food-waste "$FW/v2/cabinet-report-changes.docx" "$FW/v2/cabinet-report.txt" \
        "$FW/v1/cabinet-report.txt"
else
    echo "SKIPPED: LibreOffice accept/reject of the food waste report: no soffice or python3-uno"
fi

# 4. Rebuilding v2 remakes its redlines byte for byte.
"$PAPERS" rebuild "$A" v2 --out "$WORK/rebuilt-v2" >"$WORK/rebuild.out" 2>&1 \
    || fail "rebuild v2: $(cat "$WORK/rebuild.out")"
grep -q "14 of 14 files identical" "$WORK/rebuild.out" && pass "rebuild v2: $(cat "$WORK/rebuild.out")" \
    || fail "rebuild v2 said: $(cat "$WORK/rebuild.out")"
for f in appendix-b-changes.docx appendix-b-changes.pdf; do
    cmp -s "$WORK/rebuilt-v2/$f" "$A/v2/$f" && pass "rebuilt $f is byte-identical" || fail "rebuilt $f differs"
done

# 5. Nothing changed: no version, no redline.
build --reason "Nothing" || fail "unchanged build"
grep -qx "$A: nothing changed since v3" "$WORK/last.out" && [ ! -d "$A/v4" ] \
    && pass "nothing changed: no v4" || fail "unchanged build: $(cat "$WORK/last.out")"

# 6. A damaged old tree: the build still succeeds, without that redline,
#    and says why (on a copy of the archive).
D=$WORK/damaged
mkdir -p "$D" && cp -a "$A" "$D/"
chmod u+w "$D/community-safety-2019/v3" "$D/community-safety-2019/v3/appendix-b.tree.xml"
echo "<!-- damage -->" >>"$D/community-safety-2019/v3/appendix-b.tree.xml"
sed -i 's|reviewed in 2020.|reviewed in 2021.|' "$IN/agreement.xml"
"$PAPERS" build "$IN" --out "$D" --templates "$WORK/templates" --profiles "$WORK/profiles" \
    >"$WORK/damaged.out" 2>"$WORK/damaged.err"
status=$?
if [ $status -eq 0 ] && grep -q "^warning: no redline of appendix-b: .*v3/appendix-b.tree.xml: does not match its manifest" \
        "$WORK/damaged.err" && [ ! -e "$D/community-safety-2019/v4/appendix-b-changes.pdf" ] &&
        [ -s "$D/community-safety-2019/v4/appendix-b.pdf" ]; then
    pass "a damaged old tree: v4 made without its redline: $(cat "$WORK/damaged.err")"
else
    fail "damaged old tree: exit $status: $(cat "$WORK/damaged.err")"
fi

finish

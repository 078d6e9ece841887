#!/usr/bin/env bash
# The leak check, a security test: nothing exempt reaches a public file.
#
# tests/data/exempt-leak/ holds exempt information (Schedule 12A) in every
# place a value can reach - body text, a heading (a PDF bookmark), a list
# item, a table row and a cell, a link's text and its address, words inside
# a public paragraph, a section of numbered paragraphs, an id, the document
# properties and running header, and an appendix exempt as a whole (its
# title, subject and header) - each passage holding a marker word
# (markers.txt).  The report is built in every format with its full
# versions, amended (public and exempt words) and built again, so that the
# second version has redlines of both.  Then every public file of both
# versions - each DOCX part (docProps and relationships too), each PDF
# uncompressed by qpdf with its strings decoded, its text, properties, XMP
# and outline, the text, trees, web pages, the index and the manifests -
# is searched for every marker (UTF-8, UTF-16, character references):
# none may be found (tests/tools/leak_check.py).  The full versions must
# hold every marker.  The checker itself must catch a leaky file of each
# kind (tests/tools/make_leaky.py).
set -u
. "$(dirname "$0")/lib.bash"

DATA=$REPO/tests/data/exempt-leak
MARKERS=$DATA/markers.txt
CHECK=(python3 "$REPO/tests/tools/leak_check.py" --markers "$MARKERS")
export SOURCE_DATE_EPOCH=1700000000

# No tool, no proof: a security test fails rather than skip.
for tool in qpdf pdftotext pdfinfo; do
    command -v "$tool" >/dev/null || { fail "$tool is needed (scripts/packages.txt)"; finish; exit 1; }
done

REPORT=$WORK/exempt-leak
cp -r "$DATA" "$REPORT"
rm -f "$REPORT/markers.txt"
ARCHIVE=$WORK/out/exempt-leak

# 1. Version 1, every format; report.xml asks for the full versions.
if "$PAPERS" build "$REPORT" --format txt,docx,pdf,html --out "$WORK/out" -q \
        >"$WORK/build1.log" 2>&1; then
    pass "v1 built"
else
    fail "v1: $(cat "$WORK/build1.log")"
fi

# 2. Amended, public and exempt words both, and built again: redlines.
sed -i 's|Public words before the exempt paragraph.|Public words, amended, before the exempt paragraph.|;
        s|Body text about LEAKBODY, a named person.|Body text, amended, about LEAKBODY, a named person.|;
        s|quoted these prices.|quoted these new prices.|' "$REPORT/leak.xml"
if "$PAPERS" build "$REPORT" --format txt,docx,pdf,html --out "$WORK/out" -q \
        --reason "Amended" >"$WORK/build2.log" 2>&1; then
    pass "v2 built"
else
    fail "v2: $(cat "$WORK/build2.log")"
fi
for f in paper-changes.docx paper-changes.pdf paper-EXEMPT-changes.docx \
         paper-EXEMPT-changes.pdf appendix-a-EXEMPT-changes.pdf; do
    if [ -f "$ARCHIVE/v2/$f" ]; then pass "v2 has the redline $f"; else fail "v2 lacks $f"; fi
done
if [ -f "$ARCHIVE/v2/appendix-a-changes.pdf" ]; then
    fail "the withheld appendix has a public redline: its notice did not change"
else
    pass "the withheld appendix's notice has no public redline"
fi

# 3. Which files are public: the manifest says (exempt="yes"), and the
# names must agree with it; every file of a version is listed.
python3 - "$ARCHIVE" >"$WORK/files.txt" 2>"$WORK/files.err" <<'EOF'
import os, sys, xml.etree.ElementTree as ET
root = sys.argv[1]
bad = 0
for v in sorted(d for d in os.listdir(root) if d.startswith("v")):
    folder = os.path.join(root, v)
    listed = {"manifest.xml"}
    for out in ET.parse(os.path.join(folder, "manifest.xml")).getroot().iter("output"):
        name, exempt = out.get("name"), out.get("exempt") == "yes"
        listed.add(name)
        if exempt != ("-EXEMPT" in name):
            sys.stderr.write("%s/%s: exempt=%s but its name says otherwise\n" % (v, name, exempt))
            bad += 1
        print("%s %s" % ("exempt" if exempt else "public", os.path.join(folder, name)))
    print("public %s" % os.path.join(folder, "manifest.xml"))
    for extra in sorted(set(os.listdir(folder)) - listed):
        sys.stderr.write("%s/%s is in no manifest\n" % (v, extra))
        bad += 1
sys.exit(1 if bad else 0)
EOF
if [ $? -eq 0 ]; then
    pass "every file is listed, marked exempt exactly when named -EXEMPT"
else
    fail "$(cat "$WORK/files.err")"
fi
mapfile -t public < <(awk '$1 == "public" {print $2}' "$WORK/files.txt")
mapfile -t exempt < <(awk '$1 == "exempt" {print $2}' "$WORK/files.txt")
echo "public files: ${#public[@]}, exempt files: ${#exempt[@]}"
kinds=$(printf '%s\n' "${public[@]}" | sed 's/.*\.//' | sort -u | tr '\n' ' ')
[ "$kinds" = "docx html pdf txt xml " ] && pass "public files of every kind: $kinds" \
    || fail "public files are only: $kinds"

# 4. The leak check.
if "${CHECK[@]}" --absent "${public[@]}" >"$WORK/leaks.txt"; then
    pass "no marker in any public file ($(tail -n 1 "$WORK/leaks.txt"))"
else
    fail "exempt information in public files:"
    head -n 40 "$WORK/leaks.txt"
fi
if "${CHECK[@]}" --present "${exempt[@]}" >"$WORK/present.txt"; then
    pass "the full versions hold every marker"
else
    fail "the full versions lack markers: $(cat "$WORK/present.txt")"
fi

# 5. Web pages are public only, and the index links no full version.
if ls "$ARCHIVE"/v*/*-EXEMPT*.html >/dev/null 2>&1; then
    fail "a web page of a full version was made"
else
    pass "no web page of a full version"
fi
if grep -q -- '-EXEMPT' "$ARCHIVE"/v*/index.html; then
    fail "the index names a full version"
else
    pass "the index names no full version"
fi

# 6. The full versions say so on every page and in their properties.
pages=$(pdfinfo "$ARCHIVE/v2/paper-EXEMPT.pdf" | awk '/^Pages:/ {print $2}')
# (each page's running header; the first page's text says it once more)
marked=0
for ((page = 1; page <= ${pages:-0}; page++)); do
    pdftotext -f $page -l $page -layout "$ARCHIVE/v2/paper-EXEMPT.pdf" - |
        grep -q 'NOT FOR PUBLICATION' && marked=$((marked + 1))
done
if [ "${pages:-0}" -ge 1 ] && [ "$marked" -eq "$pages" ]; then
    pass "paper-EXEMPT.pdf: NOT FOR PUBLICATION on each of its $pages pages"
else
    fail "paper-EXEMPT.pdf: the marking on $marked of ${pages:-?} pages"
fi
if pdfinfo "$ARCHIVE/v2/paper-EXEMPT.pdf" | grep -q '^Keywords: *NOT FOR PUBLICATION – exempt under paragraphs 1, 2, 3 and 7'; then
    pass "paper-EXEMPT.pdf names the paragraphs in its properties"
else
    fail "paper-EXEMPT.pdf: $(pdfinfo "$ARCHIVE/v2/paper-EXEMPT.pdf" | grep Keywords)"
fi
part() { python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$@"; }
if part "$ARCHIVE/v2/paper-EXEMPT.docx" docProps/core.xml | grep -q '<cp:keywords>NOT FOR PUBLICATION' &&
   part "$ARCHIVE/v2/paper-EXEMPT.docx" word/header1.xml | grep -q 'NOT FOR PUBLICATION'; then
    pass "paper-EXEMPT.docx: marked in its header and properties"
else
    fail "paper-EXEMPT.docx: no marking in word/header1.xml or docProps/core.xml"
fi
head -n 1 "$ARCHIVE/v2/paper-EXEMPT.txt" | grep -q '^NOT FOR PUBLICATION' &&
    pass "paper-EXEMPT.txt starts with the marking" || fail "paper-EXEMPT.txt is not marked"

# 7. Both versions and both kinds of redline are made again byte for byte.
if "$PAPERS" rebuild "$ARCHIVE" v2 --out "$WORK/rebuild" >"$WORK/rebuild.log" 2>&1 &&
   grep -q ': \([0-9]*\) of \1 files identical' "$WORK/rebuild.log"; then
    pass "papers rebuild v2: $(sed 's/.*: //' "$WORK/rebuild.log")"
else
    fail "papers rebuild v2: $(cat "$WORK/rebuild.log")"
fi

# 8. The checker catches a leak in each place it searches.
python3 "$REPO/tests/tools/make_leaky.py" LEAKBODY "$ARCHIVE/v2/paper.docx" "$WORK/leaky"
for f in "$WORK"/leaky/*; do
    if "${CHECK[@]}" --absent "$f" >"$WORK/leaky.log" 2>&1; then
        fail "the checker missed the leak in $(basename "$f")"
    elif grep -q '^LEAK: LEAKBODY' "$WORK/leaky.log"; then
        pass "the checker catches $(basename "$f"): $(head -n 1 "$WORK/leaky.log" | sed 's/^[^(]*(//; s/)$//')"
    else
        fail "the checker failed on $(basename "$f") without naming the leak: $(cat "$WORK/leaky.log")"
    fi
done
if "${CHECK[@]}" --present "$ARCHIVE/v2/paper.txt" >/dev/null 2>&1; then
    fail "the checker found the markers in a public file"
else
    pass "the checker says when a marker is missing"
fi

finish

#!/usr/bin/env bash
# e2e/pdf.sh - the PDF writer on the seed report, end to end.
#
#   bash tests/e2e/pdf.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
#
# Builds inputs/community-safety-2019 as PDF and text, then for each PDF:
#   - check-pdf --require-tagged --require-title --require-lang passes;
#   - its text (pdftotext) matches the .txt paragraph by paragraph
#     (tests/tools/compare_text.py), footers dropped, table rows compared
#     as the words of each row;
# each has the profile's logo whole (tests/tools/logo_image.py);
# the cabinet report has 3 or 4 pages; and a second build with the same
# SOURCE_DATE_EPOCH gives byte-identical PDFs.
#
# Text is taken with pdftotext -raw (content-stream order: the writer draws
# in reading order, label before text, table cells row by row).  The default
# mode is not usable: it joins a line ending in "-" to the next line
# ("moved:-" + "That" -> "moved:That"), and -layout interleaves the lines of
# table cells that wrap.  The running header and footer are cropped off using
# the page furniture distances of the house style.  A table's header row is
# repeated at the top of each page the table continues on; the text has it
# once, so those repeats are taken out before comparing (drop_repeated_heads).
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR" >&2
    exit 2
fi
papers=$1 repo=$2 shared=$3 work=$4
report=community-safety-2019
documents="cabinet-report appendix-a appendix-b"
export SOURCE_DATE_EPOCH=1576540800

fail() {
    echo "e2e pdf: FAIL: $*" >&2
    exit 1
}

for tool in pdftotext pdfinfo python3 cmp; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done
# check-pdf is in ../shared: without it that one check is skipped by name.
check_pdf=$shared/tools/check-pdf
[ -x "$check_pdf" ] ||
    echo "SKIPPED: e2e_pdf: check-pdf (tagged, title, language): no ../shared ($check_pdf)"

rm -rf "$work"
mkdir -p "$work"

build() { # build OUT_DIR
    "$papers" build "$repo/inputs/$report" --format pdf,txt,tree.xml --out "$1" ||
        fail "papers build (into $1) failed"
}

# pdftotext crop options for the text area between header and footer: the
# cut lies halfway between each furniture line and the margin.
crop_options() {
    python3 - "$repo/templates/house-style.xml" <<'EOF'
import re, sys
import xml.etree.ElementTree as ET

UNIT = {"pt": 1.0, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0}

def pt(text):
    m = re.fullmatch(r"\s*([0-9.]+)\s*(pt|mm|cm|in)?\s*", text)
    return float(m.group(1)) * UNIT[m.group(2) or "pt"]

page = ET.parse(sys.argv[1]).getroot().find("page")
a = {k: pt(v) for k, v in page.attrib.items()}
top = (a["header-distance"] + a["margin-top"]) / 2
bottom = a["height"] - (a["footer-distance"] + a["margin-bottom"]) / 2
print("-x 0 -y %d -W %d -H %d" % (top, a["width"] + 1, bottom - top))
EOF
}

# Filter pdftotext output: a table's header row is repeated at the top of
# each page the table continues on, and the text writer prints it once.  The
# header rows are read from the document tree (--format tree.xml); at the
# head of every page after the first, a header row that already appeared is
# taken out.  Then a word the PDF had to break (a long URL wraps between
# characters) is joined again where the reference has it whole.
drop_repeated_heads() { # IN REFERENCE TREE OUT
    python3 - "$1" "$2" "$3" "$4" <<'EOF'
import sys
import xml.etree.ElementTree as ET

raw = open(sys.argv[1], encoding="utf-8").read()
reference = " " + " ".join(open(sys.argv[2], encoding="utf-8").read().split()) + " "
headers = []
for row in ET.parse(sys.argv[3]).getroot().iter("row"):
    if row.get("header") == "yes":
        words = " ".join(t.text or "" for t in row.iter("text")).split()
        if words:
            headers.append(words)

def strip_words(page, count):
    """The page without its first count words, line structure kept."""
    lines = page.split("\n")
    while count > 0 and lines:
        words = lines[0].split()
        if len(words) <= count:
            count -= len(words)
            lines.pop(0)
        else:
            lines[0] = " ".join(words[count:])
            count = 0
    return "\n".join(lines)

pages, seen = raw.split("\f"), set()
for number, page in enumerate(pages):
    words = page.split()
    for h in headers:
        if words[:len(h)] == h:
            if number and tuple(h) in seen:
                pages[number] = strip_words(page, len(h))
            seen.add(tuple(h))
            break
    else:
        for h in headers:
            if " " + " ".join(h) + " " in " " + " ".join(words) + " ":
                seen.add(tuple(h))
text = "\f".join(pages)

ref_tokens = set(reference.split())
joined = []
for line in text.split("\n"):
    last = joined[-1].split() if joined else []
    first = line.replace("\f", " ").split()
    if last and first and " %s %s " % (last[-1], first[0]) not in reference \
            and any(last[-1] + first[0] in t for t in ref_tokens):
        joined[-1] += line.replace("\f", "")
    else:
        joined.append(line)
open(sys.argv[4], "w", encoding="utf-8").write("\n".join(joined))
EOF
}

build "$work/out"
out=$work/out/$report/latest
crop=$(crop_options) || fail "cannot read the page size from house-style.xml"

for name in $documents; do
    pdf=$out/$name.pdf txt=$out/$name.txt
    [ -f "$pdf" ] || fail "$pdf was not written"
    [ -f "$txt" ] || fail "$txt was not written"
    if [ -x "$check_pdf" ]; then
        "$check_pdf" -q --require-tagged --require-title --require-lang "$pdf" ||
            fail "check-pdf rejects $pdf"
    fi
    # shellcheck disable=SC2086 # $crop is a list of options
    pdftotext -raw -enc UTF-8 $crop "$pdf" "$work/$name.raw.txt" ||
        fail "pdftotext cannot read $pdf"
    drop_repeated_heads "$work/$name.raw.txt" "$txt" "$out/$name.tree.xml" "$work/$name.pdf.txt"
    python3 "$repo/tests/tools/compare_text.py" "$txt" "$work/$name.pdf.txt" \
        --drop '^Page [0-9]+ of [0-9]+$' --tree "$out/$name.tree.xml" ||
        fail "the text of $name.pdf differs from $name.txt"
done

# The structure tree carries whole paragraphs (what a screen reader reads),
# not just their first lines.
structure=$(pdfinfo -struct-text "$out/cabinet-report.pdf") ||
    fail "pdfinfo cannot read the structure of cabinet-report.pdf"
case $structure in
*"This report seeks approval of the County Council’s Community Safety Strategy."*) ;;
*) fail "the tagged structure of cabinet-report.pdf lacks the whole of paragraph 1" ;;
esac
# Page furniture is an artifact: never read inside a paragraph.
case $structure in
*"Page 1 of"*) fail "the footer of cabinet-report.pdf is in its tagged structure" ;;
esac

# The logo is the profile's PNG, whole: the writer's placeholder filled
# with its pixels and soft mask (tests/tools/logo_image.py, which must also
# catch a placeholder left in a copy of the file).
logo=$repo/profiles/leicestershire/logo.png
for name in $documents; do
    python3 "$repo/tests/tools/logo_image.py" "$out/$name.pdf" "$logo" ||
        fail "the logo of $name.pdf is not $logo"
done
python3 "$repo/tests/tools/logo_image.py" --selftest "$out/cabinet-report.pdf" "$logo" "$work" ||
    fail "logo_image.py does not catch a placeholder left unfilled"

pages=$(pdfinfo "$out/cabinet-report.pdf" | awk '/^Pages:/ { print $2 }')
case $pages in
3 | 4) ;;
*) fail "the cabinet report has ${pages:-no} pages, not 3 or 4" ;;
esac

build "$work/again"
for name in $documents; do
    cmp "$out/$name.pdf" "$work/again/$report/latest/$name.pdf" ||
        fail "$name.pdf differs between two builds with SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH"
done

echo "e2e pdf: PASS ($documents; cabinet report $pages pages)"

#!/usr/bin/env bash
# examples_docx.sh - the Wealdbridge examples as Word documents.
#
#   bash tests/e2e/examples_docx.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
#
# 1. numbering.xml of example A's cabinet report: the section scheme is one
#    w:abstractNum with levels "%1." "%1.%2" "%1.%2.%3", all decimal; the
#    recommendations' list has "(%1)" lowerLetter and "(%2)" lowerRoman;
#    every numbered heading and paragraph points at the first, every
#    lettered item at the second, at the level its label has in the tree.
# 2. LibreOffice's text of every example DOCX shows, in order, the label and
#    first word the text writer has for every numbered paragraph and list
#    item, and matches the text writer paragraph by paragraph (as
#    tests/e2e/docx.sh does for the seed).  Skipped by name without soffice.
set -u
. "$(dirname "$0")/lib.bash"

export SOURCE_DATE_EPOCH=1749686400
REPORTS="food-waste-2025 food-waste-decision-2025"
for report in $REPORTS; do
    if "$PAPERS" build "$REPO/inputs/$report" --format docx,txt,tree.xml --out "$WORK/out" -q \
            >"$WORK/$report.log" 2>&1; then
        pass "$report builds"
    else
        fail "$report: $(cat "$WORK/$report.log")"
    fi
done

# ---- 1. numbering.xml ------------------------------------------------------
A=$(out_dir "$WORK/out" food-waste-2025)
cat >"$WORK/numbering.py" <<'PY'
import sys, zipfile
import xml.etree.ElementTree as ET
sys.path.insert(0, sys.argv[1])
from check_outputs import W, numbering_levels

docx, tree = sys.argv[2], sys.argv[3]
with zipfile.ZipFile(docx) as z:
    nums = numbering_levels(z)
    body = ET.fromstring(z.read("word/document.xml"))

def pattern(levels):
    return [(levels[i][2], levels[i][1]) for i in sorted(levels)]

SECTIONS = [("%1.", "decimal"), ("%1.%2", "decimal"), ("%1.%2.%3", "decimal")]
LETTERS = [("(%1)", "lowerLetter"), ("(%2)", "lowerRoman")]
section_ids = {n for n, lv in nums.items() if pattern(lv) == SECTIONS}
letter_ids = {n for n, lv in nums.items() if pattern(lv)[:2] == LETTERS}
assert len(section_ids) == 1, "section scheme instances: %s" % sorted(section_ids)
assert letter_ids, "no numbering instance has (%1) lowerLetter, (%2) lowerRoman"
print("ok: numbering.xml has the section scheme %s and the letters scheme %s"
      % ([t for t, _ in SECTIONS], [t for t, _ in LETTERS]))

# The labelled blocks of the tree, in order, with what Word must use for
# each: a heading or paragraph its number level; an item the depth of its
# ordered list among the ordered lists around it.
expect = []
def walk(e, depth):
    label = e.get("label")
    if label and e.tag in ("heading", "numbered"):
        expect.append((label, section_ids, int(e.get("number-level")) - 1))
    elif label and e.tag == "item":
        expect.append((label, letter_ids, depth - 1))
    inner = depth + (e.tag == "list" and e.get("kind") == "ordered")
    for child in e:
        walk(child, inner)
walk(ET.parse(tree).getroot(), 0)
# Word's numbered paragraphs (not bullets), in order.
got = []
for p in body.iter(W + "p"):
    numpr = p.find(W + "pPr/" + W + "numPr")
    if numpr is None:
        continue
    num_id = numpr.find(W + "numId").get(W + "val")
    ilvl = int(numpr.find(W + "ilvl").get(W + "val"))
    if nums[num_id][ilvl][1] != "bullet":
        got.append((num_id, ilvl, "".join(t.text or "" for t in p.iter(W + "t"))[:30]))
assert len(got) == len(expect), "Word numbers %d paragraphs, the tree labels %d" % (
    len(got), len(expect))
for (label, ids, level), (num_id, ilvl, text) in zip(expect, got):
    assert num_id in ids and ilvl == level, "%s %r: numId %s level %d, expected one of %s " \
        "level %d" % (label, text, num_id, ilvl, sorted(ids), level)
print("ok: all %d numbered paragraphs point at those schemes, at their tree level" % len(got))
PY
if python3 "$WORK/numbering.py" "$REPO/tests/cases" "$A/cabinet-report.docx" \
        "$A/cabinet-report.tree.xml" >"$WORK/numbering.log" 2>&1; then
    cat "$WORK/numbering.log"; pass "cabinet-report.docx numbering"
else
    fail "cabinet-report.docx numbering:"; cat "$WORK/numbering.log"
fi
# The check rejects a sub-item level that is not "(%2)" lowerRoman.
python3 - "$A/cabinet-report.docx" "$WORK/tampered.docx" <<'TAMPER'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, zipfile.ZipFile(sys.argv[2], "w") as out:
    for info in z.infolist():
        data = z.read(info.filename)
        if info.filename == "word/numbering.xml":
            data = data.replace(b'w:lvlText w:val="(%2)"', b'w:lvlText w:val="%2)"')
        out.writestr(info, data)
TAMPER
if python3 "$WORK/numbering.py" "$REPO/tests/cases" "$WORK/tampered.docx" \
        "$A/cabinet-report.tree.xml" >"$WORK/tampered.log" 2>&1; then
    fail "the numbering check accepts a sub-item pattern \"%2)\""
else
    pass "the numbering check rejects a sub-item pattern \"%2)\""
fi

# ---- 2. LibreOffice's text ------------------------------------------------
lo_text() { # DOCX DIR: LibreOffice's text of DOCX into DIR/<name>.txt
    if [ -x "$SHARED/tools/check-docx" ]; then
        "$SHARED/tools/check-docx" --lo --keep-lo "$2" "$1" >"$2.check" 2>&1 ||
            { cat "$2.check"; return 1; }
    else
        soffice -env:UserInstallation="file://$WORK/lo-profile" --headless \
            --convert-to txt:Text --outdir "$2" "$1" >"$2.check" 2>&1
    fi
}
if ! command -v soffice >/dev/null; then
    echo "SKIPPED: LibreOffice text of the examples: soffice is not installed"
    finish
    exit $?
fi
cat >"$WORK/labels.py" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
lines = open(sys.argv[2], encoding="utf-8-sig").read().splitlines()
at = 0
labels = [(e.get("label"), " ".join(e.itertext()).split())
          for e in ET.parse(sys.argv[1]).getroot().iter() if e.get("label")]
for label, words in labels:
    first = words[0] if words else ""
    pattern = re.compile(r"^\s*" + re.escape(label) + r"\s+" + re.escape(first))
    found = next((i for i in range(at, len(lines)) if pattern.match(lines[i])), None)
    if found is None:
        sys.exit("no line '%s %s' in LibreOffice's text after line %d" % (label, first, at))
    at = found + 1
print("%d labels" % len(labels))
PY
for report in $REPORTS; do
    out=$(out_dir "$WORK/out" "$report")
    for docx in "$out"/*.docx; do
        doc=$(basename "$docx" .docx)
        dir=$WORK/lo/$report/$doc
        mkdir -p "$dir"
        if ! lo_text "$docx" "$dir" || [ ! -s "$dir/$doc.txt" ]; then
            fail "$report/$doc: LibreOffice wrote no text"
            continue
        fi
        if python3 "$WORK/labels.py" "$out/$doc.tree.xml" "$dir/$doc.txt" >"$dir.labels" 2>&1
        then
            pass "$report/$doc: LibreOffice shows every label ($(cat "$dir.labels"))"
        else
            fail "$report/$doc: $(cat "$dir.labels")"
        fi
        sed 's/$/\n/' "$dir/$doc.txt" >"$dir.paragraphs.txt"
        if python3 "$REPO/tests/tools/compare_text.py" "$out/$doc.txt" "$dir.paragraphs.txt" \
                --drop '^Page [0-9]+ of [0-9]+$' --tree "$out/$doc.tree.xml" \
                >"$dir.compare" 2>&1; then
            pass "$report/$doc: LibreOffice's text matches the txt writer"
        else
            fail "$report/$doc: LibreOffice's text differs:"; cat "$dir.compare"
        fi
    done
done
# The label check rejects a text whose (b) lost its label.
lo=$WORK/lo/food-waste-2025/cabinet-report/cabinet-report.txt
if [ -s "$lo" ]; then
    sed 's/^\( *\)(b) approves/\1approves/' "$lo" >"$WORK/no-b.txt"
    if python3 "$WORK/labels.py" "$A/cabinet-report.tree.xml" "$WORK/no-b.txt" >/dev/null 2>&1; then
        fail "the label check accepts a text without (b)"
    else
        pass "the label check rejects a text without (b)"
    fi
fi
finish

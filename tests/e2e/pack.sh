#!/usr/bin/env bash
# e2e/pack.sh - the meeting pack (papers pack), end to end, reading only the
# PDFs it makes.
#
#   bash tests/e2e/pack.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
#
# On copies of inputs/ and meetings/ (the demo meeting, whose reports have no
# archive yet, so the pack builds them first):
#   1. the pack's page numbers agree (tests/tools/pack_check.py: where each
#      document starts in the structure tree = its bookmark's target = that
#      page's label = its printed footer number = the agenda's reference;
#      every internal link jumps to a document's start);
#   2. it passes the project's PDF/UA-1 and PDF/A-2a checks and check-pdf
#      --require-tagged --require-title (SKIPPED by name without ../shared),
#      and holds no exempt information;
#   3. each deliberately broken copy (a bookmark, the labels, a link to the
#      wrong page) is rejected by pack_check.py;
#   4. packing again changes nothing; after an appendix is amended and an
#      item added, packing again is refused, and --supplement makes
#      agenda-pack-supplement-1.pdf numbered on from the pack's last page,
#      checked the same way, the published pack byte-identical; a second
#      supplement with nothing new makes nothing;
#   4b. a profile changed after the report's build does not change the pack
#      (each paper is laid out in its archived version's house style);
#   5. bad meeting.xml files give one line "file:line: ..." and exit 1.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
export SOURCE_DATE_EPOCH=1576540800
tools=$REPO/tests/tools
meeting=cabinet-2019-12-17

for tool in qpdf pdftotext pdfinfo python3; do
    command -v "$tool" >/dev/null || { echo "e2e pack: $tool is not installed"; exit 1; }
done
check_pdf=$SHARED/tools/check-pdf
[ -x "$check_pdf" ] ||
    echo "SKIPPED: e2e_pack: check-pdf --require-tagged --require-title: no ../shared"

cp -r "$REPO/inputs" "$REPO/meetings" "$WORK/"
cd "$WORK"
out=output/meetings/$meeting
pack=$out/agenda-pack.pdf

# ---- 1, 2: the pack -----------------------------------------------------------
start=$(date +%s.%N)
if "$PAPERS" pack "meetings/$meeting" --format pdf,txt >pack.log 2>&1; then
    pass "papers pack made the pack ($(python3 -c "print(round($(date +%s.%N) - $start, 1))") s, reports built first: $(grep -c '^built' pack.log))"
else
    fail "papers pack: $(cat pack.log)"
fi
pages=$(pdfinfo "$pack" | awk '/^Pages:/ {print $2}')
if python3 "$tools/pack_check.py" --first 1 "$pack" >check.log; then
    pass "pack_check: $(tail -1 check.log) ($pages pages)"
else
    fail "pack_check rejects the pack: $(cat check.log)"
fi
documents=$(grep -c '<document ' "$out/agenda-pack.xml")
[ "$documents" -eq 8 ] && pass "the pack holds the 8 public documents of the 3 reports" ||
    fail "the pack's record names $documents documents, not 8"
if python3 "$tools/pdf_conformance.py" "$pack" >conformance.log; then
    pass "pdf_conformance: $(tail -1 conformance.log)"
else
    fail "pdf_conformance: $(grep FAIL conformance.log)"
fi
if [ -x "$check_pdf" ]; then
    "$check_pdf" --require-tagged --require-title "$pack" >checkpdf.log 2>&1 &&
        pass "check-pdf --require-tagged --require-title" ||
        fail "check-pdf: $(grep -v '^ok\|^info' checkpdf.log)"
fi
pdftotext "$pack" pack.txt
if grep -q "Daniel Hartley\|Greenfield Vehicle" pack.txt; then
    fail "the pack holds exempt information"
else
    grep -q "Information withheld" pack.txt && pass "no exempt information, the notices in its place" ||
        fail "the pack has no exempt notice: were the public versions used?"
fi
grep -q "Appendix B" pack.txt && pass "the pack's text has Appendix B" || fail "no Appendix B in the pack"

# ---- 3: broken packs ---------------------------------------------------------------
python3 "$tools/make_broken_pack.py" "$pack" broken
for variant in bookmark-wrong-page labels-shifted link-wrong-page; do
    if python3 "$tools/pack_check.py" "broken/$variant.pdf" >broken.log; then
        fail "pack_check accepts broken/$variant.pdf"
    else
        pass "pack_check rejects $variant: $(grep -m1 FAIL broken.log | cut -c1-100)"
    fi
done

# ---- 4: again, and a supplement ---------------------------------------------------
published=$(sha256sum "$pack")
"$PAPERS" pack "meetings/$meeting" >again.log 2>&1 && grep -q "unchanged" again.log &&
    pass "packing again: $(cat again.log)" || fail "packing again: $(cat again.log)"
sed -i 's/Prevent, Pursue, Protect and Prepare/Prevent, Pursue, Protect and Prepare, reviewed in 2020/' \
    inputs/community-safety-2019/agreement.xml
"$PAPERS" build inputs/community-safety-2019 --format pdf --reason "Amendment at Cabinet" -q >/dev/null
sed -i 's|  <item title="Date of next meeting">|  <item title="Winter gritting routes">An urgent item.</item>\n  <item title="Date of next meeting">|' \
    "meetings/$meeting/meeting.xml"
status=0
"$PAPERS" pack "meetings/$meeting" >refused.log 2>&1 || status=$?
[ $status -eq 1 ] && grep -q -- "--supplement" refused.log &&
    pass "a changed pack is not published over the old one: $(head -c 120 refused.log)" ||
    fail "packing a changed meeting again: exit $status, $(cat refused.log)"
if "$PAPERS" pack "meetings/$meeting" --supplement >supplement.log 2>&1; then
    pass "$(cat supplement.log)"
else
    fail "papers pack --supplement: $(cat supplement.log)"
fi
supplement=$out/agenda-pack-supplement-1.pdf
if python3 "$tools/pack_check.py" --first $((pages + 1)) "$supplement" >check.log; then
    pass "the supplement's numbers start at $((pages + 1)) and agree: $(tail -1 check.log)"
else
    fail "pack_check rejects the supplement: $(cat check.log)"
fi
pdftotext "$supplement" supplement.txt
grep -q "reissued" supplement.txt && grep -q "Winter gritting routes" supplement.txt &&
    ! grep -q "Appendix 1: Weekly Food" supplement.txt &&
    pass "its front sheet lists the reissued Appendix B and the new item only" ||
    fail "the supplement's front sheet: $(head -40 supplement.txt)"
python3 "$tools/pdf_conformance.py" "$supplement" >conformance.log &&
    pass "the supplement passes pdf_conformance" || fail "supplement: $(grep FAIL conformance.log)"
echo "$published" | sha256sum -c --quiet - && pass "the published pack is byte-identical" ||
    fail "the published pack changed"
"$PAPERS" pack "meetings/$meeting" --supplement >none.log 2>&1 && grep -q "no supplement" none.log &&
    [ ! -e "$out/agenda-pack-supplement-2.pdf" ] &&
    pass "nothing new: $(cat none.log)" || fail "a supplement with nothing new: $(cat none.log)"

# ---- 4b: the pack takes the look the papers were archived in --------------------------
# The report's profile becomes a folder of its own; the version built with it is
# packed; then the profile changes without a build: the pack must not change.
cp -r "$REPO/profiles/leicestershire" prof
sed -i 's|profile="leicestershire"|profile="../../prof"|' inputs/community-safety-2019/report.xml
"$PAPERS" build inputs/community-safety-2019 --format pdf -q >/dev/null
rm -f "$out"/agenda-pack*
"$PAPERS" pack "meetings/$meeting" >/dev/null 2>&1 || fail "papers pack with the report's own profile"
sed -i 's|\(kind="body" *size="\)[0-9.]*pt|\114pt|' prof/house-style.xml
grep -q 'kind="body" *size="14pt"' prof/house-style.xml || fail "the test could not change the body size"
"$PAPERS" pack "meetings/$meeting" >look.log 2>&1 && grep -q unchanged look.log &&
    pass "a profile changed after the build does not move the pack's pages (archived look)" ||
    fail "the pack follows the profile as it is now, not as archived: $(cat look.log)"

# ---- 5: bad meeting.xml ------------------------------------------------------------
bad() { # NAME EXPECTED-PATTERN SED-SCRIPT: a copy of the meeting with one mistake
    local dir=bad/$1
    mkdir -p "$dir"
    sed "$3" "$REPO/meetings/$meeting/meeting.xml" >"$dir/meeting.xml"
    local status=0
    "$PAPERS" pack "$dir" --out bad-out >"$dir.log" 2>&1 || status=$?
    if [ $status -eq 1 ] && [ "$(wc -l <"$dir.log")" -eq 1 ] && grep -q "^$dir/meeting.xml:$2" "$dir.log"; then
        pass "bad $1: $(cut -c1-110 "$dir.log")"
    else
        fail "bad $1: exit $status, $(cat "$dir.log")"
    fi
}
mkdir -p bad
# report= paths are from the meeting folder; the copies are one level deeper
line() { grep -n "$1" "$REPO/meetings/$meeting/meeting.xml" | head -1 | cut -d: -f1; }
bad unknown-report "$(line food-waste-2025):.*no report folder" 's|inputs/food-waste-2025|inputs/no-such-report|'
bad duplicate-item "$(line food-waste-decision-2025):.*same report as item 5" 's|inputs/food-waste-decision-2025|inputs/food-waste-2025|'
bad bad-date "[0-9]*:.*'2019-02-30' is not a valid value.*xs:date" 's|2019-12-17|2019-02-30|'
bad bad-time "[0-9]*:.*24-hour HH:MM" 's|14:00|2pm|'
bad report-meeting "[0-9]*:.*report's meeting.xml" 's|<agenda profile="leicestershire">|<meeting>|; s|</agenda>|</meeting>|'
status=0
"$PAPERS" pack >/dev/null 2>&1 || status=$?
[ $status -eq 2 ] && pass "papers pack without a meeting: usage, exit 2" || fail "no operand: exit $status"

finish

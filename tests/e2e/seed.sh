#!/usr/bin/env bash
# The seed report end to end: the cabinet report's text matches the real
# report paragraph by paragraph (but for one paragraph of exempt
# information the demo adds, whose notice the public version has in its
# place), both appendices are full documents, and a second report made by
# changing data only follows the data.
set -u
. "$(dirname "$0")/lib.bash"

INPUT=$REPO/inputs/community-safety-2019
COMPARE="python3 $REPO/tests/tools/compare_text.py"
cd "$REPO" || exit 1

# 1. Build the text of the seed report.
if "$PAPERS" build "$INPUT" --format txt --out "$WORK/out" >"$WORK/build.log" 2>&1; then
    pass "papers build (txt)"
else
    fail "papers build: $(cat "$WORK/build.log")"
fi
OUT=$WORK/out/community-safety-2019/latest
# consultation.xml has a paragraph the real report never had, about a named
# individual (exempt, Schedule 12A paragraph 1): its notice is the one
# paragraph of the public version the seed does not have.
NOTICE="Information withheld: exempt under paragraph 1 of Part 1 of Schedule 12A to the Local Government Act 1972"
if $COMPARE "$REPO/tests/data/seed/cabinet-report-community-safety-2019.txt" \
    "$OUT/cabinet-report.txt" --skip "$NOTICE"; then
    pass "cabinet report matches the seed word for word, but the exempt paragraph's notice"
else
    fail "cabinet report differs from the seed"
fi
if grep -q 'Hartley' "$OUT"/*.txt; then
    fail "the public text names the individual"
else
    pass "the public text does not name the individual"
fi

# 2. The appendices are full documents (a page of A4 is about 450 words).
for doc in appendix-a appendix-b; do
    words=$(wc -w <"$OUT/$doc.txt" 2>/dev/null || echo 0)
    if [ "$words" -ge 450 ]; then
        pass "$doc has $words words"
    else
        fail "$doc has only $words words"
    fi
done

# 3. check validates without writing.
if "$PAPERS" check "$INPUT" >/dev/null 2>&1; then
    pass "papers check"
else
    fail "papers check"
fi

# 4. The output folder is named after the input folder, however it is written.
(cd "$INPUT" && "$PAPERS" build . --format txt --out "$WORK/dot" >/dev/null 2>&1)
if [ -f "$WORK/dot/community-safety-2019/latest/cabinet-report.txt" ]; then
    pass "'papers build .' writes to <archive>/community-safety-2019"
else
    fail "'papers build .' did not write to <archive>/community-safety-2019"
fi

# 5. A second report from the same folder with other data: wording follows.
SECOND=$WORK/second-report
cp -r "$INPUT" "$SECOND"
sed -i 's|<start>2019-09-16</start>|<start>2019-12-02</start>|; s|<end>2019-11-11</end>|<end>2020-01-27</end>|; s|<responses>11</responses>|<responses>1</responses>|; s|share="0.8"|share="0.625"|' \
    "$SECOND/consultation.xml"
"$PAPERS" build "$SECOND" --format txt --out "$WORK/out" >/dev/null 2>&1
text=$(tr -s ' \n' ' ' <"$WORK/out/second-report/latest/cabinet-report.txt" 2>/dev/null)
for expected in "over 8 weeks between 2nd December 2019 and 27th January 2020" \
    "A total of 1 response was received" "with 63% of respondents"; do
    case "$text" in
        *"$expected"*) pass "second report says: $expected" ;;
        *) fail "second report lacks: $expected" ;;
    esac
done
case "$text" in
    *"16th September"*|*"11 responses"*) fail "second report still has the first report's facts" ;;
    *) pass "second report has none of the first report's consultation facts" ;;
esac

finish

#!/usr/bin/env bash
# third_shape.sh - a paper of a shape the examples do not have (a planning
# committee officer report), made from a COPY of example A's report folder
# by changing data and template only: a template, a manifest and a kind of
# data with its own schema (tests/data/planning/) go into the copy, and
# meeting.xml is edited.  It is built in every format; the text must say
# what the data says; the DOCX numbering and the PDF's words are checked as
# the golden cases check them (tests/cases/run.sh, via UPDATE_GOLDEN=1 on a
# throw-away case); and no shipped schema, nor anything else in the
# project, may change.
#
#   bash tests/e2e/third_shape.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
set -u
. "$(dirname "$0")/lib.bash"

PLANNING=$REPO/tests/data/planning
CASE=$WORK/case
REPORT=$CASE/input

# The project as it is, less the build folder the tests write into.
repo_snapshot() {
    local skip=""
    case "$WORK" in "$REPO"/*) skip=${WORK#"$REPO"/} skip=${skip%%/*} ;; esac
    (cd "$REPO" && find . \( -path ./.git -o -path "./$skip" \) -prune -o -type f -print0 |
        sort -z | xargs -0 sha256sum)
}
schemas_before=$(cd "$REPO" && sha256sum schemas/* profiles/*/schemas/*)
repo_before=$(repo_snapshot)

# 1. Copy example A; swap in the planning template, manifest and data.
mkdir -p "$CASE/profiles"
cp -r "$REPO/inputs/food-waste-2025" "$REPORT"
cp -r "$REPO/profiles/wealdbridge" "$CASE/profiles/"
mkdir -p "$REPORT/templates" "$REPORT/schemas"
cp "$PLANNING/templates/planning-report.xml" "$REPORT/templates/"
cp "$PLANNING/schemas/application.xsd" "$REPORT/schemas/"
cp "$PLANNING/application.xml" "$PLANNING/report.xml" "$REPORT/"
sed -i 's|<body>Cabinet</body>|<body>Planning Committee</body>|;
        s|<date>2025-06-12</date>|<date>2025-07-09</date>|;
        s|<item>8</item>|<item>5</item>|' "$REPORT/meeting.xml"
printf 'tree.xml exact\ntxt exact\ndocx valid\npdf text\n' >"$CASE/modes"

# 2. Build it in every format and check DOCX and PDF against the text.
if UPDATE_GOLDEN=1 bash "$REPO/tests/cases/run.sh" "$PAPERS" "$REPO" "$SHARED" "$WORK/run" \
        "$CASE" >"$WORK/run.log" 2>&1; then
    pass "the planning report builds; its DOCX numbering and PDF words match its text"
else
    fail "the planning report:"; cat "$WORK/run.log"
fi
OUT=$(out_dir "$WORK/run/out" input)
for ext in txt docx pdf tree.xml; do
    [ -s "$OUT/planning-report.$ext" ] && pass "planning-report.$ext written" ||
        fail "planning-report.$ext missing"
done

# 3. The text says what the data says, numbered by the council's scheme.
text=$(tr -s ' \n' ' ' <"$OUT/planning-report.txt" 2>/dev/null)
for expected in "Planning Committee – application 25/00417/FUL" \
    "Land north of Hollins Lane, Ashcombe" \
    "GRANT planning permission subject to the following conditions" \
    "23 letters of objection and 4 letters of support have been received" \
    "1. Site and surroundings" "3.1 23 letters" "5.1 The site lies within the settlement" \
    "1. The development shall begin within three years" \
    "Reason: To comply with section 91 of the Town and Country Planning Act 1990." \
    "Policy H2: Affordable housing"; do
    case "$text" in
        *"$expected"*) pass "the text says: $expected" ;;
        *) fail "the text lacks: $expected" ;;
    esac
done
case "$text" in
    *"food waste"*|*"Cabinet"*) fail "the text still has example A's facts" ;;
    *) pass "none of example A's wording is left" ;;
esac

# 4. check-pdf, when ../shared is there (check-docx ran in step 2).
if [ -x "$SHARED/tools/check-pdf" ]; then
    if "$SHARED/tools/check-pdf" -q --require-tagged --require-title \
            "$OUT/planning-report.pdf" >"$WORK/check-pdf.log" 2>&1; then
        pass "check-pdf passes"
    else
        fail "check-pdf:"; cat "$WORK/check-pdf.log"
    fi
else
    echo "SKIPPED: check-pdf of the planning report: no ../shared"
fi

# 5. Nothing shipped changed: the schemas, and nothing else in the project.
[ "$(cd "$REPO" && sha256sum schemas/* profiles/*/schemas/*)" = "$schemas_before" ] &&
    pass "no shipped schema changed" || fail "a shipped schema changed"
[ "$(repo_snapshot)" = "$repo_before" ] &&
    pass "nothing was written into the project" || fail "files in the project changed"

finish

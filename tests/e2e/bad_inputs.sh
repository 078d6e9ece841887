#!/usr/bin/env bash
# Bad input never crashes and never loses data: each case below breaks one
# thing in a copy of the seed inputs (or templates), and must give exit 1, a
# one-line "file:line: what is wrong" message naming the right file, and
# leave the archive from an earlier good build exactly as it was.
set -u
. "$(dirname "$0")/lib.bash"

INPUT=$REPO/inputs/community-safety-2019
ARCHIVE=$WORK/archive
cd "$WORK" || exit 1

# A good build first, so there is an archive to protect.
cp -r "$INPUT" "$WORK/good"
if ! "$PAPERS" build "$WORK/good" --format txt --out "$ARCHIVE" >/dev/null 2>&1; then
    fail "the good build failed"
fi
before=$(snapshot "$ARCHIVE")

# case NAME FILE_IN_MESSAGE EDIT...: copy inputs, templates and profiles to
# $WORK/NAME/{good,templates,profiles} (input folder named "good" so a
# wrongly successful build would overwrite the archive), run EDIT there,
# build.  ALSO=text: the message must contain that text too.
case_() {
    local name=$1 where=$2
    shift 2
    local dir=$WORK/$name
    mkdir -p "$dir"
    cp -r "$INPUT" "$dir/good"
    cp -r "$REPO/templates" "$dir/templates"
    cp -r "$REPO/profiles" "$dir/profiles"
    (cd "$dir" && eval "$@")
    local status=0
    (cd "$dir" && "$PAPERS" build good --format txt --out "$ARCHIVE" \
        --templates templates --profiles profiles >"$dir/stdout" 2>"$dir/stderr") || status=$?
    local message lines
    message=$(cat "$dir/stderr")
    lines=$(wc -l <"$dir/stderr")
    if [ "$status" -ne 1 ]; then
        fail "$name: exit $status, expected 1 ($message)"
    elif [ "$lines" -ne 1 ]; then
        fail "$name: expected one line of message, got $lines: $message"
    elif ! printf '%s' "$message" | grep -Eq "^[^ ]*${where}:[0-9]+: .+"; then
        fail "$name: message does not name ${where}:LINE: $message"
    elif [ -n "${ALSO:-}" ] && ! printf '%s' "$message" | grep -qF -- "$ALSO"; then
        fail "$name: message does not say '$ALSO': $message"
    elif [ "$(snapshot "$ARCHIVE")" != "$before" ] || [ -n "$(find "$ARCHIVE" -name '.staging-*')" ]; then
        fail "$name: the archive changed"
    else
        pass "$name: $message"
    fi
}

C=good/consultation.xml
M=good/meeting.xml
P=good/paper.xml
T=profiles/leicestershire/templates/cabinet-report.xml

case_ malformed-xml consultation.xml "sed -i 's|</responses>|</response>|' $C"
case_ unknown-element meeting.xml "sed -i 's|<item>B</item>|<item>B</item><chairman>Hall</chairman>|' $M"
ALSO="selects nothing in good/consultation.xml" \
    case_ missing-fact-a-template-needs cabinet-report.xml "sed -i '/<responses>/d' $C"
case_ end-before-start consultation.xml "sed -i 's|<end>2019-11-11|<end>2019-09-01|' $C"
case_ negative-count consultation.xml "sed -i 's|<responses>11|<responses>-3|' $C"
case_ date-that-does-not-exist consultation.xml "sed -i 's|2019-11-11|2019-11-31|' $C"
case_ leap-day-in-common-year consultation.xml "sed -i 's|2019-09-16|2019-02-29|' $C"
case_ not-a-number consultation.xml "sed -i 's|<responses>11|<responses>eleven|' $C"
case_ share-over-100-percent consultation.xml "sed -i 's|share=\"0.8\"|share=\"1.5\"|' $C"
case_ url-not-a-web-address paper.xml "sed -i 's|url=\"https://|url=\"ftp://|' $P"
case_ empty-required-text meeting.xml "sed -i 's|<body>Cabinet</body>|<body>  </body>|' $M"
case_ doctype-with-entities meeting.xml \
    "sed -i '1a <!DOCTYPE meeting [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>' $M"
case_ character-xml-forbids meeting.xml "sed -i 's|<item>B</item>|<item>B\&#x1;</item>|' $M"
case_ not-utf8 meeting.xml "sed -i 's|>Leicestershire County Council<|>Caf\\xe9<|' $M"
case_ unknown-data-kind thing.xml \
    "printf '<thing/>\\n' > good/thing.xml && sed -i 's|<data file=\"decision.xml\"/>|<data file=\"decision.xml\"/><data file=\"thing.xml\"/>|' good/report.xml"
case_ missing-data-file report.xml "sed -i 's|decision.xml|decisions.xml|' good/report.xml"
case_ missing-template report.xml "rm profiles/leicestershire/templates/appendix-b.xml"
ALSO="the profiles are: leicestershire, wealdbridge" \
    case_ unknown-profile report.xml "sed -i 's|profile=\"leicestershire\"|profile=\"leics\"|' good/report.xml"
case_ template-missing-field cabinet-report.xml "sed -i 's|\$consultation/responses\"|\$consultation/responsez\"|' $T"
case_ template-unknown-element cabinet-report.xml "sed -i 's|<heading>Background</heading>|<heading>Background</heading><paragraph>x</paragraph>|' $T"
case_ template-bad-expression cabinet-report.xml "sed -i 's|upper(\$meeting/body)|upper(\$meeting/body|' $T"
case_ template-not-xml cabinet-report.xml "sed -i 's|</section>|</sectoin>|' $T"

# Usage errors are exit 2; --help is exit 0.
"$PAPERS" >/dev/null 2>&1; [ $? -eq 2 ] && pass "no arguments: exit 2" || fail "no arguments"
"$PAPERS" frobnicate x >/dev/null 2>&1; [ $? -eq 2 ] && pass "unknown command: exit 2" || fail "unknown command"
"$PAPERS" build "$INPUT" --format odt --out "$ARCHIVE" >/dev/null 2>&1
[ $? -eq 2 ] && pass "unknown format: exit 2" || fail "unknown format"
"$PAPERS" build >/dev/null 2>&1; [ $? -eq 2 ] && pass "build without folder: exit 2" || fail "build without folder"
"$PAPERS" --help | grep -q "build INPUT_DIR" && pass "papers --help" || fail "papers --help"
"$PAPERS" build --help | grep -q -- "--format" && pass "papers build --help" || fail "papers build --help"
"$PAPERS" check --help | grep -q "validate" && pass "papers check --help" || fail "papers check --help"
"$PAPERS" build "$WORK/no-such-folder" --out "$ARCHIVE" >/dev/null 2>&1
[ $? -eq 1 ] && pass "missing input folder: exit 1" || fail "missing input folder"

# An archive that cannot be written is exit 3, and says so.
touch "$WORK/not-a-folder"
"$PAPERS" build "$INPUT" --format txt --out "$WORK/not-a-folder" >/dev/null 2>"$WORK/out3.err"
[ $? -eq 3 ] && pass "unwritable archive: exit 3 ($(cat "$WORK/out3.err"))" || fail "unwritable archive"

[ "$(snapshot "$ARCHIVE")" = "$before" ] && pass "archive unchanged after all cases" \
    || fail "archive changed"
finish

#!/usr/bin/env bash
# new_user_errors.sh - the mistakes a new user makes, each reported as one
# line that says what to do, with exit status 1 and nothing written.  Each
# case edits a fresh copy of the seed report (and of the Leicestershire
# profile) and checks the exact message of 'papers check', and of 'papers
# build' where the build could get further than the check.
set -u
. "$(dirname "$0")/lib.bash"
cd "$WORK" || exit 1

# setup: a fresh copy of the report (r/) and the profiles (p/).
setup() {
    rm -rf r p out outside.xml
    cp -r "$REPO/inputs/community-safety-2019" r
    cp -r "$REPO/profiles" p
    rm -rf p/*/example
}

# expect NAME MESSAGE [COMMAND]: exit 1, exactly MESSAGE as the one line of
# stderr, and no archive written.  COMMAND defaults to check.
expect() {
    local name=$1 message=$2 command=${3:-check}
    local status=0 options=()
    [ "$command" = build ] && options=(--out out --format txt)
    "$PAPERS" "$command" r --profiles p "${options[@]}" >"$name.out" 2>"$name.err" || status=$?
    local got lines
    got=$(cat "$name.err")
    lines=$(wc -l <"$name.err")
    if [ "$status" -ne 1 ]; then
        fail "$name ($command): exit $status, expected 1 ($got)"
    elif [ "$lines" -ne 1 ]; then
        fail "$name ($command): $lines lines of message, expected one: $got"
    elif [ "$got" != "$message" ]; then
        fail "$name ($command): said    '$got'"
        echo "      expected '$message'"
    elif [ -e out ]; then
        fail "$name ($command): wrote an archive"
    else
        pass "$name ($command): $got"
    fi
}

line_of() { grep -n -m 1 -- "$1" "$2" | cut -d: -f1; }

# ---- values the schema refuses: what is accepted -------------------------
setup
sed -i 's/share="0.8"/share="83%"/' r/consultation.xml
expect share-percent "r/consultation.xml:$(line_of 'share="83%"' r/consultation.xml): Element 'figure', attribute 'share': '83%' is not a valid value of the atomic type 'fraction'; a share is a fraction from 0 to 1: write shares as 0.83, not 83%"

setup
sed -i 's/share="0.8"/share="1.5"/' r/consultation.xml
expect share-over-one "r/consultation.xml:$(line_of 'share="1.5"' r/consultation.xml): Element 'figure', attribute 'share': The value '1.5' is greater than the maximum value allowed ('1'); a share is a fraction from 0 to 1: write shares as 0.83, not 83%"

setup
sed -i 's/appendix="A"/appendix="AA"/' r/report.xml
# libxml2 gives the line where the start tag ends: the line after.
expect appendix-label "r/report.xml:$(($(line_of 'appendix="AA"' r/report.xml) + 1)): Element 'document', attribute 'appendix': The value 'AA' is not accepted by the pattern '[A-Z]|[1-9][0-9]?'; appendix labels are A-Z or 1-99"

setup
sed -i 's|<end>2019-11-11</end>|<end>11/11/2019</end>|' r/consultation.xml
expect date "r/consultation.xml:$(line_of '<end>' r/consultation.xml): Element 'end': '11/11/2019' is not a valid value of the atomic type 'xs:date'; dates are written YYYY-MM-DD, e.g. 2019-11-11"

setup
sed -i 's|<responses>11</responses>|<responses>eleven</responses>|' r/consultation.xml
expect count "r/consultation.xml:$(line_of '<responses>' r/consultation.xml): Element 'responses': 'eleven' is not a valid value of the atomic type 'xs:nonNegativeInteger'; write a whole number, 0 or more, in digits only, e.g. 11"

setup
sed -i 's|</date>|</date><time>6.30pm</time>|' r/meeting.xml
expect clock "r/meeting.xml:$(line_of '<time>' r/meeting.xml): Element 'time': The value '6.30pm' is not accepted by the pattern '([01][0-9]|2[0-3]):[0-5][0-9]'; a time of day is written as 24-hour HH:MM, e.g. 18:30"

setup
sed -i '0,/size="12pt"/s//size="12 points"/' p/leicestershire/house-style.xml
expect length "p/leicestershire/house-style.xml:$(line_of 'size="12 points"' p/leicestershire/house-style.xml): Element 'paragraph', attribute 'size': The value '12 points' is not accepted by the pattern '[0-9]+(\.[0-9]+)?(pt|mm|cm|in)'; lengths are a number and a unit, pt, mm, cm or in, e.g. 2.54cm or 12pt"

# ---- a font that is not installed: found by check, exit 1 --------------
setup
sed -i 's/render="Liberation Sans"/render="Frutiger Next"/' p/leicestershire/house-style.xml
font="p/leicestershire/house-style.xml:$(line_of '<font ' p/leicestershire/house-style.xml): the font \"Frutiger Next\" (render=) is not installed: put its font files in the fonts/ folder beside this house style, or change render= to a font 'fc-list : family' shows"
expect font-check "$font"
expect font-build "$font" build

# ---- the logo ------------------------------------------------------------
setup
sed -i 's/src="logo.png"/src="crest.png"/' p/leicestershire/house-style.xml
expect logo-missing "p/leicestershire/house-style.xml:$(line_of '<logo ' p/leicestershire/house-style.xml): the logo p/leicestershire/crest.png does not exist: put the image beside the house style, or correct src=\"crest.png\""

setup
cp p/leicestershire/logo.svg p/leicestershire/logo.png
expect logo-not-png "p/leicestershire/house-style.xml:$(line_of '<logo ' p/leicestershire/house-style.xml): the logo p/leicestershire/logo.png is not a PNG image: save it as PNG, or name the file after what it is"

setup
head -c 200 "$REPO/profiles/leicestershire/logo.png" >p/leicestershire/logo.png
expect logo-truncated "p/leicestershire/house-style.xml:$(line_of '<logo ' p/leicestershire/house-style.xml): the logo p/leicestershire/logo.png: it cannot be read as a PNG image (error while reading from input stream); save the logo again from its drawing program"
expect logo-truncated-build "p/leicestershire/house-style.xml:$(line_of '<logo ' p/leicestershire/house-style.xml): the logo p/leicestershire/logo.png: it cannot be read as a PNG image (error while reading from input stream); save the logo again from its drawing program" build

setup
printf '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>' >p/leicestershire/logo.svg
sed -i 's/src="logo.png"/src="logo.svg"/' p/leicestershire/house-style.xml
expect logo-svg-no-size "p/leicestershire/house-style.xml:$(line_of '<logo ' p/leicestershire/house-style.xml): the logo p/leicestershire/logo.svg: the SVG image has no size: give its <svg> element a width and height, or a viewBox; save the logo again from its drawing program"

setup
sed -i 's/alt="Leicestershire County Council"/alt=" "/' p/leicestershire/house-style.xml
expect logo-alt "p/leicestershire/house-style.xml:$(line_of '<logo ' p/leicestershire/house-style.xml): Element 'logo', attribute 'alt': The value ' ' is not accepted by the pattern '[\s\S]*\S[\s\S]*'; alt is what a screen reader says for the logo, e.g. alt=\"Wealdbridge District Council\"; it may not be blank"

# ---- symbolic links that lead out of the report folder or the profile ------
setup
echo '<consultation/>' >outside.xml
rm r/consultation.xml
ln -s "$WORK/outside.xml" r/consultation.xml
expect link-data "r/consultation.xml: is a symbolic link to $WORK/outside.xml, outside the report folder r; papers reads only the files inside it: copy the file in instead of linking to it"

setup
mv p/leicestershire/templates/cabinet-report.xml outside.xml
ln -s "$WORK/outside.xml" p/leicestershire/templates/cabinet-report.xml
expect link-template "p/leicestershire/templates/cabinet-report.xml: is a symbolic link to $WORK/outside.xml, outside the profile p/leicestershire; papers reads only the files inside it: copy the file in instead of linking to it"

setup
ln -s consultation.xml r/consultation-copy.xml
if "$PAPERS" check r --profiles p >/dev/null 2>&1; then
    pass "a link that stays inside the report folder is fine"
else
    fail "a link inside the report folder was refused"
fi
finish

#!/usr/bin/env bash
# profiles.sh - council profiles as an officer uses them: every profile
# ships an example report (the same as the demo's in inputs/); papers new
# starts a report from it that builds at once; papers new-profile starts a
# council's own profile, found by name through PAPERS_PROFILES or by its
# folder; a profile's fonts/ reach the PDF; the logo and fonts are recorded
# in the archive; the header and footer come from the house style.
set -u
. "$(dirname "$0")/lib.bash"
cd "$WORK" || exit 1
export SOURCE_DATE_EPOCH=1700000000

# expect NAME STATUS MESSAGE COMMAND...: exit status and the one line of
# stderr, exactly.
expect() {
    local name=$1 status=$2 message=$3
    shift 3
    local got=0
    "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || got=$?
    if [ "$got" -ne "$status" ]; then
        fail "$name: exit $got, expected $status ($(cat "$WORK/$name.err"))"
    elif [ "$(cat "$WORK/$name.err")" != "$message" ]; then
        fail "$name: said '$(cat "$WORK/$name.err")', expected '$message'"
    else
        pass "$name: exit $status${message:+, '$message'}"
    fi
}

# 1. Each shipped profile's example is the demo report of that council.
for pair in leicestershire:community-safety-2019 wealdbridge:food-waste-2025; do
    profile=${pair%%:*} report=${pair##*:}
    if diff -r "$REPO/profiles/$profile/example" "$REPO/inputs/$report" >"$WORK/diff.log"; then
        pass "profiles/$profile/example is inputs/$report"
    else
        fail "profiles/$profile/example differs from inputs/$report: $(head -n 3 "$WORK/diff.log")"
    fi
done

# 2. papers new: a report folder that builds at once.
expect new-report 0 "" "$PAPERS" new wealdbridge reports/my-report
expect new-builds 0 "" "$PAPERS" build reports/my-report --out out -q
grep -q 'profile="wealdbridge"' reports/my-report/report.xml &&
    pass "the new report names its profile" || fail "the new report does not name wealdbridge"
expect new-exists 1 "reports/my-report: already exists; give a folder name that is not used yet" \
    "$PAPERS" new wealdbridge reports/my-report
expect new-unknown 1 "there is no profile \"camden\" (the profiles are: leicestershire, wealdbridge); name one of them, or a profile folder with a '/' (./my-council)" \
    "$PAPERS" new camden reports/other

# 3. papers new-profile: a council's own profile, by name or by folder.
expect new-profile 0 "" "$PAPERS" new-profile my-council profiles --from leicestershire
expect new-profile-from 2 "papers new-profile: say which profile to copy with --from PROFILE" \
    "$PAPERS" new-profile other profiles
expect new-profile-name 1 "'My Council' cannot be a profile name: use lower-case letters, digits and '-', starting with a letter (my-council)" \
    "$PAPERS" new-profile "My Council" profiles --from wealdbridge
grep -q 'profile="my-council"' profiles/my-council/example/report.xml &&
    pass "the new profile's example names it" || fail "the new profile's example does not name it"
PAPERS_PROFILES=$WORK/profiles expect own-new 0 "" "$PAPERS" new my-council reports/ours
PAPERS_PROFILES=$WORK/profiles expect own-builds 0 "" "$PAPERS" build reports/ours --out out -q
line=$(grep -n '<report' reports/ours/report.xml | cut -d: -f1)
expect own-unnamed 1 "reports/ours/report.xml:$line: there is no profile \"my-council\" (the profiles are: leicestershire, wealdbridge); put the folder that holds it in PAPERS_PROFILES, or name the profile by its folder, with a '/' (profile=\"../profiles/my-council\")" \
    "$PAPERS" check reports/ours
expect by-folder 0 "" "$PAPERS" new ./profiles/my-council reports/by-folder
grep -q 'profile="../../profiles/my-council"' reports/by-folder/report.xml &&
    pass "a profile given as a folder is named by its path from the report" ||
    fail "by-folder names $(grep -o 'profile="[^"]*"' reports/by-folder/report.xml)"
expect by-folder-builds 0 "" "$PAPERS" build reports/by-folder --out out -q

# 4. The logo and the house style's fonts are recorded with the version.
manifest=out/ours/latest/manifest.xml
grep -q 'role="logo" path="profile/logo.png"' "$manifest" &&
    pass "the logo is an archived input" || fail "no logo input in $manifest"

# 4b. The logo is drawn on each paper's first page with its text
# alternative: a picture with its description in Word, a tagged Figure with
# /Alt in the PDF, an <img alt> in the web page; as PNG and as SVG.
check_logo() { # KIND: the outputs of reports/ours carry the logo
    local kind=$1 dir=out/ours/latest alt
    alt=$(grep -o 'alt="[^"]*"' profiles/my-council/house-style.xml | head -n 1 | cut -d'"' -f2)
    unzip -p "$dir/cabinet-report.docx" word/document.xml >"$WORK/logo-doc.xml"
    if unzip -l "$dir/cabinet-report.docx" | grep -q word/media/logo.png &&
        grep -q "<wp:docPr id=\"1\" name=\"Logo\" descr=\"$alt\"" "$WORK/logo-doc.xml"; then
        pass "$kind logo: a picture in Word, described '$alt'"
    else
        fail "$kind logo: no described picture in $dir/cabinet-report.docx"
    fi
    if qpdf --qdf --object-streams=disable "$dir/cabinet-report.pdf" - 2>/dev/null |
        grep -a -A6 "/Alt ($alt)" | grep -aq '/S /Figure' &&
        [ "$(pdfimages -list -f 1 -l 1 "$dir/cabinet-report.pdf" 2>/dev/null | tail -n +3 | wc -l)" -ge "$2" ]; then
        pass "$kind logo: a Figure with its /Alt in the PDF"
    else
        fail "$kind logo: no Figure with /Alt ($alt) in $dir/cabinet-report.pdf"
    fi
    "$PAPERS" build reports/ours --out html-$kind --format html -q >/dev/null 2>&1
    grep -q "<div class=\"logo\"><img src=\"data:image/[a-z+]*;base64,[^\"]*\" alt=\"$alt\">" \
        html-$kind/ours/latest/cabinet-report.html &&
        pass "$kind logo: <img alt> in the web page" || fail "$kind logo: no <img alt> in the web page"
}
PAPERS_PROFILES=$WORK/profiles check_logo PNG 1
sed -i 's/src="logo.png"/src="logo.svg"/' profiles/my-council/house-style.xml
PAPERS_PROFILES=$WORK/profiles expect svg-builds 0 "" "$PAPERS" build reports/ours --out out -q
PAPERS_PROFILES=$WORK/profiles check_logo SVG 0
sed -i 's/src="logo.svg"/src="logo.png"/' profiles/my-council/house-style.xml

# 5. fonts/: with fontconfig seeing no fonts at all, the render font is
# missing (papers check finds it) until the profile brings its files.
cat >"$WORK/no-fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>$WORK/fontconfig-cache</cachedir></fontconfig>
EOF
style=profiles/my-council/house-style.xml
line=$(grep -n '<font ' "$style" | cut -d: -f1)
FONTCONFIG_FILE=$WORK/no-fonts.conf expect font-missing 1 "$WORK/profiles/my-council/house-style.xml:$line: the font \"Liberation Sans\" (render=) is not installed: put its font files in the fonts/ folder beside this house style, or change render= to a font 'fc-list : family' shows" \
    env PAPERS_PROFILES="$WORK/profiles" "$PAPERS" check reports/ours
liberation=$(fc-list -f '%{file}\n' 'Liberation Sans' | head -n 1)
mkdir -p profiles/my-council/fonts
cp "$(dirname "$liberation")"/LiberationSans-*.ttf profiles/my-council/fonts/
FONTCONFIG_FILE=$WORK/no-fonts.conf PAPERS_PROFILES=$WORK/profiles \
    expect font-from-profile 0 "" "$PAPERS" build reports/ours --out out -q
if grep -q 'role="font" path="profile/fonts/LiberationSans-Regular.ttf"' out/ours/latest/manifest.xml &&
    pdffonts out/ours/latest/cabinet-report.pdf | grep -q LiberationSans; then
    pass "the profile's fonts set the PDF and are archived inputs"
else
    fail "the profile's fonts are not in the manifest or the PDF"
fi

# 6. Header and footer from the house style (Wealdbridge: the council's
# name and the paper's title at the top, the page number at the bottom).
pdf=out/my-report/latest/cabinet-report.pdf
top=$(pdftotext -f 2 -l 2 -y 0 -H 50 -W 600 -x 0 "$pdf" - | tr -s ' \n' ' ')
bottom=$(pdftotext -f 2 -l 2 -y 790 -H 52 -W 600 -x 0 "$pdf" - | tr -s ' \n' ' ')
case "$top|$bottom" in
*"Wealdbridge District Council"*"Weekly Food Waste Collection Service"*"|"*"Page 2 of "*)
    pass "page 2: '$top' at the top, '$bottom' at the bottom" ;;
*) fail "page 2 furniture: top '$top', bottom '$bottom'" ;;
esac
part() { python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$@"; }
footer=$(part out/my-report/latest/cabinet-report.docx word/footer1.xml)
header=$(part out/my-report/latest/cabinet-report.docx word/header1.xml)
case "$header|$footer" in
*"Wealdbridge District Council"*"<w:tab/>"*"Weekly Food Waste"*"|"*"PAGE"*"NUMPAGES"*)
    pass "the Word header has the council and title, the footer Word's page fields" ;;
*) fail "Word header/footer: $header $footer" ;;
esac
finish

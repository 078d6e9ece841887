#!/usr/bin/env bash
# narrow_columns.sh - a narrow table column never breaks a word in the
# middle, in the PDF and in Word: a table whose first column is a
# thirteenth of the page holds long words; prepare widens that column to
# its longest word (doc.h).  Each word must come out of our PDF whole, and
# out of LibreOffice's PDF of the Word file whole.  A table whose words
# cannot all fit side by side is the check's own test: there a word must
# break, and the check must see it.
set -u
. "$(dirname "$0")/lib.bash"
R=$WORK/narrow-columns
mkdir -p "$R/templates" "$R/schemas"
cat >"$R/report.xml" <<'EOF'
<report>
  <document output="table" template="table.xml" title="Narrow columns">
    <data file="facts.xml"/>
  </document>
</report>
EOF
cat >"$R/schemas/facts.xsd" <<'EOF'
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:element name="facts">
    <xs:complexType><xs:sequence>
      <xs:element name="row" maxOccurs="unbounded">
        <xs:complexType><xs:simpleContent><xs:extension base="xs:string">
          <xs:attribute name="who" type="xs:string" use="required"/>
        </xs:extension></xs:simpleContent></xs:complexType>
      </xs:element>
      <xs:element name="long" maxOccurs="2" type="xs:string"/>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
EOF
cat >"$R/facts.xml" <<'EOF'
<facts>
  <row who="Neighbourhoods">Community Safety Partnerships in every district</row>
  <row who="Implementation">The action plan, monitored quarterly by the Board</row>
  <row who="Responsibilities">Named officers for each priority</row>
  <long>Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</long>
  <long>Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb</long>
</facts>
EOF
cat >"$R/templates/table.xml" <<'EOF'
<template>
  <meta title="Narrow columns" language="en-GB"/>
  <table widths="1 12">
    <row header="yes"><cell>Who</cell><cell>What</cell></row>
    <for-each select="$facts/row">
      <row><cell><value of="@who"/></cell><cell><value of="."/></cell></row>
    </for-each>
  </table>
  <para>Words that cannot fit side by side:</para>
  <table widths="1 1">
    <row><for-each select="$facts/long"><cell><value of="."/></cell></for-each></row>
  </table>
</template>
EOF
if ! "$PAPERS" build "$R" --format pdf,docx --out "$WORK/out" -q >"$WORK/build.log" 2>&1; then
    fail "papers build: $(cat "$WORK/build.log")"
    finish
    exit 1
fi
OUT=$(out_dir "$WORK/out" narrow-columns)

# whole WORD... PDF: each word is one word of the PDF's text.
whole() {
    local pdf=$1 what=$2
    shift 2
    local text missing=()
    text=" $(pdftotext -raw "$pdf" - | tr -s ' \n' '  ') "
    for word in "$@"; do
        case "$text" in *" $word "*) ;; *) missing+=("$word") ;; esac
    done
    if [ ${#missing[@]} -eq 0 ]; then
        pass "$what: $* each whole"
        return 0
    fi
    fail "$what: broken: ${missing[*]}"
    return 1
}
WORDS=(Neighbourhoods Implementation Responsibilities)
LONG=Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
whole "$OUT/table.pdf" "our PDF" "${WORDS[@]}"
# The check sees a broken word: one that cannot fit is broken.
if whole "$OUT/table.pdf" "our PDF, a word too long for any column" "$LONG" >/dev/null; then
    fail "the check did not see the broken word $LONG"
else
    failures=$((failures - 1))
    pass "the check sees a word broken where it cannot fit"
fi

if ! command -v soffice >/dev/null; then
    echo "SKIPPED: Word layout of narrow columns: soffice is not installed"
    finish
    exit $?
fi
mkdir -p "$WORK/lo"
if soffice -env:UserInstallation="file://$WORK/lo-profile" --headless --convert-to pdf \
        --outdir "$WORK/lo" "$OUT/table.docx" >"$WORK/lo.log" 2>&1 && [ -s "$WORK/lo/table.pdf" ]; then
    whole "$WORK/lo/table.pdf" "LibreOffice's layout of the Word file" "${WORDS[@]}"
else
    fail "LibreOffice could not lay out table.docx: $(cat "$WORK/lo.log")"
fi
finish

#!/usr/bin/env bash
# page_agreement.sh - the Word file in LibreOffice and the PDF break their
# pages in the same places, for every example report (inputs/*): for each
# document, LibreOffice (headless) turns the .docx into a PDF, and
# tests/tools/page_agreement.py compares it with the PDF writer's file:
# the same number of pages for every document, and the same first words on
# at least 9 pages in 10 of each report (page furniture left out: only the
# text area the .docx's margins leave is read).
#
#   bash tests/e2e/page_agreement.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
#
# Reported "SKIPPED: e2e_page_agreement: soffice is not installed" without
# LibreOffice.  Needs the papers binary, python3, poppler-utils.
set -u
. "$(dirname "$0")/lib.bash"

if ! command -v soffice >/dev/null; then
    echo "SKIPPED: e2e_page_agreement: soffice is not installed"
    exit 0
fi
TOOLS=$REPO/tests/tools
MIN_SHARE=0.9
export SOURCE_DATE_EPOCH=1576540800
export TZ=UTC

# lo_pdfs DIR OUT: LibreOffice's PDF of every .docx in DIR, into OUT.
lo_pdfs() {
    mkdir -p "$2"
    soffice -env:UserInstallation="file://$WORK/lo-profile" --headless \
        --convert-to pdf --outdir "$2" "$1"/*.docx >"$WORK/soffice.log" 2>&1
}

# pairs DIR LO: the arguments of page_agreement.py for every document.
pairs() {
    local docx
    for docx in "$1"/*.docx; do
        local name
        name=$(basename "${docx%.docx}")
        printf '%s\0' --area-from "$docx" "$1/$name.pdf" "$2/$name.pdf"
    done
}

reports=0
for input in "$REPO"/inputs/*/; do
    [ -f "$input/report.xml" ] || continue
    name=$(basename "$input")
    reports=$((reports + 1))
    if ! "$PAPERS" build "$input" --out "$WORK/out" -q --format docx,pdf --exempt \
        >"$WORK/$name.log" 2>&1; then
        fail "$name: papers build: $(cat "$WORK/$name.log")"
        continue
    fi
    dir=$(out_dir "$WORK/out" "$name")
    lo_pdfs "$dir" "$WORK/lo/$name" || { fail "$name: soffice: $(cat "$WORK/soffice.log")"; continue; }
    mapfile -d '' args < <(pairs "$dir" "$WORK/lo/$name")
    if python3 "$TOOLS/page_agreement.py" --min-share $MIN_SHARE "${args[@]}" \
        >"$WORK/$name.agree" 2>&1; then
        pass "$name: $(tail -n 1 "$WORK/$name.agree" | sed 's/^page_agreement: //')"
    else
        fail "$name: pages differ from LibreOffice's:"
        sed 's/^/    /' "$WORK/$name.agree"
    fi
done
[ $reports -gt 0 ] || fail "no report folders under $REPO/inputs"

# The check can fail: a paper's PDF against another paper's, and a PDF
# against itself with a page left out.
dir=$(out_dir "$WORK/out" community-safety-2019)
if [ -f "$dir/cabinet-report.pdf" ]; then
    python3 "$TOOLS/page_agreement.py" "$dir/cabinet-report.pdf" "$dir/appendix-a.pdf" \
        >/dev/null 2>&1 && fail "two different papers agree" || pass "two different papers differ"
    pdfseparate -f 1 -l 1 "$dir/cabinet-report.pdf" "$WORK/one-page.pdf" 2>/dev/null
    python3 "$TOOLS/page_agreement.py" "$dir/cabinet-report.pdf" "$WORK/one-page.pdf" \
        >/dev/null 2>&1 && fail "a page short agrees" || pass "a page short differs"
    python3 "$TOOLS/page_agreement.py" --min-share 0.9 "$dir/cabinet-report.pdf" \
        "$dir/cabinet-report.pdf" >/dev/null 2>&1 && pass "a file agrees with itself" ||
        fail "a file does not agree with itself"
fi

finish

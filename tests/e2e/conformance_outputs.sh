#!/usr/bin/env bash
# conformance_outputs.sh - every PDF and Word file the pipeline makes, for
# every example report (inputs/*) and golden case (tests/cases/*), their
# redlines included, meets the project's accessibility and archiving checks.
#
#   bash tests/e2e/conformance_outputs.sh PAPERS_BINARY REPO_DIR SHARED_DIR WORK_DIR
#
# Each report is built (all formats, with --exempt: the full -EXEMPT
# versions of papers holding exempt information too), its templates amended
# (tests/tools/amend_templates.py) and built again, so that the second
# version holds every document again and its redline (<doc>-changes.docx,
# .pdf).  Then, for every file of both versions (a file of v2 with the same
# bytes as v1's is checked once, in v1: pdfinfo -struct-text costs seconds
# a file):
#   - PDF: tests/tools/pdf_conformance.py (PDF/UA-1, PDF/A-2a);
#     ../shared/tools/check-pdf --require-tagged --require-title;
#     what a screen reader reads (pdfinfo -struct-text, through
#     tests/tools/struct_text.py) is the paper's text file, word for word and
#     in order (compare_text.py, tables row by row): nothing missing, nothing
#     out of order, no page furniture inside a paragraph.  A redline has no
#     text file: its structure must not hold the "Page N of M" footer.
#   - DOCX: tests/tools/docx_accessibility.py --strict;
#     ../shared/tools/check-docx.
# The ../shared checkers are reported "SKIPPED: ...: no ../shared" when
# ../shared is absent.  Needs the papers binary, python3, qpdf, poppler-utils.
set -u
. "$(dirname "$0")/lib.bash"

TOOLS=$REPO/tests/tools
export SOURCE_DATE_EPOCH=1576540800
export TZ=UTC
CHECK_PDF=$SHARED/tools/check-pdf
CHECK_DOCX=$SHARED/tools/check-docx
FOOTER='Page [0-9]+ of [0-9]+'
mkdir -p "$WORK/none"
[ -x "$CHECK_PDF" ] && [ -x "$CHECK_DOCX" ] || echo "SKIPPED: check-pdf, check-docx: no ../shared"

check_pdf() { # NAME PDF: the file's checks; a text file beside it is what it must read
    local name=$1 pdf=$2 log=$WORK/log.$RANDOM
    if python3 "$TOOLS/pdf_conformance.py" "$pdf" >"$log"; then
        pass "$name: every PDF/UA-1 and PDF/A-2a check"
    else
        fail "$name: $(grep '^FAIL' "$log" | tr '\n' ' ')"
    fi
    if [ -x "$CHECK_PDF" ]; then
        "$CHECK_PDF" -q --require-tagged --require-title "$pdf" >"$log" 2>&1 &&
            pass "$name: check-pdf --require-tagged --require-title" ||
            fail "$name: check-pdf: $(cat "$log")"
    fi
    [ -s "$pdf.struct" ] || { fail "$name: no structure"; return; }
    cp "$pdf.struct" "$log.struct"
    local txt=${pdf%.pdf}.txt
    if [ -f "$txt" ]; then
        python3 "$TOOLS/compare_text.py" "$txt" "$log.struct" --tree "${pdf%.pdf}.tree.xml" \
            --quiet 2>"$log" && pass "$name: the structure reads the text file, in order" ||
            fail "$name: the structure is not the text: $(cat "$log")"
    elif grep -Eq "$FOOTER" "$log.struct"; then
        fail "$name: the footer is read inside the structure"
    else
        pass "$name: no footer in the structure"
    fi
}

check_docx() { # NAME DOCX
    local name=$1 docx=$2 log=$WORK/log.$RANDOM
    if python3 "$TOOLS/docx_accessibility.py" --strict "$docx" >"$log"; then
        pass "$name: every Word accessibility check (--strict)"
    else
        fail "$name: $(grep -E '^(FAIL|WARN)' "$log" | tr '\n' ' ')"
    fi
    if [ -x "$CHECK_DOCX" ]; then
        "$CHECK_DOCX" -q "$docx" >"$log" 2>&1 && pass "$name: check-docx" ||
            fail "$name: check-docx: $(cat "$log")"
    fi
}

# check_report NAME INPUT PROFILES TEMPLATES: two versions, every file checked.
check_report() {
    local name=$1 in=$WORK/in/$1 profiles=$WORK/profiles/$1 out=$WORK/out
    mkdir -p "$WORK/in" "$WORK/profiles"
    cp -r "$2" "$in"
    cp -r "$3" "$profiles"
    local build=("$PAPERS" build "$in" --out "$out" --profiles "$profiles" --templates "$4" -q
        --exempt)
    if ! "${build[@]}" >"$WORK/$name.log" 2>&1; then
        fail "$name: papers build: $(cat "$WORK/$name.log")"
        return
    fi
    python3 "$TOOLS/amend_templates.py" "$in" "$profiles" >/dev/null ||
        { fail "$name: no template to amend"; return; }
    if ! "${build[@]}" --reason "Amended" >"$WORK/$name.log" 2>&1; then
        fail "$name: papers build after the amendment: $(cat "$WORK/$name.log")"
        return
    fi
    local redlines
    redlines=$(ls "$out/$name/v2" | grep -c -- '-changes\.pdf$')
    [ "$redlines" -gt 0 ] && pass "$name: v2 has $redlines redlines" || fail "$name: no redline"
    local file kind
    # What a screen reader reads, for every PDF at once on every core: pdfinfo
    # -struct-text takes 2 to 5 s of processor time a file, most of this test.
    for file in "$out/$name"/v1/*.pdf "$out/$name"/v2/*.pdf; do
        [ -f "$file" ] || continue
        cmp -s "$file" "$out/$name/v1/$(basename "$file")" && [ "${file#"$out/$name/v2/"}" != "$file" ] ||
            printf '%s\0' "$file"
    done | xargs -0 -r -P "$(nproc)" -I{} python3 "$TOOLS/struct_text.py" {} {}.struct
    for version in v1 v2; do
        for file in "$out/$name/$version"/*.pdf "$out/$name/$version"/*.docx; do
            [ -f "$file" ] || continue
            if [ $version = v2 ] && cmp -s "$file" "$out/$name/v1/$(basename "$file")"; then
                continue # the same file as v1's, checked there
            fi
            files=$((files + 1))
            case $file in *-EXEMPT*) exempt=$((exempt + 1)) ;; esac
            case $file in *-changes.*) changes=$((changes + 1)) ;; esac
            kind=check_docx
            [ "${file%.pdf}" != "$file" ] && kind=check_pdf
            $kind "$name/$version/$(basename "$file")" "$file"
        done
    done
}

reports=0 files=0 exempt=0 changes=0
for input in "$REPO"/inputs/*/; do
    [ -f "$input/report.xml" ] || continue
    reports=$((reports + 1))
    check_report "$(basename "$input")" "$input" "$REPO/profiles" "$REPO/templates"
done
# same_as_example CASE: the inputs/ example a golden case copies whole (the
# same report folder and profiles make the same files, checked there).
same_as_example() {
    local input
    for input in "$REPO"/inputs/*/; do
        # the case's profiles may be a part of the shipped ones, never different
        if diff -rq "$1/input" "$input" >/dev/null 2>&1 &&
            { [ ! -d "$1/profiles" ] ||
                ! diff -rq "$1/profiles" "$REPO/profiles" 2>&1 | grep -qv "^Only in $REPO/profiles"; }; then
            basename "$input"
            return 0
        fi
    done
    return 1
}
for case in "$REPO"/tests/cases/*/; do
    [ -f "$case/input/report.xml" ] || continue
    if example=$(same_as_example "$case"); then
        echo "case $(basename "$case"): the same report as inputs/$example, checked there"
        continue
    fi
    reports=$((reports + 1))
    profiles=$case/profiles
    [ -d "$profiles" ] || profiles=$WORK/none
    # the case's report folder is named after the case, as its output
    check_report "case-$(basename "$case")" "$case/input" "$profiles" "$WORK/none"
done
[ $reports -gt 0 ] || fail "no report folders under $REPO/inputs and $REPO/tests/cases"
echo "checked $files files of $reports reports: $changes redlines, $exempt full (-EXEMPT) versions"
[ $exempt -gt 0 ] && [ $changes -gt 0 ] ||
    fail "the run checked no -EXEMPT full version or no redline: the examples lost them?"

finish

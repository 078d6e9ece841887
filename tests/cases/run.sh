#!/usr/bin/env bash
# run.sh - one golden case (tests/cases/<name>/), as ctest runs it:
#
#   bash tests/cases/run.sh PAPERS REPO SHARED WORK CASE_DIR
#
# Builds CASE_DIR/input in every format into WORK, with the case's own
# profiles (CASE_DIR/profiles) and no shipped templates or house style, so a
# case depends only on itself and the engine (and with the build options
# CASE_DIR/options names, if it has that file: --exempt); then
# check_outputs.py compares each output with CASE_DIR/expected/ in the mode
# CASE_DIR/modes names.
# UPDATE_GOLDEN=1 rewrites the expected files from this build.
set -u
. "$(dirname "$0")/../e2e/lib.bash"
CASE=${5:?usage: run.sh PAPERS REPO SHARED WORK CASE_DIR}
export SOURCE_DATE_EPOCH=1700000000

[ -f "$CASE/modes" ] || { fail "$CASE has no modes file"; finish; exit 1; }
[ -f "$CASE/input/report.xml" ] || { fail "$CASE/input/report.xml is missing"; finish; exit 1; }

# An empty folder stands for the shipped templates and, if the case has
# none, for the profiles: a case may not lean on files outside itself.
mkdir -p "$WORK/none"
profiles=$CASE/profiles
[ -d "$profiles" ] || profiles=$WORK/none

options=()
[ -f "$CASE/options" ] && read -r -a options <"$CASE/options"
if "$PAPERS" build "$CASE/input" --format tree.xml,txt,docx,pdf --out "$WORK/out" \
        --profiles "$profiles" --templates "$WORK/none" -q "${options[@]}" \
        >"$WORK/build.log" 2>&1; then
    pass "papers build (tree.xml, txt, docx, pdf) ${options[*]}"
else
    fail "papers build: $(cat "$WORK/build.log")"
    finish
    exit 1
fi

update=()
[ "${UPDATE_GOLDEN:-}" = 1 ] && update=(--update)
[ -x "$SHARED/tools/check-docx" ] ||
    echo "SKIPPED: case_$(basename "$CASE"): check-docx: no ../shared (the DOCX parts are checked for well-formed XML only)"
if python3 "$REPO/tests/cases/check_outputs.py" "$CASE" "$(out_dir "$WORK/out" input)" \
        --shared="$SHARED" "${update[@]}"; then
    pass "outputs match expected/ in every mode"
else
    fail "outputs differ from expected/ (see above; UPDATE_GOLDEN=1 rewrites them)"
fi
finish

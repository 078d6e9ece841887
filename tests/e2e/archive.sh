#!/usr/bin/env bash
# archive.sh - the versioned archive, end to end: a version only when
# something changed, only the changed document made again (the others
# carried, byte for byte), the manifest's record, history, rebuilding an old
# version byte-identically after its inputs changed, and verify finding a
# flipped byte, a deleted file and an added file.
set -u
. "$(dirname "$0")/lib.bash"

export SOURCE_DATE_EPOCH=1576540800
export USER=tester
IN=$WORK/in/community-safety-2019
TEMPLATES=$WORK/templates
PROFILES=$WORK/profiles
ROOT=$WORK/out
A=$ROOT/community-safety-2019
DOCS="cabinet-report appendix-a appendix-b"
mkdir -p "$WORK/in"
cp -r "$REPO/inputs/community-safety-2019" "$IN"
cp -r "$REPO/templates" "$TEMPLATES"
cp -r "$REPO/profiles" "$PROFILES"

build() { # build [OPTIONS...]: into $ROOT with the copied templates; output in $WORK/last.*
    "$PAPERS" build "$IN" --out "$ROOT" --templates "$TEMPLATES" --profiles "$PROFILES" "$@" \
        >"$WORK/last.out" 2>"$WORK/last.err"
}
versions() { (cd "$A" && ls -d v[0-9]* 2>/dev/null | sort -V | tr '\n' ' '); }
# Names of the documents' files that differ between two version folders
# (redlines, *-changes.*, belong to the version that made them: redline.sh).
differing() {
    for f in "$A/$1"/*; do
        name=$(basename "$f")
        case "$name" in manifest.xml|*-changes.*) continue ;; esac
        cmp -s "$f" "$A/$2/$name" || printf '%s ' "$name"
    done
}

# 1. The first version.
if build --reason "First issue"; then pass "first build"; else fail "first build: $(cat "$WORK/last.err")"; fi
[ "$(versions)" = "v1 " ] && pass "v1 made" || fail "versions after one build: $(versions)"
[ "$(readlink "$A/latest")" = v1 ] && pass "latest -> v1 (relative)" || fail "latest is $(readlink "$A/latest")"
for doc in $DOCS; do
    for ext in txt docx pdf tree.xml; do
        [ -s "$A/v1/$doc.$ext" ] || fail "v1 lacks $doc.$ext"
    done
done
if xmllint --noout --schema "$REPO/schemas/archive-manifest.xsd" "$A/v1/manifest.xml" 2>/dev/null; then
    pass "v1/manifest.xml is valid (xmllint)"
else
    fail "v1/manifest.xml is not valid"
fi
writable=$(find "$A/v1" -perm /222 | wc -l)
[ "$writable" -eq 0 ] && pass "v1 is read-only" || fail "$writable writable entries in v1"
# The manifest's record of appendix-b.txt: its own data, not the cabinet report's.
b_uses=$(xmllint --xpath '//output[@name="appendix-b.txt"]/uses/@path' "$A/v1/manifest.xml" 2>/dev/null)
c_uses=$(xmllint --xpath '//output[@name="cabinet-report.txt"]/uses/@path' "$A/v1/manifest.xml" 2>/dev/null)
case "$b_uses" in *agreement.xml*appendix-b.xml*) pass "appendix-b.txt uses agreement.xml and its template" ;;
    *) fail "appendix-b.txt uses: $b_uses" ;; esac
case "$c_uses" in *agreement.xml*) fail "the cabinet report is recorded as using agreement.xml" ;;
    *consultation.xml*) pass "the cabinet report does not use agreement.xml" ;;
    *) fail "cabinet-report.txt uses: $c_uses" ;; esac

# 2. Nothing changed: no new version, and it says so.
if build --reason "Nothing"; then pass "unchanged build: exit 0"; else fail "unchanged build failed"; fi
grep -qx "$A: nothing changed since v1" "$WORK/last.out" \
    && pass "says: $(cat "$WORK/last.out")" || fail "unchanged build said: $(cat "$WORK/last.out")"
[ "$(versions)" = "v1 " ] && pass "no v2 made" || fail "versions: $(versions)"

# 3. Only Appendix B's data changes: only Appendix B is made again.
sed -i 's|<title>CONTEST</title>|<title>CONTEST (revised)</title>|' "$IN/agreement.xml"
if build --reason "Amendment moved at Cabinet, para 9"; then pass "second build"; else fail "second build: $(cat "$WORK/last.err")"; fi
[ "$(versions)" = "v1 v2 " ] && pass "v2 made" || fail "versions: $(versions)"
d=$(differing v1 v2)
[ "$d" = "appendix-b.docx appendix-b.pdf appendix-b.tree.xml appendix-b.txt " ] \
    && pass "only appendix-b's files differ from v1" || fail "differing files: $d"
grep -q "CONTEST (revised)" "$A/v2/appendix-b.txt" && pass "v2's appendix-b has the change" \
    || fail "v2's appendix-b lacks the change"
m=$A/v2/manifest.xml
carried=$(xmllint --xpath 'count(//output[@carried-from="1"])' "$m")
made=$(xmllint --xpath 'count(//output[not(@carried-from)][not(@role)][@built-in="2"])' "$m")
made_names=$(xmllint --xpath '//output[not(@carried-from)][not(@role)]/@name' "$m" | tr -s ' \n' ' ')
[ "$carried" = 8 ] && [ "$made" = 4 ] && pass "manifest: 4 made, 8 carried from v1" \
    || fail "manifest: $made made, $carried carried"
case "$made_names" in *cabinet*|*appendix-a*) fail "made: $made_names" ;; *) pass "made: $made_names" ;; esac
[ "$(xmllint --xpath 'string(//reason)' "$m")" = "Amendment moved at Cabinet, para 9" ] \
    && pass "manifest records the reason" || fail "reason: $(xmllint --xpath 'string(//reason)' "$m")"
[ "$(xmllint --xpath 'string(//author)' "$m")" = tester ] && pass "author from USER" \
    || fail "author: $(xmllint --xpath 'string(//author)' "$m")"
[ "$(xmllint --xpath 'string(//previous/@number)' "$m")" = 1 ] && pass "previous is v1" || fail "previous"
[ "$(xmllint --xpath 'string(//built/@source-date-epoch)' "$m")" = "$SOURCE_DATE_EPOCH" ] \
    && pass "SOURCE_DATE_EPOCH recorded" || fail "SOURCE_DATE_EPOCH not recorded"
[ "$(readlink "$A/latest")" = v2 ] && pass "latest -> v2" || fail "latest is $(readlink "$A/latest")"
[ -n "$(find "$A" -name '.staging-*')" ] && fail "staging left behind" || pass "no staging left"

# 4. A template change remakes only its document; --author is recorded.
sed -i 's|<heading>|<heading>Appendix A: |' "$PROFILES/leicestershire/templates/appendix-a.xml"
build --reason "Heading wording" --author "Jo Bloggs" || fail "third build: $(cat "$WORK/last.err")"
d=$(differing v2 v3)
[ "$d" = "appendix-a.docx appendix-a.pdf appendix-a.tree.xml appendix-a.txt " ] \
    && pass "a template change remakes only appendix-a" || fail "differing v2 v3: $d"
[ "$(xmllint --xpath 'string(//author)' "$A/v3/manifest.xml")" = "Jo Bloggs" ] \
    && pass "--author recorded" || fail "author of v3"
grep -q "carried from v2" "$WORK/last.out" && pass "says: $(tail -n 1 "$WORK/last.out")" \
    || fail "third build said: $(cat "$WORK/last.out")"

# 5. History: one block per version, with what changed.
"$PAPERS" history "$A" >"$WORK/history" 2>&1 || fail "history failed"
grep -q "^v2  built .* UTC by tester$" "$WORK/history" && pass "history: v2 header" || fail "history v2 header"
grep -q "reason: Amendment moved at Cabinet, para 9" "$WORK/history" && pass "history: reason" || fail "history reason"
grep -q "inputs changed since v1: data input/agreement.xml$" "$WORK/history" \
    && pass "history: v2 changed data input/agreement.xml" || fail "history inputs of v2"
grep -q "inputs changed since v2: template profile/templates/appendix-a.xml$" "$WORK/history" \
    && pass "history: v3 changed template appendix-a.xml" || fail "history inputs of v3"
grep -q "outputs: 4 made (appendix-b.txt, appendix-b.docx, appendix-b.pdf, appendix-b.tree.xml), 8 carried from v1" \
    "$WORK/history" && pass "history: outputs of v2" || fail "history outputs of v2"
[ "$(grep -c '^v[0-9]' "$WORK/history")" = 3 ] && pass "history: 3 blocks" || fail "history blocks"

# 6. Rebuild v1 after its inputs changed: byte-identical, with v1's epoch
#    (a different one in the environment must not matter).
SOURCE_DATE_EPOCH=1 "$PAPERS" rebuild "$A" v1 --out "$WORK/rebuilt-v1" >"$WORK/rebuild.out" 2>&1 \
    || fail "rebuild v1: $(cat "$WORK/rebuild.out")"
same=0
for doc in $DOCS; do
    for ext in txt docx pdf; do
        if cmp -s "$WORK/rebuilt-v1/$doc.$ext" "$A/v1/$doc.$ext"; then
            same=$((same + 1))
        else
            fail "rebuilt v1 $doc.$ext differs from the archived one"
        fi
    done
done
[ "$same" = 9 ] && pass "rebuild v1: DOCX, PDF and txt byte-identical" || true
grep -q "12 of 12 files identical" "$WORK/rebuild.out" && pass "rebuild says: $(cat "$WORK/rebuild.out")" \
    || fail "rebuild said: $(cat "$WORK/rebuild.out")"
grep -q "CONTEST (revised)" "$WORK/rebuilt-v1/appendix-b.txt" && fail "rebuilt v1 has v2's change" \
    || pass "rebuilt v1 has v1's data"
"$PAPERS" rebuild "$A" v9 --out "$WORK/rebuilt-v9" >/dev/null 2>"$WORK/rebuild9.err"
[ $? -eq 1 ] && pass "rebuild of a version that is not there: exit 1 ($(cat "$WORK/rebuild9.err"))" \
    || fail "rebuild v9"
# A version built by another papers: rebuilt, with a one-line warning.
cp -a "$A" "$WORK/other-pipeline"
chmod u+w "$WORK/other-pipeline/v1" "$WORK/other-pipeline/v1/manifest.xml"
sed -i 's|<pipeline version="[^"]*"/>|<pipeline version="0.0.1"/>|' "$WORK/other-pipeline/v1/manifest.xml"
"$PAPERS" rebuild "$WORK/other-pipeline" v1 --out "$WORK/rebuilt-other" >/dev/null 2>"$WORK/other.err" \
    || fail "rebuild of another pipeline's version failed"
[ "$(grep -c '^warning: v1 was built by papers 0.0.1' "$WORK/other.err")" = 1 ] \
    && pass "warns: $(cat "$WORK/other.err")" || fail "no pipeline warning: $(cat "$WORK/other.err")"

# 7. verify: a good archive passes with one line; each kind of damage is named.
"$PAPERS" verify "$A" >"$WORK/verify.out" 2>&1
status=$?
[ $status -eq 0 ] && [ "$(wc -l <"$WORK/verify.out")" = 1 ] && pass "verify: $(cat "$WORK/verify.out")" \
    || fail "verify of a good archive: exit $status: $(cat "$WORK/verify.out")"
damage() { # NAME EXPECTED_LINE COMMAND: damage a copy, verify must name it
    local copy=$WORK/damaged-$1
    rm -rf "$copy"
    cp -a "$A" "$copy"
    (cd "$copy" && eval "$3")
    "$PAPERS" verify "$copy" >"$copy.out" 2>&1
    local st=$?
    if [ $st -eq 1 ] && grep -qx "$2" "$copy.out"; then
        pass "verify finds $1: $(grep -x "$2" "$copy.out")"
    else
        fail "verify of $1: exit $st: $(cat "$copy.out")"
    fi
}
damage flipped-byte "changed: $WORK/damaged-flipped-byte/v2/appendix-a.pdf (.*)" \
    'chmod u+w v2/appendix-a.pdf && printf "\x00" | dd of=v2/appendix-a.pdf bs=1 seek=1000 conv=notrunc 2>/dev/null'
damage deleted-file "missing: $WORK/damaged-deleted-file/v1/cabinet-report.docx" \
    'chmod u+w v1 && rm -f v1/cabinet-report.docx'
damage added-file "extra: $WORK/damaged-added-file/v3/notes.txt (.*)" \
    'chmod u+w v3 && echo hello >v3/notes.txt'
damage stored-input "changed: $WORK/damaged-stored-input/store/.* (its contents do not match its name)" \
    'f=$(find store -type f | sort | head -n 1) && chmod u+w "$f" && echo x >>"$f"'
damage manifest "changed: $WORK/damaged-manifest/v1/manifest.xml (v2 recorded another SHA-256 for it)" \
    'chmod u+w v1 v1/manifest.xml && sed -i "s|<author>tester|<author>someone else|" v1/manifest.xml'
"$PAPERS" verify "$WORK/no-such-archive" >/dev/null 2>&1
[ $? -eq 1 ] && pass "verify of a missing folder: exit 1" || fail "verify of a missing folder"

# 8. A carried copy that no longer matches its record is made again, not copied.
H=$WORK/heal/community-safety-2019
mkdir -p "$WORK/heal"
cp -a "$A" "$H"
chmod u+w "$H/v3" "$H/v3/cabinet-report.txt"
echo damaged >"$H/v3/cabinet-report.txt"
sed -i 's|<title>CONTEST (revised)</title>|<title>CONTEST (revised twice)</title>|' "$IN/agreement.xml"
"$PAPERS" build "$IN" --out "$WORK/heal" --templates "$TEMPLATES" --profiles "$PROFILES" --reason $'Fix\tafter\n damage' \
    >"$WORK/heal.out" 2>"$WORK/heal.err"
if grep -q "cabinet-report.txt does not match its manifest" "$WORK/heal.err" &&
    cmp -s "$H/v4/cabinet-report.txt" "$A/v1/cabinet-report.txt"; then
    pass "a damaged copy is made again: $(cat "$WORK/heal.err")"
else
    fail "damaged copy: $(cat "$WORK/heal.out" "$WORK/heal.err")"
fi

# A reason of several lines is kept as one line (the manifest stays valid).
[ "$(xmllint --xpath 'string(//reason)' "$H/v4/manifest.xml" 2>/dev/null)" = "Fix after damage" ] &&
    pass "a reason with a tab and a newline is recorded as one line" ||
    fail "reason of v4: $(xmllint --xpath 'string(//reason)' "$H/v4/manifest.xml" 2>&1)"

# 9. A newest manifest that cannot be read: the build stops (exit 3), writes nothing.
chmod u+w "$H/v4" "$H/v4/manifest.xml"
sed -i 's|<pipeline |<pipe |' "$H/v4/manifest.xml"
before=$(snapshot "$H")
sed -i 's|<title>CONTEST[^<]*</title>|<title>CONTEST (third)</title>|' "$IN/agreement.xml"
"$PAPERS" build "$IN" --out "$WORK/heal" --templates "$TEMPLATES" --profiles "$PROFILES" >/dev/null 2>"$WORK/damaged.err"
status=$?
if [ $status -eq 3 ] && grep -q "v4/manifest.xml:3: .*the archive is damaged" "$WORK/damaged.err" &&
    [ "$(snapshot "$H")" = "$before" ]; then
    pass "damaged newest manifest: exit 3, nothing written: $(cat "$WORK/damaged.err")"
else
    fail "damaged newest manifest: exit $status: $(cat "$WORK/damaged.err")"
fi

finish

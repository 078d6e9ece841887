#!/usr/bin/env bash
# install.sh - papers is an installable tool: a copy of the project is
# configured, built (the papers target only, -j2) and installed into a
# prefix; the copied source and build trees are then deleted, and the
# installed command, run from another folder, builds every example report
# (copied out of <prefix>/share/papers first) and starts a new report that
# builds at once.  No path of the build machine is in the binary.
set -u
. "$(dirname "$0")/lib.bash"

SRC=$WORK/src
BLD=$WORK/bld
PREFIX=$WORK/prefix
export SOURCE_DATE_EPOCH=1700000000

# 1. A copy of the project, without build trees, archives or git.
mkdir -p "$SRC"
tar -C "$REPO" --exclude='./build*' --exclude=./output --exclude=./.git -cf - . |
    tar -C "$SRC" -xf - || { fail "cannot copy the project"; finish; exit 1; }

# 2. Configure, build, install.
if cmake -S "$SRC" -B "$BLD" -DCMAKE_INSTALL_PREFIX="$PREFIX" >"$WORK/configure.log" 2>&1 &&
    cmake --build "$BLD" -j2 --target papers >"$WORK/build.log" 2>&1 &&
    cmake --install "$BLD" >"$WORK/install.log" 2>&1; then
    pass "configured, built and installed into $PREFIX"
else
    fail "configure, build or install failed: $(tail -n 5 "$WORK"/*.log)"
    finish
    exit 1
fi
rm -rf "$SRC" "$BLD"

INSTALLED=$PREFIX/bin/papers
DATA=$PREFIX/share/papers
for folder in schemas templates profiles examples; do
    if [ -d "$DATA/$folder" ] && [ ! -L "$DATA/$folder" ]; then
        pass "installed share/papers/$folder"
    else
        fail "share/papers/$folder is missing (or a link)"
    fi
done
if grep -aqF -e "$SRC" -e "$BLD" -e "$REPO" "$INSTALLED"; then
    fail "the binary holds a path of the machine it was built on"
else
    pass "the binary holds no path of the build machine"
fi

# 3. From another folder, with the source and build trees gone.
HERE=$WORK/elsewhere
mkdir -p "$HERE/reports"
cp -r "$DATA"/examples/* "$HERE/reports/"
for example in "$DATA"/profiles/*/example; do
    profile=$(basename "$(dirname "$example")")
    cp -r "$example" "$HERE/reports/$profile-example"
done
cd "$HERE" || exit 1
count=0
for report in reports/*; do
    name=$(basename "$report")
    if "$INSTALLED" build "$report" --out out -q >"$WORK/$name.log" 2>&1 &&
        [ -s "out/$name/latest/manifest.xml" ] && ls "out/$name/latest/"*.pdf >/dev/null 2>&1; then
        count=$((count + 1))
    else
        fail "the installed papers cannot build $name: $(cat "$WORK/$name.log")"
    fi
done
if [ "$count" -ge 5 ]; then
    pass "the installed papers built all $count example reports (txt, docx, pdf)"
else
    fail "only $count example reports were built; 5 expected"
fi
if "$INSTALLED" new wealdbridge my-report >/dev/null 2>"$WORK/new.log" &&
    "$INSTALLED" build my-report --out out -q >>"$WORK/new.log" 2>&1; then
    pass "papers new wealdbridge my-report, then build: it builds"
else
    fail "a report started with papers new does not build: $(cat "$WORK/new.log")"
fi

# 4. PAPERS_HOME overrides where the data are; a wrong one is named.
message=$(PAPERS_HOME=$HERE/nowhere "$INSTALLED" check my-report 2>&1)
status=$?
want="papers: PAPERS_HOME is $HERE/nowhere, which has no schemas/ folder; set it to the folder that holds papers' schemas, templates and profiles, or unset it"
if [ "$status" -eq 1 ] && [ "$message" = "$want" ]; then
    pass "PAPERS_HOME is where papers looks for its data"
else
    fail "PAPERS_HOME=nowhere: exit $status, $message"
fi
finish

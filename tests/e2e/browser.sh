#!/usr/bin/env bash
# browser.sh - the web pages in a real browser: every page of every example
# report (inputs/*), their index pages, the demo meeting's page (papers pack)
# and the unit tests' golden page are
# opened in Debian's chromium, headless, driven by playwright-core
# (tests/browser/check_pages.cjs), and each must pass:
#   - axe-core: no violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules,
#     at 1280 and at 390 px wide;
#   - lang and title present, no script;
#   - no horizontal scrolling at 390 px;
#   - the words the browser shows in <main> are the text writer's, labels
#     included (the .txt of the same version).
# Screenshots of each page at both widths are left in WORK/shots.  Pages with
# deliberate faults (an image without alt text and no lang, a changed word,
# an element wider than a phone, a pale link colour) must each be failed.
#
# Needs /usr/bin/chromium (scripts/packages.txt) and npm: the npm packages
# (tests/browser/package-lock.json) are installed with npm ci into the build
# folder.  Without either the test says SKIPPED and passes.
set -u
. "$(dirname "$0")/lib.bash"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "SKIPPED: browser: no $CHROMIUM (install the Debian package chromium: scripts/setup.sh)"
    exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "SKIPPED: browser: no node and npm to install axe-core and playwright-core"
    exit 0
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
    echo "SKIPPED: browser: node $(node --version) is older than 20, which playwright-core needs"
    exit 0
fi

# The npm packages, into the build folder: once for each package-lock.json.
NODE_DIR=$(dirname "$WORK")/browser-node
SRC=$REPO/tests/browser
stamp=$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$NODE_DIR/.installed" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$NODE_DIR"
    mkdir -p "$NODE_DIR"
    cp "$SRC/package.json" "$SRC/package-lock.json" "$NODE_DIR/"
    if ! (cd "$NODE_DIR" && npm_config_cache="$NODE_DIR/.npm-cache" \
            npm ci --no-audit --no-fund --ignore-scripts >"$NODE_DIR/npm.log" 2>&1); then
        echo "SKIPPED: browser: npm ci could not install axe-core and playwright-core:" \
             "$(tail -n 1 "$NODE_DIR/npm.log")"
        exit 0
    fi
    echo "$stamp" >"$NODE_DIR/.installed"
fi
pass "axe-core and playwright-core installed in $NODE_DIR"

check() { # check SHOTS_DIR SPEC...: the checker's output in $WORK/check.out
    CHROMIUM=$CHROMIUM node "$SRC/check_pages.cjs" "$NODE_DIR" "$@" >"$WORK/check.out" 2>&1
}

# 1. Every example report's pages, as the archive holds them.
export SOURCE_DATE_EPOCH=1576540800
specs=()
for input in "$REPO"/inputs/*/; do
    report=$(basename "$input")
    if ! "$PAPERS" build "$input" --out "$WORK/out" --format txt,docx,pdf,html -q \
            >"$WORK/build.out" 2>&1; then
        fail "build $report: $(cat "$WORK/build.out")"
        continue
    fi
    dir=$(out_dir "$WORK/out" "$report")
    for page in "$dir"/*.html; do
        name=$(basename "$page" .html)
        if [ "$name" = index ]; then
            specs+=("$report-index=$page")
        else
            # The .txt's tables are aligned columns: compare row by row.
            python3 "$REPO/tests/tools/canonical_words.py" "$dir/$name.txt" \
                "$dir/$name.tree.xml" >"$WORK/$report-$name.words"
            specs+=("$report-$name=$page,$WORK/$report-$name.words")
        fi
    done
done
# The demo meeting's web page (papers pack), beside its agenda pack.
if "$PAPERS" pack "$REPO/meetings/cabinet-2019-12-17" --out "$WORK/out" >"$WORK/pack.out" 2>&1; then
    specs+=("meeting-index=$WORK/out/meetings/cabinet-2019-12-17/index.html")
else
    fail "papers pack: $(cat "$WORK/pack.out")"
fi
golden=$REPO/tests/data/golden
python3 "$REPO/tests/tools/canonical_words.py" "$golden/sample.txt" \
    "$golden/sample-tree.xml" >"$WORK/golden-sample.words"
specs+=("golden-sample=$golden/sample.html,$WORK/golden-sample.words")

if check "$WORK/shots" "${specs[@]}"; then
    pass "${#specs[@]} pages checked in chromium"
else
    fail "the browser checks of ${#specs[@]} pages (exit $?)"
fi
cat "$WORK/check.out"
passes=$((passes + $(grep -c '^ok: ' "$WORK/check.out")))
shots=$(find "$WORK/shots" -name '*.png' -size +1k | wc -l)
[ "$shots" -eq $((2 * ${#specs[@]})) ] && pass "$shots screenshots in $WORK/shots" \
    || fail "$shots screenshots for ${#specs[@]} pages at two widths"

# 2. Pages with faults: each must be failed, for its fault.
BROKEN=$WORK/broken
mkdir -p "$BROKEN"
good=$(out_dir "$WORK/out" community-safety-2019)/cabinet-report.html
txt=$(out_dir "$WORK/out" community-safety-2019)/cabinet-report.txt
sed -e 's/<html lang="en-GB">/<html>/' -e 's/<main>/<main><img src="missing.png">/' \
    "$good" >"$BROKEN/no-alt.html"
sed -e 's/This report seeks approval/This report asks approval/' "$good" >"$BROKEN/word.html"
sed -e 's/<main>/<main><div class="wide">x<\/div>/' -e 's/<\/style>/.wide{width:1000px}\n<\/style>/' \
    "$good" >"$BROKEN/wide.html"
sed -e 's/^a{color:#[0-9A-Fa-f]*/a{color:#DDDDDD/' "$good" >"$BROKEN/pale-links.html"
if check "$BROKEN/shots" "no-alt=$BROKEN/no-alt.html" "word=$BROKEN/word.html,$txt" \
        "wide=$BROKEN/wide.html" "pale-links=$BROKEN/pale-links.html"; then
    fail "the faulty pages passed"
else
    pass "the faulty pages are failed (exit $?)"
fi
expect() { # expect PATTERN WHAT: the checker failed a page for that
    grep -q "^FAIL: $1" "$WORK/check.out" && pass "failed: $2" || fail "not failed: $2"
}
expect 'axe no-alt at 1280px: image-alt' "an image without alt text (axe image-alt)"
expect 'axe no-alt at 1280px: html-has-lang' "a page without lang (axe html-has-lang)"
expect 'page no-alt: lang=""' "a page without lang (page check)"
expect 'text word: .*word 17' "a word that differs from the text writer's"
expect 'phone wide: ' "a page that scrolls sideways on a phone"
expect 'axe pale-links at 1280px: color-contrast' "pale links (axe color-contrast)"
sed 's/^/  (expected) /' "$WORK/check.out"

finish

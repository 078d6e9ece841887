#!/usr/bin/env bash
# bench/run.sh - how fast papers is, in one table (README, "Performance").
#
#   bench/run.sh [--runs N] [--batch-runs K] [--big-runs M] [--big-cases LIST]
#                [--callgrind] [--no-peers] [--no-big] [--table]
#
# Needs build/bin/papers (scripts/test.sh or scripts/demo.sh makes it).  Every
# case runs N times (default 10), interleaved: round 1 runs each case once,
# then round 2, so a slow minute on a shared machine hits every case alike.
# The batches of 100 run in the first K rounds (default N), those of 1,000 in
# the first M (default 3: ten would take most of an hour), and only the
# cases of --big-cases (default "pdf-j1 pdf-j2 docx-j1 docx-j2").  Each figure is the median with the minimum, of the
# whole process (start-up included), by /usr/bin/time; peak is its largest
# resident memory (%M).
#
# Rates are characters of document text per second: the characters that are
# not white space in the documents' text (papers: the .txt of the same
# documents; Typst: pdftotext of its PDF; docxtemplater: the w:t text of its
# DOCX), so a longer or shorter report neither helps nor hurts.
#
# Peers (../shared/peers, see its README) run in the same rounds when
# installed: run-peers.sh's own copy in $PEERS_WORK (default
# /tmp/peers-work) with its node_modules.  They make the cabinet report of
# ../shared/peers: Typst (one PDF; 100 PDFs from one process) and
# docxtemplater (one DOCX; 100 from one process).  The last column is the
# ratio of rates papers/peer (how many times papers' rate the peer's is).
#
# --callgrind adds the top functions (own instructions) of a batch of 10
# generated reports, PDF and DOCX, one thread, under valgrind's callgrind.
# BENCH_WORK (default /tmp/papers-bench) holds the generated reports and
# outputs; it is made again each run.  --table prints the table again from
# the times a run left there, measuring nothing (give the same options).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PAPERS=${PAPERS:-$REPO/build/bin/papers}
RUNS=10 BATCH_RUNS= BIG_RUNS=3 CALLGRIND=0 PEERS=1 BIG=1 TABLE_ONLY=0
BIG_CASES="pdf-j1 pdf-j2 docx-j1 docx-j2"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift ;;
        --batch-runs) BATCH_RUNS=$2; shift ;;
        --big-runs) BIG_RUNS=$2; shift ;;
        --big-cases) BIG_CASES=$2; shift ;;
        --callgrind) CALLGRIND=1 ;;
        --no-peers) PEERS=0 ;;
        --no-big) BIG=0 ;;
        --table) TABLE_ONLY=1 ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "bench/run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
BATCH_RUNS=${BATCH_RUNS:-$RUNS}
[ -x "$PAPERS" ] || { echo "bench/run.sh: no $PAPERS; build first (scripts/test.sh)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/run.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
W=${BENCH_WORK:-/tmp/papers-bench}
if [ "$TABLE_ONLY" = 0 ]; then
rm -rf "$W"
mkdir -p "$W/times"
export SOURCE_DATE_EPOCH=1576540800 USER=bench
unset PAPERS_PROFILES

# ---- the reports ------------------------------------------------------------
echo "# preparing: generated reports, the cabinet report alone" >&2
bench/make-reports 100 "$W/reports-100"
[ "$BIG" = 1 ] && bench/make-reports 1000 "$W/reports-1000"
# The cabinet report alone: the demo's first report with its first document only
# (so without its list of appendices), with its profile's cabinet template.
cp -r inputs/community-safety-2019 "$W/cabinet"
python3 - "$W/cabinet/report.xml" <<'PY'
import re, sys
path = sys.argv[1]
xml = open(path, encoding="utf-8").read()
docs = list(re.finditer(r"\s*<document\b.*?</document>", xml, re.S))
xml = xml[:docs[1].start()] + xml[docs[-1].end():]
open(path, "w", encoding="utf-8").write(xml)
PY
# Its mentions of the appendices become plain words, in the report's data and
# in a copy of its profile, whose cabinet template names Appendix A.
sed -i 's|<appendix doc="appendix-b"/>|Appendix B|g' "$W"/cabinet/*.xml
cp -r profiles/leicestershire "$W/cabinet-profile"
sed -i "s|<value of=\"\$report/document\[@output = 'appendix-a'\]/@appendix\"/>|A|" \
    "$W/cabinet-profile/templates/cabinet-report.xml"
sed -i 's|profile="leicestershire"|profile="../cabinet-profile"|' "$W/cabinet/report.xml"

fi

# Non-space characters of text files, or of standard input.
chars() { python3 -c '
import sys
files = sys.argv[1:] or ["-"]
n = 0
for f in files:
    text = sys.stdin.read() if f == "-" else open(f, encoding="utf-8").read()
    n += sum(1 for c in text if not c.isspace())
print(n)' "$@"; }
# The text of reports built as .txt (the documents' text, whatever the format).
report_chars() { # NAME DIR...
    local out="$W/text-$1"; shift
    [ "$TABLE_ONLY" = 1 ] || "$PAPERS" build "$@" --format txt --out "$out" --quiet >/dev/null
    chars $(find "$out" -path '*/v1/*.txt' | sort)
}
declare -A CHARS
CHARS[demo]=$(report_chars demo inputs)
CHARS[cabinet]=$(report_chars cabinet "$W/cabinet")
CHARS[b100]=$(report_chars b100 "$W/reports-100")
[ "$BIG" = 1 ] && CHARS[b1000]=$(report_chars b1000 "$W/reports-1000")

# ---- the peers --------------------------------------------------------------
PEERS_DIR=${PEERS_WORK:-/tmp/peers-work}
have_peers=0
if [ "$PEERS" = 1 ] && [ -d "$PEERS_DIR/node_modules/docxtemplater" ] &&
   [ -d "$PEERS_DIR/node_modules/@myriaddreamin/typst-ts-node-compiler" ] && command -v node >/dev/null; then
    have_peers=1
    (cd "$PEERS_DIR" && mkdir -p out && node typst-pdf.js report.typ out/bench-typst.pdf &&
        node docx-fill.js template.docx data.json out/bench-dt.docx)
    CHARS[typst1]=$(pdftotext "$PEERS_DIR/out/bench-typst.pdf" - | chars)
    CHARS[dt1]=$(unzip -p "$PEERS_DIR/out/bench-dt.docx" word/document.xml |
        python3 -c 'import re,sys; print("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", sys.stdin.read())))' | chars)
    CHARS[typst100]=$((CHARS[typst1] * 100))
    CHARS[dt100]=$((CHARS[dt1] * 100))
    v_typst=$(node -p "require('$PEERS_DIR/node_modules/@myriaddreamin/typst-ts-node-compiler/package.json').version")
    v_dt=$(node -p "require('$PEERS_DIR/node_modules/docxtemplater/package.json').version")
elif [ "$PEERS" = 1 ]; then
    echo "# peers not installed ($PEERS_DIR/node_modules): ../shared/peers/run-peers.sh --batch installs them" >&2
fi

# ---- the cases --------------------------------------------------------------
# case NAME CHARS_KEY ROUNDS PREP -- CMD...: PREP runs untimed before each run.
CASES=()
declare -A CMD PREP KEY ROUNDS
add() { local name=$1 key=$2 rounds=$3 prep=$4; shift 5
    CASES+=("$name"); KEY[$name]=$key; ROUNDS[$name]=$rounds; PREP[$name]=$prep
    CMD[$name]=$(printf '%q ' "$@"); }
O="$W/out"
P="$PAPERS"
add demo demo "$RUNS" "rm -rf $O" -- "$P" build inputs --out "$O" --quiet
add cabinet-pdf cabinet "$RUNS" "rm -rf $O" -- "$P" build "$W/cabinet" --format pdf --out "$O" --quiet
add cabinet-docx cabinet "$RUNS" "rm -rf $O" -- "$P" build "$W/cabinet" --format docx --out "$O" --quiet
for j in 1 2; do
    for f in pdf docx; do
        add "batch100-$f-j$j" b100 "$BATCH_RUNS" "rm -rf $O" -- "$P" build "$W/reports-100" --format $f --jobs $j --out "$O" --quiet
    done
done
if [ "$BIG" = 1 ]; then
    for c in $BIG_CASES; do
        f=${c%-j*} j=${c#*-j}
        {
            add "batch1000-$f-j$j" b1000 "$BIG_RUNS" "rm -rf $O" -- "$P" build "$W/reports-1000" --format $f --jobs $j --out "$O" --quiet
        }
    done
fi
"$P" build inputs/community-safety-2019 --out "$W/built" --quiet >/dev/null
add unchanged-rebuild - "$RUNS" ":" -- "$P" build inputs/community-safety-2019 --out "$W/built" --quiet
add "start-up (papers --version)" - "$RUNS" ":" -- "$P" --version
if [ "$have_peers" = 1 ]; then
    add "typst 1 PDF" typst1 "$RUNS" ":" -- env -C "$PEERS_DIR" node typst-pdf.js report.typ out/bench-typst.pdf
    add "typst 100 PDF" typst100 "$RUNS" "rm -rf $PEERS_DIR/out/bt" -- env -C "$PEERS_DIR" node typst-pdf.js report.typ out/bt 100
    add "docxtemplater 1 DOCX" dt1 "$RUNS" ":" -- env -C "$PEERS_DIR" node docx-fill.js template.docx data.json out/bench-dt.docx
    add "docxtemplater 100 DOCX" dt100 "$RUNS" "rm -rf $PEERS_DIR/out/bd" -- env -C "$PEERS_DIR" node docx-fill.js template.docx data.json out/bd 100
fi

# ---- the rounds -------------------------------------------------------------
TF="$W/time.tmp"
for ((r = 1; TABLE_ONLY == 0 && r <= RUNS; r++)); do
    echo "# round $r of $RUNS" >&2
    for name in "${CASES[@]}"; do
        [ "$r" -le "${ROUNDS[$name]}" ] || continue
        eval "${PREP[$name]}"
        t0=$(date +%s%N)
        if ! eval "/usr/bin/time -f '%U %S %M' -o \"\$TF\" ${CMD[$name]}" >/dev/null 2>"$W/last.err"; then
            echo "bench/run.sh: $name failed: $(tail -3 "$W/last.err")" >&2; exit 1
        fi
        t1=$(date +%s%N)
        f="$W/times/$(echo "$name" | tr -c 'A-Za-z0-9\n' _)"
        awk -v a="$t0" -v b="$t1" '{printf "%.4f %.3f %.1f\n", (b-a)/1e9, $1+$2, $3/1024}' "$TF" >>"$f"
    done
done

# ---- the table --------------------------------------------------------------
stat() { # FILE COLUMN: median and minimum
    awk -v c="$2" '{print $c}' "$1" | sort -g |
        awk '{a[NR]=$1} END{m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%s %s %d\n", m, a[1], NR}'
}
declare -A MED
cpu=$(awk -F: '/model name/{gsub(/^ +/,"",$2); print $2; exit}' /proc/cpuinfo)
echo
echo "Machine: $(date -u +%Y-%m-%d) UTC, $(nproc) cores ($cpu), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo),"\
     "$(. /etc/os-release; echo "$PRETTY_NAME"); papers $("$P" --version | awk '{print $2}')"\
     "($(git rev-parse --short HEAD 2>/dev/null || echo unknown))$([ "$have_peers" = 1 ] && echo ", node $(node --version), typst-ts-node-compiler $v_typst, docxtemplater $v_dt")"
echo
echo "| case | runs | median s | min s | cpu s | peak MiB | text chars | chars/s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for name in "${CASES[@]}"; do
    f="$W/times/$(echo "$name" | tr -c 'A-Za-z0-9\n' _)"
    read -r med min n < <(stat "$f" 1)
    read -r cpu_med _ _ < <(stat "$f" 2)
    read -r peak _ _ < <(stat "$f" 3)
    MED[$name]=$med
    key=${KEY[$name]}
    if [ "$key" != - ]; then
        c=${CHARS[$key]}
        rate=$(awk -v c="$c" -v s="$med" 'BEGIN{printf "%.0f", c/s}')
    else
        c="-" rate="-"
    fi
    printf '| %s | %s | %.3f | %.3f | %.3f | %.1f | %s | %s |\n' "$name" "$n" "$med" "$min" "$cpu_med" "$peak" "$c" "$rate"
done
rate_of() { awk -v c="${CHARS[$2]}" -v s="${MED[$1]}" 'BEGIN{print c/s}'; }
echo
echo "Targets (issue 12):"
if [ "$have_peers" = 1 ]; then
    for j in 1 2; do
        echo "- batch of 100, --jobs $j, PDF: $(awk -v a="$(rate_of "batch100-pdf-j$j" b100)" -v b="$(rate_of "typst 100 PDF" typst100)" 'BEGIN{printf "%.1f", a/b}') times Typst's rate (one process, 100 PDFs; target 5)"
        echo "- batch of 100, --jobs $j, DOCX: $(awk -v a="$(rate_of "batch100-docx-j$j" b100)" -v b="$(rate_of "docxtemplater 100 DOCX" dt100)" 'BEGIN{printf "%.1f", a/b}') times docxtemplater's rate (target 5)"
    done
    echo "- the whole demo in one process: $(awk -v a="${MED[demo]}" -v b="${MED["typst 1 PDF"]}" 'BEGIN{printf "%.2f", b/a}') times faster than Typst makes one PDF (target 3)"
    echo "- the cabinet report alone: PDF $(awk -v a="${MED[cabinet-pdf]}" -v b="${MED["typst 1 PDF"]}" 'BEGIN{printf "%.1f", b/a}') times faster than Typst, DOCX $(awk -v a="${MED[cabinet-docx]}" -v b="${MED["docxtemplater 1 DOCX"]}" 'BEGIN{printf "%.1f", b/a}') times faster than docxtemplater (whole processes)"
fi
echo "- unchanged rebuild: $(awk -v a="${MED[unchanged-rebuild]}" -v b="${MED["start-up (papers --version)"]}" 'BEGIN{printf "%.1f ms", (a-b)*1000}') beyond a process that only starts (target 5 ms)"
peak_of() { read -r p _ _ < <(stat "$W/times/$1" 3); echo "$p"; }
echo "- peak memory: demo $(peak_of demo) MiB (target 40)$([ -f "$W/times/batch1000_pdf_j2" ] && echo "; --jobs 2 PDF batches: 100 reports $(peak_of batch100_pdf_j2) MiB, 1,000 reports $(peak_of batch1000_pdf_j2) MiB (target: flat)")"

# ---- callgrind ----------------------------------------------------------------
if [ "$CALLGRIND" = 1 ]; then
    command -v valgrind >/dev/null || { echo "bench/run.sh: --callgrind needs valgrind" >&2; exit 2; }
    mkdir -p "$W/cg-reports"
    cp -r "$W"/reports-100/report-000{1..9} "$W/reports-100/report-0010" "$W/cg-reports/"
    [ "$TABLE_ONLY" = 1 ] || valgrind --tool=callgrind --callgrind-out-file="$W/callgrind.out" \
        "$P" build "$W/cg-reports" --format pdf,docx --jobs 1 --out "$W/cg-out" --quiet >/dev/null 2>"$W/cg.err"
    echo
    echo "Callgrind, a batch of 10 generated reports (PDF and DOCX, --jobs 1), $(callgrind_annotate "$W/callgrind.out" 2>/dev/null | awk '/PROGRAM TOTALS/{print $1; exit}') instructions:"
    echo "own instructions by library, and papers' stages (instructions below each, inclusive)"
    echo
    echo '```'
    callgrind_annotate --inclusive=no --threshold=100 "$W/callgrind.out" 2>/dev/null | python3 -c '
import collections, re, sys
by_lib = collections.Counter()
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \(.*\)\s+.*\[(.*)\]", line)
    if m:
        by_lib[re.sub(r"\.so.*", "", m.group(2).split("/")[-1])] += int(m.group(1).replace(",", ""))
total = sum(by_lib.values())
print("  ".join("%s %.1f%%" % (k, 100 * v / total) for k, v in by_lib.most_common(12)))'
    echo
    callgrind_annotate --inclusive=yes "$W/callgrind.out" 2>/dev/null |
        grep -E '(build|write_pdf|write_docx|pdf_layout|pdf_finish|merge|inputs|archive)\.c:(build_report|plan|render_tree|write_pdf|write_docx|pdf_layout_measure|pdf_finish|pdf_next_page|merge_document|inputs_load|archive_commit|add_outputs|make_outputs) ' |
        grep -v '=>' | sed 's/ \[[^]]*\]$//; s|\./pipeline/||' | head -14
    echo '```'
fi

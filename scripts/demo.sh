#!/usr/bin/env bash
# Set up (packages, build), then make the demo papers under output/, as text,
# Word, PDF and web pages (each report's index.html lists its pages):
#   community-safety-2019       Leicestershire County Council: a report of the
#                               Cabinet to the County Council, Appendices A and B;
#                               one paragraph is about a named resident (exempt)
#   food-waste-2025             Wealdbridge District Council (invented): an officer
#                               report to Cabinet, Appendices 1, 2 and 3 (the tender
#                               evaluation, exempt as a whole)
#   food-waste-decision-2025    Wealdbridge: the record of the Cabinet's decision
# Each build makes the public version of every document and, with --exempt, the
# full version of those holding exempt information (<name>-EXEMPT.*, NOT FOR
# PUBLICATION); the end of the run shows the two side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for report in community-safety-2019 food-waste-2025 food-waste-decision-2025; do
    ./build/papers build "inputs/$report" --format txt,docx,pdf,html --out output --exempt
    echo "The papers of $report are in output/$report/ (web: output/$report/latest/index.html)"
done

# The two versions of the exempt passages.
show() { # FILE PATTERN: the lines around the pattern
    echo "--- $1"
    grep -n -B1 -A3 -- "$2" "$1" | sed 's/^/    /' | head -n 12 || true
}
echo
echo "Exempt information (Schedule 12A): the public version is what you publish;"
echo "files named -EXEMPT are the full version, NOT FOR PUBLICATION."
latest=output/community-safety-2019/latest
show "$latest/cabinet-report.txt" "Information withheld"
show "$latest/cabinet-report-EXEMPT.txt" "Daniel Hartley"
latest=output/food-waste-2025/latest
show "$latest/cabinet-report.txt" "preferred supplier"
show "$latest/cabinet-report-EXEMPT.txt" "preferred supplier"
show "$latest/appendix-3.txt" "Appendix 3"
show "$latest/appendix-3-EXEMPT.txt" "NOT FOR PUBLICATION"
echo "Compare $latest/appendix-3.pdf with $latest/appendix-3-EXEMPT.pdf."

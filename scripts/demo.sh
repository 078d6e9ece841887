#!/usr/bin/env bash
# Set up (packages, build), then make the demo papers under output/, as text,
# Word, PDF and web pages (each report's index.html lists its pages):
#   community-safety-2019       Leicestershire County Council: a report of the
#                               Cabinet to the County Council, Appendices A and B
#   food-waste-2025             Wealdbridge District Council (invented): an officer
#                               report to Cabinet, Appendices 1 and 2
#   food-waste-decision-2025    Wealdbridge: the record of the Cabinet's decision
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for report in community-safety-2019 food-waste-2025 food-waste-decision-2025; do
    ./build/papers build "inputs/$report" --format txt,docx,pdf,html --out output
    echo "The papers of $report are in output/$report/ (web: output/$report/latest/index.html)"
done

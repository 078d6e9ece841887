#!/usr/bin/env bash
# Set up (packages, build), then make the demo report pack: the cabinet
# report and its two appendices as text, Word and PDF under output/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
./build/papers build inputs/community-safety-2019 --out output
echo "The report pack is in output/community-safety-2019/"

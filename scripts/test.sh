#!/usr/bin/env bash
# Set up (packages, build with warnings as errors), then run every test:
# Check unit tests and end-to-end tests, through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
WERROR=ON scripts/setup.sh
cd build
ctest --output-on-failure -j"$(nproc)"

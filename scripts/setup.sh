#!/usr/bin/env bash
# Install the Debian packages that are missing (scripts/packages.txt),
# then configure and build into build/.  Used by demo.sh and test.sh.
# WERROR=ON makes warnings errors.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg; do
    case "$pkg" in ''|'#'*) continue ;; esac
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$pkg")
done <scripts/packages.txt

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >&2
fi

cmake -S . -B build -DPAPERS_WERROR="${WERROR:-OFF}" >/dev/null
cmake --build build -j"$(nproc)"

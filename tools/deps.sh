#!/usr/bin/env bash
# Installs the Debian 12 packages of tools/packages.txt that are missing (as root, or
# through sudo). Used by tools/demo.sh and tools/test.sh.
set -euo pipefail
cd "$(dirname "$0")"
mapfile -t PKGS < <(grep -v '^#' packages.txt | tr ' ' '\n' | grep -v '^$')
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

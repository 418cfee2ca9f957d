#!/usr/bin/env bash
# Installs the Debian 12 packages libkhparse needs to build and test (as root; skips
# what is already installed). Used by tools/demo.sh, tools/test.sh and .ci/run.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config
  libutf8proc-dev libpcre2-dev libcjson-dev                        # core
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng  # OCR
  libpoppler-glib-dev                                               # PDF input
  clang libclang-rt-14-dev valgrind                                 # fuzzing, sanitizers, leak check
  python3 python3-pytest python3-distributed python3-dask python3-setuptools python3-pip  # bindings, Dask
  python3-pil fonts-liberation2 poppler-utils hunspell-vi           # scan generator, model training
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

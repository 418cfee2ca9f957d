#!/usr/bin/env bash
# Parse throughput, growth and memory on the clean text of the corpus (release build).
# Clean = every corpus/*/input.txt except the damaged forms (accent-stripped and legacy-
# encoded copies: *-stripped, *-tcvn3, *-vni, *-viqr, *-cp1258) and seed002 (OCR'd with
# the wrong language): those go through repair, whose speed bench/restore_bench.sh measures.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target parse_bench model >/dev/null   # the model: restore auto needs it
# without the model restore auto cannot detect damage and the figure would be too good
test -f build-bench/model/khparse-vi.model || { echo "parse_bench: no restoration model built" >&2; exit 1; }
files=$(ls corpus/*/input.txt | grep -Ev -- '-(stripped|tcvn3|vni|viqr|cp1258)/|/seed002/')
echo "clean inputs: $(echo "$files" | wc -l) files"
# shellcheck disable=SC2086
/usr/bin/time -v build-bench/bench/parse_bench $files 2> build-bench/parse_bench.time
grep -E "Maximum resident" build-bench/parse_bench.time

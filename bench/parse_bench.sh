#!/usr/bin/env bash
# Parse throughput, growth and memory on the text corpus (release build).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build >/dev/null && cmake --build build -j"$(nproc)" --target parse_bench >/dev/null
/usr/bin/time -v build/bench/parse_bench corpus/*/input.txt 2> build/parse_bench.time
grep -E "Maximum resident" build/parse_bench.time

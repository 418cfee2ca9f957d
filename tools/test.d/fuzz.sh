#!/usr/bin/env bash
# Runs each libFuzzer harness for a bounded time (FUZZ_SECONDS, default 60) with
# ASan+UBSan; any finding fails CI. Seeds: fuzz/corpora/<name> + the corpus documents.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DKH_SANITIZE=ON -DKH_BUILD_FUZZERS=ON \
  -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_parse fuzz_decode fuzz_restore fuzz_ocr
for name in parse decode restore ocr; do
  work="build-fuzz/corpus-$name"
  mkdir -p "$work" "build-fuzz/artifacts-$name"
  cp -n fuzz/corpora/$name/* "$work"/ 2>/dev/null || true
  if [ "$name" = ocr ]; then
    cp -n corpus/scans/*.* "$work"/ 2>/dev/null || true
    t=$((secs / 2))   # OCR executions are slow; half the time is plenty for decode paths
  else
    for f in corpus/*/input.*; do cp -n "$f" "$work/$(basename "$(dirname "$f")")" 2>/dev/null || true; done
    t=$secs
  fi
  echo "-- fuzz_$name for ${t}s"
  OMP_THREAD_LIMIT=1 ASAN_OPTIONS=detect_leaks=1 "build-fuzz/fuzz_$name" -max_total_time="$t" -max_len=200000 \
    -rss_limit_mb=3000 -timeout=30 -dict=fuzz/khparse.dict -artifact_prefix="build-fuzz/artifacts-$name/" \
    -print_final_stats=1 "$work" 2>&1 | tail -n 12
done

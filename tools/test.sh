#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, then
#   1. release build + every ctest test (unit, corpus regression, bad inputs, OCR, Python, Dask)
#   2. ASan+UBSan build + the same tests
#   3. extra jobs that register themselves in tools/test.d/*.sh (fuzzing, TSan, valgrind …)
# Usage: bash tools/test.sh [--quick]   (--quick: step 1 only)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh
export OMP_THREAD_LIMIT=1
jobs=$(nproc)

echo "== release build + tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

[ "${1:-}" = "--quick" ] && exit 0

echo "== ASan + UBSan build + tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKH_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/../tools/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j"$jobs" -LE no_asan)

for extra in tools/test.d/*.sh; do
  [ -e "$extra" ] || continue
  echo "== $(basename "$extra")"
  bash "$extra"
done
echo "== all tests passed"

#!/usr/bin/env bash
# ThreadSanitizer job: the 8-thread corpus test on separate handles.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DKH_TSAN=ON -DKH_WITH_OCR=OFF >/dev/null
cmake --build build-tsan -j"$(nproc)" --target test_threads
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -R unit_test_threads)

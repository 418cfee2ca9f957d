#!/usr/bin/env bash
# ThreadSanitizer job: the corpus parsed by 8 threads on separate parsers, compared byte
# for byte with a sequential run (tests/test_threads.c); any data race fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${TSAN_BUILD:-build-tsan}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" -DKH_TSAN=ON -DKH_WITH_OCR=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target test_threads >/dev/null
(cd "$build" && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" OMP_THREAD_LIMIT=1 \
  ctest --output-on-failure -R '^unit_test_threads$')

#!/usr/bin/env bash
# Runs each libFuzzer harness for a bounded time (FUZZ_SECONDS per harness, default 60;
# fuzz_ocr gets half: its executions are slow) with ASan+UBSan (+ LeakSanitizer); any
# finding fails the job and prints the report. Seeds: fuzz/corpora/<name> + the corpus
# documents (text harnesses) or the scans (OCR). The working corpora build-fuzz/corpus-*
# grow across runs on the same machine.
# The restoration model (target `model`) is built too, so the repair stage runs for real.
# A finding: copy build-fuzz/artifacts-<name>/crash-… to fuzz/corpora/<name>/crash-<what>
# (it then replays in ctest as fuzz_replay_<name>), note it in docs/FINDINGS.md, fix it.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD:-build-fuzz}
if ! command -v clang >/dev/null; then
  echo "fuzz: clang not installed (apt-get install clang)" >&2
  exit 1
fi
# -O1: a few times more executions than -O0, asserts kept (Debug).
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" -DKH_SANITIZE=ON \
  -DKH_BUILD_FUZZERS=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_parse fuzz_decode fuzz_restore fuzz_ocr model >/dev/null
status=0
for name in parse decode restore ocr; do
  work="$build/corpus-$name"
  arts="$build/artifacts-$name"
  log="$build/fuzz-$name.log"
  mkdir -p "$work" "$arts"
  cp -n fuzz/corpora/"$name"/* "$work"/ 2>/dev/null || true
  if [ "$name" = ocr ]; then
    for f in corpus/scans/*/scan.*; do
      [ -e "$f" ] && cp -n "$f" "$work/$(basename "$(dirname "$f")").${f##*.}"
    done
    t=$((secs / 2))
  else
    for f in corpus/*/input.*; do cp -n "$f" "$work/$(basename "$(dirname "$f")")"; done
    t=$secs
  fi
  echo "-- fuzz_$name for ${t}s ($(ls "$work" | wc -l) inputs in the corpus)"
  if OMP_THREAD_LIMIT=1 ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$build/fuzz/fuzz_$name" -max_total_time="$t" -max_len=200000 -rss_limit_mb=2500 -timeout=30 \
       -dict=fuzz/khparse.dict -artifact_prefix="$arts/" -print_final_stats=1 "$work" >"$log" 2>&1; then
    grep -E "^#[0-9]+ +DONE|^Done " "$log" | tail -n 2
  else
    status=1
    echo "!! fuzz_$name: finding (full log: $log)"
    # The sanitizer / libFuzzer report, from its first line.
    awk '/==[0-9]+==ERROR|runtime error|ERROR: libFuzzer|deadly signal|==[0-9]+== ?ERROR/{p=1} p' "$log" | head -n 80
    ls -l "$arts"
  fi
done
[ $status -eq 0 ] && echo "fuzz: no findings"
exit $status

#!/usr/bin/env bash
# valgrind --leak-check=full on the CLI (release build `build`, made by tools/test.sh
# step 1) over the text corpus, the fuzz seeds and past crashers: 0 bytes definitely or
# indirectly lost and no invalid access; then the repair path (`khparse restore`) on the
# accent-stripped documents.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${VALGRIND_BUILD:-build}
cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j"$(nproc)" --target khparse_cli model >/dev/null
vg=(valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --error-exitcode=99 -q)
# The CLI exits 1 when a document has error diagnostics (e.g. binary input): not a failure.
# (max_rc 0 where every input must succeed.)
max_rc=1
check() {
  local rc=0
  OMP_THREAD_LIMIT=1 "${vg[@]}" "$@" >/dev/null || rc=$?
  if [ $rc -gt $max_rc ]; then
    echo "valgrind: exit $rc for: $*" >&2
    exit 1
  fi
}
files=(corpus/*/input.txt)
seeds=()
for f in fuzz/corpora/parse/* fuzz/corpora/decode/* fuzz/corpora/restore/*; do
  [ -f "$f" ] && seeds+=("$f")
done
check "$build/khparse" parse "${files[@]}" "${seeds[@]}"
stripped=(corpus/*-stripped/input.txt)
max_rc=0
for f in "${stripped[@]}"; do
  [ -f "$f" ] && check "$build/khparse" restore "$f"
done
echo "valgrind: no leaks, no errors over ${#files[@]} documents + ${#seeds[@]} fuzz inputs (parse), ${#stripped[@]} (restore)"

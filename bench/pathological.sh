#!/usr/bin/env bash
# Superlinear-behaviour check on hostile inputs (bench/pathological.c): each case at size
# N and 10N, prints t(10N)/t(N); exit 1 when a ratio is over 12. Arguments are passed on
# (--only NAME, --scale S, --limit R, --quick). Release build in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build >/dev/null && cmake --build build -j"$(nproc)" --target pathological >/dev/null
exec build/bench/pathological "$@"

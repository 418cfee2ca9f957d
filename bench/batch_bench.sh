#!/usr/bin/env bash
# Throughput of `khparse batch` (-j 1 vs -j 2) and of khparse.dask (2 worker processes)
# on a temporary archive. Figures go to docs/BATCH.md.
#
#   bench/batch_bench.sh [--files N] [--scans N] [--no-dask] [--build DIR]
#     --files N   text documents: corpus/*/input.txt repeated into N files (default 3000)
#     --scans N   also N single-page scans (tools/mkscan.py + OCR; default 0 = skip)
#     --build DIR release build directory (default build-bench; configured if missing)
# Prints one line per measurement:  <what> files=N seconds=S docs_per_s=R
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
files=3000 scans=0 dask=1 build=build-bench
while [ $# -gt 0 ]; do
  case $1 in
    --files) files=$2; shift 2 ;;
    --scans) scans=$2; shift 2 ;;
    --no-dask) dask=0; shift ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--files N] [--scans N] [--no-dask] [--build DIR]" >&2; exit 2 ;;
  esac
done
py=/usr/bin/python3
[ -x "$py" ] || py=python3
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ncpu=$(getconf _NPROCESSORS_ONLN)  # (nproc would honour OMP_THREAD_LIMIT below)
cmake --build "$build" -j"$ncpu" --target khparse_cli khparse >/dev/null
cli=$src/$build/khparse
lib=$src/$build/src/libkhparse.so
export OMP_THREAD_LIMIT=1   # Tesseract's OpenMP threads fight with our own on 2 cores

tmp=$(mktemp -d "${TMPDIR:-/tmp}/khbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run NAME FILES CMD...: time a command on a fresh OUTDIR ($tmp/out). Prints wall-clock
# docs/s and docs per CPU-second (user+sys): on a shared machine the second one says
# what the code costs, the first one what the machine gave.
run() {
  local name=$1 n=$2; shift 2
  rm -rf "$tmp/out"
  local TIMEFORMAT='%R %U %S'
  local t
  t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || true
  echo "$t" | awk -v n="$n" -v w="$name" \
    '{ printf "%-22s files=%d seconds=%.3f cpu_seconds=%.3f docs_per_s=%.1f docs_per_cpu_s=%.1f\n", w, n, $1, $2 + $3, n / $1, n / ($2 + $3) }'
}
rate() { awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^docs_per_s=/) { sub("docs_per_s=", "", $i); print $i } }'; }

dask_convert() { # dask_convert INPUT_DIR: 2 worker processes, 1 thread each, started beforehand
  cat >"$tmp/dask_bench.py" <<'PY'
import sys, time
from dask.distributed import Client, LocalCluster
import khparse.dask
if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, Client(c) as cl:
        cl.run(lambda: __import__("khparse").version())   # workers load the library first
        khparse.dask.convert([sys.argv[1]], sys.argv[2], cl, progress=False)  # warm (then reset)
        import shutil; shutil.rmtree(sys.argv[2])
        t0 = time.monotonic()
        s = khparse.dask.convert([sys.argv[1]], sys.argv[2], cl, progress=False)
        dt = time.monotonic() - t0
        print("%-22s files=%d seconds=%.3f docs_per_s=%.1f" % ("dask_2_workers", s["total"], dt, s["total"] / dt))
PY
  KHPARSE_LIB=$lib PYTHONPATH=$src/bindings/python "$py" "$tmp/dask_bench.py" "$1" "$tmp/out" 2>"$tmp/dask.log" ||
    { echo "dask run failed:" >&2; tail -20 "$tmp/dask.log" >&2; }
}

# ---- text documents
inputs=("$src"/corpus/*/input.txt)
[ -e "${inputs[0]}" ] || inputs=("$src"/../shared/seeds/*.txt)
mkdir -p "$tmp/text"
i=0
while [ "$i" -lt "$files" ]; do
  d=$tmp/text/$((i / 500))
  mkdir -p "$d"
  for f in "${inputs[@]}"; do
    [ "$i" -lt "$files" ] || break
    cp "$f" "$d/$i.txt"
    i=$((i + 1))
  done
done
echo "# $ncpu CPUs, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg); $files text files from ${#inputs[@]} documents"
r1=$(run batch_text_j1 "$files" "$cli" batch "$tmp/text" -o "$tmp/out" -j 1 -q); echo "$r1"
r2=$(run batch_text_j2 "$files" "$cli" batch "$tmp/text" -o "$tmp/out" -j 2 -q); echo "$r2"
echo "scaling_text_j2_over_j1=$(awk -v a="$(echo "$r1" | rate)" -v b="$(echo "$r2" | rate)" 'BEGIN { printf "%.2f", b / a }')"
run batch_text_resume "$files" sh -c "'$cli' batch '$tmp/text' -o '$tmp/keep' -j 2 -q; '$cli' batch '$tmp/text' -o '$tmp/keep' -j 2 -q" |
  sed 's/^batch_text_resume /batch_text_run+rerun /'
if [ "$dask" = 1 ] && "$py" -c "import dask.distributed" 2>/dev/null; then
  rd=$(dask_convert "$tmp/text"); echo "$rd"
  echo "dask_text_over_batch_j2=$(awk -v a="$(echo "$r2" | rate)" -v b="$(echo "$rd" | rate)" 'BEGIN { printf "%.2f", b / a }')"
fi

# ---- scans (OCR)
if [ "$scans" -gt 0 ]; then
  if ! "$cli" --version | grep -q "OCR yes"; then
    echo "# scans skipped: this build has no OCR"
  else
    mkdir -p "$tmp/scans" "$tmp/render"
    "$py" tools/mkscan.py "${inputs[0]}" -o "$tmp/render" --max-pages 1 --preset light --seed 1 >/dev/null 2>&1 ||
      "$py" tools/mkscan.py "${inputs[0]}" -o "$tmp/render" --max-pages 1 --seed 1 >/dev/null
    page=$(ls "$tmp"/render/page-*.png | head -1)
    for k in $(seq 1 "$scans"); do cp "$page" "$tmp/scans/$k.png"; done
    s1=$(run batch_scan_j1 "$scans" "$cli" batch "$tmp/scans" -o "$tmp/out" -j 1 -q); echo "$s1"
    s2=$(run batch_scan_j2 "$scans" "$cli" batch "$tmp/scans" -o "$tmp/out" -j 2 -q); echo "$s2"
    echo "scaling_scan_j2_over_j1=$(awk -v a="$(echo "$s1" | rate)" -v b="$(echo "$s2" | rate)" 'BEGIN { printf "%.2f", b / a }')"
    if [ "$dask" = 1 ] && "$py" -c "import dask.distributed" 2>/dev/null; then
      sd=$(dask_convert "$tmp/scans" | sed 's/dask_2_workers /dask_2_workers_scan /'); echo "$sd"
      echo "dask_scan_over_batch_j2=$(awk -v a="$(echo "$s2" | rate)" -v b="$(echo "$sd" | rate)" 'BEGIN { printf "%.2f", b / a }')"
    fi
  fi
fi

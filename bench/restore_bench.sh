#!/bin/sh
# restore_bench.sh — restoration benchmark on held-out text (see docs/RESTORE.md).
#   bench/restore_bench.sh [BUILD_DIR] [--ocr]
# Stripped text: seeds 000/001/003/004 stripped with shared/tools/mangle --strip, plus the
# project's own held-out text (tools/train/data/heldout_vi.txt, never used for training).
# --ocr also renders + OCRs the seeds with `mangle --ocr-eng --preset medium` (slow: tesseract).
# Needs ../shared/tools (skips what it cannot run). Prints one line per file and a summary.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
[ "${1:-}" = "--ocr" ] && build=$here/build
ocr=0
for a in "$@"; do [ "$a" = "--ocr" ] && ocr=1; done
tools=${KH_SHARED_TOOLS:-$here/../shared/tools}
seeds=${KH_SEEDS:-$here/../shared/seeds}
k=$build/khparse
[ -x "$k" ] || { echo "restore_bench: no $k (build first)"; exit 1; }
if [ ! -x "$tools/mangle" ] || [ ! -x "$tools/score_restore" ]; then
  echo "restore_bench: $tools/mangle or score_restore missing: skipped"; exit 0
fi
tmp=${KH_BENCH_TMP:-$(mktemp -d)}
mkdir -p "$tmp"
summary() { awk -v name="$1" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] += kv[2] } n++ }
  END { if (n) printf "%-8s files=%d syllable_acc=%.4f cer=%.4f input_syllable_acc=%.4f input_cer=%.4f cer_cut=%.1f%%\n",
        name, n, v["syllable_acc"]/n, v["cer"]/n, v["input_syllable_acc"]/n, v["input_cer"]/n,
        (v["input_cer"] > 0 ? 100 * (1 - v["cer"] / v["input_cer"]) : 0) }'; }
: > "$tmp/strip.scores"
files=""
for s in 000 001 003 004; do
  f=$(ls "$seeds"/${s}_*.txt 2>/dev/null | head -1); [ -n "$f" ] && files="$files $f"
done
[ -f "$here/tools/train/data/heldout_vi.txt" ] && files="$files $here/tools/train/data/heldout_vi.txt"
for f in $files; do
  b=$(basename "$f" .txt)
  # the gold is the normalised clean text (restore --mode off), so normalisation is not scored
  "$k" restore --mode off "$f" > "$tmp/$b.gold.txt" 2>/dev/null
  "$tools/mangle" --strip "$tmp/$b.gold.txt" -o "$tmp/$b.strip.txt" > /dev/null 2>&1
  "$k" restore "$tmp/$b.strip.txt" > "$tmp/$b.strip.out" 2>/dev/null
  r=$("$tools/score_restore" "$tmp/$b.gold.txt" "$tmp/$b.strip.out" --input "$tmp/$b.strip.txt" | tail -1)
  echo "strip $b $r"; echo "$r" >> "$tmp/strip.scores"
  "$k" restore "$tmp/$b.gold.txt" > "$tmp/$b.clean.out" 2>/dev/null
  cmp -s "$tmp/$b.gold.txt" "$tmp/$b.clean.out" && echo "clean $b unchanged" || echo "clean $b CHANGED"
done
summary strip < "$tmp/strip.scores"
if [ $ocr = 1 ]; then
  : > "$tmp/ocr.scores"
  for s in 000 001 003 004; do
    f=$(ls "$seeds"/${s}_*.txt 2>/dev/null | head -1); [ -n "$f" ] || continue
    [ -s "$tmp/$s.eng.txt" ] || "$tools/mangle" --ocr-eng "$f" -o "$tmp/$s.eng.txt" --ref-out "$tmp/$s.ref.txt" \
      --preset medium --seed 1 > /dev/null 2>&1
    "$k" restore "$tmp/$s.eng.txt" > "$tmp/$s.eng.out" 2>/dev/null
    r=$("$tools/score_restore" "$tmp/$s.ref.txt" "$tmp/$s.eng.out" --input "$tmp/$s.eng.txt" | tail -1)
    echo "ocr $s $r"; echo "$r" >> "$tmp/ocr.scores"
  done
  summary ocr < "$tmp/ocr.scores"
  if [ -x /usr/bin/time ]; then
    cat "$tmp"/*.eng.txt > "$tmp/eng1.txt"; : > "$tmp/engbig.txt"
    i=0; while [ $i -lt 10 ]; do cat "$tmp/eng1.txt" >> "$tmp/engbig.txt"; i=$((i + 1)); done
    b=$(wc -c < "$tmp/engbig.txt")
    /usr/bin/time -f "cpu_s=%U+%S" "$k" restore --mode ocr "$tmp/engbig.txt" 2>"$tmp/time2.txt" >/dev/null
    awk -v b="$b" -F'[ =+]' '/cpu_s/ { cpu = $2 + $3; printf "ocr speed: %d bytes, cpu %.2f s = %.2f MB/s single-threaded\n", b, cpu, b / cpu / 1e6 }' "$tmp/time2.txt"
  fi
fi
# speed, load time, memory on the stripped text, repeated to ~2 MB
cat "$tmp"/*.strip.txt > "$tmp/one.txt"
: > "$tmp/big.txt"; i=0; while [ $i -lt 25 ]; do cat "$tmp/one.txt" >> "$tmp/big.txt"; i=$((i + 1)); done
bytes=$(wc -c < "$tmp/big.txt")
if [ -x /usr/bin/time ]; then
  # CPU time (user + sys) of one run: the machine may be shared, wall time is noisy
  /usr/bin/time -f "cpu_s=%U+%S peak_rss_kb=%M wall_s=%e" "$k" restore --mode strip "$tmp/big.txt" 2>"$tmp/time.txt" >/dev/null
  awk -v b="$bytes" -F'[ =+]' '/cpu_s/ { cpu = $2 + $3; printf "speed: %d bytes, cpu %.2f s = %.2f MB/s single-threaded (wall %s s); peak_rss_kb=%s\n", b, cpu, b / cpu / 1e6, $7, $5 }' "$tmp/time.txt"
else
  t0=$(date +%s.%N); "$k" restore --mode strip "$tmp/big.txt" > /dev/null 2>&1; t1=$(date +%s.%N)
  echo "speed: $bytes bytes in $(echo "$t1 - $t0" | bc) s wall (restore --mode strip, incl. load)"
fi
[ -x "$build/tests/test_restore" ] && (cd "$here" && "$build/tests/test_restore" --load-time 2>/dev/null | grep -i load)
[ -z "${KH_BENCH_TMP:-}" ] && rm -rf "$tmp"
exit 0

#!/bin/sh
# restore_heldout.sh — stripped-text restoration accuracy on all held-out text (docs/RESTORE.md).
#   bench/restore_heldout.sh [BUILD_DIR] [-v]
# Held-out text = every document the trainer never sees: tools/train/data/heldout_vi*.txt
# and corpus/heldout*/input.txt, corpus/blind*/input.txt (excluded by name in
# tools/train/CMakeLists.txt). Each file is normalised (restore --mode off), stripped with
# shared/tools/mangle --strip, restored, and scored with shared/tools/score_restore.
# Prints one line per file, then the pooled syllable accuracy (errors summed over files)
# with a 95 % Wilson interval. -v also lists the wrong syllables (gold -> system).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build
verbose=0
for a in "$@"; do
  case $a in -v) verbose=1 ;; *) build=$a ;; esac
done
tools=${KH_SHARED_TOOLS:-$here/../shared/tools}
k=$build/khparse
[ -x "$k" ] || { echo "restore_heldout: no $k (build first)"; exit 1; }
if [ ! -x "$tools/mangle" ] || [ ! -x "$tools/score_restore" ]; then
  echo "restore_heldout: $tools/mangle or score_restore missing: skipped"; exit 0
fi
tmp=$(mktemp -d)
: > "$tmp/counts"
for f in "$here"/tools/train/data/heldout_vi*.txt "$here"/corpus/heldout*/input.txt "$here"/corpus/blind*/input.txt; do
  [ -f "$f" ] || continue
  case $f in */input.txt) b=$(basename "$(dirname "$f")") ;; *) b=$(basename "$f" .txt) ;; esac
  "$k" restore --mode off "$f" > "$tmp/$b.gold" 2>/dev/null
  "$tools/mangle" --strip "$tmp/$b.gold" -o "$tmp/$b.strip" > /dev/null 2>&1
  "$k" restore "$tmp/$b.strip" > "$tmp/$b.out" 2>/dev/null
  "$tools/score_restore" "$tmp/$b.gold" "$tmp/$b.out" > "$tmp/$b.score"
  n=$(awk '/^gold:/ { print $2 }' "$tmp/$b.score")
  acc=$(awk -F'[= ]' '/^syllable_acc=/ { print $2 }' "$tmp/$b.score")
  # errors = round(n * (1 - acc)); score_restore prints 4 decimals, exact up to 20 000 syllables
  err=$(awk -v n="$n" -v a="$acc" 'BEGIN { printf "%d", n * (1 - a) + 0.5 }')
  printf '%-36s syllables=%5d errors=%3d acc=%s\n' "$b" "$n" "$err" "$acc"
  echo "$n $err" >> "$tmp/counts"
  if [ $verbose = 1 ]; then
    /usr/bin/python3 - "$tmp/$b.gold" "$tmp/$b.out" <<'EOF'
import sys, re, unicodedata, difflib
def sy(p):
    t = unicodedata.normalize("NFC", open(p, encoding="utf-8").read())
    return re.findall(r"\w+", t)
def key(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()
g, o = sy(sys.argv[1]), sy(sys.argv[2])
sm = difflib.SequenceMatcher(None, [key(x) for x in g], [key(x) for x in o], autojunk=False)
for tag, i1, i2, j1, j2 in sm.get_opcodes():
    if tag == "equal":
        for i, j in zip(range(i1, i2), range(j1, j2)):
            if g[i] != o[j]:
                print("   ", " ".join(g[max(0, i - 2):i]), "[" + g[i], "->", o[j] + "]", " ".join(g[i + 1:i + 3]))
EOF
  fi
done
awk '{ n += $1; e += $2 } END {
  p = (n - e) / n; z = 1.96; d = 1 + z * z / n
  c = (p + z * z / (2 * n)) / d; h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
  printf "held-out total: %d syllables, %d errors, accuracy %.4f (95%% Wilson interval %.4f-%.4f)\n", n, e, p, c - h, c + h }' "$tmp/counts"
rm -rf "$tmp"

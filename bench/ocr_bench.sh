#!/bin/sh
# ocr_bench.sh — our OCR path (khparse ocr --raw: decode + Leptonica preprocessing +
# Tesseract through the C API) against the tesseract command on the same pages with
# equivalent settings (-l vie --psm 3 = PSM_AUTO, default OEM, 300 dpi), in one run.
# Both run with OMP_THREAD_LIMIT=1. Reports wall time per page, the ratio, peak RSS
# (/usr/bin/time -v) and CER of each against the ground truth, plus CPU time (user+sys):
# on a shared machine the wall-time ratio moves by +-0.1 between runs, CPU time much less.
# Run it twice and take the min of each side (docs/OCR.md).
#
# usage: bench/ocr_bench.sh [BUILD_DIR] [CASE...]     (default: build, three corpus scans)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
[ $# -gt 0 ] && shift
CASES=${*:-"seed001_jpg seed004_png200 cv_ubnd_quangtri_tiff"}
KH=$BUILD/khparse
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export OMP_THREAD_LIMIT=1
command -v tesseract >/dev/null || { echo "tesseract CLI not found (apt-get install tesseract-ocr)"; exit 1; }
[ -x "$KH" ] || { echo "no $KH (build first)"; exit 1; }

cat > "$TMP/cer.py" <<'PYEOF'
import sys, unicodedata
def norm(t):
    return " ".join(unicodedata.normalize("NFC", t).replace("\f", " ").split())
def lev(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
g = norm(open(sys.argv[1], encoding="utf-8").read())
s = norm(open(sys.argv[2], encoding="utf-8", errors="replace").read())
print(f"{lev(g, s) / max(1, len(g)):.4f}")
PYEOF

measure() { # label outfile cmd... -> "wall rss_kb cpu"
    out=$2; shift 2
    /usr/bin/time -v -o "$TMP/time" "$@" > "$out.out" 2>/dev/null || true
    w=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMP/time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    r=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time")
    u=$(sed -n 's/.*User time (seconds): //p' "$TMP/time")
    k=$(sed -n 's/.*System time (seconds): //p' "$TMP/time")
    echo "$w $r $(echo "$u $k" | awk '{ print $1 + $2 }')"
}

printf "%-24s %5s | %7s %6s %6s %7s | %7s %6s %6s %7s | %6s %6s\n" case pages "ours s" cpu "RSS MB" CER "cli s" cpu "RSS MB" CER ratio "cpu r"
tot_k=0; tot_t=0; cpu_k=0; cpu_t=0
for c in $CASES; do
    d=$ROOT/corpus/scans/$c
    f=$(ls "$d"/scan.* | head -1)
    pages=$(tr -cd '\f' < "$d/ground_truth.txt" | wc -c); pages=$((pages + 1))
    # the CLI reads TIFF/PNG/JPEG directly; a PDF is not an input it accepts
    case $f in *.pdf) continue ;; esac
    set -- $(measure ours "$TMP/k" "$KH" ocr --raw "$f")
    kw=$1 kr=$2 kc_=$3
    set -- $(measure cli "$TMP/t" tesseract "$f" - -l vie --psm 3 --dpi 300)
    tw=$1 tr=$2 tc_=$3
    kc=$($PY "$TMP/cer.py" "$d/ground_truth.txt" "$TMP/k.out")
    tc=$($PY "$TMP/cer.py" "$d/ground_truth.txt" "$TMP/t.out")
    ratio=$(echo "$kw $tw" | awk '{ printf "%.2f", $1 / $2 }')
    cratio=$(echo "$kc_ $tc_" | awk '{ printf "%.2f", $1 / $2 }')
    printf "%-24s %5s | %7.2f %6.2f %6.0f %7s | %7.2f %6.2f %6.0f %7s | %6s %6s\n" "$c" "$pages" "$kw" "$kc_" "$((kr / 1024))" "$kc" "$tw" "$tc_" "$((tr / 1024))" "$tc" "$ratio" "$cratio"
    tot_k=$(echo "$tot_k $kw" | awk '{ print $1 + $2 }'); tot_t=$(echo "$tot_t $tw" | awk '{ print $1 + $2 }')
    cpu_k=$(echo "$cpu_k $kc_" | awk '{ print $1 + $2 }'); cpu_t=$(echo "$cpu_t $tc_" | awk '{ print $1 + $2 }')
done
echo "total wall: ours ${tot_k}s, tesseract CLI ${tot_t}s, ratio $(echo "$tot_k $tot_t" | awk '{ printf "%.2f", $1 / $2 }') (<= 1.10 is the target)"
echo "total CPU:  ours ${cpu_k}s, tesseract CLI ${cpu_t}s, ratio $(echo "$cpu_k $cpu_t" | awk '{ printf "%.2f", $1 / $2 }')"

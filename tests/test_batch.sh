#!/bin/sh
# `khparse batch` end to end (registered by tests/batch.cmake).
#   test_batch.sh CLI PYTHON SOURCE_DIR
# Checks: outputs equal `khparse parse`; byte-identical outputs whatever -j; sha256
# against sha256sum; bad inputs get records and exit status 1 with a count; symlink
# loops and hidden files; stdin lists (- and -0); resume (unchanged inputs skipped,
# changed ones redone, options change invalidates); SIGINT stops cleanly and a re-run
# finishes; SIGKILL never leaves a half-written output.
set -u
cli=$1 py=$2 src=$3
fails=0
t=$(mktemp -d "${TMPDIR:-/tmp}/khbatch.XXXXXX")
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 2
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1" >&2; fails=$((fails + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
json_ok() { # every *.json under $1 parses
    "$py" - "$1" <<'PY'
import json, os, sys
for dp, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f.endswith(".json"):
            json.load(open(os.path.join(dp, f), encoding="utf-8"))
PY
}
same_tree() { # same files, same bytes (timings.jsonl and the journal's seconds aside)
    diff -r -x timings.jsonl -x .khparse-state.jsonl "$1" "$2" >/dev/null &&
    cut -f2- "$1/.khparse-state.jsonl" >"$t/s1" && cut -f2- "$2/.khparse-state.jsonl" >"$t/s2" &&
    cmp -s "$t/s1" "$t/s2"
}

# ---- an archive
mkdir -p arc/a/b arc/c arc/.git
n=0
for f in "$src"/corpus/*/input.txt; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    case $((n % 3)) in 0) d=arc ;; 1) d=arc/a/b ;; *) d=arc/c ;; esac
    cp "$f" "$d/$(basename "$(dirname "$f")").txt"
done
printf 'Số: 14/KH-UBND\nKẾ HOẠCH\nII. NỘI DUNG\n1. Việc\n- Chủ trì: Sở Tư pháp\n' >'arc/a/odd, "name".txt'
: >arc/empty.txt
head -c 4096 /dev/urandom >arc/c/random.bin
printf 'x' >arc/.git/hidden.txt
ln -s ../.. arc/a/b/loop
ln -s /nonexistent arc/broken
for k in 55 56 63 64 65 1000; do head -c $k /dev/zero | tr '\0' 'a' >arc/c/len$k.txt; done

# ---- usage
"$cli" batch arc >/dev/null 2>&1; check "missing -o is a usage error (2)" '[ $? -eq 2 ]'
"$cli" batch --help | grep -q "batch INPUT"; check "batch --help" '[ $? -eq 0 ]'

# ---- a fifo given by name gets an error record instead of blocking the batch
if mkfifo fifo 2>/dev/null; then
    timeout 20 "$cli" batch fifo arc/a/odd*.txt -o outp -q 2>/dev/null; st=$?
    check "fifo input: error record, no hang" '[ $st -eq 1 ] && grep -q "\"path\":\"fifo\".*not a regular file" outp/index.jsonl'
    rm -f fifo
fi

# ---- first run
"$cli" batch arc missing.txt -o out1 -j 1 2>err1; st=$?
check "exit status 1 when some inputs fail" '[ $st -eq 1 ]'
check "failure count printed" 'grep -q "inputs failed" err1'
check "no progress when stderr is not a terminal" '! grep -q "files/s" err1'
check "index has one line per input" '[ $(wc -l <out1/index.jsonl) -eq $(find arc -name .git -prune -o \( -type f -o -type l \) -print | grep -v /loop | wc -l | awk "{print \$1 + 1}") ]'
check "hidden entries skipped" '! grep -q hidden out1/index.jsonl'
check "symlink loop walked once" '! grep -q "/loop/" out1/index.jsonl'
check "missing input has an error record" 'grep -q "\"path\":\"missing.txt\".*\"status\":\"failed\"" out1/index.jsonl'
check "broken symlink has an error record" 'grep -q "\"path\":\"arc/broken\".*\"failed\"" out1/index.jsonl'
check "index sorted by path" '"$py" -c "import json,sys; p=[json.loads(l)[\"path\"] for l in open(\"out1/index.jsonl\",encoding=\"utf-8\")]; sys.exit(p!=sorted(p))"'
check "all outputs are valid JSON" 'json_ok out1'
check "tasks.csv has BOM + header" 'head -c 80 out1/tasks.csv | grep -q "^.\{0,3\}path,document_number,document_date,issuer,task_id"'
check "tasks.csv has CRLF rows" '[ "$(head -1 out1/tasks.csv | od -An -c | tr -d " \n" | tail -c 4)" = "\\r\\n" ]'
check "no temporaries left" '[ -z "$(find out1 -name ".*.tmp-*")" ]'

# sha256 against sha256sum
shaok=1
for f in arc/c/len*.txt arc/empty.txt arc/c/random.bin arc/a/b/*.txt; do
    [ -f "$f" ] || continue
    want=$(sha256sum "$f" | cut -d" " -f1)
    grep -F "\"path\":\"$f\"" out1/index.jsonl | grep -q "\"sha256\":\"$want\"" || { shaok=0; echo "  sha256 mismatch: $f" >&2; }
done
check "sha256 equals sha256sum (padding edge cases, multi-block)" '[ $shaok -eq 1 ]'

# outputs equal `khparse parse`
eqok=1
for f in arc/a/b/*.txt arc/c/*.txt; do
    "$cli" parse "$f" >"$t/p.json" 2>/dev/null
    cmp -s "$t/p.json" "out1/$f.json" || { eqok=0; echo "  differs from parse: $f" >&2; }
done
check "each output equals 'khparse parse'" '[ $eqok -eq 1 ]'

# ---- determinism across -j
"$cli" batch arc missing.txt -o out2 -j 2 2>/dev/null
"$cli" batch arc missing.txt -o out4 -j 4 -q 2>/dev/null
check "-j 1 and -j 2 byte-identical" 'same_tree out1 out2'
check "-j 1 and -j 4 byte-identical" 'same_tree out1 out4'

# ---- stdin lists
find arc -name .git -prune -o -type f -print | sort >list.txt
"$cli" batch - -o outl -q <list.txt 2>/dev/null
check "stdin list (-)" '[ $(wc -l <outl/index.jsonl) -eq $(wc -l <list.txt) ]'
find arc -name .git -prune -o -type f -print0 | "$cli" batch - -0 -o outz -q 2>/dev/null
check "stdin list (-0)" 'cmp -s outl/index.jsonl outz/index.jsonl'

# ---- resume
"$cli" batch arc missing.txt -o out1 -j 2 2>/dev/null
check "re-run skips every finished input" '! grep "\"skipped\":false" out1/timings.jsonl | grep -v -e missing.txt -e arc/broken | grep -q .'
check "re-run output identical" 'same_tree out1 out2'
printf 'Số: 15/KH-UBND\n' >>arc/c/len55.txt
"$cli" batch arc missing.txt -o out1 -j 2 2>/dev/null
check "changed input redone" 'grep -q "\"path\":\"arc/c/len55.txt\",\"seconds\":[0-9.]*,\"skipped\":false" out1/timings.jsonl'
check "unchanged inputs still skipped" 'grep -q "\"path\":\"arc/c/len56.txt\",\"seconds\":[0-9.]*,\"skipped\":true" out1/timings.jsonl'
check "new sha256 recorded" 'grep -F "\"path\":\"arc/c/len55.txt\"" out1/index.jsonl | grep -q "$(sha256sum arc/c/len55.txt | cut -d" " -f1)"'
"$cli" batch arc -o out1 --pretty -q 2>/dev/null
check "changed options invalidate the journal" '! grep -q "\"skipped\":true" out1/timings.jsonl && [ $(wc -l <out1/arc/c/len56.txt.json) -gt 2 ]'

# ---- shards (Slurm job arrays): each converts every N-th input; a plain run assembles
for k in 0 1 2; do "$cli" batch arc missing.txt -o outs --shard $k/3 -q 2>/dev/null; done
check "shards write only their own journals" '[ ! -e outs/index.jsonl ] && [ $(ls -a outs | grep -c "^.khparse-state.[0-2]-of-3.jsonl$") -eq 3 ]'
"$cli" batch arc missing.txt -o outs -q 2>/dev/null
check "final run reuses the shards' work" '! grep "\"skipped\":false" outs/timings.jsonl | grep -v -e missing.txt -e arc/broken | grep -q .'
check "final run merges and removes shard journals" '[ -z "$(ls -a outs | grep -e "-of-")" ]'
"$cli" batch arc missing.txt -o outs2 -q 2>/dev/null
check "sharded result equals an unsharded run" 'same_tree outs outs2'
"$cli" batch arc -o outs --shard 3/3 >/dev/null 2>&1
check "bad --shard is a usage error" '[ $? -eq 2 ]'

# ---- a parser crash costs one input, not the batch (test hook: $KH_BATCH_TEST_CRASH)
KH_BATCH_TEST_CRASH=len64.txt "$cli" batch arc missing.txt -o outc -j 2 2>errc; st=$?
check "crash: batch completes (exit 1, not a signal)" '[ $st -eq 1 ]'
check "crash: reported on stderr" 'grep -q "parser crashed" errc'
check "crash: the input has a failed record" 'grep "\"path\":\"arc/c/len64.txt\"" outc/index.jsonl | grep -q "parser crashed on this input"'
check "crash: every other input converted as usual" '[ "$(grep -v len64 outc/index.jsonl)" = "$(grep -v len64 outs2/index.jsonl)" ]'
KH_BATCH_TEST_CRASH=len64.txt "$cli" batch arc missing.txt -o outc -j 2 2>errc2
check "crash: not retried while unchanged" '! grep -q "parser crashed (" errc2'

# ---- outdir inside an input directory is not walked
"$cli" batch arc -o arc/out -q 2>/dev/null
"$cli" batch arc -o arc/out -q 2>/dev/null
check "OUTDIR inside the input is not converted" '! grep -q "\"path\":\"arc/out/" arc/out/index.jsonl'
rm -rf arc/out

# ---- interruption
# (small synthetic documents only: the corpus holds damaged texts whose repair is slow
# in a Debug/ASan build, and this part needs many files, not heavy ones)
i=0
while [ $i -lt 150 ]; do
    mkdir -p big/$i && cp arc/c/len*.txt arc/a/odd*.txt arc/empty.txt big/$i/
    i=$((i + 1))
done
"$cli" batch big -o outi -j 1 2>erri &
pid=$!
k=0
while [ $k -lt 200 ] && [ "$(cat outi/.khparse-state.jsonl 2>/dev/null | wc -l)" -lt 20 ]; do sleep 0.05; k=$((k + 1)); done
kill -INT $pid 2>/dev/null
wait $pid; st=$?
if [ $st -eq 130 ]; then
    ok "SIGINT: exit 130"
    check "SIGINT: message says how to finish" 'grep -q "run the same command again" erri'
    check "SIGINT: pending inputs listed in the index" 'grep -q "\"status\":\"pending\"" outi/index.jsonl'
    check "SIGINT: no temporaries, valid JSON" '[ -z "$(find outi -name ".*.tmp-*")" ] && json_ok outi'
else
    echo "skip SIGINT checks (run finished before the signal, status $st)"
fi
"$cli" batch big -o outi -j 2 -q 2>/dev/null
"$cli" batch big -o outf -j 2 -q 2>/dev/null
check "after SIGINT a re-run finishes: equals a fresh run" 'same_tree outi outf'
check "after SIGINT nothing pending" '! grep -q pending outi/index.jsonl'

# In a process group of its own, so that the kill takes the supervisor and its worker
# at once: killing the supervisor alone leaves the worker to die a moment later (its
# PR_SET_PDEATHSIG), and under load it could open one more temporary after the clean-up
# below (seen once: a stray .NAME.tmp-* made the trees differ).
setsid "$cli" batch big -o outk -j 2 -q 2>/dev/null &
pid=$!
k=0
while [ $k -lt 200 ] && [ "$(cat outk/.khparse-state.jsonl 2>/dev/null | wc -l)" -lt 20 ]; do sleep 0.05; k=$((k + 1)); done
kill -KILL -- -$pid 2>/dev/null || kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
k=0
while [ $k -lt 200 ] && pgrep -g $pid >/dev/null 2>&1; do sleep 0.05; k=$((k + 1)); done
find outk -name ".*.tmp-*" -delete # a killed process cannot clean up its temporaries…
check "SIGKILL: every output present is complete JSON" 'json_ok outk' # …but finished outputs are whole
"$cli" batch big -o outk -j 2 -q 2>/dev/null
same_tree outk outf || diff -r -x timings.jsonl -x .khparse-state.jsonl outf outk | head -5 >&2
check "after SIGKILL a re-run finishes: equals a fresh run" 'same_tree outk outf'

echo "$fails failed"
[ $fails -eq 0 ]

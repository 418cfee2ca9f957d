#!/bin/sh
# Corpus regression runner (registered with ctest by tests/corpus.cmake).
#
#   run_corpus.sh case    PYTHON CLI CORPUS_DIR CASE [OUT_DIR]
#       parse CORPUS_DIR/CASE/input.txt with the CLI, validate the JSON against
#       CORPUS_DIR/khparse.schema.json, score it against CORPUS_DIR/CASE/expected.json.
#       Thresholds are enforced unless CORPUS_DIR/CASE/REPORT_ONLY exists; an enforced
#       case must also reproduce expected.json exactly (tests/compare_exact.py), except
#       a DAMAGED case (an accent-stripped form of a clean case), where only the source
#       fields (encoding, restoration applied) are compared exactly.
#   run_corpus.sh summary PYTHON CLI CORPUS_DIR [OUT_DIR]
#       parse every case and print the per-case table with macro averages.
#
# Exit status: 0 pass (or report-only case scored), 1 schema violation, bad CLI
# exit status or failed threshold, 2 usage / missing files.
set -u

usage() { echo "usage: $0 case PYTHON CLI CORPUS_DIR CASE [OUT_DIR] | summary PYTHON CLI CORPUS_DIR [OUT_DIR]" >&2; exit 2; }
[ $# -ge 4 ] || usage
mode=$1 py=$2 cli=$3 corpus=$4
here=$(cd "$(dirname "$0")" && pwd)
schema=$corpus/khparse.schema.json
[ -f "$schema" ] || { echo "missing $schema" >&2; exit 2; }
[ -x "$cli" ] || { echo "CLI not found or not executable: $cli" >&2; exit 2; }

# parse_one CASE OUTFILE: run the CLI; 0 (ok) and 1 (parsed, errors in diagnostics)
# are accepted exit statuses, anything else is a failure.
parse_one() {
    "$cli" parse "$corpus/$1/input.txt" >"$2" 2>"$2.stderr"
    st=$?
    if [ $st -gt 1 ]; then
        echo "FAIL $1: '$cli parse' exited with status $st" >&2
        sed 's/^/  stderr: /' "$2.stderr" | head -20 >&2
        return 1
    fi
    return 0
}

case $mode in
case)
    [ $# -ge 5 ] || usage
    name=$5
    out=${6:-${TMPDIR:-/tmp}/khparse-corpus.$$}
    mkdir -p "$out" || exit 2
    [ -f "$corpus/$name/input.txt" ] || { echo "missing $corpus/$name/input.txt" >&2; exit 2; }
    json=$out/$name.json
    label=enforced
    [ -f "$corpus/$name/DAMAGED" ] && label="enforced, damaged form"
    [ -f "$corpus/$name/REPORT_ONLY" ] && label=report-only
    echo "corpus case $name ($label)"
    parse_one "$name" "$json" || exit 1
    if ! "$py" "$here/validate_schema.py" "$schema" "$json"; then
        echo "FAIL $name: output does not match the schema" >&2
        exit 1
    fi
    if [ ! -f "$corpus/$name/expected.json" ]; then
        echo "RESULT $name: no expected.json (damaged variant); schema checked only"
        exit 0
    fi
    if [ "$label" != report-only ]; then
        "$py" "$here/score.py" "$corpus/$name/expected.json" "$json" --name "$name" --verbose --enforce
        st=$?
        # Beyond the scores: the reviewed expected JSON must come back exactly.
        only=
        [ -f "$corpus/$name/DAMAGED" ] && only=--source-only
        "$py" "$here/compare_exact.py" "$corpus/$name/expected.json" "$json" $only || st=1
        exit $st
    fi
    "$py" "$here/score.py" "$corpus/$name/expected.json" "$json" --name "$name" --verbose --report-only
    st=$?
    [ $st -le 1 ] && exit 0
    exit $st
    ;;
summary)
    out=${5:-${TMPDIR:-/tmp}/khparse-corpus-summary.$$}
    mkdir -p "$out" || exit 2
    bad=0
    for d in "$corpus"/*/; do
        name=$(basename "$d")
        [ -f "$d/input.txt" ] || continue
        parse_one "$name" "$out/$name.json" || { rm -f "$out/$name.json"; bad=1; }
    done
    "$py" "$here/score.py" --corpus "$corpus" --outputs "$out"
    st=$?
    [ $bad -eq 0 ] || exit 1
    exit $st
    ;;
*) usage ;;
esac

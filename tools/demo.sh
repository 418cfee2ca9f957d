#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install what is missing, build, and run
# the main job (parse every document of the bundled corpus) into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
mkdir -p out
status=0
for f in corpus/*/input.*; do
  case="$(basename "$(dirname "$f")")"
  build/khparse parse --pretty "$f" > "out/$case.json" || status=$?
  printf '%-28s %s\n' "$case" "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); doc=d["document"]; print(doc["kind"], doc["number"], "-", len(d["tasks"]), "tasks,", len(d["references"]), "references")' "out/$case.json")"
done
echo "JSON written to out/ (exit status of the last failing parse: $status)"

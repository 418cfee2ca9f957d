#!/usr/bin/env python3
"""compare_exact.py EXPECTED.json OUTPUT.json [--source-only] — the regression check
beyond the scores: the document, references, sections (labels, titles, levels, lines),
tasks, budget and reporting of OUTPUT must equal EXPECTED exactly, and so must what
source says about the input (format, input_encoding, whether restoration was applied).
The rest of source (file name, token counts) and diagnostics (wording is free) are not
compared. --source-only compares just those source fields: damaged forms of a document
(corpus/*-tcvn3, *-stripped …) must be read as what they are, while their extraction is
held to the score thresholds only. Prints the first differences; exit 1 when any."""
import json
import sys


def strip_text(sections):
    return [{k: (strip_text(v) if k == "children" else v) for k, v in s.items() if k != "text"}
            for s in sections]


def diff(path, a, b, out):
    if len(out) >= 12:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                out.append(f"{path}.{k}: {'missing' if k not in b else 'unexpected'}")
            else:
                diff(f"{path}.{k}", a[k], b[k], out)
    elif isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(f"{path}[{i}]", x, y, out)
        if len(a) != len(b):
            out.append(f"{path}: {len(b)} items, expected {len(a)}")
    elif a != b:
        out.append(f"{path}: got {json.dumps(b, ensure_ascii=False)[:160]} want {json.dumps(a, ensure_ascii=False)[:160]}")


def main():
    exp = json.load(open(sys.argv[1], encoding="utf-8"))
    got = json.load(open(sys.argv[2], encoding="utf-8"))
    out = []
    for key in ("format", "input_encoding"):
        diff(f"source.{key}", exp["source"].get(key), got.get("source", {}).get(key), out)
    diff("source.restoration.applied", (exp["source"].get("restoration") or {}).get("applied"),
         ((got.get("source") or {}).get("restoration") or {}).get("applied"), out)
    keys = () if "--source-only" in sys.argv[3:] else ("document", "references", "sections", "tasks", "budget", "reporting")
    for key in keys:
        a, b = exp.get(key), got.get(key)
        if key == "sections":
            a, b = strip_text(a or []), strip_text(b or [])
        diff(key, a, b, out)
    for line in out:
        print("  EXACT", line)
    print("exact: %s" % ("identical" if not out else "%d difference(s)" % len(out)))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Make a damaged-form corpus case from a clean one (issue 3: "corpus documents in each
damaged form with expected JSON").

  python3 tools/mkdamaged.py CASE ENCODING      ENCODING: tcvn3 | vni | viqr | cp1258

writes corpus/CASE-ENCODING/{input.txt, expected.json, README.md, DAMAGED}:
  input.txt      the clean input.txt in that legacy encoding. TCVN3 and CP1258 bytes come
                 from glibc iconv (TCVN5712-1, CP1258 with decomposed tones), independent of
                 our decoder; VNI and VIQR have no iconv converter, so they are spelled with
                 the letter tables of tools/gen_legacy_tables.py (VIQR: a mark character
                 after a vowel is escaped with a backslash, RFC 1456).
  expected.json  the reviewed clean expected.json with source.input_encoding set to what the
                 bytes are: a legacy file must be read as the same document.
A legacy-encoded case is an ordinary enforced case: its JSON must equal the clean one
exactly. Accent-stripped forms come from shared/tools/mangle --strip (corpus/*-stripped);
they carry a DAMAGED file instead (tests/run_corpus.sh: thresholds enforced, only the
source fields compared exactly, as restoring may miss a syllable of a title).
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_legacy_tables as tables  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LETTERS = set(tables.letters())
VIQR_MARKS = set("'`?~.(^+")


def iconv(text, enc):
    r = subprocess.run(["iconv", "-f", "UTF-8", "-t", enc], input=text.encode("utf-8"),
                       capture_output=True)
    if r.returncode != 0:
        sys.exit(f"iconv -t {enc} failed: {r.stderr.decode(errors='replace')}")
    return r.stdout


def vni(text):
    return "".join(tables.vni(c) if c in LETTERS else c for c in text).encode("cp1252")


def viqr(text):
    out = []
    for c in text:
        prev = out[-1][-1:] if out else ""
        if c in LETTERS:
            out.append(tables.viqr(c))
        elif c in VIQR_MARKS and prev and (prev.lower() in "aeiouy" or prev in VIQR_MARKS):
            out.append("\\" + c)  # literal punctuation after a vowel, not a tone mark
        else:
            out.append(c)
    return "".join(out).encode("ascii")


ENCODERS = {
    "tcvn3": lambda t: iconv(t, "TCVN5712-1"),
    "cp1258": lambda t: iconv(t, "CP1258"),  # glibc splits off the tone marks itself
    "vni": vni,
    "viqr": viqr,
}
NAMES = {"tcvn3": "TCVN3 (ABC)", "cp1258": "Windows-1258", "vni": "VNI-Windows", "viqr": "VIQR"}


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ENCODERS:
        sys.exit(__doc__)
    case, enc = sys.argv[1], sys.argv[2]
    src = os.path.join(ROOT, "corpus", case)
    dst = os.path.join(ROOT, "corpus", f"{case}-{enc}")
    text = open(os.path.join(src, "input.txt"), encoding="utf-8").read()
    odd = sorted({c for c in text if ord(c) >= 0x80 and c not in LETTERS})
    if odd:
        sys.exit(f"{case}: characters outside the Vietnamese letters: {odd}")
    data = ENCODERS[enc](text)
    expected = json.load(open(os.path.join(src, "expected.json"), encoding="utf-8"))
    expected["source"]["input_encoding"] = enc
    os.makedirs(dst, exist_ok=True)
    open(os.path.join(dst, "input.txt"), "wb").write(data)
    with open(os.path.join(dst, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(dst, "README.md"), "w", encoding="utf-8") as f:
        f.write(f"{NAMES[enc]} form of ../{case} (tools/mkdamaged.py {case} {enc}); expected.json is "
                f"../{case}/expected.json with source.input_encoding \"{enc}\" (issue 3).\n")
    print(f"{dst}: {len(data)} bytes")


if __name__ == "__main__":
    main()

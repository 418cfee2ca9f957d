#!/usr/bin/python3
"""Extract Vietnamese running text from Debian packages into one training file.

Sources (installed with apt-get): libreoffice-help-vi (HTML help), maint-guide-vi
(HTML), manpages-vi (roff). Output: one sentence-ish line per line, NFC, UTF-8,
gzip-compressed (tools/train/data/debian_vi.txt.gz). Only lines that contain
Vietnamese-marked letters are kept, so English code samples drop out.

    /usr/bin/python3 tools/train/extract_debian.py -o tools/train/data/debian_vi.txt.gz
"""
import argparse, gzip, html, os, re, sys, unicodedata

VI = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
TAG = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]*>", re.S | re.I)


def html_text(raw):
    raw = re.sub(r"<(br|p|div|li|h\d|tr|td|th|title|pre)\b", "\n<", raw, flags=re.I)
    return html.unescape(TAG.sub(" ", raw))


def roff_text(raw):
    out = []
    for ln in raw.splitlines():
        if ln.startswith(('.\\"', "'\\\"")):
            continue
        if ln.startswith("."):
            parts = ln.split(None, 1)
            ln = parts[1] if len(parts) > 1 and parts[0] in (".SH", ".SS", ".B", ".I", ".BR", ".IR", ".BI", ".TP", ".IP") else ""
        ln = re.sub(r"\\f[BIRP]|\\f\(..|\\\(..|\\[-&e]|\\\*.", " ", ln)
        out.append(ln.replace('"', " "))
    return "\n".join(out)


def lines_of(text):
    for ln in text.splitlines():
        ln = unicodedata.normalize("NFC", " ".join(ln.split()))
        if len(ln) >= 12 and VI.search(ln):
            yield ln


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--root", default="/")
    a = ap.parse_args()
    srcs = []
    for base, kind in (("usr/share/libreoffice/help/vi", "html"), ("usr/share/doc/maint-guide-vi/html", "html"),
                       ("usr/share/man/vi", "roff")):
        d = os.path.join(a.root, base)
        for dp, _, fs in os.walk(d):
            for f in sorted(fs):
                if kind == "html" and f.endswith(".html") or kind == "roff" and f.endswith(".gz"):
                    srcs.append((os.path.join(dp, f), kind))
    srcs.sort()
    seen, n = set(), 0
    with gzip.open(a.out, "wt", encoding="utf-8", compresslevel=9) as out:
        for path, kind in srcs:
            try:
                raw = gzip.open(path, "rt", encoding="utf-8", errors="replace").read() if path.endswith(".gz") \
                    else open(path, encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            text = html_text(raw) if kind == "html" else roff_text(raw)
            for ln in lines_of(text):
                if ln in seen:
                    continue
                seen.add(ln)
                out.write(ln + "\n")
                n += 1
    print(f"extract_debian: {len(srcs)} files, {n} lines -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

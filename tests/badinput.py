#!/usr/bin/env python3
"""Bad inputs through the khparse CLI: each must give one well-formed JSON object, the
diagnostics that say why, and the exit status of the contract (0 ok, 1 parsed with errors
in diagnostics, 2 usage, 3 I/O) -- without crash or hang.

usage: badinput.py CLI WORKDIR CASE     (CASE: see CASES below, or "all")
Inputs are generated into WORKDIR at run time (nothing big is committed)."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "data", "badinput_sample.txt")


def sample_text():
    with open(SAMPLE, "rb") as f:
        return f.read()


def gen_empty(p):
    open(p, "wb").close()


def gen_binary(p):
    # real machine code: the bytes of an ELF executable (the CLI itself is one)
    for exe in ("/bin/ls", "/usr/bin/env", sys.executable):
        if os.path.exists(exe):
            with open(exe, "rb") as f:
                data = f.read(1 << 20)
            break
    with open(p, "wb") as f:
        f.write(data)


def gen_invalid_utf8(p):
    t = sample_text()
    lines = t.split(b"\n")
    for i in range(3, len(lines), 7):  # stray Latin-1 / truncated sequences in some lines
        lines[i] = lines[i] + b" \xff\xe1\xba caf\xe9"
    with open(p, "wb") as f:
        f.write(b"\n".join(lines))


def gen_nul(p):
    t = sample_text()
    with open(p, "wb") as f:
        f.write(t[:500] + b"\x00\x00" + t[500:1500] + b"\x00" + t[1500:])


def gen_big(p):
    t = sample_text()
    with open(p, "wb") as f:
        n = 0
        while n < 50 * 1000 * 1000:
            f.write(t)
            n += len(t)


def gen_long_line(p):
    unit = "nội dung công việc cần thực hiện ".encode()
    with open(p, "wb") as f:
        f.write(sample_text()[:2000])
        f.write(b"\n- " + unit * ((1536 * 1024) // len(unit)) + "\nHết.\n".encode())


def gen_deep(p):
    out = ["KẾ HOẠCH", "Thực hiện nhiệm vụ năm 2024", ""]
    label = ""
    for d in range(1, 201):
        label = "1" if d == 1 else label + ".1"
        out.append("%s. Nhiệm vụ cấp %d" % (label, d))
        out.append("- Chủ trì: Sở Nội vụ; thời gian: năm 2024.")
    with open(p, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def gen_utf16(p):
    with open(p, "wb") as f:
        f.write(sample_text().decode("utf-8", "replace").encode("utf-16"))


def gen_mixed(p):
    # half UTF-8, half Windows-1258 bytes in one file
    t = sample_text().decode("utf-8", "replace")
    half = len(t) // 2
    with open(p, "wb") as f:
        f.write(t[:half].encode("utf-8") + t[half:].encode("cp1258", "replace"))


# case -> (generator, diagnostic codes of which one must be present (None: any or none),
#          expected exit status or None = 1 iff an error diagnostic, else 0)
CASES = {
    "empty": (gen_empty, ["empty_input"], 1),
    "binary": (gen_binary, ["binary_input"], 1),
    "invalid_utf8": (gen_invalid_utf8, ["invalid_utf8"], 1),  # OUTPUT.md: non-zero exit
    "nul_bytes": (gen_nul, ["control_chars_removed"], None),
    "big_50mb": (gen_big, None, None),
    "line_1mb": (gen_long_line, ["line_truncated"], None),
    "deep_200": (gen_deep, None, None),
    "utf16": (gen_utf16, None, None),
    "mixed_encodings": (gen_mixed, ["mixed_encoding"], None),
}


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run_case(cli, work, name):
    gen, codes, want_status = CASES[name]
    path = os.path.join(work, "badinput_" + name + ".txt")
    gen(path)
    try:
        r = subprocess.run([cli, "parse", path], capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        fail("%s: timed out" % name)
    if r.returncode < 0:
        fail("%s: killed by signal %d" % (name, -r.returncode))
    try:
        objs = [json.loads(l) for l in r.stdout.decode("utf-8").splitlines() if l.strip()]
    except (ValueError, UnicodeDecodeError) as e:
        fail("%s: output is not well-formed JSON: %s" % (name, e))
    if len(objs) != 1:
        fail("%s: %d JSON objects on stdout, want 1" % (name, len(objs)))
    o = objs[0]
    diags = o.get("diagnostics")
    if not isinstance(diags, list):
        fail("%s: no diagnostics array" % name)
    got = [d.get("code") for d in diags]
    has_error = any(d.get("severity") == "error" for d in diags)
    expect = want_status if want_status is not None else (1 if has_error else 0)
    if r.returncode != expect:
        fail("%s: exit status %d, want %d (diagnostics %s)" % (name, r.returncode, expect, got))
    if codes and not any(c in got for c in codes):
        fail("%s: diagnostics %s lack %s" % (name, got, codes))
    if name == "binary" and o.get("tasks"):
        fail("binary: tasks extracted from garbage")
    if name == "utf16" and o["source"]["input_encoding"] != "utf-16":
        fail("utf16: input_encoding %s" % o["source"]["input_encoding"])
    if name == "invalid_utf8" and o["source"]["input_encoding"] != "utf-8":
        fail("invalid_utf8: input_encoding %s" % o["source"]["input_encoding"])
    os.remove(path)
    print("ok %s: exit %d, diagnostics %s" % (name, r.returncode, sorted(set(got))))


def run_usage(cli, work):
    r = subprocess.run([cli, "parse"], capture_output=True, timeout=30)
    if r.returncode != 2:
        fail("usage: exit %d, want 2" % r.returncode)
    r = subprocess.run([cli, "parse", os.path.join(work, "does-not-exist.txt")], capture_output=True, timeout=30)
    if r.returncode != 3:
        fail("missing file: exit %d, want 3" % r.returncode)
    print("ok usage/io")


def main():
    cli, work, case = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    if case == "usage":
        run_usage(cli, work)
    elif case == "all":
        run_usage(cli, work)
        for c in CASES:
            run_case(cli, work, c)
    else:
        run_case(cli, work, case)


if __name__ == "__main__":
    main()

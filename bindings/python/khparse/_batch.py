"""The `khparse batch` output layout, in Python (used by khparse.dask).

Everything here mirrors src/cli/batch.c byte for byte: input discovery and ordering,
output paths, index.jsonl / tasks.csv / timings.jsonl lines and the resume journal
(.khparse-state.jsonl). tests/test_dask.py compares both on the same inputs.
"""
import hashlib
import json
import os
import stat
import threading
import time

from ._core import OK, Parser, strerror, version

STATE_NAME = ".khparse-state.jsonl"
STATE_MAGIC = "#khparse-batch-state 1"
# error of the record `khparse batch` journals when the parser crashes on an input
CRASH_MSG = "the parser crashed on this input; it is not retried while unchanged"
CSV_HEADER = ("path,document_number,document_date,issuer,task_id,source,title,lead,coordinate,"
              "deadline_kind,deadline_start,deadline_end,deadline_text\r\n")


def state_header():
    return "%s %s" % (STATE_MAGIC, version())


# ------------------------------------------------------------------ inputs

def rel_of(path):
    """Output key of an input path: "/" and "." components dropped, ".." -> "__"."""
    parts = []
    for c in path.split("/"):
        if c in ("", "."):
            continue
        parts.append("__" if c == ".." else c)
    return "/".join(parts) or "__"


def _join(d, name):
    return d + name if d.endswith("/") else d + "/" + name


def expand(inputs, out_dir):
    """[(input, rel, preset_error)] sorted by rel, first of duplicates kept."""
    items = []
    seen = set()
    try:
        st = os.stat(out_dir)
        seen_out = (st.st_dev, st.st_ino)
    except OSError:
        seen_out = None

    def seen_dir(st):
        key = (st.st_dev, st.st_ino)
        if key == seen_out or key in seen:
            return True
        seen.add(key)
        return False

    def walk(d):
        try:
            names = [n for n in os.listdir(d) if not n.startswith(".")]
        except OSError as e:
            items.append((d, "cannot read directory: %s" % e.strerror))
            return
        names.sort(key=os.fsencode)  # strcmp order, as the C walker
        for n in names:
            p = _join(d, n)
            try:
                st = os.stat(p)
            except OSError:
                items.append((p, None))  # broken symlink: error record when read
                continue
            if stat.S_ISDIR(st.st_mode):
                if not seen_dir(st):
                    walk(p)
            elif stat.S_ISREG(st.st_mode):
                items.append((p, None))

    for path in inputs:
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            if not seen_dir(st):
                walk(path)
        elif st is not None and not stat.S_ISREG(st.st_mode):
            items.append((path, "not a regular file"))  # a fifo would block the reader
        else:
            items.append((path, None))
    keyed = sorted(((os.fsencode(rel_of(p)), i, p, e) for i, (p, e) in enumerate(items)))
    out, last = [], None
    for krel, _, p, e in keyed:
        if krel == last:
            continue
        last = krel
        out.append((p, os.fsdecode(krel), e))
    return out


# ------------------------------------------------------------------ formats

def _dumps(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def index_line(rel, inp, status, sha, pages, error):
    return _dumps({"path": rel, "input": inp, "status": status, "sha256": sha,
                   "pages": pages if pages is not None and pages >= 0 else None, "error": error})


def _csv(s):
    if s is None:
        return ""
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def _s(o, key):
    v = o.get(key) if isinstance(o, dict) else None
    return v if isinstance(v, str) else None


def _units(lst):
    names = []
    for u in lst if isinstance(lst, list) else []:
        n = u if isinstance(u, str) else _s(u, "name")
        if n is not None:
            names.append(n)
    return _csv("; ".join(names))


def csv_rows(rel, root):
    """(rows, pages, first error diagnostic or None) from a document's JSON object."""
    src = root.get("source") if isinstance(root, dict) else None
    pg = src.get("pages") if isinstance(src, dict) else None
    pages = int(pg) if isinstance(pg, (int, float)) and not isinstance(pg, bool) else -1
    first_error = None
    for d in root.get("diagnostics") or []:
        if isinstance(d, dict) and d.get("severity") == "error":
            first_error = d
            break
    doc = root.get("document") or {}
    iss = doc.get("issuer") if isinstance(doc, dict) else None
    issuer = iss if isinstance(iss, str) else _s(iss, "name")
    number, date = _s(doc, "number"), _s(doc, "date")
    rows = []
    for t in root.get("tasks") or []:
        dl = t.get("deadline") if isinstance(t, dict) else None
        rows.append(",".join([
            _csv(rel), _csv(number), _csv(date), _csv(issuer), _csv(_s(t, "id")),
            _csv(_s(t, "source")), _csv(_s(t, "title")), _units(t.get("lead")),
            _units(t.get("coordinate")), _csv(_s(dl, "kind")), _csv(_s(dl, "start")),
            _csv(_s(dl, "end")), _csv(_s(dl, "text"))]) + "\r\n")
    return "".join(rows), pages, first_error


def write_atomic(path, data, tag):
    """Temporary file beside path (dot-prefixed), then rename; creates parents."""
    d, base = os.path.split(path)
    tmp = os.path.join(d, ".%s.tmp-%d-%s" % (base, os.getpid(), tag))
    try:
        f = open(tmp, "wb")
    except FileNotFoundError:
        os.makedirs(d, exist_ok=True)
        f = open(tmp, "wb")
    try:
        with f:
            f.write(data)
        os.rename(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


# ------------------------------------------------------------------ one input

_local = threading.local()


def _parser(options):
    """One Parser per thread of this process, created on first use (the library itself
    is loaded once per process by khparse._native)."""
    key = tuple(sorted((options or {}).items()))
    cache = getattr(_local, "parsers", None)
    if cache is None:
        cache = _local.parsers = {}
    p = cache.get(key)
    if p is None:
        p = cache[key] = Parser(**dict(key))
    return p


def process(inp, rel, preset_error, out_dir, prev=None, pretty=False, options=None, read_path=None):
    """Converts one input like batch.c's process(). prev: the journal entry for rel
    (sha256, reusable, seconds, index line) or None. read_path: where to read inp
    from (an absolute path when the caller's working directory differs). Returns a
    dict: rel, index_line, csv, pages, failed, skipped, seconds."""
    t0 = time.monotonic()
    out = os.path.join(out_dir, rel + ".json")
    status, error, sha, rows, pages = "ok", None, None, "", -1
    data = None
    if preset_error:
        status, error = "failed", preset_error
    else:
        try:
            with open(read_path or inp, "rb") as f:
                data = f.read()
        except OSError as e:
            status, error = "failed", e.strerror or str(e)
    if data is not None:
        sha = hashlib.sha256(data).hexdigest()
        if prev and prev.get("crashed") and prev["sha256"] == sha:  # never feed it again
            return {"rel": rel, "index_line": prev["line"], "csv": "", "pages": -1, "failed": True,
                    "skipped": True, "seconds": prev["seconds"]}
        if prev and prev["reusable"] and prev["sha256"] == sha:
            try:
                with open(out, "rb") as f:
                    root = json.loads(f.read().decode("utf-8", "surrogateescape"))
                rows, pages, _ = csv_rows(rel, root)
                line = prev["line"]
                return {"rel": rel, "index_line": line, "csv": rows, "pages": pages,
                        "failed": '"status":"invalid"' in line, "skipped": True,
                        "seconds": prev["seconds"]}
            except (OSError, ValueError):
                pass
        p = _parser(options)
        rc, js, msg = p.parse_raw(data, os.path.basename(inp), pretty)
        if rc != OK:
            status, error = "failed", msg or strerror(rc)
        if js is not None:
            try:
                write_atomic(out, js.encode("utf-8", "surrogateescape") + b"\n", threading.get_ident())
            except OSError as e:
                status, error = "failed", "cannot write %s: %s" % (out, e.strerror)
            root = json.loads(js)
            rows, pages, diag = csv_rows(rel, root)
            if diag is not None and status == "ok":
                code, m = _s(diag, "code"), _s(diag, "message")
                status, error = "invalid", "%s: %s" % (code or "error", m or "")
        elif rc == OK:
            status, error = "failed", strerror(-2)
    return {"rel": rel, "index_line": index_line(rel, inp, status, sha, pages, error),
            "csv": rows, "pages": pages, "failed": status != "ok", "skipped": False,
            "seconds": time.monotonic() - t0}


# ------------------------------------------------------------------ journal + outputs

def _read_journal(path, header, st):
    with open(path, "r", encoding="utf-8", errors="surrogateescape", newline="\n") as f:
        if f.readline().rstrip("\n") != header:
            return False
        for line in f:
            line = line.rstrip("\n")
            secs, tab, js = line.partition("\t")
            if not tab:
                continue
            try:
                o = json.loads(js)
            except ValueError:
                continue
            rel, sha, status = o.get("path"), o.get("sha256"), o.get("status")
            if isinstance(rel, str) and isinstance(sha, str) and len(sha) == 64 and isinstance(status, str):
                try:
                    seconds = float(secs)
                except ValueError:
                    seconds = 0.0
                st[rel] = {"sha256": sha, "reusable": status != "failed", "seconds": seconds,
                           "line": js, "raw": line, "crashed": o.get("error") == CRASH_MSG}
    return True


def shard_journals(out_dir):
    """Journals of `khparse batch --shard K/N` runs, in name order."""
    try:
        names = os.listdir(out_dir)
    except OSError:
        return []
    return [os.path.join(out_dir, n) for n in sorted(names, key=os.fsencode)
            if n.startswith(".khparse-state.") and n.endswith(".jsonl") and "-of-" in n[15:]]


def load_state(out_dir, header):
    """({rel: entry}, main journal compatible?) from OUTDIR/.khparse-state.jsonl, then the
    shard journals (later lines win), when written with the same header."""
    st = {}
    try:
        same = _read_journal(os.path.join(out_dir, STATE_NAME), header, st)
    except FileNotFoundError:
        same = False
    for p in shard_journals(out_dir):
        try:
            _read_journal(p, header, st)
        except OSError:
            pass
    return st, same


def journal_line(r):
    return "%.6f\t%s\n" % (r["seconds"], r["index_line"])


def write_outputs(out_dir, items, results, old_state, header):
    """index.jsonl, tasks.csv, timings.jsonl and the compacted journal, in path order
    (shard journals merged into it, then removed).
    items: [(input, rel, preset_error)] sorted; results: {rel: result}."""
    shards = shard_journals(out_dir)
    idx, csv, tim = [], ["\ufeff" + CSV_HEADER], []
    for inp, rel, _ in items:
        r = results.get(rel)
        if r is None:
            idx.append(index_line(rel, inp, "pending", None, -1, None) + "\n")
            continue
        idx.append(r["index_line"] + "\n")
        csv.append(r["csv"])
        tim.append(_dumps({"path": rel}).rstrip("}") + ',"seconds":%.6f,"skipped":%s}\n'
                   % (r["seconds"], "true" if r["skipped"] else "false"))
    rels = {rel for _, rel, _ in items}
    lines = {}
    for rel, e in old_state.items():
        lines[rel] = e["raw"] + "\n"
    for rel in rels:
        r = results.get(rel)
        if r is not None:
            lines[rel] = journal_line(r)
    st = [header + "\n"] + [lines[k] for k in sorted(lines, key=os.fsencode)]
    enc = lambda parts: "".join(parts).encode("utf-8", "surrogateescape")  # noqa: E731
    write_atomic(os.path.join(out_dir, "index.jsonl"), enc(idx), "c")
    write_atomic(os.path.join(out_dir, "tasks.csv"), enc(csv), "c")
    write_atomic(os.path.join(out_dir, "timings.jsonl"), enc(tim), "c")
    write_atomic(os.path.join(out_dir, STATE_NAME), enc(st), "c")
    for p in shards:
        try:
            os.remove(p)
        except OSError:
            pass

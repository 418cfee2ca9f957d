#!/usr/bin/python3
"""In-tree scorer for libkhparse output (stdlib only).

Usage:
  score.py GOLD.json SYSTEM.json [--name N] [--verbose] [--enforce | --report-only]
  score.py --selftest CORPUS_DIR
      (every expected.json scored against itself must give 1.0 everywhere and
       against {} must give 0 everywhere; every expected.json must pass the schema)
  score.py --corpus CORPUS_DIR --outputs OUT_DIR [--verbose]
      (pairs CORPUS_DIR/<case>/expected.json with OUT_DIR/<case>.json and prints the
       per-case table plus macro averages; a case is report-only when
       CORPUS_DIR/<case>/REPORT_ONLY exists)

Metrics (see docs/CORPUS.md):
  header    kind, number, symbol, issuer.name, place, date, title, signer.name:
            exact match after NFC, whitespace and case normalisation
  refs      precision/recall/F1, references paired by kind+number (kind+title
            when the gold number is null)
  tasks     detection F1, tasks paired one-to-one by title similarity
            (difflib ratio >= 0.6, best pairs first)
  lead      unit F1 over paired tasks (micro-averaged); unit names casefolded,
  coord     "Đề nghị" prefix and trailing punctuation ignored, abbreviations
            expanded on both sides
  deadline  deadline.kind accuracy over paired tasks
The last line of a single-document run is
  header_acc=… ref_f1=… task_f1=… lead_f1=… coord_f1=… deadline_acc=… overall=…

Exit status: 0 ok; 1 a threshold failed under --enforce; 2 usage or unreadable input.
"""
import difflib
import json
import os
import re
import sys
import unicodedata

THRESHOLDS = {"header_acc": 1.0, "ref_f1": 0.97, "task_f1": 0.95,
              "lead_f1": 0.90, "coord_f1": 0.90, "deadline_acc": 0.95}
METRICS = ["header_acc", "ref_f1", "task_f1", "lead_f1", "coord_f1", "deadline_acc"]
HEADER_FIELDS = [("kind",), ("number",), ("symbol",), ("issuer", "name"), ("place",),
                 ("date",), ("title",), ("signer", "name")]
TASK_PAIR_MIN = 0.6
EPS = 1e-9


class Missing:
    """A key the system output does not have at all (distinct from null)."""
    def __repr__(self):
        return "<missing>"


MISSING = Missing()

# Old-style tone placement ("uỷ", "hoà") and its modern form ("ủy", "hòa") are the
# same word; compare them equal.
_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("(" + "|".join(_TONE_PAIRS) + r")(?![\w])")


def norm_text(s):
    """NFC, unified tone placement, collapsed whitespace, casefolded."""
    if s is None or s is MISSING:
        return s
    if not isinstance(s, str):
        s = str(s)
    s = unicodedata.normalize("NFC", s)
    s = s.casefold()
    s = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(1)], s)
    s = re.sub(r"\s+", " ", s).strip()
    return s


def norm_number(s):
    """Reference numbers: whitespace removed, Đ/D kept apart, casefolded."""
    if s is None or s is MISSING:
        return s
    s = unicodedata.normalize("NFC", str(s))
    return re.sub(r"\s+", "", s).casefold()


# Abbreviations expanded on both sides before unit names are compared. Applied to
# casefolded text, on word boundaries, longest first.
_ABBREV = [
    ("ubmttq", "ủy ban mặt trận tổ quốc"),
    ("mttq", "mặt trận tổ quốc"),
    ("ubnd", "ủy ban nhân dân"),
    ("hđnd", "hội đồng nhân dân"),
    ("btg tu", "ban tuyên giáo tỉnh ủy"),
    ("btgtu", "ban tuyên giáo tỉnh ủy"),
    ("tt&tt", "thông tin và truyền thông"),
    ("tttt", "thông tin và truyền thông"),
    ("stttt", "sở thông tin và truyền thông"),
    ("thông tin truyền thông", "thông tin và truyền thông"),
    ("cổng ttđt", "cổng thông tin điện tử"),
    ("ttđt", "thông tin điện tử"),
    ("pt-th", "phát thanh và truyền hình"),
    ("pt&th", "phát thanh và truyền hình"),
    ("ptth", "phát thanh và truyền hình"),
    ("vhtt&dl", "văn hóa, thể thao và du lịch"),
    ("vh,tt&dl", "văn hóa, thể thao và du lịch"),
    ("vhttdl", "văn hóa, thể thao và du lịch"),
    ("gd&đt", "giáo dục và đào tạo"),
    ("gdđt", "giáo dục và đào tạo"),
    ("nn&ptnt", "nông nghiệp và phát triển nông thôn"),
    ("nnptnt", "nông nghiệp và phát triển nông thôn"),
    ("tn&mt", "tài nguyên và môi trường"),
    ("tnmt", "tài nguyên và môi trường"),
    ("lđtb&xh", "lao động - thương binh và xã hội"),
    ("lđ-tb&xh", "lao động - thương binh và xã hội"),
    ("kh&đt", "kế hoạch và đầu tư"),
    ("khđt", "kế hoạch và đầu tư"),
    ("vp", "văn phòng"),
    ("tu", "tỉnh ủy"),
]
_ABBREV_RE = [(re.compile(r"(?<![\w&])" + re.escape(a) + r"(?![\w&])"), b)
              for a, b in sorted(_ABBREV, key=lambda p: -len(p[0]))]


def norm_unit(name):
    if not isinstance(name, str):
        return ""
    s = norm_text(name)
    s = re.sub(r"^(đề nghị|de nghi)\s+", "", s)
    s = s.strip(" \t.,;:!?-–—")
    for rx, full in _ABBREV_RE:
        s = rx.sub(full, s)
    s = s.replace("lao động, thương binh", "lao động - thương binh")
    s = re.sub(r"\s+", " ", s).strip()
    return s


def get_path(obj, path):
    cur = obj
    for k in path:
        if not isinstance(cur, dict) or k not in cur:
            return MISSING
        cur = cur[k]
    return cur


def prf(tp, n_sys, n_gold):
    """Precision, recall, F1; both sides empty is a perfect score."""
    if n_sys == 0 and n_gold == 0:
        return 1.0, 1.0, 1.0
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def as_list(x):
    return x if isinstance(x, list) else []


# ---------------------------------------------------------------- header
def score_header(gold, sys_):
    rows = []
    gdoc = gold.get("document") if isinstance(gold, dict) else None
    sdoc = sys_.get("document", MISSING) if isinstance(sys_, dict) else MISSING
    for path in HEADER_FIELDS:
        g = get_path(gdoc, path) if gdoc is not None else None
        s = get_path(sdoc, path) if sdoc is not MISSING else MISSING
        if g is MISSING:
            g = None
        if s is MISSING:
            ok = False
        else:
            ok = norm_text(g) == norm_text(s)
        rows.append((".".join(path), g, s, ok))
    right = sum(1 for r in rows if r[3])
    return right / len(rows), rows


# ---------------------------------------------------------------- references
def ref_key(r):
    if not isinstance(r, dict):
        return None
    kind = norm_text(r.get("kind")) or ""
    num = r.get("number")
    if num:
        return ("n", kind, norm_number(num))
    return ("t", kind, norm_text(r.get("title")) or "")


def score_refs(gold, sys_):
    g = [ref_key(r) for r in as_list(gold.get("references"))]
    present = isinstance(sys_, dict) and "references" in sys_
    s = [ref_key(r) for r in as_list(sys_.get("references"))] if present else []
    g = [k for k in g if k is not None]
    s = [k for k in s if k is not None]
    pool = list(s)
    matched, missed = [], []
    for k in g:
        if k in pool:
            pool.remove(k)
            matched.append(k)
        else:
            missed.append(k)
    p, r, f = prf(len(matched), len(s), len(g))
    if not present and g:
        p = r = f = 0.0
    return {"p": p, "r": r, "f1": f, "gold": len(g), "sys": len(s), "tp": len(matched),
            "missed": missed, "spurious": pool}


# ---------------------------------------------------------------- tasks
def task_title(t):
    if not isinstance(t, dict):
        return ""
    return norm_text(t.get("title")) or ""


def pair_tasks(gtasks, stasks):
    """One-to-one pairs (gi, si, ratio), best ratio first, ties broken by equal id."""
    gt = [task_title(t) for t in gtasks]
    st = [task_title(t) for t in stasks]
    cands = []
    for i, a in enumerate(gt):
        for j, b in enumerate(st):
            if not a and not b:
                continue
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if sm.real_quick_ratio() < TASK_PAIR_MIN or sm.quick_ratio() < TASK_PAIR_MIN:
                continue
            ratio = sm.ratio()
            if ratio >= TASK_PAIR_MIN:
                same_id = 1 if (isinstance(gtasks[i], dict) and isinstance(stasks[j], dict)
                                and gtasks[i].get("id") == stasks[j].get("id")) else 0
                cands.append((ratio, same_id, -abs(i - j), i, j))
    cands.sort(reverse=True)
    used_g, used_s, pairs = set(), set(), []
    for ratio, _sid, _d, i, j in cands:
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        pairs.append((i, j, ratio))
    pairs.sort()
    return pairs


def unit_names(units):
    out = []
    for u in as_list(units):
        if isinstance(u, dict):
            out.append(norm_unit(u.get("name")))
        elif isinstance(u, str):
            out.append(norm_unit(u))
    return [n for n in out if n]


def match_units(g, s):
    pool = list(s)
    tp = 0
    missed = []
    for n in g:
        if n in pool:
            pool.remove(n)
            tp += 1
        else:
            missed.append(n)
    return tp, missed, pool


def score_tasks(gold, sys_):
    gtasks = as_list(gold.get("tasks"))
    present = isinstance(sys_, dict) and "tasks" in sys_
    stasks = as_list(sys_.get("tasks")) if present else []
    pairs = pair_tasks(gtasks, stasks)
    p, r, f = prf(len(pairs), len(stasks), len(gtasks))
    res = {"p": p, "r": r, "f1": f, "gold": len(gtasks), "sys": len(stasks),
           "paired": len(pairs), "pairs": pairs, "unit": {}, "deadline": None,
           "unit_misses": [], "deadline_misses": []}
    paired_g = {i for i, _, _ in pairs}
    paired_s = {j for _, j, _ in pairs}
    res["missed_tasks"] = [i for i in range(len(gtasks)) if i not in paired_g]
    res["spurious_tasks"] = [j for j in range(len(stasks)) if j not in paired_s]
    for field in ("lead", "coordinate"):
        tp = ns = ng = 0
        for i, j, _ in pairs:
            g = unit_names(gtasks[i].get(field))
            s = unit_names(stasks[j].get(field)) if isinstance(stasks[j], dict) else []
            t, missed, spurious = match_units(g, s)
            tp += t
            ns += len(s)
            ng += len(g)
            if missed or spurious:
                res["unit_misses"].append((field, i, j, missed, spurious))
        up, ur, uf = prf(tp, ns, ng)
        if not pairs and gtasks:
            up = ur = uf = 0.0
        res["unit"][field] = {"p": up, "r": ur, "f1": uf, "tp": tp, "sys": ns, "gold": ng}
    right = 0
    for i, j, _ in pairs:
        gk = get_path(gtasks[i], ("deadline", "kind"))
        sk = get_path(stasks[j], ("deadline", "kind")) if isinstance(stasks[j], dict) else MISSING
        if sk is not MISSING and gk == sk:
            right += 1
        else:
            res["deadline_misses"].append((i, j, gk, sk))
    if pairs:
        res["deadline"] = right / len(pairs)
    else:
        res["deadline"] = 0.0 if gtasks else 1.0
    res["deadline_right"] = right
    return res


# ---------------------------------------------------------------- driver
def score_doc(gold, sys_):
    if not isinstance(sys_, dict):
        sys_ = {}
    h, hrows = score_header(gold, sys_)
    refs = score_refs(gold, sys_)
    tasks = score_tasks(gold, sys_)
    m = {"header_acc": h, "ref_f1": refs["f1"], "task_f1": tasks["f1"],
         "lead_f1": tasks["unit"]["lead"]["f1"], "coord_f1": tasks["unit"]["coordinate"]["f1"],
         "deadline_acc": tasks["deadline"]}
    m["overall"] = sum(m[k] for k in METRICS) / len(METRICS)
    return m, {"header": hrows, "refs": refs, "tasks": tasks}


def failures(m):
    return [k for k in METRICS if m[k] + EPS < THRESHOLDS[k]]


def short(s, n=90):
    if s is MISSING:
        return "<missing>"
    if s is None:
        return "null"
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def print_doc(name, gold, sys_, m, det, verbose, mode):
    out = []
    tag = {"enforce": "enforced", "report": "report-only", None: ""}[mode]
    out.append("== %s%s" % (name, " [%s]" % tag if tag else ""))
    hr = det["header"]
    out.append("header    %.3f  (%d/%d fields)" % (m["header_acc"], sum(1 for r in hr if r[3]), len(hr)))
    r = det["refs"]
    out.append("refs      P=%.3f R=%.3f F1=%.3f  (gold %d, system %d, matched %d)"
               % (r["p"], r["r"], r["f1"], r["gold"], r["sys"], r["tp"]))
    t = det["tasks"]
    out.append("tasks     P=%.3f R=%.3f F1=%.3f  (gold %d, system %d, paired %d)"
               % (t["p"], t["r"], t["f1"], t["gold"], t["sys"], t["paired"]))
    for field, label in (("lead", "lead"), ("coordinate", "coord")):
        u = t["unit"][field]
        out.append("%-9s P=%.3f R=%.3f F1=%.3f  (gold %d, system %d, matched %d)"
                   % (label, u["p"], u["r"], u["f1"], u["gold"], u["sys"], u["tp"]))
    out.append("deadline  %.3f  (%d/%d paired tasks)" % (t["deadline"], t["deadline_right"], t["paired"]))
    if verbose:
        for field, g, s, ok in hr:
            if not ok:
                out.append("  MISS header %s: gold %s | system %s" % (field, short(g), short(s)))
        for k in r["missed"]:
            out.append("  MISS ref (not found): %s %s" % (k[1], short(k[2])))
        for k in r["spurious"]:
            out.append("  SPURIOUS ref: %s %s" % (k[1], short(k[2])))
        gt = as_list(gold.get("tasks"))
        st = as_list(sys_.get("tasks")) if isinstance(sys_, dict) else []
        for i in t["missed_tasks"]:
            out.append("  MISS task %s (line %s): %s" % (gt[i].get("id"), gt[i].get("line"), short(gt[i].get("title"))))
        for j in t["spurious_tasks"]:
            sj = st[j] if isinstance(st[j], dict) else {}
            out.append("  SPURIOUS task %s (line %s): %s" % (sj.get("id"), sj.get("line"), short(sj.get("title"))))
        for field, i, j, missed, spurious in t["unit_misses"]:
            out.append("  UNIT %s task %s: missing %s; extra %s"
                       % (field, gt[i].get("id"), missed or "-", spurious or "-"))
        for i, j, gk, sk in t["deadline_misses"]:
            out.append("  DEADLINE task %s: gold %s | system %s" % (gt[i].get("id"), gk, short(sk)))
    line = " ".join("%s=%.3f" % (k, m[k]) for k in METRICS + ["overall"])
    out.append(line)
    if mode == "enforce":
        fl = failures(m)
        out.append("RESULT %s: %s" % (name, "PASS" if not fl else "FAIL (" + ", ".join(
            "%s %.3f < %.2f" % (k, m[k], THRESHOLDS[k]) for k in fl) + ")"))
    elif mode == "report":
        out.append("RESULT %s: report-only (thresholds not enforced)" % name)
    print("\n".join(out))


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ValueError("%s: not valid JSON: %s" % (path, e))


def corpus_mode(corpus, outdir, verbose):
    cases = sorted(d for d in os.listdir(corpus)
                   if os.path.isfile(os.path.join(corpus, d, "input.txt")))
    rows = []
    errors = 0
    for c in cases:
        exp = os.path.join(corpus, c, "expected.json")
        report = os.path.exists(os.path.join(corpus, c, "REPORT_ONLY"))
        label = "report-only" if report else "enforced"
        if not os.path.exists(exp):
            rows.append((c, label, None, "no expected.json"))
            continue
        outp = os.path.join(outdir, c + ".json")
        if not os.path.exists(outp):
            rows.append((c, label, None, "no output"))
            errors += 1
            continue
        try:
            gold, sysj = load(exp), load(outp)
        except ValueError as e:
            rows.append((c, label, None, str(e)))
            errors += 1
            continue
        m, det = score_doc(gold, sysj)
        if verbose:
            print_doc(c, gold, sysj, m, det, True, "report" if report else "enforce")
            print()
        note = ""
        if not report:
            fl = failures(m)
            note = "PASS" if not fl else "FAIL " + ",".join(fl)
        rows.append((c, label, m, note))
    cols = ["header", "ref_f1", "task_f1", "lead_f1", "coord_f1", "dl_acc", "overall"]
    hdr = "%-28s %-12s " % ("case", "mode") + " ".join("%8s" % c for c in cols) + "  note"
    print(hdr)
    print("-" * len(hdr))
    for c, label, m, note in rows:
        if m is None:
            print("%-28s %-12s %s" % (c, label, "   (not scored: %s)" % note))
        else:
            print("%-28s %-12s " % (c, label) + " ".join("%8.3f" % m[k] for k in METRICS + ["overall"])
                  + "  " + note)
    print("-" * len(hdr))
    for title, sel in (("macro enforced", lambda r: r[1] == "enforced"),
                       ("macro all", lambda r: True)):
        ms = [r[2] for r in rows if r[2] is not None and sel(r)]
        if not ms:
            continue
        avg = {k: sum(x[k] for x in ms) / len(ms) for k in METRICS + ["overall"]}
        print("%-28s %-12s " % (title, "files=%d" % len(ms)) + " ".join("%8.3f" % avg[k] for k in METRICS + ["overall"]))
    print("thresholds (enforced cases): header_acc=1.00 ref_f1>=0.97 task_f1>=0.95 lead_f1>=0.90 coord_f1>=0.90 deadline_acc>=0.95")
    return 2 if errors else 0


def selftest(corpus):
    import subprocess
    bad = 0
    n = 0
    here = os.path.dirname(os.path.abspath(__file__))
    schema = os.path.join(corpus, "khparse.schema.json")
    for c in sorted(os.listdir(corpus)):
        exp = os.path.join(corpus, c, "expected.json")
        if not os.path.isfile(exp):
            continue
        n += 1
        gold = load(exp)
        m_self, _ = score_doc(gold, json.loads(json.dumps(gold)))
        m_empty, _ = score_doc(gold, {})
        wrong = [k for k in METRICS if abs(m_self[k] - 1.0) > EPS]
        wrong += ["empty:" + k for k in METRICS if m_empty[k] > EPS]
        r = subprocess.run([sys.executable, os.path.join(here, "validate_schema.py"), schema, exp],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        if r.returncode != 0:
            wrong.append("schema: " + r.stdout.strip())
        print("%-22s %s" % (c, "ok" if not wrong else "FAIL " + "; ".join(wrong)))
        bad += bool(wrong)
    print("selftest: %d expected files, %d failed" % (n, bad))
    return 1 if bad or n == 0 else 0


def main(argv):
    args = list(argv)
    if len(args) == 2 and args[0] == "--selftest":
        return selftest(args[1])
    verbose = "--verbose" in args or "-v" in args
    enforce = "--enforce" in args
    report = "--report-only" in args
    name = None
    corpus = outdir = None
    pos = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--verbose", "-v", "--enforce", "--report-only"):
            pass
        elif a in ("--name", "--corpus", "--outputs"):
            if i + 1 >= len(args):
                print("score.py: %s needs a value" % a, file=sys.stderr)
                return 2
            val = args[i + 1]
            i += 1
            if a == "--name":
                name = val
            elif a == "--corpus":
                corpus = val
            else:
                outdir = val
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        elif a.startswith("-"):
            print("score.py: unknown option %s" % a, file=sys.stderr)
            return 2
        else:
            pos.append(a)
        i += 1
    if corpus or outdir:
        if not (corpus and outdir):
            print("score.py: --corpus and --outputs go together", file=sys.stderr)
            return 2
        return corpus_mode(corpus, outdir, verbose)
    if len(pos) != 2 or (enforce and report):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        gold, sysj = load(pos[0]), load(pos[1])
    except (OSError, ValueError) as e:
        print("score.py: %s" % e, file=sys.stderr)
        return 2
    if not isinstance(gold, dict):
        print("score.py: gold is not a JSON object", file=sys.stderr)
        return 2
    m, det = score_doc(gold, sysj)
    mode = "enforce" if enforce else ("report" if report else None)
    print_doc(name or os.path.basename(pos[1]), gold, sysj, m, det, verbose, mode)
    if enforce and failures(m):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""khparse-train: build the restoration model (syllable inventory, n-gram LM, OCR channel).

Standard library only. Reproducible: same inputs -> byte-identical model.

    khparse_train.py --syllables tools/train/data/vi_syllables.txt \
        --text tools/train/data/debian_vi.txt.gz --domain tools/train/data/admin_vi.txt \
        --pairs tools/train/data/ocr_pairs.tsv.gz -o build/model/khparse-vi.model

Model file format: see docs/RESTORE.md ("Model file") and src/restore_model.c.
"""
import argparse, gzip, math, re, struct, sys, time, unicodedata
from collections import Counter, defaultdict

MAGIC = b"KHRMODEL"
VERSION = 1
# special token ids
UNK, BOS, EOS, NUM, PUNCT = 0, 1, 2, 3, 4
NSPECIAL = 5
QSCALE = 1000.0  # log10 values are stored as int16(round(x * 1000))
D_KN = 0.75
# Lower orders from raw counts (absolute discounting) rather than Kneser-Ney continuation
# counts: continuation counts ignore the domain weight, and the administrative text is small.
RAW_LOWER = True

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
ONSET = "(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
SHAPE = re.compile("^" + ONSET + "([aăâeêioôơuưy]{1,3})(ch|nh|ng|c|m|n|p|t)?$")
PUNCT_CHARS = set(".,;:!?()[]{}\"'“”‘’…«»*–—-/\\|<>=+%#")
M64 = (1 << 64) - 1


def nfc(s):
    return unicodedata.normalize("NFC", s)


def fold(s):
    """ASCII skeleton: all marks removed, đ->d (same as restore.c's fold)."""
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.combining(ch):
            continue
        out.append("d" if ch == "đ" else "D" if ch == "Đ" else ch)
    return "".join(out)


def syllable_ok(s):
    """Lower-case NFC string shaped like a Vietnamese syllable (tone rules checked)."""
    d = unicodedata.normalize("NFD", s)
    tones = [c for c in d if c in TONES]
    if len(tones) > 1:
        return False
    base = nfc("".join(c for c in d if c not in TONES))
    m = SHAPE.match(base)
    if not m:
        return False
    coda = m.group(3)
    if coda in ("c", "ch", "p", "t") and tones and tones[0] not in ("\u0301", "\u0323"):
        return False
    return True


def is_letter(ch):
    return ch.isalpha()


def tokens(line):
    """LM token strings of one line (lower case): syllables, '<num>', '<punct>', '<unk>'."""
    out = []
    for chunk in line.split():
        i, j = 0, len(chunk)
        while i < j and chunk[i] in PUNCT_CHARS:
            i += 1
        while j > i and chunk[j - 1] in PUNCT_CHARS:
            j -= 1
        if i > 0:
            out.append("<punct>")
        core = chunk[i:j]
        if core:
            if all(is_letter(c) for c in core):
                out.append(core.lower())
            elif any(c.isdigit() for c in core):
                out.append("<num>")
            else:
                out.append("<unk>")
        if j < len(chunk):
            out.append("<punct>")
    return out


def case_counts(lines, vocab):
    """Per syllable: how often it is written Title-case / lower-case inside a sentence
    (after another word, not after . : ! ?). Title-case there marks names of units and
    places ("Sở", "Ban", "Đảng"), which the lower-cased LM cannot see."""
    title, lower = Counter(), Counter()
    for ln in lines:
        mid = False
        for chunk in ln.split():
            i, j = 0, len(chunk)
            while i < j and chunk[i] in PUNCT_CHARS:
                i += 1
            while j > i and chunk[j - 1] in PUNCT_CHARS:
                j -= 1
            core = chunk[i:j]
            if i > 0 and any(c in ".:!?" for c in chunk[:i]):
                mid = False
            if core and all(is_letter(c) for c in core):
                w = vocab.get(core.lower())
                if w is not None and mid and len(core) >= 1:
                    if core[0].isupper() and (len(core) == 1 or not core[1:].isupper()):
                        title[w] += 1
                    elif core.islower():
                        lower[w] += 1
                mid = True
            elif core:
                mid = True
            if j < len(chunk) and any(c in ".:!?" for c in chunk[j:]):
                mid = False
    return title, lower


def read_lines(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8", errors="replace") as f:
        for ln in f:
            ln = nfc(ln.strip())
            if ln and not ln.startswith("#"):
                yield ln


# ------------------------------------------------------------------ hashing (shared with C)

def fnv1a32(b):
    h = 0x811C9DC5
    for x in b:
        h = ((h ^ x) * 0x01000193) & 0xFFFFFFFF
    return h


def mix64(k):
    k = (k ^ (k >> 33)) * 0xFF51AFD7ED558CCD & M64
    k = (k ^ (k >> 33)) * 0xC4CEB9FE1A85EC53 & M64
    return k ^ (k >> 33)


def table_size(n):
    s = 16
    while s < n * 2:
        s *= 2
    return s


def checksum(data):
    """64-bit word hash of the payload (little-endian u64 words, zero-padded)."""
    if len(data) % 8:
        data = data + b"\0" * (8 - len(data) % 8)
    h = 0xCBF29CE484222325
    import array
    a = array.array("Q")
    a.frombytes(data)
    if sys.byteorder != "little":
        a.byteswap()
    for w in a:
        h = ((h ^ w) * 0x100000001B3) & M64
        h ^= h >> 29
    return h


# ------------------------------------------------------------------ language model

def count_ngrams(lines, vocab, weight, c1, c2, c3, order=3):
    for ln in lines:
        ids = [BOS]
        for t in tokens(ln):
            if t == "<num>":
                ids.append(NUM)
            elif t == "<punct>":
                ids.append(PUNCT)
            else:
                ids.append(vocab.get(t, UNK))
        ids.append(EOS)
        for i in range(1, len(ids)):
            c1[ids[i]] += weight
            if order >= 2:
                c2[(ids[i - 1], ids[i])] += weight
            if i >= 2 and order >= 3:
                c3[(ids[i - 2], ids[i - 1], ids[i])] += weight


def q(x):
    v = int(round(x * QSCALE))
    return max(-32000, min(32000, v))


DISCOUNTS = None  # (D1, D2, D3+): count-dependent discounts (Chen & Goodman); None: D_KN for all


def disc(c):
    if DISCOUNTS is None:
        return D_KN
    return DISCOUNTS[0] if c <= 1 else DISCOUNTS[1] if c <= 2 else DISCOUNTS[2]


def build_lm(nsyl, c1, c2, c3, min3):
    """Interpolated Kneser-Ney (one discount), stored in backoff form:
    p(w|u,v) = P3 if (u,v,w) stored else B(u,v) * p(w|v);  p(w|v) = P2 or B(v) * P1(w)."""
    if min3 > 1:
        c3 = {k: c for k, c in c3.items() if c >= min3}
    # continuation counts for lower orders
    n1p_bi = Counter()          # N1+(. w) for unigram continuation
    for (u, w) in c2:
        n1p_bi[w] += 1
    cont2 = Counter()           # N1+(. v w) for bigram continuation
    for (t, u, w) in c3:
        cont2[(u, w)] += 1
    total_bi_types = len(c2)
    V = nsyl
    tot1 = sum(c1.values())
    p1 = [0.0] * V
    for w in range(V):
        if w == BOS:
            p1[w] = 1e-9
            continue
        p1[w] = ((c1.get(w, 0) + 0.5) / (tot1 + 0.5 * V)) if RAW_LOWER else \
            (n1p_bi.get(w, 0) + 0.5) / (total_bi_types + 0.5 * V)
    # bigram: counts for order 2 as a middle order use continuation counts where available
    ctx2 = defaultdict(lambda: [0.0, 0])   # v -> [sum counts, distinct followers]
    c2use = {}
    for (v, w), c in c2.items():
        cc = c if RAW_LOWER else (cont2.get((v, w), 0) or c)  # KN continuation count
        c2use[(v, w)] = cc
        e = ctx2[v]
        e[0] += cc
        e[1] += disc(cc)
    p2, b1 = {}, [0.0] * V
    for (v, w), c in c2use.items():
        tot, dm = ctx2[v]
        p2[(v, w)] = max(c - disc(c), 0) / tot + dm / tot * p1[w]
    for v, (tot, dm) in ctx2.items():
        # backoff mass so that unseen w gets B(v) * p1(w); normalise over unseen followers
        b1[v] = dm / tot
    ctx3 = defaultdict(lambda: [0.0, 0])
    for (t, u, w), c in c3.items():
        e = ctx3[(t, u)]
        e[0] += c
        e[1] += disc(c)

    def pbi(v, w):
        p = p2.get((v, w))
        return p if p is not None else b1[v] * p1[w] if v < V else p1[w]

    p3, b2 = {}, {}
    for (t, u, w), c in c3.items():
        tot, dm = ctx3[(t, u)]
        p3[(t, u, w)] = max(c - disc(c), 0) / tot + dm / tot * pbi(u, w)
    for k, (tot, dm) in ctx3.items():
        b2[k] = dm / tot
    return p1, b1, p2, b2, p3


def mix_lm(lmA, lmB, lam):
    """Linear interpolation lam*A + (1-lam)*B of two backoff LMs, back in backoff form
    (as SRILM's -mix-lm): stored n-grams are the union, backoff weights renormalised."""
    p1a, b1a, p2a, b2a, p3a = lmA
    p1b, b1b, p2b, b2b, p3b = lmB
    V = len(p1a)

    def bw(b, v):
        return b[v] if b[v] > 0 else 1.0

    def P2(p1, b1, p2, v, w):
        p = p2.get((v, w))
        return p if p is not None else bw(b1, v) * p1[w]

    def P3(p1, b1, p2, b2, p3, t, u, w):
        p = p3.get((t, u, w))
        return p if p is not None else b2.get((t, u), 1.0) * P2(p1, b1, p2, u, w)

    p1 = [lam * p1a[w] + (1 - lam) * p1b[w] for w in range(V)]
    p2 = {}
    for k in set(p2a) | set(p2b):
        p2[k] = lam * P2(p1a, b1a, p2a, *k) + (1 - lam) * P2(p1b, b1b, p2b, *k)
    num, den = defaultdict(float), defaultdict(float)
    for (v, w), p in p2.items():
        num[v] += p
        den[v] += p1[w]
    b1 = [0.0] * V
    for v in num:
        b1[v] = max(1.0 - num[v], 1e-9) / max(1.0 - den[v], 1e-9)
    p3 = {}
    for k in set(p3a) | set(p3b):
        p3[k] = lam * P3(p1a, b1a, p2a, b2a, p3a, *k) + (1 - lam) * P3(p1b, b1b, p2b, b2b, p3b, *k)
    num, den = defaultdict(float), defaultdict(float)
    for (t, u, w), p in p3.items():
        num[(t, u)] += p
        q2 = p2.get((u, w))
        den[(t, u)] += q2 if q2 is not None else bw(b1, u) * p1[w]
    b2 = {k: max(1.0 - num[k], 1e-9) / max(1.0 - den[k], 1e-9) for k in num}
    return p1, b1, p2, b2, p3


# ------------------------------------------------------------------ OCR channel

# (clean letter, OCR output, pseudo-count): Đ read as P or B, ơ/ở as & or ¢, ư as w,
# ủ/ù as ii, ố as 6; lower-cased like everything in the channel.
PRIOR_CONFUSIONS = [
    ("đ", "p", 6), ("đ", "b", 6), ("ơ", "&", 4), ("ở", "&", 6), ("ơ", "¢", 4), ("ở", "¢", 6),
    ("ư", "w", 6), ("ừ", "w", 3), ("ự", "w", 3), ("ủ", "ii", 6), ("ù", "ii", 3), ("ố", "6", 6), ("ộ", "6", 3),
    ("ề", "é", 3), ("ệ", "é", 3), ("ớ", "é", 3),
    # round letters under a mark on noisy scans: c->e ("thwe", "viée"), ă/á->i ("ting",
    # "tic"), ờ/ơ/â/ố->d ("cwdng", "sdu", "phd")
    ("c", "e", 4), ("ă", "i", 3), ("á", "i", 3), ("ằ", "i", 2), ("ắ", "i", 2),
    ("ờ", "d", 3), ("ớ", "d", 2), ("â", "d", 2), ("ố", "d", 2),
    # á under a blurred acute read as z or s ("bzo", "giso")
    ("á", "z", 4), ("á", "s", 3),
    # the hook of ủ lost: one i for the u ("Tỉnh iy" for ủy; "ii" is listed above)
    ("ủ", "i", 3),
]

EDGE = set(".,;:()[]\"'!?“”‘’…")


def core(w):
    i, j = 0, len(w)
    while i < j and w[i] in EDGE:
        i += 1
    while j > i and w[j - 1] in EDGE:
        j -= 1
    return w[i:j]


def lev(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def align_words(cw, ow):
    """Monotone alignment of two word lists; returns [(clean, ocr)] pairs of 1:1 matches."""
    n, m = len(cw), len(ow)
    fc = [fold(w).lower() for w in cw]
    fo = [w.lower() for w in ow]
    INF = 1e9
    D = [[INF] * (m + 1) for _ in range(n + 1)]
    B = [[None] * (m + 1) for _ in range(n + 1)]
    D[0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            d = D[i][j]
            if d >= INF:
                continue
            if i < n and d + 1 < D[i + 1][j]:
                D[i + 1][j], B[i + 1][j] = d + 1, (i, j)
            if j < m and d + 1 < D[i][j + 1]:
                D[i][j + 1], B[i][j + 1] = d + 1, (i, j)
            if i < n and j < m:
                c = lev(fc[i], fo[j]) / max(len(fc[i]), len(fo[j]), 1) * 1.8
                if d + c < D[i + 1][j + 1]:
                    D[i + 1][j + 1], B[i + 1][j + 1] = d + c, (i, j)
    out, i, j = [], n, m
    while (i, j) != (0, 0):
        pi, pj = B[i][j]
        if pi == i - 1 and pj == j - 1:
            out.append((cw[pi], ow[pj]))
        i, j = pi, pj
    out.reverse()
    return out


def align_chars(c, o, cost):
    """Each clean char emits 0..2 OCR chars; extra OCR chars are insertions ('' -> x).
    Returns the list of (clean_char_or_'', ocr_string)."""
    n, m = len(c), len(o)
    INF = 1e18
    D = [[INF] * (m + 1) for _ in range(n + 1)]
    B = [[None] * (m + 1) for _ in range(n + 1)]
    D[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            d = D[i][j]
            if d >= INF:
                continue
            if j < m:  # insertion of o[j]
                v = d + cost("", o[j])
                if v < D[i][j + 1]:
                    D[i][j + 1], B[i][j + 1] = v, (i, j, "", o[j])
            if i < n:
                for k in (0, 1, 2):
                    if j + k > m:
                        break
                    v = d + cost(c[i], o[j:j + k])
                    if v < D[i + 1][j + k]:
                        D[i + 1][j + k], B[i + 1][j + k] = v, (i, j, c[i], o[j:j + k])
    out, i, j = [], n, m
    while (i, j) != (0, 0):
        pi, pj, a, b = B[i][j]
        out.append((a, b))
        i, j = pi, pj
    out.reverse()
    return out


def learn_channel(pair_lines, iters=3):
    words = []
    for ln in pair_lines:
        if "\t" not in ln:
            continue
        clean, ocr = ln.split("\t", 1)
        for cw, ow in align_words(clean.split(), ocr.split()):
            a, b = core(cw).lower(), core(ow).lower()
            if not a or not b or len(a) > 12 or len(b) > 14:
                continue
            if lev(fold(a), b) > max(2, len(a) // 2 + 1):
                continue
            words.append((a, b))
    counts = None

    def cost0(a, b):
        if a == "":
            return 1.2
        if len(b) == 1 and fold(a) == b:
            return 0.0
        if len(b) == 1:
            return 1.0
        if b == "":
            return 1.5
        return 2.0

    cost = cost0
    for it in range(iters):
        counts = defaultdict(Counter)
        for a, b in words:
            for x, y in align_chars(a, b, cost):
                counts[x][y] += 1
        tot = {x: sum(c.values()) for x, c in counts.items()}

        def cost(a, b, counts=counts, tot=tot):
            c = counts.get(a)
            n = c.get(b, 0) if c else 0
            t = tot.get(a, 0)
            if n:
                return -math.log((n) / (t + 1))
            base = cost0(a, b) * 4 + 4
            return base
    return counts, len(words)


# ------------------------------------------------------------------ writer

def pack_strings(strs):
    pool = bytearray()
    offs = []
    for s in strs:
        offs.append(len(pool))
        pool += s.encode("utf-8") + b"\0"
    return bytes(pool), offs


def str_hash_table(strs):
    size = table_size(len(strs))
    tab = [0] * size
    for i, s in enumerate(strs):
        h = fnv1a32(s.encode("utf-8")) & (size - 1)
        while tab[h]:
            h = (h + 1) & (size - 1)
        tab[h] = i + 1
    return tab


def key_table(keys):
    size = table_size(len(keys))
    tab = [0] * size
    slot = {}
    for k in keys:
        h = mix64(k) & (size - 1)
        while tab[h]:
            h = (h + 1) & (size - 1)
        tab[h] = k
        slot[k] = h
    return tab, slot


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--syllables", action="append", default=[], help="syllable inventory (one per line)")
    ap.add_argument("--text", action="append", default=[], help="general Vietnamese text")
    ap.add_argument("--domain", action="append", default=[], help="administrative text (weighted)")
    ap.add_argument("--domain-weight", type=float, default=1.0)
    ap.add_argument("--text-order", type=int, default=0,
                    help="n-gram order taken from the general text (0: none, it only extends the "
                         "inventory: software help text made administrative restoration worse)")
    ap.add_argument("--mix", type=float, default=0.97,
                    help="interpolate the administrative LM with a general-text LM (weight of the former)")
    ap.add_argument("--text-weight", type=float, default=1.0, help="weight of the general text counts")
    ap.add_argument("--discount", type=float, default=0.8, help="absolute discount of the LM")
    ap.add_argument("--discounts", default="0.7,1.3,1.8",
                    help="D1,D2,D3+: discounts of n-grams seen once, twice, 3+ times (\"\": --discount for all)")
    ap.add_argument("--pairs", action="append", default=[], help="clean<TAB>ocr line pairs")
    ap.add_argument("--min-count", type=int, default=2, help="min corpus count for a syllable not in the inventory")
    ap.add_argument("--min3", type=int, default=1, help="drop trigrams seen fewer times")
    ap.add_argument("--exclude", action="append", default=[], help="held-out texts: their lines never train")
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()
    globals()["D_KN"] = a.discount
    if a.discounts:
        globals()["DISCOUNTS"] = tuple(float(x) for x in a.discounts.split(","))
    t0 = time.time()

    excl = set()
    for p in a.exclude:
        excl.update(read_lines(p))
    gen = [ln for p in a.text for ln in read_lines(p) if ln not in excl]
    dom = [ln for p in a.domain for ln in read_lines(p) if ln not in excl]

    inv = set()
    for p in a.syllables:
        for ln in read_lines(p):
            s = ln.split("/")[0].strip().lower()
            if s and syllable_ok(s):
                inv.add(s)
    cnt = Counter()
    for ln in gen:
        for t in tokens(ln):
            if not t.startswith("<"):
                cnt[t] += 1
    for ln in dom:
        for t in tokens(ln):
            if not t.startswith("<"):
                cnt[t] += a.min_count  # a domain word joins the inventory at once
    for t, c in cnt.items():
        if c >= a.min_count and syllable_ok(t):
            inv.add(t)
    syl = sorted(inv, key=lambda s: (-cnt.get(s, 0), s))[:65535 - NSPECIAL]
    words = ["<unk>", "<s>", "</s>", "<num>", "<punct>"] + syl
    vocab = {w: i for i, w in enumerate(words)}
    V = len(words)

    c1, c2, c3 = Counter(), Counter(), Counter()
    if a.text_order > 0:
        count_ngrams(gen, vocab, a.text_weight, c1, c2, c3, a.text_order)
    count_ngrams(dom, vocab, a.domain_weight, c1, c2, c3)
    p1, b1, p2, b2, p3 = lm = build_lm(V, c1, c2, c3, a.min3)
    if a.mix < 1.0 and gen:
        g1, g2, g3 = Counter(), Counter(), Counter()
        count_ngrams(gen, vocab, 1, g1, g2, g3)
        p1, b1, p2, b2, p3 = mix_lm(lm, build_lm(V, g1, g2, g3, max(a.min3, 2)), a.mix)

    # fold index: folded form -> syllable ids (most frequent first)
    fmap = defaultdict(list)
    for i in range(NSPECIAL, V):
        fmap[fold(words[i])].append(i)
    fkeys = sorted(fmap)
    fids = []
    fent = []
    for k in fkeys:
        ids = sorted(fmap[k], key=lambda i: -p1[i])
        fent.append((len(fids), len(ids)))
        fids.extend(ids)

    # channel
    pairs = [ln for p in a.pairs for ln in read_lines(p)]
    counts, nwords = learn_channel(pairs) if pairs else ({}, 0)
    # Prior pseudo-counts for English-model confusions that real scans show (issue 3 lists
    # them) but clean renders rarely produce: they only add rows, learned counts dominate.
    for x, y, n in PRIOR_CONFUSIONS:
        if x not in counts:
            counts[x] = Counter()
        counts[x][y] += n
    chan = []  # (clean cp or 0, ocr string, cost*1000)
    for x in sorted(counts):
        c = counts[x]
        t = sum(c.values())
        for y in sorted(c):
            n = c[y]
            if n < 2 and y != fold(x):
                continue
            chan.append((ord(x) if x else 0, y, q(-math.log10(n / (t + 1)))))
    # reverse rules at folded level: P(ocr | folded clean char)
    fcount = defaultdict(Counter)
    for x, c in counts.items():
        fx = fold(x) if x else ""
        for y, n in c.items():
            fcount[fx][y] += n
    rev = []
    prior = {(fold(x), y) for x, y, _ in PRIOR_CONFUSIONS}
    for fx in sorted(fcount):
        c = fcount[fx]
        t = sum(c.values())
        for y in sorted(c):
            n = c[y]
            if y == fx or n < 3 or (n / t < 0.001 and (fx, y) not in prior):
                continue
            rev.append((ord(fx) if fx else 0, y, q(-math.log10(n / (t + 1)))))

    # case model: log10 P(Title | w, inside a sentence), log10 P(lower | w, inside)
    ct, cl = case_counts(dom, vocab)
    case_rows = []
    for i in range(V):
        t_, l_ = ct.get(i, 0), cl.get(i, 0)
        case_rows.append((q(math.log10((t_ + 0.3) / (t_ + l_ + 0.6))), q(math.log10((l_ + 0.3) / (t_ + l_ + 0.6)))))

    # ---- sections
    sec = {}
    sec[15] = b"".join(struct.pack("<hh", *r) for r in case_rows)
    pool, offs = pack_strings(words)
    sec[1] = pool
    sec[2] = struct.pack(f"<{V}I", *offs)
    sec[3] = struct.pack(f"<{table_size(V)}I", *str_hash_table(words))
    sec[4] = b"".join(struct.pack("<hh", q(math.log10(p1[i])), q(math.log10(b1[i])) if b1[i] > 0 else 0)
                      for i in range(V))
    fpool, foffs = pack_strings(fkeys)
    sec[5] = fpool
    sec[6] = b"".join(struct.pack("<III", foffs[i], fent[i][0], fent[i][1]) for i in range(len(fkeys)))
    sec[7] = struct.pack(f"<{table_size(len(fkeys))}I", *str_hash_table(fkeys))
    sec[8] = struct.pack(f"<{len(fids)}I", *fids)
    bkeys = {((v + 1) << 16) | w: (q(math.log10(p)), q(math.log10(b2[(v, w)])) if (v, w) in b2 else 0)
             for (v, w), p in p2.items()}
    # contexts seen only as trigram prefixes also need a bow slot
    for (v, w), b in b2.items():
        k = ((v + 1) << 16) | w
        if k not in bkeys:
            bkeys[k] = (q(math.log10(max(b1[v] * p1[w], 1e-30))), q(math.log10(b)))
    btab, _ = key_table(list(bkeys))
    sec[9] = struct.pack(f"<{len(btab)}I", *btab)
    sec[10] = b"".join(struct.pack("<hh", *bkeys[k]) if k else b"\0\0\0\0" for k in btab)
    tkeys = {((t + 1) << 32) | (u << 16) | w: q(math.log10(p)) for (t, u, w), p in p3.items()}
    ttab, _ = key_table(list(tkeys))
    sec[11] = struct.pack(f"<{len(ttab)}Q", *ttab)
    sec[12] = struct.pack(f"<{len(ttab)}h", *[tkeys[k] if k else 0 for k in ttab])
    def chan_bytes(rows):
        out = bytearray()
        for cp, y, c in rows:
            yb = y.encode("utf-8")[:11]
            out += struct.pack("<ih", cp, c) + bytes([len(yb), 0]) + yb.ljust(12, b"\0")
        return bytes(out)
    sec[13] = chan_bytes(chan)
    sec[14] = chan_bytes(rev)

    ids = sorted(sec)
    hdr_size = 64 + 24 * len(ids)
    hdr_size = (hdr_size + 7) & ~7
    payload = bytearray()
    dirents = []
    for i in ids:
        off = hdr_size + len(payload)
        dirents.append(struct.pack("<IIQQ", i, 0, off, len(sec[i])))
        payload += sec[i]
        payload += b"\0" * ((8 - len(payload) % 8) % 8)
    total = hdr_size + len(payload)
    counts_hdr = struct.pack("<IIIII", V, len(fkeys), len(btab), len(ttab), NSPECIAL)
    ck = checksum(bytes(payload))
    hdr = MAGIC + struct.pack("<IIQQI", VERSION, hdr_size, total, ck, len(ids)) + counts_hdr
    hdr = hdr.ljust(64, b"\0") + b"".join(dirents)
    hdr = hdr.ljust(hdr_size, b"\0")
    with open(a.out, "wb") as f:
        f.write(hdr)
        f.write(payload)
    print(f"khparse-train: {V} syllables, {len(fkeys)} folded forms, {len(p2)} bigrams, {len(p3)} trigrams, "
          f"{len(chan)} channel rows from {nwords} aligned words, {len(rev)} reverse rules; "
          f"{total / 1e6:.1f} MB in {time.time() - t0:.1f} s -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

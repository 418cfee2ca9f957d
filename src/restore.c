/* restore.c — repair of accent-stripped or OCR-mangled lines (see docs/RESTORE.md).
 *
 * 1. Detection: per document (and per line in otherwise clean documents) decide
 *    clean / stripped / mangled from the share of tokens that are valid marked
 *    syllables, valid only once folded, or invalid (model vocabulary).
 * 2. Candidates per token: stripped -> every syllable with the same ASCII skeleton
 *    (fold index); mangled -> skeletons reachable through the learned reverse OCR
 *    rules (e.g. "w" <- u, "6" <- o, "ii" <- u), each syllable scored with the
 *    learned channel P(ocr | clean) by an alignment DP, plus the token kept as is.
 * 3. Decoder: beam search (Viterbi with state recombination on the last two
 *    syllables) over the line, trigram Kneser-Ney LM + channel.
 * Lines keep their count and order; a symbol broken across lines ("765/Qb-" +
 * "BTTTT") is joined on the first line. Clean text is never touched.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"
#include "restore_model.h"

/* ---------------------------------------------------------------- tuning */

#define BEAM 10            /* hypotheses kept per token */
#define MAXCAND 16         /* candidates per token */
static const int OCR_KEEP_COST = 3000;     /* channel cost of keeping an unknown OCR token as is (log10*1000) */
static const int OCR_KEEP_MARKED = 6000;   /* ... when it carries marks yet is no syllable ("hién") */
static const double OCR_CHAN_W = 1.35;     /* weight of the channel against the LM (tuned: 1.25-1.5 best) */
static const double CASE_W = 0.5;          /* weight of log P(casing | syllable) inside sentences */
/* Keeping a lower-case OCR word as written: the LM's <unk> is mostly abbreviations and
 * names, only ~1 in 5 unknown words of the training text is lower case (log10 0.2) */
static const int OCR_KEEP_LOWER = 700;
/* bonus for keeping a valid syllable in text of our own OCR (same_base); 500-3000 give
 * the same results on the three full-document scans, 1000 = one order of magnitude */
static const int OCR_OWN_KEEP = 1000;
#define MAX_TOKEN_CPS 12
#define LOWCONF 0.55       /* changed tokens below this local posterior are reported */
#define MAX_LOWCONF_DIAGS 50

typedef enum { MODE_CLEAN = 0, MODE_STRIP, MODE_OCR } line_mode;

/* ---------------------------------------------------------------- characters */

static int32_t fold_tab[0x1F00];
/* utf8proc's category of U+0080..U+1EFF as two bits (1 letter, 2 upper case), filled
 * with fold_tab: is_letter / is_upper run for every letter of every token */
static uint8_t cls_tab[0x1F00];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static bool is_letter_cat(utf8proc_category_t k)
{
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT ||
           k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_LM;
}

static void fold_init(void)
{
    for (int32_t c = 0x80; c < 0x1F00; c++) {
        utf8proc_category_t k = utf8proc_category(c);
        cls_tab[c] = (uint8_t)((is_letter_cat(k) ? 1 : 0) | (k == UTF8PROC_CATEGORY_LU ? 2 : 0));
    }
    for (int32_t c = 0; c < 0x1F00; c++) {
        int32_t f = c;
        if (c >= 0x80) {
            utf8proc_int32_t buf[4];
            int last = 0;
            utf8proc_ssize_t n = utf8proc_decompose_char(c, buf, 4, UTF8PROC_DECOMPOSE, &last);
            if (n >= 1 && buf[0] < 0x80)
                f = buf[0];
        }
        fold_tab[c] = f;
    }
    fold_tab[0x111] = 'd';
    fold_tab[0x110] = 'D';
}

static inline int32_t fold_cp(int32_t c)
{
    return c >= 0 && c < 0x1F00 ? fold_tab[c] : c;
}

/* Both after fold_init (kh_restore_text runs it first). */
static inline bool is_letter(int32_t c)
{
    if (c < 0x80)
        return (c | 32) >= 'a' && (c | 32) <= 'z';
    if (c < 0x1F00)
        return cls_tab[c] & 1;
    return is_letter_cat(utf8proc_category(c));
}

static inline bool is_upper(int32_t c)
{
    if (c >= 0 && c < 0x80) /* ASCII without a utf8proc lookup (same answer) */
        return c >= 'A' && c <= 'Z';
    if (c >= 0x80 && c < 0x1F00)
        return cls_tab[c] & 2;
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

/* utf8proc_tolower, ASCII without the lookup. */
static inline int32_t lower_cp(int32_t c)
{
    if (c >= 0 && c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    return utf8proc_tolower(c);
}

/* Characters stripped from both ends of a chunk (same set as the trainer). Called for
 * both ends of every chunk: ASCII by a table, the rest against the 9 non-ASCII ones. */
static bool is_edge_punct(int32_t c)
{
    static const bool ascii[128] = {['.'] = true, [','] = true, [';'] = true, [':'] = true, ['!'] = true,
                                    ['?'] = true, ['('] = true, [')'] = true, ['['] = true, [']'] = true,
                                    ['{'] = true, ['}'] = true, ['"'] = true, ['\''] = true, ['*'] = true,
                                    ['-'] = true, ['/'] = true, ['\\'] = true, ['|'] = true, ['<'] = true,
                                    ['>'] = true, ['='] = true, ['+'] = true, ['%'] = true, ['#'] = true};
    static const int32_t other[] = {0x201C, 0x201D, 0x2018, 0x2019, 0x2026, 0xAB, 0xBB, 0x2013, 0x2014};
    if (c >= 0 && c < 0x80)
        return ascii[c];
    if (c > 0xBB && c < 0x2013) /* every Vietnamese letter: none of the others */
        return false;
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        if (other[i] == c)
            return true;
    return false;
}

/* Characters Tesseract's English model puts inside Vietnamese words. */
static bool is_ocr_junk(int32_t c)
{
    return (c >= '0' && c <= '9') || c == '&' || c == 0xA2 || c == '@' || c == 0x20AC || c == '$' ||
           c == 0xA9 || c == 0xAE || c == 0xA3;
}

/* Decode s[0..n) into cps (max cap); returns count, or -1 when too long. */
static int to_cps(const char *s, size_t n, int32_t *cps, int cap)
{
    int k = 0;
    for (size_t i = 0; i < n;) {
        int l;
        int32_t c = kh_utf8_decode(s + i, n - i, &l);
        if (k == cap)
            return -1;
        cps[k++] = c;
        i += (size_t)l;
    }
    return k;
}

static size_t cps_to_utf8(const int32_t *cps, int n, char *out)
{
    size_t o = 0;
    for (int i = 0; i < n; i++)
        o += (size_t)kh_utf8_encode(cps[i], out + o);
    out[o] = 0;
    return o;
}

/* ---------------------------------------------------------------- model loading */

/* Detection memo: the statistics a chunk (bytes between spaces) adds, by its bytes. The
 * counts of a chunk depend only on its bytes and on whether it starts the line (a Roman
 * label is split off there), and documents repeat their words: a repeated chunk costs a
 * hash and a compare instead of a tokenization with two model look-ups. It belongs to
 * the parser (next to its model), so the documents of one parser share their common
 * words; a parser is used by one thread at a time, so it needs no lock. */
#define DMEMO_SLOTS 8192
#define DMEMO_KEY 23
typedef struct {
    uint64_t k8;  /* the key's first 8 bytes (zero-padded), as loaded by chunk_scan */
    uint8_t d[7]; /* words, marked, marked_bad, ascii_fold, ascii_suspicious, ascii_bad, junk */
    char rest[DMEMO_KEY - 8 + 1]; /* the key's bytes after the first 8 */
} dmemo_ent;

typedef struct {
    dmemo_ent *v; /* NULL = no memo (not used yet, or out of memory); v[h] is read only when klen[h] > 0 */
    uint8_t *klen; /* key lengths (| 0x80: a line's first chunk), 0 = empty: the only part
                    * cleared when the memo is full */
    size_t used, slots; /* slots: a power of two */
} dmemo;

/* What the parser's restore_model slot holds: the model and the detection memo. */
typedef struct {
    kh_rmodel *m;
    dmemo dm;
} model_slot;

static const char *model_path(kh_ctx *ctx, char *buf, size_t cap)
{
    if (ctx->cfg->model_path && *ctx->cfg->model_path)
        return ctx->cfg->model_path;
    const char *env = getenv("KH_MODEL");
    if (env && *env)
        return env;
#ifdef KH_BUILD_MODEL_DIR
    snprintf(buf, cap, "%s/%s", KH_BUILD_MODEL_DIR, KH_RM_FILE);
    FILE *f = fopen(buf, "rb");
    if (f) {
        fclose(f);
        return buf;
    }
#endif
#ifdef KH_MODEL_DIR
    snprintf(buf, cap, "%s/%s", KH_MODEL_DIR, KH_RM_FILE);
#else
    snprintf(buf, cap, "%s", KH_RM_FILE);
#endif
    return buf;
}

static model_slot *get_model(kh_ctx *ctx, char *err, size_t errlen)
{
    if (*ctx->restore_model)
        return *ctx->restore_model;
    char buf[4096];
    const char *path = model_path(ctx, buf, sizeof buf);
    kh_rmodel *m = NULL;
    if (kh_rm_open(path, &m, err, errlen) != 0)
        return NULL;
    model_slot *ms = kh_malloc(sizeof *ms);
    if (!ms) {
        kh_rm_close(m);
        snprintf(err, errlen, "out of memory loading the restoration model");
        return NULL;
    }
    memset(ms, 0, sizeof *ms);
    ms->m = m;
    *ctx->restore_model = ms;
    return ms;
}

void kh_restore_model_free(void *slot)
{
    model_slot *ms = slot;
    if (!ms)
        return;
    kh_rm_close(ms->m);
    kh_dealloc(ms->dm.v);
    kh_dealloc(ms);
}

/* ---------------------------------------------------------------- tokens */

enum { TK_FIXED = 0, TK_VAR };
enum { CASE_LOWER = 0, CASE_TITLE, CASE_UPPER };

typedef struct {
    uint32_t id;   /* syllable id, KH_RM_UNK = keep the token as written */
    int cost;      /* channel cost, log10 * 1000 (>= 0) */
    int extra;     /* case-model cost, not weighted by the channel weight */
} cand;

typedef struct {
    size_t b, e;   /* core bytes in the line */
    int kind;
    uint32_t lmid; /* for fixed tokens */
    int casing;
    int ncand;
    cand c[MAXCAND];
    int choice;    /* index into c after decoding */
    const char *fixed_text; /* replacement decided without the decoder */
    double conf;
} token;

typedef struct {
    token *v;
    size_t n, cap;
} token_vec;

/* Candidates of OCR words already seen in this run (documents repeat their words). */
#define CACHE_SLOTS 16384
#define CACHE_KEY 40
typedef struct {
    uint8_t klen, n; /* klen 0 = empty */
    char key[CACHE_KEY];
    cand c[MAXCAND];
} cache_ent;

/* Decoder scratch (kh_malloc'd, reused across lines). */
typedef struct {
    cache_ent *cache;
    size_t cache_used;
    token_vec toks;
    struct hyp {
        uint32_t t, u;  /* last two LM ids */
        int score;
        int back;       /* index of the previous hyp in the history, -1 at start */
        int cand;
    } *hist;
    size_t nhist, caphist;
    struct gen_state *gstack;
    /* hard-wrapped text: a line that continues the previous one ("Hội Nhà" / "báo tỉnh")
     * starts from that line's last two LM ids, and a line the next one continues gets no
     * end-of-sentence term */
    uint32_t ctx_t, ctx_u;
    bool ctx_ok, ctx_use, no_eos;
    size_t nla;                 /* look-ahead tokens at the end of toks (no posterior needed) */
    bool same_base;             /* text of our own (vie) OCR: only marks may change */
} scratch;

static bool grow(void **v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *p = kh_realloc(*v, nc * elem);
    if (!p)
        return false;
    *v = p;
    *cap = nc;
    return true;
}

static int casing_of(const int32_t *cps, int n)
{
    int letters = 0, upper = 0;
    bool first_upper = false, first_seen = false, last_upper = false;
    for (int i = 0; i < n; i++) {
        if (!is_letter(cps[i]))
            continue;
        letters++;
        bool up = is_upper(cps[i]);
        last_upper = up;
        if (up)
            upper++;
        if (!first_seen) {
            first_seen = true;
            first_upper = up;
        }
    }
    if (letters >= 2 && upper == letters)
        return CASE_UPPER;
    /* OCR lowers a marked capital ("PiCH" for "ĐÍCH"): mostly capitals is upper case */
    if (letters >= 3 && first_upper && last_upper && upper * 2 > letters)
        return CASE_UPPER;
    return first_upper ? CASE_TITLE : CASE_LOWER;
}

/* The word for candidate c of token t in the token's casing. */
static size_t cased_word(const kh_rmodel *m, const token *t, const cand *c, char *out, size_t cap)
{
    const char *w = kh_rm_word(m, c->id);
    size_t wl = strlen(w);
    int32_t cps[MAX_TOKEN_CPS * 2];
    int n = wl < cap / 4 ? to_cps(w, wl, cps, MAX_TOKEN_CPS * 2) : -1;
    if (n < 0) {
        memcpy(out, w, wl < cap ? wl : cap - 1);
        out[wl < cap ? wl : cap - 1] = 0;
        return strlen(out);
    }
    for (int i = 0; i < n; i++)
        if (t->casing == CASE_UPPER || (t->casing == CASE_TITLE && i == 0))
            cps[i] = utf8proc_toupper(cps[i]);
    return cps_to_utf8(cps, n, out);
}

/* ---------------------------------------------------------------- OCR channel */

/* The first channel row for clean code point c (rows are sorted by it). */
static size_t chan_first(const kh_rmodel *m, int32_t c)
{
    size_t lo = 0, hi = m->nchan;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->chan[mid].clean < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int chan_cost(const kh_rmodel *m, int32_t clean, const int32_t *o, int olen)
{
    for (size_t i = chan_first(m, clean); i < m->nchan && m->chan[i].clean == clean; i++) {
        const kh_rm_chan *r = &m->chan[i];
        if (r->olen != olen)
            continue;
        bool eq = true;
        for (int k = 0; k < olen; k++)
            if (r->o[k] != o[k])
                eq = false;
        if (eq)
            return r->cost;
    }
    if (clean == 0)
        return 2800;
    if (olen == 1 && fold_cp(clean) == fold_cp(o[0]))
        return fold_cp(clean) == clean ? 300 : 900;
    if (olen == 0)
        return 2800;
    return olen == 1 ? 3300 : 3800;
}

/* chan_cost() for one OCR token, memoised: every candidate syllable of a token is aligned
 * against the same OCR string, so the cost of (clean letter, position, 0-2 OCR characters)
 * is looked up once per token instead of once per candidate and DP cell (the binary
 * search + row scan was 40 % of OCR-mode time). Results are identical to chan_cost(). */
#define CHM_SLOTS 64   /* distinct clean letters memoised per token (then direct calls) */
#define CHM_HASH 128
typedef struct {
    const kh_rmodel *m;
    const int32_t *o;
    int mlen;
    int nslots;
    int ins[MAX_TOKEN_CPS];                     /* chan_cost(0, o + j, 1) */
    int32_t hkey[CHM_HASH];                     /* clean cp, 0 = empty */
    int8_t hslot[CHM_HASH];
    int cost[CHM_SLOTS][MAX_TOKEN_CPS + 1][3];  /* [slot][j][k] = chan_cost(c, o + j, k) */
} chan_memo;

static void chan_memo_init(chan_memo *cm, const kh_rmodel *m, const int32_t *o, int mlen)
{
    cm->m = m;
    cm->o = o;
    cm->mlen = mlen;
    cm->nslots = 0;
    memset(cm->hkey, 0, sizeof cm->hkey);
    for (int j = 0; j < mlen; j++)
        cm->ins[j] = chan_cost(m, 0, o + j, 1);
}

/* The cost row of clean letter c (c != 0), NULL when the memo is full. */
static const int (*chan_memo_row(chan_memo *cm, int32_t c))[3]
{
    uint32_t h = ((uint32_t)c * 2654435761u) >> 25; /* 7 bits */
    for (;; h = (h + 1) & (CHM_HASH - 1)) {
        if (cm->hkey[h] == c)
            return (const int(*)[3])cm->cost[cm->hslot[h]];
        if (cm->hkey[h] == 0)
            break;
    }
    if (cm->nslots == CHM_SLOTS)
        return NULL;
    int sl = cm->nslots++;
    /* = chan_cost(m, c, o + j, k) for every (j, k): the first matching row of c, else the
     * fallback; c's rows are visited once for the whole token */
    const kh_rmodel *m = cm->m;
    int mlen = cm->mlen;
    int(*row)[3] = cm->cost[sl];
    for (int j = 0; j <= mlen; j++)
        row[j][0] = row[j][1] = row[j][2] = INT_MIN;
    for (size_t i = chan_first(m, c); i < m->nchan && m->chan[i].clean == c; i++) {
        const kh_rm_chan *r = &m->chan[i];
        int k = r->olen;
        if (k > 2)
            continue;
        for (int j = 0; j + k <= mlen; j++) {
            if (row[j][k] != INT_MIN)
                continue;
            bool eq = true;
            for (int q = 0; q < k; q++)
                if (r->o[q] != cm->o[j + q])
                    eq = false;
            if (eq)
                row[j][k] = r->cost;
        }
    }
    int32_t fc = fold_cp(c);
    for (int j = 0; j <= mlen; j++) {
        if (row[j][0] == INT_MIN)
            row[j][0] = 2800;
        if (j + 1 <= mlen && row[j][1] == INT_MIN)
            row[j][1] = fc == fold_cp(cm->o[j]) ? (fc == c ? 300 : 900) : 3300;
        if (j + 2 <= mlen && row[j][2] == INT_MIN)
            row[j][2] = 3800;
    }
    cm->hkey[h] = c;
    cm->hslot[h] = (int8_t)sl;
    return (const int(*)[3])cm->cost[sl];
}

/* Alignment cost of OCR string o against clean syllable c (both lower-case cps). */
static int channel_score(chan_memo *cm, const int32_t *c, int n)
{
    const kh_rmodel *m = cm->m;
    const int32_t *o = cm->o;
    int mlen = cm->mlen;
    int D[MAX_TOKEN_CPS + 1][MAX_TOKEN_CPS + 1];
    const int INF = 1 << 29;
    for (int i = 0; i <= n; i++)
        for (int j = 0; j <= mlen; j++)
            D[i][j] = INF;
    D[0][0] = 0;
    for (int i = 0; i <= n; i++) {
        const int(*row)[3] = i < n ? chan_memo_row(cm, c[i]) : NULL;
        for (int j = 0; j <= mlen; j++) {
            int d = D[i][j];
            if (d >= INF)
                continue;
            if (j < mlen) {
                int v = d + cm->ins[j];
                if (v < D[i][j + 1])
                    D[i][j + 1] = v;
            }
            if (i < n)
                for (int k = 0; k <= 2 && j + k <= mlen; k++) {
                    int v = d + (row ? row[j][k] : chan_cost(m, c[i], o + j, k));
                    if (v < D[i + 1][j + k])
                        D[i + 1][j + k] = v;
                }
        }
    }
    return D[n][mlen];
}

/* Candidate skeletons of an OCR token through the reverse rules (depth-first). */
typedef struct {
    const kh_rmodel *m;
    const int32_t *o;
    int olen;
    char buf[MAX_TOKEN_CPS * 2 + 4];
    int blen;
    int expansions;
    int limit;       /* skeleton cost bound of this pass */
    bool omitted;
    uint32_t ids[64];
    int nids;
    /* per OCR position j: the reverse rules to try there, in model order (rules that
     * drop a letter, and rules whose OCR string matches at j), and whether a learned
     * one-character rule covers o[j]; computed once per token (gen_prepare) instead of
     * scanning every rule at every node of the search */
    bool fast;
    bool junk_matched[MAX_TOKEN_CPS];
    uint16_t rfirst[MAX_TOKEN_CPS + 1];
    uint16_t rules[MAX_TOKEN_CPS * 128];
    /* the same without the letter-dropping rules (used once a letter was dropped or
     * before the first letter, where those rules do nothing) */
    uint16_t mfirst[MAX_TOKEN_CPS + 1];
    uint16_t mrules[MAX_TOKEN_CPS * 128];
} gen_ctx;

static void gen_prepare(gen_ctx *g)
{
    const kh_rmodel *m = g->m;
    size_t nr = 0, nm = 0;
    g->fast = m->nrev < 65535;
    for (int j = 0; j < g->olen && g->fast; j++) {
        g->rfirst[j] = (uint16_t)nr;
        g->mfirst[j] = (uint16_t)nm;
        g->junk_matched[j] = false;
        for (size_t r = 0; r < m->nrev; r++) {
            const kh_rm_chan *rule = &m->rev[r];
            if (rule->olen == 1 && rule->o[0] == g->o[j])
                g->junk_matched[j] = true;
            bool use;
            if (rule->olen == 0) {
                use = rule->clean > 0 && rule->clean < 0x80;
            } else {
                use = j + rule->olen <= g->olen;
                for (int k = 0; use && k < rule->olen; k++)
                    if (rule->o[k] != g->o[j + k])
                        use = false;
                if (use && rule->clean != 0 && rule->clean >= 0x80)
                    use = false; /* neither junk nor an ASCII letter: no effect */
            }
            if (!use)
                continue;
            if (nr == sizeof g->rules / sizeof g->rules[0]) {
                g->fast = false;
                break;
            }
            g->rules[nr++] = (uint16_t)r;
            if (rule->olen > 0)
                g->mrules[nm++] = (uint16_t)r;
        }
    }
    g->rfirst[g->olen] = (uint16_t)nr;
    g->mfirst[g->olen] = (uint16_t)nm;
}

static void gen_add(gen_ctx *g)
{
    uint32_t cnt = 0;
    const uint32_t *ids = kh_rm_fold(g->m, g->buf, (size_t)g->blen, &cnt);
    for (uint32_t i = 0; i < cnt && g->nids < 64; i++) {
        bool dup = false;
        for (int k = 0; k < g->nids; k++)
            if (g->ids[k] == ids[i])
                dup = true;
        if (!dup)
            g->ids[g->nids++] = ids[i];
    }
}

static void gen_rec(gen_ctx *g, int j, int edits, int cost)
{
    /* with 64 ids found nothing more can be added: stop (same result, far fewer nodes) */
    if (++g->expansions > 4000 || cost > g->limit || g->nids >= 64)
        return;
    if (j == g->olen) {
        if (g->blen)
            gen_add(g);
        return;
    }
    if (g->blen >= (int)sizeof g->buf - 2)
        return;
    int32_t c = g->o[j];
    int32_t f = fold_cp(c);
    if (f >= 'a' && f <= 'z') { /* identity */
        g->buf[g->blen++] = (char)f;
        gen_rec(g, j + 1, edits, cost);
        g->blen--;
    }
    if (edits >= 3)
        return;
    bool matched = false;
    if (is_ocr_junk(c) || c == 0xA2) {
        /* a symbol inside a word stands for a letter the English model could not read;
         * learned rules say which, this fallback (any vowel or d, at a high cost) covers
         * symbols the training pairs never showed */
        if (g->fast)
            matched = g->junk_matched[j];
        else
            for (size_t r = 0; r < g->m->nrev && !matched; r++)
                if (g->m->rev[r].olen == 1 && g->m->rev[r].o[0] == c)
                    matched = true;
        if (!matched)
            for (const char *v = "aeiouyd"; *v; v++) {
                g->buf[g->blen++] = *v;
                gen_rec(g, j + 1, edits + 1, cost + 3500);
                g->blen--;
            }
    }
    const uint16_t *rl = NULL;
    size_t r_beg = 0, r_end = g->m->nrev;
    if (g->fast && (g->omitted || g->blen == 0)) {
        rl = g->mrules;
        r_beg = g->mfirst[j];
        r_end = g->mfirst[j + 1];
    } else if (g->fast) {
        rl = g->rules;
        r_beg = g->rfirst[j];
        r_end = g->rfirst[j + 1];
    }
    for (size_t ri = r_beg; ri < r_end; ri++) {
        const kh_rm_chan *rule = &g->m->rev[rl ? rl[ri] : ri];
        if (rule->olen == 0) { /* a clean letter the OCR dropped: at most one per word */
            if (!g->omitted && rule->clean > 0 && rule->clean < 0x80 && g->blen > 0) {
                g->omitted = true;
                g->buf[g->blen++] = (char)rule->clean;
                gen_rec(g, j, edits + 1, cost + rule->cost);
                g->blen--;
                g->omitted = false;
            }
            continue;
        }
        if (j + rule->olen > g->olen)
            continue;
        bool eq = true;
        for (int k = 0; k < rule->olen; k++)
            if (rule->o[k] != g->o[j + k])
                eq = false;
        if (!eq)
            continue;
        if (rule->clean == 0) { /* junk the OCR inserted */
            gen_rec(g, j + rule->olen, edits + 1, cost + rule->cost);
        } else if (rule->clean < 0x80) {
            g->buf[g->blen++] = (char)rule->clean;
            gen_rec(g, j + rule->olen, edits + 1, cost + rule->cost);
            g->blen--;
        }
    }
}

/* ---------------------------------------------------------------- candidates */

/* Fill t's candidates for the lower-case token lw (cps lc[0..n)). Returns candidates. */
static int strip_candidates(const kh_rmodel *m, token *t, const char *lw, size_t lwl)
{
    uint32_t cnt = 0;
    const uint32_t *ids = kh_rm_fold(m, lw, lwl, &cnt);
    int k = 0;
    for (uint32_t i = 0; i < cnt && k < MAXCAND; i++)
        t->c[k++] = (cand){ids[i], 0, 0};
    t->ncand = k;
    return k;
}

static int ocr_candidates_uncached(const kh_rmodel *m, token *t, const int32_t *lc, int n, const char *lw,
                                   size_t lwl);

static int ocr_candidates(const kh_rmodel *m, scratch *sc, token *t, const int32_t *lc, int n, const char *lw,
                          size_t lwl)
{
    if (lwl == 0 || lwl >= CACHE_KEY)
        return ocr_candidates_uncached(m, t, lc, n, lw, lwl);
    if (!sc->cache) {
        sc->cache = kh_malloc(CACHE_SLOTS * sizeof *sc->cache);
        if (!sc->cache)
            return ocr_candidates_uncached(m, t, lc, n, lw, lwl);
        for (size_t i = 0; i < CACHE_SLOTS; i++)
            sc->cache[i].klen = 0;
    }
    uint32_t h = kh_rm_hash_str(lw, lwl) & (CACHE_SLOTS - 1);
    for (int probe = 0; probe < 16; probe++, h = (h + 1) & (CACHE_SLOTS - 1)) {
        cache_ent *e = &sc->cache[h];
        if (e->klen == lwl && !memcmp(e->key, lw, lwl)) {
            memcpy(t->c, e->c, e->n * sizeof *t->c);
            t->ncand = e->n;
            return e->n;
        }
        if (e->klen == 0) {
            int k = ocr_candidates_uncached(m, t, lc, n, lw, lwl);
            if (sc->cache_used < CACHE_SLOTS / 2) {
                e->klen = (uint8_t)lwl;
                memcpy(e->key, lw, lwl);
                e->n = (uint8_t)k;
                memcpy(e->c, t->c, (size_t)k * sizeof *t->c);
                sc->cache_used++;
            }
            return k;
        }
    }
    return ocr_candidates_uncached(m, t, lc, n, lw, lwl);
}

static int ocr_candidates_uncached(const kh_rmodel *m, token *t, const int32_t *lc, int n, const char *lw,
                                   size_t lwl)
{
    gen_ctx g;
    memset(&g, 0, sizeof g);
    g.m = m;
    g.o = lc;
    g.olen = n;
    gen_prepare(&g);
    /* cheap skeletons first: the depth-first search stops at 64 syllables, and in rule
     * order "iy" filled them with l-readings (ly, lý, …) before reaching u (ủy) */
    static const int limits[] = {2000, 6000};
    for (int p = 0; p < (int)(sizeof limits / sizeof limits[0]) && g.nids < 64; p++) {
        g.limit = limits[p];
        g.expansions = 0;
        gen_rec(&g, 0, 0, 0);
    }
    chan_memo cm;
    chan_memo_init(&cm, m, lc, n);
    cand all[64];
    int rank[64];
    int na = 0;
    for (int i = 0; i < g.nids; i++) {
        const char *w = kh_rm_word(m, g.ids[i]);
        int32_t wc[MAX_TOKEN_CPS + 1];
        int wn = to_cps(w, strlen(w), wc, MAX_TOKEN_CPS);
        if (wn <= 0)
            continue;
        int cost = channel_score(&cm, wc, wn);
        all[na] = (cand){g.ids[i], cost, 0};
        rank[na++] = (int)(cost * OCR_CHAN_W) - kh_rm_unigram(m, g.ids[i]);
    }
    /* keep the best by channel + unigram prior (the LM decides among them) */
    int k = 0;
    for (int a = 0; a < na && k < MAXCAND - 1; a++) {
        int bi = a;
        for (int b = a + 1; b < na; b++)
            if (rank[b] < rank[bi])
                bi = b;
        cand tc = all[a];
        all[a] = all[bi];
        all[bi] = tc;
        int tr = rank[a];
        rank[a] = rank[bi];
        rank[bi] = tr;
        if (rank[a] <= rank[0] + 6000)
            t->c[k++] = all[a];
    }
    if (kh_rm_find(m, lw, lwl) < 0) {
        bool marked = false;
        for (int i = 0; i < n; i++)
            if (lc[i] >= 0x80 && is_letter(lc[i]))
                marked = true;
        t->c[k++] = (cand){KH_RM_UNK, marked ? OCR_KEEP_MARKED : OCR_KEEP_COST, 0};
    }
    t->ncand = k;
    return k;
}

/* A letter's base for same_base: lower case without marks, but đ stays đ. */
static int32_t base_letter(int32_t cp)
{
    return cp == 0x111 ? cp : kh_fold_cp(cp);
}

/* Text read by Tesseract's Vietnamese model: its slips are marks on the right letters
 * ("lầm" for lâm, "Đông" for Đồng), while the English-OCR channel also swaps letters
 * (đ/d, s/6 …), which here turned a correct "Đặng" into "Dạng". Keep only candidates
 * with the token's letters. */
static void keep_same_base(const kh_rmodel *m, token *t, const int32_t *lc, int n)
{
    int k = 0;
    for (int i = 0; i < t->ncand; i++) {
        bool same = t->c[i].id == KH_RM_UNK;
        if (!same) {
            const char *w = kh_rm_word(m, t->c[i].id);
            int32_t wc[MAX_TOKEN_CPS + 1];
            int wn = to_cps(w, strlen(w), wc, MAX_TOKEN_CPS);
            same = wn == n;
            for (int j = 0; same && j < n; j++)
                same = base_letter(wc[j]) == base_letter(lc[j]);
        }
        if (same)
            t->c[k++] = t->c[i];
    }
    t->ncand = k;
}

/* ---------------------------------------------------------------- tokenizer */

typedef struct {
    const kh_rmodel *m;
    scratch *sc;
    line_mode mode;
    bool decode;           /* false: only collect statistics */
    bool mid_line;         /* the text starts after the line's first chunk (detect_line) */
    bool mid;              /* a word precedes in the sentence (for the case model) */
    /* statistics */
    long words, marked, marked_bad, ascii_fold, ascii_suspicious, ascii_bad, junk;
} tk_ctx;

static bool push_token(scratch *sc, token t)
{
    if (!grow((void **)&sc->toks.v, &sc->toks.cap, sc->toks.n + 1, sizeof(token)))
        return false;
    sc->toks.v[sc->toks.n++] = t;
    return true;
}

static bool push_fixed(scratch *sc, size_t b, size_t e, uint32_t id)
{
    token t;
    memset(&t, 0, sizeof t);
    t.b = b;
    t.e = e;
    t.kind = TK_FIXED;
    t.lmid = id;
    return push_token(sc, t);
}

/* Classify / build the token for a core s[b..e). */
/* Administrative abbreviations with Đ, as written without the stroke, where the D form
 * means nothing else (not "HD" hướng dẫn / hội đồng, "ND" nhân dân / nghị định, "DT"). */
static const struct {
    const char *d, *dd;
} abbrev_fix[] = {
    {"HDND", "HĐND"},     {"TTDT", "TTĐT"},     {"GDDT", "GDĐT"},       {"SGDDT", "SGDĐT"},
    {"BGDDT", "BGDĐT"},   {"PGDDT", "PGDĐT"},   {"KHDT", "KHĐT"},       {"SKHDT", "SKHĐT"},
    {"BKHDT", "BKHĐT"},   {"LDTBXH", "LĐTBXH"}, {"SLDTBXH", "SLĐTBXH"}, {"BLDTBXH", "BLĐTBXH"},
    {"BCD", "BCĐ"},       {"BCDTW", "BCĐTW"},   {"HDQT", "HĐQT"},       {"HDTV", "HĐTV"},
    {"QLDT", "QLĐT"},     {"DBQH", "ĐBQH"},     {"DBSCL", "ĐBSCL"},     {"DVHC", "ĐVHC"},
};

static const char *abbrev_d(const char *s, size_t n)
{
    if (!memchr(s, 'D', n))
        return NULL;
    for (size_t i = 0; i < sizeof abbrev_fix / sizeof abbrev_fix[0]; i++)
        if (strlen(abbrev_fix[i].d) == n && !memcmp(abbrev_fix[i].d, s, n))
            return abbrev_fix[i].dd;
    return NULL;
}

/* Detection only (k->decode false): the statistics core_token counts for s[b..e), the same
 * numbers, without building the token (damage detection runs over every word of clean text;
 * building tokens there was ~25% of a clean parse). Only syllable-sized words count: all
 * letters and at most 7 code points, or letters with OCR junk and at most 8. */
static void core_stats(tk_ctx *k, const char *s, size_t b, size_t e)
{
    /* more than 8 code points: nothing is counted (a continuation byte starts none) */
    int ncp = 0;
    for (size_t i = b; i < e; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++ncp > 8)
            return;
    int32_t cps[8];
    int n = to_cps(s + b, e - b, cps, 8);
    if (n <= 0)
        return;
    bool letters = true, any_letter = false, junk_only = true, marked = false;
    int nl = 0;
    for (int i = 0; i < n; i++) {
        if (is_letter(cps[i])) {
            any_letter = true;
            nl++;
            if (cps[i] >= 0x80)
                marked = true;
        } else {
            letters = false;
            if (!is_ocr_junk(cps[i]))
                junk_only = false;
        }
    }
    if (!letters) {
        /* "s6", "S&", "1a", "t6": letters with OCR junk inside */
        if (any_letter && junk_only && nl <= 5)
            k->junk++;
        return;
    }
    if (n > 7)
        return;
    k->words++;
    char lw[MAX_TOKEN_CPS * 4 + 4];
    size_t lwl = 0;
    for (int i = 0; i < n; i++) {
        if (cps[i] < 0x80)
            lw[lwl++] = (char)(cps[i] >= 'A' && cps[i] <= 'Z' ? cps[i] + ('a' - 'A') : cps[i]);
        else
            lwl += (size_t)kh_utf8_encode(lower_cp(cps[i]), lw + lwl);
    }
    lw[lwl] = 0;
    const kh_rmodel *m = k->m;
    if (marked) {
        k->marked++;
        if (kh_rm_find(m, lw, lwl) < 0)
            k->marked_bad++;
        return;
    }
    uint32_t cnt = 0;
    const uint32_t *ids = kh_rm_fold(m, lw, lwl, &cnt);
    if (!cnt) {
        if (casing_of(cps, n) != CASE_UPPER)
            k->ascii_bad++;
        return;
    }
    k->ascii_fold++;
    int32_t id = kh_rm_find(m, lw, lwl);
    int self = id >= 0 ? kh_rm_unigram(m, (uint32_t)id) : -99999;
    for (uint32_t i = 0; i < cnt; i++)
        if (ids[i] != (uint32_t)id && kh_rm_unigram(m, ids[i]) > self + 700) {
            k->ascii_suspicious++;
            break;
        }
}

static bool core_token(tk_ctx *k, const char *s, size_t b, size_t e, int32_t prev_c, int32_t next_c)
{
    if (!k->decode) {
        core_stats(k, s, b, e);
        return true;
    }
    int32_t cps[MAX_TOKEN_CPS + 1];
    int n = to_cps(s + b, e - b, cps, MAX_TOKEN_CPS);
    bool letters = true, any_letter = false, any_digit = false, junk_only = true, marked = false;
    if (n > 0)
        for (int i = 0; i < n; i++) {
            if (is_letter(cps[i])) {
                any_letter = true;
                if (cps[i] >= 0x80)
                    marked = true;
            } else {
                letters = false;
                if (cps[i] >= '0' && cps[i] <= '9')
                    any_digit = true;
                if (!is_ocr_junk(cps[i]))
                    junk_only = false;
            }
        }
    else {
        letters = false;
        junk_only = false;
        for (size_t i = b; i < e; i++)
            if (s[i] >= '0' && s[i] <= '9')
                any_digit = true;
    }
    /* lower case once: code points for the candidates, UTF-8 for the look-ups */
    char lw[MAX_TOKEN_CPS * 4 + 4];
    int32_t lcps[MAX_TOKEN_CPS + 1];
    for (int i = 0; i < n; i++)
        lcps[i] = lower_cp(cps[i]);
    size_t lwl = n > 0 ? cps_to_utf8(lcps, n, lw) : 0;
    const kh_rmodel *m = k->m;
    token t;
    memset(&t, 0, sizeof t);
    t.b = b;
    t.e = e;
    t.kind = TK_FIXED;
    /* an upper-case word of 3+ letters without a vowel ("UBND", "TTDT") is an abbreviation, never a
     * syllable to repair (OCR candidates would turn "TTDT" into "TỬ"); stripping and the
     * English OCR model write its Đ as D, put back where the abbreviation is unambiguous */
    bool abbrev = n >= 3 && letters; /* two letters may be a damaged word ("TS" for Tờ) */
    for (int i = 0; i < n && abbrev; i++)
        abbrev = cps[i] >= 'A' && cps[i] <= 'Z' && !strchr("AEIOUY", (int)cps[i]);
    if (abbrev && k->decode && k->mode != MODE_CLEAN) {
        const char *fix = abbrev_d(s + b, e - b);
        if (fix) {
            t.kind = TK_VAR;
            t.fixed_text = fix;
            t.lmid = KH_RM_UNK;
            t.ncand = 1;
            t.c[0] = (cand){KH_RM_UNK, 0, 0};
            return push_token(k->sc, t);
        }
    }
    if (letters && n > 0) {
        int32_t id = kh_rm_find(m, lw, lwl);
        t.lmid = id >= 0 ? (uint32_t)id : KH_RM_UNK;
        t.casing = casing_of(cps, n);
        /* (the damage statistics are core_stats's: detection does not come here) */
        if (abbrev && k->decode) {
            /* stays as written (fixed token) */
        } else if (k->decode && k->mode == MODE_STRIP && !marked) {
            bool label = n == 1 && (next_c == ')' || next_c == '.' || prev_c == '(');
            if (!label && strip_candidates(m, &t, lw, lwl) > 0) {
                t.kind = TK_VAR;
                if (t.ncand == 1 && t.c[0].id == t.lmid)
                    t.kind = TK_FIXED;
            }
        } else if (k->decode && k->mode == MODE_OCR) {
            bool label = n == 1 && (next_c == ')' || next_c == '.' || prev_c == '(');
            if (!label && ocr_candidates(m, k->sc, &t, lcps, n, lw, lwl) > 0) {
                if (k->sc->same_base)
                    keep_same_base(m, &t, lcps, n);
                t.kind = TK_VAR;
                if (t.ncand == 0 || (t.ncand == 1 && (t.c[0].id == KH_RM_UNK || t.c[0].id == t.lmid)))
                    t.kind = TK_FIXED;
                else if (t.casing == CASE_LOWER)
                    for (int i = 0; i < t.ncand; i++)
                        if (t.c[i].id == KH_RM_UNK)
                            t.c[i].extra = OCR_KEEP_LOWER;
            }
        }
        if (t.kind == TK_VAR && m->casep && k->mid && t.casing != CASE_UPPER)
            for (int i = 0; i < t.ncand; i++)
                if (t.c[i].id != KH_RM_UNK && t.c[i].id < m->nsyl)
                    t.c[i].extra = -(int)(CASE_W * m->casep[2 * t.c[i].id + (t.casing == CASE_TITLE ? 0 : 1)]);
        /* a valid syllable read by Tesseract's vie model is right far more often than not:
         * the case model alone must not swap it ("Trường Chính trị" -> "Trưởng") */
        if (t.kind == TK_VAR && k->sc->same_base)
            for (int i = 0; i < t.ncand; i++)
                if (t.c[i].id == t.lmid)
                    t.c[i].extra -= OCR_OWN_KEEP;
        return push_token(k->sc, t);
    }
    if (n > 0 && any_letter && junk_only && n <= 8) {
        /* "s6", "S&", "1a", "t6": letters with OCR junk inside */
        t.casing = casing_of(cps, n);
        t.lmid = any_digit ? KH_RM_NUM : KH_RM_UNK;
        if (k->decode && k->mode == MODE_OCR && ocr_candidates(m, k->sc, &t, lcps, n, lw, lwl) > 0) {
            t.kind = TK_VAR;
            /* keeping junk costs more than keeping a word */
            for (int i = 0; i < t.ncand; i++)
                if (t.c[i].id == KH_RM_UNK)
                    t.c[i].cost = OCR_KEEP_MARKED;
            if (t.ncand == 1 && t.c[0].id == KH_RM_UNK)
                t.kind = TK_FIXED;
            else
                t.lmid = KH_RM_UNK; /* "s6" kept as written is a word, not a number */
        }
        return push_token(k->sc, t);
    }
    return push_fixed(k->sc, b, e, any_digit ? KH_RM_NUM : KH_RM_UNK);
}

static bool memchr_any(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (strchr(set, s[i]))
            return true;
    return false;
}

/* A token decided without the decoder; detection (k->decode false) keeps no tokens. */
static bool tk_fixed(tk_ctx *k, size_t b, size_t e, uint32_t id)
{
    return !k->decode || push_fixed(k->sc, b, e, id);
}

/* Split a line into LM tokens (mirrors the trainer's tokens()). With k->decode false only
 * the statistics are collected (core_stats) and sc->toks stays empty. */
static bool tokenize(tk_ctx *k, const char *s, size_t len)
{
    k->sc->toks.n = 0;
    k->mid = false;
    bool first = !k->mid_line; /* the line's first chunk (every chunk makes at least one token) */
    size_t i = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= len)
            break;
        size_t cb = i;
        while (i < len && s[i] != ' ' && s[i] != '\t')
            i++;
        size_t ce = i;
        /* "xuyén/lién": two words joined by a slash (no digits, both sides with a lower-case
         * letter) are two tokens; the next chunk starts at the slash (edge punctuation) */
        {
            size_t sl = 0, nsl = 0;
            bool digit = false, low_l = false, low_r = false;
            for (size_t q = cb; q < ce; q++) {
                unsigned char c = (unsigned char)s[q];
                if (c == '/') {
                    sl = q;
                    nsl++;
                } else if (c >= '0' && c <= '9') {
                    digit = true;
                } else if ((c >= 'a' && c <= 'z') || c >= 0x80) {
                    if (nsl)
                        low_r = true;
                    else
                        low_l = true;
                }
            }
            if (nsl == 1 && !digit && low_l && low_r && sl >= cb + 2 && ce >= sl + 3) {
                ce = sl;
                i = sl;
            }
        }
        /* a Roman heading label at the line start, OCR's 1/l/| for I included ("I11I."):
         * left for the sections stage, which reads it against the numbering */
        if (first) {
            size_t q = cb;
            bool roman = false;
            while (q < ce && q - cb < 7 && s[q] && strchr("IVXl1|", s[q])) {
                roman |= s[q] == 'I' || s[q] == 'V' || s[q] == 'X';
                q++;
            }
            if (roman && q < ce && (s[q] == '.' || s[q] == ')')) {
                if (!tk_fixed(k, cb, q, KH_RM_UNK))
                    return false;
                if (k->decode)
                    k->sc->toks.v[k->sc->toks.n - 1].casing = CASE_UPPER; /* counts for an upper-case line */
                cb = q;
            }
            first = false;
        }
        /* "IV.TỔ", "2.Tăng": a heading number glued to its first word */
        {
            size_t q = cb;
            while (q < ce && ((s[q] >= '0' && s[q] <= '9') || s[q] == 'I' || s[q] == 'V' || s[q] == 'X'))
                q++;
            if (q > cb && q + 1 < ce && s[q] == '.' && ((unsigned char)s[q + 1] >= 0x80 ||
                                                         ((s[q + 1] | 32) >= 'a' && (s[q + 1] | 32) <= 'z'))) {
                bool digits = s[cb] >= '0' && s[cb] <= '9';
                if (!tk_fixed(k, cb, q, digits ? KH_RM_NUM : KH_RM_UNK) ||
                    !tk_fixed(k, q, q + 1, KH_RM_PUNCT))
                    return false;
                cb = q + 1;
            }
        }
        /* strip edge punctuation */
        size_t b = cb, e = ce;
        int32_t prev_c = 0, next_c = 0;
        while (b < e) {
            int l;
            int32_t c = kh_utf8_decode(s + b, e - b, &l);
            if (!is_edge_punct(c))
                break;
            prev_c = c;
            b += (size_t)l;
        }
        while (e > b) {
            size_t p = e - 1;
            while (p > b && ((unsigned char)s[p] & 0xC0) == 0x80)
                p--;
            int l;
            int32_t c = kh_utf8_decode(s + p, e - p, &l);
            if (!is_edge_punct(c))
                break;
            next_c = c;
            e = p;
        }
        if (b > cb && !tk_fixed(k, cb, b, KH_RM_PUNCT))
            return false;
        if (k->decode && b > cb && memchr_any(s + cb, b - cb, ".:!?"))
            k->mid = false;
        /* OCR specks read as an apostrophe glued to a word inside the line ("co’ quan"):
         * not punctuation for the LM, and dropped when the word is repaired */
        bool speck = k->decode && k->mode == MODE_OCR && e > b && ce < len && prev_c == 0 &&
                     ((ce - e == 3 && !memcmp(s + e, "\xE2\x80\x99", 3)) || (ce - e == 1 && s[e] == '\''));
        size_t ntok = k->sc->toks.n;
        if (e > b && !core_token(k, s, b, e, prev_c, speck ? 0 : next_c))
            return false;
        if (e > b)
            k->mid = true;
        if (speck && k->sc->toks.n == ntok + 1 && k->sc->toks.v[ntok].kind == TK_VAR) {
            k->sc->toks.v[ntok].e = ce;
            continue;
        }
        if (ce > e && !tk_fixed(k, e, ce, KH_RM_PUNCT))
            return false;
        if (k->decode && ce > e && memchr_any(s + e, ce - e, ".:!?"))
            k->mid = false;
    }
    return true;
}


static void stats_get(const tk_ctx *k, long c[7])
{
    c[0] = k->words;
    c[1] = k->marked;
    c[2] = k->marked_bad;
    c[3] = k->ascii_fold;
    c[4] = k->ascii_suspicious;
    c[5] = k->ascii_bad;
    c[6] = k->junk;
}

static void stats_add(tk_ctx *k, const uint8_t d[7])
{
    k->words += d[0];
    k->marked += d[1];
    k->marked_bad += d[2];
    k->ascii_fold += d[3];
    k->ascii_suspicious += d[4];
    k->ascii_bad += d[5];
    k->junk += d[6];
}

/* A chunk of letters (ASCII letters and non-ASCII bytes) that neither starts nor ends with
 * edge punctuation: tokenize makes it one core token whatever its place (no slash, no
 * '.' or ')' after a label, nothing to strip), so detection counts it with core_stats
 * directly. */
static bool plain_chunk(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && ((c | 32) < 'a' || (c | 32) > 'z'))
            return false;
    }
    if ((unsigned char)s[0] < 0x80 && (unsigned char)s[n - 1] < 0x80)
        return true;
    int l;
    if (is_edge_punct(kh_utf8_decode(s, n, &l)))
        return false;
    size_t p = n - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    return !is_edge_punct(kh_utf8_decode(s + p, n - p, &l));
}

/* One chunk s[0..n) of a line (first: it starts the line) into k's statistics. */
static bool detect_chunk(tk_ctx *k, const char *s, size_t n, bool first)
{
    if (plain_chunk(s, n)) {
        core_stats(k, s, 0, n);
        return true;
    }
    k->mid_line = !first;
    bool ok = tokenize(k, s, n);
    k->mid_line = false;
    return ok;
}

/* Bytes of w (eight bytes of text, little-endian) that are ' ' or '\t': the lowest
 * flagged byte is exact (the bytes above it may be flagged wrongly; they are not used). */
static inline uint64_t sp_tab_bytes(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t a = w ^ (ones * ' '), b = w ^ (ones * '\t');
    return (((a - ones) & ~a) | ((b - ones) & ~b)) & highs;
}

static inline uint64_t load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* The chunk starting at s[i] (bytes up to the next space, tab or len): its end, a hash
 * of its bytes and its first 8 bytes zero-padded (*first). Eight bytes at a time (a
 * chunk is a word: most take one step); the hash and *first depend only on the chunk's
 * bytes, not on what follows it. */
static inline size_t chunk_scan(const char *s, size_t len, size_t i, uint64_t *hash, uint64_t *first)
{
    const uint64_t K = 0x9E3779B97F4A7C15ull;
    uint64_t h = 0;
    bool at_start = true;
    for (;;) {
        uint64_t w;
        unsigned nb;
        if (i + 8 <= len) {
            w = load8(s + i);
            uint64_t m = sp_tab_bytes(w);
            nb = m ? (unsigned)__builtin_ctzll(m) >> 3 : 8;
        } else {
            w = 0;
            nb = 0;
            while (i + nb < len && nb < 8 && s[i + nb] != ' ' && s[i + nb] != '\t') {
                w |= (uint64_t)(unsigned char)s[i + nb] << (8 * nb);
                nb++;
            }
        }
        if (nb < 8)
            w &= (1ull << (8 * nb)) - 1;
        if (at_start) {
            *first = w;
            at_start = false;
        }
        if (nb)
            h = (h ^ w) * K;
        i += nb;
        if (nb < 8)
            break;
    }
    *hash = h ^ (h >> 29);
    return i;
}

/* The statistics of tokenize(k, s, len) (k->decode false), each chunk looked up in dm
 * before it is tokenized (alone, as a chunk inside the line or at its start). */
static bool detect_line(tk_ctx *k, dmemo *dm, const char *s, size_t len)
{
    if (!dm->v)
        return tokenize(k, s, len);
    size_t i = 0;
    bool first = true;
    const uint32_t mask = (uint32_t)dm->slots - 1;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= len)
            break;
        size_t cb = i;
        uint64_t h64, k8 = 0;
        i = chunk_scan(s, len, i, &h64, &k8);
        size_t n = i - cb;
        if (n > DMEMO_KEY) {
            if (!detect_chunk(k, s + cb, n, first))
                return false;
            first = false;
            continue;
        }
        /* a line's first chunk is counted apart (a Roman label is split off there): its
         * entries carry the high bit in their key length */
        bool at_first = first;
        uint8_t tag = (uint8_t)(n | (first ? 0x80u : 0u));
        first = false;
        dmemo_ent *slot = NULL;
        uint8_t *slot_len = NULL;
        bool hit = false;
        uint32_t h = (uint32_t)h64 & mask;
        for (int probe = 0; probe < 8; probe++, h = (h + 1) & mask) {
            if (dm->klen[h] == tag && dm->v[h].k8 == k8 && (n <= 8 || !memcmp(dm->v[h].rest, s + cb + 8, n - 8))) {
                stats_add(k, dm->v[h].d);
                hit = true;
                break;
            }
            if (dm->klen[h] == 0) {
                if (dm->used < dm->slots * 3 / 4) {
                    slot = &dm->v[h];
                    slot_len = &dm->klen[h];
                }
                break;
            }
        }
        if (hit)
            continue;
        long c0[7], c1[7];
        stats_get(k, c0);
        if (!detect_chunk(k, s + cb, n, at_first))
            return false;
        if (slot) {
            stats_get(k, c1);
            for (int j = 0; j < 7; j++)
                slot->d[j] = (uint8_t)(c1[j] - c0[j]); /* at most 2: a chunk has at most two cores */
            slot->k8 = k8;
            if (n > 8)
                memcpy(slot->rest, s + cb + 8, n - 8);
            *slot_len = tag;
            dm->used++;
        }
    }
    return true;
}

/* ---------------------------------------------------------------- decoder */

static inline uint32_t tok_id(const token *t, int c)
{
    if (t->kind == TK_FIXED)
        return t->lmid;
    uint32_t id = t->c[c].id;
    return id == KH_RM_UNK ? t->lmid : id;
}

static inline int tok_cost(const token *t, int c, double w)
{
    return t->kind == TK_FIXED ? 0 : (int)(t->c[c].cost * w) + t->c[c].extra;
}

/* Beam search over sc->toks; sets each token's choice and confidence. */
static bool decode(const kh_rmodel *m, scratch *sc, double chan_w)
{
    size_t n = sc->toks.n;
    token *tk = sc->toks.v;
    sc->nhist = 0;
    struct hyp cur[BEAM], next[BEAM * MAXCAND];
    int bow[BEAM];
    int ncur = 1;
    uint32_t s_t = sc->ctx_use ? sc->ctx_t : KH_RM_BOS, s_u = sc->ctx_use ? sc->ctx_u : KH_RM_BOS;
    cur[0] = (struct hyp){s_t, s_u, 0, -1, 0};
    /* the history keeps every surviving hyp of every step */
    if (!grow((void **)&sc->hist, &sc->caphist, (n + 2) * BEAM, sizeof(struct hyp)))
        return false;
    int base_prev = -1;
    for (size_t i = 0; i < n; i++) {
        const token *t = &tk[i];
        int nc = t->kind == TK_FIXED ? 1 : t->ncand;
        int nn = 0;
        /* hyps ending in the same u share log P(w | u) and, for each w, the recombination
         * slot (u, w): number the distinct u once per step (was a scan per hyp and w) */
        uint32_t uq[BEAM];
        int ucls[BEAM], nuq = 0;
        for (int h = 0; h < ncur; h++) {
            bow[h] = kh_rm_bow(m, cur[h].t, cur[h].u);
            int q = 0;
            while (q < nuq && uq[q] != cur[h].u)
                q++;
            if (q == nuq)
                uq[nuq++] = cur[h].u;
            ucls[h] = q;
        }
        for (int c = 0; c < nc; c++) {
            uint32_t w = tok_id(t, c);
            int cc = tok_cost(t, c, chan_w);
            /* mv[q] = log P(w | uq[q]) (= kh_rm_lm2, computed on first need); slot[q] = the
             * hyp (uq[q], w) in next[], -1 before the first of its hyps */
            int mv[BEAM], slot[BEAM];
            for (int q = 0; q < nuq; q++) {
                mv[q] = INT_MIN;
                slot[q] = -1;
            }
            for (int h = 0; h < ncur; h++) {
                int lp, q = ucls[h];
                if (bow[h] == 0 || !kh_rm_tri(m, cur[h].t, cur[h].u, w, &lp)) {
                    if (mv[q] == INT_MIN)
                        mv[q] = kh_rm_lm2(m, uq[q], w);
                    lp = bow[h] + mv[q];
                }
                int s = cur[h].score + lp - cc;
                /* recombine on (u, w): the first hyp of the pair takes the slot, a later one
                 * replaces it only with a strictly higher score */
                int back = base_prev < 0 ? -1 : base_prev + h;
                int k = slot[q];
                if (k >= 0) {
                    if (s > next[k].score)
                        next[k] = (struct hyp){cur[h].u, w, s, back, c};
                } else {
                    slot[q] = nn;
                    next[nn++] = (struct hyp){cur[h].u, w, s, back, c};
                }
            }
        }
        /* keep the BEAM best, best first, in the order of a selection sort of next[]
         * (pick the first maximum, swap it to the front): ties go the same way. Only the
         * hyps scoring at least the keep-th best score can be picked; the sort is
         * replayed on them alone, tracking where the swaps move them. */
        int keep = nn < BEAM ? nn : BEAM;
        int top[BEAM], ntop = 0; /* the keep best scores, descending */
        for (int b = 0; b < nn; b++) {
            int v = next[b].score;
            if (ntop == keep && v <= top[keep - 1])
                continue;
            int q = ntop < keep ? ntop++ : keep - 1;
            while (q > 0 && top[q - 1] < v) {
                top[q] = top[q - 1];
                q--;
            }
            top[q] = v;
        }
        int thr = keep > 0 ? top[keep - 1] : 0;
        int epos[BEAM * MAXCAND], eidx[BEAM * MAXCAND], ne = 0; /* eligible: position, hyp */
        for (int b = 0; b < nn; b++)
            if (next[b].score >= thr) {
                epos[ne] = b;
                eidx[ne++] = b;
            }
        int base = (int)sc->nhist;
        for (int a = 0; a < keep; a++) {
            int bi = -1;
            for (int q = 0; q < ne; q++)
                if (bi < 0 || next[eidx[q]].score > next[eidx[bi]].score ||
                    (next[eidx[q]].score == next[eidx[bi]].score && epos[q] < epos[bi]))
                    bi = q;
            /* the hyp at position a (if eligible) moves to the picked one's position */
            for (int q = 0; q < ne; q++)
                if (epos[q] == a && q != bi) {
                    epos[q] = epos[bi];
                    break;
                }
            struct hyp sel = next[eidx[bi]];
            epos[bi] = epos[ne - 1];
            eidx[bi] = eidx[ne - 1];
            ne--;
            sc->hist[sc->nhist++] = sel;
            cur[a] = sel;
        }
        ncur = keep;
        base_prev = base;
    }
    if (n == 0)
        return true;
    /* end of line */
    int best = 0, bs = -(1 << 30);
    for (int h = 0; h < ncur; h++) {
        int s = cur[h].score + (sc->no_eos ? 0 : kh_rm_lm(m, cur[h].t, cur[h].u, KH_RM_EOS));
        if (s > bs) {
            bs = s;
            best = h;
        }
    }
    int idx = base_prev + best;
    for (size_t i = n; i-- > 0;) {
        tk[i].choice = sc->hist[idx].cand;
        idx = sc->hist[idx].back;
        if (idx < 0 && i > 0) {
            /* should not happen: every step links back */
            for (size_t j = 0; j < i; j++)
                tk[j].choice = 0;
            break;
        }
    }
    /* local posterior of each variable token given its neighbours on the best path */
    for (size_t i = 0; i + sc->nla < n; i++) {
        token *t = &tk[i];
        if (t->kind != TK_VAR) {
            t->conf = 1;
            continue;
        }
        uint32_t p2 = i >= 2 ? tok_id(&tk[i - 2], tk[i - 2].choice) : i == 1 ? s_u : s_t;
        uint32_t p1 = i >= 1 ? tok_id(&tk[i - 1], tk[i - 1].choice) : s_u;
        uint32_t n1 = i + 1 < n ? tok_id(&tk[i + 1], tk[i + 1].choice) : KH_RM_EOS;
        uint32_t n2 = i + 2 < n ? tok_id(&tk[i + 2], tk[i + 2].choice) : KH_RM_EOS;
        double sc_[MAXCAND], mx = -1e30;
        /* = kh_rm_lm(p2, p1, w) + kh_rm_lm(p1, w, n1) [+ kh_rm_lm(w, n1, n2)], with the
         * bigram probes that do not depend on w made once and (p1, w), (w, n1) once each */
        int bow21 = kh_rm_bow(m, p2, p1), lp_n = i + 1 < n ? kh_rm_lm2(m, n1, n2) : 0;
        for (int c = 0; c < t->ncand; c++) {
            uint32_t w = tok_id(t, c);
            int lp1w, bow1w, lpwn, bowwn, v;
            kh_rm_bi(m, p1, w, &lp1w, &bow1w);
            kh_rm_bi(m, w, n1, &lpwn, &bowwn);
            int s = (kh_rm_tri(m, p2, p1, w, &v) ? v : bow21 + lp1w) +
                    (kh_rm_tri(m, p1, w, n1, &v) ? v : bow1w + lpwn) - tok_cost(t, c, chan_w);
            if (i + 1 < n)
                s += kh_rm_tri(m, w, n1, n2, &v) ? v : bowwn + lp_n;
            sc_[c] = s / 1000.0 * 2.302585;
            if (sc_[c] > mx)
                mx = sc_[c];
        }
        double z = 0;
        for (int c = 0; c < t->ncand; c++)
            z += exp(sc_[c] - mx);
        t->conf = exp(sc_[t->choice] - mx) / z;
    }
    return true;
}

/* ---------------------------------------------------------------- symbols, joins */

/* Unambiguous kind prefixes inside document symbols, as OCR / stripping leave them. */
static const struct {
    const char *bad, *good;
} sym_fix[] = {
    {"Qb", "QĐ"}, {"QP", "QĐ"}, {"Qd", "QĐ"}, {"QD", "QĐ"}, {"Nb", "NĐ"}, {"NP", "NĐ"}, {"ND", "NĐ"},
    {"HDND", "HĐND"}, {"HbND", "HĐND"}, {"HPND", "HĐND"},
};

static bool is_symbol_chunk(const char *s, size_t n)
{
    bool slash = false, digit = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '/')
            slash = true;
        if (s[i] >= '0' && s[i] <= '9')
            digit = true;
    }
    return slash && digit;
}

/* Does a symbol segment hold Ð (U+00D0) or Đ twice in a row? */
static bool eth_or_double_d(const char *s, size_t n)
{
    for (size_t k = 0; k + 1 < n; k++) {
        if ((uint8_t)s[k] == 0xC3 && (uint8_t)s[k + 1] == 0x90)
            return true;
        if (k + 3 < n && !memcmp(s + k, "Đ", 2) && ((uint8_t)s[k + 2] == 0xC3 || (uint8_t)s[k + 2] == 0xC4) &&
            (uint8_t)s[k + 3] == 0x90)
            return true;
    }
    return false;
}

/* Rewrites the kind segments of symbol chunks; returns a new arena line or NULL. */
static char *fix_symbols(kh_ctx *ctx, const char *s, size_t len, size_t *out_len)
{
    kh_buf b = {0};
    bool changed = false;
    size_t i = 0;
    while (i < len) {
        size_t cb = i;
        while (i < len && s[i] != ' ')
            i++;
        size_t ce = i;
        if (is_symbol_chunk(s + cb, ce - cb)) {
            size_t j = cb;
            while (j < ce) {
                size_t sb = j;
                while (j < ce && s[j] != '/' && s[j] != '-' && s[j] != ',' && s[j] != ';' && s[j] != '.')
                    j++;
                bool done = false;
                /* OCR reads Đ as the Icelandic Ð (U+00D0) or doubles it ("QĐÐ-TTg") */
                if (sb > cb && (s[sb - 1] == '/' || s[sb - 1] == '-') && eth_or_double_d(s + sb, j - sb)) {
                    for (size_t k = sb; k < j;) {
                        bool d = k + 1 < j && ((uint8_t)s[k] == 0xC3 || (uint8_t)s[k] == 0xC4) && (uint8_t)s[k + 1] == 0x90;
                        if (d && !(b.n >= 2 && (uint8_t)b.s[b.n - 2] == 0xC4 && (uint8_t)b.s[b.n - 1] == 0x90 &&
                                   k > sb))
                            kh_buf_adds(ctx->arena, &b, "Đ");
                        else if (!d)
                            kh_buf_add(ctx->arena, &b, s + k, 1);
                        k += d ? 2 : 1;
                    }
                    changed = done = true;
                }
                if (!done && sb > cb && (s[sb - 1] == '/' || s[sb - 1] == '-'))
                    for (size_t k = 0; k < sizeof sym_fix / sizeof *sym_fix; k++)
                        if (strlen(sym_fix[k].bad) == j - sb && !memcmp(s + sb, sym_fix[k].bad, j - sb)) {
                            kh_buf_adds(ctx->arena, &b, sym_fix[k].good);
                            changed = true;
                            done = true;
                            break;
                        }
                if (!done)
                    kh_buf_add(ctx->arena, &b, s + sb, j - sb);
                if (j < ce)
                    kh_buf_addc(ctx->arena, &b, s[j++]);
            }
        } else {
            kh_buf_add(ctx->arena, &b, s + cb, ce - cb);
        }
        while (i < len && s[i] == ' ')
            kh_buf_addc(ctx->arena, &b, s[i++]);
    }
    if (!changed)
        return NULL;
    *out_len = b.n;
    return (char *)kh_buf_cstr(ctx->arena, &b);
}

/* Side-by-side columns (kh_line.col_break, set by normalize.c): repairs replace words,
 * never spaces, so the right column starts after the same number of spaces once the line
 * is rewritten (byte offsets move when marks are added: "UY BAN" -> "ỦY BAN"). */
static size_t spaces_before(const char *s, size_t n)
{
    size_t sp = 0;
    for (size_t i = 0; i < n; i++)
        sp += s[i] == ' ';
    return sp;
}

static int offset_after_spaces(const char *s, size_t len, size_t sp)
{
    for (size_t i = 0; i < len && sp; i++)
        if (s[i] == ' ' && !--sp)
            return i + 1 < len && s[i + 1] != ' ' && i + 1 < (size_t)INT_MAX ? (int)(i + 1) : 0;
    return 0;
}

/* "…765/Qb-" + "BTTTT ngày…": move the symbol's tail up to the first line. */
static bool join_broken_symbol(kh_ctx *ctx, kh_line *a, kh_line *b)
{
    if (a->len < 3 || b->len < 2 || a->s[a->len - 1] != '-')
        return false;
    size_t cb = a->len;
    while (cb > 0 && a->s[cb - 1] != ' ')
        cb--;
    if (!is_symbol_chunk(a->s + cb, a->len - cb))
        return false;
    size_t e = 0;
    while (e < b->len && b->s[e] != ' ')
        e++;
    size_t core = e;
    while (core > 0 && strchr(".,;:)", b->s[core - 1]))
        core--;
    if (core < 2)
        return false;
    int32_t c0 = (unsigned char)b->s[0];
    if (!(c0 >= 'A' && c0 <= 'Z') && memcmp(b->s, "Đ", 2) != 0)
        return false;
    for (size_t i = 0; i < core; i++) {
        unsigned char c = (unsigned char)b->s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/' ||
              c >= 0x80))
            return false;
    }
    size_t rest = e;
    while (rest < b->len && b->s[rest] == ' ')
        rest++;
    a->s = kh_sprintf(ctx->arena, "%.*s%.*s", (int)a->len, a->s, (int)e, b->s);
    a->len = strlen(a->s);
    b->s = kh_strndup(ctx->arena, b->s + rest, b->len - rest);
    b->len = strlen(b->s);
    /* the second line lost its first rest bytes (a right column cannot start in them) */
    b->col_break = b->col_break > 0 && (size_t)b->col_break > rest ? b->col_break - (int)rest : 0;
    if (b->len == 0)
        b->flags |= KH_LINE_BLANK;
    a->flags |= KH_LINE_RESTORED;
    b->flags |= KH_LINE_RESTORED;
    return true;
}

/* ---------------------------------------------------------------- the stage */

static line_mode classify(const tk_ctx *k, bool doc)
{
    long w = k->words;
    if (w < (doc ? 8 : 5))
        return MODE_CLEAN;
    double marked = (double)k->marked / w;
    double bad = (double)(k->marked_bad + k->junk + k->ascii_bad) / w;
    double susp = (double)k->ascii_suspicious / w;
    /* a single line of a clean document needs stronger evidence: proper names outside
     * the inventory ("Đắk Lắk", "Krông") must not turn a clean line into OCR repair */
    if (k->marked_bad + k->junk >= (doc ? 3 : 3) && bad > (doc ? 0.08 : 0.2) && marked > 0.05)
        return MODE_OCR;
    if (doc) {
        if (susp > 0.15 && bad < 0.25)
            return MODE_STRIP;
        return MODE_CLEAN;
    }
    /* a stripped line inside a clean document: conservative */
    if (k->marked == 0 && susp >= 0.3 && (double)k->ascii_fold / w >= 0.8)
        return MODE_STRIP;
    return MODE_CLEAN;
}

typedef struct {
    long total, changed;
    double conf_sum;
    long conf_n;
    int lowconf_diags;
    long lowconf_lines;
} run_stats;

#define LOOKAHEAD 1 /* words of the continuation line seen when decoding a hard-wrapped line */

static bool restore_line(kh_ctx *ctx, const kh_rmodel *m, scratch *sc, kh_line *ln, line_mode mode,
                         run_stats *st, const kh_line *next)
{
    tk_ctx k;
    memset(&k, 0, sizeof k);
    k.m = m;
    k.sc = sc;
    k.mode = mode;
    k.decode = true;
    /* a line the next one continues ("các cơ quan thong" / "tan báo chí") is decoded with
     * the first words of that line after it, so "thông tấn" can win over "thường tân";
     * they only score, the next line is decoded on its own (with this line as context) */
    token la[LOOKAHEAD];
    int nla = 0;
    if (next) {
        size_t p = 0, words = 0;
        while (p < next->len && words < LOOKAHEAD) {
            while (p < next->len && (next->s[p] == ' ' || next->s[p] == '\t'))
                p++;
            while (p < next->len && next->s[p] != ' ' && next->s[p] != '\t')
                p++;
            words++;
        }
        if (!tokenize(&k, next->s, p))
            return false;
        for (size_t i = 0; i < sc->toks.n && nla < LOOKAHEAD; i++) {
            la[nla++] = sc->toks.v[i];
            if (sc->toks.v[i].lmid == KH_RM_PUNCT)
                break; /* the clause ends: what follows is no context */
        }
        memset(&k, 0, sizeof k);
        k.m = m;
        k.sc = sc;
        k.mode = mode;
        k.decode = true;
    }
    if (!tokenize(&k, ln->s, ln->len))
        return false;
    bool any_var = false;
    int words = 0, upper = 0;
    for (size_t i = 0; i < sc->toks.n; i++) {
        token *t = &sc->toks.v[i];
        if (t->kind == TK_VAR)
            any_var = true;
        /* abbreviations ("VT", "NVY" in "Lưu: VT, NVY.") say nothing about the line's case */
        if (t->e - t->b >= 2 && t->lmid != KH_RM_PUNCT && t->lmid != KH_RM_NUM &&
            !(t->kind == TK_FIXED && t->casing == CASE_UPPER)) {
            words++;
            upper += t->casing == CASE_UPPER;
        }
    }
    /* OCR turns "Bộ", "Sở", "Tổ" into "BO", "SO", "TO": in a mixed-case line a
     * two-letter upper-case word is a capitalised one */
    /* in an upper-case line (heading, signature block) a Title-case word is an upper-case
     * one whose capital OCR lost ("MUC Pich") */
    if (words >= 2 && upper * 3 >= words * 2)
        for (size_t i = 0; i < sc->toks.n; i++) {
            token *t = &sc->toks.v[i];
            if (t->kind == TK_VAR && t->casing == CASE_TITLE && t->e - t->b >= 2)
                t->casing = CASE_UPPER;
        }
    if (mode == MODE_OCR && upper * 2 < words)
        for (size_t i = 0; i < sc->toks.n; i++) {
            token *t = &sc->toks.v[i];
            if (t->kind == TK_VAR && t->casing == CASE_UPPER && t->e - t->b == 2)
                t->casing = CASE_TITLE;
        }
    for (size_t i = 0; i < sc->toks.n; i++)
        if (sc->toks.v[i].e - sc->toks.v[i].b > 0 && sc->toks.v[i].lmid != KH_RM_PUNCT)
            st->total++;
    sc->ctx_use = false;
    if (sc->ctx_ok && sc->toks.n > 0) {
        const token *f = &sc->toks.v[0];
        sc->ctx_use = f->casing == CASE_LOWER && f->lmid != KH_RM_PUNCT && f->lmid != KH_RM_NUM &&
                      f->e - f->b >= 2;
    }
    bool decoded = false;
    if (any_var) {
        size_t n0 = sc->toks.n;
        for (int i = 0; i < nla; i++)
            if (!push_token(sc, la[i]))
                return false;
        sc->nla = (size_t)nla;
        bool ok = decode(m, sc, mode == MODE_OCR ? OCR_CHAN_W : 0.0);
        sc->nla = 0;
        sc->toks.n = n0;
        if (!ok)
            return false;
        decoded = true;
    }
    /* context for the next line: this line's last two LM ids when it ends on a word */
    sc->ctx_ok = false;
    if (sc->toks.n >= 2) {
        const token *a = &sc->toks.v[sc->toks.n - 2], *b = &sc->toks.v[sc->toks.n - 1];
        if (b->lmid != KH_RM_PUNCT && b->lmid != KH_RM_NUM && (decoded || (a->kind != TK_VAR && b->kind != TK_VAR))) {
            sc->ctx_t = tok_id(a, a->kind == TK_VAR ? a->choice : 0);
            sc->ctx_u = tok_id(b, b->kind == TK_VAR ? b->choice : 0);
            sc->ctx_ok = true;
        }
    }
    if (!any_var)
        return true;
    kh_buf out = {0};
    size_t pos = 0;
    bool changed = false, low = false;
    kh_buf lowlist = {0};
    for (size_t i = 0; i < sc->toks.n; i++) {
        token *t = &sc->toks.v[i];
        if (t->kind != TK_VAR)
            continue;
        st->conf_sum += t->conf;
        st->conf_n++;
        const cand *c = &t->c[t->choice];
        char w[MAX_TOKEN_CPS * 8 + 8];
        size_t wl;
        if (t->fixed_text) {
            wl = strlen(t->fixed_text);
            memcpy(w, t->fixed_text, wl + 1);
        } else if (c->id == KH_RM_UNK || c->id == KH_RM_NUM) {
            continue;
        } else {
            wl = cased_word(m, t, c, w, sizeof w);
        }
        if (wl == t->e - t->b && !memcmp(w, ln->s + t->b, wl))
            continue;
        kh_buf_add(ctx->arena, &out, ln->s + pos, t->b - pos);
        kh_buf_add(ctx->arena, &out, w, wl);
        pos = t->e;
        changed = true;
        st->changed++;
        if (t->conf < LOWCONF) {
            low = true;
            if (lowlist.n < 200) {
                if (lowlist.n)
                    kh_buf_adds(ctx->arena, &lowlist, ", ");
                kh_buf_add(ctx->arena, &lowlist, ln->s + t->b, t->e - t->b);
                kh_buf_adds(ctx->arena, &lowlist, " -> ");
                kh_buf_add(ctx->arena, &lowlist, w, wl);
            }
        }
    }
    if (!changed)
        return true;
    kh_buf_add(ctx->arena, &out, ln->s + pos, ln->len - pos);
    ln->s = (char *)kh_buf_cstr(ctx->arena, &out);
    ln->len = out.n;
    ln->flags |= KH_LINE_RESTORED;
    if (low) {
        ln->flags |= KH_LINE_LOWCONF;
        st->lowconf_lines++;
        if (st->lowconf_diags < MAX_LOWCONF_DIAGS) {
            st->lowconf_diags++;
            kh_diag_add(ctx, "low_confidence_repair", KH_SEV_INFO, ln->no, "unsure repair: %s",
                        kh_buf_cstr(ctx->arena, &lowlist));
        }
    }
    return true;
}

static void scratch_free(scratch *sc)
{
    kh_dealloc(sc->cache);
    kh_dealloc(sc->toks.v);
    kh_dealloc(sc->hist);
}

enum { DETECT_SAMPLE = 16384 };

/* Damage detection: each line's mode (modes[i]) and the document's statistics (*doc),
 * with the parser's chunk memo (dm) or, dm NULL, tokenizing every chunk (the same
 * numbers; tests compare). */
static bool detect(kh_ctx *ctx, const kh_rmodel *m, scratch *sc, line_mode *modes, tk_ctx *doc, dmemo *dm)
{
    kh_result *res = ctx->res;
    memset(doc, 0, sizeof *doc);
    doc->m = m;
    doc->sc = sc;
    dmemo none = {NULL, NULL, 0, 0};
    if (!dm)
        dm = &none;
    if (!dm->v && dm != &none && (dm->v = kh_malloc(DMEMO_SLOTS * (sizeof *dm->v + 1))) != NULL) {
        dm->slots = DMEMO_SLOTS;
        dm->used = dm->slots; /* cleared below */
        dm->klen = (uint8_t *)(dm->v + dm->slots);
    }
    /* a full memo stores nothing more: it starts again at the next document */
    if (dm->v && dm->used >= dm->slots * 3 / 4) {
        memset(dm->klen, 0, dm->slots);
        dm->used = 0;
    }
    bool ok = true;
    for (size_t i = 0; i < res->text.n && ok; i++) {
        kh_line *ln = &res->text.v[i];
        modes[i] = MODE_CLEAN;
        if (ln->flags & (KH_LINE_BLANK | KH_LINE_BOILERPLATE) || ln->len == 0)
            continue;
        tk_ctx lk;
        memset(&lk, 0, sizeof lk);
        lk.m = m;
        lk.sc = sc;
        /* Detection needs statistics, not every token: a very long line is judged by its
         * first DETECT_SAMPLE bytes (cut at a space), which keeps the pass cache-sized. */
        size_t sample = ln->len;
        if (sample > DETECT_SAMPLE) {
            sample = DETECT_SAMPLE;
            while (sample > DETECT_SAMPLE / 2 && ln->s[sample] != ' ')
                sample--;
        }
        if (!detect_line(&lk, dm, ln->s, sample)) {
            ok = false;
            break;
        }
        modes[i] = classify(&lk, false);
        doc->words += lk.words;
        doc->marked += lk.marked;
        doc->marked_bad += lk.marked_bad;
        doc->ascii_fold += lk.ascii_fold;
        doc->ascii_suspicious += lk.ascii_suspicious;
        doc->ascii_bad += lk.ascii_bad;
        doc->junk += lk.junk;
    }
    return ok;
}

int kh_restore_detect_stats(kh_ctx *ctx, bool memo, long out[8])
{
    char err[512];
    pthread_once(&fold_once, fold_init);
    model_slot *ms = get_model(ctx, err, sizeof err);
    if (!ms)
        return KH_ERR_MODEL;
    const kh_rmodel *m = ms->m;
    scratch sc;
    memset(&sc, 0, sizeof sc);
    tk_ctx doc;
    line_mode *modes = kh_alloc(ctx->arena, (ctx->res->text.n + 1) * sizeof *modes);
    bool ok = detect(ctx, m, &sc, modes, &doc, memo ? &ms->dm : NULL);
    scratch_free(&sc);
    if (!ok)
        return KH_ERR_NOMEM;
    stats_get(&doc, out);
    unsigned long sig = (unsigned long)classify(&doc, true);
    for (size_t i = 0; i < ctx->res->text.n; i++)
        sig = sig * 3 + (unsigned long)modes[i]; /* wraps on long documents: still a signature */
    out[7] = (long)(sig >> 1);
    return KH_OK;
}

int kh_restore_text(kh_ctx *ctx)
{
    kh_result *res = ctx->res;
    kh_restore_mode forced = ctx->cfg->restore;
    res->restoration.applied = false;
    res->restoration.tokens_total = 0;
    res->restoration.tokens_changed = 0;
    res->restoration.mean_confidence = -1;
    if (forced == KH_RESTORE_OFF || res->text.n == 0)
        return KH_OK;
    pthread_once(&fold_once, fold_init);
    char err[512];
    model_slot *ms = get_model(ctx, err, sizeof err);
    const kh_rmodel *m = ms ? ms->m : NULL;
    if (!m) {
        if (forced == KH_RESTORE_AUTO) {
            kh_diag_add(ctx, "restore_model_missing", KH_SEV_WARNING, 0, "%s: text not checked for damage", err);
            return KH_OK;
        }
        kh_diag_add(ctx, "restore_model_missing", KH_SEV_ERROR, 0, "%s", err);
        return KH_ERR_MODEL;
    }
    scratch sc;
    memset(&sc, 0, sizeof sc);
    /* detection: document statistics */
    tk_ctx doc;
    memset(&doc, 0, sizeof doc);
    line_mode *modes = kh_alloc(ctx->arena, res->text.n * sizeof *modes);
    /* a forced mode (--mode strip / ocr) repairs every line: nothing to detect */
    if (forced == KH_RESTORE_AUTO && !detect(ctx, m, &sc, modes, &doc, &ms->dm)) {
        scratch_free(&sc);
        return KH_ERR_NOMEM;
    }
    line_mode dmode = forced == KH_RESTORE_STRIP ? MODE_STRIP : forced == KH_RESTORE_OCR ? MODE_OCR
                                                                                       : classify(&doc, true);
    /* Text our own OCR produced: Tesseract's slips are real-looking words with a wrong
     * mark ("lầm" for lâm), which document statistics call clean; repair it as OCR text
     * (measured on the full-document scans: docs/OCR.md). */
    if (forced == KH_RESTORE_AUTO && dmode == MODE_CLEAN && res->ocr) {
        dmode = MODE_OCR;
        sc.same_base = true;
    }
    run_stats st;
    memset(&st, 0, sizeof st);
    long lines_changed = 0;
    int rc = KH_OK;
    size_t last_i = (size_t)-2;
    for (size_t i = 0; i < res->text.n; i++) {
        kh_line *ln = &res->text.v[i];
        if (ln->flags & (KH_LINE_BLANK | KH_LINE_BOILERPLATE) || ln->len == 0)
            continue;
        if (kh_over_budget(ctx))
            break; /* khparse.c reports the budget (time_budget_exceeded) */
        line_mode lm = dmode != MODE_CLEAN ? dmode : modes[i];
        if (lm == MODE_CLEAN)
            continue;
        if (lm == MODE_OCR && i + 1 < res->text.n && !(res->text.v[i + 1].flags & KH_LINE_BLANK))
            join_broken_symbol(ctx, ln, &res->text.v[i + 1]);
        size_t col_sp = ln->col_break > 0 ? spaces_before(ln->s, (size_t)ln->col_break) : 0;
        size_t nl;
        char *fixed = fix_symbols(ctx, ln->s, ln->len, &nl);
        if (fixed) {
            ln->s = fixed;
            ln->len = nl;
            ln->flags |= KH_LINE_RESTORED;
        }
        if (last_i + 1 != i)
            sc.ctx_ok = false;
        last_i = i;
        sc.no_eos = false;
        if (i + 1 < res->text.n) {
            const kh_line *nx = &res->text.v[i + 1];
            if (!(nx->flags & (KH_LINE_BLANK | KH_LINE_BOILERPLATE)) && nx->len > 0) {
                int32_t c0;
                int l0;
                size_t p0 = 0;
                while (p0 < nx->len && (nx->s[p0] == ' ' || nx->s[p0] == '\t'))
                    p0++;
                c0 = p0 < nx->len ? kh_utf8_decode(nx->s + p0, nx->len - p0, &l0) : -1;
                sc.no_eos = c0 > 0 && utf8proc_category(c0) == UTF8PROC_CATEGORY_LL;
            }
        }
        if (!restore_line(ctx, m, &sc, ln, lm, &st, sc.no_eos ? &res->text.v[i + 1] : NULL)) {
            rc = KH_ERR_NOMEM;
            break;
        }
        if (ln->flags & KH_LINE_RESTORED)
            lines_changed++;
        if (col_sp)
            ln->col_break = offset_after_spaces(ln->s, ln->len, col_sp);
    }
    scratch_free(&sc);
    if (rc != KH_OK)
        return rc;
    res->restoration.tokens_total = st.total;
    res->restoration.tokens_changed = st.changed;
    res->restoration.applied = lines_changed > 0;
    if (st.conf_n)
        res->restoration.mean_confidence = st.conf_sum / (double)st.conf_n;
    if (lines_changed > 0) {
        const char *what = dmode == MODE_OCR ? "OCR confusions" : "diacritics";
        kh_diag_add(ctx, "diacritics_restored", KH_SEV_INFO, 0,
                    "repaired %s: %ld of %ld tokens changed on %ld line(s), %ld unsure", what, st.changed,
                    st.total, lines_changed, st.lowconf_lines);
    }
    return KH_OK;
}

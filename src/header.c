/* header.c — the document's own identity (kind, number, issuer, place, date, title,
 * V/v subject, Kính gửi) and its closing (Nơi nhận, capacity, position, signer), and the
 * layout ranges the other stages work in. Rules and choices: docs/HEADER.md.
 *
 * Layout model (Nghị định 30/2020/NĐ-CP): an issuer block (parent body, issuing body),
 * the national motto, "Số: N/SYMBOL", "<Place>, ngày … tháng … năm …", a kind heading
 * and title (or "V/v …" for a công văn), "Kính gửi:", the body, then "Nơi nhận:" and the
 * signature block. Text exports flatten the two columns in any order, OCR may merge
 * them onto one line: every header line is cut into elements (motto, number, place-date)
 * and the text between them (issuer lines, the place).
 *
 * Matching is done on a folded copy of each line (lower case, no tone marks, đ->d) so
 * accent-stripped and lightly OCR-damaged text still works; values are taken from the
 * original text through a byte map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "places.h"

/* ------------------------------------------------------------------ small strings */

typedef struct {
    const char *s;
    size_t n;
} sv;

typedef struct {
    char *f;     /* folded, lower case */
    size_t n;
    size_t *map; /* map[k] = byte offset in the original of folded byte k; map[n] = len */
} fstr;

/* Base letter, lower case, tone and shape marks removed (shared table in util.c). */
static int32_t fold_cp1(int32_t cp) { return kh_fold_lower_cp(cp); }

/* Fold s[0..len) into f (room for len + 1 bytes), map as in fstr when given; returns the
 * folded length. ASCII folds to itself in lower case (as kh_fold_lower_cp). */
static size_t fold_into(char *f, size_t *map, const char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o + 1 > len)
                break;
            if (map)
                map[o] = i;
            f[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            i++;
            continue;
        }
        int n;
        int32_t cp = kh_utf8_decode(s + i, len - i, &n);
        int32_t fc = fold_cp1(cp);
        if (fc >= 0) {
            char tmp[4];
            int k = kh_utf8_encode(fc, tmp);
            if (o + (size_t)k > len)
                break;
            for (int q = 0; q < k; q++) {
                if (map)
                    map[o] = i;
                f[o++] = tmp[q];
            }
        }
        i += (size_t)n;
    }
    f[o] = 0;
    if (map)
        map[o] = len;
    return o;
}

static fstr fold_map(kh_arena *a, const char *s, size_t len, bool want_map)
{
    fstr r;
    r.f = kh_alloc(a, len + 1);
    r.map = want_map ? kh_alloc(a, (len + 1) * sizeof *r.map) : NULL;
    r.n = fold_into(r.f, r.map, s, len);
    return r;
}

static char *fold_lc(kh_arena *a, const char *s, size_t len) { return fold_map(a, s, len, false).f; }

/* Lower case, tone marks removed, vowel shapes (â ê ô ơ ư ă) and đ kept, decomposed:
 * two spellings that compare equal here differ only in tone placement. */
static char *tone_strip(kh_arena *a, const char *s, size_t len)
{
    kh_buf b = {0};
    for (size_t i = 0; i < len;) {
        int n;
        int32_t cp = utf8proc_tolower(kh_utf8_decode(s + i, len - i, &n));
        i += (size_t)n;
        utf8proc_int32_t buf[4];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(cp, buf, 4, UTF8PROC_DECOMPOSE, &last);
        if (k < 1) {
            buf[0] = cp;
            k = 1;
        }
        for (utf8proc_ssize_t q = 0; q < k; q++) {
            int32_t c = buf[q];
            if (c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323)
                continue;
            char tmp[4];
            int m = kh_utf8_encode(c, tmp);
            kh_buf_add(a, &b, tmp, (size_t)m);
        }
    }
    return (char *)kh_buf_cstr(a, &b);
}

/* The tone marks of s in order, one letter each (f s r x j), for comparing spellings. */
static char *tones_of(kh_arena *a, const char *s)
{
    kh_buf b = {0};
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        int n;
        int32_t cp = kh_utf8_decode(s + i, len - i, &n);
        i += (size_t)n;
        utf8proc_int32_t buf[4];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(cp, buf, 4, UTF8PROC_DECOMPOSE, &last);
        for (utf8proc_ssize_t q = 0; q < k; q++) {
            char t = buf[q] == 0x300 ? 'f' : buf[q] == 0x301 ? 's' : buf[q] == 0x309 ? 'r' : buf[q] == 0x303 ? 'x' : buf[q] == 0x323 ? 'j' : 0;
            if (t)
                kh_buf_addc(a, &b, t);
        }
    }
    return (char *)kh_buf_cstr(a, &b);
}

static bool is_space(char c) { return c == ' ' || c == '\t'; }

static sv sv_trim(sv x)
{
    x.n = kh_trim(&x.s, x.n);
    return x;
}

static char *sv_dup(kh_arena *a, sv x) { return kh_strndup(a, x.s, x.n); }

/* Copy with runs of spaces collapsed to one. */
static char *collapse(kh_arena *a, const char *s, size_t n)
{
    char *d = kh_alloc(a, n + 1);
    size_t o = 0;
    bool sp = false;
    for (size_t i = 0; i < n; i++) {
        if (is_space(s[i])) {
            sp = o > 0;
            continue;
        }
        if (sp)
            d[o++] = ' ';
        sp = false;
        d[o++] = s[i];
    }
    d[o] = 0;
    return d;
}

static int32_t first_cp(const char *s, size_t n)
{
    int k;
    return n ? kh_utf8_decode(s, n, &k) : 0;
}

static bool is_upper_cp(int32_t c) { return utf8proc_category(c) == UTF8PROC_CATEGORY_LU; }
static bool is_lower_cp(int32_t c) { return utf8proc_category(c) == UTF8PROC_CATEGORY_LL; }

/* s with its first letter upper-cased. */
static char *cap_first(kh_arena *a, const char *s)
{
    size_t n = strlen(s);
    if (!n)
        return kh_strdup(a, s);
    int k;
    int32_t c = kh_utf8_decode(s, n, &k);
    char tmp[4];
    int m = kh_utf8_encode(utf8proc_toupper(c), tmp);
    char *d = kh_alloc(a, n + 4);
    memcpy(d, tmp, (size_t)m);
    memcpy(d + m, s + k, n - (size_t)k);
    d[(size_t)m + n - (size_t)k] = 0;
    return d;
}

/* Every word capitalised, the rest lower case ("YÊN BÁI" -> "Yên Bái"). */
static char *title_words(kh_arena *a, const char *s, size_t n)
{
    char *lo = kh_lower(a, s, n);
    kh_buf b = {0};
    bool start = true;
    size_t len = strlen(lo);
    for (size_t i = 0; i < len;) {
        int k;
        int32_t c = kh_utf8_decode(lo + i, len - i, &k);
        if (start && utf8proc_category(c) == UTF8PROC_CATEGORY_LL)
            c = utf8proc_toupper(c);
        start = c == ' ' || c == '-' || c == '(';
        char tmp[4];
        int m = kh_utf8_encode(c, tmp);
        kh_buf_add(a, &b, tmp, (size_t)m);
        i += (size_t)k;
    }
    return (char *)kh_buf_cstr(a, &b);
}

/* ------------------------------------------------------------------ context */

typedef struct {
    kh_ctx *ctx;
    kh_arena *a;
    kh_text *t;
    char **cl;     /* cleaned line cache */
    size_t *cn;
    char **fl;     /* folded cleaned line cache */
    size_t *cb;    /* column break in the cleaned line (kh_line.col_break), 0 = none */
    kh_buf joint;  /* right column of a joint header ("SỞ Y TẾ TỈNH …"), see push_issuer */
    size_t issuer_rule_at; /* issuer_lines.n when the first rule ("-----") under them came */
    char *joint_signer; /* right column's signer name in a joint closing */
    bool interleaved, interleaved_closing;
    /* issuer lines of the header block */
    kh_strlist issuer_lines;
    int issuer_line_no;
    int number_line, date_line, kind_line_no;
    size_t hdr_first, hdr_last; /* indexes, hdr_last inclusive; hdr_first == SIZE_MAX: none */
    size_t consumed;            /* last index consumed by header/title (inclusive) */
    bool any;
} H;

/* The line with markup the export left ("**", leading '#', trailing "  " / "\\") removed. */
static const char *cline(H *h, size_t i, size_t *len)
{
    if (!h->cl[i]) {
        const kh_line *l = &h->t->v[i];
        if (!memchr(l->s, '*', l->len) && l->len && l->s[0] != '#' && !is_space(l->s[0]) &&
            !is_space(l->s[l->len - 1]) && l->s[l->len - 1] != '\\') {
            h->cl[i] = l->s; /* already clean (normalize.c output) */
            h->cn[i] = l->len;
            h->cb[i] = l->col_break > 0 ? (size_t)l->col_break : 0;
            if (len)
                *len = l->len;
            return l->s;
        }
        kh_buf b = {0};
        const char *s = l->s;
        size_t n = l->len, p = 0, brk = 0;
        size_t want = l->col_break > 0 ? (size_t)l->col_break : 0;
        while (p < n && (is_space(s[p]) || s[p] == '#'))
            p++;
        for (; p < n; p++) {
            if (p == want)
                brk = b.n;
            if (s[p] == '*' && p + 1 < n && s[p + 1] == '*') {
                p++;
                continue;
            }
            kh_buf_addc(h->a, &b, s[p]);
        }
        const char *r = kh_buf_cstr(h->a, &b);
        size_t rn = b.n;
        while (rn && (is_space(r[rn - 1]) || r[rn - 1] == '\\'))
            rn--;
        size_t lead = 0;
        while (rn && is_space(*r)) {
            r++;
            rn--;
            lead++;
        }
        h->cl[i] = kh_strndup(h->a, r, rn);
        h->cn[i] = rn;
        /* the break must still fall between two words of the cleaned line */
        brk = brk > lead ? brk - lead : 0;
        h->cb[i] = brk && brk < rn && is_space(r[brk - 1]) && !is_space(r[brk]) ? brk : 0;
    }
    if (len)
        *len = h->cn[i];
    return h->cl[i];
}

/* Column break of the cleaned line i (byte offset where the right column starts), 0 = none. */
static size_t col_at(H *h, size_t i)
{
    size_t n;
    cline(h, i, &n);
    return h->cb[i] < n ? h->cb[i] : 0;
}

static const char *fline(H *h, size_t i)
{
    if (!h->fl[i]) {
        size_t n;
        const char *c = cline(h, i, &n);
        h->fl[i] = fold_lc(h->a, c, n);
    }
    return h->fl[i];
}

static bool skip_line(H *h, size_t i)
{
    unsigned f = h->t->v[i].flags;
    if (f & (KH_LINE_BLANK | KH_LINE_BOILERPLATE))
        return true;
    size_t n;
    cline(h, i, &n);
    return n == 0;
}

/* Next line at or after i that has content (h->t->n if none). */
static size_t next_content(H *h, size_t i)
{
    while (i < h->t->n && skip_line(h, i))
        i++;
    return i;
}

static bool is_separator(const char *s, size_t n)
{
    if (n == 1 && s[0] == '*')
        return true; /* the star under a Party committee's name */
    if (n < 3)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("-_=*.~ \t", s[i]))
            return false;
    return true;
}

static int lineno(H *h, size_t i) { return i < h->t->n ? h->t->v[i].no : 0; }

static void flag(H *h, size_t i, unsigned f)
{
    if (i < h->t->n && !(h->t->v[i].flags & KH_LINE_BOILERPLATE))
        h->t->v[i].flags |= f;
}

static int re_at(H *h, const char *pat, const char *s, size_t n, size_t start, long *ov, int nov)
{
    return kh_re_match(h->ctx, kh_re(h->ctx, pat, 0), s, n, start, ov, nov);
}

/* ------------------------------------------------------------------ tables */

typedef struct {
    const char *fold, *slug, *label, *prefix;
} kind_def;

static const kind_def kinds[] = {
    {"ke hoach", "ke_hoach", "Kế hoạch", "KH"},
    {"quyet dinh", "quyet_dinh", "Quyết định", "QĐ"},
    {"chi thi", "chi_thi", "Chỉ thị", "CT"},
    {"thong bao", "thong_bao", "Thông báo", "TB"},
    {"bao cao", "bao_cao", "Báo cáo", "BC"},
    {"to trinh", "to_trinh", "Tờ trình", "TTr"},
    {"nghi quyet", "nghi_quyet", "Nghị quyết", "NQ"},
    {"huong dan", "huong_dan", "Hướng dẫn", "HD"},
    {"cong dien", "cong_dien", "Công điện", "CĐ"},
    {"chuong trinh", "chuong_trinh", "Chương trình", "CTr"},
    {"de an", "de_an", "Đề án", "ĐA"},
    {"phuong an", "phuong_an", "Phương án", "PA"},
    {"quy che", "quy_che", "Quy chế", "QC"},
    {"quy dinh", "quy_dinh", "Quy định", "QyĐ"},
    {"thong tu", "thong_tu", "Thông tư", "TT"},
    {"thong tu lien tich", "thong_tu_lien_tich", "Thông tư liên tịch", "TTLT"},
    {"nghi dinh", "nghi_dinh", "Nghị định", "NĐ"},
    {"giay moi", "giay_moi", "Giấy mời", "GM"},
    {"ket luan", "ket_luan", "Kết luận", "KL"},
    {"bien ban", "bien_ban", "Biên bản", "BB"},
    {"du an", "du_an", "Dự án", "DA"},
    {"lenh", "lenh", "Lệnh", "L"},
    {"hop dong", "hop_dong", "Hợp đồng", "HĐ"},
    {"giay gioi thieu", "giay_gioi_thieu", "Giấy giới thiệu", "GGT"},
    {"giay uy quyen", "giay_uy_quyen", "Giấy ủy quyền", "GUQ"},
    {"phieu gui", "phieu_gui", "Phiếu gửi", "PG"},
    {"phieu chuyen", "phieu_chuyen", "Phiếu chuyển", "PC"},
    {"cong van", "cong_van", "Công văn", NULL},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };
static const kind_def cong_van = {"cong van", "cong_van", "Công văn", NULL};

/* Kind heading: the whole (cleaned) line is a kind name printed in capitals (or as a
 * markdown/bold heading). "QUYẾT ĐỊNH:" (the enacting word) is not a heading. */
static const kind_def *kind_heading(H *h, size_t i)
{
    size_t n;
    const char *c = cline(h, i, &n);
    if (n < 4 || n > 40)
        return NULL;
    const char *f = fline(h, i);
    /* "KẾ HOẠCH HÀNH ĐỘNG", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "KẾ HOẠCH LIÊN NGÀNH": the kind
     * with a qualifier; kind_label stays the kind's name */
    static const char *const QUALIFIERS[] = {" hanh dong", " lien nganh", " lien tich", NULL};
    for (int q = 0; QUALIFIERS[q]; q++) {
        size_t fl = strlen(f), ql = strlen(QUALIFIERS[q]);
        if (fl > ql && !strcmp(f + fl - ql, QUALIFIERS[q])) {
            char *base = kh_strndup(h->a, f, fl - ql);
            for (int k = 0; k < N_KINDS; k++)
                if (!strcmp(base, kinds[k].fold) && strcmp(kinds[k].slug, "thong_tu_lien_tich") &&
                    kh_is_upper_text(c, n))
                    return &kinds[k];
        }
    }
    for (int k = 0; k < N_KINDS; k++)
        if (!strcmp(f, kinds[k].fold)) {
            if (kh_is_upper_text(c, n) || (h->t->v[i].flags & (KH_LINE_MDHEAD | KH_LINE_BOLD)) ||
                h->t->v[i].s[0] == '#' || strstr(h->t->v[i].s, "**"))
                return &kinds[k];
        }
    return NULL;
}

static const kind_def *kind_of_symbol(kh_arena *a, const char *sym)
{
    if (!sym)
        return NULL;
    size_t p = strcspn(sym, "-/");
    if (!p)
        return NULL;
    for (int k = 0; k < N_KINDS; k++)
        if (kinds[k].prefix && strlen(kinds[k].prefix) == p && !strncmp(sym, kinds[k].prefix, p))
            return &kinds[k];
    char *lo = kh_lower(a, sym, p);
    for (int k = 0; k < N_KINDS; k++)
        if (kinds[k].prefix && !strcmp(lo, kh_lower(a, kinds[k].prefix, strlen(kinds[k].prefix))))
            return &kinds[k];
    return NULL;
}

/* Administrative-unit words that precede a place name (folded), longest first. */
static const struct {
    const char *fold, *word;
} units[] = {
    {"thanh pho", "thành phố"}, {"thi xa", "thị xã"}, {"thi tran", "thị trấn"},
    {"tp.", "thành phố"},       {"tp", "thành phố"},   {"tinh", "tỉnh"},
    {"huyen", "huyện"},         {"quan", "quận"},      {"phuong", "phường"},
    {"xa", "xã"},
};
enum { N_UNITS = sizeof units / sizeof units[0] };

/* Length in folded bytes of the unit word at f (followed by a space), or 0. */
static size_t unit_at(const char *f, int *which)
{
    for (int k = 0; k < N_UNITS; k++) {
        size_t l = strlen(units[k].fold);
        if (!strncmp(f, units[k].fold, l) && (f[l] == ' ' || (units[k].fold[l - 1] == '.' && f[l]))) {
            if (which)
                *which = k;
            return l;
        }
    }
    return 0;
}

/* Heads of agency names: a new body starts with one of these. */
static const char *const agency_heads[] = {
    "so ", "ban ", "van phong", "cuc ", "chi cuc", "tong cuc", "vu ", "trung tam", "phong ",
    "uy ban", "ubnd", "hoi dong", "hdnd", "truong ", "benh vien", "cong an", "bo chi huy",
    "thanh tra", "kho bac", "bao ", "dai ", "vien ", "hoi ", "doan ", "cong ty", "bo ",
    "tong cong ty", "tap doan",
};

static bool starts_with_any(const char *f, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!strncmp(f, list[k], strlen(list[k])))
            return true;
    return false;
}

/* Position titles (folded); a position line starts with one of these. */
static const char *const positions[] = {
    "pho chu tich", "chu tich", "pho giam doc", "giam doc", "bo truong", "thu truong",
    "pho thu tuong", "thu tuong", "pho chanh van phong", "chanh van phong", "pho truong ban",
    "truong ban", "cuc truong", "pho cuc truong", "vu truong", "pho vu truong", "chu nhiem",
    "pho chu nhiem", "pho bi thu", "bi thu", "truong phong", "pho truong phong", "hieu truong",
    "vien truong", "chanh thanh tra", "tong cuc truong", "chanh an", "tong giam doc",
    "pho tong giam doc", "chu tich hoi dong", "truong", "pho truong",
};

static bool is_position_f(const char *f)
{
    return starts_with_any(f, positions, sizeof positions / sizeof positions[0]);
}

/* ------------------------------------------------------------------ casing */

static const char *const abbrevs[] = {"UBND", "HĐND", "MTTQ", "TT&TT", "TTTT", "BCĐ", "BCH",
                                      "TW", "VN", "UBMTTQ", "KT-XH", "CNTT", "VHTTDL", "GD&ĐT",
                                      "KH&CN", "KH&ĐT", "LĐ-TB&XH", "TN&MT", "NN&PTNT", "TP"};

static bool is_abbrev(const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof abbrevs / sizeof abbrevs[0]; k++)
        if (strlen(abbrevs[k]) == n && !strncmp(abbrevs[k], w, n))
            return true;
    return false;
}

/* Words split on spaces, as arena strings. */
static kh_strlist words(kh_arena *a, const char *s)
{
    kh_strlist w = {0};
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        while (i < n && is_space(s[i]))
            i++;
        size_t j = i;
        while (j < n && !is_space(s[j]))
            j++;
        if (j > i) {
            char *x = kh_strndup(a, s + i, j - i);
            KH_PUSH(a, w, x);
        }
        i = j;
    }
    return w;
}

static char *join_words(kh_arena *a, kh_strlist *w, size_t from, size_t to)
{
    kh_buf b = {0};
    for (size_t k = from; k < to && k < w->n; k++) {
        if (b.n)
            kh_buf_addc(a, &b, ' ');
        kh_buf_adds(a, &b, w->v[k]);
    }
    return (char *)kh_buf_cstr(a, &b);
}

/* Core of a word without surrounding punctuation. */
static sv word_core(const char *w)
{
    sv x = {w, strlen(w)};
    while (x.n && strchr("([\"'", x.s[0])) {
        x.s++;
        x.n--;
    }
    while (x.n && strchr(".,;:)]\"'", x.s[x.n - 1]))
        x.n--;
    /* curly quotes */
    while (x.n >= 3 && (!strncmp(x.s, "\xe2\x80\x9c", 3) || !strncmp(x.s, "\xe2\x80\x9d", 3))) {
        x.s += 3;
        x.n -= 3;
    }
    while (x.n >= 3 && (!strncmp(x.s + x.n - 3, "\xe2\x80\x9d", 3) || !strncmp(x.s + x.n - 3, "\xe2\x80\x9c", 3)))
        x.n -= 3;
    return x;
}

static bool has_digit_or_slash(const char *s)
{
    for (; *s; s++)
        if ((*s >= '0' && *s <= '9') || *s == '/')
            return true;
    return false;
}

/* Replace word w's core by repl (keeping its punctuation). */
static char *replace_core(kh_arena *a, const char *w, const char *repl)
{
    sv c = word_core(w);
    return kh_sprintf(a, "%.*s%s%s", (int)(c.s - w), w, repl, c.s + c.n);
}

/* Sentence case of an all-caps phrase: lower case, first letter capital, abbreviations,
 * numbers and symbols kept; then proper names (places, state bodies) re-capitalised. */
static const char *const proper_phrases[] = {
    "Thủ tướng Chính phủ", "Chính phủ", "Ủy ban nhân dân", "Hội đồng nhân dân", "Quốc hội",
    "Mặt trận Tổ quốc Việt Nam", "Mặt trận Tổ quốc", "Việt Nam", "Tỉnh ủy", "Thành ủy", "Huyện ủy",
    "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương", "Đảng Cộng sản Việt Nam", "Đảng",
};

/* Folded (or lower-cased) cores of a word list, computed once for the many phrases
 * matched against it (re-casing a word never changes them). */
typedef struct {
    char **f[2]; /* [0] lower-cased, [1] folded; NULL until needed */
} word_keys;

static const char *word_key(kh_arena *a, const kh_strlist *w, word_keys *wk, size_t i, bool fold)
{
    if (!wk->f[fold]) {
        wk->f[fold] = kh_alloc(a, (w->n + 1) * sizeof(char *));
        for (size_t j = 0; j < w->n; j++) {
            sv c = word_core(w->v[j]);
            wk->f[fold][j] = fold ? fold_lc(a, c.s, c.n) : kh_lower(a, c.s, c.n);
        }
    }
    return wk->f[fold][i];
}

static void apply_phrase_k(kh_arena *a, kh_strlist *w, word_keys *wk, const char *phrase, bool fold)
{
    if (!w->n)
        return;
    if (fold) {
        /* quick reject: no word starts with the phrase's first (folded) letter */
        int n;
        int32_t c0 = kh_fold_lower_cp(kh_utf8_decode(phrase, strlen(phrase), &n));
        bool any = false;
        for (size_t i = 0; i < w->n && !any; i++)
            any = (unsigned char)word_key(a, w, wk, i, true)[0] == (unsigned)c0;
        if (!any && c0 >= 0 && c0 < 0x80)
            return;
    }
    kh_strlist p = words(a, phrase);
    if (!p.n || p.n > w->n)
        return;
    char **pf = kh_alloc(a, p.n * sizeof *pf);
    for (size_t k = 0; k < p.n; k++)
        pf[k] = fold ? fold_lc(a, p.v[k], strlen(p.v[k])) : kh_lower(a, p.v[k], strlen(p.v[k]));
    for (size_t i = 0; i + p.n <= w->n; i++) {
        size_t k = 0;
        for (; k < p.n; k++) {
            sv c = word_core(w->v[i + k]);
            /* inner words must not carry punctuation except the last */
            if (k + 1 < p.n && c.s + c.n != w->v[i + k] + strlen(w->v[i + k]))
                break;
            if (strcmp(word_key(a, w, wk, i + k, fold), pf[k]))
                break;
        }
        if (k == p.n) {
            for (k = 0; k < p.n; k++)
                w->v[i + k] = replace_core(a, w->v[i + k], p.v[k]);
            i += p.n - 1;
        }
    }
}

static char *sentence_case(H *h, const char *s, kh_strlist *names)
{
    kh_arena *a = h->a;
    kh_strlist w = words(a, s);
    word_keys wk = {{NULL, NULL}};
    for (size_t i = 0; i < w.n; i++) {
        sv c = word_core(w.v[i]);
        if (has_digit_or_slash(w.v[i]) || is_abbrev(c.s, c.n))
            continue;
        w.v[i] = kh_lower(a, w.v[i], strlen(w.v[i]));
    }
    if (w.n)
        w.v[0] = cap_first(a, w.v[0]);
    /* kind names followed by "số" are references: "Chỉ thị số 07/CT-TTg" */
    for (size_t i = 0; i + 1 < w.n; i++) {
        if (strcmp(fold_lc(a, w.v[i + 1], strlen(w.v[i + 1])), "so"))
            continue;
        for (int k = 0; k < N_KINDS; k++) {
            kh_strlist kw = words(a, kinds[k].fold);
            if (kw.n > i + 1)
                continue;
            size_t st = i + 1 - kw.n, q = 0;
            for (; q < kw.n; q++)
                if (strcmp(fold_lc(a, w.v[st + q], strlen(w.v[st + q])), kw.v[q]))
                    break;
            if (q == kw.n) {
                w.v[st] = cap_first(a, w.v[st]);
                break;
            }
        }
    }
    for (size_t k = 0; k < sizeof proper_phrases / sizeof proper_phrases[0]; k++)
        apply_phrase_k(a, &w, &wk, proper_phrases[k], false);
    for (size_t k = 0; k < kh_place_count(); k++)
        apply_phrase_k(a, &w, &wk, kh_place_at(k)->name, true);
    for (size_t k = 0; names && k < names->n; k++)
        apply_phrase_k(a, &w, &wk, names->v[k], true);
    return join_words(a, &w, 0, w.n);
}

/* Titles of office and bodies as they are capitalised inside a capacity/position. */
static const char *const office_phrases[] = {
    "Chủ tịch", "Giám đốc", "Bộ trưởng", "Thứ trưởng", "Thủ tướng", "Chánh Văn phòng", "Văn phòng",
    "Trưởng ban", "Cục trưởng", "Vụ trưởng", "Chủ nhiệm", "Bí thư", "Tổng Giám đốc",
    "Ủy ban nhân dân", "Hội đồng nhân dân", "Ban Thường vụ", "Ban Chỉ đạo", "Chính phủ",
    "Ban Thường trực", "Ban Chấp hành", "Đảng ủy", "Ban Chỉ huy", "Hội đồng quản trị",
};

/* Capacity / position: "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch", "CHÁNH VĂN PHÒNG" ->
 * "Chánh Văn phòng", "ỦY BAN NHÂN DÂN" -> "Ủy ban nhân dân": sentence case, then titles
 * of office re-capitalised (compared tone-folded, so "CHU TICH" also becomes "Chủ tịch"). */
static char *position_case(H *h, const char *s, size_t n)
{
    kh_arena *a = h->a;
    char *c = collapse(a, s, n);
    if (!kh_is_upper_text(c, strlen(c)))
        return c;
    kh_strlist w = words(a, c);
    word_keys wk = {{NULL, NULL}};
    for (size_t i = 0; i < w.n; i++) {
        sv core = word_core(w.v[i]);
        if (!is_abbrev(core.s, core.n))
            w.v[i] = kh_lower(a, w.v[i], strlen(w.v[i]));
    }
    for (size_t k = 0; k < sizeof office_phrases / sizeof office_phrases[0]; k++)
        apply_phrase_k(a, &w, &wk, office_phrases[k], true);
    for (size_t k = 0; k < kh_place_count(); k++)
        apply_phrase_k(a, &w, &wk, kh_place_at(k)->name, true);
    if (w.n)
        w.v[0] = cap_first(a, w.v[0]);
    return join_words(a, &w, 0, w.n);
}

/* Organisation part of an agency name: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" ->
 * "Sở Thông tin và Truyền thông" (each coordinated field capitalised),
 * "ỦY BAN NHÂN DÂN" -> "Ủy ban nhân dân". Mixed-case text is kept. */
static char *org_case(H *h, const char *s)
{
    kh_arena *a = h->a;
    if (!kh_is_upper_text(s, strlen(s)))
        return kh_strdup(a, s);
    kh_strlist w = words(a, s);
    word_keys wk = {{NULL, NULL}};
    static const char *const heads2[] = {"van phong", "chi cuc", "tong cuc", "trung tam", "thanh tra",
                                         "kho bac", "benh vien", "cong an", "bo chi huy"};
    static const char *const heads1[] = {"so", "bo", "cuc", "vu", "ban", "phong", "truong", "dai", "bao",
                                         "vien", "hoi", "doan"};
    for (size_t i = 0; i < w.n; i++) {
        sv core = word_core(w.v[i]);
        if (!is_abbrev(core.s, core.n))
            w.v[i] = kh_lower(a, w.v[i], strlen(w.v[i]));
    }
    if (!w.n)
        return "";
    w.v[0] = cap_first(a, w.v[0]);
    size_t head = 0;
    const char *f0 = fold_lc(a, w.v[0], strlen(w.v[0]));
    if (w.n > 1) {
        char *f01 = kh_sprintf(a, "%s %s", f0, fold_lc(a, w.v[1], strlen(w.v[1])));
        for (size_t k = 0; k < sizeof heads2 / sizeof heads2[0]; k++)
            if (!strcmp(f01, heads2[k]))
                head = 2;
    }
    if (!head)
        for (size_t k = 0; k < sizeof heads1 / sizeof heads1[0]; k++)
            if (!strcmp(f0, heads1[k]))
                head = 1;
    if (head && head < w.n && strcmp(fold_lc(a, w.v[0], strlen(w.v[0])), "uy")) {
        w.v[head] = cap_first(a, w.v[head]);
        for (size_t i = head + 1; i + 1 < w.n; i++) {
            const char *f = fold_lc(a, w.v[i], strlen(w.v[i]));
            size_t l = strlen(w.v[i]);
            if (!strcmp(f, "va") || !strcmp(f, "-") || (l && w.v[i][l - 1] == ','))
                w.v[i + 1] = cap_first(a, w.v[i + 1]);
        }
    }
    for (size_t k = 0; k < sizeof proper_phrases / sizeof proper_phrases[0]; k++)
        if (strcmp(proper_phrases[k], "Đảng"))
            apply_phrase_k(a, &w, &wk, proper_phrases[k], true);
    for (size_t k = 0; k < sizeof office_phrases / sizeof office_phrases[0]; k++)
        if (k >= 13) /* bodies only */
            apply_phrase_k(a, &w, &wk, office_phrases[k], true);
    w.v[0] = cap_first(a, w.v[0]);
    return join_words(a, &w, 0, w.n);
}

/* ------------------------------------------------------------------ name repair */

/* Spelling of `name` most used in the body lines (outside header and closing zones),
 * compared tone-folded at word boundaries. Returns NULL when the printed spelling is
 * the most frequent one (or the name never occurs), else the other spelling; *at gets
 * its first line number. */
static char *body_spelling(H *h, const char *name, int *at)
{
    kh_arena *a = h->a;
    const char *key = fold_lc(a, name, strlen(name));
    size_t kl = strlen(key);
    if (kl < 4)
        return NULL;
    struct {
        char *s;
        int count, line;
    } sp[8];
    int nsp = 0, same = 0;
    char *scratch = NULL;
    size_t scap = 0;
    for (size_t i = 0; i < h->t->n; i++) {
        if (h->t->v[i].flags & (KH_LINE_HEADER | KH_LINE_CLOSING | KH_LINE_BOILERPLATE | KH_LINE_BLANK))
            continue;
        if (kh_over_budget(h->ctx))
            break;
        size_t n;
        const char *c = cline(h, i, &n);
        /* body lines are folded into one scratch buffer, not kept in the fline cache:
         * they are most of the text (11 MB of copies for a 10 MB input) */
        const char *f = h->fl[i];
        if (!f) {
            if (n + 1 > scap) {
                scap = 2 * (n + 1);
                scratch = kh_alloc(a, scap);
            }
            fold_into(scratch, NULL, c, n);
            f = scratch;
        }
        const char *p = strstr(f, key);
        if (!p)
            continue;
        fstr m = fold_map(a, c, n, true);
        for (p = strstr(m.f, key); p; p = strstr(p + 1, key)) {
            size_t o = (size_t)(p - m.f);
            if ((o && (unsigned char)m.f[o - 1] >= 'a' && (unsigned char)m.f[o - 1] <= 'z') ||
                (m.f[o + kl] >= 'a' && m.f[o + kl] <= 'z'))
                continue;
            char *orig = kh_strndup(a, c + m.map[o], m.map[o + kl] - m.map[o]);
            if (!strcmp(kh_lower(a, orig, strlen(orig)), kh_lower(a, name, strlen(name)))) {
                same++;
                continue;
            }
            int k = 0;
            for (; k < nsp; k++)
                if (!strcmp(sp[k].s, orig))
                    break;
            if (k == nsp) {
                if (nsp == 8)
                    continue;
                sp[nsp].s = orig;
                sp[nsp].count = 0;
                sp[nsp].line = h->t->v[i].no;
                nsp++;
            }
            sp[k].count++;
        }
    }
    int best = -1;
    for (int k = 0; k < nsp; k++)
        if (sp[k].count > same && (best < 0 || sp[k].count > sp[best].count))
            best = k;
    if (best < 0)
        return NULL;
    /* only tone marks may differ: same letters and vowel shapes modulo tones */
    if (strlen(tone_strip(a, sp[best].s, strlen(sp[best].s))) != strlen(tone_strip(a, name, strlen(name))))
        return NULL;
    *at = sp[best].line;
    return sp[best].s;
}

/* Place name repaired against the province table: the canonical spelling when the printed
 * one differs in more than tone placement. */
static const char *repair_place(H *h, const char *printed, bool *changed)
{
    *changed = false;
    const kh_place *p = kh_place_lookup(printed, strlen(printed));
    if (!p)
        return printed;
    if (!strcmp(tone_strip(h->a, printed, strlen(printed)), tone_strip(h->a, p->name, strlen(p->name))) &&
        !strcmp(tones_of(h->a, printed), tones_of(h->a, p->name)))
        return printed; /* same letters and tones, placement only (Thanh Hoá / Thanh Hóa) or case */
    /* a short form like "TP HCM" is kept as printed */
    if (strlen(fold_lc(h->a, printed, strlen(printed))) < strlen(fold_lc(h->a, p->name, strlen(p->name))) - 1)
        return printed;
    *changed = true;
    return p->name;
}

/* ------------------------------------------------------------------ header elements */

enum { EL_MOTTO = 1, EL_NUMBER, EL_DATE };

typedef struct {
    int kind;
    size_t b, e;          /* original byte range */
    size_t place_b;       /* EL_DATE: start of "ngày" */
    long ov[8];           /* captures, folded offsets */
} element;

static const char RE_MOTTO1[] = "c\\S{1,3}ng\\s*h\\S{1,3}a\\s*x\\S{1,2}\\s*h\\S{1,3}i\\s*ch\\S{1,2}\\s*ngh\\S{1,3}a\\s*vi\\S{1,3}t\\s*nam";
static const char RE_MOTTO2[] = "\\S{2,4}\\s*l\\S{1,2}p\\s*[-\\x{2013}\\x{2014}]+\\s*\\S{1,3}\\s*d\\S{1,2}\\s*[-\\x{2013}\\x{2014}]+\\s*h\\S{2,4}\\s*ph\\S{1,4}";
/* Party motto, in place of the quốc hiệu ("ĐẢNG CỘNG SẢN VIỆT NAM"); only as a line of its own */
/* (the Youth Union's documents print "ĐOÀN TNCS HỒ CHÍ MINH" there) */
static const char RE_MOTTO_PARTY[] = "^(?:d\\S{1,3}ng\\s*c\\S{1,3}ng\\s*s\\S{1,3}n\\s*vi\\S{1,3}t\\s*nam"
                                     "|do\\S{1,2}n\\s*(?:tncs|thanh\\s*ni\\S{1,2}n\\s*c\\S{1,3}ng\\s*s\\S{1,3}n)\\s*h\\S{1,3}\\s*ch\\S{1,2}\\s*minh)\\s*$";
/* "Số: 14/KH-UBND"; Party numbering puts the kind before the "/": "Số 86-KH/HU" */
static const char RE_NUMBER[] = "(?:^|(?<=\\s))s[o0-9b]{1,2}\\s*(:)?\\s*([0-9]*(?:-[a-z]{1,6})?)\\s*(/)\\s*([^\\s]+)";
static const char RE_DATE[] = "ng\\S{1,2}y\\s*([0-9]{1,2})?\\s*(?:th\\S{1,2}ng|[/.-])\\s*([0-9]{1,2})?\\s*(?:n\\S{1,2}m|[/.-])\\s*([0-9]{4})";

typedef struct {
    element el[6];
    int n;
    fstr m;
} line_scan;

static void add_el(line_scan *ls, element e)
{
    if (ls->n < 6)
        ls->el[ls->n++] = e;
}

static void scan_line(H *h, size_t i, line_scan *ls)
{
    size_t n;
    const char *c = cline(h, i, &n);
    ls->n = 0;
    ls->m = fold_map(h->a, c, n, true);
    const char *f = ls->m.f;
    size_t fn = ls->m.n;
    long ov[10];
    if (re_at(h, RE_MOTTO1, f, fn, 0, ov, 1) > 0)
        add_el(ls, (element){EL_MOTTO, (size_t)ov[0], (size_t)ov[1], 0, {0}});
    if (re_at(h, RE_MOTTO2, f, fn, 0, ov, 1) > 0)
        add_el(ls, (element){EL_MOTTO, (size_t)ov[0], (size_t)ov[1], 0, {0}});
    if (re_at(h, RE_MOTTO_PARTY, f, fn, 0, ov, 1) > 0)
        add_el(ls, (element){EL_MOTTO, (size_t)ov[0], (size_t)ov[1], 0, {0}});
    /* "Số: 14/KH-UBND"; without the colon only at the start of the line and capitalised
     * (a wrapped "số 07/CT-TTg" is a citation) */
    if (re_at(h, RE_NUMBER, f, fn, 0, ov, 5) > 0 && (ov[2] >= 0 || (ov[0] == 0 && c[0] == 'S'))) {
        element e = {EL_NUMBER, (size_t)ov[0], (size_t)ov[1], 0, {0}};
        memcpy(e.ov, ov + 2, sizeof e.ov);
        /* the symbol ends at a comma (merged place-date) */
        add_el(ls, e);
    }
    if (re_at(h, RE_DATE, f, fn, 0, ov, 4) > 0) {
        element e = {EL_DATE, (size_t)ov[0], (size_t)ov[1], (size_t)ov[0], {0}};
        memcpy(e.ov, ov, sizeof e.ov);
        add_el(ls, e);
    }
    /* sort by start */
    for (int x = 1; x < ls->n; x++)
        for (int y = x; y > 0 && ls->el[y].b < ls->el[y - 1].b; y--) {
            element t = ls->el[y];
            ls->el[y] = ls->el[y - 1];
            ls->el[y - 1] = t;
        }
    /* drop overlaps */
    int o = 0;
    for (int x = 0; x < ls->n; x++)
        if (!o || ls->el[x].b >= ls->el[o - 1].e)
            ls->el[o++] = ls->el[x];
    ls->n = o;
}

/* Marks of urgency and secrecy stamped over the header ("HỎA TỐC", "THƯỢNG KHẨN",
 * "KHẨN", "MẬT", "TỐI MẬT", "TUYỆT MẬT"; Nghị định 30/2020/NĐ-CP): not part of the
 * issuer's name nor of the title. */
static bool urgency_mark(H *h, size_t i)
{
    static const char *const MARKS[] = {"hoa toc", "hoa toc hen gio", "thuong khan", "khan", "mat",
                                        "toi mat", "tuyet mat", "khan!", "hoa toc!"};
    const char *f = fline(h, i);
    size_t n = strlen(f);
    while (n && (f[n - 1] == ' ' || f[n - 1] == '.' || f[n - 1] == '*'))
        n--;
    size_t b = 0;
    while (b < n && (f[b] == ' ' || f[b] == '*'))
        b++;
    for (size_t k = 0; k < sizeof MARKS / sizeof MARKS[0]; k++)
        if (n - b == strlen(MARKS[k]) && !strncmp(f + b, MARKS[k], n - b))
            return true;
    return false;
}

static bool is_vv(H *h, size_t i) { return !strncmp(fline(h, i), "v/v", 3); }
static bool is_kinh_gui(H *h, size_t i) { return !strncmp(fline(h, i), "kinh gui", 8); }

static sv orig_range(H *h, size_t i, fstr *m, size_t fb, size_t fe)
{
    size_t n;
    const char *c = cline(h, i, &n);
    (void)n;
    return (sv){c + m->map[fb], m->map[fe] - m->map[fb]};
}

/* Number element -> doc number/symbol. */
static void take_number(H *h, size_t i, line_scan *ls, element *e, size_t *end_f)
{
    kh_document *d = &h->ctx->res->doc;
    fstr *m = &ls->m;
    long nb = e->ov[2], ne = e->ov[3], sb = e->ov[6], se = e->ov[7];
    /* the symbol stops before a trailing comma or a merged place name */
    size_t fe = (size_t)se;
    *end_f = fe;
    sv num = orig_range(h, i, m, (size_t)nb, (size_t)ne);
    sv sym = orig_range(h, i, m, (size_t)sb, fe);
    while (sym.n && strchr(",;.", sym.s[sym.n - 1]))
        sym.n--;
    if (d->number || d->symbol)
        return;
    const char *dash = num.n ? memchr(num.s, '-', num.n) : NULL;
    if (dash) {
        /* Party numbering "86-KH/HU": the ký hiệu is "KH/HU" */
        size_t k = (size_t)(dash + 1 - num.s);
        d->symbol = kh_sprintf(h->a, "%.*s/%.*s", (int)(num.n - k), num.s + k, (int)sym.n, sym.s);
        d->number = kh_sprintf(h->a, "%.*s/%.*s", (int)num.n, num.s, (int)sym.n, sym.s);
        h->number_line = lineno(h, i);
        return;
    }
    d->symbol = sv_dup(h->a, sym);
    if (num.n)
        d->number = kh_sprintf(h->a, "%.*s/%.*s", (int)num.n, num.s, (int)sym.n, sym.s);
    else
        kh_diag_add(h->ctx, "number_blank", KH_SEV_INFO, lineno(h, i),
                    "number left blank ('Số: /%s'); number null, symbol kept", d->symbol);
    h->number_line = lineno(h, i);
}

static void take_date(H *h, size_t i, line_scan *ls, element *e, size_t place_fb)
{
    kh_document *d = &h->ctx->res->doc;
    if (d->date.s[0])
        return;
    fstr *m = &ls->m;
    const char *f = m->f;
    int day = e->ov[2] >= 0 ? atoi(f + e->ov[2]) : 0;
    int mon = e->ov[4] >= 0 ? atoi(f + e->ov[4]) : 0;
    int year = atoi(f + e->ov[6]);
    if (year < 1900 || year > 2200 || mon < 0 || mon > 12 || day < 0 || day > 31)
        return;
    /* ranges checked above: the formats fit kh_date's 11 bytes */
    unsigned y = (unsigned)year % 10000u, mo = (unsigned)mon % 100u, dd = (unsigned)day % 100u;
    if (mon && day)
        snprintf(d->date.s, sizeof d->date.s, "%04u-%02u-%02u", y, mo, dd);
    else if (mon)
        snprintf(d->date.s, sizeof d->date.s, "%04u-%02u", y, mo);
    else
        snprintf(d->date.s, sizeof d->date.s, "%04u", y);
    if (!mon || !day)
        kh_diag_add(h->ctx, "date_partial", KH_SEV_INFO, lineno(h, i),
                    "%s left blank in the date line; date %s", !day ? "day" : "month", d->date.s);
    h->date_line = lineno(h, i);
    /* place: the text before "ngày" */
    sv pl = orig_range(h, i, m, place_fb, e->b);
    pl = sv_trim(pl);
    while (pl.n && strchr(",;:.-", pl.s[pl.n - 1]))
        pl.n--;
    pl = sv_trim(pl);
    if (pl.n && pl.n < 80) {
        char *p = collapse(h->a, pl.s, pl.n);
        if (kh_is_upper_text(p, strlen(p)))
            p = title_words(h->a, p, strlen(p));
        d->place = p;
    }
}

static void note_interleaved(H *h, size_t i, const char *what, bool *once)
{
    if (*once)
        return;
    *once = true;
    kh_diag_add(h->ctx, "layout_interleaved", KH_SEV_INFO, lineno(h, i),
                "%s merged on one line (two-column layout flattened); separated", what);
}

/* An all-caps piece of the issuer block (no digits, a few words). */
static bool issuer_like(H *h, sv x)
{
    x = sv_trim(x);
    if (x.n < 2 || x.n > 160)
        return false;
    char *s = kh_strndup(h->a, x.s, x.n);
    if (!kh_is_upper_text(s, x.n))
        return false;
    /* digits only as a body's own number after its name ("BAN CHỈ ĐẠO 389", "TRƯỜNG THPT
     * SỐ 1"): a separate word of at most three digits, not the first word; a year, a
     * symbol or a date ("NĂM 2026", "17/KH") is not part of an issuer */
    for (size_t k = 0; k < x.n; k++) {
        if (x.s[k] < '0' || x.s[k] > '9')
            continue;
        size_t e = k;
        while (e < x.n && x.s[e] >= '0' && x.s[e] <= '9')
            e++;
        if (k == 0 || x.s[k - 1] != ' ' || e - k > 3 || (e < x.n && x.s[e] != ' '))
            return false;
        k = e;
    }
    return words(h->a, s).n <= 16;
}

/* An issuer piece x (inside the cleaned line i) -> h->issuer_lines. When the export kept
 * two columns side by side on the line (kh_line.col_break inside x, e.g. "ỦY BAN NHÂN
 * DÂN          SỞ Y TẾ TỈNH TIỀN GIANG" of a joint plan) and both sides are issuer-like,
 * only the left column is the issuer's; the right one is the second agency (h->joint). */
static void push_issuer(H *h, size_t i, sv x, bool set_line)
{
    size_t n;
    const char *c = cline(h, i, &n);
    size_t cb = col_at(h, i);
    if (cb && c + cb > x.s && c + cb < x.s + x.n) {
        sv L = sv_trim((sv){x.s, (size_t)(c + cb - x.s)});
        sv R = sv_trim((sv){c + cb, (size_t)(x.s + x.n - (c + cb))});
        if (L.n && R.n && issuer_like(h, L) && issuer_like(h, R)) {
            if (h->joint.n)
                kh_buf_addc(h->a, &h->joint, ' ');
            kh_buf_add(h->a, &h->joint, R.s, R.n);
            x = L;
        }
    }
    char *s = collapse(h->a, x.s, x.n);
    KH_PUSH(h->a, h->issuer_lines, s);
    if (set_line && !h->issuer_line_no)
        h->issuer_line_no = lineno(h, i);
}

/* Header line: cut into elements and the text between them. Returns true when the
 * line belongs to the header block. */
static bool header_line(H *h, size_t i, bool allow_issuer, bool attach)
{
    line_scan ls;
    scan_line(h, i, &ls);
    size_t n;
    const char *c = cline(h, i, &n);
    if (!ls.n) {
        if (allow_issuer && issuer_like(h, (sv){c, n})) {
            if (!attach)
                push_issuer(h, i, (sv){c, n}, true);
            return true;
        }
        return false;
    }
    size_t pos = 0; /* folded */
    int pieces = 0;
    for (int k = 0; k < ls.n; k++) {
        element *e = &ls.el[k];
        sv gap = sv_trim(orig_range(h, i, &ls.m, pos, e->b));
        if (e->kind == EL_DATE) {
            if (!attach)
                take_date(h, i, &ls, e, pos); /* the gap is the place */
        } else if (gap.n) {
            if (allow_issuer && issuer_like(h, gap) && !attach)
                push_issuer(h, i, gap, true);
            pieces++;
        }
        pieces++;
        pos = e->e;
        if (e->kind == EL_NUMBER) {
            size_t end_f = e->e;
            if (!attach)
                take_number(h, i, &ls, e, &end_f);
            pos = end_f;
        }
    }
    sv rest = sv_trim(orig_range(h, i, &ls.m, pos, ls.m.n));
    if (rest.n) {
        /* text after the last element: an issuer line printed after the motto */
        if (allow_issuer && issuer_like(h, rest) && !attach)
            push_issuer(h, i, rest, false);
        pieces++;
    }
    if (pieces > 1 && ls.n >= 1 && !(ls.n == 2 && ls.el[0].kind == EL_MOTTO && ls.el[1].kind == EL_MOTTO && pieces == 2))
        if (!attach)
            note_interleaved(h, i, "header columns", &h->interleaved);
    return true;
}

/* ------------------------------------------------------------------ V/v, Kính gửi */

static bool list_item(const char *c, size_t n)
{
    if (!n)
        return false;
    if (c[0] == '-' || c[0] == '+' || c[0] == '*')
        return true;
    return n >= 3 && (!strncmp(c, "\xe2\x80\xa2", 3) || !strncmp(c, "\xe2\x80\x93", 3));
}

/* "3. Sở X" / "3) Sở X": an addressee numbered in its list; returns the number (0: none). */
static int numbered_item(const char *c, size_t n, size_t *skip)
{
    size_t p = 0;
    int v = 0;
    while (p < n && p < 2 && c[p] >= '0' && c[p] <= '9')
        v = v * 10 + (c[p++] - '0');
    if (!p || p + 1 >= n || (c[p] != '.' && c[p] != ')') || c[p + 1] != ' ')
        return 0;
    if (skip)
        *skip = p + 2;
    return v;
}

static sv strip_item(sv x)
{
    x = sv_trim(x);
    size_t skip;
    if (numbered_item(x.s, x.n, &skip)) {
        x.s += skip;
        x.n -= skip;
    } else if (x.n && (x.s[0] == '-' || x.s[0] == '*')) {
        x.s++;
        x.n--;
    } else if (x.n >= 3 && (!strncmp(x.s, "\xe2\x80\xa2", 3) || !strncmp(x.s, "\xe2\x80\x93", 3))) {
        x.s += 3;
        x.n -= 3;
    }
    x = sv_trim(x);
    x.n = kh_trim_punct(x.s, x.n);
    return sv_trim(x);
}

/* "V/v …" (+ continuation lines starting in lower case). Returns the last line used. */
static size_t take_vv(H *h, size_t i, bool attach)
{
    size_t n;
    const char *c = cline(h, i, &n);
    sv x = {c + 3, n - 3};
    x = sv_trim(x);
    if (x.n && (x.s[0] == ':' || x.s[0] == '.')) {
        x.s++;
        x.n--;
    }
    x = sv_trim(x);
    kh_buf b = {0};
    kh_buf_add(h->a, &b, x.s, x.n);
    size_t last = i;
    for (size_t j = i + 1; j < h->t->n; j++) {
        if (skip_line(h, j))
            break;
        size_t m;
        const char *d = cline(h, j, &m);
        if (!is_lower_cp(first_cp(d, m)) || is_kinh_gui(h, j))
            break;
        line_scan ls;
        scan_line(h, j, &ls);
        if (ls.n)
            break;
        kh_buf_addc(h->a, &b, ' ');
        kh_buf_add(h->a, &b, d, m);
        last = j;
    }
    for (size_t j = i; j <= last; j++)
        flag(h, j, KH_LINE_HEADER);
    if (!attach && !h->ctx->res->doc.subject) {
        const char *s = kh_buf_cstr(h->a, &b);
        size_t sl = kh_trim_punct(s, b.n);
        h->ctx->res->doc.subject = collapse(h->a, s, sl);
    }
    return last;
}

/* "Các Sở: A, B, C" -> "Sở A", "Sở B", "Sở C" (a head noun shared by a list). */
static bool distributive(H *h, sv it)
{
    static const char RE_DIST[] = "^(?:cac\\s+)?(so|bo|ban|phong|cuc|chi cuc|trung tam)\\s*:\\s*\\S";
    const char *f = fold_lc(h->a, it.s, it.n);
    long ov[4];
    if (re_at(h, RE_DIST, f, strlen(f), 0, ov, 2) <= 0)
        return false;
    /* the head as printed, capitalised; the folded head's words match the original's */
    const char *colon = memchr(it.s, ':', it.n);
    sv head = sv_trim((sv){it.s, (size_t)(colon - it.s)});
    kh_strlist hw = words(h->a, kh_strndup(h->a, head.s, head.n));
    size_t skip = !strncmp(f, "cac", 3) ? 1 : 0;
    char *hd = cap_first(h->a, kh_lower(h->a, join_words(h->a, &hw, skip, hw.n), strlen(join_words(h->a, &hw, skip, hw.n))));
    sv rest = {colon + 1, (size_t)(it.s + it.n - colon - 1)};
    while (rest.n) {
        size_t k = 0;
        while (k < rest.n && rest.s[k] != ',')
            k++;
        sv one = sv_trim((sv){rest.s, k});
        one.n = kh_trim_punct(one.s, one.n);
        if (one.n) {
            char *u = kh_sprintf(h->a, "%s %s", hd, collapse(h->a, one.s, one.n));
            KH_PUSH(h->a, h->ctx->res->doc.recipients, u);
        }
        if (k >= rest.n)
            break;
        rest.s += k + 1;
        rest.n -= k + 1;
    }
    return true;
}

static void add_recipients(H *h, sv x)
{
    x = sv_trim(x);
    while (x.n) {
        size_t k = 0;
        while (k < x.n && x.s[k] != ';')
            k++;
        sv it = strip_item((sv){x.s, k});
        if (it.n && !distributive(h, it)) {
            char *s = collapse(h->a, it.s, it.n);
            KH_PUSH(h->a, h->ctx->res->doc.recipients, s);
        }
        if (k >= x.n)
            break;
        x.s += k + 1;
        x.n -= k + 1;
    }
}

static size_t take_kinh_gui(H *h, size_t i, bool attach)
{
    size_t n;
    const char *c = cline(h, i, &n);
    const char *colon = memchr(c, ':', n);
    sv rest = {c + n, 0};
    if (colon)
        rest = sv_trim((sv){colon + 1, (size_t)(c + n - colon - 1)});
    else {
        /* "Kính gửi" then the addressee: skip the two words */
        size_t p = 0;
        for (int w = 0; w < 2 && p < n; w++) {
            while (p < n && !is_space(c[p]))
                p++;
            while (p < n && is_space(c[p]))
                p++;
        }
        rest = sv_trim((sv){c + p, n - p});
    }
    flag(h, i, KH_LINE_HEADER);
    if (!attach)
        add_recipients(h, rest);
    size_t last = i;
    bool bare = rest.n == 0;
    /* addressees numbered "1. … 2. …": the next number continues the list */
    int next_no = numbered_item(rest.s, rest.n, NULL) == 1 ? 2 : bare ? 1 : -1;
    for (size_t j = i + 1; j < h->t->n; j++) {
        if (skip_line(h, j)) {
            /* a blank line ends the list unless more items follow */
            size_t k = next_content(h, j);
            if (k >= h->t->n)
                break;
            size_t m;
            const char *d = cline(h, k, &m);
            if (!list_item(d, m) && (next_no < 2 || numbered_item(d, m, NULL) != next_no))
                break;
            j = k - 1;
            continue;
        }
        size_t m;
        const char *d = cline(h, j, &m);
        int no = numbered_item(d, m, NULL);
        bool in_seq = no && no == next_no && m < 200;
        if (in_seq)
            next_no++;
        if (list_item(d, m) || in_seq || (bare && j == last + 1 && m < 200 && !kh_is_upper_text(d, m))) {
            if (!attach)
                add_recipients(h, (sv){d, m});
            flag(h, j, KH_LINE_HEADER);
            last = j;
            continue;
        }
        break;
    }
    return last;
}

/* ------------------------------------------------------------------ title */

static bool numbered_heading(const char *c, size_t n)
{
    size_t p = 0;
    if (p < n && (c[p] >= '0' && c[p] <= '9')) {
        while (p < n && ((c[p] >= '0' && c[p] <= '9') || c[p] == '.'))
            p++;
        return p < n && (c[p - 1] == '.' || c[p] == ')' || c[p] == ' ');
    }
    while (p < n && strchr("IVXL", c[p]))
        p++;
    return p > 0 && p < n && (c[p] == '.' || c[p] == ')');
}

static const char RE_PREAMBLE[] = "^(?:can cu|thuc hien|theo de nghi|xet de nghi|de trien khai|nham |trong nhung nam|thuc hien y kien)";

static bool preamble_line(H *h, size_t i)
{
    const char *f = fline(h, i);
    long ov[2];
    return re_at(h, RE_PREAMBLE, f, strlen(f), 0, ov, 1) > 0;
}

static bool parenthesized(const char *c, size_t n) { return n >= 2 && c[0] == '(' && c[n - 1] == ')'; }

/* A preamble line inside a paragraph: starts with a preamble word in upper case
 * ("Thực hiện …", "Căn cứ …"), not in lower case (a wrapped title "Triển khai\nthực hiện
 * Nghị quyết …") and not all caps (an all-caps title "… THỰC HIỆN …"). */
static bool preamble_start(H *h, size_t i)
{
    if (!preamble_line(h, i))
        return false;
    size_t n;
    const char *c = cline(h, i, &n);
    return !is_lower_cp(first_cp(c, n)) && !kh_is_upper_text(c, n);
}

/* Openers a title never starts with. */
static const char RE_PREAMBLE_STRONG[] = "^(?:can cu|theo de nghi|xet de nghi|de trien khai|nham |trong nhung nam)";
/* The main clause of a preamble sentence ("…, Ủy ban nhân dân tỉnh ban hành Kế hoạch …");
 * not a cited title ("Quyết định … về việc ban hành Kế hoạch …"). */
static const char RE_PREAMBLE_CLAUSE[] =
    "nhu sau|(?<!ve )(?<!viec )(?:ban hanh|xay dung)\\s+(?:ke hoach|chuong trinh|phuong an|huong dan|de an|quy che)";

/* The first paragraph under the kind heading, starting at line j with a preamble word:
 * is it the preamble rather than a title that starts with "Thực hiện" / "Triển khai"?
 * Preamble when it opens with a word a title never starts with (Căn cứ, Theo đề nghị …),
 * ends with ":" or ";", or holds a main clause ("… ban hành Kế hoạch …", "như sau"). */
static bool preamble_paragraph(H *h, size_t j)
{
    if (!preamble_start(h, j))
        return false;
    long ov[2];
    const char *f = fline(h, j);
    if (re_at(h, RE_PREAMBLE_STRONG, f, strlen(f), 0, ov, 1) > 0)
        return true;
    /* the paragraph as take_title would read it */
    size_t k = j, last = j;
    for (; k < h->t->n && !skip_line(h, k) && k < j + 12; k++) {
        size_t m;
        const char *d = cline(h, k, &m);
        if (k > j && (numbered_heading(d, m) || preamble_start(h, k) || parenthesized(d, m) ||
                      is_separator(d, m) || is_kinh_gui(h, k)))
            break;
        const char *fk = fline(h, k);
        if (re_at(h, RE_PREAMBLE_CLAUSE, fk, strlen(fk), 0, ov, 1) > 0)
            return true;
        last = k;
    }
    /* a clause cut by a line break: "… ban hành\nKế hoạch …" */
    if (last > j) {
        kh_buf b = {0};
        for (size_t x = j; x <= last; x++) {
            if (b.n)
                kh_buf_addc(h->a, &b, ' ');
            kh_buf_adds(h->a, &b, fline(h, x));
        }
        if (re_at(h, RE_PREAMBLE_CLAUSE, b.s, b.n, 0, ov, 1) > 0)
            return true;
    }
    size_t m;
    const char *d = cline(h, last, &m);
    while (m && (d[m - 1] == ' '))
        m--;
    return m && (d[m - 1] == ':' || d[m - 1] == ';');
}

/* The all-caps authority line of a Quyết định ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"). */
static bool authority_line(H *h, size_t i)
{
    size_t n;
    const char *c = cline(h, i, &n);
    if (!kh_is_upper_text(c, n))
        return false;
    const char *f = fline(h, i);
    static const char *const au[] = {"chu tich", "uy ban nhan dan", "hoi dong nhan dan", "bo truong",
                                     "giam doc", "thu tuong", "truong ban", "ban chi dao", "ban thuong vu"};
    return starts_with_any(f, au, sizeof au / sizeof au[0]);
}

/* Lines under the kind heading. Returns the last index used by the title zone. */
static size_t take_title(H *h, size_t kline, bool attach)
{
    kh_arena *a = h->a;
    kh_buf b = {0};
    bool upper = true, any = false;
    size_t last = kline, j = kline + 1;
    for (;;) {
        j = next_content(h, j);
        if (j >= h->t->n)
            break;
        size_t n;
        const char *c = cline(h, j, &n);
        if (is_separator(c, n) || parenthesized(c, n)) {
            flag(h, j, KH_LINE_HEADER);
            last = j++;
            continue;
        }
        if (is_kinh_gui(h, j)) {
            last = j = take_kinh_gui(h, j, attach) + 1;
            continue;
        }
        if (is_vv(h, j)) {
            last = j = take_vv(h, j, attach) + 1;
            continue;
        }
        /* the first paragraph is the title even when it starts with "Thực hiện" /
         * "Triển khai", unless it clearly is the preamble */
        if (numbered_heading(c, n) || (any ? preamble_line(h, j) : preamble_paragraph(h, j)) ||
            kind_heading(h, j))
            break;
        bool cu = kh_is_upper_text(c, n);
        if (any) {
            /* a following paragraph belongs to the title when it continues it */
            bool cont = is_lower_cp(first_cp(c, n)) || (upper && cu && !authority_line(h, j));
            if (!cont) {
                if (cu && authority_line(h, j)) {
                    flag(h, j, KH_LINE_HEADER);
                    last = j++;
                    continue;
                }
                break;
            }
        }
        /* one paragraph: consecutive lines */
        size_t k = j;
        for (; k < h->t->n && !skip_line(h, k); k++) {
            size_t m;
            const char *d = cline(h, k, &m);
            if (k > j && (numbered_heading(d, m) || preamble_start(h, k) || parenthesized(d, m) ||
                          is_separator(d, m) || is_kinh_gui(h, k) || (any && authority_line(h, k))))
                break;
            if (b.n)
                kh_buf_addc(a, &b, ' ');
            kh_buf_add(a, &b, d, m);
            upper = upper && kh_is_upper_text(d, m);
            flag(h, k, KH_LINE_HEADER);
            last = k;
            any = true;
        }
        j = k;
        if (b.n > 2000)
            break;
    }
    if (any && !attach) {
        const char *s = kh_buf_cstr(a, &b);
        size_t sl = kh_trim_punct(s, b.n);
        char *t = collapse(a, s, sl);
        if (upper) {
            kh_strlist names = {0};
            kh_issuer *is = h->ctx->res->doc.issuer;
            if (is && is->area)
                KH_PUSH(a, names, is->area);
            if (h->ctx->res->doc.place)
                KH_PUSH(a, names, h->ctx->res->doc.place);
            t = sentence_case(h, t, &names);
        }
        h->ctx->res->doc.title = t;
    }
    return last;
}

/* ------------------------------------------------------------------ issuer */

typedef struct {
    char *org;      /* organisation part, cased */
    char *unit;     /* "tỉnh", "huyện", … or NULL */
    char *place;    /* place name, cased and repaired, or NULL */
    int unit_k;     /* index into units[] */
    bool ministry, central;
} body_name;

/* Folded core of word i ("" when out of range). */
static const char *wfold(kh_arena *a, const kh_strlist *w, size_t i)
{
    if (i >= w->n)
        return "";
    sv c = word_core(w->v[i]);
    return fold_lc(a, c.s, c.n);
}

/* Is the "XÃ" at word i the noun "xã hội" (social) inside a continuing name ("Sở Lao
 * động - Thương binh và Xã hội", "Ngân hàng Chính sách xã hội", "Bảo hiểm xã hội")
 * rather than the commune unit? A commune is named only right after the body's head
 * ("ỦY BAN NHÂN DÂN XÃ …", "UBND XÃ …", "HĐND XÃ …") or at the start of a line/body. */
static bool social_xa(kh_arena *a, const kh_strlist *w, size_t i)
{
    const char *prev = i ? wfold(a, w, i - 1) : "";
    if (!strcmp(prev, "va"))
        return true;
    if (strcmp(wfold(a, w, i + 1), "hoi"))
        return false;
    return i > 0 && strcmp(prev, "dan") && strcmp(prev, "ubnd") && strcmp(prev, "hdnd") &&
           strcmp(prev, "uy ban");
}

/* "UBND" / "HĐND" alone as the organisation part of a body -> the full name. */
static char *expand_org(H *h, char *org)
{
    if (!org)
        return org;
    const char *f = fold_lc(h->a, org, strlen(org));
    if (!strcmp(f, "ubnd"))
        return kh_strdup(h->a, "Ủy ban nhân dân");
    if (!strcmp(f, "hdnd"))
        return kh_strdup(h->a, "Hội đồng nhân dân");
    /* "BCH ĐOÀN TỈNH …", "BCH CÔNG ĐOÀN …": the executive committee of the organisation
     * named after it, a proper name ("Ban Chấp hành Đoàn tỉnh Nghệ An"); short keeps BCH */
    if (!strncmp(f, "bch ", 4) && org[3] == ' ')
        return kh_sprintf(h->a, "Ban Chấp hành %s", cap_first(h->a, org + 4));
    return org;
}

static body_name parse_body(H *h, const char *s, int line)
{
    kh_arena *a = h->a;
    body_name r = {0};
    r.unit_k = -1;
    kh_strlist w = words(a, s);
    size_t u = w.n, ul = 0;
    for (size_t i = 0; i < w.n; i++) {
        char *rest = fold_lc(a, join_words(a, &w, i, w.n), strlen(join_words(a, &w, i, w.n)));
        int k;
        size_t l = unit_at(rest, &k);
        if (l && !strcmp(units[k].fold, "xa") && social_xa(a, &w, i))
            continue; /* "… Thương binh và Xã hội": the noun "social", not a commune */
        if (l && i + 1 < w.n) {
            /* number of words of the unit */
            size_t nw = 1;
            for (size_t q = 0; q < l; q++)
                if (rest[q] == ' ')
                    nw++;
            if (units[k].fold[l - 1] == '.' && rest[l] != ' ')
                nw = 1; /* "TP.HỒ" glued: handled as one word */
            u = i;
            ul = nw;
            r.unit_k = k;
            break;
        }
    }
    char *org = join_words(a, &w, 0, u);
    r.org = org[0] ? expand_org(h, org_case(h, org)) : NULL;
    if (u < w.n) {
        r.unit = kh_strdup(a, units[r.unit_k].word);
        char *pl = join_words(a, &w, u + ul, w.n);
        if (!strncmp(units[r.unit_k].fold, "tp.", 3) && ul == 1 && w.v[u][3]) /* "TP.HCM" */
            pl = kh_sprintf(a, "%s%s%s", w.v[u] + 3, pl[0] ? " " : "", pl);
        if (kh_is_upper_text(pl, strlen(pl)))
            pl = title_words(a, pl, strlen(pl));
        bool changed;
        const char *fixed = repair_place(h, pl, &changed);
        if (changed)
            kh_diag_add(h->ctx, "name_repaired", KH_SEV_INFO, line, "issuer place '%s' read as %s", pl, fixed);
        r.place = kh_strdup(a, fixed);
    }
    const char *f = fold_lc(a, s, strlen(s));
    r.ministry = !strncmp(f, "bo ", 3) && strncmp(f, "bo chi huy", 10);
    r.central = !strncmp(f, "chinh phu", 9) || !strncmp(f, "thu tuong", 9) || !strncmp(f, "quoc hoi", 8) ||
                !strncmp(f, "van phong chinh phu", 19) || !strncmp(f, "van phong quoc hoi", 18);
    return r;
}

static const char *level_of_unit(int k, const char *place)
{
    if (k < 0)
        return NULL;
    const char *u = units[k].fold;
    if (!strcmp(u, "tinh"))
        return "province";
    if (!strcmp(u, "thanh pho") || !strncmp(u, "tp", 2)) {
        const kh_place *p = place ? kh_place_lookup(place, strlen(place)) : NULL;
        return p && p->city ? "province" : "district";
    }
    if (!strcmp(u, "huyen") || !strcmp(u, "quan") || !strcmp(u, "thi xa"))
        return "district";
    return "commune";
}

static char *short_of(kh_arena *a, const char *name)
{
    static const struct {
        const char *full, *abbr;
    } ab[] = {{"Ủy ban nhân dân", "UBND"}, {"Hội đồng nhân dân", "HĐND"}, {"Ủy ban Mặt trận Tổ quốc", "UBMTTQ"}, {"Ban Chấp hành", "BCH"}};
    for (size_t k = 0; k < sizeof ab / sizeof ab[0]; k++) {
        const char *p = strstr(name, ab[k].full);
        if (p)
            return kh_sprintf(a, "%.*s%s%s", (int)(p - name), name, ab[k].abbr, p + strlen(ab[k].full));
    }
    return kh_strdup(a, name);
}

static bool body_complete(H *h, const char *s)
{
    const char *f = fold_lc(h->a, s, strlen(s));
    if (!strncmp(f, "bo ", 3) || !strncmp(f, "chinh phu", 9) || !strncmp(f, "thu tuong", 9) ||
        !strncmp(f, "dang bo", 7) || !strncmp(f, "quoc hoi", 8))
        return true;
    /* an economic group or corporation is named in full by its head and name ("TẬP ĐOÀN
     * ĐIỆN LỰC VIỆT NAM"): a member company's line after it is a second body */
    if ((!strncmp(f, "tap doan ", 9) || !strncmp(f, "tong cong ty ", 13)) && strchr(strchr(f, ' ') + 1, ' '))
        return true;
    for (const char *p = f; *p; p++)
        if ((p == f || p[-1] == ' ') && unit_at(p, NULL))
            return true;
    return false;
}

/* The body lines' spelling of a name printed in capitals: the same letters and marks,
 * only the letter case differing ("BỆNH VIỆN ĐA KHOA ĐỒNG NAI" is written "Bệnh viện Đa
 * khoa Đồng Nai" where the plan names its issuer). NULL when the body never writes it. */
static char *body_case(H *h, const char *name)
{
    kh_arena *a = h->a;
    size_t nl = strlen(name);
    const char *key = kh_lower(a, name, nl);
    size_t kl = strlen(key);
    if (kl < 4 || kl != nl)
        return NULL;
    for (size_t i = 0; i < h->t->n; i++) {
        if (h->t->v[i].flags & (KH_LINE_HEADER | KH_LINE_CLOSING | KH_LINE_BOILERPLATE | KH_LINE_BLANK))
            continue;
        size_t n;
        const char *c = cline(h, i, &n);
        if (n < kl)
            continue;
        const char *lw = kh_lower(a, c, n);
        if (strlen(lw) != n) /* offsets must map one to one */
            continue;
        for (const char *p = strstr(lw, key); p; p = strstr(p + 1, key)) {
            size_t o = (size_t)(p - lw);
            bool left = !o || lw[o - 1] == ' ' || lw[o - 1] == '(' || lw[o - 1] == '"';
            bool right = o + kl == n || strchr(" ,.;:)\"", lw[o + kl]);
            if (left && right && strncmp(c + o, name, kl))
                return kh_strndup(a, c + o, kl);
        }
    }
    return NULL;
}

/* A Party committee under its Party organisation ("ĐẢNG BỘ TỈNH BẮC NINH / HUYỆN ỦY GIA
 * BÌNH"): the committee issues, named "<cấp> ủy <place>" ("Huyện ủy Gia Bình", "Đảng ủy xã
 * Tân Phú"); no shorter form is printed, so short = name. */
static bool party_issuer(H *h)
{
    static const struct {
        const char *fold, *word, *unit; /* unit: units[].fold of the level, NULL = named after */
    } P[] = {{"tinh uy ", "Tỉnh ủy", "tinh"},  {"thanh uy ", "Thành ủy", "thanh pho"},
             {"huyen uy ", "Huyện ủy", "huyen"}, {"quan uy ", "Quận ủy", "quan"},
             {"thi uy ", "Thị ủy", "thi xa"},    {"dang uy ", "Đảng ủy", NULL}};
    kh_arena *a = h->a;
    kh_strlist *L = &h->issuer_lines;
    for (size_t i = L->n; i-- > 0;) {
        const char *f = fold_lc(a, L->v[i], strlen(L->v[i]));
        for (size_t k = 0; k < sizeof P / sizeof P[0]; k++) {
            size_t pl0 = strlen(P[k].fold); /* "tinh uy " — or the whole line "tinh uy" */
            if (strncmp(f, P[k].fold, pl0) && strcmp(f, kh_strndup(a, P[k].fold, pl0 - 1)))
                continue;
            kh_strlist w = words(a, L->v[i]);
            char *pl = NULL;
            if (w.n < 3) {
                /* "ĐẢNG BỘ TỈNH QUẢNG NAM / TỈNH ỦY": the place is the Party organisation's */
                const char *pf = i ? fold_lc(a, L->v[i - 1], strlen(L->v[i - 1])) : "";
                if (!P[k].unit || strncmp(pf, "dang bo ", 8))
                    return false;
                kh_strlist pw = words(a, L->v[i - 1]);
                body_name b = parse_body(h, join_words(a, &pw, 2, pw.n), h->issuer_line_no);
                if (!b.place || b.org)
                    return false;
                pl = b.place;
            }
            kh_issuer *is = kh_alloc(a, sizeof *is);
            if (P[k].unit) {
                if (!pl)
                    pl = join_words(a, &w, 2, w.n);
                if (kh_is_upper_text(pl, strlen(pl)))
                    pl = title_words(a, pl, strlen(pl));
                int uk = -1;
                for (int q = 0; q < N_UNITS; q++)
                    if (!strcmp(units[q].fold, P[k].unit))
                        uk = q;
                is->name = kh_sprintf(a, "%s %s", P[k].word, pl);
                is->area = pl;
                is->level = (char *)level_of_unit(uk, pl);
            } else {
                /* "ĐẢNG ỦY XÃ TÂN PHÚ" (a commune), "ĐẢNG ỦY KHỐI …" (a bloc of agencies) */
                body_name b = parse_body(h, join_words(a, &w, 2, w.n), h->issuer_line_no);
                if (b.unit && b.place && !b.org) {
                    is->name = kh_sprintf(a, "%s %s %s", P[k].word, b.unit, b.place);
                    is->area = b.place;
                    is->level = (char *)level_of_unit(b.unit_k, b.place);
                } else {
                    is->name = kh_sprintf(a, "%s %s", P[k].word, org_case(h, join_words(a, &w, 2, w.n)));
                    is->level = "other";
                }
            }
            is->short_name = is->name;
            h->ctx->res->doc.issuer = is;
            return true;
        }
    }
    return false;
}

/* A joint document's issuer blocks stacked one above the other, each closed by its rule
 * ("UBND TỈNH X / SỞ Y TẾ / ----- / HỘI CHỮ THẬP ĐỎ TỈNH X / -----", symbol naming both
 * agencies "KHLT-SYT-HCTĐ"): the first block issues (as for blocks side by side), the
 * second is the other agency (h->joint). */
static void split_stacked_issuers(H *h)
{
    kh_strlist *L = &h->issuer_lines;
    const char *sym = h->ctx->res->doc.symbol;
    size_t k = h->issuer_rule_at;
    if (!k || k >= L->n || !sym || !strchr(sym, '-') || !strchr(strchr(sym, '-') + 1, '-'))
        return;
    kh_strlist before = {0}, after = {0};
    for (size_t i = 0; i < L->n; i++)
        KH_PUSH(h->a, *(i < k ? &before : &after), L->v[i]);
    const char *b = join_words(h->a, &before, 0, before.n), *c = join_words(h->a, &after, 0, after.n);
    if (!body_complete(h, b) || !body_complete(h, c))
        return;
    if (h->joint.n)
        kh_buf_addc(h->a, &h->joint, ' ');
    kh_buf_adds(h->a, &h->joint, c);
    L->n = k;
}

static void issuer_from_block(H *h)
{
    kh_arena *a = h->a;
    kh_strlist *L = &h->issuer_lines;
    split_stacked_issuers(h);
    if (party_issuer(h))
        return;
    /* group lines into bodies: "ỦY BAN NHÂN DÂN" + "TỈNH X" is one body, "UBND TỈNH X" +
     * "SỞ Y" are two (parent, issuer) */
    kh_strlist bodies = {0};
    for (size_t i = 0; i < L->n; i++) {
        const char *f = fold_lc(a, L->v[i], strlen(L->v[i]));
        if (bodies.n && !unit_at(f, NULL) &&
            starts_with_any(f, agency_heads, sizeof agency_heads / sizeof agency_heads[0]) &&
            body_complete(h, bodies.v[bodies.n - 1])) {
            KH_PUSH(a, bodies, L->v[i]);
        } else if (bodies.n) {
            bodies.v[bodies.n - 1] = kh_sprintf(a, "%s %s", bodies.v[bodies.n - 1], L->v[i]);
        } else {
            KH_PUSH(a, bodies, L->v[i]);
        }
    }
    if (!bodies.n)
        return;
    body_name me = parse_body(h, bodies.v[bodies.n - 1], h->issuer_line_no);
    body_name parent = {0};
    parent.unit_k = -1;
    bool has_parent = bodies.n > 1;
    if (has_parent)
        parent = parse_body(h, bodies.v[bodies.n - 2], h->issuer_line_no);
    kh_issuer *is = kh_alloc(a, sizeof *is);
    if (me.unit && me.place) {
        is->name = me.org ? kh_sprintf(a, "%s %s %s", me.org, me.unit, me.place) : cap_first(a, kh_sprintf(a, "%s %s", me.unit, me.place));
        is->area = me.place;
        is->level = (char *)level_of_unit(me.unit_k, me.place);
        if (has_parent && me.org && !starts_with_any(fold_lc(a, me.org, strlen(me.org)), (const char *const[]){"uy ban", "hoi dong"}, 2))
            is->level = "department";
    } else if (me.org) {
        is->name = me.org;
        /* a body issuing under its own name is a proper name: where the body writes it
         * in mixed case ("BỘ CÔNG THƯƠNG" … "Bộ Công Thương đề nghị"), that is its
         * spelling, not the sentence case made from capitals */
        char *own = has_parent ? NULL : body_case(h, me.org);
        if (own)
            is->name = own;
        if (me.central)
            is->level = "central";
        else if (me.ministry)
            is->level = "ministry";
        else if (has_parent && parent.org && !parent.ministry && !parent.central &&
                 !starts_with_any(fold_lc(a, parent.org, strlen(parent.org)), (const char *const[]){"uy ban", "hoi dong"}, 2)) {
            /* a body under a Sở, a Tập đoàn, a Tổng công ty … ("SỞ Y TẾ TỈNH ĐỒNG NAI /
             * BỆNH VIỆN ĐA KHOA ĐỒNG NAI", "TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM / TỔNG CÔNG TY ĐIỆN
             * LỰC MIỀN NAM"): the department rule is for a Sở under its people's committee;
             * here the lower body issues under its own name, in the area of its parent */
            char *bc = body_case(h, me.org);
            if (bc)
                is->name = bc;
            is->level = "other";
            is->area = parent.place;
        } else if (has_parent) {
            const char *mf = fold_lc(a, me.org, strlen(me.org));
            is->level = "department";
            if (parent.unit && parent.place && parent.org && !strcmp(mf, "van phong")) {
                /* a bare "VĂN PHÒNG" is the office OF the body above it ("UBND TỈNH X /
                 * VĂN PHÒNG" = "Văn phòng Ủy ban nhân dân tỉnh X"), not an office of the
                 * province */
                is->name = kh_sprintf(a, "%s %s %s %s", me.org, parent.org, parent.unit, parent.place);
                is->area = parent.place;
            } else if (parent.unit && parent.place) {
                is->name = kh_sprintf(a, "%s %s %s", me.org, parent.unit, parent.place);
                is->area = parent.place;
                is->short_name = me.org; /* "Sở Y tế" */
            }
            /* a steering or command committee ("BAN CHỈ ĐẠO 389", "BAN CHỈ HUY PHÒNG,
             * CHỐNG THIÊN TAI") is an inter-agency body chaired from the committee above,
             * not one of its departments */
            if (!strncmp(mf, "ban chi dao", 11) || !strncmp(mf, "ban chi huy", 11))
                is->level = "other";
        } else
            is->level = "other";
    } else
        return;
    if (is->area) {
        /* a place name not in the table: spelled differently in the body? */
        int at = 0;
        if (!kh_place_lookup(is->area, strlen(is->area))) {
            char *o = body_spelling(h, is->area, &at);
            if (o) {
                kh_diag_add(h->ctx, "name_repaired", KH_SEV_INFO, h->issuer_line_no,
                            "issuer place '%s' read as %s (spelled so at line %d)", is->area, o, at);
                char *p = strstr(is->name, is->area);
                if (p)
                    is->name = kh_sprintf(a, "%.*s%s%s", (int)(p - is->name), is->name, o, p + strlen(is->area));
                is->area = o;
            }
        }
    }
    if (!is->short_name)
        is->short_name = short_of(a, is->name);
    h->ctx->res->doc.issuer = is;
}

static const char RE_BODY_ISSUER[] = "(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\\s+(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\\b";

/* No issuer block: Ủy ban nhân dân from the symbol's agency part (or the body's
 * "Ủy ban nhân dân tỉnh …" / "Chủ tịch UBND tỉnh …"), the unit from the body, the area
 * from the place line. */
static void issuer_inferred(H *h, size_t body_begin)
{
    kh_arena *a = h->a;
    kh_document *d = &h->ctx->res->doc;
    const char *org = NULL, *why = NULL;
    if (d->symbol) {
        const char *dash = strrchr(d->symbol, '-');
        const char *ag = dash ? dash + 1 : d->symbol;
        if (!strcmp(ag, "UBND"))
            org = "Ủy ban nhân dân";
        else if (!strcmp(ag, "HĐND"))
            org = "Hội đồng nhân dân";
    }
    int unit_k = -1;
    size_t lim = body_begin + 60 < h->t->n ? body_begin + 60 : h->t->n;
    for (size_t i = body_begin; i < lim && unit_k < 0; i++) {
        if (skip_line(h, i))
            continue;
        const char *f = fline(h, i);
        long ov[4];
        if (re_at(h, RE_BODY_ISSUER, f, strlen(f), 0, ov, 2) > 0) {
            char *u = kh_strndup(a, f + ov[2], (size_t)(ov[3] - ov[2]));
            char *ux = kh_sprintf(a, "%s ", u);
            unit_at(ux, &unit_k);
            if (!org)
                org = f[ov[0]] == 'h' ? "Hội đồng nhân dân" : "Ủy ban nhân dân";
            why = "the body";
        }
    }
    if (!org || !d->place)
        return;
    const char *place = d->place;
    const kh_place *p = kh_place_lookup(place, strlen(place));
    if (unit_k < 0) {
        if (!p)
            return;
        unit_at(p->city ? "thanh pho " : "tinh ", &unit_k);
        why = "the province table";
    }
    kh_issuer *is = kh_alloc(a, sizeof *is);
    is->name = kh_sprintf(a, "%s %s %s", org, units[unit_k].word, place);
    is->short_name = short_of(a, is->name);
    is->level = (char *)level_of_unit(unit_k, place);
    is->area = kh_strdup(a, place);
    d->issuer = is;
    kh_diag_add(h->ctx, "issuer_inferred", KH_SEV_INFO, h->number_line ? h->number_line : h->date_line,
                "no issuer block in the text; issuer inferred from symbol %s, place '%s' and %s",
                d->symbol ? d->symbol : "(none)", place, why ? why : "the symbol");
}

/* ------------------------------------------------------------------ closing */

static const char RE_NOI_NHAN[] = "^n\\S{0,2}i\\s*nh\\S{1,3}n\\s*:?";
/* capacity at the start of a line or after a merged left column */
static const char RE_CAPACITY[] = "(?:^|\\s)(TM|KT|TL|TUQ|Q|T/M|K/T)\\s*[.:]?\\s+(\\p{Lu}[\\p{Lu}\\s,.-]*)$";

typedef struct {
    sv left;   /* text before the capacity (distribution item), may be empty */
    sv cap;    /* capacity prefix */
    sv rest;   /* capacity words */
    bool found;
} cap_split;

/* Cheap pre-check for RE_CAPACITY: one of its prefixes at the start of the line or
 * after a space, followed by a space, '.' or ':'. A byte >= 0x80 may be part of a
 * Unicode space, which \s matches. */
static bool capacity_maybe(const char *c, size_t n)
{
    static const char *const pre[] = {"TM", "KT", "TL", "TUQ", "Q", "T/M", "K/T"};
    for (size_t i = 0; i < n; i++) {
        if (c[i] != 'T' && c[i] != 'K' && c[i] != 'Q')
            continue;
        if (i > 0 && (unsigned char)c[i - 1] > ' ' && (unsigned char)c[i - 1] < 0x80)
            continue;
        for (size_t k = 0; k < sizeof pre / sizeof *pre; k++) {
            size_t m = strlen(pre[k]);
            if (i + m < n && !memcmp(c + i, pre[k], m)) {
                unsigned char nx = (unsigned char)c[i + m];
                if (nx <= ' ' || nx >= 0x80 || nx == '.' || nx == ':')
                    return true;
            }
        }
    }
    return false;
}

static cap_split split_capacity(H *h, const char *c, size_t n)
{
    cap_split r = {{c, n}, {0}, {0}, false};
    if (!capacity_maybe(c, n))
        return r;
    long ov[6];
    if (re_at(h, RE_CAPACITY, c, n, 0, ov, 3) > 0) {
        r.found = true;
        size_t b = (size_t)ov[2];
        r.left = sv_trim((sv){c, b});
        r.cap = (sv){c + ov[2], (size_t)(ov[3] - ov[2])};
        r.rest = sv_trim((sv){c + ov[4], (size_t)(ov[5] - ov[4])});
        if (r.rest.n < 2)
            r.found = false;
    }
    return r;
}

static char *capacity_text(H *h, cap_split *cs)
{
    char *pre = kh_strndup(h->a, cs->cap.s, cs->cap.n);
    for (char *p = pre; *p; p++)
        if (*p == '/')
            memmove(p, p + 1, strlen(p));
    char *pos = position_case(h, cs->rest.s, cs->rest.n);
    /* the body after the post is a proper name: spelled as the body writes it ("KT. GIÁM
     * ĐỐC SỞ Y TẾ" -> "KT. Giám đốc Sở Y tế" where the plan writes "Sở Y tế"); tried from
     * the third word on (after a two-word post), two words at least, opening with an agency
     * head and written with a capital (not in capitals) */
    int w = 0;
    for (char *p = pos; *p; p++) {
        if (*p != ' ')
            continue;
        if (++w < 2 || !strchr(p + 1, ' '))
            continue;
        const char *f = fold_lc(h->a, p + 1, strlen(p + 1));
        if (!starts_with_any(f, agency_heads, sizeof agency_heads / sizeof agency_heads[0]))
            continue;
        char *bc = body_case(h, p + 1);
        if (bc && !kh_is_upper_text(bc, strlen(bc)) && is_upper_cp(first_cp(bc, strlen(bc)))) {
            pos = kh_sprintf(h->a, "%.*s %s", (int)(p - pos), pos, bc);
            break;
        }
    }
    return kh_sprintf(h->a, "%s. %s", pre, pos);
}

/* A name word OCR read without its apostrophe ("KBin" for "K'Bin": two capitals, then
 * lower case) gets it back; anything else is returned as it is. */
static char *name_apostrophe(H *h, char *name, int line)
{
    kh_buf b = {0};
    bool changed = false;
    for (const char *p = name; *p;) {
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        int q1, q2, q3;
        int32_t c1 = kh_utf8_decode(p, (size_t)(e - p), &q1);
        int32_t c2 = q1 < e - p ? kh_utf8_decode(p + q1, (size_t)(e - p - q1), &q2) : 0;
        int32_t c3 = c2 && q1 + q2 < e - p ? kh_utf8_decode(p + q1 + q2, (size_t)(e - p - q1 - q2), &q3) : 0;
        if (c3 && utf8proc_category(c1) == UTF8PROC_CATEGORY_LU && utf8proc_category(c2) == UTF8PROC_CATEGORY_LU &&
            utf8proc_category(c3) == UTF8PROC_CATEGORY_LL) {
            kh_buf_add(h->a, &b, p, (size_t)q1);
            kh_buf_adds(h->a, &b, "'");
            kh_buf_add(h->a, &b, p + q1, (size_t)(e - p - q1));
            changed = true;
        } else {
            kh_buf_add(h->a, &b, p, (size_t)(e - p));
        }
        while (*e == ' ')
            kh_buf_add(h->a, &b, e++, 1);
        p = e;
    }
    if (!changed)
        return name;
    char *fixed = (char *)kh_buf_cstr(h->a, &b);
    kh_diag_add(h->ctx, "name_repaired", KH_SEV_INFO, line, "signer name '%s' read as '%s'", name, fixed);
    return fixed;
}

/* A person's name: 2–6 capitalised words of letters. */
static bool name_like(H *h, const char *c, size_t n)
{
    if (n < 4 || n > 60)
        return false;
    kh_strlist w = words(h->a, kh_strndup(h->a, c, n));
    if (w.n < 2 || w.n > 6)
        return false;
    bool all_upper = kh_is_upper_text(c, n);
    for (size_t i = 0; i < w.n; i++) {
        const char *s = w.v[i];
        size_t l = strlen(s);
        bool firstw = true, after_mark = false;
        size_t letter = 0;
        for (size_t k = 0; k < l; letter++) {
            int q;
            int32_t cp = kh_utf8_decode(s + k, l - k, &q);
            k += (size_t)q;
            /* "KBin" for "K'Bin": OCR drops the apostrophe and leaves two capitals before
             * lower-case letters (an abbreviation has no lower-case letter after them) */
            if (letter == 1 && k < l && !all_upper && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU) {
                int q2;
                if (utf8proc_category(kh_utf8_decode(s + k, l - k, &q2)) == UTF8PROC_CATEGORY_LL) {
                    after_mark = true;
                    continue;
                }
            }
            /* K'Bin, Y-Moan, H’Hen: an apostrophe or hyphen inside a name */
            if (!firstw && k < l && (cp == '\'' || cp == 0x2019 || cp == '-') && !after_mark) {
                after_mark = true;
                continue;
            }
            utf8proc_category_t cat = utf8proc_category(cp);
            if (firstw && cat != UTF8PROC_CATEGORY_LU)
                return false;
            if (!firstw && !all_upper && !after_mark && cat != UTF8PROC_CATEGORY_LL)
                return false;
            if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LL)
                return false;
            firstw = false;
            after_mark = false;
        }
    }
    const char *f = fold_lc(h->a, c, n);
    if (is_position_f(f) || !strncmp(f, "noi nhan", 8))
        return false;
    for (int k = 0; k < N_KINDS; k++)
        if (!strcmp(f, kinds[k].fold))
            return false;
    return true;
}

static bool signature_note(H *h, const char *c, size_t n)
{
    if (n && (c[0] == '(' || c[0] == '['))
        return true;
    const char *f = fold_lc(h->a, c, n);
    return strstr(f, "da ky") || strstr(f, "ky ten") || strstr(f, "dong dau") || strstr(f, "chu ky so");
}

static bool is_noi_nhan(H *h, size_t i)
{
    /* cheap test on the raw line before folding it: "Nơi nhận" starts with N */
    size_t rn;
    const char *r = cline(h, i, &rn);
    if (!rn || (r[0] != 'N' && r[0] != 'n'))
        return false;
    const char *f = fline(h, i);
    long ov[2];
    return re_at(h, RE_NOI_NHAN, f, strlen(f), 0, ov, 1) > 0 && strlen(f) < 200;
}

static bool capacity_line(H *h, size_t i)
{
    size_t n;
    const char *c = cline(h, i, &n);
    cap_split cs = split_capacity(h, c, n);
    return cs.found && cs.left.n == 0;
}

/* Closing anchor at or after `from`: Nơi nhận, a capacity line, or an all-caps position
 * line followed shortly by a name. */
static size_t find_closing(H *h, size_t from)
{
    for (size_t i = from; i < h->t->n; i++) {
        if (skip_line(h, i) || (h->t->v[i].flags & KH_LINE_HEADER))
            continue;
        if (kh_over_budget(h->ctx))
            return h->t->n;
        if (h->t->v[i].len > 400)
            continue;
        size_t n;
        const char *c = cline(h, i, &n);
        if (n > 200)
            continue;
        if (is_noi_nhan(h, i) || capacity_line(h, i))
            return i;
        if (kh_is_upper_text(c, n) && is_position_f(fline(h, i)) && n < 60) {
            size_t k = next_content(h, i + 1);
            for (int s = 0; s < 3 && k < h->t->n; s++) {
                size_t m;
                const char *d = cline(h, k, &m);
                if (name_like(h, d, m))
                    return i;
                if (!signature_note(h, d, m))
                    break;
                k = next_content(h, k + 1);
            }
        }
    }
    return h->t->n;
}

static void add_distribution(H *h, sv x)
{
    x = sv_trim(x);
    while (x.n && (x.s[0] == '-' || x.s[0] == '*' || x.s[0] == ' ')) {
        x.s++;
        x.n--;
    }
    if (x.n >= 3 && !strncmp(x.s, "\xe2\x80\xa2", 3)) {
        x.s += 3;
        x.n -= 3;
    }
    x = sv_trim(x);
    x.n = kh_trim_punct(x.s, x.n);
    if (!x.n)
        return;
    char *s = collapse(h->a, x.s, x.n);
    /* "(đề p/h)": "đề" before an abbreviation is a typo of "để" */
    char *p = strstr(s, "(\xc4\x91\xe1\xbb\x81 ");
    if (p && strchr(p, '/') && strchr(p, ')') > strchr(p, '/')) {
        char *q = kh_sprintf(h->a, "%.*s(\xc4\x91\xe1\xbb\x83 %s", (int)(p - s), s, p + strlen("(\xc4\x91\xe1\xbb\x81 "));
        kh_diag_add(h->ctx, "name_repaired", KH_SEV_INFO, 0, "distribution '%s' read as '%s'", s, q);
        s = q;
    }
    KH_PUSH(h->a, h->ctx->res->doc.distribution, s);
}

/* One column of a signature block: a capacity ("TM. …", "KT. …"), an all-caps line without
 * digits (position, body), a name or a signature note — not Nơi nhận, not a list item. */
static bool signature_piece(H *h, sv x)
{
    if (!x.n || x.n > 120 || list_item(x.s, x.n))
        return false;
    const char *f = fold_lc(h->a, x.s, x.n);
    long ov[2];
    if (re_at(h, RE_NOI_NHAN, f, strlen(f), 0, ov, 1) > 0)
        return false;
    cap_split cs = split_capacity(h, x.s, x.n);
    if (cs.found && !cs.left.n)
        return true;
    return issuer_like(h, x) || name_like(h, x.s, x.n) || signature_note(h, x.s, x.n);
}

/* Two signature blocks side by side (a joint plan: "TM. ỦY BAN NHÂN DÂN          SỞ Y
 * TẾ", "Nguyễn Văn A          Trần Văn B"): both columns of the cleaned line j are
 * signature pieces. *left / *right receive them. A distribution column beside the
 * signature ("Nơi nhận:          KT. CHỦ TỊCH", "- Lưu: VT.          Nguyễn Văn A") is not. */
static bool joint_signatures(H *h, size_t j, sv *left, sv *right)
{
    size_t cb = col_at(h, j);
    if (!cb)
        return false;
    size_t n;
    const char *c = cline(h, j, &n);
    sv L = sv_trim((sv){c, cb}), R = sv_trim((sv){c + cb, n - cb});
    if (!signature_piece(h, L) || !signature_piece(h, R))
        return false;
    *left = L;
    *right = R;
    return true;
}

/* The right column of closing line j when the left one is a distribution item (or the
 * Nơi nhận line) and the right one a position (all caps), a name or a signature note with
 * "ký"; not a capacity (split_capacity splits those without a column break). */
static bool side_signature(H *h, size_t j, sv *right)
{
    size_t cb = col_at(h, j);
    if (!cb)
        return false;
    size_t n;
    const char *c = cline(h, j, &n);
    sv L = sv_trim((sv){c, cb}), R = sv_trim((sv){c + cb, n - cb});
    if (!L.n || !R.n || R.n > 80)
        return false;
    if (!list_item(L.s, L.n) && !is_noi_nhan(h, j))
        return false;
    cap_split cs = split_capacity(h, R.s, R.n);
    if (cs.found)
        return false;
    bool ok = name_like(h, R.s, R.n);
    if (!ok && kh_is_upper_text(R.s, R.n) && issuer_like(h, R) && words(h->a, kh_strndup(h->a, R.s, R.n)).n <= 8)
        ok = true;
    if (!ok && signature_note(h, R.s, R.n) && strstr(fold_lc(h->a, R.s, R.n), "ky"))
        ok = true;
    if (!ok)
        return false;
    *right = R;
    return true;
}

/* Length of c[0..n) without trailing OCR specks: single marks after a space that no
 * name, position or list item ends with ("Nguyễn Văn A |", "… ‘", "… ¦"). */
static size_t speck_trimmed(const char *c, size_t n)
{
    static const char *const SPECKS[] = {"|", "¦", "‘", "’", "'", "`", "_", "~", "!", ",", ".", "•", "“", "”"};
    for (;;) {
        size_t e = n;
        while (e && is_space(c[e - 1]))
            e--;
        size_t b = e;
        while (b && !is_space(c[b - 1]))
            b--;
        if (!b || b == e)
            return e;
        bool speck = false;
        for (size_t k = 0; k < sizeof SPECKS / sizeof *SPECKS && !speck; k++)
            speck = e - b == strlen(SPECKS[k]) && !memcmp(c + b, SPECKS[k], e - b);
        if (!speck)
            return e;
        n = b;
    }
}

/* A second signature block stacked under the first (a joint plan: "TM. BAN THƯỜNG VỤ /
 * HỘI CHỮ THẬP ĐỎ TỈNH / CHỦ TỊCH / name"), starting at line k: capacity or all-caps lines
 * (a few), then a name. Returns the name's line, or 0 when k does not start one. */
static size_t stacked_signature(H *h, size_t k)
{
    int caps = 0;
    bool after_post = false; /* a name in capitals only right under the post */
    for (size_t j = k; j < h->t->n && caps <= 4; j = next_content(h, j + 1)) {
        size_t n;
        const char *c = cline(h, j, &n);
        if (is_separator(c, n) || signature_note(h, c, n))
            continue;
        cap_split cs = split_capacity(h, c, n);
        bool upper = kh_is_upper_text(c, n) && n < 80;
        if ((cs.found && !cs.left.n) || (upper && !(after_post && name_like(h, c, n)))) {
            bool post = !cs.found && is_position_f(fline(h, j));
            if (!cs.found && !caps && !post)
                return 0; /* must open with a capacity or a post */
            after_post = post;
            caps++;
            continue;
        }
        return caps && name_like(h, c, n) ? j : 0;
    }
    return 0;
}

/* Parse the closing block starting at anchor a. Returns one past its last line. */
static size_t take_closing(H *h, size_t a0, bool fill)
{
    kh_document *d = &h->ctx->res->doc;
    kh_strlist caps = {0};
    char *position = NULL, *name = NULL;
    bool in_nn = false, seen_nn = false, extra_post = false;
    size_t last = a0, name_i = 0, cap_i = 0;
    for (size_t j = a0; j < h->t->n; j++) {
        if (skip_line(h, j))
            continue;
        size_t n;
        const char *c = cline(h, j, &n);
        if (is_separator(c, n)) {
            last = j;
            continue;
        }
        /* joint signature blocks side by side: the left one is the document's signer */
        sv jl = {0}, jr = {0};
        bool joint = joint_signatures(h, j, &jl, &jr);
        if (joint) {
            c = jl.s;
            n = jl.n;
        }
        /* a distribution item with the signature column beside it ("- Bộ Y tế;          PHÓ
         * CHỦ TỊCH", "- Lưu: VT.          Nguyễn Văn A"): the item here, the signature
         * piece on its own (a capacity on the right is split by split_capacity below) */
        sv side = {0};
        if (!joint && side_signature(h, j, &side)) {
            n = (size_t)(side.s - c);
            while (n && is_space(c[n - 1]))
                n--;
            if (signature_note(h, side.s, side.n)) {
            } else if (!position && kh_is_upper_text(side.s, side.n) && !name_like(h, side.s, side.n) &&
                       (caps.n || is_position_f(fold_lc(h->a, side.s, side.n)))) {
                position = position_case(h, side.s, side.n);
            } else if (!name && name_like(h, side.s, side.n) && (caps.n || position || seen_nn)) {
                name = collapse(h->a, side.s, side.n);
                if (kh_is_upper_text(name, strlen(name)))
                    name = title_words(h->a, name, strlen(name));
                name_i = j;
            }
            note_interleaved(h, j, "distribution list and signature block", &h->interleaved_closing);
            last = j;
        }
        cap_split cs = split_capacity(h, c, n);
        sv left = cs.found ? cs.left : (sv){c, n};
        bool used = false;
        if (is_noi_nhan(h, j)) {
            in_nn = seen_nn = true;
            const char *colon = memchr(left.s, ':', left.n);
            if (colon) {
                sv rest = sv_trim((sv){colon + 1, (size_t)(left.s + left.n - colon - 1)});
                if (rest.n && fill)
                    add_distribution(h, rest);
            }
            used = true;
        } else if (left.n && in_nn && list_item(left.s, left.n)) {
            if (fill)
                add_distribution(h, left);
            used = true;
        } else if (!left.n) {
            used = cs.found;
        }
        if (cs.found) {
            if (left.n && used)
                note_interleaved(h, j, "distribution list and signature block", &h->interleaved_closing);
            if (caps.n < 3) {
                char *ct = capacity_text(h, &cs);
                KH_PUSH(h->a, caps, ct);
            }
            cap_i = j;
            in_nn = in_nn && left.n;
            last = j;
            continue;
        }
        if (used) {
            last = j;
            continue;
        }
        if (name)
            break;
        if (signature_note(h, c, n) && n < 80) {
            last = j;
            continue;
        }
        if (!position && kh_is_upper_text(c, n) && n < 80 && (caps.n || is_position_f(joint ? fold_lc(h->a, c, n) : fline(h, j))) &&
            !name_like(h, c, n)) {
            position = position_case(h, c, n);
            in_nn = false;
            last = j;
            continue;
        }
        /* a second position line under the signing post: the signer's main post
         * ("TM. BAN CHỈ ĐẠO / TRƯỞNG BAN / PHÓ CHỦ TỊCH UBND TỈNH"); the position is the
         * post held in the signing body, the name still follows */
        if (position && !name && !extra_post && kh_is_upper_text(c, n) && n < 80 && is_position_f(fline(h, j)) &&
            !name_like(h, c, n)) {
            extra_post = true;
            last = j;
            continue;
        }
        size_t nn = speck_trimmed(c, n); /* "K'Bin Ha Prông |": OCR specks after the name */
        if (name_like(h, c, nn) && (caps.n || position || seen_nn)) {
            name = collapse(h->a, c, nn);
            if (kh_is_upper_text(name, strlen(name)))
                name = title_words(h->a, name, strlen(name));
            if (fill)
                name = name_apostrophe(h, name, lineno(h, j));
            if (joint && fill && name_like(h, jr.s, jr.n)) {
                h->joint_signer = collapse(h->a, jr.s, jr.n);
                if (kh_is_upper_text(h->joint_signer, strlen(h->joint_signer)))
                    h->joint_signer = title_words(h->a, h->joint_signer, strlen(h->joint_signer));
            }
            name_i = j;
            last = j;
            /* the left column flattened after the right one: Nơi nhận follows the name */
            size_t k = next_content(h, j + 1);
            /* a joint plan's second signature block stacked under the first: the
             * document's signer is the first; the closing goes on to Nơi nhận */
            size_t k2 = !seen_nn && k < h->t->n ? stacked_signature(h, k) : 0;
            if (k2) {
                if (fill && !h->joint_signer) {
                    size_t m2;
                    const char *c2 = cline(h, k2, &m2);
                    h->joint_signer = collapse(h->a, c2, m2);
                    if (kh_is_upper_text(h->joint_signer, strlen(h->joint_signer)))
                        h->joint_signer = title_words(h->a, h->joint_signer, strlen(h->joint_signer));
                }
                last = k2;
                k = next_content(h, k2 + 1);
                if (k < h->t->n && is_noi_nhan(h, k)) {
                    j = k - 1;
                    continue;
                }
                break;
            }
            if (!seen_nn && k < h->t->n && is_noi_nhan(h, k)) {
                j = k - 1;
                name_i = j; /* keep going */
                continue;
            }
            if (seen_nn && !in_nn)
                break;
            /* distribution items after the name (interleaved columns) are still taken */
            if (k < h->t->n) {
                size_t m;
                const char *dd = cline(h, k, &m);
                if (in_nn && list_item(dd, m))
                    continue;
            }
            break;
        }
        break;
    }
    if (fill) {
        if (caps.n || position || name) {
            kh_signer *sg = kh_alloc(h->a, sizeof *sg);
            sg->name = name;
            sg->position = position;
            if (caps.n) {
                kh_buf b = {0};
                for (size_t k = 0; k < caps.n; k++) {
                    if (k)
                        kh_buf_adds(h->a, &b, ", ");
                    kh_buf_adds(h->a, &b, caps.v[k]);
                }
                sg->capacity = (char *)kh_buf_cstr(h->a, &b);
            }
            d->signer = sg;
            if (!position && caps.n)
                kh_diag_add(h->ctx, "signer_position_missing", KH_SEV_WARNING, lineno(h, cap_i),
                            "no position line under the capacity '%s'; position null", sg->capacity);
        }
    }
    (void)name_i;
    for (size_t j = a0; j <= last && j < h->t->n; j++)
        if (!skip_line(h, j))
            flag(h, j, KH_LINE_CLOSING);
    return last + 1;
}

/* ------------------------------------------------------------------ recipients repair */

static void repair_recipients(H *h)
{
    kh_arena *a = h->a;
    kh_strlist *r = &h->ctx->res->doc.recipients;
    for (size_t i = 0; i < r->n; i++) {
        kh_strlist w = words(a, r->v[i]);
        /* runs of >= 2 capitalised words after the first word */
        for (size_t s = 1; s < w.n;) {
            size_t e = s;
            while (e < w.n && is_upper_cp(first_cp(w.v[e], strlen(w.v[e]))) && !has_digit_or_slash(w.v[e]))
                e++;
            if (e - s >= 2) {
                char *run = join_words(a, &w, s, e);
                sv core = word_core(run);
                char *cr = kh_strndup(a, core.s, core.n);
                int at = 0;
                char *o = body_spelling(h, cr, &at);
                if (o) {
                    char *p = strstr(r->v[i], cr);
                    char *nv = kh_sprintf(a, "%.*s%s%s", (int)(p - r->v[i]), r->v[i], o, p + strlen(cr));
                    kh_diag_add(h->ctx, "name_repaired", KH_SEV_INFO, 0,
                                "recipient '%s' read as %s (spelled so at line %d)", r->v[i], nv, at);
                    r->v[i] = nv;
                }
                s = e;
            } else
                s = e > s ? e : s + 1;
        }
    }
}

/* ------------------------------------------------------------------ attached plan */

/* After a Quyết định's closing: the attached document's repeated header, kind heading,
 * "(Ban hành kèm theo …)" and title are flagged KH_LINE_HEADER; the body goes on. */
static void flag_attached(H *h, size_t from)
{
    size_t i = next_content(h, from);
    int seen = 0;
    for (; i < h->t->n && seen < 12; i = next_content(h, i + 1), seen++) {
        size_t n;
        const char *c = cline(h, i, &n);
        if (is_separator(c, n)) {
            flag(h, i, KH_LINE_HEADER);
            continue;
        }
        if (kh_starts_with_ci(c, n, "PHỤ LỤC"))
            return; /* an appendix (sections.c reads it), not a repeated header */
        if (kind_heading(h, i)) {
            flag(h, i, KH_LINE_HEADER);
            take_title(h, i, true);
            return;
        }
        /* repeated issuer block / motto / number-date of the attachment */
        size_t before = i;
        line_scan ls;
        scan_line(h, i, &ls);
        if (ls.n || issuer_like(h, (sv){c, n})) {
            flag(h, before, KH_LINE_HEADER);
            continue;
        }
        return;
    }
}

/* ------------------------------------------------------------------ main */

void kh_extract_header(kh_ctx *ctx)
{
    kh_result *res = ctx->res;
    kh_text *t = &res->text;
    kh_layout *l = &res->layout;
    kh_document *d = &res->doc;
    size_t N = t->n;
    memset(l, 0, sizeof *l);
    l->body_end = N;
    l->closing_begin = l->closing_end = N;
    if (!N)
        return;
    H hh = {0};
    H *h = &hh;
    h->ctx = ctx;
    h->a = ctx->arena;
    h->t = t;
    /* the per-line caches in one block, given back at the end (32 bytes a line: 5 MB of
     * a 10 MB input, which stayed through the later stages) */
    void *caches = kh_alloc(h->a, N * (sizeof *h->cl + sizeof *h->cn + sizeof *h->fl + sizeof *h->cb));
    h->cl = caches;
    h->fl = (char **)(h->cl + N);
    h->cn = (size_t *)(h->fl + N);
    h->cb = h->cn + N;
    h->hdr_first = SIZE_MAX;

    /* ---- phase 1: the header block (issuer, motto, number, place-date, V/v, Kính gửi) */
    size_t i = next_content(h, 0), first = i, kind_i = N, stop = N;
    int unknown = 0;
    size_t title_first = N, title_last = 0;
    bool seen_number_date = false;
    for (; i < N; i = next_content(h, i + 1)) {
        if (kh_over_budget(ctx))
            break;
        size_t n;
        const char *c = cline(h, i, &n);
        if (is_separator(c, n)) {
            if (h->any)
                flag(h, i, KH_LINE_HEADER);
            if (h->issuer_lines.n && !h->issuer_rule_at && !seen_number_date)
                h->issuer_rule_at = h->issuer_lines.n;
            continue;
        }
        if (urgency_mark(h, i)) {
            flag(h, i, KH_LINE_HEADER);
            continue;
        }
        if (kind_heading(h, i)) {
            kind_i = i;
            break;
        }
        bool vv = is_vv(h, i);
        if (vv || is_kinh_gui(h, i)) {
            size_t e = vv ? take_vv(h, i, false) : take_kinh_gui(h, i, false);
            if (title_first == N)
                title_first = i;
            title_last = e;
            h->any = true;
            i = e;
            if (vv)
                continue;
            stop = next_content(h, e + 1); /* the body follows the addressees */
            break;
        }
        if (n < 400 && header_line(h, i, !seen_number_date, false)) {
            flag(h, i, KH_LINE_HEADER);
            if (h->hdr_first == SIZE_MAX)
                h->hdr_first = i;
            h->hdr_last = i;
            h->any = true;
            seen_number_date = d->symbol && d->date.s[0];
            continue;
        }
        if (!h->any && ++unknown <= 6 && n < 200 && !preamble_line(h, i))
            continue; /* text before the document (web page residue) */
        stop = i;
        break;
    }
    if (!h->any && kind_i == N) {
        /* no header at all: everything is body */
        stop = first;
    }

    /* ---- phase 2: kind heading and title */
    const kind_def *kd = NULL;
    if (kind_i < N) {
        kd = kind_heading(h, kind_i);
        flag(h, kind_i, KH_LINE_HEADER);
        h->kind_line_no = lineno(h, kind_i);
        if (title_first == N)
            title_first = kind_i;
        /* issuer first (title casing uses its area) */
        issuer_from_block(h);
        size_t e = take_title(h, kind_i, false);
        title_last = e > title_last ? e : title_last;
        stop = next_content(h, title_last + 1);
    } else {
        issuer_from_block(h);
    }
    /* skip lines already taken (e.g. Kính gửi after the title) */
    while (stop < N && (skip_line(h, stop) || (t->v[stop].flags & KH_LINE_HEADER)))
        stop++;

    /* layout ranges */
    if (h->hdr_first != SIZE_MAX) {
        l->header_begin = h->hdr_first;
        l->header_end = h->hdr_last + 1;
    } else {
        l->header_begin = l->header_end = first < N ? first : N;
    }
    if (title_first < N) {
        l->title_begin = title_first;
        l->title_end = title_last + 1;
    } else {
        l->title_begin = l->title_end = l->header_end;
    }
    l->body_begin = stop < N ? stop : N;
    l->body_end = N;

    /* ---- kind */
    if (kd) {
        d->kind = (char *)kd->slug;
        d->kind_label = (char *)kd->label;
    } else {
        const kind_def *sk = kind_of_symbol(h->a, d->symbol);
        if (!sk && (d->subject || d->symbol || d->recipients.n))
            sk = &cong_van;
        if (sk) {
            d->kind = (char *)sk->slug;
            d->kind_label = (char *)sk->label;
        }
    }
    if (d->kind && !strcmp(d->kind, "cong_van"))
        d->title = NULL;

    /* place name repair against the table */
    if (d->place) {
        bool changed;
        const char *p = repair_place(h, d->place, &changed);
        if (changed) {
            kh_diag_add(ctx, "name_repaired", KH_SEV_INFO, h->date_line, "place '%s' read as %s", d->place, p);
            d->place = (char *)p;
        }
    }

    /* ---- closing */
    size_t ca = find_closing(h, l->body_begin);
    if (ca < N) {
        size_t ce = take_closing(h, ca, true);
        l->closing_begin = ca;
        l->closing_end = ce;
        /* a plan attached after the signature */
        if (next_content(h, ce) < N)
            flag_attached(h, ce);
    }

    /* ---- issuer without a header block */
    if (!d->issuer)
        issuer_inferred(h, l->body_begin);
    if (d->issuer && d->place && d->issuer->area) {
        /* place and area spell the same name: prefer the repaired one */
        const char *fp = fold_lc(h->a, d->place, strlen(d->place));
        const char *fa = fold_lc(h->a, d->issuer->area, strlen(d->issuer->area));
        if (!strcmp(fp, fa) && strcmp(d->place, d->issuer->area) && kh_place_lookup(d->place, strlen(d->place)))
            d->place = d->issuer->area;
    }
    repair_recipients(h);

    /* a joint document (two agencies' header blocks, side by side or stacked): name the other one */
    if (h->joint.n && d->issuer) {
        const char *js = kh_buf_cstr(h->a, &h->joint);
        body_name b = parse_body(h, js, h->issuer_line_no);
        const char *other = b.org && b.unit && b.place ? kh_sprintf(h->a, "%s %s %s", b.org, b.unit, b.place)
                            : b.org                    ? b.org
                                                       : js;
        kh_diag_add(ctx, "joint_issuers", KH_SEV_INFO, h->issuer_line_no,
                    "two agencies' header blocks (joint document): issuer = the first one, %s; "
                    "the other is %s%s%s",
                    d->issuer->name, other, h->joint_signer ? ", signed by " : "",
                    h->joint_signer ? h->joint_signer : "");
    }
    kh_arena_drop(h->a, caches);
}

/*
 * encoding.c — bytes -> UTF-8.
 *
 * Recognised: UTF-8 (BOM stripped), UTF-16LE/BE (BOM, or the NUL-byte pattern of
 * mostly-Latin text), and the legacy Vietnamese encodings TCVN3 (TCVN 5712:1993, "ABC"),
 * VNI-Windows, VIQR (RFC 1456) and Windows-1258. Detection never looks at a file name:
 * bytes that are not (mostly) valid UTF-8 are decoded with every legacy candidate and the
 * result that reads most like Vietnamese wins (count of well-formed Vietnamese syllables
 * minus ill-formed tokens). ASCII text is VIQR when enough of its words carry VIQR marks
 * that make valid syllables. Tables: data/legacy_tables.inc (tools/gen_legacy_tables.py).
 *
 * Output is not NFC for CP1258/TCVN3 combining marks; normalize.c composes each line.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

#include "data/legacy_tables.inc"

/* ---------------------------------------------------------------- small helpers */

static inline size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the valid UTF-8 sequence at s (strict: no overlongs, surrogates, > U+10FFFF),
 * 0 if invalid. s[0] >= 0x80. */
static inline size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0;
        if (c == 0xED && s[1] >= 0xA0)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

typedef struct {
    size_t invalid;   /* bytes that are not part of a valid UTF-8 sequence */
    size_t multibyte; /* valid multi-byte sequences */
    size_t high;      /* bytes >= 0x80 */
    size_t ctrl;      /* C0 controls other than \t \n \v \f \r, and DEL */
    size_t nul;
} utf8_stats;

static utf8_stats scan_utf8(const unsigned char *s, size_t n)
{
    utf8_stats st = {0};
    size_t i = 0;
    while (i < n) {
        /* ASCII run, 8 bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            /* a byte < 0x20 or == 0x7F in the word? (classic has-less / has-zero tests) */
            uint64_t del = w ^ 0x7F7F7F7F7F7F7F7FULL;
            if (((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) ||
                ((del - 0x0101010101010101ULL) & ~del & 0x8080808080808080ULL))
                break;
            i += 8;
        }
        /* then printable ASCII byte by byte (Vietnamese has short ASCII runs) */
        while (i < n && (unsigned)s[i] - 0x20u < 0x5Fu)
            i++;
        if (i >= n)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) {
                if (c == 0)
                    st.nul++;
                if (c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r')
                    st.ctrl++;
            }
            i++;
            continue;
        }
        size_t k = utf8_seq(s + i, n - i);
        if (k) {
            st.multibyte++;
            st.high += k;
            i += k;
        } else {
            st.invalid++;
            st.high++;
            i++;
        }
    }
    return st;
}

/* ---------------------------------------------------------------- decoders */

static char *dec_utf8(kh_ctx *ctx, const unsigned char *d, size_t n, size_t *out_len)
{
    if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
        d += 3;
        n -= 3;
    }
    *out_len = n;
    (void)ctx;
    /* UTF-8 needs no conversion: hand out the caller's bytes (read-only, alive for the
     * whole parse) instead of a copy — the input is the largest thing in memory. */
    return (char *)(uintptr_t)d;
}

static char *dec_utf16(kh_ctx *ctx, const unsigned char *d, size_t n, bool be, size_t *out_len)
{
    if (n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
        be = d[0] == 0xFE;
        d += 2;
        n -= 2;
    }
    char *out = kh_alloc(ctx->arena, (n / 2) * 3 + 4);
    size_t o = 0, i = 0;
    while (i + 1 < n) {
        uint32_t u = be ? (uint32_t)(d[i] << 8 | d[i + 1]) : (uint32_t)(d[i + 1] << 8 | d[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            uint32_t v = be ? (uint32_t)(d[i] << 8 | d[i + 1]) : (uint32_t)(d[i + 1] << 8 | d[i]);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                i += 2;
                u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
            } else {
                u = 0xFFFD;
            }
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            u = 0xFFFD;
        }
        o += put_utf8(out + o, u);
    }
    if (i < n) /* odd trailing byte */
        o += put_utf8(out + o, 0xFFFD);
    out[o] = 0;
    *out_len = o;
    return out;
}

static char *dec_table(kh_ctx *ctx, const unsigned char *d, size_t n, const uint16_t *tab,
                       size_t *out_len)
{
    char *out = kh_alloc(ctx->arena, n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = d[i];
        if (c < 0x80 && tab[c] == c)
            out[o++] = (char)c;
        else
            o += put_utf8(out + o, tab[c]);
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

static char *dec_vni(kh_ctx *ctx, const unsigned char *d, size_t n, size_t *out_len)
{
    char *out = kh_alloc(ctx->arena, n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = d[i];
        unsigned b = kh_vni_base[c];
        if (b && i + 1 < n && d[i + 1] >= 0xC0) {
            unsigned m = d[i + 1] - 0xC0u;
            uint16_t u = kh_vni_pair[b - 1][m];
            if (!u) /* mark byte in the other case than the base letter */
                u = kh_vni_pair[b - 1][m ^ 0x20];
            if (u) {
                o += put_utf8(out + o, u);
                i++;
                continue;
            }
        }
        if (c < 0x80)
            out[o++] = (char)c;
        else
            o += put_utf8(out + o, kh_vni_to_ucs[c]);
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

/* ---- VIQR */

static int viqr_vowel(int c)
{
    switch (c | 0x20) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
        return 1;
    }
    return 0;
}

static int viqr_is_tone(int c) { return c == '\'' || c == '`' || c == '?' || c == '~' || c == '.'; }
static int viqr_is_mod(int c) { return c == '(' || c == '^' || c == '+'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static uint32_t compose3(uint32_t base, uint32_t m1, uint32_t m2)
{
    if (m2 && utf8proc_get_property((utf8proc_int32_t)m2)->combining_class <
                  utf8proc_get_property((utf8proc_int32_t)m1)->combining_class) {
        uint32_t t = m1; /* canonical order: dot below (220) before circumflex (230) */
        m1 = m2;
        m2 = t;
    }
    utf8proc_int32_t buf[3] = {(utf8proc_int32_t)base, (utf8proc_int32_t)m1, (utf8proc_int32_t)m2};
    utf8proc_ssize_t k = m2 ? 3 : m1 ? 2 : 1;
    k = utf8proc_normalize_utf32(buf, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    return k == 1 ? (uint32_t)buf[0] : 0;
}

static uint32_t viqr_mod_cp(int base, int m)
{
    int b = base | 0x20;
    if (m == '^' && (b == 'a' || b == 'e' || b == 'o'))
        return 0x302;
    if (m == '(' && b == 'a')
        return 0x306;
    if (m == '+' && (b == 'o' || b == 'u'))
        return 0x31B;
    return 0;
}

static uint32_t viqr_tone_cp(int t)
{
    switch (t) {
    case '\'': return 0x301;
    case '`': return 0x300;
    case '?': return 0x309;
    case '~': return 0x303;
    case '.': return 0x323;
    }
    return 0;
}

/* Is the tone character at d[i] (following a vowel) a mark rather than punctuation?
 * RFC 1456: always, unless escaped ("\\."); a syllable takes one tone only, so ". " after
 * an already marked vowel stays punctuation (dec_viqr). Only "..." (an ellipsis) after a
 * vowel is read as punctuation. */
static int viqr_tone_applies(const unsigned char *d, size_t n, size_t i)
{
    return !(d[i] == '.' && i + 1 < n && d[i + 1] == '.');
}

static char *dec_viqr(kh_ctx *ctx, const unsigned char *d, size_t n, size_t *out_len)
{
    char *out = kh_alloc(ctx->arena, n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int c = d[i];
        bool word_start = i == 0 || !is_alpha(d[i - 1]);
        if (c == '\\' && i + 1 < n &&
            (viqr_is_tone(d[i + 1]) || viqr_is_mod(d[i + 1]) || d[i + 1] == '-' || d[i + 1] == '\\' ||
             (d[i + 1] | 0x20) == 'd')) {
            out[o++] = (char)d[i + 1];
            i += 2;
            continue;
        }
        /* đ: "dd"/"d-" at a word's start; "DD"/"Dd" anywhere ("QDD" = QĐ, "HDDND" = HĐND) */
        if ((c | 0x20) == 'd' && i + 1 < n &&
            ((word_start && ((d[i + 1] | 0x20) == 'd' || d[i + 1] == '-')) ||
             (c == 'D' && (d[i + 1] | 0x20) == 'd'))) {
            o += put_utf8(out + o, c == 'd' ? 0x111 : 0x110);
            i += 2;
            continue;
        }
        if (viqr_vowel(c)) {
            uint32_t mod = 0, tone = 0;
            size_t j = i + 1;
            for (int k = 0; k < 2 && j < n; k++) {
                if (!mod && viqr_is_mod(d[j]) && viqr_mod_cp(c, d[j])) {
                    mod = viqr_mod_cp(c, d[j]);
                    j++;
                } else if (!tone && viqr_is_tone(d[j]) && viqr_tone_applies(d, n, j)) {
                    tone = viqr_tone_cp(d[j]);
                    j++;
                } else {
                    break;
                }
            }
            if (mod || tone) {
                uint32_t u = compose3((uint32_t)c, mod ? mod : tone, mod ? tone : 0);
                if (u) {
                    o += put_utf8(out + o, u);
                    i = j;
                    continue;
                }
            }
        }
        out[o++] = (char)c;
        i++;
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

/* ---------------------------------------------------------------- plausibility */

/* A letter of a Vietnamese syllable: base (lower-case ASCII or 'D' for đ), vowel mark
 * (0, '^', '(', '+') and tone (0 or the combining code point). */
typedef struct {
    char base, mod;
    uint32_t tone;
} vn_letter;

static int vn_vowel(char b) { return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y'; }

/* Mark code point -> kind. */
static int add_mark(vn_letter *l, uint32_t m)
{
    switch (m) {
    case 0x302: if (l->mod) return 0; l->mod = '^'; return 1;
    case 0x306: if (l->mod) return 0; l->mod = '('; return 1;
    case 0x31B: if (l->mod) return 0; l->mod = '+'; return 1;
    case 0x300: case 0x301: case 0x303: case 0x309: case 0x323:
        if (l->tone) return 0;
        l->tone = m;
        return 1;
    }
    return 0;
}

/* A nucleus of up to three vowels, each with its modifier, as a number below 25^3:
 * letter i adds (vowel * 4 + modifier + 1) * 25^i. */
static int nucleus_key(const char *vow, const char *mods)
{
    int key = 0, scale = 1;
    for (int i = 0; vow[i]; i++, scale *= 25) {
        int v = (int)(strchr("aeiouy", vow[i]) - "aeiouy");
        int m = mods[i] == '^' ? 1 : mods[i] == '(' ? 2 : mods[i] == '+' ? 3 : 0;
        key += (v * 4 + m + 1) * scale;
    }
    return key;
}

/* Tables computed once (vn_tables_init): which nuclei are valid, and the canonical
 * decomposition of the letters Vietnamese is written with. vn_syllable used to compare
 * each nucleus with ~60 strings and ask utf8proc for each marked letter (~200
 * instructions a letter): scoring a legacy-encoded document was ~6% of a parse. */
static uint8_t nucleus_ok_bits[25 * 25 * 25 / 8 + 1];

typedef struct {
    int32_t cp[3];
    int8_t k; /* code points in cp; 0: not 1..3 (vn_syllable rejects the letter) */
} vn_decomp;

/* Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional; other code
 * points are decomposed by utf8proc on the spot */
#define DEC_A0 0xC0
#define DEC_A1 0x250
#define DEC_B0 0x1E00
#define DEC_B1 0x1F00
static vn_decomp dec_tab[(DEC_A1 - DEC_A0) + (DEC_B1 - DEC_B0)];
static pthread_once_t vn_once = PTHREAD_ONCE_INIT;

static void decompose(uint32_t c, vn_decomp *d)
{
    utf8proc_int32_t buf[4];
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char((utf8proc_int32_t)c, buf, 4, UTF8PROC_DECOMPOSE, &last);
    d->k = k < 1 || k > 3 ? 0 : (int8_t)k;
    for (int j = 0; j < 3; j++)
        d->cp[j] = j < d->k ? buf[j] : 0;
}

static void vn_tables_init(void)
{
    static const char *const ok[] = {
        "a", "a(", "a^", "e", "e^", "i", "o", "o^", "o+", "u", "u+", "y",
        "ai", "ao", "au", "ay", "a^u", "a^y", "eo", "e^u", "ia", "ie^", "iu", "oa", "oa(", "oe", "oi",
        "o^i", "o+i", "oo", "ua", "ua^", "ue^", "ui", "uo^", "uo+", "uy", "u+a", "u+i", "u+o+", "u+u",
        "ye^", "ie^u", "ye^u", "oai", "oay", "oeo", "ua^y", "uo^i", "u+o+i", "u+o+u", "uya", "uye^", "uyu",
        "oao", "e^u", "uo", "o+u", "oa^", "ue", NULL};
    for (int i = 0; ok[i]; i++) {
        char vow[4] = {0}, mods[4] = {0};
        int n = 0;
        for (const char *p = ok[i]; *p; p++)
            if (*p == '^' || *p == '(' || *p == '+')
                mods[n - 1] = *p;
            else
                vow[n++] = *p;
        int key = nucleus_key(vow, mods);
        nucleus_ok_bits[key >> 3] |= (uint8_t)(1u << (key & 7));
    }
    for (uint32_t c = DEC_A0; c < DEC_A1; c++)
        decompose(c, &dec_tab[c - DEC_A0]);
    for (uint32_t c = DEC_B0; c < DEC_B1; c++)
        decompose(c, &dec_tab[(DEC_A1 - DEC_A0) + (c - DEC_B0)]);
}

static int nucleus_ok(const vn_letter *v, int n)
{
    char vow[4] = {0}, mods[4] = {0};
    for (int i = 0; i < n; i++) {
        vow[i] = v[i].base;
        mods[i] = v[i].mod;
    }
    int key = nucleus_key(vow, mods);
    return nucleus_ok_bits[key >> 3] >> (key & 7) & 1;
}

/* Is the token (code points) a well-formed Vietnamese syllable? */
static int vn_syllable(const uint32_t *cp, int n)
{
    vn_letter L[12];
    int nl = 0;
    for (int i = 0; i < n; i++) {
        uint32_t c = cp[i];
        if (c < 0x80) {
            if (!is_alpha((int)c) || nl == 12)
                return 0;
            L[nl++] = (vn_letter){(char)(c | 0x20), 0, 0};
            continue;
        }
        if (c == 0x111 || c == 0x110) {
            if (nl)
                return 0;
            L[nl++] = (vn_letter){'D', 0, 0};
            continue;
        }
        vn_decomp own;
        const vn_decomp *dc = &own;
        if (c >= DEC_A0 && c < DEC_A1)
            dc = &dec_tab[c - DEC_A0];
        else if (c >= DEC_B0 && c < DEC_B1)
            dc = &dec_tab[(DEC_A1 - DEC_A0) + (c - DEC_B0)];
        else
            decompose(c, &own);
        const int32_t *buf = dc->cp;
        int k = dc->k;
        if (!k)
            return 0;
        int start = 0;
        if (buf[0] < 0x80) {
            if (!is_alpha(buf[0]) || nl == 12)
                return 0;
            L[nl++] = (vn_letter){(char)(buf[0] | 0x20), 0, 0};
            start = 1;
        }
        if (!nl)
            return 0;
        for (int j = start; j < k; j++)
            if (!add_mark(&L[nl - 1], (uint32_t)buf[j]))
                return 0;
    }
    if (!nl || nl > 7)
        return 0;
    /* initial consonant */
    static const char ini[][4] = {"ngh", "ng", "nh", "gh", "gi", "kh", "ph", "th", "tr", "ch", "qu"};
    int p = 0;
    char s[8];
    for (int i = 0; i < nl && i < 7; i++)
        s[i] = L[i].base;
    s[nl < 7 ? nl : 7] = 0;
    for (size_t i = 0; i < sizeof ini / sizeof *ini; i++) {
        int m = ini[i][2] ? 3 : 2;
        if (m < nl && s[0] == ini[i][0] && s[1] == ini[i][1] && (m == 2 || s[2] == ini[i][2]) &&
            vn_vowel(s[m]) && !L[m - 1].mod && !L[m - 1].tone) {
            p = m;
            break;
        }
    }
    if (!p && !vn_vowel(s[0])) {
        if (!memchr("bcdDghklmnprstvx", s[0], 16) || L[0].mod || L[0].tone)
            return 0;
        p = 1;
    }
    int v0 = p;
    while (p < nl && vn_vowel(L[p].base))
        p++;
    int nv = p - v0;
    if (nv < 1 || nv > 3 || !nucleus_ok(L + v0, nv))
        return 0;
    /* final consonant */
    int nf = nl - p;
    char fin[4] = {0};
    for (int i = 0; i < nf && i < 3; i++) {
        if (L[p + i].mod || L[p + i].tone)
            return 0;
        fin[i] = L[p + i].base;
    }
    if (nf > 2)
        return 0;
    /* finals: c ch m n ng nh p t */
    if (nf == 1 && !memchr("cmnpt", fin[0], 5))
        return 0;
    if (nf == 2 && !((fin[0] == 'c' && fin[1] == 'h') || (fin[0] == 'n' && (fin[1] == 'g' || fin[1] == 'h'))))
        return 0;
    /* tones: one at most, and only sắc/nặng before a stop */
    uint32_t tone = 0;
    int ntones = 0;
    for (int i = 0; i < nl; i++)
        if (L[i].tone) {
            tone = L[i].tone;
            ntones++;
        }
    if (ntones > 1)
        return 0;
    if (nf && (fin[0] == 'c' || fin[0] == 'p' || fin[0] == 't') && tone && tone != 0x301 && tone != 0x323)
        return 0;
    /* spelling of /k/ and /ɣ/ before front vowels */
    char fv = L[v0].base;
    int front = fv == 'e' || fv == 'i' || fv == 'y';
    if (v0 == 1 && s[0] == 'k' && !front)
        return 0;
    if (v0 == 1 && s[0] == 'c' && front)
        return 0;
    if (v0 >= 2 && s[v0 - 1] == 'h' && s[v0 - 2] == 'g' && !front)
        return 0;
    return 1;
}

static int is_separator(uint32_t c)
{
    if (c < 0x80)
        return !is_alpha((int)c);
    switch (c) {
    case 0xA0: case 0xAB: case 0xBB: case 0xB7: case 0x2013: case 0x2014: case 0x2018:
    case 0x2019: case 0x201C: case 0x201D: case 0x2026: case 0x2022: case 0x2032: case 0xFEFF:
    case 0x200B:
        return 1;
    }
    /* letters and combining marks (no Zs there): no utf8proc look-up for Vietnamese text */
    if ((c >= 0xC0 && c < 0x250) || (c >= 0x300 && c < 0x370) || (c >= DEC_B0 && c < DEC_B1))
        return 0;
    return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ZS;
}

typedef struct {
    long good, bad, ascii_words;
} vn_score;

/* How Vietnamese does UTF-8 text read: well-formed syllables with marks vs. tokens with
 * odd characters. */
static vn_score score_text(const char *s, size_t n)
{
    pthread_once(&vn_once, vn_tables_init);
    vn_score sc = {0, 0, 0};
    uint32_t tok[16];
    int nt = 0, nonascii = 0, overflow = 0;
    for (size_t i = 0; i <= n;) {
        uint32_t c = ' ';
        int k = 1;
        if (i < n) {
            if ((unsigned char)s[i] < 0x80)
                c = (unsigned char)s[i];
            else
                c = (uint32_t)kh_utf8_decode(s + i, n - i, &k);
        }
        if (is_separator(c) && !(c >= 0x300 && c <= 0x36F)) {
            if (nt || overflow) {
                if (!nonascii)
                    sc.ascii_words++;
                else if (!overflow && vn_syllable(tok, nt))
                    sc.good++;
                else
                    sc.bad++;
            }
            nt = nonascii = overflow = 0;
        } else {
            if (c >= 0x80)
                nonascii = 1;
            if (nt < 16)
                tok[nt++] = c;
            else
                overflow = 1;
        }
        if (i == n)
            break;
        i += (size_t)k;
    }
    return sc;
}

/* ---------------------------------------------------------------- encoder (tests, tools) */

static const kh_vn_letter *find_letter(uint32_t u)
{
    for (size_t i = 0; i < sizeof kh_vn_letters / sizeof *kh_vn_letters; i++)
        if (kh_vn_letters[i].ucs == u)
            return &kh_vn_letters[i];
    return NULL;
}

char *kh_encode_legacy(kh_arena *a, const char *s, size_t n, kh_encoding enc, size_t *out_len)
{
    kh_buf b = {0};
    int prev_vowel = 0; /* VIQR: previous output ends with a vowel letter */
    for (size_t i = 0; i < n;) {
        int k;
        uint32_t u = (uint32_t)kh_utf8_decode(s + i, n - i, &k);
        i += (size_t)k;
        const kh_vn_letter *l = u >= 0x80 ? find_letter(u) : NULL;
        if (enc == KH_ENC_VIQR) {
            if (l) {
                kh_buf_adds(a, &b, l->viqr);
                prev_vowel = u != 0x111 && u != 0x110;
            } else if (u < 0x80) {
                bool word_start = !b.n || !is_alpha((unsigned char)b.s[b.n - 1]);
                int nk = 0;
                int32_t next = i < n ? kh_utf8_decode(s + i, n - i, &nk) : 0;
                bool next_d = next == 'd' || next == 'D' || next == 0x111 || next == 0x110;
                bool dd = (u | 0x20) == 'd' && ((word_start && (next_d || next == '-')) || (u == 'D' && next_d));
                if ((prev_vowel && (viqr_is_tone((int)u) || viqr_is_mod((int)u))) || u == '\\' || dd)
                    kh_buf_addc(a, &b, '\\');
                kh_buf_addc(a, &b, (char)u);
                prev_vowel = viqr_vowel((int)u);
            } else {
                char t[4];
                kh_buf_add(a, &b, t, (size_t)kh_utf8_encode((int32_t)u, t));
                prev_vowel = 0;
            }
            continue;
        }
        if (u < 0x80 && enc != KH_ENC_TCVN3) {
            kh_buf_addc(a, &b, (char)u);
            continue;
        }
        if (l) {
            kh_buf_adds(a, &b, enc == KH_ENC_TCVN3 ? l->tcvn3 : enc == KH_ENC_VNI ? l->vni : l->cp1258);
            continue;
        }
        const uint16_t *tab = enc == KH_ENC_TCVN3 ? kh_tcvn3_to_ucs : enc == KH_ENC_VNI ? kh_vni_to_ucs
                                                                                       : kh_cp1258_to_ucs;
        int found = -1;
        if (u < 0x80 && tab[u] == u)
            found = (int)u;
        for (int c = 0x80; found < 0 && c < 256; c++)
            if (tab[c] == u)
                found = c;
        kh_buf_addc(a, &b, found >= 0 ? (char)found : '?');
    }
    *out_len = b.n;
    return b.s ? b.s : kh_strdup(a, "");
}

/* ---------------------------------------------------------------- detection */

static char *decode_as(kh_ctx *ctx, const unsigned char *d, size_t n, kh_encoding e, size_t *ol)
{
    switch (e) {
    case KH_ENC_UTF16: {
        bool be = false;
        if (!(n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))) {
            size_t z0 = 0, z1 = 0, m = n < 4096 ? n : 4096;
            for (size_t i = 0; i + 1 < m; i += 2) {
                z0 += d[i] == 0;
                z1 += d[i + 1] == 0;
            }
            be = z0 > z1;
        }
        return dec_utf16(ctx, d, n, be, ol);
    }
    case KH_ENC_TCVN3: return dec_table(ctx, d, n, kh_tcvn3_to_ucs, ol);
    case KH_ENC_CP1258: return dec_table(ctx, d, n, kh_cp1258_to_ucs, ol);
    case KH_ENC_VNI: return dec_vni(ctx, d, n, ol);
    case KH_ENC_VIQR: return dec_viqr(ctx, d, n, ol);
    default: return dec_utf8(ctx, d, n, ol);
    }
}

static const char *enc_name(kh_encoding e)
{
    switch (e) {
    case KH_ENC_UTF16: return "utf-16";
    case KH_ENC_TCVN3: return "tcvn3";
    case KH_ENC_VNI: return "vni";
    case KH_ENC_VIQR: return "viqr";
    case KH_ENC_CP1258: return "cp1258";
    default: return "utf-8";
    }
}

/* Sample for scoring: the first 256 KiB, ended at a line break. */
static size_t sample_len(const unsigned char *d, size_t n)
{
    size_t m = 256 * 1024;
    if (n <= m)
        return n;
    while (m > 1024 && d[m - 1] != '\n')
        m--;
    return m;
}

/* UTF-16 without BOM: most code units of Latin-script text have a zero high byte. */
static int utf16_pattern(const unsigned char *d, size_t n)
{
    size_t m = n < 8192 ? n : 8192;
    if (m < 4)
        return 0;
    size_t z0 = 0, z1 = 0, pairs = m / 2;
    for (size_t i = 0; i + 1 < m; i += 2) {
        z0 += d[i] == 0;
        z1 += d[i + 1] == 0;
    }
    if (z1 * 4 >= pairs && z0 * 50 <= pairs)
        return 1; /* LE */
    if (z0 * 4 >= pairs && z1 * 50 <= pairs)
        return 2; /* BE */
    return 0;
}

/* UTF-8 text with lines in a legacy encoding (pasted from an old document): each line
 * with invalid UTF-8 is decoded with the legacy candidate that reads best, when that
 * candidate reads better than UTF-8 with replacement characters. */
static char *dec_mixed(kh_ctx *ctx, const unsigned char *d, size_t n, size_t *out_len)
{
    static const kh_encoding cand[] = {KH_ENC_TCVN3, KH_ENC_VNI, KH_ENC_CP1258};
    kh_buf out = {0};
    long fixed[4] = {0};
    int first = 0, no = 1;
    if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
        d += 3;
        n -= 3;
    }
    for (size_t i = 0; i < n; no++) {
        const unsigned char *nl = memchr(d + i, '\n', n - i);
        size_t j = nl ? (size_t)(nl - d) + 1 : n;
        utf8_stats st = scan_utf8(d + i, j - i);
        int best_i = -1;
        char *best = NULL;
        size_t best_len = 0;
        if (st.invalid) {
            vn_score s8 = score_text((const char *)d + i, j - i);
            long best_v = s8.good - 3 * s8.bad;
            if (best_v < 0)
                best_v = 0; /* a legacy reading must be good on its own */
            for (int c = 0; c < 3; c++) {
                size_t ol;
                char *t = decode_as(ctx, d + i, j - i, cand[c], &ol);
                vn_score sc = score_text(t, ol);
                long v = sc.good - 3 * sc.bad;
                if (sc.good > 0 && v > best_v) {
                    best_v = v;
                    best_i = c;
                    best = t;
                    best_len = ol;
                }
            }
        }
        if (best_i >= 0) {
            kh_buf_add(ctx->arena, &out, best, best_len);
            if (!fixed[0]++)
                first = no;
            fixed[1 + best_i]++;
        } else {
            kh_buf_add(ctx->arena, &out, (const char *)d + i, j - i);
        }
        i = j;
    }
    if (fixed[0]) {
        int c = fixed[1] >= fixed[2] && fixed[1] >= fixed[3] ? 0 : fixed[2] >= fixed[3] ? 1 : 2;
        kh_diag_add(ctx, "mixed_encoding", KH_SEV_WARNING, first,
                    "%ld line%s not in UTF-8 decoded as %s (first at line %d); the rest is UTF-8",
                    fixed[0], fixed[0] == 1 ? "" : "s", enc_name(cand[c]), first);
    }
    *out_len = out.n;
    return out.s ? out.s : kh_strdup(ctx->arena, "");
}

int kh_decode(kh_ctx *ctx, const unsigned char *data, size_t len, kh_encoding forced, char **out,
              size_t *out_len)
{
    kh_encoding e = forced;
    if (e == KH_ENC_AUTO) {
        if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
            e = KH_ENC_UTF8;
        else if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
            e = KH_ENC_UTF16;
        else if (utf16_pattern(data, len))
            e = KH_ENC_UTF16;
    }
    if (e == KH_ENC_AUTO) {
        utf8_stats st = scan_utf8(data, len);
        if (st.ctrl * 10 > len) {
            e = KH_ENC_UTF8; /* binary: normalize.c reports it */
        } else if (st.invalid == 0) {
            e = KH_ENC_UTF8;
            if (st.high * 20 < len) { /* (nearly) ASCII: VIQR? */
                size_t m = sample_len(data, len), ol;
                char *v = dec_viqr(ctx, data, m, &ol);
                vn_score sc = score_text(v, ol);
                vn_score base = score_text((const char *)data, m);
                long marked = sc.good - base.good;
                long words = sc.good + sc.bad + sc.ascii_words;
                if (marked >= 3 && marked * 100 >= words * 15 && (sc.bad - base.bad) * 3 <= marked)
                    e = KH_ENC_VIQR;
            }
        } else if (st.multibyte >= 8 * st.invalid) {
            /* UTF-8 with a few bad bytes: lines in a legacy encoding are decoded as such,
             * other bad bytes are left for normalize.c (U+FFFD + diagnostic) */
            ctx->res->input_encoding = "utf-8";
            *out = dec_mixed(ctx, data, len, out_len);
            return KH_OK;
        } else {
            static const kh_encoding cand[] = {KH_ENC_TCVN3, KH_ENC_VNI, KH_ENC_CP1258};
            size_t m = sample_len(data, len), ol;
            vn_score s8 = score_text((const char *)data, m);
            long best = s8.good - 3 * s8.bad;
            if (best < 0)
                best = 0;
            e = KH_ENC_UTF8;
            for (size_t i = 0; i < sizeof cand / sizeof *cand; i++) {
                char *t = decode_as(ctx, data, m, cand[i], &ol);
                vn_score sc = score_text(t, ol);
                long v = sc.good - 3 * sc.bad;
                if (sc.good > 0 && v > best) {
                    best = v;
                    e = cand[i];
                }
            }
            if (e == KH_ENC_UTF8) { /* no legacy encoding fits the whole: line by line */
                ctx->res->input_encoding = "utf-8";
                *out = dec_mixed(ctx, data, len, out_len);
                return KH_OK;
            }
        }
    }
    ctx->res->input_encoding = enc_name(e);
    *out = decode_as(ctx, data, len, e, out_len);
    return KH_OK;
}

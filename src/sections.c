/* sections.c — segment the body into logical paragraphs (blocks) and the heading tree.
 *
 * Body lines are [layout.body_begin, layout.body_end) minus lines header.c flagged as
 * header/closing and normalize.c flagged as boilerplate. Wrapped lines are joined
 * into blocks; numbered lines ("I.", "1.", "1.1.", "a)", "Điều 1.") open sections.
 * A section's level is its depth in the document's own numbering (gold README 2).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------- labels */

typedef struct {
    kh_numbering scheme;
    int depth;          /* decimal: number of components (1.1 -> 2); others 1 */
    size_t label_len;   /* bytes of the label as printed, without "." / ")" */
    size_t skip;        /* bytes to skip to reach the title */
    int value;          /* numeric value of the last component (for gap checks) */
} kh_label;

static bool is_space(char c) { return c == ' ' || c == '\t'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int roman_value(const char *s, size_t n)
{
    int total = 0, prev = 0;
    for (size_t i = n; i-- > 0;) {
        int v = s[i] == 'I' ? 1 : s[i] == 'V' ? 5 : s[i] == 'X' ? 10 : s[i] == 'L' ? 50 : s[i] == 'C' ? 100 : 0;
        if (!v)
            return 0;
        total += v < prev ? -v : v;
        if (v > prev)
            prev = v;
    }
    return total;
}

/* Title text must follow a label: a letter, a quote or markup, not a digit — except a
 * percentage, how targets open ("1. 100% hồ sơ công việc …", "2. 95,5% người dân …"). */
static bool title_starts(const char *s, size_t len)
{
    if (!len)
        return false;
    size_t d = 0;
    while (d < len && d < 6 && (is_digit(s[d]) || (d && (s[d] == ',' || s[d] == '.') && d + 1 < len && is_digit(s[d + 1]))))
        d++;
    if (d && d < len && s[d] == '%')
        return true;
    unsigned char c = (unsigned char)s[0];
    return !is_digit((char)c) && c != '/' && c != '-' && c != '.' && c != ',';
}

/* Rank of a list letter, doubled so that letters some lists skip (đ, f, j, w, z)
 * sit between their neighbours: "e) g)" and "e) f) g)" are both gap-free, "f) h)" is not. */
static int letter_rank(int32_t cp)
{
    static const char order[] = "abcdefghijklmnopqrstuvwxyz";
    if (cp == 0x111)
        return 9; /* đ between d (8) and e (10) */
    const char *p = strchr(order, (int)cp);
    if (!p || !cp)
        return 0;
    int rank = 2, i = (int)(p - order);
    for (int k = 0; k < i; k++)
        rank += strchr("fjwz", order[k]) ? 1 : 2;
    if (strchr("fjwz", (int)cp))
        rank -= 1;
    return rank;
}

/* Recognise a heading label at the start of a line. */
static bool parse_label(const char *s, size_t len, kh_label *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    /* Named units of a document's structure: "Phần II.", "Chương I", "Mục 2.", "Điều 12.",
     * "Nhiệm vụ 3:". The label is printed with its word ("Điều 12"); the number may be
     * Roman or Arabic; a Chương/Phần title often stands on the next line. */
    static const struct {
        const char *word;
        kh_numbering scheme;
        int rank; /* nesting order within the scheme: Phần > Chương > Mục; Điều > Nhiệm vụ */
    } NAMED[] = {{"Phần ", KH_NUM_PART, 1},       {"Chương ", KH_NUM_PART, 2}, {"Mục ", KH_NUM_PART, 3},
                 {"Điều ", KH_NUM_ARTICLE, 1},    {"Nhiệm vụ ", KH_NUM_ARTICLE, 2}};
    /* every line comes here: a first byte no NAMED word can start with (P C M N in either
     * case, or the lead byte of Đ/đ; no other code point lower-cases to these) skips the
     * five compares */
    unsigned char b0 = len ? (unsigned char)s[0] | 0x20 : 0;
    bool named = b0 == 'p' || b0 == 'c' || b0 == 'm' || b0 == 'n' || (len && (unsigned char)s[0] == 0xC4);
    for (size_t k = 0; named && k < sizeof NAMED / sizeof *NAMED; k++) {
        size_t w = strlen(NAMED[k].word);
        if (!kh_starts_with_ci(s, len, NAMED[k].word))
            continue;
        /* the word must be written as a heading word: capitalised ("Điều", "ĐIỀU") */
        int n0;
        int32_t c0 = kh_utf8_decode(s, len, &n0);
        if (!kh_is_upper_text(s, (size_t)n0) && !(c0 >= 'A' && c0 <= 'Z'))
            return false;
        i = w;
        size_t d = i;
        int v = 0;
        while (i < len && is_digit(s[i]))
            i++;
        if (i > d && i - d <= 3) {
            v = (int)strtol(s + d, NULL, 10);
        } else {
            while (i < len && strchr("IVXLC", s[i]) && s[i])
                i++;
            if (i == d || i - d > 6 || !(v = roman_value(s + d, i - d)))
                return false;
        }
        if (i < len && !(s[i] == '.' || s[i] == ':' || is_space(s[i])))
            return false; /* "Điều 12a", "Mục 1/2" */
        out->scheme = NAMED[k].scheme;
        out->depth = NAMED[k].rank;
        out->label_len = i;
        out->value = v;
        bool sep = i < len && (s[i] == '.' || s[i] == ':');
        if (sep)
            i++;
        while (i < len && is_space(s[i]))
            i++;
        out->skip = i;
        /* a title needs its separator unless it is all capitals ("PHẦN I MỤC TIÊU"):
         * "Phần II của Kế hoạch …" opening a wrapped line is running text */
        if (i < len && (!title_starts(s + i, len - i) || (!sep && !kh_is_upper_text(s + i, len - i))))
            return false;
        return true;
    }
    /* An appendix after the signature, as build_blocks rewrites it ("Phụ lục", "Phụ lục
     * II"), with its upper-case title joined on: a part of its own (depth 0). */
    static const char PHU_LUC[] = "Phụ lục";
    if (len >= sizeof PHU_LUC - 1 && !memcmp(s, PHU_LUC, sizeof PHU_LUC - 1)) {
        i = sizeof PHU_LUC - 1;
        size_t d = i + 1, e = d;
        int v = 0;
        if (i < len && s[i] == ' ') {
            while (e < len && (is_digit(s[e]) || strchr("IVXLC", s[e])) && s[e])
                e++;
            if (e > d && (e == len || s[e] == ' ')) {
                v = is_digit(s[d]) ? (int)strtol(s + d, NULL, 10) : roman_value(s + d, e - d);
                i = e;
            }
        }
        size_t j = i;
        while (j < len && is_space(s[j]))
            j++;
        if (i < len && j == i)
            return false;
        if (j < len && !kh_is_upper_text(s + j, len - j))
            return false;
        out->scheme = KH_NUM_PART;
        out->depth = 0;
        out->label_len = i;
        out->value = v;
        out->skip = j;
        return true;
    }
    /* Roman numerals followed by "." / ")" / "/" / "-": "II. NỘI DUNG". */
    while (i < len && strchr("IVXLC", s[i]) && s[i])
        i++;
    if (i > 0 && i <= 6 && i < len && (s[i] == '.' || s[i] == ')' || s[i] == '/' || s[i] == '-')) {
        size_t n = i;
        int v = roman_value(s, n);
        size_t j = i + 1;
        while (j < len && is_space(s[j]))
            j++;
        if (v > 0 && v < 40 && j > i + 1 - (s[i] == '.' ? 1 : 0) && title_starts(s + j, len - j)) {
            out->scheme = KH_NUM_ROMAN;
            out->depth = 1;
            out->label_len = n;
            out->skip = j;
            out->value = v;
            return true;
        }
    }
    /* Arabic "1." / "1)" and decimal "1.1." / "1.1" (up to 60 components). */
    i = 0;
    int comps = 0, last = 0;
    size_t label_end = 0;
    while (i < len && is_digit(s[i])) {
        size_t d = i;
        while (i < len && is_digit(s[i]))
            i++;
        if (i - d > 3 || (comps > 0 && i - d > 2))
            return false; /* "1.200 tấn" is a number with a thousands dot, not item 1.200 */
        last = (int)strtol(s + d, NULL, 10);
        comps++;
        label_end = i;
        if (i < len && s[i] == '.' && i + 1 < len && is_digit(s[i + 1]) && comps < 60) {
            i++;
            continue;
        }
        break;
    }
    if (comps > 0) {
        /* "1-" is how Party documents number their items ("1- Ban Tuyên giáo …") */
        bool sep = i < len && (s[i] == '.' || s[i] == ')' ||
                               (s[i] == '-' && comps == 1 && i + 1 < len && is_space(s[i + 1])));
        if (sep)
            i++;
        if (!sep && comps == 1)
            return false; /* "2023 …" is not a heading */
        size_t j = i;
        while (j < len && is_space(s[j]))
            j++;
        if (j == i && j < len)
            return false; /* "1.Nội dung" without a space: too risky */
        if (!title_starts(s + j, len - j))
            return false;
        if (comps == 1 && last > 60)
            return false;
        out->scheme = comps == 1 ? KH_NUM_ARABIC : KH_NUM_DECIMAL;
        out->depth = comps;
        out->label_len = label_end;
        out->skip = j;
        out->value = last;
        return true;
    }
    /* Letters "a)" "b." "đ)"; upper-case "A." only before an all-caps title. */
    int n = 0;
    int32_t cp = kh_utf8_decode(s, len, &n);
    bool lower = (cp >= 'a' && cp <= 'z') || cp == 0x111;
    bool upper = (cp >= 'A' && cp <= 'Z') || cp == 0x110;
    if ((lower || upper) && (size_t)n < len && (s[n] == ')' || s[n] == '.')) {
        size_t j = (size_t)n + 1;
        if (j >= len || !is_space(s[j]))
            return false;
        while (j < len && is_space(s[j]))
            j++;
        if (!title_starts(s + j, len - j))
            return false;
        if (upper && (s[n] != '.' || !kh_is_upper_text(s + j, len - j)))
            return false;
        out->scheme = KH_NUM_LETTER;
        out->depth = upper ? 0 : 1; /* upper-case letters rank above arabic numbers */
        out->label_len = (size_t)n;
        out->skip = j;
        out->value = letter_rank(lower ? cp : cp + ('a' - 'A'));
        return true;
    }
    return false;
}

/* ---------------------------------------------------------------- OCR-damaged labels */

/* Where the body's numbering stands, for accepting a damaged label only at the place in
 * the sequence where the next label is due. */
typedef struct {
    int roman;  /* value of the last Roman heading, 0 = none yet */
    int letter; /* rank of the last lower-case letter heading since a higher heading, 0 = none */
} seq_state;

static void seq_note(seq_state *q, const kh_label *lab)
{
    if (lab->scheme == KH_NUM_ROMAN) {
        q->roman = lab->value;
        q->letter = 0;
    } else if (lab->scheme == KH_NUM_LETTER && lab->depth == 1) {
        q->letter = lab->value;
    } else if (lab->scheme == KH_NUM_ARABIC || lab->scheme == KH_NUM_DECIMAL) {
        q->letter = 0;
    }
}

/* Title after a repaired label: must start with a capital letter. */
static bool capital_title(const char *s, size_t len)
{
    if (!len)
        return false;
    int n;
    int32_t cp = kh_utf8_decode(s, len, &n);
    if (cp == 0xFFFD || (cp >= '0' && cp <= '9') || cp < 'A')
        return false;
    return kh_is_upper_text(s, (size_t)n);
}

/* A heading label as OCR damaged it, repaired when the line reads as the heading that is
 * due next in the document's numbering:
 *  - Roman numerals with 1/l/| for I and Y for V ("I11I. KINH PHÍ" = "III."), or with
 *    stray punctuation after the separator ("IV.: TỔ CHỨC"), before an all-capitals title,
 *    valued exactly one more than the last Roman heading;
 *  - a list letter read as a symbol ("© Tổ chức …", "¢) Đẩy mạnh …" for "c)"), possibly
 *    after one character of page debris ("o © …"), before a capitalised title, the next
 *    letter after the last one.
 * Returns the line rewritten with a clean label (arena), NULL when not such a line. */
static char *ocr_label(kh_ctx *ctx, const char *s, size_t len, const seq_state *q)
{
    /* Roman */
    if (q->roman > 0) {
        char rom[8];
        size_t i = 0, k = 0;
        bool confused = false;
        while (i < len && k < 7 && s[i] && strchr("IVXl1|Y", s[i])) {
            char c = s[i];
            if (c == 'l' || c == '1' || c == '|' || c == 'Y')
                confused = true;
            rom[k++] = c == 'Y' ? 'V' : strchr("l1|", c) ? 'I' : c;
            i++;
        }
        rom[k] = 0;
        if (k > 0 && k <= 6 && i < len && (s[i] == '.' || s[i] == ')')) {
            size_t j = i + 1;
            while (j < len && s[j] && strchr(",.:;", s[j]))
                j++, confused = true;
            while (j < len && is_space(s[j]))
                j++;
            /* "I11I" has one I too many: a doubled stroke; read the value from the distinct
             * run lengths only when it is the one due next */
            int v = roman_value(rom, k);
            if (v != q->roman + 1 && k >= 3) {
                /* drop one repeated character at a time */
                for (size_t d = 0; d < k && v != q->roman + 1; d++) {
                    if (d + 1 < k && rom[d] == rom[d + 1]) {
                        char t[8];
                        memcpy(t, rom, d);
                        memcpy(t + d, rom + d + 1, k - d - 1);
                        int tv = roman_value(t, k - 1);
                        if (tv == q->roman + 1)
                            v = tv;
                    }
                }
            }
            if (confused && v == q->roman + 1 && j < len && len - j >= 4 && kh_is_upper_text(s + j, len - j) &&
                capital_title(s + j, len - j)) {
                static const char *const R[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                                "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"};
                if (v <= 20)
                    return kh_sprintf(ctx->arena, "%s. %.*s", R[v - 1], (int)(len - j), s + j);
            }
        }
    }
    /* a list letter read as a symbol */
    if (q->letter > 0) {
        size_t i = 0;
        int n;
        int32_t cp = kh_utf8_decode(s, len, &n);
        /* one character of debris and a space before the label */
        if ((size_t)n + 1 < len && is_space(s[n]) && !(cp >= '0' && cp <= '9')) {
            int n2;
            int32_t c2 = kh_utf8_decode(s + n + 1, len - n - 1, &n2);
            if (c2 == 0xA9 || c2 == 0xA2 || c2 == 0x20AC)
                i = (size_t)n + 1;
        }
        cp = kh_utf8_decode(s + i, len - i, &n);
        char letter = cp == 0xA9 || cp == 0xA2 ? 'c' : cp == 0x20AC ? 'e' : 0;
        if (letter) {
            size_t j = i + (size_t)n;
            if (j < len && (s[j] == ')' || s[j] == '.'))
                j++;
            size_t sp = j;
            while (j < len && is_space(s[j]))
                j++;
            int rank = letter_rank(letter);
            if (j > sp && rank > q->letter && rank - q->letter <= 2 && capital_title(s + j, len - j))
                return kh_sprintf(ctx->arena, "%c) %.*s", letter, (int)(len - j), s + j);
        }
    }
    return NULL;
}

/* ---------------------------------------------------------------- bullets and fields */

/* Bullet marker at the start: "-", "+", "–", "—", "•", "*", "·". Returns its byte length
 * including following spaces, 0 when none. */
static size_t bullet_len(const char *s, size_t len, char *marker)
{
    size_t m = 0;
    /* OCR page debris before the marker: ", - Đơn vị phối hợp: …" */
    size_t pre = 0;
    if (len >= 4 && strchr(",.'`", s[0]) && s[0] && is_space(s[1]) && strchr("-+", s[2]) && s[2] && is_space(s[3]))
        pre = 2;
    s += pre;
    len -= pre;
    /* "_ " and "~ " are how OCR reads a dash bullet */
    if (len >= 1 && (s[0] == '-' || s[0] == '+' || s[0] == '*' || s[0] == '_' || s[0] == '~'))
        m = 1;
    else if (len >= 3 && (!memcmp(s, "\xe2\x80\x93", 3) || !memcmp(s, "\xe2\x80\x94", 3) ||
                          !memcmp(s, "\xe2\x80\xa2", 3)))
        m = 3;
    else if (len >= 2 && !memcmp(s, "\xc2\xb7", 2))
        m = 2;
    if (!m)
        return 0;
    if (m < len && !is_space(s[m]))
        return 0; /* "-10%" or "+84" are not bullets */
    if ((s[0] == '_' || s[0] == '~') && (m >= len || len - m < 2))
        return 0;
    *marker = s[0] == '+' ? '+' : '-';
    while (m < len && is_space(s[m]))
        m++;
    return pre + m;
}

/* "Label: value" where the label is a short phrase (<= 8 words, starts upper-case). */
static void split_field(kh_ctx *ctx, kh_block *b)
{
    const char *s = b->text;
    const char *colon = memchr(s, ':', b->len);
    if (!colon || colon == s)
        return;
    size_t lab = (size_t)(colon - s);
    if (lab > 90)
        return;
    int words = 1;
    for (size_t i = 0; i < lab; i++) {
        if (s[i] == ' ')
            words++;
        if (s[i] == '.' || s[i] == ';' || s[i] == '(' )
            return;
    }
    if (words > 8) {
        /* a long label is still a field when it is a unit's name ("- Văn phòng Ủy ban Mặt
         * trận Tổ quốc Việt Nam huyện: Bảo đảm …", "- Đề nghị các tổ chức chính trị - xã
         * hội huyện: Phối hợp …") */
        const char *u = s;
        size_t ul = lab;
        if (kh_starts_with_ci(u, ul, "Đề nghị ")) {
            u += strlen("Đề nghị ");
            ul -= strlen("Đề nghị ");
        }
        if (words > 20 || kh_unit_span(ctx, u, ul) * 10 < ul * 8)
            return;
    }
    const char *v = colon + 1;
    size_t vlen = b->len - lab - 1;
    vlen = kh_trim(&v, vlen);
    const char *l = s;
    size_t llen = kh_trim(&l, lab);
    b->field_label = kh_strndup(ctx->arena, l, llen);
    b->field_value = kh_strndup(ctx->arena, v, vlen);
}

/* ---------------------------------------------------------------- line joining */

static bool ends_sentence(const char *s, size_t len)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '*'))
        len--;
    if (!len)
        return true;
    char c = s[len - 1];
    if (c == '.' || c == ':' || c == ';' || c == '!' || c == '?')
        return true;
    /* closing quotes / brackets after punctuation: ".”" ".)" */
    if (len >= 4 && !memcmp(s + len - 3, "\xe2\x80\x9d", 3))
        return ends_sentence(s, len - 3);
    if (c == ')' || c == '"')
        return len > 1 && strchr(".:;", s[len - 2]);
    return false;
}

static bool starts_lower(const char *s, size_t len)
{
    int n;
    int32_t cp = kh_utf8_decode(s, len, &n);
    char buf[4];
    int k = kh_utf8_encode(cp, buf);
    (void)k;
    return kh_is_upper_text(s, (size_t)n) == false && cp != 0xFFFD &&
           ((cp >= 'a' && cp <= 'z') || cp > 0x7f) && !kh_is_upper_text(buf, (size_t)k) &&
           !(cp >= '0' && cp <= '9');
}

/* Number of code points (for the "line looks wrapped" test). */
static size_t cp_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* OCR debris between page fragments: one or two symbols alone on a line. */
static bool is_noise_line(const char *s, size_t len)
{
    size_t cps = cp_count(s, len);
    if (cps == 0 || cps > 2)
        return false;
    for (size_t i = 0; i < len; i++)
        if (is_digit(s[i]))
            return false;
    return true;
}

static bool is_table_row(const char *s, size_t len)
{
    int bars = 0;
    for (size_t i = 0; i < len; i++)
        bars += s[i] == '|';
    return bars >= 2;
}

/* A task table's group row: "| I | Nhóm nhiệm vụ về thể chế | | | |" — a Roman numeral or
 * capital letter, a title, and every other cell empty. Writes "I. Nhóm …" into *out. */
static bool table_group_row(kh_ctx *ctx, const char *s, size_t len, char **out, size_t *out_len)
{
    const char *cells[3] = {0};
    size_t lens[3] = {0};
    int nonempty = 0;
    size_t i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && s[j] != '|')
            j++;
        const char *c = s + i;
        size_t cl = kh_trim(&c, j - i);
        if (cl) {
            if (nonempty < 3) {
                cells[nonempty] = c;
                lens[nonempty] = cl;
            }
            nonempty++;
        }
        if (j >= len)
            break;
        i = j + 1;
    }
    if (nonempty != 2 || lens[0] > 6)
        return false;
    bool roman = roman_value(cells[0], lens[0]) > 0;
    bool letter = lens[0] == 1 && cells[0][0] >= 'A' && cells[0][0] <= 'Z';
    if (!roman && !letter)
        return false;
    *out = kh_sprintf(ctx->arena, "%.*s. %.*s", (int)lens[0], cells[0], (int)lens[1], cells[1]);
    *out_len = strlen(*out);
    return true;
}

typedef struct {
    kh_ctx *ctx;
    kh_buf text;
    kh_block cur;
    bool open;
    size_t last_line_len; /* code points of the last line added */
    bool last_ended;      /* last line ended a sentence */
    size_t wrap_width;    /* hard-wrapped text (PDF/OCR): its line width; 0 = not wrapped */
    const char *single;   /* the block's text when it is one line: a NUL-terminated tail of that line */
    bool want_title;      /* the open heading has a label and no title yet ("Chương II") */
    bool last_semi;       /* last line ended with ";": the sentence goes on */
} builder;

static bool ends_semicolon(const char *s, size_t len)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '*'))
        len--;
    return len && s[len - 1] == ';';
}

/* "a) Sở Nội vụ: Chủ trì tham mưu …" — a heading that names a unit and then its duty.
 * Returns the byte length of the heading part (label + unit) or 0. */
static size_t unit_duty_split(kh_ctx *ctx, const char *s, size_t len)
{
    kh_label lab;
    if (!parse_label(s, len, &lab))
        return 0;
    const char *t = s + lab.skip;
    size_t tl = len - lab.skip;
    const char *colon = memchr(t, ':', tl);
    if (!colon || colon == t)
        return 0;
    size_t pl = (size_t)(colon - t), words = 1;
    for (size_t i = 0; i < pl; i++)
        words += t[i] == ' ';
    const char *rest = colon + 1;
    size_t rl = kh_trim(&rest, tl - pl - 1);
    int first;
    kh_utf8_decode(t, tl, &first);
    if (words > 32 || rl < 8 || !kh_is_upper_text(t, (size_t)first)) /* "Ủy ban …" starts with 3 bytes */
        return 0;
    size_t span = kh_unit_span(ctx, t, pl);
    if (span * 10 < pl * 8)
        return 0;
    return lab.skip + pl;
}

static void flush(builder *b)
{
    if (!b->open)
        return;
    kh_ctx *ctx = b->ctx;
    const char *txt = b->text.s ? b->text.s : "";
    size_t n = b->text.n, head = 0;
    if (b->cur.kind == KH_BLK_HEADING)
        head = unit_duty_split(ctx, txt, n);
    /* a one-line block is a tail of its line's string: no copy needed */
    b->cur.text = b->single && !head ? (char *)(uintptr_t)b->single : kh_strndup(ctx->arena, txt, head ? head : n);
    b->cur.len = head ? head : n;
    if (b->cur.kind != KH_BLK_HEADING)
        split_field(ctx, &b->cur);
    KH_PUSH(ctx->arena, ctx->res->blocks, b->cur);
    if (head) {
        /* the duty after the colon becomes the unit section's paragraph */
        const char *d = txt + head + 1;
        size_t dl = kh_trim(&d, n - head - 1);
        kh_block duty = b->cur;
        duty.kind = KH_BLK_PARA;
        duty.text = kh_strndup(ctx->arena, d, dl);
        duty.len = dl;
        KH_PUSH(ctx->arena, ctx->res->blocks, duty);
    }
    b->open = false;
    b->text.n = 0;
}

static void start(builder *b, kh_block_kind kind, char marker, int line, int md_level, const char *s,
                  size_t len)
{
    flush(b);
    memset(&b->cur, 0, sizeof b->cur);
    b->want_title = false;
    b->cur.md_level = md_level;
    b->cur.kind = kind;
    b->cur.marker = marker;
    b->cur.line = b->cur.last_line = line;
    b->open = true;
    b->text.n = 0;
    b->single = s[len] == 0 ? s : NULL;
    kh_buf_add(b->ctx->arena, &b->text, s, len);
    b->last_line_len = cp_count(s, len);
    b->last_ended = ends_sentence(s, len);
    b->last_semi = ends_semicolon(s, len);
}

static void append(builder *b, int line, const char *s, size_t len)
{
    kh_ctx *ctx = b->ctx;
    b->single = NULL;
    /* A word hyphen-broken at the line end inside a number/symbol: "765/QĐ-" + "BTTTT". */
    if (b->text.n && b->text.s[b->text.n - 1] == '-' && len && !is_space(s[0]) && b->text.n >= 2 &&
        !is_space(b->text.s[b->text.n - 2]))
        ;
    else if (b->text.n)
        kh_buf_addc(ctx->arena, &b->text, ' ');
    kh_buf_add(ctx->arena, &b->text, s, len);
    b->cur.last_line = line;
    b->last_line_len = cp_count(s, len);
    b->last_ended = ends_sentence(s, len);
    b->last_semi = ends_semicolon(s, len);
}

/* "… Chỉ thị số 07/CT-TTg ngày" + (blank line) + "21/3/2023 của …" (OCR puts blank lines
 * inside paragraphs): a text ending with "ngày" or "số" waits for its number, so a line
 * starting with a digit goes on with it. */
static bool wants_number(const char *s, size_t n)
{
    while (n && is_space(s[n - 1]))
        n--;
    static const char *const W[] = {"ngày", "số"};
    for (size_t k = 0; k < sizeof W / sizeof *W; k++) {
        size_t wl = strlen(W[k]);
        if (n >= wl && !memcmp(s + n - wl, W[k], wl) && (n == wl || is_space(s[n - wl - 1])))
            return true;
    }
    return false;
}

static bool line_in_body(const kh_line *l)
{
    return !(l->flags & (KH_LINE_BOILERPLATE | KH_LINE_HEADER | KH_LINE_CLOSING));
}

/* Is the body hard-wrapped (text extracted from a PDF or OCR: every paragraph broken
 * into lines of about the same width)? Then a line that fills the width and does not end
 * a sentence continues on the next line even when that one starts with a capital
 * ("… của Bộ Thông tin và" / "Truyền thông …"). Exports with one paragraph per line are
 * not wrapped, and there a line without a full stop (a heading) never swallows the next
 * sentence. Returns the wrap width in code points, 0 when not wrapped. */
static size_t detect_wrap_width(const kh_result *res)
{
    enum { LONG_LINE = 110, MIN_LINES = 12 };
    size_t hist[LONG_LINE + 1] = {0}, n = 0, longer = 0;
    for (size_t i = res->layout.body_begin; i < res->layout.body_end && i < res->text.n; i++) {
        const kh_line *l = &res->text.v[i];
        if (!line_in_body(l) || (l->flags & KH_LINE_BLANK) || !l->len)
            continue;
        size_t c = cp_count(l->s, l->len);
        if (c > LONG_LINE)
            longer++;
        else
            hist[c]++;
        n++;
    }
    if (n < MIN_LINES || longer * 100 > n * 3)
        return 0;
    /* width = the 90th percentile of line lengths; wrapped text has many lines near it */
    size_t seen = 0, width = 0;
    for (size_t c = 0; c <= LONG_LINE; c++) {
        seen += hist[c];
        if (seen * 10 >= n * 9) {
            width = c;
            break;
        }
    }
    size_t near = 0;
    for (size_t c = width * 3 / 4; c <= LONG_LINE && c <= width; c++)
        near += hist[c];
    return width >= 40 && near * 3 >= n ? width : 0;
}

/* "PHỤ LỤC" / "Phụ lục II" alone on a line opens an appendix (after the signature: a task
 * list attached to the plan); returned as "Phụ lục[ N]" for parse_label, else NULL. */
static char *appendix_heading(kh_ctx *ctx, const char *s, size_t len)
{
    len = kh_trim(&s, len);
    while (len && (s[len - 1] == '.' || s[len - 1] == ':'))
        len--;
    static const char *const FORMS[] = {"PHỤ LỤC", "Phụ lục", NULL};
    for (int k = 0; FORMS[k]; k++) {
        size_t w = strlen(FORMS[k]);
        if (len < w || memcmp(s, FORMS[k], w) != 0)
            continue;
        const char *r = s + w;
        size_t rl = kh_trim(&r, len - w);
        for (size_t i = 0; i < rl; i++)
            if (!is_digit(r[i]) && !strchr("IVXLC", r[i]))
                return NULL;
        if (rl && !(r > s + w))
            return NULL;
        return kh_sprintf(ctx->arena, "Phụ lục%s%.*s", rl ? " " : "", (int)rl, r);
    }
    return NULL;
}

/* A task list printed with en dashes between its cells ("STT. Nhiệm vụ – Đơn vị chủ trì –
 * Đơn vị phối hợp – Thời hạn", then "1. … – … – … – …"): the cells, split at " – " (a
 * spaced hyphen stays inside a cell: "Đài Phát thanh - Truyền hình"). Returns the row
 * rewritten as a "|" table row ("1 | … | …"), or NULL when the line has not `want` cells
 * (want 0: a header row of four or more cells opening with STT / TT). */
static char *dash_row(kh_ctx *ctx, const char *s, size_t len, int want, int *ncells)
{
    static const char SEP[] = " \xe2\x80\x93 "; /* " – " */
    size_t i = 0;
    if (want == 0) {
        if (kh_starts_with_ci(s, len, "STT"))
            i = 3;
        else if (kh_starts_with_ci(s, len, "TT"))
            i = 2;
        else
            return NULL;
    } else {
        while (i < len && is_digit(s[i]))
            i++;
        if (i == 0 || i > 3)
            return NULL;
    }
    size_t num_end = i;
    if (i < len && (s[i] == '.' || s[i] == ')'))
        i++;
    if (i >= len || s[i] != ' ')
        return NULL;
    kh_buf out = {0};
    kh_buf_add(ctx->arena, &out, s, num_end);
    int cells = 1;
    size_t from = i;
    for (size_t k = i; k + sizeof SEP - 1 <= len; k++)
        if (!memcmp(s + k, SEP, sizeof SEP - 1)) {
            const char *c = s + from;
            size_t cl = kh_trim(&c, k - from);
            kh_buf_adds(ctx->arena, &out, " | ");
            kh_buf_add(ctx->arena, &out, c, cl);
            cells++;
            from = k + sizeof SEP - 1;
            k = from - 1;
        }
    const char *c = s + from;
    size_t cl = kh_trim(&c, len - from);
    kh_buf_adds(ctx->arena, &out, " | ");
    kh_buf_add(ctx->arena, &out, c, cl);
    if ((want == 0 && cells < 4) || (want && cells != want))
        return NULL;
    *ncells = cells;
    return (char *)kh_buf_cstr(ctx->arena, &out);
}

static void build_blocks(kh_ctx *ctx)
{
    int dash_cols = 0; /* an en-dash task list is open: its number of cells */
    kh_result *res = ctx->res;
    builder b = {ctx, {0}, {0}, false, 0, true, detect_wrap_width(res), NULL, false, false};
    bool after_blank = true;
    seq_state seq = {0, 0};
    for (size_t i = res->layout.body_begin; i < res->layout.body_end && i < res->text.n; i++) {
        const kh_line *l = &res->text.v[i];
        if (!line_in_body(l))
            continue;
        if (l->flags & KH_LINE_BLANK || !l->len) {
            after_blank = true;
            continue;
        }
        const char *s = l->s;
        size_t len = l->len;
        kh_label lab;
        char marker = 0;
        size_t bl;
        char *app = appendix_heading(ctx, s, len);
        if (app) {
            s = app;
            len = strlen(app);
        } else if (b.open && b.cur.kind == KH_BLK_HEADING && !b.want_title &&
                   b.text.n >= sizeof "Phụ lục" - 1 && !memcmp(b.text.s, "Phụ lục", sizeof "Phụ lục" - 1) &&
                   (kh_starts_with_ci(s, len, "(Kèm theo") || kh_starts_with_ci(s, len, "(Ban hành kèm theo"))) {
            continue; /* the appendix's "(Kèm theo Kế hoạch số …)": it names the document itself */
        }
        int nc;
        char *row = dash_row(ctx, s, len, dash_cols, &nc);
        if (row) {
            dash_cols = nc;
            s = row;
            len = strlen(row);
        } else {
            dash_cols = 0;
        }
        if (!row && !parse_label(s, len, &lab)) {
            char *fixed = ocr_label(ctx, s, len, &seq);
            if (fixed && parse_label(fixed, strlen(fixed), &lab)) {
                kh_diag_add(ctx, "heading_label_repaired", KH_SEV_INFO, l->no,
                            "OCR-damaged heading label read as '%.*s'", (int)lab.label_len, fixed);
                s = fixed;
                len = strlen(fixed);
            }
        }
        if (b.open && b.cur.kind == KH_BLK_HEADING && b.want_title && !parse_label(s, len, &lab) &&
            !bullet_len(s, len, &marker) && (!after_blank || kh_is_upper_text(s, len))) {
            /* "Chương I" / "QUY ĐỊNH CHUNG": the heading's title is the next line */
            append(&b, l->no, s, len);
            b.want_title = false;
        } else if (parse_label(s, len, &lab)) {
            seq_note(&seq, &lab);
            start(&b, KH_BLK_HEADING, 0, l->no, l->md_level, s, len);
            b.want_title = lab.skip >= len;
        } else if ((bl = bullet_len(s, len, &marker)) > 0) {
            /* OCR sometimes shows a bullet as "- - x"; keep the first marker only. */
            start(&b, KH_BLK_BULLET, marker, l->no, l->md_level, s + bl, len - bl);
        } else if (is_table_row(s, len)) {
            char *group;
            size_t glen;
            if (table_group_row(ctx, s, len, &group, &glen)) {
                start(&b, KH_BLK_HEADING, 0, l->no, l->md_level, group, glen);
                b.cur.table_group = true;
            } else {
                start(&b, KH_BLK_PARA, 0, l->no, l->md_level, s, len);
            }
            flush(&b);
        } else if (b.open && !b.last_ended &&
                   (starts_lower(s, len) || (s[0] >= '0' && s[0] <= '9' && wants_number(b.text.s, b.text.n)))) {
            append(&b, l->no, s, len); /* continuation, even across a blank line/page break */
        } else if (b.open && !after_blank &&
                   (starts_lower(s, len) ||
                    (!b.last_ended && b.cur.kind == KH_BLK_BULLET) || /* a bullet runs on to its full stop */
                    /* a heading line ending with ";" in hard-wrapped text: its list goes on */
                    (b.last_semi && b.cur.kind == KH_BLK_HEADING && b.wrap_width &&
                     b.last_line_len * 10 >= b.wrap_width * 7) ||
                    (!b.last_ended && b.wrap_width && b.last_line_len * 10 >= b.wrap_width * 7))) {
            append(&b, l->no, s, len);
        } else if (after_blank && is_noise_line(s, len)) {
            continue; /* OCR debris; a following continuation line still joins */
        } else {
            start(&b, KH_BLK_PARA, 0, l->no, l->md_level, s, len);
        }
        after_blank = false;
    }
    flush(&b);
}

/* ---------------------------------------------------------------- the tree */

static void add_child(kh_ctx *ctx, kh_section *parent, kh_section *child)
{
    if (parent->nchildren == parent->cap)
        parent->children = kh_grow(ctx->arena, parent->children, &parent->cap, parent->nchildren + 1,
                                   sizeof *parent->children);
    parent->children[parent->nchildren++] = child;
    child->parent = parent;
}

static int scheme_key(const kh_label *l) { return (int)l->scheme * 64 + l->depth; }
enum { KH_TABLE_GROUP_KEY = 63 * 64 };

/* Remove markup and one trailing ".", ";" or ":" from a heading's title. */
static char *clean_title(kh_ctx *ctx, const char *s, size_t len)
{
    len = kh_trim(&s, len);
    while (len >= 2 && !memcmp(s, "**", 2)) {
        s += 2;
        len -= 2;
    }
    while (len >= 2 && !memcmp(s + len - 2, "**", 2))
        len -= 2;
    len = kh_trim(&s, len);
    if (len >= 3 && !memcmp(s + len - 3, "./.", 3))
        len -= 3;
    len = kh_trim_punct(s, len);
    return kh_strndup(ctx->arena, s, len);
}

/* "a) Tuyên truyền … (Chủ trì: X; Phối hợp: Y; Thời gian: Z)." — a plan item that carries
 * its fields in a parenthesis closing its line. Returns the offset of "(" in title (or 0)
 * and the inside in *in / *in_len. The parenthesis must open with a unit label ("Chủ
 * trì:", "Đơn vị thực hiện:", "Phối hợp:" …) and hold at least two "Label:" fields or a
 * lead one: a parenthesis that explains ("(theo Kế hoạch số …)") is the title's. */
static size_t field_paren(const char *t, size_t len, const char **in, size_t *in_len)
{
    static const char *const LEAD[] = {"chủ trì", "đơn vị chủ trì", "cơ quan chủ trì", "bộ phận chủ trì",
                                       "đơn vị thực hiện", "cơ quan thực hiện", "thực hiện", NULL};
    static const char *const COORD[] = {"phối hợp", "đơn vị phối hợp", "cơ quan phối hợp", "bộ phận phối hợp", NULL};
    if (len < 4 || t[len - 1] != ')')
        return 0;
    int depth = 0;
    size_t open = 0;
    for (size_t k = len; k-- > 0;) {
        if (t[k] == ')')
            depth++;
        else if (t[k] == '(' && --depth == 0) {
            open = k;
            break;
        }
    }
    if (!open || t[open - 1] != ' ')
        return 0;
    const char *c = t + open + 1;
    size_t cn = len - open - 2;
    const char *colon = memchr(c, ':', cn);
    if (!colon || colon - c > 30)
        return 0;
    int lead = 0, coord = 0;
    for (int k = 0; LEAD[k]; k++)
        lead |= (size_t)(colon - c) == strlen(LEAD[k]) && kh_starts_with_ci(c, cn, LEAD[k]);
    for (int k = 0; COORD[k]; k++)
        coord |= (size_t)(colon - c) == strlen(COORD[k]) && kh_starts_with_ci(c, cn, COORD[k]);
    if (!lead && !(coord && memchr(c, ';', cn)))
        return 0;
    *in = c;
    *in_len = cn;
    return open;
}

/* The formulas that close a document's body (Nghị định 30/2020 style): "Trên đây là
 * Kế hoạch …", "… yêu cầu … tổ chức triển khai thực hiện./.", or any paragraph ending
 * with the end mark "./.". */
static bool is_closing_formula(const char *s, size_t len)
{
    if (kh_starts_with_ci(s, len, "Trên đây là"))
        return true;
    /* "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc … báo cáo …" */
    if ((kh_starts_with_ci(s, len, "Trong quá trình") || kh_starts_with_ci(s, len, "Quá trình")) &&
        strstr(s, "khó khăn"))
        return true;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '*'))
        len--;
    return len >= 3 && !memcmp(s + len - 3, "./.", 3);
}

typedef struct {
    kh_section *sec;
    int key;
    int value;
    int md_level; /* markdown depth its list started with */
} stack_entry;

static void check_sequence(kh_ctx *ctx, kh_section *sec, int prev_value, int value, bool letter)
{
    if (prev_value <= 0)
        return;
    if (letter ? (value > prev_value && value - prev_value <= 2) : value == prev_value + 1)
        return;
    if (value <= prev_value)
        kh_diag_add(ctx, "numbering_out_of_order", KH_SEV_INFO, sec->line,
                    "heading '%s' comes after a later number in the same list", sec->label ? sec->label : "");
    else
        kh_diag_add(ctx, "numbering_gap", KH_SEV_INFO, sec->line, "heading '%s' skips %d number(s)%s",
                    sec->label ? sec->label : "", value - prev_value - 1, letter ? " (letters)" : "");
}

static void build_tree(kh_ctx *ctx)
{
    kh_result *res = ctx->res;
    res->root.level = 0;
    enum { MAX_STACK = 64 };
    stack_entry stack[MAX_STACK];
    int depth = 0;
    long long max_depth = ctx->cfg->max_depth > 0 ? ctx->cfg->max_depth : 16;
    if (max_depth > MAX_STACK)
        max_depth = MAX_STACK;
    bool warned_depth = false, warned_md = false;
    /* Last sibling value per parent, to report gaps / order problems. */
    for (size_t bi = 0; bi < res->blocks.n; bi++) {
        kh_block *b = &res->blocks.v[bi];
        kh_section *cur = depth ? stack[depth - 1].sec : &res->root;
        if (b->kind == KH_BLK_PARA && is_closing_formula(b->text, b->len)) {
            /* "Trên đây là Kế hoạch …./." closes the numbered body: it belongs to no
             * section, and what follows (an attached plan) starts a new tree. */
            b->section = NULL;
            depth = 0;
            continue;
        }
        if (b->kind != KH_BLK_HEADING) {
            b->section = cur == &res->root ? NULL : cur;
            continue;
        }
        kh_label lab;
        parse_label(b->text, b->len, &lab);
        if (lab.scheme == KH_NUM_PART && lab.depth == 0 && !b->table_group)
            depth = 0; /* an appendix starts a tree of its own */
        /* table group rows nest under the section holding the table, whatever their numeral */
        int key = b->table_group ? KH_TABLE_GROUP_KEY : scheme_key(&lab);
        int found = -1;
        for (int k = depth - 1; k >= 0; k--)
            if (stack[k].key == key) {
                found = k;
                break;
            }
        /* A decimal "2.1" under arabic "1" whose prefix is not that number is still a child. */
        int prev_value = 0;
        int md_level = b->md_level;
        if (found >= 0) {
            prev_value = stack[found].value;
            /* Markdown exports often give siblings different '#' depths ("#### I." then
             * "## II."): the numbering decides the level; say so once. */
            if (md_level && stack[found].md_level && md_level != stack[found].md_level && !warned_md) {
                warned_md = true;
                kh_diag_add(ctx, "heading_level_mismatch", KH_SEV_INFO, res->blocks.v[stack[found].sec->heading_block].line,
                            "Markdown heading depths do not follow the numbering ('%s' and '%s' have %d and %d '#'); "
                            "levels taken from the numbering scheme",
                            stack[found].sec->label ? stack[found].sec->label : "", b->text[0] ? b->text : "",
                            stack[found].md_level, md_level);
            }
            md_level = stack[found].md_level ? stack[found].md_level : md_level;
            depth = found;
        } else if (depth >= max_depth) {
            /* Too deep: keep the line as a paragraph of the current section. */
            b->kind = KH_BLK_PARA;
            b->section = cur == &res->root ? NULL : cur;
            if (!warned_depth) {
                warned_depth = true;
                kh_diag_add(ctx, "depth_limit", KH_SEV_WARNING, b->line,
                            "headings nested deeper than %lld levels are read as paragraphs", max_depth);
            }
            continue;
        }
        kh_section *parent = depth ? stack[depth - 1].sec : &res->root;
        kh_section *sec = kh_alloc(ctx->arena, sizeof *sec);
        sec->label = kh_strndup(ctx->arena, b->text, lab.label_len);
        sec->title = clean_title(ctx, b->text + lab.skip, b->len - lab.skip);
        const char *fin;
        size_t fin_len, fopen = field_paren(sec->title, strlen(sec->title), &fin, &fin_len);
        if (fopen) {
            sec->fields = kh_strndup(ctx->arena, fin, fin_len);
            sec->title = clean_title(ctx, sec->title, fopen);
        }
        sec->line = b->line;
        sec->scheme = lab.scheme;
        sec->level = depth + 1;
        sec->heading_block = bi;
        sec->block_begin = bi + 1;
        add_child(ctx, parent, sec);
        check_sequence(ctx, sec, prev_value, lab.value, lab.scheme == KH_NUM_LETTER);
        stack[depth].sec = sec;
        stack[depth].key = key;
        stack[depth].value = lab.value;
        stack[depth].md_level = md_level;
        depth++;
        b->section = sec;
        if (is_closing_formula(b->text, b->len))
            depth = 0; /* "Điều 3. … thi hành Quyết định này./." ends the numbered body */
    }
    /* Block ranges: a section covers the blocks up to the next heading at its level or above. */
    for (size_t bi = 0; bi < res->blocks.n; bi++)
        for (kh_section *s = res->blocks.v[bi].section; s; s = s->parent)
            s->block_end = bi + 1;
}

void kh_segment_body(kh_ctx *ctx)
{
    build_blocks(ctx);
    build_tree(ctx);
}

/* ---------------------------------------------------------------- helpers for later stages */

/* True when the section's title (or its numbered ancestor's) starts with `prefix`,
 * compared case-insensitively ("TỔ CHỨC THỰC HIỆN" vs "Tổ chức thực hiện"). */
bool kh_section_title_is(const kh_section *s, const char *prefix)
{
    if (!s || !s->title)
        return false;
    return kh_starts_with_ci(s->title, strlen(s->title), prefix);
}

/* Dotted label path of a section: "II.3.1". */
char *kh_section_path(kh_ctx *ctx, const kh_section *s)
{
    const kh_section *chain[64];
    int n = 0;
    for (const kh_section *p = s; p && p->level > 0 && n < 64; p = p->parent)
        chain[n++] = p;
    kh_buf b = {0};
    for (int i = n - 1; i >= 0; i--) {
        const char *lab = chain[i]->label ? chain[i]->label : "";
        /* "3.1" under "3": the decimal label already holds its parent's number. */
        if (chain[i]->scheme == KH_NUM_DECIMAL && i + 1 < n && chain[i + 1]->label) {
            size_t pl = strlen(chain[i + 1]->label);
            if (!strncmp(lab, chain[i + 1]->label, pl) && lab[pl] == '.')
                lab += pl + 1;
        }
        if (b.n)
            kh_buf_addc(ctx->arena, &b, '.');
        kh_buf_adds(ctx->arena, &b, lab);
    }
    return kh_strndup(ctx->arena, b.s ? b.s : "", b.n);
}

/* The level-1 ancestor of a section. */
const kh_section *kh_section_top(const kh_section *s)
{
    while (s && s->parent && s->parent->level > 0)
        s = s->parent;
    return s;
}

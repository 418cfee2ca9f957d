/*
 * normalize.c — UTF-8 (possibly invalid) -> res->text, one kh_line per input line.
 *
 * Per line: invalid UTF-8 -> U+FFFD, C0/C1 controls dropped, '\f' starts a new page,
 * Unicode spaces and tabs -> ' ', zero-width characters / soft hyphen / stray BOM removed,
 * NFC (utf8proc, only for lines that need it), spaces collapsed and trimmed; then the
 * markup web exports leave: "> " quotes, leading '#'s (md_level), "**bold**" (a span may
 * run over several lines; a blank line ends it) and backslash escapes. Finally lines of
 * legal-portal chrome at the start / end of the file are flagged KH_LINE_BOILERPLATE.
 * Binary input (many control or invalid bytes) gives a `binary_input` error and no lines.
 */
#include <limits.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

/* Column breaks (kh_line.col_break): a run of at least KH_COL_GAP spaces (or a tab)
 * between two non-empty parts of a line, kept only in the first KH_COL_HEAD and the last
 * KH_COL_TAIL content lines (header block, signature block). */
#define KH_COL_GAP 4
#define KH_COL_HEAD 25
#define KH_COL_TAIL 40

typedef struct {
    kh_ctx *ctx;
    char *buf;     /* scratch for one line */
    size_t cap;
    int32_t *u32;  /* scratch for NFC */
    size_t u32cap;
    long invalid, invalid_line;
    long ctrl, ctrl_line;
    long truncated;
    bool bold_open;
    bool table_prev; /* the last non-blank line was a tab-separated table row */
    int sp_ncols;    /* a space-aligned table (pdftotext -layout) is open: its columns */
    int sp_start[16];
    int page;      /* current page (0 when the text has no '\f') */
} nz;

/* ---------------------------------------------------------------- characters */

static inline int is_space_cp(int32_t c)
{
    switch (c) {
    case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000: case 0x2028: case 0x2029:
        return 1;
    }
    return c >= 0x2000 && c <= 0x200A;
}

static inline int is_invisible_cp(int32_t c)
{
    switch (c) {
    case 0xAD: case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F: case 0x2060:
    case 0x2061: case 0x2062: case 0x2063: case 0x2064: case 0xFEFF: case 0x180E: case 0x034F:
    case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E: case 0x2066: case 0x2067:
    case 0x2068: case 0x2069:
        return 1;
    }
    return 0;
}

/* May NFC change text containing c? Combining marks, composition exclusions and
 * singletons, Hangul jamo. */
static inline int needs_nfc(int32_t c)
{
    if (c < 0x300)
        return 0;
    /* Latin Extended Additional (Vietnamese letters): all NFC-stable composites */
    if (c >= 0x1E00 && c <= 0x1EFF)
        return 0;
    /* general punctuation, super/subscripts, currency: no marks, no singletons */
    if (c >= 0x2010 && c <= 0x20CF)
        return 0;
    if (c >= 0x1100 && c <= 0x11FF)
        return 1;
    const utf8proc_property_t *p = utf8proc_get_property(c);
    if (p->combining_class)
        return 1;
    if (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0 && p->comp_exclusion)
        return 1;
    /* canonical singletons (Ω, Å, …) */
    if (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0) {
        utf8proc_int32_t b[4];
        int last = 0;
        if (utf8proc_decompose_char(c, b, 4, UTF8PROC_DECOMPOSE, &last) == 1)
            return 1;
    }
    return 0;
}

/* Decode the UTF-8 sequence at s (s[0] >= 0x80): its length, 0 if invalid (overlong,
 * surrogate, > U+10FFFF, truncated). */
static inline size_t utf8_next(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        int32_t u = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3F));
        if (u < 0x800 || (u >= 0xD800 && u <= 0xDFFF))
            return 0;
        *cp = u;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        int32_t u = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3F));
        if (u < 0x10000 || u > 0x10FFFF)
            return 0;
        *cp = u;
        return 4;
    }
    return 0;
}

static void ensure(nz *z, size_t need)
{
    if (need > z->cap) {
        size_t c = z->cap ? z->cap : 4096;
        while (c < need)
            c *= 2;
        z->buf = kh_alloc(z->ctx->arena, c);
        z->cap = c;
    }
}

/* NFC of buf[0..n) in place (the result is never longer than 3x the code point count,
 * and the scratch has 3n+8 bytes). Returns the new length. */
static size_t nfc(nz *z, size_t n)
{
    size_t need = n + 8;
    for (;;) {
        if (need > z->u32cap) {
            z->u32 = kh_alloc(z->ctx->arena, need * sizeof *z->u32);
            z->u32cap = need;
        }
        utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)z->buf, (utf8proc_ssize_t)n,
                                                z->u32, (utf8proc_ssize_t)z->u32cap,
                                                UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (k < 0)
            return n; /* cannot happen: the line is valid UTF-8 by now */
        if ((size_t)k > z->u32cap) {
            need = (size_t)k;
            continue;
        }
        k = utf8proc_normalize_utf32(z->u32, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (k < 0)
            return n;
        size_t o = 0;
        for (utf8proc_ssize_t i = 0; i < k; i++) {
            if (o + 4 > z->cap) /* never: composition does not lengthen Vietnamese text */
                break;
            o += (size_t)utf8proc_encode_char(z->u32[i], (utf8proc_uint8_t *)z->buf + o);
        }
        return o;
    }
}

/* ---------------------------------------------------------------- markup */

static int is_md_escapable(int c)
{
    return c && strchr("\\`*_{}[]()#+-.!>|~<", c) != NULL;
}

/* Collapse runs of spaces and trim, in place. *pos (a byte offset into s, 0 = none) is
 * moved along with the text. */
static size_t squeeze(char *s, size_t n, size_t *pos)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == *pos && *pos)
            *pos = o ? o : SIZE_MAX; /* SIZE_MAX: invalid, dropped by the caller */
        if (s[i] == ' ' && (o == 0 || s[o - 1] == ' '))
            continue;
        s[o++] = s[i];
    }
    while (o && s[o - 1] == ' ')
        o--;
    return o;
}

/* Markdown left by web exports: quotes, headings, bold, escapes. s is squeezed. *brk (a
 * column break, byte offset into s, 0 = none) is moved along with the text. */
static size_t markup(nz *z, char *s, size_t n, kh_line *l, size_t *brk)
{
    size_t i = 0;
    /* "> " quotes (possibly nested) */
    while (i < n && s[i] == '>' && (i + 1 == n || s[i + 1] == ' '))
        i += i + 1 < n ? 2 : 1;
    /* "#" … "######" followed by a space */
    size_t h = 0;
    while (i + h < n && s[i + h] == '#')
        h++;
    if (h >= 1 && h <= 6 && (i + h == n || s[i + h] == ' ')) {
        l->flags |= KH_LINE_MDHEAD;
        l->md_level = (int)h;
        i += h;
        /* closing sequence "## Title ##" */
        size_t e = n;
        while (e > i && s[e - 1] == '#')
            e--;
        if (e < n && e > i && s[e - 1] == ' ')
            n = e - 1;
    }
    if (i < n && s[i] == ' ')
        i++;
    /* a rule made of '*' only ("***", "* * *") stays as is */
    size_t stars = 0;
    bool rule = true;
    for (size_t k = i; k < n && rule; k++) { /* stops at the first other character */
        if (s[k] == '*')
            stars++;
        else if (s[k] != ' ')
            rule = false;
    }
    rule = rule && stars >= 3;

    /* a whole line in single-marker italics: "*Củ Chi, ngày 07 tháng 01 năm 2025*",
     * "_Hà Nội, ngày …_". A "* " at the start is a bullet, "**" is bold (below), a run
     * of markers is a rule; the opening marker must touch a non-space character and the
     * closing one must follow one, with no other marker inside ("*a* và *b*" stays). */
    if (!rule && n - i >= 3 && (s[i] == '*' || s[i] == '_') && s[n - 1] == s[i]) {
        char m = s[i];
        if (s[i + 1] != m && s[i + 1] != ' ' && s[n - 2] != m && s[n - 2] != ' ' && s[n - 2] != '\\' &&
            !memchr(s + i + 1, m, n - i - 2)) {
            n--;
            i++;
        }
    }

    if (!memchr(s + i, '*', n - i) && !memchr(s + i, '\\', n - i)) { /* no inline markup */
        if (i)
            memmove(s, s + i, n - i);
        n -= i;
        *brk = *brk > i ? *brk - i : 0;
        if (n && z->bold_open)
            l->flags |= KH_LINE_BOLD;
        return n;
    }
    size_t o = 0;
    bool plain = false, bold_text = false;
    size_t nb = 0;
    for (size_t k = i; k < n;) {
        char c = s[k];
        if (*brk && k == *brk)
            nb = o ? o : SIZE_MAX;
        if (c == '\\' && k + 1 < n && is_md_escapable(s[k + 1])) {
            /* "\\_{LS}"-style sequences are not produced by exporters; keep the escaped char */
            s[o++] = s[k + 1];
            if (z->bold_open)
                bold_text = true;
            else
                plain = true;
            k += 2;
            continue;
        }
        if (!rule && c == '*' && k + 1 < n && s[k + 1] == '*') {
            size_t r = k;
            while (r < n && s[r] == '*')
                r++;
            size_t run = r - k;
            /* "**" toggles bold; "***x***" is bold + italic: the odd star goes too */
            if ((run / 2) % 2 == 1)
                z->bold_open = !z->bold_open;
            k = r;
            continue;
        }
        if (c != ' ') {
            if (z->bold_open)
                bold_text = true;
            else
                plain = true;
        }
        s[o++] = c;
        k++;
    }
    *brk = nb;
    o = squeeze(s, o, brk);
    if (bold_text && !plain)
        l->flags |= KH_LINE_BOLD;
    return o;
}

/* ---------------------------------------------------------------- one line */

/* Is p[0..n) a row of a tab-separated table (a Word / spreadsheet table flattened to
 * text)? It needs 2 or more tabs and either 3 or more non-empty cells, or, right after
 * another table row, any content (a continuation row: a wrapped cell, "\t\t\tMôi
 * trường\t"). Two-column lines ("ỦY BAN NHÂN DÂN\t\tCỘNG HÒA …") stay text. */
static bool tab_row(const nz *z, const char *p, size_t n)
{
    const char *t = memchr(p, '\t', n);
    if (!t)
        return false;
    int tabs = 0, cells = 0;
    bool content = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\t') {
            tabs++;
            cells += content;
            content = false;
        } else if (c > ' ' && !(c == 0xC2 && i + 1 < n && (unsigned char)p[i + 1] == 0xA0) &&
                   !(c == 0xA0 && i > 0 && (unsigned char)p[i - 1] == 0xC2)) {
            content = true;
        }
    }
    cells += content;
    if (tabs < 2 || cells == 0)
        return false;
    return cells >= 3 || z->table_prev;
}

static void add_line(nz *z, const char *p, size_t n, int no)
{
    kh_ctx *ctx = z->ctx;
    kh_line l = {0};
    l.no = no;
    long maxb = ctx->cfg->max_line_bytes > 0 ? ctx->cfg->max_line_bytes : (1L << 20);
    if ((long long)n > maxb) {
        size_t cut = (size_t)maxb;
        while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
            cut--;
        if (z->truncated < 10)
            kh_diag_add(ctx, "line_truncated", KH_SEV_WARNING, no,
                        "line %d is %zu bytes long; cut to %zu bytes (KH_OPT_MAX_LINE_BYTES)", no, n, cut);
        z->truncated++;
        n = cut;
    }
    ensure(z, n * 3 + 8);
    char *o = z->buf;
    size_t k = 0;
    bool pend = false, nfc_needed = false, page_set = false;
    /* column break: the first gap of >= KH_COL_GAP spaces (a tab counts as KH_COL_GAP)
     * between two non-empty parts; brk = offset in o where the right part starts */
    size_t gap = 0, brk = 0;
    /* table rows: each tab ends a cell and is written " | " (no borders), so empty cells
     * survive: "\t\tX" -> "| | X", "X\t" -> "X |" (the task stage reads a border-less
     * table's leading "|" as an empty first cell) */
    bool table = tab_row(z, p, n);
    l.page = z->page;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x80) {
            if (c > ' ' && c != 0x7F) {
                if (pend) {
                    if (gap >= KH_COL_GAP && !brk && !table)
                        brk = k + 1;
                    o[k++] = ' ';
                    pend = false;
                }
                gap = 0;
                if (!page_set) {
                    l.page = z->page;
                    page_set = true;
                }
                /* a run of printable ASCII */
                do
                    o[k++] = p[i++];
                while (i < n && (unsigned char)p[i] > ' ' && (unsigned char)p[i] < 0x7F);
                continue;
            } else if (c == '\t' && table) {
                if (k == 0) {
                    o[k++] = '|';
                } else {
                    o[k++] = ' ';
                    o[k++] = '|';
                }
                pend = true;
            } else if (c == ' ' || c == '\t' || c == '\v') {
                pend = k > 0;
                if (pend)
                    gap += c == '\t' ? KH_COL_GAP : 1;
            } else if (c == '\f') {
                if (z->page)
                    z->page++;
                pend = k > 0;
            } else {
                if (!z->ctrl++)
                    z->ctrl_line = no;
            }
            i++;
            continue;
        }
        int32_t cp;
        size_t m = utf8_next((const unsigned char *)p + i, n - i, &cp);
        if (!m) {
            if (!z->invalid++)
                z->invalid_line = no;
            if (pend) {
                if (gap >= KH_COL_GAP && !brk && !table)
                    brk = k + 1;
                o[k++] = ' ';
                pend = false;
            }
            gap = 0;
            memcpy(o + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
            continue;
        }
        if (cp >= 0x80 && cp <= 0x9F) { /* C1 controls */
            if (!z->ctrl++)
                z->ctrl_line = no;
        } else if (is_space_cp(cp)) {
            pend = k > 0;
            if (pend)
                gap++;
        } else if (!is_invisible_cp(cp)) {
            if (pend) {
                if (gap >= KH_COL_GAP && !brk && !table)
                    brk = k + 1;
                o[k++] = ' ';
                pend = false;
            }
            gap = 0;
            if (!nfc_needed && needs_nfc(cp))
                nfc_needed = true;
            memcpy(o + k, p + i, m);
            k += m;
            if (!page_set) {
                l.page = z->page;
                page_set = true;
            }
        }
        i += m;
    }
    if (nfc_needed) {
        /* NFC keeps every ' ' (a space never composes): the break stays after the same
         * number of spaces */
        size_t sp = 0;
        for (size_t q = 0; q < brk; q++)
            sp += o[q] == ' ';
        k = nfc(z, k);
        if (brk) {
            brk = 0;
            for (size_t q = 0; q < k && sp; q++)
                if (o[q] == ' ' && !--sp)
                    brk = q + 1;
        }
    }
    k = markup(z, o, k, &l, &brk);
    if (brk > 0 && brk < k && brk < (size_t)INT_MAX && o[brk - 1] == ' ' && o[brk] != ' ')
        l.col_break = (int)brk;
    if (k == 0) {
        l.flags |= KH_LINE_BLANK;
        l.flags &= ~(unsigned)KH_LINE_BOLD;
        z->bold_open = false; /* markdown emphasis never spans a blank line */
    } else {
        z->table_prev = table;
    }
    l.s = kh_strndup(ctx->arena, o, k);
    l.len = k;
    KH_PUSH(ctx->arena, ctx->res->text, l);
}

/* ---------------------------------------------------------------- space-aligned tables */

/* `pdftotext -layout` prints a table with its columns aligned by runs of spaces ("STT   Nội
 * dung công việc      Đơn vị chủ trì      …"); a wrapped cell goes on at its column's
 * offset on the next line, the other columns blank. Such lines are rewritten with a tab
 * between cells, so tab_row reads them as the table they are; each piece of a line goes to
 * the column it is printed under. The table opens at a header line of three or more cells
 * naming a content column and a lead-unit ("chủ trì") column, and ends at a blank line or
 * at a line that is one piece starting at the margin (the next heading or paragraph). */
typedef struct {
    size_t b, e;
    int col; /* in characters */
} sp_seg;

enum { SP_MAX = 16 };

/* Pieces of p[0..n) separated by runs of two or more spaces; SP_MAX + 1 when too many. */
static int sp_segments(const char *p, size_t n, sp_seg *sg)
{
    int m = 0, col = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && p[i] == ' ') {
            i++;
            col++;
        }
        if (i >= n)
            break;
        sp_seg g = {i, i, col};
        while (i < n && !(p[i] == ' ' && (i + 1 >= n || p[i + 1] == ' '))) {
            unsigned char c = (unsigned char)p[i];
            bool mark = c == 0xCC || (c == 0xCD && i + 1 < n && (unsigned char)p[i + 1] < 0xB0);
            if ((c & 0xC0) != 0x80 && !mark) /* a combining mark (NFD input) takes no column */
                col++;
            i++;
        }
        g.e = i;
        if (m == SP_MAX)
            return SP_MAX + 1;
        sg[m++] = g;
    }
    return m;
}

static bool sp_header(nz *z, const char *p, size_t n, const sp_seg *sg, int m)
{
    if (m < 3 || m > SP_MAX || sg[0].col != 0)
        return false;
    for (int k = 0; k < m; k++)
        if (sg[k].e - sg[k].b > 80)
            return false;
    /* folded: the raw line may still be NFD (cp1258 input) */
    const char *l = kh_lower(z->ctx->arena, p, n);
    const char *f = kh_fold(z->ctx->arena, l, strlen(l));
    return strstr(f, "chu tri") && (strstr(f, "noi dung") || strstr(f, "nhiem vu") ||
                                     strstr(f, "cong viec") || strstr(f, "hoat dong"));
}

static void add_line(nz *z, const char *p, size_t n, int no);

static void add_line_spaced(nz *z, const char *p, size_t n, int no)
{
    bool wide = false; /* a run of two spaces: only such lines can be table rows */
    /* every pair of neighbours has one odd offset: test the odd bytes only */
    for (size_t i = 1; i < n && !wide; i += 2)
        wide = p[i] == ' ' && (p[i - 1] == ' ' || (i + 1 < n && p[i + 1] == ' '));
    if (!wide || memchr(p, '\t', n)) {
        if (z->sp_ncols) {
            size_t i = 0;
            while (i < n && (p[i] == ' ' || p[i] == '\r'))
                i++;
            if (i == n || i == 0)
                z->sp_ncols = 0; /* blank, or text from the margin: the table is over */
        }
        add_line(z, p, n, no);
        return;
    }
    sp_seg sg[SP_MAX];
    int m = sp_segments(p, n, sg);
    if (m > SP_MAX) {
        z->sp_ncols = 0;
        add_line(z, p, n, no);
        return;
    }
    if (!z->sp_ncols) {
        if (!sp_header(z, p, n, sg, m)) {
            add_line(z, p, n, no);
            return;
        }
        z->sp_ncols = m;
        for (int k = 0; k < m; k++)
            z->sp_start[k] = sg[k].col;
    } else if (m == 0 || (m == 1 && sg[0].col == 0)) {
        z->sp_ncols = 0; /* blank, or one piece from the margin: the table is over */
        add_line(z, p, n, no);
        return;
    } else if (m == z->sp_ncols && sg[0].col == 0) {
        /* a full row: data cells are left-aligned, headers may be centred over them */
        for (int k = 0; k < m; k++)
            if (sg[k].col < z->sp_start[k] && (k == 0 || sg[k].col > z->sp_start[k - 1]))
                z->sp_start[k] = sg[k].col;
    }
    int colof[SP_MAX];
    for (int g = 0; g < m; g++) {
        int k = 0;
        for (int c = 0; c < z->sp_ncols; c++)
            if (z->sp_start[c] <= sg[g].col + 2)
                k = c;
        colof[g] = k;
    }
    kh_buf out = {0};
    for (int c = 0; c < z->sp_ncols; c++) {
        if (c)
            kh_buf_addc(z->ctx->arena, &out, '\t');
        bool first = true;
        for (int g = 0; g < m; g++) {
            if (colof[g] != c)
                continue;
            if (!first)
                kh_buf_addc(z->ctx->arena, &out, ' ');
            kh_buf_add(z->ctx->arena, &out, p + sg[g].b, sg[g].e - sg[g].b);
            first = false;
        }
    }
    add_line(z, out.s ? out.s : "", out.n, no);
}

/* ---------------------------------------------------------------- boilerplate */

/* Line text lower-cased, without trailing ":" / "." and surrounding punctuation. */
static const char *chrome_key(kh_ctx *ctx, const kh_line *l, char *tmp, size_t cap)
{
    if (l->len == 0 || l->len >= cap / 2)
        return NULL;
    char *low = kh_lower(ctx->arena, l->s, l->len);
    size_t n = strlen(low);
    while (n && strchr(":.|»>-", low[n - 1]))
        n--;
    while (n && low[n - 1] == ' ')
        n--;
    memcpy(tmp, low, n);
    tmp[n] = 0;
    return tmp;
}

static int in_list(const char *k, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(k, list[i]))
            return 1;
    return 0;
}

/* Portal chrome: navigation and tool lines of Vietnamese legal-document sites. */
static const char *const CHROME[] = {
    "hệ thống pháp luật", "văn bản pháp luật", "thư viện pháp luật", "cơ sở dữ liệu quốc gia về văn bản pháp luật",
    "cổng thông tin điện tử", "trang chủ", "tải về", "tải văn bản", "tải xuống", "tải file", "lược đồ",
    "nội dung", "bản gốc", "văn bản gốc", "văn bản liên quan", "văn bản tiếng anh", "tiếng anh",
    "thuộc tính", "thuộc tính văn bản", "mục lục", "facebook", "email", "in", "chia sẻ", "zalo", "twitter",
    "print", "share", "hiệu lực văn bản", "hiệu lực", "lịch sử", "lịch sử hiệu lực", "văn bản hợp nhất",
    "đăng nhập", "đăng ký", "theo dõi văn bản", "so sánh văn bản", "văn bản được hướng dẫn",
    "văn bản hướng dẫn", "văn bản bị sửa đổi", "văn bản sửa đổi", "tóm tắt", "vb liên quan", "tra cứu",
    "xem thêm", "quay lại", "in văn bản", "gửi email", "ghi chú", "báo lỗi", NULL};

/* Lines that open a trailing portal block. */
static const char *const TRAIL_OPEN[] = {
    "hiệu lực văn bản", "thuộc tính văn bản", "thuộc tính", "văn bản liên quan", "lược đồ",
    "tải văn bản", "tải về", "văn bản gốc", "bản gốc", "lịch sử hiệu lực", "văn bản tiếng anh", NULL};

/* Metadata keys of a portal's document card. */
static const char *const META_KEYS[] = {
    "số hiệu", "số ký hiệu", "ký hiệu", "loại văn bản", "ngày ban hành", "nơi ban hành", "cơ quan ban hành",
    "người ký", "ngày công báo", "số công báo", "ngày hiệu lực", "ngày có hiệu lực", "ngày hết hiệu lực",
    "tình trạng hiệu lực", "tình trạng", "lĩnh vực", "lĩnh vực, ngành", "phạm vi", "nguồn thu thập",
    "ngày đăng", "cập nhật", "chức danh", NULL};

/* A line made only of share/tool words ("Facebook Email In"). */
static int share_line(kh_ctx *ctx, const kh_line *l)
{
    static const char *const W[] = {"facebook", "email", "in", "zalo", "twitter", "print", "share",
                                    "tweet", "chia", "sẻ", "|", "•", "-", NULL};
    if (l->len == 0 || l->len > 80)
        return 0;
    char *low = kh_lower(ctx->arena, l->s, l->len);
    int words = 0, named = 0;
    for (char *t = low; *t;) {
        while (*t == ' ')
            t++;
        char *e = t;
        while (*e && *e != ' ')
            e++;
        if (e == t)
            break;
        char save = *e;
        *e = 0;
        if (!in_list(t, W))
            return 0;
        named += strcmp(t, "|") && strcmp(t, "•") && strcmp(t, "-");
        words++;
        *e = save;
        t = e;
    }
    return words >= 2 && named >= 2;
}

static int is_chrome(kh_ctx *ctx, const kh_line *l)
{
    char tmp[256];
    const char *k = chrome_key(ctx, l, tmp, sizeof tmp);
    return (k && in_list(k, CHROME)) || share_line(ctx, l);
}

/* "• Số hiệu: 14/KH-UBND" or "Ngày ban hành: 17/01/2024". */
static int meta_line(kh_ctx *ctx, const kh_line *l, int *bullet)
{
    const char *s = l->s;
    size_t n = l->len;
    *bullet = 0;
    if (n >= 3 && !memcmp(s, "\xE2\x80\xA2", 3)) { /* • */
        *bullet = 1;
        s += 3;
        n -= 3;
        while (n && *s == ' ')
            s++, n--;
    }
    const char *colon = memchr(s, ':', n);
    if (!colon || colon - s > 40)
        return *bullet; /* any "•" line in a portal block is metadata */
    char *key = kh_lower(ctx->arena, s, (size_t)(colon - s));
    size_t kn = strlen(key);
    while (kn && key[kn - 1] == ' ')
        key[--kn] = 0;
    return in_list(key, META_KEYS) || *bullet;
}

/* A horizontal rule: "---", "***", "___", "* * *", "———" (3 or more marks, nothing else). */
static int rule_line(const kh_line *l)
{
    int marks = 0;
    for (size_t k = 0; k < l->len; k++) {
        unsigned char c = (unsigned char)l->s[k];
        if (c == '-' || c == '*' || c == '_' || c == '=')
            marks++;
        else if (c == 0xE2 && k + 2 < l->len && (unsigned char)l->s[k + 1] == 0x80 &&
                 ((unsigned char)l->s[k + 2] == 0x94 || (unsigned char)l->s[k + 2] == 0x93)) {
            marks++; /* — – */
            k += 2;
        } else if (c != ' ')
            return 0;
    }
    return marks >= 3;
}

/* The line is only markdown links "[text](url)" (after an optional "- " / "* " / "• "
 * bullet), separated by spaces, "|", ">", "»" or "/": a list of related posts, a
 * breadcrumb. */
static int link_line(const kh_line *l)
{
    const char *s = l->s, *e = l->s + l->len;
    if (s + 2 <= e && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
        s += 2;
    else if (e - s >= 4 && !memcmp(s, "\xE2\x80\xA2 ", 4))
        s += 4;
    int links = 0;
    while (s < e) {
        if (*s == ' ' || *s == '|' || *s == '>' || *s == '/') {
            s++;
            continue;
        }
        if (e - s >= 2 && !memcmp(s, "\xC2\xBB", 2)) { /* » */
            s += 2;
            continue;
        }
        if (*s != '[')
            return links > 0 && e - s <= 60 && !memchr(s, '[', (size_t)(e - s)) ? 2 : 0;
        const char *c = memchr(s, ']', (size_t)(e - s));
        if (!c || c + 1 >= e || c[1] != '(')
            return 0;
        const char *r = memchr(c, ')', (size_t)(e - c));
        if (!r)
            return 0;
        links++;
        s = r + 1;
    }
    return links > 0;
}

static int has_url(const kh_line *l)
{
    static const char *const U[] = {"http://", "https://", "www.", NULL};
    for (int k = 0; U[k]; k++)
        if (l->len < 300 && strstr(l->s, U[k]))
            return 1;
    return 0;
}

/* Lines of a portal page's frame around the document (prefix match, lower-cased). */
static const char *const PAGE_CHROME[] = {
    "tin liên quan", "bài viết liên quan", "văn bản liên quan", "tin khác", "các tin khác",
    "tin cùng chuyên mục", "xem thêm", "chia sẻ", "bản quyền", "©", "(c) ", "copyright",
    "liên hệ", "địa chỉ:", "điện thoại:", "email:", "e-mail:", "fax:", "facebook", "zalo",
    "twitter", "in trang", "về đầu trang", "lên đầu trang", "ngày đăng:", "lượt xem:",
    "cập nhật lúc", "cỡ chữ:", "cơ quan chủ quản", "chịu trách nhiệm", "giấy phép số",
    "cổng thông tin điện tử", "trang thông tin điện tử", "trang chủ", NULL};

/* Opening lines of a trailing portal block (besides a rule and TRAIL_OPEN). */
static const char *const PAGE_OPEN[] = {
    "tin liên quan", "bài viết liên quan", "văn bản liên quan", "tin khác", "các tin khác",
    "tin cùng chuyên mục", "xem thêm", "chia sẻ", "bản quyền", "©", "copyright", NULL};

/* The line starts with one of the (lower-case) prefixes, ignoring case. */
static int prefix_in(const kh_line *l, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (kh_starts_with_ci(l->s, l->len, list[k]))
            return 1;
    return 0;
}

/* A site's title bar in plain text: "<site name> - CỔNG THÔNG TIN ĐIỆN TỬ" (or " | ",
 * " – "): the portal's own name after a separator, closing a short line. A document
 * never names itself so; a body line merely mentioning a portal has no separator
 * before it. */
static int site_title_line(kh_ctx *ctx, const kh_line *l)
{
    static const char *const P[] = {"cổng thông tin điện tử", "trang thông tin điện tử", "website", NULL};
    static const char *const SEP[] = {" - ", " | ", " â ", NULL};
    if (l->len == 0 || l->len > 160)
        return 0;
    const char *low = kh_lower(ctx->arena, l->s, l->len);
    for (int k = 0; SEP[k]; k++) {
        const char *sep = strstr(low, SEP[k]);
        if (!sep || sep == low)
            continue;
        const char *after = sep + strlen(SEP[k]);
        for (int m = 0; P[m]; m++)
            if (!strncmp(after, P[m], strlen(P[m]))) {
                const char *tail = after + strlen(P[m]);
                if (strlen(tail) <= 40 && !strpbrk(tail, ".;:"))
                    return 1;
            }
    }
    return 0;
}

/* Post metadata or a breadcrumb in plain text: "Đăng ngày: … | Lượt xem: … | In bài",
 * "Trang chủ > Văn bản > Kế hoạch": short segments between " | " / " > " / " » ", one of
 * them a metadata key (metadata), or all of them short labels without sentence
 * punctuation (breadcrumb, 3 segments or more). */
static int segmented_chrome(kh_ctx *ctx, const kh_line *l)
{
    static const char *const KEYS[] = {"lượt xem", "đăng ngày", "ngày đăng", "đăng lúc", "người đăng",
                                       "cập nhật", "in bài", "tải về", "cỡ chữ", "lượt đọc", NULL};
    if (l->len == 0 || l->len > 200)
        return 0;
    const char *low = kh_lower(ctx->arena, l->s, l->len);
    int bars = strstr(low, " | ") != NULL;
    int crumbs = !bars && (strstr(low, " > ") || strstr(low, " Â» "));
    if (!bars && !crumbs)
        return 0;
    int segs = 0, keyed = 0, plain = 1;
    for (const char *s = low; *s;) {
        const char *e = s;
        size_t sl = 0;
        while (*e) {
            if (bars && !strncmp(e, " | ", 3)) {
                sl = 3;
                break;
            }
            if (crumbs && !strncmp(e, " > ", 3)) {
                sl = 3;
                break;
            }
            if (crumbs && !strncmp(e, " Â» ", 4)) {
                sl = 4;
                break;
            }
            e++;
        }
        segs++;
        for (int k = 0; KEYS[k]; k++) { /* the key alone, or "key:" / "key (…)" */
            size_t kl = strlen(KEYS[k]);
            if (!strncmp(s, KEYS[k], kl) && (s + kl == e || s[kl] == ':' || !strncmp(s + kl, " (", 2)))
                keyed = 1;
        }
        if (e - s > 40 || memchr(s, '.', (size_t)(e - s)) || memchr(s, ';', (size_t)(e - s)) ||
            memchr(s, ',', (size_t)(e - s)))
            plain = 0;
        s = *e ? e + sl : e;
    }
    return bars ? keyed && segs >= 2 : plain && segs >= 3;
}

/* A line of a web page's frame: exact CHROME, share bar, rule, links, URL, a site title,
 * post metadata, a breadcrumb, or a PAGE_CHROME prefix (short lines only: a sentence of
 * the document is never chrome). */
static int page_chrome(kh_ctx *ctx, const kh_line *l, const char *const *prefixes)
{
    if (l->len == 0)
        return 0;
    if (is_chrome(ctx, l) || rule_line(l) || link_line(l) || has_url(l) || site_title_line(ctx, l) ||
        segmented_chrome(ctx, l))
        return 1;
    if (l->len > 240)
        return 0;
    return prefix_in(l, prefixes);
}

/* Lines of a document's closing a portal block must not swallow. */
static int closing_like(const kh_line *l)
{
    static const char *const C[] = {"nơi nhận", "tm.", "tm ", "kt.", "kt ", "tl.", "tuq.", "q.", NULL};
    return prefix_in(l, C) || (kh_is_upper_text(l->s, l->len) && !rule_line(l));
}

static void flag_range(kh_text *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        t->v[i].flags |= KH_LINE_BOILERPLATE;
}

static void boilerplate(kh_ctx *ctx)
{
    kh_text *t = &ctx->res->text;
    size_t n = t->n;
    if (!n)
        return;
    /* leading chrome: before the first line of the document (first 30 lines at most) */
    size_t i = 0, first = SIZE_MAX, last = 0, count = 0;
    for (; i < n && i < 30; i++) {
        kh_line *l = &t->v[i];
        if (l->flags & KH_LINE_BLANK)
            continue;
        if (!page_chrome(ctx, l, PAGE_CHROME))
            break;
        if (first == SIZE_MAX)
            first = i;
        last = i;
        count += !rule_line(l);
    }
    size_t head_end = 0;
    if (count && i < n) { /* never the whole text; a lone rule is not a portal header */
        flag_range(t, first, last + 1);
        head_end = last + 1;
        if (count == 1)
            kh_diag_add(ctx, "boilerplate_removed", KH_SEV_INFO, t->v[first].no,
                        "Website header line '%s' is not part of the document; ignored.", t->v[first].s);
        else
            kh_diag_add(ctx, "boilerplate_removed", KH_SEV_INFO, t->v[first].no,
                        "Website header (lines %d-%d: '%s' … '%s') is not part of the document; ignored.",
                        t->v[first].no, t->v[last].no, t->v[first].s, t->v[last].s);
    }

    /* trailing block: from a portal heading ("HIỆU LỰC VĂN BẢN", "Tải về" …) to the end,
     * made of chrome, metadata lines and at most two free lines (the title repeated) */
    size_t lo = n > 80 ? n - 80 : 0;
    if (lo < head_end)
        lo = head_end;
    size_t start = SIZE_MAX;
    int bullets = 0;
    for (size_t s = lo; s < n; s++) {
        char tmp[256];
        const char *k = chrome_key(ctx, &t->v[s], tmp, sizeof tmp);
        if (!k || !in_list(k, TRAIL_OPEN))
            continue;
        int free_lines = 0, nb = 0, ok = 1;
        for (size_t j = s + 1; j < n && ok; j++) {
            kh_line *l = &t->v[j];
            int b;
            if ((l->flags & KH_LINE_BLANK) || is_chrome(ctx, l))
                continue;
            if (meta_line(ctx, l, &b)) {
                nb += b;
                continue;
            }
            if (++free_lines > 2)
                ok = 0;
        }
        if (ok) {
            start = s;
            bullets = nb;
            break;
        }
    }
    /* or a page footer after the signature: from a rule ("---") or an opener ("Tin liên
     * quan", "Xem thêm", "© Bản quyền" …) to the end, at least two chrome lines besides
     * rules and at most one free line per three chrome lines (two at most), none of
     * which looks like a part of the closing ("Nơi nhận", "KT. CHỦ TỊCH", a name in
     * capitals) */
    for (size_t s = lo; s < n && s < start; s++) {
        kh_line *o = &t->v[s];
        if (o->flags & KH_LINE_BLANK)
            continue;
        if (!rule_line(o) && !prefix_in(o, PAGE_OPEN))
            continue;
        int chrome = 0, free_lines = 0, ok = 1;
        for (size_t j = s; j < n && ok; j++) {
            kh_line *l = &t->v[j];
            if (l->flags & KH_LINE_BLANK)
                continue;
            if (page_chrome(ctx, l, PAGE_CHROME))
                chrome += !rule_line(l);
            else if (closing_like(l) || ++free_lines > 2)
                ok = 0;
        }
        if (ok && chrome >= 2 && free_lines * 3 <= chrome) {
            start = s;
            break;
        }
    }
    /* or just a run of chrome lines at the very end ("Tải về", "Facebook Email In") */
    size_t run = n;
    for (size_t j = n; j > head_end; j--) {
        kh_line *l = &t->v[j - 1];
        if (l->flags & KH_LINE_BLANK)
            continue;
        if (!is_chrome(ctx, l))
            break;
        run = j - 1;
    }
    if (run < start)
        start = run;
    if (start == SIZE_MAX || start >= n || start <= head_end)
        return;
    size_t end = n;
    while (end > start && (t->v[end - 1].flags & KH_LINE_BLANK))
        end--;
    flag_range(t, start, end);
    const kh_line *a = &t->v[start], *z = &t->v[end - 1];
    if (end - start == 1)
        kh_diag_add(ctx, "boilerplate_removed", KH_SEV_INFO, a->no,
                    "Website footer line '%s' is not part of the document; ignored.", a->s);
    else
        kh_diag_add(ctx, "boilerplate_removed", KH_SEV_INFO, a->no,
                    "Trailing website block (lines %d-%d: '%s'%s%s%s%s) is not part of the document; ignored.",
                    a->no, z->no, a->s, bullets ? ", metadata bullets" : "", z != a ? ", '" : "",
                    z != a ? z->s : "", z != a ? "'" : "");
}

/* ---------------------------------------------------------------- page furniture */

/* Text extracted from a PDF keeps each page's number and its running header / footer.
 *
 * Page-number line: a number 1–999 alone, optionally as "- 3 -" / "– 3 –", "Trang 3",
 * "Page 3", "3/12", "Trang 3/12". Wrapped forms (dashes, Trang, Page) are *strong* and
 * always furniture; a bare "3" or "3/12" (*weak*) only when it is the first or last line
 * of a '\f' page, or when the previous / next page-number line is one page before / after
 * it and at least 15 lines away (so a table flattened one cell per line is left alone).
 *
 * Running header / footer: a line that occurs at least twice within 2 lines (blank lines
 * not counted) of a page-number line or a '\f' — every occurrence on the same side (all
 * after, or all before, a page boundary); the very top of the document counts as a
 * boundary too (the first page's header), but the first two lines of the document are
 * never flagged (header block) and at least two occurrences must be at real boundaries.
 *
 * Linear: only lines next to a boundary are hashed, then each line whose length is one
 * of theirs is looked up once. */

#define PN_NONE 0
#define PN_WEAK 1
#define PN_STRONG 2

static size_t dash_at(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == '-')
        return 1;
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
        return 3; /* – — */
    return 0;
}

static size_t read_num(const char *s, size_t n, size_t *i, int *v)
{
    size_t a = *i;
    int x = 0;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9' && *i - a < 4)
        x = x * 10 + (s[(*i)++] - '0');
    *v = x;
    return *i - a;
}

/* Page number of a page-number line (PN_WEAK / PN_STRONG in *kind), 0 if it is not one. */
static int page_number_line(const char *s, size_t n, int *kind)
{
    *kind = PN_NONE;
    if (n == 0 || n > 24)
        return 0;
    unsigned char c0 = (unsigned char)s[0];
    if (!((c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == 0xE2 || c0 == 'T' || c0 == 't' || c0 == 'P' ||
          c0 == 'p'))
        return 0;
    size_t i = 0, d;
    bool dashes = false, word = false;
    while ((d = dash_at(s, n, i)) != 0) {
        dashes = true;
        i += d;
    }
    while (i < n && s[i] == ' ')
        i++;
    if (!dashes && i + 5 < n && (!strncmp(s + i, "Trang ", 6) || !strncmp(s + i, "trang ", 6) ||
                                 !strncmp(s + i, "TRANG ", 6))) {
        word = true;
        i += 6;
    } else if (!dashes && i + 4 < n && (!strncmp(s + i, "Page ", 5) || !strncmp(s + i, "page ", 5))) {
        word = true;
        i += 5;
    }
    int v, m = 0;
    size_t dl = read_num(s, n, &i, &v);
    if (dl == 0 || dl > 3 || v < 1 || v > 999 || s[i - dl] == '0')
        return 0;
    size_t j = i;
    while (j < n && s[j] == ' ')
        j++;
    if (j < n && s[j] == '/') {
        j++;
        while (j < n && s[j] == ' ')
            j++;
        size_t ml = read_num(s, n, &j, &m);
        if (ml == 0 || ml > 3 || m < v || m > 999)
            return 0;
        i = j;
    }
    while (i < n && s[i] == ' ')
        i++;
    bool closing = false;
    while ((d = dash_at(s, n, i)) != 0) {
        closing = true;
        i += d;
    }
    if (i != n || closing != dashes)
        return 0;
    *kind = dashes || word ? PN_STRONG : PN_WEAK;
    return v;
}

typedef struct {
    uint64_t h;
    const kh_line *l; /* first line with this text */
    int after, before, total;
} fur_entry;

static uint64_t line_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ^ n;
}

static fur_entry *fur_find(fur_entry *tab, size_t cap, const kh_line *l, uint64_t h, bool add)
{
    for (size_t k = (size_t)h & (cap - 1);; k = (k + 1) & (cap - 1)) {
        fur_entry *e = &tab[k];
        if (!e->l) {
            if (!add)
                return NULL;
            e->h = h;
            e->l = l;
            return e;
        }
        if (e->h == h && e->l->len == l->len && !memcmp(e->l->s, l->s, l->len))
            return e;
    }
}

static bool header_like(const kh_line *l)
{
    if (l->len < 4 || l->len > 300)
        return false;
    const char *s = l->s;
    /* list items and "- 2 -"-like lines are not running headers */
    if ((s[0] == '-' || s[0] == '+') && s[1] == ' ')
        return false;
    if (!memcmp(s, "\xE2\x80\xA2", 3))
        return false;
    return true;
}

static void page_furniture(kh_ctx *ctx, size_t base)
{
    kh_text *t = &ctx->res->text;
    kh_arena *a = ctx->arena;
    /* non-blank lines */
    size_t nn = 0;
    for (size_t i = base; i < t->n; i++)
        nn += !(t->v[i].flags & (KH_LINE_BLANK | KH_LINE_BOILERPLATE));
    if (nn < 4)
        return;
    size_t *ix = kh_alloc(a, nn * sizeof *ix);
    nn = 0;
    for (size_t i = base; i < t->n; i++)
        if (!(t->v[i].flags & (KH_LINE_BLANK | KH_LINE_BOILERPLATE)))
            ix[nn++] = i;
#define NB(q) (&t->v[ix[q]])
    /* page-number candidates */
    int *pv = NULL;
    unsigned char *pk = NULL;
    size_t ncand = 0;
    for (size_t q = 0; q < nn; q++) {
        int kind, v = page_number_line(NB(q)->s, NB(q)->len, &kind);
        if (!v)
            continue;
        if (!pv) {
            pv = kh_alloc(a, nn * sizeof *pv);
            pk = kh_alloc(a, nn);
        }
        pv[q] = v;
        pk[q] = (unsigned char)kind;
        ncand++;
    }
    bool pages = false;
    for (size_t q = 1; q < nn && !pages; q++)
        pages = NB(q)->page != NB(q - 1)->page;
    if (!ncand && !pages)
        return;
    /* boundary before q: a '\f' between q-1 and q */
#define BREAK_BEFORE(q) ((q) > 0 && (q) < nn && NB(q)->page != NB((q) - 1)->page)
    unsigned char *pn = kh_alloc(a, nn); /* 1: accepted page-number line */
    size_t prev = SIZE_MAX;
    for (size_t q = 0; q < nn; q++) {
        if (!pv || !pk[q])
            continue;
        bool ok = pk[q] == PN_STRONG || BREAK_BEFORE(q) || BREAK_BEFORE(q + 1);
        if (!ok && prev != SIZE_MAX && pv[prev] == pv[q] - 1 && q - prev >= 15)
            ok = true;
        if (!ok) {
            size_t r = q + 1;
            while (r < nn && !pk[r])
                r++;
            if (r < nn && pv[r] == pv[q] + 1 && r - q >= 15)
                ok = true;
        }
        if (!ok && q > 0 && q + 1 < nn && NB(q - 1)->len && NB(q + 1)->len) {
            /* a number alone in the middle of a sentence: the sentence goes on, lower-case,
             * after it ("… đăng ký xây dựng / 2 / khu dân cư …", blind round 5) */
            char last = NB(q - 1)->s[NB(q - 1)->len - 1];
            int k;
            int32_t c = kh_utf8_decode(NB(q + 1)->s, NB(q + 1)->len, &k);
            ok = !strchr(".:;!?", last) && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
        }
        pn[q] = ok;
        prev = q;
    }
    /* lines next to a boundary: bit 0 after one, bit 1 before one, bit 2 after a real one
     * (not the top of the document), bit 3 before a real one */
    unsigned char *adj = kh_alloc(a, nn);
    size_t nadj = 0;
    for (size_t q = 0; q < 2 && q < nn; q++)
        adj[q] |= 1;
    for (size_t q = 0; q <= nn; q++) {
        bool brk = q < nn && pn[q];
        bool fbrk = BREAK_BEFORE(q); /* boundary between q-1 and q */
        if (brk) {
            for (size_t r = q + 1; r < nn && r <= q + 2; r++)
                adj[r] |= 1 | 4;
            for (size_t r = q; r-- > 0 && r + 2 >= q;)
                adj[r] |= 2 | 8;
        }
        if (fbrk) {
            for (size_t r = q; r < nn && r < q + 2; r++)
                adj[r] |= 1 | 4;
            for (size_t r = q; r-- > 0 && r + 2 >= q;)
                adj[r] |= 2 | 8;
        }
    }
    /* hash table of the lines next to a boundary */
    size_t cap = 16;
    for (size_t q = 0; q < nn; q++)
        nadj += adj[q] && !pn[q] && header_like(NB(q));
    while (cap < nadj * 2 + 2)
        cap *= 2;
    fur_entry *tab = kh_alloc(a, cap * sizeof *tab);
    uint64_t lenmask[8] = {0}; /* lengths seen, mod 512 */
    for (size_t q = 0; q < nn; q++) {
        const kh_line *l = NB(q);
        if (!adj[q] || pn[q] || !header_like(l))
            continue;
        fur_entry *e = fur_find(tab, cap, l, line_hash(l->s, l->len), true);
        /* real boundaries counted in after/before; the top of the document counts as
         * "after" for the all-occurrences test only (total is compared below) */
        e->after += (adj[q] & 4) != 0;
        e->before += (adj[q] & 8) != 0;
        lenmask[(l->len & 511) >> 6] |= 1ull << (l->len & 63);
    }
    if (!nadj)
        goto numbers_only;
    for (size_t q = 0; q < nn; q++) {
        const kh_line *l = NB(q);
        if (pn[q] || !(lenmask[(l->len & 511) >> 6] >> (l->len & 63) & 1) || !header_like(l))
            continue;
        fur_entry *e = fur_find(tab, cap, l, line_hash(l->s, l->len), false);
        if (e)
            e->total++;
    }
numbers_only:;
    /* flag */
    kh_buf msg = {0};
    int count = 0, listed = 0, first_no = 0;
    for (size_t q = 0; q < nn; q++) {
        kh_line *l = NB(q);
        bool fl = pn[q];
        if (!fl && nadj && q >= 2 && adj[q] && header_like(l)) {
            fur_entry *e = fur_find(tab, cap, l, line_hash(l->s, l->len), false);
            /* occurrences at the top of the document count as "after a boundary" */
            if (e && e->total >= 2) {
                int top = 0;
                /* the top occurrences: lines 0-1 with the same text */
                for (size_t r = 0; r < 2 && r < nn; r++)
                    top += NB(r)->len == l->len && !memcmp(NB(r)->s, l->s, l->len) && !(adj[r] & 4);
                fl = (e->after >= 2 && e->after + top == e->total) || (e->before >= 2 && e->before == e->total);
            }
        }
        if (!fl)
            continue;
        l->flags |= KH_LINE_BOILERPLATE;
        if (!count++)
            first_no = l->no;
        if (listed < 12) {
            size_t cut = l->len;
            if (cut > 60) { /* at a character boundary */
                cut = 60;
                while (cut > 0 && ((unsigned char)l->s[cut] & 0xC0) == 0x80)
                    cut--;
            }
            char *item = kh_sprintf(a, "%s%d '%.*s%s'", listed ? ", " : "", l->no, (int)cut, l->s,
                                    cut < l->len ? "…" : "");
            kh_buf_adds(a, &msg, item);
            listed++;
        }
    }
#undef NB
#undef BREAK_BEFORE
    if (count)
        kh_diag_add(ctx, "page_furniture_removed", KH_SEV_INFO, first_no,
                    "%d line%s of page furniture (page numbers, running headers/footers) ignored: line%s %s%s",
                    count, count == 1 ? "" : "s", count == 1 ? "" : "s", kh_buf_cstr(a, &msg),
                    count > listed ? ", …" : "");
}

/* ---------------------------------------------------------------- column breaks */

/* Keep column breaks only in the header zone (the first KH_COL_HEAD content lines) and
 * the closing zone (the last KH_COL_TAIL); content = not blank, not boilerplate. */
static void col_zones(kh_text *t, size_t base)
{
    size_t total = 0;
    for (size_t i = base; i < t->n; i++)
        if (!(t->v[i].flags & (KH_LINE_BLANK | KH_LINE_BOILERPLATE)))
            total++;
    size_t idx = 0;
    for (size_t i = base; i < t->n; i++) {
        kh_line *l = &t->v[i];
        if (l->flags & (KH_LINE_BLANK | KH_LINE_BOILERPLATE)) {
            l->col_break = 0;
            continue;
        }
        if (idx >= KH_COL_HEAD && idx + KH_COL_TAIL < total)
            l->col_break = 0;
        idx++;
    }
}

/* ---------------------------------------------------------------- quoted table cells */

/* A tab-separated row copied from a spreadsheet quotes a cell that holds line breaks
 * ("2\t\"Ra quân … tuyến\n… Lê Duẩn)\"\tĐội …"): does the last cell of p[0..n) open
 * such a quote (starts with '"', an odd number of quotes in it)? */
static bool open_quoted_cell(const char *p, size_t n)
{
    const char *t = memchr(p, '\t', n);
    if (!t || !memchr(t, '"', n - (size_t)(t - p)))
        return false; /* no tab, or no quote after one: the common case */
    size_t c = n;
    while (c > 0 && p[c - 1] != '\t')
        c--;
    while (c < n && p[c] == ' ')
        c++;
    if (c >= n || p[c] != '"')
        return false;
    int q = 0;
    for (size_t i = c; i < n; i++)
        q += p[i] == '"';
    return q & 1;
}

/* The closing quote of an open cell in the continuation line p[0..n): a '"' followed by a
 * tab or the line's end, not doubled. Its offset, or n when the line has none. */
static size_t closing_quote(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '"')
            continue;
        if (i + 1 < n && p[i + 1] == '"') {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && (p[j] == ' ' || p[j] == '\r'))
            j++;
        if (j == n || p[j] == '\t')
            return i;
    }
    return n;
}

/* The cells of a joined row without their CSV quotes ("\"a\"\"b\"" -> a"b). */
static void unquote_cells(kh_arena *a, kh_buf *row)
{
    kh_buf out = {0};
    const char *s = row->s;
    size_t n = row->n, b = 0;
    while (b <= n) {
        size_t e = b;
        while (e < n && s[e] != '\t')
            e++;
        size_t x = b, y = e;
        while (x < y && s[x] == ' ')
            x++;
        while (y > x && s[y - 1] == ' ')
            y--;
        if (y - x >= 2 && s[x] == '"' && s[y - 1] == '"') {
            for (size_t i = x + 1; i < y - 1; i++) {
                kh_buf_addc(a, &out, s[i]);
                if (s[i] == '"' && i + 1 < y - 1 && s[i + 1] == '"')
                    i++;
            }
        } else {
            kh_buf_add(a, &out, s + b, e - b);
        }
        if (e < n)
            kh_buf_addc(a, &out, '\t');
        b = e + 1;
    }
    *row = out;
}

/* ---------------------------------------------------------------- entry */

int kh_normalize(kh_ctx *ctx, const char *s, size_t len)
{
    nz z = {0};
    z.ctx = ctx;
    z.page = memchr(s, '\f', len) ? 1 : 0;
    size_t base = ctx->res->text.n;
    int no = 1;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        const char *cr = NULL;
        size_t j = nl ? (size_t)(nl - s) : len;
        /* a lone CR ends a line too (old Mac files) */
        cr = memchr(s + i, '\r', j - i);
        if (cr && (size_t)(cr - s) + 1 < j) {
            j = (size_t)(cr - s);
            add_line_spaced(&z, s + i, j - i, no++);
            i = j + 1;
            continue;
        }
        size_t e = j;
        if (e > i && s[e - 1] == '\r')
            e--;
        if (open_quoted_cell(s + i, e - i)) {
            /* the quoted cell goes on over the next lines (at most 8): one row */
            kh_buf row = {0};
            kh_buf_add(ctx->arena, &row, s + i, e - i);
            size_t k = j, used = 0;
            bool closed = false;
            for (int m = 0; m < 8 && k < len && !closed; m++) {
                size_t a = k + 1;
                const char *nl2 = a < len ? memchr(s + a, '\n', len - a) : NULL;
                size_t b = nl2 ? (size_t)(nl2 - s) : len, be = b;
                if (be > a && s[be - 1] == '\r')
                    be--;
                closed = closing_quote(s + a, be - a) < be - a;
                kh_buf_addc(ctx->arena, &row, ' ');
                kh_buf_add(ctx->arena, &row, s + a, be - a);
                used++;
                k = b;
            }
            if (closed) {
                unquote_cells(ctx->arena, &row);
                add_line_spaced(&z, row.s, row.n, no);
                no += (int)used + 1;
                if (k >= len)
                    break;
                i = k + 1;
                continue;
            }
        }
        add_line_spaced(&z, s + i, e - i, no++);
        if (j >= len)
            break;
        i = j + 1;
        if (kh_over_budget(ctx))
            break;
    }
    kh_text *t = &ctx->res->text;
    size_t produced = t->n - base;
    /* binary: a large share of control or invalid bytes */
    long bad = z.ctrl + z.invalid;
    if (bad >= 8 && (size_t)bad * 10 >= len) {
        t->n = base;
        kh_diag_add(ctx, "binary_input", KH_SEV_ERROR, 0,
                    "the input looks binary, not text: %ld control or invalid bytes in %zu bytes; no text read",
                    bad, len);
        return KH_OK;
    }
    (void)produced;
    if (z.invalid)
        kh_diag_add(ctx, "invalid_utf8", KH_SEV_ERROR, (int)z.invalid_line,
                    "%ld invalid UTF-8 byte%s replaced by U+FFFD (first at line %ld)", z.invalid,
                    z.invalid == 1 ? "" : "s", z.invalid_line);
    if (z.ctrl)
        kh_diag_add(ctx, "control_chars_removed", KH_SEV_WARNING, (int)z.ctrl_line,
                    "%ld control character%s (NUL, C0/C1 controls) removed (first at line %ld)", z.ctrl,
                    z.ctrl == 1 ? "" : "s", z.ctrl_line);
    if (z.truncated > 10)
        kh_diag_add(ctx, "line_truncated", KH_SEV_WARNING, 0, "%ld lines in all were cut to %lld bytes",
                    z.truncated, ctx->cfg->max_line_bytes);
    boilerplate(ctx);
    page_furniture(ctx, base);
    col_zones(t, base);
    return KH_OK;
}

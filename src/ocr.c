/*
 * ocr.c — images and PDF to text through Tesseract + Leptonica (OCR builds only;
 * ocr_none.c replaces this file when they are not available). See docs/OCR.md.
 *
 *   kh_detect_format   magic bytes: PNG, JPEG, TIFF/BigTIFF, PNM (P1-P6), BMP, GIF, WebP,
 *                      JPEG 2000, PDF; everything else is text
 *   kh_ocr_document    page loop: limits (pages, pixels from the header, time budget),
 *                      decode, ocr_preprocess.c, Tesseract (PSM_AUTO: layout blocks are
 *                      kept apart, so the two-column header does not interleave), text
 *                      assembled block by block with a blank line between blocks, pages
 *                      separated by '\f'; per-line confidences to res->ocr_lines.
 *                      PDF pages (pdf.c): the text layer when it is good, else OCR.
 *
 * The engine (one per parser) is created on first use into *ctx->ocr_engine and reused
 * for every page and document. Tesseract's OpenMP threads make it ~3x slower on small
 * machines, so OMP_THREAD_LIMIT=1 is put in the environment when unset (see docs).
 */
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "ocr_internal.h"

#define KH_OCR_LOW_WORD 60.0f /* a word below this confidence makes its line "low" */
#define KH_OCR_LOW_LINE 75.0f /* a line whose mean is below this is "low" */

/* ---------------------------------------------------------------- format detection */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* "P1".."P6", whitespace/comments, width, height: a text starting with "P3 " is not an
 * image unless two numbers follow. */
static bool is_pnm(const unsigned char *d, size_t n)
{
    if (n < 7 || d[0] != 'P' || d[1] < '1' || d[1] > '6' || !is_space(d[2]))
        return false;
    size_t i = 2;
    for (int k = 0; k < 2; k++) {
        for (;;) {
            while (i < n && is_space(d[i]))
                i++;
            if (i < n && d[i] == '#') {
                while (i < n && d[i] != '\n')
                    i++;
                continue;
            }
            break;
        }
        size_t j = i;
        while (i < n && d[i] >= '0' && d[i] <= '9')
            i++;
        if (i == j || i - j > 9 || i >= n || !is_space(d[i]))
            return false;
    }
    return true;
}

static uint32_t rd_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

kh_format kh_detect_format(const unsigned char *d, size_t n)
{
    if (!d)
        return KH_FMT_TEXT;
    /* PDF: "%PDF-" must start within the first KiB (some writers put junk before it) */
    for (size_t i = 0; i + 5 <= n && i < 1024; i++)
        if (d[i] == '%' && !memcmp(d + i, "%PDF-", 5))
            return KH_FMT_PDF;
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
        return KH_FMT_IMAGE;
    if (n >= 3 && !memcmp(d, "\xff\xd8\xff", 3))
        return KH_FMT_IMAGE;
    if (n >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4) ||
                   !memcmp(d, "II+\0", 4) || !memcmp(d, "MM\0+", 4)))
        return KH_FMT_IMAGE;
    if (n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
        return KH_FMT_IMAGE;
    if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
        return KH_FMT_IMAGE;
    if (n >= 12 && !memcmp(d, "\0\0\0\x0cjP  \r\n\x87\n", 12))
        return KH_FMT_IMAGE;
    if (n >= 26 && d[0] == 'B' && d[1] == 'M') {
        uint32_t hdr = rd_le32(d + 14);
        if (hdr == 12 || hdr == 40 || hdr == 52 || hdr == 56 || hdr == 64 || hdr == 108 ||
            hdr == 124)
            return KH_FMT_IMAGE;
    }
    if (is_pnm(d, n))
        return KH_FMT_IMAGE;
    return KH_FMT_TEXT;
}

/* ---------------------------------------------------------------- TIFF directory walk */

/* Pages of a TIFF and their sizes, read from the IFD chain without decoding anything,
 * so the page and pixel limits are enforced before Leptonica allocates. */
typedef struct tiff_page {
    long long w, h;
} tiff_page;

static uint64_t tget(const unsigned char *d, size_t n, uint64_t off, int size, bool be, bool *ok)
{
    if (off > n || (uint64_t)size > n - off) {
        *ok = false;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < size; i++)
        v |= (uint64_t)d[off + (be ? (uint64_t)(size - 1 - i) : (uint64_t)i)] << (8 * i);
    return v;
}

/* Returns the number of pages (capped at cap), -1 when the structure is broken. */
static int tiff_scan(const unsigned char *d, size_t n, int cap, tiff_page *pages)
{
    bool ok = true, be = d[0] == 'M';
    bool big = tget(d, n, 2, 2, be, &ok) == 43;
    uint64_t off = big ? tget(d, n, 8, 8, be, &ok) : tget(d, n, 4, 4, be, &ok);
    int count = 0;
    uint64_t seen[64];
    while (ok && off && count < cap) {
        for (int k = 0; k < count && k < 64; k++)
            if (seen[k] == off)
                return -1; /* loop in the IFD chain */
        if (count < 64)
            seen[count] = off;
        uint64_t ne = big ? tget(d, n, off, 8, be, &ok) : tget(d, n, off, 2, be, &ok);
        if (!ok || ne == 0 || ne > 4096)
            return -1;
        uint64_t esz = big ? 20 : 12, base = off + (big ? 8 : 2);
        long long w = -1, h = -1;
        for (uint64_t e = 0; e < ne && ok; e++) {
            uint64_t p = base + e * esz;
            unsigned tag = (unsigned)tget(d, n, p, 2, be, &ok);
            unsigned type = (unsigned)tget(d, n, p + 2, 2, be, &ok);
            uint64_t vo = p + (big ? 12 : 8);
            uint64_t v = type == 3 ? tget(d, n, vo, 2, be, &ok)
                       : type == 16 ? tget(d, n, vo, 8, be, &ok)
                                    : tget(d, n, vo, 4, be, &ok);
            if (tag == 256)
                w = (long long)v;
            else if (tag == 257)
                h = (long long)v;
        }
        if (!ok || w <= 0 || h <= 0)
            return -1;
        pages[count].w = w;
        pages[count].h = h;
        count++;
        uint64_t nx = base + ne * esz;
        off = big ? tget(d, n, nx, 8, be, &ok) : tget(d, n, nx, 4, be, &ok);
        if (!ok)
            return -1;
    }
    return count;
}

/* ---------------------------------------------------------------- engine */

typedef struct ocr_engine {
    TessBaseAPI *api;
    char *engine_name; /* "tesseract 5.3.0" */
    char *lang;
} ocr_engine;

/* OpenMP inside Tesseract (libgomp): its LSTM runs parallel regions that make it ~3x
 * slower when several workers share few cores. OMP_THREAD_LIMIT=1 cures it, but libgomp
 * reads its environment once, when it is loaded (before our code runs), so setenv()
 * is too late. What can still be changed is max-active-levels: at 0, libgomp runs every
 * parallel region with one thread (for the calling thread's regions; in libgomp before
 * GCC 13 the setting is process-wide). Looked up at run time: we do not link libgomp.
 * KH_OCR_THREADS=omp leaves OpenMP alone (for one big job on an idle machine). */
static void omp_tame(void)
{
    const char *keep = getenv("KH_OCR_THREADS");
    if (keep && !strcmp(keep, "omp"))
        return;
    void (*set_levels)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    if (set_levels)
        set_levels(0);
}

static pthread_once_t lept_once = PTHREAD_ONCE_INIT;
static void lept_quiet(void)
{
    /* Leptonica reports decode errors on stderr; we turn them into diagnostics. */
    setMsgSeverity(L_SEVERITY_NONE);
}

void kh_ocr_engine_free(void *engine)
{
    ocr_engine *e = engine;
    if (!e)
        return;
    if (e->api) {
        TessBaseAPIEnd(e->api);
        TessBaseAPIDelete(e->api);
    }
    kh_dealloc(e->engine_name);
    kh_dealloc(e->lang);
    kh_dealloc(e);
}

bool kh_ocr_available(void) { return true; }

bool kh_pdf_available(void)
{
#ifdef KH_HAVE_PDF
    return true;
#else
    return false;
#endif
}

static char *heap_dup(const char *s)
{
    size_t n = strlen(s);
    char *d = kh_malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Debian package for a language code ("vie" -> "tesseract-ocr-vie"). */
static const char *lang_package(kh_arena *a, const char *lang, size_t n)
{
    char *l = kh_strndup(a, lang, n);
    for (char *p = l; *p; p++)
        if (*p == '_')
            *p = '-';
    for (char *p = l; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return kh_sprintf(a, "tesseract-ocr-%s", l);
}

/* Engine of this parser, created on first use. KH_OK or KH_ERR_OCR/NOMEM + diagnostic. */
static int get_engine(kh_ctx *ctx, ocr_engine **out)
{
    if (*ctx->ocr_engine) {
        *out = *ctx->ocr_engine;
        return KH_OK;
    }
    const kh_config *cfg = ctx->cfg;
    const char *lang = cfg->ocr_language && *cfg->ocr_language ? cfg->ocr_language : "vie";
    const char *datapath = cfg->tessdata && *cfg->tessdata ? cfg->tessdata : getenv("KH_TESSDATA");
    if (datapath && !*datapath)
        datapath = NULL;
    const char *check_dir = datapath ? datapath : getenv("TESSDATA_PREFIX");
    /* Check the language files ourselves when we know where they must be: a clear error
     * naming the package beats Tesseract's message on stderr. */
    if (check_dir && *check_dir) {
        const char *p = lang;
        while (*p) {
            size_t n = strcspn(p, "+");
            if (n) {
                char *path = kh_sprintf(ctx->arena, "%s/%.*s.traineddata", check_dir, (int)n, p);
                if (!file_exists(path)) {
                    kh_diag_add(ctx, "ocr_language_missing", KH_SEV_ERROR, 0,
                                "OCR language data '%.*s' not found: %s does not exist; install "
                                "the Debian package %s or point --tessdata / KH_TESSDATA at a "
                                "directory holding %.*s.traineddata",
                                (int)n, p, path, lang_package(ctx->arena, p, n), (int)n, p);
                    return KH_ERR_OCR;
                }
            }
            p += n;
            if (*p == '+')
                p++;
        }
    }
    /* Tesseract's OpenMP threads: slower, not faster, when several workers share few
     * cores. Honoured only if libgomp has not read its environment yet; see docs/OCR.md. */
    setenv("OMP_THREAD_LIMIT", "1", 0);

    ocr_engine *e = kh_malloc(sizeof *e);
    if (!e)
        return KH_ERR_NOMEM;
    memset(e, 0, sizeof *e);
    e->api = TessBaseAPICreate();
    e->engine_name = kh_malloc(64);
    e->lang = heap_dup(lang);
    if (!e->api || !e->engine_name || !e->lang) {
        kh_ocr_engine_free(e);
        return KH_ERR_NOMEM;
    }
    snprintf(e->engine_name, 64, "tesseract %s", TessVersion());
    if (TessBaseAPIInit2(e->api, datapath, lang, OEM_DEFAULT) != 0) {
        const char *first = lang;
        size_t n = strcspn(first, "+");
        kh_diag_add(ctx, "ocr_language_missing", KH_SEV_ERROR, 0,
                    "Tesseract could not load language '%s' from %s; install the Debian package "
                    "%s (or set --tessdata / KH_TESSDATA)",
                    lang, datapath ? datapath : "its default data directory",
                    lang_package(ctx->arena, first, n));
        kh_ocr_engine_free(e);
        return KH_ERR_OCR;
    }
    TessBaseAPISetPageSegMode(e->api, PSM_AUTO);
    TessBaseAPISetVariable(e->api, "debug_file", "/dev/null");
    *ctx->ocr_engine = e;
    *out = e;
    return KH_OK;
}

/* ---------------------------------------------------------------- text assembly */

typedef struct ocr_out {
    kh_buf text;
    int line_no;        /* lines emitted so far ('\n' count) */
    int page;           /* current page, 1-based */
    double conf_sum;    /* word confidences of OCR'd pages */
    long conf_n;
    int pages_ocred;
    int page_blocks;    /* text blocks emitted on the current page */
    int dpi;            /* resolution of the page being recognised */
    PIX *pix;           /* the binarised page being recognised (not owned) */
    BOXA *cc;           /* its connected components, computed on first need */
    struct { struct ocr_word *v; size_t n, cap; } words; /* the current line's words */
} ocr_out;

/* A word of the line being assembled: bytes [off, off+n) of the line, its box. */
typedef struct ocr_word {
    size_t off, n;
    int x0, y0, x1, y1;
} ocr_word;

static void new_page(kh_ctx *ctx, ocr_out *o)
{
    if (o->page > 0) {
        if (o->text.n && o->text.s[o->text.n - 1] != '\n') {
            kh_buf_addc(ctx->arena, &o->text, '\n');
            o->line_no++;
        }
        kh_buf_addc(ctx->arena, &o->text, '\f');
    }
    o->page++;
    o->page_blocks = 0;
}

/* Append one line; conf < 0 = not OCR'd (text layer). */
static void add_line(kh_ctx *ctx, ocr_out *o, const char *s, size_t n, float conf, float min_conf)
{
    kh_buf_add(ctx->arena, &o->text, s, n);
    kh_buf_addc(ctx->arena, &o->text, '\n');
    o->line_no++;
    if (conf >= 0) {
        struct kh_ocr_line l = {o->line_no, o->page, conf, min_conf};
        KH_PUSH(ctx->arena, ctx->res->ocr_lines, l);
    }
}

/* Paragraphs. Tesseract gives lines; the text pipeline (like a text export) needs a
 * blank line between paragraphs, or a numbered heading and the body under it run
 * together (a full scan parsed without this found no sections and no tasks). A line
 * starts a new paragraph when it begins with a list marker ("-", "+", "1.", "1.2.",
 * "II.", "a)"), or when it is indented or the previous line stopped short of the
 * block's right edge -- unless it continues a sentence (starts with a lower-case
 * letter and the previous line does not end with . : ;), as the second line of a
 * centred title does. */
static bool is_list_marker(const char *w, size_t n)
{
    if (n == 1 && (w[0] == '-' || w[0] == '+' || w[0] == '*'))
        return true;
    if (n >= 3 && !memcmp(w, "\xe2\x80\xa2", 3)) /* bullet */
        return true;
    size_t i = 0, digits = 0;
    while (i < n && ((w[i] >= '0' && w[i] <= '9') || w[i] == '.')) {
        if (w[i] != '.')
            digits++;
        i++;
    }
    if (digits && digits <= 6 && i == n && w[n - 1] == '.' && w[0] != '.')
        return true; /* 1.  1.2.  2.1.3. */
    i = 0;
    while (i < n && (w[i] == 'I' || w[i] == 'V' || w[i] == 'X'))
        i++;
    if (i && i + 1 == n && (w[i] == '.' || w[i] == ')'))
        return true; /* II. */
    if (n == 2 && w[1] == ')' && w[0] >= 'a' && w[0] <= 'z')
        return true; /* a) */
    if (n == 3 && w[2] == ')' && !memcmp(w, "\xc4\x91", 2))
        return true; /* đ) */
    return false;
}

static bool starts_lower(const char *w, size_t n)
{
    int cl;
    int32_t c = kh_utf8_decode(w, n, &cl);
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0;
    return letter && kh_fold_lower_cp(c) == c;
}

/* Clean-up of speckle read as punctuation, where it cannot be text: a mark glued in
 * front of a section number at the start of a line ("-1.2." for "1.2.") and a '.' or
 * ':' between two words of at least two letters, the first ending in lower case
 * ("Phòng.Nông", "chặt:chẽ"; "TP.HCM", "v.v" and numbers are left alone).
 * Returns the (possibly shortened) length; edits w in place. */
static size_t unspeck_word(char *w, size_t n, bool line_start)
{
    if (line_start && n >= 3 && strchr("-.,'`~_:;", w[0])) {
        size_t k = 0;
        while (k < n && strchr("-.,'`~_:;", w[k]))
            k++;
        if (k < n && w[k] >= '0' && w[k] <= '9' && is_list_marker(w + k, n - k) && n - k > 1) {
            memmove(w, w + k, n - k);
            n -= k;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (w[i] != '.' && w[i] != ':')
            continue;
        /* letters before (same word) and after */
        size_t b = i, letters_b = 0, letters_a = 0;
        int32_t last = 0;
        while (b > 0) {
            size_t st = b - 1;
            while (st > 0 && ((unsigned char)w[st] & 0xC0) == 0x80)
                st--;
            int cl;
            int32_t c = kh_utf8_decode(w + st, b - st, &cl);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0))
                break;
            if (!letters_b)
                last = c;
            letters_b++;
            b = st;
        }
        for (size_t a = i + 1; a < n;) {
            int cl;
            int32_t c = kh_utf8_decode(w + a, n - a, &cl);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0))
                break;
            letters_a++;
            a += (size_t)cl;
        }
        if (letters_b >= 2 && letters_a >= 2 && kh_fold_lower_cp(last) == last)
            w[i] = ' ';
    }
    return n;
}


/* ---- apostrophes in ethnic-minority names
 * Personal names of the Central Highlands peoples are written with an apostrophe after
 * a short first part: K'Bin, H'Nhung, R'Ông, Ka'Hương, Ma'Liên, Y'Thuyên. Tesseract's
 * `vie` model drops it (it is cut cleanly on the binarised page, and the LSTM gives it
 * a near-zero score even on a perfect page) or reads it as '"', or as a word break
 * ("HNhung", "K"Thành", "Ka' Hương", "Ma Liên" on a test page). A dropped apostrophe
 * turns a name into a non-word ("KBin": a Vietnamese syllable cannot start K+B), and a
 * signer's name is then not recognised as one. We put it back only where the page
 * shows it: the word starts with a prefix of 1-3 letters whose first is an ASCII
 * capital, followed by an upper-case letter (inside the word or as the next word) or
 * by a '"', AND exactly one apostrophe-shaped mark stands after the initial capital in
 * that place on the page: a thin component, 1/4-3/5 of the capital's height, hanging
 * from the cap line, with no ink under it down to the baseline (a diacritic always has
 * its letter under it; a comma sits on the baseline). */

/* Bytes of a name prefix at the start of w (1-3 letters, the first an ASCII capital,
 * the others lower case); 0 when there is none. *letters = its letter count. */
static size_t name_prefix(const char *w, size_t n, int *letters)
{
    if (n < 1 || w[0] < 'A' || w[0] > 'Z')
        return 0;
    size_t i = 1;
    int k = 1;
    while (i < n && k < 4) {
        int cl;
        int32_t c = kh_utf8_decode(w + i, n - i, &cl);
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0;
        if (!letter || kh_fold_lower_cp(c) != c)
            break;
        i += (size_t)cl;
        k++;
    }
    if (k > 3)
        return 0;
    *letters = k;
    return i;
}

static bool upper_letter_at(const char *w, size_t n)
{
    if (!n)
        return false;
    int cl;
    int32_t c = kh_utf8_decode(w, n, &cl);
    bool letter = (c >= 'A' && c <= 'Z') || c >= 0xC0;
    return letter && kh_fold_lower_cp(c) != c;
}

/* Apostrophe-shaped marks on the page right of the word's initial capital, with their
 * centre in [xa, xb). Counts them (the caller wants exactly one). */
static int name_marks(ocr_out *o, const ocr_word *w, int xa, int xb, int letters)
{
    if (!o->pix)
        return 0;
    if (!o->cc && !(o->cc = pixConnCompBB(o->pix, 8)))
        return 0;
    int dpi = o->dpi > 0 ? o->dpi : 300, tol = dpi / 50 + 1, n = boxaGetCount(o->cc);
    /* the initial capital: the tallest component at the word's left edge (Tesseract's
     * word boxes are a few pixels off) */
    int rx = 0, ry = 0, rw = 0, rh = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, bw, bh;
        boxaGetBoxGeometry(o->cc, i, &x, &y, &bw, &bh);
        if (x <= w->x0 + tol && x + bw >= w->x0 - tol && y >= w->y0 - tol &&
            y + bh <= w->y1 + tol && bh > rh)
            rx = x, ry = y, rw = bw, rh = bh;
    }
    if (rh < dpi / 30)
        return 0;
    int lim = rx + rw + letters * rh * 4 / 5;
    if (xb > lim)
        xb = lim;
    l_uint32 *data = pixGetData(o->pix);
    int wpl = pixGetWpl(o->pix), H = pixGetHeight(o->pix), W = pixGetWidth(o->pix);
    int found = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, bw, bh;
        boxaGetBoxGeometry(o->cc, i, &x, &y, &bw, &bh);
        int cx = x + bw / 2;
        if (cx < xa || cx >= xb || x < rx + rw - 1)
            continue;
        if (bh * 4 < rh || bh * 5 > rh * 3 || bw < 2 || bw * 5 > bh * 3 + 10)
            continue; /* not thin, or not apostrophe-sized */
        if (abs(y - ry) * 5 > rh || (y + bh - ry) * 5 > rh * 3)
            continue; /* not hanging from the cap line */
        int ink = 0, base = ry + rh - 2;
        for (int yy = y + bh + 2; yy < base && yy < H; yy++)
            for (int xx = x; xx < x + bw && xx < W; xx++)
                ink += GET_DATA_BIT(data + (size_t)yy * (size_t)wpl, xx) != 0;
        if (ink <= bw)
            found++;
    }
    return found;
}

/* Restores apostrophes in the names of the line's words (see above); rewrites *line. */
static void fix_name_marks(kh_ctx *ctx, ocr_out *o, kh_buf *line)
{
    size_t nw = o->words.n;
    bool any = false;
    for (size_t i = 0; i < nw && !any; i++) {
        int k;
        const char *s = line->s + o->words.v[i].off;
        size_t n = o->words.v[i].n, p = name_prefix(s, n, &k);
        any = p && (p < n || i + 1 < nw);
    }
    if (!any)
        return;
    kh_buf out = {0};
    for (size_t i = 0; i < nw; i++) {
        ocr_word *w = &o->words.v[i];
        const char *s = line->s + w->off;
        size_t n = w->n;
        int k = 0;
        size_t p = name_prefix(s, n, &k);
        if (out.n)
            kh_buf_addc(ctx->arena, &out, ' ');
        if (p) {
            const char *r = s + p;
            size_t rn = n - p;
            bool quote1 = rn == 1 && (r[0] == '\'' || r[0] == '"');
            bool quote3 = rn == 3 && !memcmp(r, "\xe2\x80\x99", 3); /* ’ */
            /* an all-capitals word is an acronym (UBND, TM.), not a name */
            if (upper_letter_at(r, rn) && !kh_is_upper_text(r, rn) &&
                name_marks(o, w, w->x0, w->x1, k) == 1) {
                kh_buf_add(ctx->arena, &out, s, p); /* KBin -> K'Bin */
                kh_buf_addc(ctx->arena, &out, '\'');
                kh_buf_add(ctx->arena, &out, r, rn);
                continue;
            }
            if (rn >= 2 && r[0] == '"' && upper_letter_at(r + 1, rn - 1) &&
                name_marks(o, w, w->x0, w->x1, k) == 1) {
                kh_buf_add(ctx->arena, &out, s, p); /* K"Thành -> K'Thành */
                kh_buf_addc(ctx->arena, &out, '\'');
                kh_buf_add(ctx->arena, &out, r + 1, rn - 1);
                continue;
            }
            /* the mark may be counted in either word's box */
            ocr_word *nx = i + 1 < nw ? &o->words.v[i + 1] : NULL;
            if ((rn == 0 || quote1 || quote3) && nx &&
                upper_letter_at(line->s + nx->off, nx->n) &&
                name_marks(o, w, w->x0, nx->x0 + o->dpi / 25, k) == 1) {
                kh_buf_add(ctx->arena, &out, s, p); /* Ma Liên, Ka' Hương -> Ma'Liên */
                kh_buf_addc(ctx->arena, &out, '\'');
                kh_buf_add(ctx->arena, &out, line->s + nx->off, nx->n);
                i++;
                continue;
            }
        }
        kh_buf_add(ctx->arena, &out, s, n);
    }
    *line = out;
}

/* Words of the recognised page, block by block (blank line between blocks), a blank
 * line between paragraphs (see is_list_marker). */
static void collect_text(kh_ctx *ctx, TessBaseAPI *api, ocr_out *o)
{
    TessResultIterator *ri = TessBaseAPIGetIterator(api);
    if (!ri)
        return;
    TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
    kh_buf line = {0};
    float sum = 0, minc = 101;
    int nw = 0;
    bool first = true;
    int dpi = o->dpi > 0 ? o->dpi : 300;
    int bl = 0, br = 0;              /* block's left/right edge */
    int pl = -1, pr = -1, pt = 0;    /* previous line's box (pl < 0: none) */
    char prev_end = 0;               /* last byte of the previous line */
    int cl = 0, cr = 0, ct = 0;      /* current line's box */
    bool line_start = false;
    do {
        bool block = TessPageIteratorIsAtBeginningOf(pi, RIL_BLOCK);
        bool tl = TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE);
        if ((block || tl) && line.n) {
            fix_name_marks(ctx, o, &line);
            o->words.n = 0;
            prev_end = line.s[line.n - 1];
            add_line(ctx, o, line.s, line.n, nw ? sum / nw : 0, nw ? minc : 0);
            line = (kh_buf){0};
            sum = 0, minc = 101, nw = 0;
            pl = cl, pr = cr, pt = ct;
        }
        if (block) {
            int t, b;
            if (!TessPageIteratorBoundingBox(pi, RIL_BLOCK, &bl, &t, &br, &b))
                bl = br = 0;
            pl = -1;
        }
        if (block || tl) {
            int b;
            if (!TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &cl, &ct, &cr, &b))
                cl = cr = ct = 0;
            line_start = true;
        }
        char *w = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
        if (!w)
            continue;
        size_t wn = strlen(w);
        const char *ws = w;
        wn = kh_trim(&ws, wn);
        if (wn)
            wn = unspeck_word((char *)ws, wn, line_start && !line.n);
        if (wn) {
            if ((block || first) && o->page_blocks++ > 0)
                add_line(ctx, o, "", 0, -1, -1);
            else if (line_start && !line.n && pl >= 0 && br > bl) {
                bool cont = starts_lower(ws, wn) && prev_end != '.' && prev_end != ':' &&
                            prev_end != ';';
                bool indent = cl > bl + dpi / 6;
                bool prev_short = pr < br - (br - bl) / 8;
                bool gap = ct - pt > 0 && pt > 0 && ct - pt > (dpi * 13 / 72) * 2;
                /* centred lines one under the other (issuer, motto, a two-line title) */
                int mid = (bl + br) / 2, tol = dpi / 4;
                bool centred = cl > bl + dpi / 6 && abs((cl + cr) / 2 - mid) < tol &&
                               pl > bl + dpi / 6 && abs((pl + pr) / 2 - mid) < tol;
                if (centred && prev_end != '.' && prev_end != ':' && prev_end != ';' && !gap)
                    cont = true;
                if (is_list_marker(ws, wn) || (!cont && (indent || prev_short || gap)))
                    add_line(ctx, o, "", 0, -1, -1);
            }
            first = false;
            line_start = false;
            float c = TessResultIteratorConfidence(ri, RIL_WORD);
            if (line.n)
                kh_buf_addc(ctx->arena, &line, ' ');
            ocr_word ow = {line.n, wn, 0, 0, 0, 0};
            if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &ow.x0, &ow.y0, &ow.x1, &ow.y1))
                ow.x0 = ow.y0 = ow.x1 = ow.y1 = 0; /* no box: no mark found for it */
            KH_PUSH(ctx->arena, o->words, ow);
            kh_buf_add(ctx->arena, &line, ws, wn);
            if (c >= 0) {
                sum += c, nw++;
                if (c < minc)
                    minc = c;
                o->conf_sum += c;
                o->conf_n++;
            }
        }
        TessDeleteText(w);
    } while (TessResultIteratorNext(ri, RIL_WORD));
    if (line.n) {
        fix_name_marks(ctx, o, &line);
        add_line(ctx, o, line.s, line.n, nw ? sum / nw : 0, nw ? minc : 0);
    }
    o->words.n = 0;
    TessResultIteratorDelete(ri);
}

/* Preprocess and recognise one page. pix is consumed. */
static int ocr_page(kh_ctx *ctx, ocr_out *o, PIX *pix, int dpi_hint)
{
    ocr_engine *e;
    int rc = get_engine(ctx, &e);
    if (rc != KH_OK) {
        pixDestroy(&pix);
        return rc;
    }
    kh_prep_info info;
    PIX *clean = kh_ocr_preprocess(pix, (int)ctx->cfg->ocr_dpi, dpi_hint, &info);
    pixDestroy(&pix);
    if (!clean) {
        kh_diag_add(ctx, "ocr_preprocess_failed", KH_SEV_ERROR, 0,
                    "page %d: image preprocessing failed (out of memory?)", o->page);
        return KH_ERR_NOMEM;
    }
    if (info.dpi_estimated)
        kh_diag_add(ctx, "ocr_resolution_estimated", KH_SEV_INFO, 0,
                    "page %d: no resolution in the image; %d dpi assumed from the page size (A4)",
                    o->page, info.src_dpi);
    if (info.src_dpi != info.dpi)
        kh_diag_add(ctx, "ocr_rescaled", KH_SEV_INFO, 0, "page %d: rescaled from %d to %d dpi",
                    o->page, info.src_dpi, info.dpi);
    omp_tame();
    TessBaseAPISetImage2(e->api, clean);
    TessBaseAPISetSourceResolution(e->api, info.dpi);
    o->dpi = info.dpi;
    o->pix = clean;
    ETEXT_DESC *mon = NULL;
    if (ctx->deadline_ms > 0) {
        long long left = ctx->deadline_ms - kh_now_ms();
        mon = TessMonitorCreate();
        if (mon)
            TessMonitorSetDeadlineMSecs(mon, left > 1 ? (int)(left > 2000000000 ? 2000000000 : left) : 1);
    }
    /* Regions: the two-column header as two rectangles, then the rest of the page. */
    int W = pixGetWidth(clean), H = pixGetHeight(clean);
    kh_header_split hs;
    int rect[3][4], nrect = 0;
    if (kh_ocr_header_split(clean, &hs)) {
        int r0[4] = {0, hs.top, hs.mid, hs.bottom - hs.top};
        int r1[4] = {hs.mid, hs.top, W - hs.mid, hs.bottom - hs.top};
        int r2[4] = {0, hs.bottom, W, H - hs.bottom};
        memcpy(rect[nrect++], r0, sizeof r0);
        memcpy(rect[nrect++], r1, sizeof r1);
        if (r2[3] > 0)
            memcpy(rect[nrect++], r2, sizeof r2);
    }
    int r = 0;
    for (int k = 0; k < (nrect ? nrect : 1) && r == 0; k++) {
        if (nrect)
            TessBaseAPISetRectangle(e->api, rect[k][0], rect[k][1], rect[k][2], rect[k][3]);
        r = TessBaseAPIRecognize(e->api, mon);
        if (r == 0)
            collect_text(ctx, e->api, o);
    }
    if (mon)
        TessMonitorDelete(mon);
    boxaDestroy(&o->cc);
    o->pix = NULL;
    if (r != 0) {
        TessBaseAPIClear(e->api);
        pixDestroy(&clean);
        if (kh_over_budget(ctx)) {
            kh_diag_add(ctx, "time_budget_exceeded", KH_SEV_ERROR, 0,
                        "OCR of page %d stopped: time budget of %lld ms exceeded", o->page,
                        ctx->cfg->time_budget_ms);
            return KH_ERR_LIMIT;
        }
        kh_diag_add(ctx, "ocr_failed", KH_SEV_ERROR, 0, "Tesseract failed on page %d", o->page);
        return KH_ERR_OCR;
    }
    o->pages_ocred++;
    TessBaseAPIClear(e->api);
    pixDestroy(&clean);
    return KH_OK;
}

static int check_pixels(kh_ctx *ctx, int page, long long w, long long h)
{
    if (w <= 0 || h <= 0) {
        kh_diag_add(ctx, "image_corrupt", KH_SEV_ERROR, 0, "page %d: invalid image size %lldx%lld",
                    page, w, h);
        return KH_ERR_FORMAT;
    }
    if (w > ctx->cfg->max_pixels / h) {
        kh_diag_add(ctx, "image_too_large", KH_SEV_ERROR, 0,
                    "page %d is %lldx%lld = %lld pixels, over the limit of %lld "
                    "(KH_OPT_MAX_PIXELS); not decoded",
                    page, w, h, w * h, ctx->cfg->max_pixels);
        return KH_ERR_LIMIT;
    }
    return KH_OK;
}

static int check_pages(kh_ctx *ctx, long long n)
{
    if (n > ctx->cfg->max_pages) {
        kh_diag_add(ctx, "too_many_pages", KH_SEV_ERROR, 0,
                    "the document has %s%lld pages, over the limit of %lld (KH_OPT_MAX_PAGES)",
                    n > ctx->cfg->max_pages ? "more than " : "", ctx->cfg->max_pages,
                    ctx->cfg->max_pages);
        return KH_ERR_LIMIT;
    }
    return KH_OK;
}

static int check_budget(kh_ctx *ctx, int page)
{
    if (kh_over_budget(ctx)) {
        kh_diag_add(ctx, "time_budget_exceeded", KH_SEV_ERROR, 0,
                    "OCR stopped before page %d: time budget of %lld ms exceeded", page,
                    ctx->cfg->time_budget_ms);
        return KH_ERR_LIMIT;
    }
    return KH_OK;
}

static const char *lept_format_name(int f)
{
    switch (f) {
    case IFF_PNG: return "PNG";
    case IFF_JFIF_JPEG: return "JPEG";
    case IFF_BMP: return "BMP";
    case IFF_GIF: return "GIF";
    case IFF_WEBP: return "WebP";
    case IFF_JP2: return "JPEG 2000";
    case IFF_PNM: return "PNM";
    default: return "image";
    }
}

static int ocr_images(kh_ctx *ctx, const unsigned char *d, size_t n, ocr_out *o)
{
    bool tiff = n >= 4 && (d[0] == 'I' || d[0] == 'M') && (d[1] == 'I' || d[1] == 'M');
    if (tiff) {
        int cap = (int)(ctx->cfg->max_pages < 100000 ? ctx->cfg->max_pages + 1 : 100001);
        tiff_page *pages = kh_alloc(ctx->arena, sizeof *pages * (size_t)cap);
        int np = tiff_scan(d, n, cap, pages);
        if (np <= 0) {
            kh_diag_add(ctx, "image_corrupt", KH_SEV_ERROR, 0,
                        "TIFF structure is broken (bad or looping image directories)");
            return KH_ERR_FORMAT;
        }
        int rc = check_pages(ctx, np);
        if (rc != KH_OK)
            return rc;
        for (int i = 0; i < np; i++)
            if ((rc = check_pixels(ctx, i + 1, pages[i].w, pages[i].h)) != KH_OK)
                return rc;
        size_t off = 0;
        for (int i = 0; i < np; i++) {
            if ((rc = check_budget(ctx, i + 1)) != KH_OK)
                return rc;
            new_page(ctx, o);
            PIX *pix = pixReadMemFromMultipageTiff(d, n, &off);
            if (!pix) {
                kh_diag_add(ctx, "image_corrupt", KH_SEV_ERROR, 0,
                            "TIFF page %d cannot be decoded (truncated or corrupt)", i + 1);
                return KH_ERR_FORMAT;
            }
            if ((rc = ocr_page(ctx, o, pix, 0)) != KH_OK)
                return rc;
            if (!off && i + 1 < np)
                break;
        }
        ctx->res->pages = np;
        return KH_OK;
    }
    l_int32 fmt = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeaderMem(d, n, &fmt, &w, &h, &bps, &spp, &cmap) != 0) {
        kh_diag_add(ctx, "image_corrupt", KH_SEV_ERROR, 0,
                    "the image header cannot be read (truncated or corrupt file)");
        return KH_ERR_FORMAT;
    }
    int rc = check_pixels(ctx, 1, w, h);
    if (rc != KH_OK)
        return rc;
    new_page(ctx, o);
    PIX *pix = pixReadMem(d, n);
    if (!pix) {
        kh_diag_add(ctx, "image_corrupt", KH_SEV_ERROR, 0,
                    "the %s image cannot be decoded (truncated or corrupt)", lept_format_name(fmt));
        return KH_ERR_FORMAT;
    }
    if (pixGetWidth(pix) != w || pixGetHeight(pix) != h) { /* header lied */
        pixDestroy(&pix);
        kh_diag_add(ctx, "image_corrupt", KH_SEV_ERROR, 0, "image size differs from its header");
        return KH_ERR_FORMAT;
    }
    ctx->res->pages = 1;
    return ocr_page(ctx, o, pix, 0);
}

/* ---------------------------------------------------------------- PDF text layer */

static bool vn_diacritic(int32_t c)
{
    if (c >= 0x1EA0 && c <= 0x1EF9)
        return true;
    switch (c) {
    case 0xC0: case 0xC1: case 0xC2: case 0xC3: case 0xC8: case 0xC9: case 0xCA: case 0xCC:
    case 0xCD: case 0xD2: case 0xD3: case 0xD4: case 0xD5: case 0xD9: case 0xDA: case 0xDD:
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE8: case 0xE9: case 0xEA: case 0xEC:
    case 0xED: case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF9: case 0xFA: case 0xFD:
    case 0x102: case 0x103: case 0x110: case 0x111: case 0x128: case 0x129: case 0x168:
    case 0x169: case 0x1A0: case 0x1A1: case 0x1AF: case 0x1B0:
    case 0x300: case 0x301: case 0x302: case 0x303: case 0x306: case 0x309: case 0x31B:
    case 0x323:
        return true;
    }
    return false;
}

static bool ascii_letter(int32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Decide whether a PDF page's text layer is real Vietnamese. A layer produced by OCR
 * with the wrong language (seed 002: "Trién khai thwe hién Chi thi s6") has few
 * syllables with Vietnamese tone/vowel marks, letters Vietnamese does not use (f, j, w,
 * z), foreign accents, and digits glued to letters. score = share of good words. */
bool kh_ocr_text_layer_ok(const char *s, size_t len, double *score)
{
    long words = 0, vn = 0, bad = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_space((unsigned char)s[i]))
            i++;
        size_t j = i;
        while (j < len && !is_space((unsigned char)s[j]))
            j++;
        int letters = 0, digits = 0, marks = 0, fjwz = 0, foreign = 0, other = 0;
        for (size_t k = i; k < j;) {
            int cl;
            int32_t c = kh_utf8_decode(s + k, j - k, &cl);
            k += (size_t)cl;
            if (ascii_letter(c)) {
                letters++;
                int lc = c | 0x20;
                if (lc == 'f' || lc == 'j' || lc == 'w' || lc == 'z')
                    fjwz++;
            } else if (c >= '0' && c <= '9') {
                digits++;
            } else if (vn_diacritic(c)) {
                if (c < 0x300 || c > 0x323)
                    letters++;
                marks++;
            } else if (c >= 0xC0 && c < 0x250) {
                letters++;
                foreign++;
            } else if (c == 0xFFFD || (c >= 0x2500 && c < 0x2600) || c == '|' || c == '~' ||
                       c == '^' || c == '\\') {
                other++;
            }
        }
        if (letters >= 2 && !digits) { /* a word (numbers, "14/KH-UBND" left out) */
            words++;
            if (marks)
                vn++;
            if (fjwz || foreign || other)
                bad++;
        } else if (letters && digits && digits <= 2 && letters <= 3 && !strchr("/-.", s[i])) {
            /* "s6", "t6", "cta1": digits inside a short word, an OCR confusion */
            bool glued = true;
            for (size_t k = i; k < j; k++)
                if (s[k] == '/' || s[k] == '-' || s[k] == '.' || s[k] == ':' || s[k] == ',')
                    glued = false;
            if (glued) {
                words++;
                bad++;
            }
        } else if (other) {
            bad++;
        }
        i = j;
    }
    double sc = words ? (double)(vn - 2 * bad) / (double)words : 0;
    if (score)
        *score = sc;
    /* Vietnamese prose: 60-80% of syllables carry a mark; 40% leaves room for
     * headings in capitals, names and foreign words. */
    return words >= 8 && (double)vn / (double)words >= 0.40 && (double)bad / (double)words <= 0.05;
}

#ifdef KH_HAVE_PDF
static void add_layer_text(kh_ctx *ctx, ocr_out *o, const char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && t[j] != '\n' && t[j] != '\f')
            j++;
        size_t e = j;
        if (e > i && t[e - 1] == '\r')
            e--;
        add_line(ctx, o, t + i, e - i, -1, -1);
        i = j + 1;
    }
}

static int ocr_pdf(kh_ctx *ctx, const unsigned char *d, size_t n, ocr_out *o)
{
    kh_pdf *pdf = NULL;
    int np = 0;
    int rc = kh_pdf_open(ctx, d, n, &pdf, &np);
    if (rc != KH_OK)
        return rc;
    if ((rc = check_pages(ctx, np)) != KH_OK)
        goto done;
    if (np <= 0) {
        kh_diag_add(ctx, "pdf_empty", KH_SEV_ERROR, 0, "the PDF has no pages");
        rc = KH_ERR_FORMAT;
        goto done;
    }
    ctx->res->pages = np;
    int dpi = (int)(ctx->cfg->ocr_dpi > 0 ? ctx->cfg->ocr_dpi : 300);
    int layer_pages = 0, poor = 0;
    for (int i = 0; i < np; i++) {
        if ((rc = check_budget(ctx, i + 1)) != KH_OK)
            goto done;
        new_page(ctx, o);
        size_t tl = 0;
        char *t = kh_pdf_page_text(ctx, pdf, i, &tl);
        double score = 0;
        bool good = kh_ocr_text_layer_ok(t, tl, &score);
        if (ctx->cfg->ocr == KH_OCR_NEVER || (ctx->cfg->ocr == KH_OCR_AUTO && good)) {
            if (!good && tl)
                poor++;
            add_layer_text(ctx, o, t, tl);
            layer_pages++;
            continue;
        }
        if (tl && !good && ctx->cfg->ocr == KH_OCR_AUTO)
            kh_diag_add(ctx, "pdf_text_layer_rejected", KH_SEV_INFO, 0,
                        "page %d: the text layer does not look like Vietnamese (score %.2f); "
                        "page OCR'd instead", i + 1, score);
        long long w = 0, h = 0;
        kh_pdf_page_pixels(pdf, i, dpi, &w, &h);
        if ((rc = check_pixels(ctx, i + 1, w, h)) != KH_OK)
            goto done;
        PIX *pix = kh_pdf_page_render(pdf, i, dpi);
        if (!pix) {
            kh_diag_add(ctx, "pdf_render_failed", KH_SEV_ERROR, 0, "page %d cannot be rendered",
                        i + 1);
            rc = KH_ERR_FORMAT;
            goto done;
        }
        if ((rc = ocr_page(ctx, o, pix, dpi)) != KH_OK)
            goto done;
    }
    if (poor)
        kh_diag_add(ctx, "pdf_text_layer_poor", KH_SEV_WARNING, 0,
                    "%d page(s) used a text layer that does not look like Vietnamese (--ocr never)",
                    poor);
    if (layer_pages)
        kh_diag_add(ctx, "pdf_text_layer_used", KH_SEV_INFO, 0,
                    "%d of %d page(s) read from the PDF text layer", layer_pages, np);
    rc = KH_OK;
done:
    kh_pdf_close(pdf);
    return rc;
}
#endif

/* ---------------------------------------------------------------- entry point */

int kh_ocr_document(kh_ctx *ctx, const unsigned char *data, size_t len, kh_format fmt,
                    char **out, size_t *out_len)
{
    kh_result *res = ctx->res;
    *out = NULL;
    *out_len = 0;
    res->format = fmt == KH_FMT_PDF ? "pdf" : "image";
    res->ocr_lines.n = 0;
    pthread_once(&lept_once, lept_quiet);
    ocr_out o = {0};
    int rc;
    if (fmt == KH_FMT_PDF) {
#ifdef KH_HAVE_PDF
        rc = ocr_pdf(ctx, data, len, &o);
#else
        kh_diag_add(ctx, "pdf_unavailable", KH_SEV_ERROR, 0,
                    "this libkhparse was built without PDF support; rebuild with poppler-glib "
                    "(Debian: libpoppler-glib-dev)");
        rc = KH_ERR_UNSUPPORTED;
#endif
    } else if (fmt == KH_FMT_IMAGE) {
        rc = ocr_images(ctx, data, len, &o);
    } else {
        kh_diag_add(ctx, "not_an_image", KH_SEV_ERROR, 0, "input is neither an image nor a PDF");
        rc = KH_ERR_FORMAT;
    }
    if (rc != KH_OK)
        return rc;
    if (o.pages_ocred) {
        ocr_engine *e = *ctx->ocr_engine;
        kh_ocr_info *info = kh_alloc(ctx->arena, sizeof *info);
        info->engine = kh_strdup(ctx->arena, e->engine_name);
        info->language = kh_strdup(ctx->arena, e->lang);
        info->mean_confidence = o.conf_n ? round(o.conf_sum / (double)o.conf_n * 10) / 10 : 0;
        res->ocr = info;
    }
    *out = (char *)kh_buf_cstr(ctx->arena, &o.text);
    *out_len = o.text.n;
    return KH_OK;
}

void kh_ocr_mark_lowconf(kh_ctx *ctx)
{
    kh_result *r = ctx->res;
    if (!r->ocr_lines.n)
        return;
    size_t j = 0;
    for (size_t i = 0; i < r->text.n; i++) {
        kh_line *l = &r->text.v[i];
        while (j < r->ocr_lines.n && r->ocr_lines.v[j].no < l->no)
            j++;
        if (j < r->ocr_lines.n && r->ocr_lines.v[j].no == l->no &&
            (r->ocr_lines.v[j].conf < KH_OCR_LOW_LINE || r->ocr_lines.v[j].min_conf < KH_OCR_LOW_WORD))
            l->flags |= KH_LINE_LOWCONF;
    }
}

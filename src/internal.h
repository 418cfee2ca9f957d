/*
 * internal.h — shared types of the libkhparse pipeline. Not installed.
 *
 * Pipeline (one stage per file):
 *   encoding.c   bytes -> UTF-8 (BOM, UTF-16, TCVN3, VNI, VIQR, CP1258)
 *   normalize.c  UTF-8 -> kh_text lines (validation, NFC, odd spaces, markup, boilerplate)
 *   ocr.c        images / PDF -> text (optional build feature)
 *   restore.c    repair of accent-stripped or OCR-mangled lines
 *   header.c     header block and closing part -> kh_document, kh_layout
 *   sections.c   body -> section tree + blocks (logical paragraphs)
 *   dates.c      date expressions (shared helper)
 *   references.c cited documents
 *   units.c      unit lists: split + canonicalise (data/units.tsv)
 *   deadline.c   deadline expressions
 *   tasks.c      plan tasks and assignments
 *   reporting.c  budget and reporting duties
 *   emit_json.c  kh_result -> JSON (cJSON)
 *   khparse.c    public API, orchestration
 *
 * Memory: everything a parse produces lives in the result's arena (kh_arena) and is
 * released at once by kh_result_free. An arena allocation failure longjmps back to
 * the public entry point, which returns KH_ERR_NOMEM: stages never check for NULL
 * from kh_alloc / kh_strdup.
 */
#ifndef KH_INTERNAL_H
#define KH_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "khparse.h"

/* ---------------------------------------------------------------- allocation */

void *kh_malloc(size_t n);            /* library allocator; may return NULL */
void *kh_realloc(void *p, size_t n);
void kh_dealloc(void *p);

typedef struct kh_arena kh_arena;
kh_arena *kh_arena_new(jmp_buf *on_oom);   /* NULL on failure */
void kh_arena_free(kh_arena *a);
void kh_arena_set_oom(kh_arena *a, jmp_buf *on_oom);
void *kh_alloc(kh_arena *a, size_t n);      /* zeroed, 16-aligned; never NULL (longjmps) */
char *kh_strndup(kh_arena *a, const char *s, size_t n);
/* Give back scratch memory early: p (from kh_alloc) is freed now when it has a chunk of its
 * own (more than 64 KB), else it stays until the arena goes. Nothing may point into it. */
void kh_arena_drop(kh_arena *a, void *p);
char *kh_strdup(kh_arena *a, const char *s); /* NULL -> NULL */
char *kh_sprintf(kh_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grow an arena array: returns a copy with room for at least `need` elements. */
void *kh_grow(kh_arena *a, void *v, size_t *cap, size_t need, size_t elem);

/* Append to an arena vector { T *v; size_t n, cap; }. */
#define KH_PUSH(arena, vec, item)                                                        \
    do {                                                                                 \
        if ((vec).n == (vec).cap)                                                        \
            (vec).v = kh_grow((arena), (vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v); \
        (vec).v[(vec).n++] = (item);                                                     \
    } while (0)

/* A growable byte buffer in the arena. */
typedef struct kh_buf {
    char *s;
    size_t n, cap;
} kh_buf;
void kh_buf_add(kh_arena *a, kh_buf *b, const char *s, size_t n);
void kh_buf_addc(kh_arena *a, kh_buf *b, char c);
void kh_buf_adds(kh_arena *a, kh_buf *b, const char *s);
const char *kh_buf_cstr(kh_arena *a, kh_buf *b); /* NUL-terminated view ("" when empty) */

typedef struct kh_strlist {
    char **v;
    size_t n, cap;
} kh_strlist;

/* ---------------------------------------------------------------- context */

typedef enum { KH_SEV_INFO = 0, KH_SEV_WARNING, KH_SEV_ERROR } kh_severity;

typedef struct kh_diag {
    const char *code;      /* snake_case, see docs/DIAGNOSTICS.md */
    kh_severity severity;
    char *message;
    int line;              /* 1-based input line, 0 = none */
} kh_diag;

typedef struct kh_regex_cache kh_regex_cache;

/* Per-parse context handed to every stage. */
typedef struct kh_ctx {
    kh_arena *arena;             /* the result's arena */
    struct kh_result *res;       /* output being filled */
    const struct kh_config *cfg; /* parser options */
    kh_regex_cache *re;          /* compiled patterns, owned by the parser */
    void **ocr_engine;           /* parser-owned slot: ocr.c creates it lazily */
    void **restore_model;        /* parser-owned slot: restore.c loads it lazily */
    long long deadline_ms;       /* monotonic ms when the time budget runs out, 0 = none */
    struct kh_input_release *release; /* kh_parse_buffer_release: the input's owner, or NULL */
} kh_ctx;

/* The caller's input handed back as soon as it is read (kh_parse_buffer_release). */
typedef struct kh_input_release {
    void (*fn)(void *data); /* NULL once called */
    void *data;
} kh_input_release;

/* Monotonic clock in milliseconds (for time budgets). */
long long kh_now_ms(void);
/* True when the parse ran past its time budget (stages poll this in long loops). */
bool kh_over_budget(const kh_ctx *ctx);

void kh_diag_add(kh_ctx *ctx, const char *code, kh_severity sev, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Parser options, resolved (see kh_options in khparse.h). */
typedef struct kh_config {
    unsigned extract;
    long long max_input_bytes, max_line_bytes, max_depth, max_pages, max_pixels;
    long long time_budget_ms, regex_match_limit, regex_depth_limit, ocr_dpi;
    kh_encoding encoding;
    kh_restore_mode restore;
    kh_ocr_mode ocr;
    char *tessdata, *ocr_language, *model_path;
} kh_config;

/* ---------------------------------------------------------------- regex (PCRE2) */

/* Compiled (once per parser, with JIT) pattern for `pattern`, which must be a string
 * with static storage: the cache is keyed by its address. Flags are PCRE2 compile
 * options; PCRE2_UTF | PCRE2_UCP are always added. Aborts the parse with
 * KH_ERR_INTERNAL on a bad pattern (a bug caught by the tests). */
typedef struct kh_regex kh_regex;
const kh_regex *kh_re(kh_ctx *ctx, const char *pattern, uint32_t flags);
/* Match at or after byte offset `start` of s[0..len). Returns the number of
 * captured pairs (>0) and fills ov[0..2*nov) with byte offsets (-1 = unset), 0 when
 * there is no match. Match/depth limits hit count as no match plus a diagnostic. */
int kh_re_match(kh_ctx *ctx, const kh_regex *re, const char *s, size_t len, size_t start,
                long *ov, int nov);

kh_regex_cache *kh_regex_cache_new(void);
void kh_regex_cache_set_limits(kh_regex_cache *c, long long match_limit, long long depth_limit);
void kh_regex_cache_free(kh_regex_cache *c);
/* Error path for kh_re: set by khparse.c before running stages. */
void kh_regex_set_abort(kh_regex_cache *c, jmp_buf *on_error);

/* ---------------------------------------------------------------- text */

enum {
    KH_LINE_BLANK = 1 << 0,       /* only spaces after normalisation */
    KH_LINE_BOLD = 1 << 1,        /* the whole line was **bold** in the export */
    KH_LINE_MDHEAD = 1 << 2,      /* started with markdown #'s (md_level = count) */
    KH_LINE_BOILERPLATE = 1 << 3, /* web-page text around the document: ignore */
    KH_LINE_RESTORED = 1 << 4,    /* changed by the repair stage */
    KH_LINE_LOWCONF = 1 << 5,     /* repair or OCR unsure about this line */
    KH_LINE_HEADER = 1 << 6,      /* header block, kind heading, title, V/v, Kính gửi (header.c) */
    KH_LINE_CLOSING = 1 << 7      /* Nơi nhận, capacity, position, signer (header.c) */
};

typedef struct kh_line {
    char *s;        /* NFC UTF-8, NUL-terminated, markup removed, trimmed, inner spaces kept */
    size_t len;
    int no;         /* 1-based line number in the (decoded) input */
    unsigned flags; /* KH_LINE_* */
    int md_level;   /* number of leading '#' in the export, 0 if none */
    int page;       /* 1-based page for OCR input, 0 for text */
    int col_break;  /* two columns side by side (normalize.c): byte offset into s where the
                     * right column starts — the export separated them by >= 4 spaces or a
                     * tab (s itself has one space there); 0 = none. Set only in the first
                     * 25 and the last 40 content lines (header and signature blocks). */
} kh_line;

typedef struct kh_text {
    kh_line *v;
    size_t n, cap;
} kh_text;

/* ---------------------------------------------------------------- dates */

/* A partial ISO date: "YYYY", "YYYY-MM" or "YYYY-MM-DD"; s[0]==0 means unknown. */
typedef struct kh_date {
    char s[11];
} kh_date;

/* Recognise a date at the start of s (after optional spaces): "21/3/2023",
 * "21-3-2023", "21.3.2023", "ngày 21 tháng 3 năm 2023", "ngày   tháng 5 năm 2023"
 * (day blank -> "2023-05"), "tháng 12/2024", "tháng 12 năm 2024", "năm 2023",
 * "Quý II/2024" is NOT a date (deadline.c handles quarters).
 * Returns bytes consumed (0 = no date). */
size_t kh_date_parse(const char *s, size_t len, kh_date *out);
/* Find the first date in s; *at receives its byte offset. Returns its length or 0. */
size_t kh_date_find(const char *s, size_t len, kh_date *out, size_t *at);

/* ---------------------------------------------------------------- output model */

typedef struct kh_unit {
    char *name;
    bool group, requested;
} kh_unit;

typedef struct kh_units {
    kh_unit *v;
    size_t n, cap;
} kh_units;

typedef enum {
    KH_DL_UNSPECIFIED = 0, KH_DL_ONGOING, KH_DL_RECURRING, KH_DL_BY_DATE, KH_DL_PERIOD,
    KH_DL_ON_DEMAND
} kh_deadline_kind;

typedef enum {
    KH_REC_NONE = 0, KH_REC_ANNUAL, KH_REC_SEMIANNUAL, KH_REC_QUARTERLY, KH_REC_MONTHLY,
    KH_REC_WEEKLY
} kh_recurrence;

typedef struct kh_deadline {
    char *text;                  /* as written, NULL if none */
    kh_deadline_kind kind;       /* first kind found */
    kh_deadline_kind kinds[5];   /* all kinds, in order of appearance, when > 1 */
    int nkinds;                  /* 0 or >= 2: "kinds" is emitted only for combinations */
    kh_recurrence recurrence;    /* for KH_DL_RECURRING; NONE -> null ("định kỳ") */
    kh_date start, end;
} kh_deadline;

typedef struct kh_issuer {
    char *name, *short_name, *level, *area; /* level: central|ministry|province|district|commune|department|other|NULL */
} kh_issuer;

typedef struct kh_signer {
    char *name, *position, *capacity;
} kh_signer;

typedef struct kh_document {
    char *kind, *kind_label, *number, *symbol;
    kh_issuer *issuer;
    char *place;
    kh_date date;
    char *title, *subject;
    kh_strlist recipients;
    kh_signer *signer;
    kh_strlist distribution;
} kh_document;

/* Where the parts of the document are, as indexes into kh_text (half-open ranges).
 * Filled by header.c. sections.c segments [body_begin, body_end) skipping lines flagged
 * KH_LINE_HEADER / KH_LINE_CLOSING / KH_LINE_BOILERPLATE, so a plan attached after a
 * Quyết định's closing (body_end = text.n) is still body. */
typedef struct kh_layout {
    size_t header_begin, header_end;  /* issuer/motto/number/place-date block */
    size_t title_begin, title_end;    /* kind heading + title (+ V/v + Kính gửi) */
    size_t body_begin, body_end;      /* preamble and section tree */
    size_t closing_begin, closing_end;/* Nơi nhận, capacity, position, signer */
} kh_layout;

typedef struct kh_reference {
    char *kind, *kind_label, *number;
    kh_date date;
    char *issuer, *title;
    int mentions;
    int line;                         /* first mention */
} kh_reference;

typedef struct kh_references {
    kh_reference *v;
    size_t n, cap;
} kh_references;

/* Numbering schemes of headings. */
typedef enum {
    KH_NUM_NONE = 0, KH_NUM_ROMAN, KH_NUM_ARABIC, KH_NUM_DECIMAL, KH_NUM_LETTER,
    KH_NUM_ARTICLE,   /* "Điều 1." */
    KH_NUM_PART       /* "Phần I", "Chương I" */
} kh_numbering;

typedef struct kh_section kh_section;

typedef enum { KH_BLK_HEADING = 1, KH_BLK_BULLET, KH_BLK_PARA } kh_block_kind;

/* A logical paragraph of the body: wrapped lines joined with one space. */
typedef struct kh_block {
    kh_block_kind kind;
    char *text;          /* marker / label removed ("- ", "1.1. ", "a) ") */
    size_t len;
    char marker;         /* '-' or '+' for bullets, 0 otherwise */
    int line, last_line; /* input line numbers */
    kh_section *section; /* innermost section containing the block (for a heading: its own) */
    int md_level;        /* markdown '#' depth of its first line (0 = none) */
    bool table_group;    /* a task table's group row ("| I | Nhóm nhiệm vụ … | | |"): a heading */
    char *field_label;   /* "Chủ trì" for "- Chủ trì: …" (NULL when no "Label:"); */
    char *field_value;   /* text after the label's colon */
} kh_block;

typedef struct kh_blocks {
    kh_block *v;
    size_t n, cap;
} kh_blocks;

struct kh_section {
    char *label;          /* as printed without "." / ")" ("II", "3.1", "a"); NULL if none */
    char *title;          /* markup and one trailing ".;:" removed */
    int level;            /* depth in the document's numbering, 1-based */
    int line;
    kh_numbering scheme;
    char *text;           /* own text (not emitted by default: null) */
    kh_section *parent;
    kh_section **children;
    size_t nchildren, cap;
    size_t block_begin, block_end; /* blocks of the whole subtree: [heading+1, end) */
    size_t heading_block;          /* index of the heading block */
    signed char unit_heading;      /* tasks.c cache: 1 names units, -1 does not, 0 unknown */
    char *fields;                  /* "Chủ trì: X; Phối hợp: Y" of a field parenthesis closing
                                      the heading line (not in title); NULL if none */
};

typedef struct kh_task {
    char *id;
    bool assignment;     /* source "assignment" (else "plan") */
    char *section, *title, *content;
    kh_units lead, coordinate;
    kh_deadline deadline;
    char *output;
    int line;
    int page;            /* 0 = text input */
} kh_task;

typedef struct kh_tasks {
    kh_task *v;
    size_t n, cap;
} kh_tasks;

typedef struct kh_report {
    char *text;
    kh_deadline deadline;
    char *to;
    int line;
} kh_report;

typedef struct kh_reports {
    kh_report *v;
    size_t n, cap;
} kh_reports;

typedef struct kh_restoration {
    bool applied;
    long tokens_total, tokens_changed;
    double mean_confidence; /* < 0 -> null */
} kh_restoration;

typedef struct kh_ocr_info {
    char *engine, *language;
    double mean_confidence;
} kh_ocr_info;

struct kh_result {
    kh_arena *arena;
    /* source */
    char *name;
    const char *format;           /* "text" | "image" | "pdf" */
    const char *input_encoding;   /* "utf-8" | "utf-16" | "tcvn3" | "vni" | "viqr" | "cp1258" */
    int pages;
    kh_ocr_info *ocr;             /* NULL for text */
    kh_restoration restoration;
    /* content */
    kh_text text;
    kh_layout layout;
    kh_document doc;
    kh_references refs;
    kh_section root;              /* level 0; its children are the top sections */
    kh_blocks blocks;
    kh_tasks tasks;
    char *budget;
    kh_reports reporting;
    struct {
        kh_diag *v;
        size_t n, cap;
    } diags;
    char *json[2];                /* cached compact / pretty JSON (kh_malloc'd) */
    /* OCR side channel (ocr.c, docs/OCR.md): one entry per recognised text line, keyed by
     * the kh_line.no normalize.c gives it (lines of the OCR text counted by '\n'; a '\f'
     * page break starts a line and is not a line itself). conf = mean word confidence
     * (0-100), min_conf = its weakest word. kh_ocr_mark_lowconf() sets KH_LINE_LOWCONF
     * from it; the repair stage treats those lines' words as correction candidates. */
    struct {
        struct kh_ocr_line { int no, page; float conf, min_conf; } *v;
        size_t n, cap;
    } ocr_lines;
};

/* ---------------------------------------------------------------- stages */

/* encoding.c: decode bytes to UTF-8 (no validation beyond what decoding needs).
 * Sets res->input_encoding. *out is read-only, *out_len bytes, not NUL-terminated: it
 * points into `data` itself when no conversion was needed (UTF-8), else into the arena. */
int kh_decode(kh_ctx *ctx, const unsigned char *data, size_t len, kh_encoding forced,
              char **out, size_t *out_len);
/* encoding.c: NFC UTF-8 -> bytes of a legacy encoding (TCVN3, VNI, VIQR, CP1258); for
 * tests and tools. Characters the encoding lacks become '?'. Arena memory. */
char *kh_encode_legacy(kh_arena *a, const char *s, size_t n, kh_encoding enc, size_t *out_len);

/* normalize.c: UTF-8 (possibly invalid) -> res->text lines. */
int kh_normalize(kh_ctx *ctx, const char *utf8, size_t len);

/* restore.c: repair damaged lines in place (res->text), fill res->restoration.
 * Loads the model lazily into *ctx->restore_model. */
int kh_restore_text(kh_ctx *ctx);
/* For tests: the damage-detection statistics of res->text (out[0..6]: words, marked,
 * marked_bad, ascii_fold, ascii_suspicious, ascii_bad, junk; out[7]: a signature of the
 * document's and every line's mode), with the chunk memo or without it. */
int kh_restore_detect_stats(kh_ctx *ctx, bool memo, long out[8]);
void kh_restore_model_free(void *model);

/* ocr.c (ocr_none.c when built without OCR): recognise an image or PDF into
 * UTF-8 text, pages separated by '\f'. Sets res->format, res->pages, res->ocr.
 * Creates the engine lazily into *ctx->ocr_engine. */
typedef enum { KH_FMT_TEXT = 0, KH_FMT_IMAGE, KH_FMT_PDF } kh_format;
kh_format kh_detect_format(const unsigned char *data, size_t len);
int kh_ocr_document(kh_ctx *ctx, const unsigned char *data, size_t len, kh_format fmt,
                    char **out, size_t *out_len);
void kh_ocr_engine_free(void *engine);
/* Flag res->text lines that OCR was unsure of (KH_LINE_LOWCONF) from res->ocr_lines;
 * no-op for text input. Call after kh_normalize (the repair stage does). */
void kh_ocr_mark_lowconf(kh_ctx *ctx);
bool kh_ocr_available(void);
bool kh_pdf_available(void);

/* header.c: res->doc and res->layout from res->text. */
void kh_extract_header(kh_ctx *ctx);

/* sections.c: res->root tree and res->blocks from the body lines. */
void kh_segment_body(kh_ctx *ctx);
/* Case-insensitive prefix test on a section's title. */
bool kh_section_title_is(const kh_section *s, const char *prefix);
/* Dotted label path of a section ("II.3.1"; decimal labels are not repeated). */
char *kh_section_path(kh_ctx *ctx, const kh_section *s);
/* The level-1 ancestor of a section (itself when it is level 1). */
const kh_section *kh_section_top(const kh_section *s);

/* references.c: res->refs from the whole text (title, V/v line, preamble, body). */
void kh_extract_references(kh_ctx *ctx);

/* units.c: split a unit list ("A; B, C và D") into canonical units. */
void kh_units_parse(kh_ctx *ctx, const char *s, size_t len, kh_units *out);
/* Canonical name of one unit ("Sở TT&TT" -> "Sở Thông tin và Truyền thông"). */
char *kh_unit_canonical(kh_ctx *ctx, const char *s, size_t len, bool *group, bool *requested);
/* Length of the unit phrase at the start of s (0 if s does not start with a unit):
 * used to find X in "phối hợp với X …". */
size_t kh_unit_span(kh_ctx *ctx, const char *s, size_t len);

/* deadline.c */
void kh_deadline_parse(kh_ctx *ctx, const char *s, size_t len, kh_deadline *out);

/* tasks.c: res->tasks from sections + blocks. */
void kh_extract_tasks(kh_ctx *ctx);

/* reporting.c: res->budget and res->reporting. */
void kh_extract_budget(kh_ctx *ctx);
void kh_extract_reporting(kh_ctx *ctx);

/* Names used in the JSON (khparse.c). */
const char *kh_deadline_kind_name(kh_deadline_kind k);
const char *kh_recurrence_name(kh_recurrence r); /* NULL for KH_REC_NONE */
const char *kh_severity_name(kh_severity s);

/* emit_json.c: JSON text (kh_malloc'd, caller frees with kh_dealloc); NULL on OOM. */
char *kh_emit_json(const struct kh_result *res, bool pretty);
/* The same text through write() in runs of ~64 KB: KH_OK, KH_ERR_IO (write failed) or
 * KH_ERR_NOMEM. */
int kh_emit_json_to(const struct kh_result *res, bool pretty, kh_write_fn write, void *ctx);

/* ---------------------------------------------------------------- utf-8 helpers (util.c) */

/* Decode one code point at s (len bytes left); *n receives its length (>=1).
 * Invalid bytes decode as 0xFFFD with *n = 1. Valid 1-3 byte sequences (all of
 * Vietnamese) are decoded inline at the call site; the rest by kh_utf8_decode_slow. */
int32_t kh_utf8_decode_slow(const char *s, size_t len, int *n);
static inline int32_t kh_utf8_decode(const char *s, size_t len, int *n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 1 && u[0] < 0x80) {
        *n = 1;
        return u[0];
    }
    if (len >= 2 && u[0] >= 0xC2 && u[0] <= 0xDF && (u[1] & 0xC0) == 0x80) {
        *n = 2;
        return ((int32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    }
    if (len >= 3 && u[0] >= 0xE0 && u[0] <= 0xEF && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        int32_t c = ((int32_t)(u[0] & 0x0F) << 12) | ((int32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *n = 3;
            return c;
        }
    }
    return kh_utf8_decode_slow(s, len, n);
}
int kh_utf8_encode(int32_t cp, char out[4]);
/* Lower-case / upper-case copy (Vietnamese-aware, via utf8proc). */
char *kh_lower(kh_arena *a, const char *s, size_t len);
char *kh_upper(kh_arena *a, const char *s, size_t len);
/* kh_lower into d (room for len * 2 + 1 bytes), for a short-lived copy; returns d. */
char *kh_lower_into(char *d, const char *s, size_t len);
/* Same letters without tone marks and with đ->d (for matching OCR/stripped text). */
char *kh_fold(kh_arena *a, const char *s, size_t len);
/* One code point folded, case kept: the first code point of its canonical decomposition
 * when that is ASCII ('Ế' -> 'E', 'đ' -> 'd'), -1 for a lone combining mark, else itself. */
int32_t kh_fold_cp(int32_t cp);
/* One code point folded and lower-cased ('Ế' -> 'e', 'Đ' -> 'd'); -1 for a lone combining mark. */
int32_t kh_fold_lower_cp(int32_t cp);
/* Case-insensitive prefix test on UTF-8 (Vietnamese letters included). */
bool kh_starts_with_ci(const char *s, size_t len, const char *prefix);
/* Case-insensitive word w at s+i, not followed by a letter or digit: its byte length in
 * s, 0 when absent ("Phối hợp" matches "phối hợp", not "phối hợpx"). */
size_t kh_word_ci(const char *s, size_t len, size_t i, const char *w);
/* True when the text has letters and no lower-case letter ("NỘI DUNG"). */
bool kh_is_upper_text(const char *s, size_t len);
/* Trim ASCII spaces at both ends; returns the new length and moves *s. */
size_t kh_trim(const char **s, size_t len);
/* Remove one trailing '.', ';', ':' or ',' (after trimming). */
size_t kh_trim_punct(const char *s, size_t len);

#endif /* KH_INTERNAL_H */

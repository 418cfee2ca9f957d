/* khparse.c — public API: options, parser, the pipeline run, result accessors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

const char *kh_version(void) { return KH_VERSION_STRING; }
int kh_version_number(void) { return KH_VERSION_NUMBER; }

const char *kh_strerror(int status)
{
    switch (status) {
    case KH_OK: return "ok";
    case KH_ERR_INVALID_ARGUMENT: return "invalid argument";
    case KH_ERR_NOMEM: return "out of memory";
    case KH_ERR_IO: return "input/output error";
    case KH_ERR_LIMIT: return "input exceeds a configured limit";
    case KH_ERR_FORMAT: return "unreadable or unsupported input format";
    case KH_ERR_UNSUPPORTED: return "feature not built into this library";
    case KH_ERR_OCR: return "OCR engine error";
    case KH_ERR_MODEL: return "restoration model missing or corrupt";
    case KH_ERR_INTERNAL: return "internal error";
    default: return "unknown error";
    }
}

int kh_has_feature(const char *f)
{
    if (!f)
        return 0;
    if (!strcmp(f, "ocr"))
        return kh_ocr_available();
    if (!strcmp(f, "pdf"))
        return kh_pdf_available();
    return 0;
}

long long kh_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool kh_over_budget(const kh_ctx *ctx) { return ctx->deadline_ms && kh_now_ms() > ctx->deadline_ms; }

/* ---------------------------------------------------------------- options */

struct kh_options {
    kh_config cfg;
};

static void config_defaults(kh_config *c)
{
    memset(c, 0, sizeof *c);
    c->extract = KH_EXTRACT_ALL;
    c->max_input_bytes = 256LL << 20;
    c->max_line_bytes = 1LL << 20;
    c->max_depth = 16;
    c->max_pages = 500;
    c->max_pixels = 100000000LL;
    c->regex_match_limit = 1000000;
    c->regex_depth_limit = 10000;
    c->ocr_dpi = 300;
}

static char *dup_heap(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = kh_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void config_free_strings(kh_config *c)
{
    kh_dealloc(c->tessdata);
    kh_dealloc(c->ocr_language);
    kh_dealloc(c->model_path);
    c->tessdata = c->ocr_language = c->model_path = NULL;
}

int kh_options_new(kh_options **out)
{
    if (!out)
        return KH_ERR_INVALID_ARGUMENT;
    *out = kh_malloc(sizeof **out);
    if (!*out)
        return KH_ERR_NOMEM;
    config_defaults(&(*out)->cfg);
    return KH_OK;
}

void kh_options_free(kh_options *o)
{
    if (!o)
        return;
    config_free_strings(&o->cfg);
    kh_dealloc(o);
}

int kh_options_set(kh_options *o, kh_option opt, long long v)
{
    if (!o)
        return KH_ERR_INVALID_ARGUMENT;
    kh_config *c = &o->cfg;
    switch (opt) {
    case KH_OPT_EXTRACT:
        if (v & ~(long long)KH_EXTRACT_ALL)
            return KH_ERR_INVALID_ARGUMENT;
        c->extract = (unsigned)v;
        return KH_OK;
    case KH_OPT_MAX_INPUT_BYTES: if (v <= 0) return KH_ERR_INVALID_ARGUMENT; c->max_input_bytes = v; return KH_OK;
    case KH_OPT_MAX_LINE_BYTES: if (v < 64) return KH_ERR_INVALID_ARGUMENT; c->max_line_bytes = v; return KH_OK;
    case KH_OPT_MAX_DEPTH: if (v < 1 || v > 1000) return KH_ERR_INVALID_ARGUMENT; c->max_depth = v; return KH_OK;
    case KH_OPT_MAX_PAGES: if (v < 1) return KH_ERR_INVALID_ARGUMENT; c->max_pages = v; return KH_OK;
    case KH_OPT_MAX_PIXELS: if (v < 1) return KH_ERR_INVALID_ARGUMENT; c->max_pixels = v; return KH_OK;
    case KH_OPT_TIME_BUDGET_MS: if (v < 0) return KH_ERR_INVALID_ARGUMENT; c->time_budget_ms = v; return KH_OK;
    case KH_OPT_REGEX_MATCH_LIMIT: if (v < 1000) return KH_ERR_INVALID_ARGUMENT; c->regex_match_limit = v; return KH_OK;
    case KH_OPT_REGEX_DEPTH_LIMIT: if (v < 100) return KH_ERR_INVALID_ARGUMENT; c->regex_depth_limit = v; return KH_OK;
    case KH_OPT_ENCODING: if (v < KH_ENC_AUTO || v > KH_ENC_CP1258) return KH_ERR_INVALID_ARGUMENT; c->encoding = (kh_encoding)v; return KH_OK;
    case KH_OPT_RESTORE: if (v < KH_RESTORE_AUTO || v > KH_RESTORE_OCR) return KH_ERR_INVALID_ARGUMENT; c->restore = (kh_restore_mode)v; return KH_OK;
    case KH_OPT_OCR: if (v < KH_OCR_AUTO || v > KH_OCR_NEVER) return KH_ERR_INVALID_ARGUMENT; c->ocr = (kh_ocr_mode)v; return KH_OK;
    case KH_OPT_OCR_DPI: if (v < 70 || v > 1200) return KH_ERR_INVALID_ARGUMENT; c->ocr_dpi = v; return KH_OK;
    }
    return KH_ERR_INVALID_ARGUMENT;
}

int kh_options_set_str(kh_options *o, kh_option_str opt, const char *v)
{
    if (!o)
        return KH_ERR_INVALID_ARGUMENT;
    char **slot;
    switch (opt) {
    case KH_OPT_TESSDATA: slot = &o->cfg.tessdata; break;
    case KH_OPT_OCR_LANGUAGE: slot = &o->cfg.ocr_language; break;
    case KH_OPT_MODEL_PATH: slot = &o->cfg.model_path; break;
    default: return KH_ERR_INVALID_ARGUMENT;
    }
    char *d = NULL;
    if (v && !(d = dup_heap(v)))
        return KH_ERR_NOMEM;
    kh_dealloc(*slot);
    *slot = d;
    return KH_OK;
}

/* ---------------------------------------------------------------- parser */

struct kh_parser {
    kh_config cfg;
    kh_regex_cache *re;
    void *ocr_engine;
    void *restore_model;
    char errmsg[512];
};

static int set_error(kh_parser *p, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int set_error(kh_parser *p, int status, const char *fmt, ...)
{
    if (!p)
        return status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->errmsg, sizeof p->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

int kh_parser_new(kh_parser **out, const kh_options *opts)
{
    if (!out)
        return KH_ERR_INVALID_ARGUMENT;
    *out = NULL;
    kh_parser *p = kh_malloc(sizeof *p);
    if (!p)
        return KH_ERR_NOMEM;
    memset(p, 0, sizeof *p);
    if (opts) {
        p->cfg = opts->cfg;
        p->cfg.tessdata = p->cfg.ocr_language = p->cfg.model_path = NULL;
        if ((opts->cfg.tessdata && !(p->cfg.tessdata = dup_heap(opts->cfg.tessdata))) ||
            (opts->cfg.ocr_language && !(p->cfg.ocr_language = dup_heap(opts->cfg.ocr_language))) ||
            (opts->cfg.model_path && !(p->cfg.model_path = dup_heap(opts->cfg.model_path)))) {
            kh_parser_free(p);
            return KH_ERR_NOMEM;
        }
    } else {
        config_defaults(&p->cfg);
    }
    p->re = kh_regex_cache_new();
    if (!p->re) {
        kh_parser_free(p);
        return KH_ERR_NOMEM;
    }
    kh_regex_cache_set_limits(p->re, p->cfg.regex_match_limit, p->cfg.regex_depth_limit);
    *out = p;
    return KH_OK;
}

void kh_parser_free(kh_parser *p)
{
    if (!p)
        return;
    kh_regex_cache_free(p->re);
    kh_ocr_engine_free(p->ocr_engine);
    kh_restore_model_free(p->restore_model);
    config_free_strings(&p->cfg);
    kh_dealloc(p);
}

const char *kh_parser_errmsg(const kh_parser *p) { return p ? p->errmsg : "no parser"; }

/* ---------------------------------------------------------------- pipeline */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static kh_result *result_new(jmp_buf *oom)
{
    kh_arena *a = kh_arena_new(oom);
    if (!a)
        return NULL;
    kh_result *r = kh_malloc(sizeof *r);
    if (!r) {
        kh_arena_free(a);
        return NULL;
    }
    memset(r, 0, sizeof *r);
    r->arena = a;
    r->format = "text";
    r->input_encoding = "utf-8";
    r->pages = 1;
    r->restoration.mean_confidence = -1;
    return r;
}

/* Stages from bytes to text lines; returns a status (content problems are diagnostics). */
static void release_input(kh_input_release *r)
{
    if (r && r->fn) {
        void (*fn)(void *) = r->fn;
        r->fn = NULL;
        fn(r->data);
    }
}

static int read_text(kh_ctx *ctx, const unsigned char *data, size_t len)
{
    kh_result *res = ctx->res;
    if (len == 0) {
        kh_diag_add(ctx, "empty_input", KH_SEV_ERROR, 0, "the input is empty (0 bytes)");
        return KH_OK;
    }
    if ((long long)len > ctx->cfg->max_input_bytes) {
        kh_diag_add(ctx, "input_too_large", KH_SEV_ERROR, 0,
                    "input is %zu bytes, over the limit of %lld (KH_OPT_MAX_INPUT_BYTES)", len,
                    ctx->cfg->max_input_bytes);
        return KH_ERR_LIMIT;
    }
    kh_format fmt = kh_detect_format(data, len);
    char *utf8 = NULL;
    size_t n = 0;
    int rc;
    if (fmt != KH_FMT_TEXT) {
        rc = kh_ocr_document(ctx, data, len, fmt, &utf8, &n);
        if (rc != KH_OK)
            return rc;
    } else {
        rc = kh_decode(ctx, data, len, ctx->cfg->encoding, &utf8, &n);
        if (rc != KH_OK)
            return rc;
    }
    (void)res;
    rc = kh_normalize(ctx, utf8, n);
    /* the lines are copies: the input (and utf8, a view of it or arena text) is done */
    release_input(ctx->release);
    if (rc != KH_OK)
        return rc;
    if (fmt != KH_FMT_TEXT)
        kh_ocr_mark_lowconf(ctx); /* low-confidence OCR lines become repair candidates */
    if (ctx->cfg->restore != KH_RESTORE_OFF)
        rc = kh_restore_text(ctx);
    return rc;
}

static void extract_all(kh_ctx *ctx)
{
    unsigned x = ctx->cfg->extract;
    kh_extract_header(ctx);
    kh_segment_body(ctx);
    if (x & KH_EXTRACT_REFERENCES)
        kh_extract_references(ctx);
    if (x & KH_EXTRACT_TASKS)
        kh_extract_tasks(ctx);
    if (x & KH_EXTRACT_BUDGET)
        kh_extract_budget(ctx);
    if (x & KH_EXTRACT_REPORTING)
        kh_extract_reporting(ctx);
}

/* Runs fn inside the OOM/internal-error recovery point. */
typedef int (*kh_stage_fn)(kh_ctx *ctx, const unsigned char *data, size_t len);

static int run_guarded(kh_parser *p, kh_result *res, kh_stage_fn fn, const unsigned char *data,
                       size_t len, kh_input_release *release)
{
    jmp_buf env;
    kh_ctx ctx = {res->arena, res, &p->cfg, p->re, &p->ocr_engine, &p->restore_model, 0, release};
    if (p->cfg.time_budget_ms > 0)
        ctx.deadline_ms = kh_now_ms() + p->cfg.time_budget_ms;
    kh_arena_set_oom(res->arena, &env);
    kh_regex_set_abort(p->re, &env);
    int jumped = setjmp(env);
    if (jumped)
        return jumped == 1 ? KH_ERR_NOMEM : KH_ERR_INTERNAL;
    return fn(&ctx, data, len);
}

/* One behaviour for every input kind when the time budget runs out: the limit's error
 * code, one error diagnostic, and a result holding what was done before stages stopped. */
static int budget_status(kh_ctx *ctx)
{
    if (!kh_over_budget(ctx))
        return KH_OK;
    for (size_t i = 0; i < ctx->res->diags.n; i++)
        if (!strcmp(ctx->res->diags.v[i].code, "time_budget_exceeded"))
            return KH_ERR_LIMIT; /* a stage (OCR) already said so */
    kh_diag_add(ctx, "time_budget_exceeded", KH_SEV_ERROR, 0,
                "the per-document time budget (%lld ms) ran out; later stages stopped early and the "
                "result may be incomplete", ctx->cfg->time_budget_ms);
    return KH_ERR_LIMIT;
}

static int stage_parse(kh_ctx *ctx, const unsigned char *data, size_t len)
{
    int rc = read_text(ctx, data, len);
    if (rc != KH_OK)
        return rc;
    extract_all(ctx);
    return budget_status(ctx);
}

static int parse_buffer(kh_parser *p, const void *data, size_t len, const char *name, kh_result **out,
                        kh_input_release *release)
{
    if (!out)
        return set_error(p, KH_ERR_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    if (!p || (!data && len))
        return set_error(p, KH_ERR_INVALID_ARGUMENT, "NULL parser or data");
    p->errmsg[0] = 0;
    kh_result *res = result_new(NULL);
    if (!res)
        return set_error(p, KH_ERR_NOMEM, "out of memory");
    jmp_buf env;
    kh_arena_set_oom(res->arena, &env);
    if (setjmp(env)) {
        kh_result_free(res);
        return set_error(p, KH_ERR_NOMEM, "out of memory");
    }
    res->name = kh_strdup(res->arena, name ? name : "-");
    int rc = run_guarded(p, res, stage_parse, data, len, release);
    if (rc == KH_ERR_NOMEM || rc == KH_ERR_INVALID_ARGUMENT) {
        kh_result_free(res);
        return set_error(p, rc, "%s", kh_strerror(rc));
    }
    if (rc != KH_OK) {
        /* The result still describes the failure (diagnostics); hand it out. */
        const char *msg = res->diags.n ? res->diags.v[res->diags.n - 1].message : kh_strerror(rc);
        set_error(p, rc, "%s: %s", res->name, msg);
    }
    *out = res;
    return rc;
}

int kh_parse_buffer(kh_parser *p, const void *data, size_t len, const char *name, kh_result **out)
{
    return parse_buffer(p, data, len, name, out, NULL);
}

int kh_parse_buffer_release(kh_parser *p, void *data, size_t len, const char *name,
                            void (*release)(void *data), kh_result **out)
{
    kh_input_release r = {release, data};
    int rc = parse_buffer(p, data, len, name, out, &r);
    release_input(&r); /* not read yet: an error came first */
    return rc;
}

int kh_parse_file(kh_parser *p, const char *path, kh_result **out)
{
    if (out)
        *out = NULL;
    if (!p || !path || !out)
        return set_error(p, KH_ERR_INVALID_ARGUMENT, "NULL argument");
    FILE *f = fopen(path, "rb");
    if (!f)
        return set_error(p, KH_ERR_IO, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = kh_malloc(cap);
    int rc = KH_OK;
    while (buf) {
        if (n == cap) {
            if ((long long)cap > p->cfg.max_input_bytes) {
                rc = KH_ERR_LIMIT;
                break;
            }
            unsigned char *nb = kh_realloc(buf, cap * 2);
            if (!nb) {
                kh_dealloc(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = KH_ERR_IO;
            break;
        }
    }
    int err = errno;
    fclose(f);
    if (!buf)
        return set_error(p, KH_ERR_NOMEM, "out of memory reading %s", path);
    if (rc == KH_ERR_IO) {
        kh_dealloc(buf);
        return set_error(p, KH_ERR_IO, "%s: %s", path, strerror(err));
    }
    if (rc == KH_ERR_LIMIT)
        n = cap; /* kh_parse_buffer reports the limit with a diagnostic */
    /* the buffer goes as soon as the text is read (not held through extraction) */
    kh_input_release rel = {kh_dealloc, buf};
    rc = parse_buffer(p, buf, n, base_name(path), out, &rel);
    release_input(&rel);
    return rc;
}

/* ---------------------------------------------------------------- repair / OCR only */

static void join_lines(kh_ctx *ctx, kh_buf *b)
{
    int page = 0;
    for (size_t i = 0; i < ctx->res->text.n; i++) {
        const kh_line *l = &ctx->res->text.v[i];
        if (i && l->page != page)
            kh_buf_addc(ctx->arena, b, '\f');
        page = l->page;
        kh_buf_add(ctx->arena, b, l->s, l->len);
        kh_buf_addc(ctx->arena, b, '\n');
    }
}

static int emit_text(kh_parser *p, kh_result *res, int status, char **out, size_t *out_len)
{
    volatile int rc = status; /* survives the longjmp of an allocation failure */
    if (rc == KH_OK) {
        jmp_buf env;
        kh_arena_set_oom(res->arena, &env);
        if (setjmp(env)) {
            rc = KH_ERR_NOMEM;
        } else {
            kh_ctx ctx = {res->arena, res, &p->cfg, p->re, &p->ocr_engine, &p->restore_model, 0, NULL};
            kh_buf b = {0};
            join_lines(&ctx, &b);
            char *t = kh_malloc(b.n + 1);
            if (!t) {
                rc = KH_ERR_NOMEM;
            } else {
                if (b.n)
                    memcpy(t, b.s, b.n);
                t[b.n] = 0;
                *out = t;
                if (out_len)
                    *out_len = b.n;
            }
        }
    }
    if (rc != KH_OK) {
        const char *msg = res->diags.n ? res->diags.v[res->diags.n - 1].message : kh_strerror(rc);
        set_error(p, rc, "%s", msg);
    }
    kh_result_free(res);
    return rc;
}

static int stage_restore(kh_ctx *ctx, const unsigned char *data, size_t len)
{
    int rc = read_text(ctx, data, len);
    return rc == KH_OK ? budget_status(ctx) : rc;
}

int kh_restore(kh_parser *p, const void *data, size_t len, char **out, size_t *out_len)
{
    if (!out || !p || (!data && len))
        return set_error(p, KH_ERR_INVALID_ARGUMENT, "NULL argument");
    *out = NULL;
    kh_result *res = result_new(NULL);
    if (!res)
        return set_error(p, KH_ERR_NOMEM, "out of memory");
    int rc = run_guarded(p, res, stage_restore, data, len, NULL);
    return emit_text(p, res, rc, out, out_len);
}

static int stage_ocr_raw(kh_ctx *ctx, const unsigned char *data, size_t len)
{
    kh_format fmt = kh_detect_format(data, len);
    if (fmt == KH_FMT_TEXT) {
        kh_diag_add(ctx, "not_an_image", KH_SEV_ERROR, 0, "input is neither an image nor a PDF");
        return KH_ERR_FORMAT;
    }
    char *utf8 = NULL;
    size_t n = 0;
    int rc = kh_ocr_document(ctx, data, len, fmt, &utf8, &n);
    if (rc != KH_OK)
        return rc;
    rc = kh_normalize(ctx, utf8, n);
    if (rc == KH_OK)
        kh_ocr_mark_lowconf(ctx);
    return rc;
}

static int stage_ocr(kh_ctx *ctx, const unsigned char *data, size_t len)
{
    int rc = stage_ocr_raw(ctx, data, len);
    if (rc == KH_OK && ctx->cfg->restore != KH_RESTORE_OFF)
        rc = kh_restore_text(ctx);
    return rc;
}

int kh_ocr(kh_parser *p, const void *data, size_t len, int raw, char **out, size_t *out_len)
{
    if (!out || !p || (!data && len))
        return set_error(p, KH_ERR_INVALID_ARGUMENT, "NULL argument");
    *out = NULL;
    if (!kh_ocr_available())
        return set_error(p, KH_ERR_UNSUPPORTED, "built without OCR support");
    kh_result *res = result_new(NULL);
    if (!res)
        return set_error(p, KH_ERR_NOMEM, "out of memory");
    int rc = run_guarded(p, res, raw ? stage_ocr_raw : stage_ocr, data, len, NULL);
    return emit_text(p, res, rc, out, out_len);
}

/* ---------------------------------------------------------------- results */

void kh_result_free(kh_result *r)
{
    if (!r)
        return;
    kh_dealloc(r->json[0]);
    kh_dealloc(r->json[1]);
    kh_arena_free(r->arena);
    kh_dealloc(r);
}

const char *kh_result_json(kh_result *r, int flags)
{
    if (!r)
        return NULL;
    int i = (flags & KH_JSON_PRETTY) ? 1 : 0;
    if (!r->json[i])
        r->json[i] = kh_emit_json(r, i == 1);
    return r->json[i];
}

int kh_result_write_json(kh_result *r, int flags, kh_write_fn write, void *ctx)
{
    if (!r || !write)
        return KH_ERR_INVALID_ARGUMENT;
    int i = (flags & KH_JSON_PRETTY) ? 1 : 0;
    if (r->json[i])
        return write(ctx, r->json[i], strlen(r->json[i])) == 0 ? KH_OK : KH_ERR_IO;
    return kh_emit_json_to(r, i == 1, write, ctx);
}

static const char *deadline_kind_name(kh_deadline_kind k)
{
    static const char *names[] = {"unspecified", "ongoing", "recurring", "by_date", "period", "on_demand"};
    return (unsigned)k < 6 ? names[k] : "unspecified";
}

const char *kh_deadline_kind_name(kh_deadline_kind k) { return deadline_kind_name(k); }

const char *kh_recurrence_name(kh_recurrence r)
{
    static const char *names[] = {NULL, "annual", "semiannual", "quarterly", "monthly", "weekly"};
    return (unsigned)r < 6 ? names[r] : NULL;
}

static const char *date_or_null(const kh_date *d) { return d->s[0] ? d->s : NULL; }

const char *kh_result_document(const kh_result *r, const char *f)
{
    if (!r || !f)
        return NULL;
    const kh_document *d = &r->doc;
    if (!strcmp(f, "kind")) return d->kind;
    if (!strcmp(f, "kind_label")) return d->kind_label;
    if (!strcmp(f, "number")) return d->number;
    if (!strcmp(f, "symbol")) return d->symbol;
    if (!strcmp(f, "place")) return d->place;
    if (!strcmp(f, "date")) return date_or_null(&d->date);
    if (!strcmp(f, "title")) return d->title;
    if (!strcmp(f, "subject")) return d->subject;
    if (!strncmp(f, "issuer.", 7) && d->issuer) {
        f += 7;
        if (!strcmp(f, "name")) return d->issuer->name;
        if (!strcmp(f, "short")) return d->issuer->short_name;
        if (!strcmp(f, "level")) return d->issuer->level;
        if (!strcmp(f, "area")) return d->issuer->area;
    }
    if (!strncmp(f, "signer.", 7) && d->signer) {
        f += 7;
        if (!strcmp(f, "name")) return d->signer->name;
        if (!strcmp(f, "position")) return d->signer->position;
        if (!strcmp(f, "capacity")) return d->signer->capacity;
    }
    return NULL;
}

size_t kh_result_reference_count(const kh_result *r) { return r ? r->refs.n : 0; }

const char *kh_result_reference(const kh_result *r, size_t i, const char *f)
{
    if (!r || !f || i >= r->refs.n)
        return NULL;
    const kh_reference *x = &r->refs.v[i];
    if (!strcmp(f, "kind")) return x->kind;
    if (!strcmp(f, "kind_label")) return x->kind_label;
    if (!strcmp(f, "number")) return x->number;
    if (!strcmp(f, "date")) return date_or_null(&x->date);
    if (!strcmp(f, "issuer")) return x->issuer;
    if (!strcmp(f, "title")) return x->title;
    return NULL;
}

size_t kh_result_task_count(const kh_result *r) { return r ? r->tasks.n : 0; }

const char *kh_result_task(const kh_result *r, size_t i, const char *f)
{
    if (!r || !f || i >= r->tasks.n)
        return NULL;
    const kh_task *t = &r->tasks.v[i];
    if (!strcmp(f, "id")) return t->id;
    if (!strcmp(f, "source")) return t->assignment ? "assignment" : "plan";
    if (!strcmp(f, "section")) return t->section;
    if (!strcmp(f, "title")) return t->title;
    if (!strcmp(f, "content")) return t->content;
    if (!strcmp(f, "output")) return t->output;
    if (!strcmp(f, "deadline.text")) return t->deadline.text;
    if (!strcmp(f, "deadline.kind")) return deadline_kind_name(t->deadline.kind);
    if (!strcmp(f, "deadline.start")) return date_or_null(&t->deadline.start);
    if (!strcmp(f, "deadline.end")) return date_or_null(&t->deadline.end);
    if (!strcmp(f, "deadline.recurrence")) return kh_recurrence_name(t->deadline.recurrence);
    return NULL;
}

int kh_result_task_line(const kh_result *r, size_t i) { return r && i < r->tasks.n ? r->tasks.v[i].line : 0; }

size_t kh_result_task_unit_count(const kh_result *r, size_t t, kh_role role)
{
    if (!r || t >= r->tasks.n)
        return 0;
    return role == KH_ROLE_LEAD ? r->tasks.v[t].lead.n : r->tasks.v[t].coordinate.n;
}

const char *kh_result_task_unit(const kh_result *r, size_t t, kh_role role, size_t i, int *group,
                                int *requested)
{
    if (!r || t >= r->tasks.n)
        return NULL;
    const kh_units *u = role == KH_ROLE_LEAD ? &r->tasks.v[t].lead : &r->tasks.v[t].coordinate;
    if (i >= u->n)
        return NULL;
    if (group)
        *group = u->v[i].group;
    if (requested)
        *requested = u->v[i].requested;
    return u->v[i].name;
}

size_t kh_result_diagnostic_count(const kh_result *r) { return r ? r->diags.n : 0; }

const char *kh_severity_name(kh_severity s)
{
    return s == KH_SEV_ERROR ? "error" : s == KH_SEV_WARNING ? "warning" : "info";
}

const char *kh_result_diagnostic(const kh_result *r, size_t i, const char *f)
{
    if (!r || !f || i >= r->diags.n)
        return NULL;
    const kh_diag *d = &r->diags.v[i];
    if (!strcmp(f, "code")) return d->code;
    if (!strcmp(f, "severity")) return kh_severity_name(d->severity);
    if (!strcmp(f, "message")) return d->message;
    return NULL;
}

int kh_result_diagnostic_line(const kh_result *r, size_t i) { return r && i < r->diags.n ? r->diags.v[i].line : 0; }

int kh_result_has_errors(const kh_result *r)
{
    if (!r)
        return 0;
    for (size_t i = 0; i < r->diags.n; i++)
        if (r->diags.v[i].severity == KH_SEV_ERROR)
            return 1;
    return 0;
}

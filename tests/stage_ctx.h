/* stage_ctx.h — a parse context for calling one internal stage from a unit test. */
#ifndef KH_STAGE_CTX_H
#define KH_STAGE_CTX_H
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

typedef struct {
    kh_ctx ctx;
    kh_result res;
    kh_config cfg;
    jmp_buf env;
} kh_test_ctx;

/* Set up t for a stage call; returns 0. Free with kh_test_ctx_free. */
static inline int kh_test_ctx_init(kh_test_ctx *t)
{
    memset(t, 0, sizeof *t);
    t->cfg.extract = KH_EXTRACT_ALL;
    t->cfg.max_input_bytes = 256LL << 20;
    t->cfg.max_line_bytes = 1LL << 20;
    t->cfg.max_depth = 16;
    t->cfg.max_pages = 500;
    t->cfg.max_pixels = 100000000LL;
    t->cfg.regex_match_limit = 1000000;
    t->cfg.regex_depth_limit = 10000;
    t->cfg.ocr_dpi = 300;
    t->res.arena = kh_arena_new(&t->env);
    t->res.format = "text";
    t->res.input_encoding = "utf-8";
    t->res.pages = 1;
    t->res.restoration.mean_confidence = -1;
    t->ctx.arena = t->res.arena;
    t->ctx.res = &t->res;
    t->ctx.cfg = &t->cfg;
    t->ctx.re = kh_regex_cache_new();
    kh_regex_set_abort(t->ctx.re, &t->env);
    static void *no_engine, *no_model;
    t->ctx.ocr_engine = &no_engine;
    t->ctx.restore_model = &no_model;
    return 0;
}

/* Load text into t->res.text, one kh_line per '\n' (no normalisation): the input of a
 * stage under test. t must have been set up with kh_test_ctx_init. */
static inline void kh_test_set_text(kh_test_ctx *t, const char *text)
{
    int no = 1;
    const char *p = text;
    for (;;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        kh_line ln;
        memset(&ln, 0, sizeof ln);
        ln.s = kh_strndup(t->res.arena, p, n);
        ln.len = n;
        ln.no = no++;
        if (n == 0)
            ln.flags = KH_LINE_BLANK;
        KH_PUSH(t->res.arena, t->res.text, ln);
        if (!e)
            break;
        p = e + 1;
    }
}

/* Set t up with text as the whole body and segment it (kh_segment_body), then run
 * `stage` (NULL: none) on the result; an arena abort ends the test program. */
static inline void kh_test_segment(kh_test_ctx *t, const char *text, void (*stage)(kh_ctx *))
{
    kh_test_ctx_init(t);
    if (setjmp(t->env)) {
        fprintf(stderr, "stage aborted\n");
        exit(1);
    }
    kh_test_set_text(t, text);
    t->res.layout.body_begin = 0;
    t->res.layout.body_end = t->res.text.n;
    kh_segment_body(&t->ctx);
    if (stage)
        stage(&t->ctx);
}

static inline void kh_test_ctx_free(kh_test_ctx *t)
{
    kh_regex_cache_free(t->ctx.re);
    kh_arena_free(t->res.arena);
}
#endif

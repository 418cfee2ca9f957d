/* regex.c — PCRE2 patterns compiled once per parser (JIT), matched with limits. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "internal.h"

enum { KH_RE_SLOTS = 512 };

struct kh_regex {
    pcre2_code *code;
};

typedef struct {
    const char *pattern;
    uint32_t flags;
    struct kh_regex re;
} kh_re_slot;

struct kh_regex_cache {
    kh_re_slot slots[KH_RE_SLOTS];
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    jmp_buf *on_error;
    unsigned long match_limit, depth_limit;
    bool limit_warned;
};

/* PCRE2 allocations go through the library allocator too. */
static void *re_malloc(PCRE2_SIZE n, void *u)
{
    (void)u;
    return kh_malloc(n);
}
static void re_free(void *p, void *u)
{
    (void)u;
    kh_dealloc(p);
}

kh_regex_cache *kh_regex_cache_new(void)
{
    kh_regex_cache *c = kh_malloc(sizeof *c);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    pcre2_general_context *g = pcre2_general_context_create(re_malloc, re_free, NULL);
    if (!g)
        goto fail;
    c->md = pcre2_match_data_create(32, g);
    c->mctx = pcre2_match_context_create(g);
    c->jit_stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, g);
    pcre2_general_context_free(g);
    if (!c->md || !c->mctx || !c->jit_stack)
        goto fail;
    pcre2_jit_stack_assign(c->mctx, NULL, c->jit_stack);
    c->match_limit = 1000000;
    c->depth_limit = 10000;
    pcre2_set_match_limit(c->mctx, (uint32_t)c->match_limit);
    pcre2_set_depth_limit(c->mctx, (uint32_t)c->depth_limit);
    return c;
fail:
    kh_regex_cache_free(c);
    return NULL;
}

void kh_regex_cache_set_limits(kh_regex_cache *c, long long match, long long depth)
{
    if (match > 0)
        pcre2_set_match_limit(c->mctx, (uint32_t)(match > 0xffffffffLL ? 0xffffffffLL : match));
    if (depth > 0)
        pcre2_set_depth_limit(c->mctx, (uint32_t)(depth > 0xffffffffLL ? 0xffffffffLL : depth));
}

void kh_regex_cache_free(kh_regex_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < KH_RE_SLOTS; i++)
        if (c->slots[i].re.code)
            pcre2_code_free(c->slots[i].re.code);
    pcre2_match_data_free(c->md);
    pcre2_match_context_free(c->mctx);
    pcre2_jit_stack_free(c->jit_stack);
    kh_dealloc(c);
}

void kh_regex_set_abort(kh_regex_cache *c, jmp_buf *on_error)
{
    c->on_error = on_error;
    c->limit_warned = false;
}

const kh_regex *kh_re(kh_ctx *ctx, const char *pattern, uint32_t flags)
{
    kh_regex_cache *c = ctx->re;
    uintptr_t h = ((uintptr_t)pattern >> 3) * 2654435761u ^ flags;
    for (int probe = 0; probe < KH_RE_SLOTS; probe++) {
        kh_re_slot *s = &c->slots[(h + (uintptr_t)probe) % KH_RE_SLOTS];
        if (s->pattern == pattern && s->flags == flags)
            return &s->re;
        if (!s->pattern) {
            int err;
            PCRE2_SIZE off;
            pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                             flags | PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &err,
                                             &off, NULL);
            if (!code) {
                PCRE2_UCHAR msg[160];
                pcre2_get_error_message(err, msg, sizeof msg);
                kh_diag_add(ctx, "internal_error", KH_SEV_ERROR, 0, "bad pattern at %zu: %s",
                            (size_t)off, (const char *)msg);
                longjmp(*c->on_error, 2);
            }
            pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
            s->pattern = pattern;
            s->flags = flags;
            s->re.code = code;
            return &s->re;
        }
    }
    kh_diag_add(ctx, "internal_error", KH_SEV_ERROR, 0, "pattern cache full");
    longjmp(*c->on_error, 2);
}

int kh_re_match(kh_ctx *ctx, const kh_regex *re, const char *s, size_t len, size_t start, long *ov,
                int nov)
{
    kh_regex_cache *c = ctx->re;
    if (start > len)
        return 0;
    /* Text reaching here is valid UTF-8 (normalize.c guarantees it). */
    int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, c->md, c->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0) {
        if (!c->limit_warned) {
            c->limit_warned = true;
            kh_diag_add(ctx, "regex_limit", KH_SEV_WARNING, 0,
                        "a pattern hit the PCRE2 match/depth limit (code %d); that match was skipped", rc);
        }
        return 0;
    }
    if (rc == 0)
        rc = (int)pcre2_get_ovector_count(c->md);
    PCRE2_SIZE *o = pcre2_get_ovector_pointer(c->md);
    for (int i = 0; i < nov; i++) {
        if (i < rc && o[2 * i] != PCRE2_UNSET) {
            ov[2 * i] = (long)o[2 * i];
            ov[2 * i + 1] = (long)o[2 * i + 1];
        } else {
            ov[2 * i] = ov[2 * i + 1] = -1;
        }
    }
    return rc;
}

/* util.c — allocation (library allocator + per-result arena), buffers, UTF-8 helpers. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

/* ---------------------------------------------------------------- allocator */

static kh_allocator g_alloc = {malloc, realloc, free};

void kh_set_allocator(const kh_allocator *a)
{
    if (a && a->malloc_fn && a->realloc_fn && a->free_fn)
        g_alloc = *a;
    else
        g_alloc = (kh_allocator){malloc, realloc, free};
}

void *kh_malloc(size_t n) { return g_alloc.malloc_fn(n ? n : 1); }
void *kh_realloc(void *p, size_t n) { return g_alloc.realloc_fn(p, n ? n : 1); }
void kh_dealloc(void *p)
{
    if (p)
        g_alloc.free_fn(p);
}
void kh_free(void *p) { kh_dealloc(p); }

/* ---------------------------------------------------------------- arena */

typedef struct kh_chunk {
    struct kh_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} kh_chunk;

struct kh_arena {
    kh_chunk *head;
    jmp_buf *on_oom;
};

enum { KH_CHUNK_MIN = 64 * 1024 };

kh_arena *kh_arena_new(jmp_buf *on_oom)
{
    kh_arena *a = kh_malloc(sizeof *a);
    if (!a)
        return NULL;
    a->head = NULL;
    a->on_oom = on_oom;
    return a;
}

void kh_arena_set_oom(kh_arena *a, jmp_buf *on_oom) { a->on_oom = on_oom; }

void kh_arena_free(kh_arena *a)
{
    if (!a)
        return;
    for (kh_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        kh_dealloc(c);
    }
    kh_dealloc(a);
}

void *kh_alloc(kh_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    kh_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > KH_CHUNK_MIN ? n : KH_CHUNK_MIN;
        if (size > SIZE_MAX - sizeof *c)
            longjmp(*a->on_oom, 1);
        c = kh_malloc(sizeof *c + size);
        if (!c) {
            if (a->on_oom)
                longjmp(*a->on_oom, 1);
            abort(); /* no recovery point: a bug in the caller */
        }
        c->size = size;
        c->used = 0;
        /* Big one-off blocks go behind the head so the head keeps its free space. */
        if (a->head && size > KH_CHUNK_MIN) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

void kh_arena_drop(kh_arena *a, void *p)
{
    for (kh_chunk **pp = &a->head; p && *pp; pp = &(*pp)->next) {
        kh_chunk *c = *pp;
        if ((void *)c->data != p)
            continue;
        if (c->size > KH_CHUNK_MIN && c != a->head) { /* alone in it (see kh_alloc) */
            *pp = c->next;
            kh_dealloc(c);
        }
        return;
    }
}

char *kh_strndup(kh_arena *a, const char *s, size_t n)
{
    char *d = kh_alloc(a, n + 1);
    if (n)
        memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *kh_strdup(kh_arena *a, const char *s) { return s ? kh_strndup(a, s, strlen(s)) : NULL; }

char *kh_sprintf(kh_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *d = kh_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}

/* A big array has a chunk of its own (kh_alloc): resize that chunk in place of leaving
 * the old copy behind, so big vectors (lines, blocks, tasks) do not cost twice their
 * size. NULL when v is not alone in a chunk. */
static void *grow_own_chunk(kh_arena *a, void *v, size_t old_bytes, size_t new_bytes)
{
    old_bytes = (old_bytes + 15) & ~(size_t)15;
    new_bytes = (new_bytes + 15) & ~(size_t)15;
    for (kh_chunk **pp = &a->head; *pp; pp = &(*pp)->next) {
        kh_chunk *c = *pp;
        if ((void *)c->data != v)
            continue;
        if (c->used != old_bytes || new_bytes > SIZE_MAX - sizeof *c)
            return NULL;
        kh_chunk *nc = kh_realloc(c, sizeof *c + new_bytes);
        if (!nc) {
            if (a->on_oom)
                longjmp(*a->on_oom, 1);
            abort();
        }
        memset(nc->data + old_bytes, 0, new_bytes - old_bytes);
        nc->size = nc->used = new_bytes;
        *pp = nc;
        return nc->data;
    }
    return NULL;
}

void *kh_grow(kh_arena *a, void *v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return v;
    /* first allocation: 2 elements of a struct (most unit lists hold one or two: 8 made
     * 5 MB of a 10 MB parse), 8 bytes of a string */
    if (v && *cap * elem > KH_CHUNK_MIN) {
        /* A vector in a chunk of its own grows by a quarter: realloc keeps no old copy, and
         * the zeroed slack is resident memory (doubling left the line, block and task
         * vectors of a big document up to half empty: ~9 MB of a 10 MB parse). */
        size_t gc = *cap + *cap / 4;
        if (gc < need)
            gc = need;
        void *g = grow_own_chunk(a, v, *cap * elem, gc * elem);
        if (g) {
            *cap = gc;
            return g;
        }
    }
    size_t nc = *cap ? *cap * 2 : elem >= 16 ? 2 : 8;
    while (nc < need)
        nc *= 2;
    void *nv = kh_alloc(a, nc * elem);
    if (v && *cap)
        memcpy(nv, v, *cap * elem);
    *cap = nc;
    return nv;
}

/* ---------------------------------------------------------------- buffers */

void kh_buf_add(kh_arena *a, kh_buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap)
        b->s = kh_grow(a, b->s, &b->cap, b->n + n + 1, 1);
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

void kh_buf_addc(kh_arena *a, kh_buf *b, char c) { kh_buf_add(a, b, &c, 1); }
void kh_buf_adds(kh_arena *a, kh_buf *b, const char *s) { kh_buf_add(a, b, s, strlen(s)); }
const char *kh_buf_cstr(kh_arena *a, kh_buf *b)
{
    (void)a;
    return b->s ? b->s : "";
}

/* ---------------------------------------------------------------- diagnostics */

void kh_diag_add(kh_ctx *ctx, const char *code, kh_severity sev, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = kh_alloc(ctx->arena, (size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    kh_diag d = {code, sev, msg, line};
    KH_PUSH(ctx->arena, ctx->res->diags, d);
}

/* ---------------------------------------------------------------- UTF-8 */

int32_t kh_utf8_decode_slow(const char *s, size_t len, int *n)
{
    /* what kh_utf8_decode (internal.h) does not decode inline: 4-byte sequences and
     * every invalid one, through utf8proc (whose results the inline paths match) */
    utf8proc_int32_t cp;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    if (r < 1) {
        *n = 1;
        return 0xFFFD;
    }
    *n = (int)r;
    return cp;
}

int kh_utf8_encode(int32_t cp, char out[4])
{
    if (cp >= 0 && cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp >= 0x80 && cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0x800 && cp < 0xFFFE) { /* as utf8proc_encode_char (which writes 0xFFFE/F as one byte) */
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    return (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

static int32_t case_cp(int32_t cp, int upper);
enum { FOLD_TABLE = 0x2000 };
static int32_t g_fold[FOLD_TABLE], g_fold_lower[FOLD_TABLE], g_lower[FOLD_TABLE], g_upper[FOLD_TABLE];
static pthread_once_t g_fold_once = PTHREAD_ONCE_INIT;
static void fold_init(void);

/* Case-map s[0..len) into d (room for len * 2 + 1 bytes: case mapping of Vietnamese
 * never more than doubles). */
static char *map_case_into(char *d, const char *s, size_t len, int upper)
{
    size_t o = 0;
    pthread_once(&g_fold_once, fold_init);
    const int32_t *table = upper ? g_upper : g_lower;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII fast path */
            d[o++] = (char)(upper ? (c >= 'a' && c <= 'z' ? c - 32 : c) : (c >= 'A' && c <= 'Z' ? c + 32 : c));
            i++;
            continue;
        }
        int n;
        int32_t cp = kh_utf8_decode(s + i, len - i, &n);
        int32_t m = cp >= 0 && cp < FOLD_TABLE ? table[cp] : case_cp(cp, upper);
        if (o + 4 <= len * 2) { /* room for any sequence: encode in place */
            o += (size_t)kh_utf8_encode(m, d + o);
        } else {
            char tmp[4];
            int k = kh_utf8_encode(m, tmp);
            if (o + (size_t)k > len * 2)
                break;
            memcpy(d + o, tmp, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)n;
    }
    d[o] = 0;
    return d;
}

static char *map_case(kh_arena *a, const char *s, size_t len, int upper)
{
    return map_case_into(kh_alloc(a, len * 2 + 1), s, len, upper);
}

char *kh_lower(kh_arena *a, const char *s, size_t len) { return map_case(a, s, len, 0); }
char *kh_upper(kh_arena *a, const char *s, size_t len) { return map_case(a, s, len, 1); }
char *kh_lower_into(char *d, const char *s, size_t len) { return map_case_into(d, s, len, 0); }

/* Base letter of a Vietnamese letter: decompose, keep the first code point, đ->d. */
static int32_t fold_cp_slow(int32_t cp)
{
    if (cp < 0x80)
        return cp;
    if (cp == 0x111)
        return 'd';
    if (cp == 0x110)
        return 'D';
    utf8proc_int32_t buf[4];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 4, UTF8PROC_DECOMPOSE, &last);
    if (n >= 1 && buf[0] < 0x80)
        return buf[0];
    if (n >= 1 && utf8proc_category(cp) == UTF8PROC_CATEGORY_MN)
        return -1; /* lone combining mark: drop */
    return cp;
}

/* utf8proc's decomposition is slow per character: the folds of U+0000..U+1FFF (every
 * Vietnamese letter) are computed once into a table. */
static void fold_init(void)
{
    for (int32_t cp = 0; cp < FOLD_TABLE; cp++) {
        int32_t f = fold_cp_slow(cp);
        g_fold[cp] = f;
        g_fold_lower[cp] = f < 0 ? f : utf8proc_tolower(f);
        g_lower[cp] = utf8proc_tolower(cp);
        g_upper[cp] = utf8proc_toupper(cp);
    }
}

static int32_t case_cp(int32_t cp, int upper)
{
    if (cp >= 0 && cp < FOLD_TABLE) {
        pthread_once(&g_fold_once, fold_init);
        return upper ? g_upper[cp] : g_lower[cp];
    }
    return upper ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
}

static int32_t fold_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp;
    if (cp < FOLD_TABLE) {
        pthread_once(&g_fold_once, fold_init);
        return g_fold[cp];
    }
    return fold_cp_slow(cp);
}

int32_t kh_fold_cp(int32_t cp) { return fold_cp(cp); }

int32_t kh_fold_lower_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
    if (cp < FOLD_TABLE) {
        pthread_once(&g_fold_once, fold_init);
        return g_fold_lower[cp];
    }
    int32_t f = fold_cp_slow(cp);
    return f < 0 ? f : utf8proc_tolower(f);
}

char *kh_fold(kh_arena *a, const char *s, size_t len)
{
    char *d = kh_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        int n;
        int32_t cp = kh_utf8_decode(s + i, len - i, &n);
        int32_t f = fold_cp(cp);
        if (f >= 0 && o + 4 <= len) { /* room for any sequence: encode in place */
            o += (size_t)kh_utf8_encode(f, d + o);
        } else if (f >= 0) {
            char tmp[4];
            int k = kh_utf8_encode(f, tmp);
            if (o + (size_t)k > len)
                break;
            memcpy(d + o, tmp, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)n;
    }
    d[o] = 0;
    return d;
}

bool kh_starts_with_ci(const char *s, size_t len, const char *prefix)
{
    /* no strlen of the prefix: most calls fail on the first byte */
    size_t i = 0, j = 0;
    while (prefix[j]) {
        if (i >= len)
            return false;
        unsigned char x = (unsigned char)s[i], y = (unsigned char)prefix[j];
        if (x < 0x80 && y < 0x80) { /* both ASCII: the same as the case table */
            unsigned char lx = x | 0x20;
            if (x != y && (lx != (y | 0x20) || lx < 'a' || lx > 'z'))
                return false;
            i++;
            j++;
            continue;
        }
        int n1, n2;
        int32_t a = kh_utf8_decode(s + i, len - i, &n1);
        size_t rest = 1; /* bytes left in the prefix, up to a sequence's 4 */
        while (rest < 4 && prefix[j + rest])
            rest++;
        int32_t b = kh_utf8_decode(prefix + j, rest, &n2);
        if (a != b && case_cp(a, 0) != case_cp(b, 0))
            return false;
        i += (size_t)n1;
        j += (size_t)n2;
    }
    return true;
}

size_t kh_word_ci(const char *s, size_t len, size_t i, const char *w)
{
    if (i >= len || !kh_starts_with_ci(s + i, len - i, w))
        return 0;
    /* case pairs of Vietnamese letters have the same UTF-8 length, but walk code
     * points to be exact */
    size_t j = i, k = 0, wl = strlen(w);
    while (k < wl && j < len) {
        int n1, n2;
        kh_utf8_decode(s + j, len - j, &n1);
        kh_utf8_decode(w + k, wl - k, &n2);
        j += (size_t)n1;
        k += (size_t)n2;
    }
    if (j < len) {
        int n;
        int32_t c = kh_utf8_decode(s + j, len - j, &n);
        utf8proc_category_t cat = utf8proc_category(c);
        if ((c < 0x80 && ((unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u)) ||
            (c >= 0x80 && cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND))
            return 0; /* the word goes on */
    }
    return j - i;
}

bool kh_is_upper_text(const char *s, size_t len)
{
    bool letters = false;
    for (size_t i = 0; i < len;) {
        int n;
        int32_t cp = kh_utf8_decode(s + i, len - i, &n);
        utf8proc_category_t c = utf8proc_category(cp);
        if (c == UTF8PROC_CATEGORY_LL)
            return false;
        if (c == UTF8PROC_CATEGORY_LU)
            letters = true;
        i += (size_t)n;
    }
    return letters;
}

size_t kh_trim(const char **s, size_t len)
{
    const char *p = *s;
    while (len && (*p == ' ' || *p == '\t')) {
        p++;
        len--;
    }
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    *s = p;
    return len;
}

size_t kh_trim_punct(const char *s, size_t len)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len && (s[len - 1] == '.' || s[len - 1] == ';' || s[len - 1] == ':' || s[len - 1] == ','))
        len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return len;
}

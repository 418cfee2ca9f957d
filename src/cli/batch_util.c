/* batch_util.c — string building, JSON/CSV quoting and atomic writes for `khparse batch`. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch_util.h"

static int grow(kh_sb *b, size_t more)
{
    if (b->oom)
        return -1;
    if (b->n + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + more + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void kh_sb_add(kh_sb *b, const char *s, size_t n)
{
    if (grow(b, n))
        return;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

void kh_sb_adds(kh_sb *b, const char *s) { kh_sb_add(b, s, strlen(s)); }

void kh_sb_addc(kh_sb *b, char c) { kh_sb_add(b, &c, 1); }

void kh_sb_printf(kh_sb *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        kh_sb_add(b, tmp, (size_t)n);
        return;
    }
    if (grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

void kh_sb_json(kh_sb *b, const char *s)
{
    if (!s) {
        kh_sb_adds(b, "null");
        return;
    }
    kh_sb_addc(b, '"');
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *esc = NULL;
        char hex[8];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20) {
                snprintf(hex, sizeof hex, "\\u%04x", c);
                esc = hex;
            }
        }
        if (esc) {
            kh_sb_add(b, run, (size_t)(s - run));
            kh_sb_adds(b, esc);
            run = s + 1;
        }
    }
    kh_sb_add(b, run, (size_t)(s - run));
    kh_sb_addc(b, '"');
}

void kh_sb_csv(kh_sb *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        kh_sb_adds(b, s);
        return;
    }
    kh_sb_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            kh_sb_addc(b, '"');
        kh_sb_addc(b, *s);
    }
    kh_sb_addc(b, '"');
}

char *kh_sb_take(kh_sb *b)
{
    if (b->oom) {
        free(b->s);
        b->s = NULL;
        return NULL;
    }
    if (!b->s) {
        if (grow(b, 0))
            return NULL;
        b->s[0] = 0;
    }
    char *s = b->s;
    b->s = NULL;
    b->n = b->cap = 0;
    return s;
}

int kh_make_parents(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    int rc = 0;
    for (char *q = p + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = 0;
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            struct stat st;
            if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
                rc = -1;
                *q = '/';
                break;
            }
        }
        *q = '/';
    }
    int err = errno;
    free(p);
    errno = err;
    return rc;
}

int kh_write_atomic(const char *path, const void *data, size_t len, int tag)
{
    size_t n = strlen(path) + 64;
    char *tmp = malloc(n);
    if (!tmp)
        return -1;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    /* Dot-prefixed so that walkers skip it: DIR/.NAME.tmp-PID-TAG */
    snprintf(tmp, n, "%.*s.%s.tmp-%ld-%d", (int)dirlen, path, path + dirlen, (long)getpid(), tag);
    FILE *f = fopen(tmp, "wb");
    if (!f && errno == ENOENT && kh_make_parents(path) == 0)
        f = fopen(tmp, "wb");
    if (!f) {
        free(tmp);
        return -1;
    }
    int ok = fwrite(data, 1, len, f) == len;
    int err = errno;
    if (fclose(f) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = 0;
        err = errno;
    }
    if (!ok)
        remove(tmp);
    free(tmp);
    errno = err;
    return ok ? 0 : -1;
}

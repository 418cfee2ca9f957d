/* normalize.c — STUB: being written. */
#include "internal.h"

#include <string.h>
int kh_normalize(kh_ctx *ctx, const char *s, size_t len)
{
    int no = 1;
    size_t i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && s[j] != '\n')
            j++;
        const char *p = s + i;
        size_t n = j - i;
        if (n && p[n - 1] == '\r')
            n--;
        kh_line l = {0};
        l.s = kh_strndup(ctx->arena, p, n);
        l.len = n;
        l.no = no++;
        if (!n) l.flags |= KH_LINE_BLANK;
        KH_PUSH(ctx->arena, ctx->res->text, l);
        if (j >= len) break;
        i = j + 1;
    }
    return KH_OK;
}

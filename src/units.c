/* units.c — STUB: being written. */
#include "internal.h"

#include <string.h>
void kh_units_parse(kh_ctx *ctx, const char *s, size_t len, kh_units *out)
{
    len = kh_trim(&s, len);
    len = kh_trim_punct(s, len);
    if (!len) return;
    kh_unit u = {kh_strndup(ctx->arena, s, len), false, false};
    KH_PUSH(ctx->arena, *out, u);
}
char *kh_unit_canonical(kh_ctx *ctx, const char *s, size_t len, bool *group, bool *requested)
{
    *group = false; *requested = false;
    return kh_strndup(ctx->arena, s, len);
}
size_t kh_unit_span(kh_ctx *ctx, const char *s, size_t len) { (void)ctx; (void)s; (void)len; return 0; }

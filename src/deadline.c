/* deadline.c — STUB: being written. */
#include "internal.h"

void kh_deadline_parse(kh_ctx *ctx, const char *s, size_t len, kh_deadline *out)
{
    (void)ctx; (void)s; (void)len;
    out->kind = KH_DL_UNSPECIFIED;
}

/* header.c — STUB: being written. */
#include "internal.h"

void kh_extract_header(kh_ctx *ctx)
{
    kh_layout *l = &ctx->res->layout;
    l->body_begin = 0;
    l->body_end = ctx->res->text.n;
    l->closing_begin = l->closing_end = ctx->res->text.n;
}

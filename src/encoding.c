/* encoding.c — STUB: being written. */
#include "internal.h"

int kh_decode(kh_ctx *ctx, const unsigned char *data, size_t len, kh_encoding forced, char **out, size_t *out_len)
{
    (void)forced;
    ctx->res->input_encoding = "utf-8";
    *out = kh_strndup(ctx->arena, (const char *)data, len);
    *out_len = len;
    return KH_OK;
}

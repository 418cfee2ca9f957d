/* ocr_none.c — STUB: being written. */
#include "internal.h"

/* Built when Tesseract/Leptonica are not available. */
#include <string.h>
kh_format kh_detect_format(const unsigned char *d, size_t n)
{
    if (n >= 5 && !memcmp(d, "%PDF-", 5)) return KH_FMT_PDF;
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) return KH_FMT_IMAGE;
    if (n >= 3 && !memcmp(d, "\xff\xd8\xff", 3)) return KH_FMT_IMAGE;
    if (n >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4))) return KH_FMT_IMAGE;
    return KH_FMT_TEXT;
}
int kh_ocr_document(kh_ctx *ctx, const unsigned char *data, size_t len, kh_format fmt, char **out, size_t *out_len)
{
    (void)data; (void)len; (void)out; (void)out_len;
    ctx->res->format = fmt == KH_FMT_PDF ? "pdf" : "image";
    kh_diag_add(ctx, "ocr_unavailable", KH_SEV_ERROR, 0, "this libkhparse was built without OCR support; rebuild with Tesseract and Leptonica (Debian: libtesseract-dev libleptonica-dev tesseract-ocr-vie)");
    return KH_ERR_UNSUPPORTED;
}
void kh_ocr_engine_free(void *engine) { (void)engine; }
bool kh_ocr_available(void) { return false; }
bool kh_pdf_available(void) { return false; }
void kh_ocr_mark_lowconf(kh_ctx *ctx) { (void)ctx; }

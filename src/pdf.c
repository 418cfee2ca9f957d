/*
 * pdf.c — PDF input through poppler-glib (built with KH_HAVE_PDF only): the text layer
 * of each page, and pages rendered with cairo at the OCR resolution. ocr.c decides per
 * page which one to use. Why poppler and not MuPDF: docs/OCR.md.
 */
#include <string.h>

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <poppler.h>

#include "ocr_internal.h"

struct kh_pdf {
    PopplerDocument *doc;
    GBytes *bytes;
};

int kh_pdf_open(kh_ctx *ctx, const unsigned char *data, size_t len, kh_pdf **out, int *npages)
{
    *out = NULL;
    *npages = 0;
    kh_pdf *p = kh_malloc(sizeof *p);
    if (!p)
        return KH_ERR_NOMEM;
    memset(p, 0, sizeof *p);
    GError *err = NULL;
    p->bytes = g_bytes_new_static(data, len);
    p->doc = poppler_document_new_from_bytes(p->bytes, NULL, &err);
    if (!p->doc) {
        bool enc = err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED;
        if (enc)
            kh_diag_add(ctx, "pdf_encrypted", KH_SEV_ERROR, 0,
                        "the PDF is encrypted and needs a password; decrypt it first (e.g. "
                        "qpdf --decrypt)");
        else
            kh_diag_add(ctx, "pdf_corrupt", KH_SEV_ERROR, 0, "the PDF cannot be opened: %s",
                        err && err->message ? err->message : "broken file");
        if (err)
            g_error_free(err);
        kh_pdf_close(p);
        return KH_ERR_FORMAT;
    }
    *npages = poppler_document_get_n_pages(p->doc);
    *out = p;
    return KH_OK;
}

void kh_pdf_close(kh_pdf *p)
{
    if (!p)
        return;
    if (p->doc)
        g_object_unref(p->doc);
    if (p->bytes)
        g_bytes_unref(p->bytes);
    kh_dealloc(p);
}

char *kh_pdf_page_text(kh_ctx *ctx, kh_pdf *p, int i, size_t *len)
{
    *len = 0;
    PopplerPage *page = poppler_document_get_page(p->doc, i);
    if (!page)
        return kh_strdup(ctx->arena, "");
    char *t = poppler_page_get_text(page);
    g_object_unref(page);
    if (!t)
        return kh_strdup(ctx->arena, "");
    size_t n = strlen(t);
    while (n && (t[n - 1] == '\n' || t[n - 1] == ' ' || t[n - 1] == '\f' || t[n - 1] == '\r'))
        n--;
    char *s = kh_strndup(ctx->arena, t, n);
    g_free(t);
    *len = n;
    return s;
}

void kh_pdf_page_pixels(kh_pdf *p, int i, int dpi, long long *w, long long *h)
{
    *w = *h = 0;
    PopplerPage *page = poppler_document_get_page(p->doc, i);
    if (!page)
        return;
    double pw = 0, ph = 0;
    poppler_page_get_size(page, &pw, &ph);
    g_object_unref(page);
    if (!(pw > 0 && ph > 0 && pw < 1e6 && ph < 1e6))
        return;
    *w = (long long)(pw * dpi / 72.0 + 0.5);
    *h = (long long)(ph * dpi / 72.0 + 0.5);
}

PIX *kh_pdf_page_render(kh_pdf *p, int i, int dpi)
{
    long long lw, lh;
    kh_pdf_page_pixels(p, i, dpi, &lw, &lh);
    if (lw <= 0 || lh <= 0 || lw > 1000000 || lh > 1000000)
        return NULL;
    int w = (int)lw, h = (int)lh;
    PopplerPage *page = poppler_document_get_page(p->doc, i);
    if (!page)
        return NULL;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    PIX *pix = NULL;
    if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(surf);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, dpi / 72.0, dpi / 72.0);
        poppler_page_render_for_printing(page, cr);
        cairo_destroy(cr);
        cairo_surface_flush(surf);
        pix = pixCreate(w, h, 8);
        if (pix) {
            const unsigned char *src = cairo_image_surface_get_data(surf);
            int stride = cairo_image_surface_get_stride(surf);
            l_uint32 *dst = pixGetData(pix);
            int wpl = pixGetWpl(pix);
            for (int y = 0; y < h; y++) {
                const uint32_t *row = (const uint32_t *)(src + (size_t)y * (size_t)stride);
                l_uint32 *drow = dst + (size_t)y * (size_t)wpl;
                for (int x = 0; x < w; x++) {
                    uint32_t v = row[x];
                    unsigned r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;
                    SET_DATA_BYTE(drow, x, (r * 77 + g * 150 + b * 29) >> 8);
                }
            }
            pixSetResolution(pix, dpi, dpi);
        }
    }
    cairo_surface_destroy(surf);
    g_object_unref(page);
    return pix;
}

/*
 * ocr_internal.h — private interface between the OCR front-end files (OCR builds only):
 *   ocr.c             format detection, page loop, Tesseract engine, text assembly
 *   ocr_preprocess.c  Leptonica: resolution, grayscale, deskew, background, binarisation, borders
 *   pdf.c             poppler-glib: PDF text layer and page rendering (KH_HAVE_PDF only)
 */
#ifndef KH_OCR_INTERNAL_H
#define KH_OCR_INTERNAL_H

#include "internal.h"

struct Pix;

/* What preprocessing did to a page (for diagnostics and the engine's resolution). */
typedef struct kh_prep_info {
    int src_dpi;       /* resolution of the input (from the file, else estimated) */
    bool dpi_estimated;/* no usable resolution in the file: estimated assuming A4 */
    int dpi;           /* resolution of the returned image */
    float skew;        /* degrees corrected (0 when none found) */
    bool binarized;    /* returned image is 1 bpp */
} kh_prep_info;

/* ocr_preprocess.c: a clean page for Tesseract (new Pix; src is not consumed). NULL on
 * failure (out of memory inside Leptonica). target_dpi is cfg->ocr_dpi; src_dpi_hint > 0
 * overrides the resolution stored in the image (rendered PDF pages). */
struct Pix *kh_ocr_preprocess(struct Pix *src, int target_dpi, int src_dpi_hint,
                              kh_prep_info *info);

/* ocr_preprocess.c: the two-column header zone of a binarised page: rows [top, bottom)
 * split at column mid (left: issuer + number, right: motto + place/date). */
typedef struct kh_header_split {
    int top, bottom, mid;
} kh_header_split;
bool kh_ocr_header_split(struct Pix *bin, kh_header_split *out);

#ifdef KH_HAVE_PDF
typedef struct kh_pdf kh_pdf;
/* pdf.c. Open a PDF held in memory (data must outlive the handle). KH_ERR_FORMAT plus a
 * diagnostic for broken or encrypted files. */
int kh_pdf_open(kh_ctx *ctx, const unsigned char *data, size_t len, kh_pdf **out, int *npages);
void kh_pdf_close(kh_pdf *pdf);
/* Text layer of page i (0-based) as arena UTF-8 ("" when the page has none). */
char *kh_pdf_page_text(kh_ctx *ctx, kh_pdf *pdf, int i, size_t *len);
/* Page size in pixels at dpi. */
void kh_pdf_page_pixels(kh_pdf *pdf, int i, int dpi, long long *w, long long *h);
/* Render page i at dpi to an 8 bpp grayscale Pix (caller destroys). NULL on failure. */
struct Pix *kh_pdf_page_render(kh_pdf *pdf, int i, int dpi);
#endif

/* ocr.c: is a PDF text layer good enough to use instead of OCR? Exposed for tests. */
bool kh_ocr_text_layer_ok(const char *s, size_t len, double *score);

#endif

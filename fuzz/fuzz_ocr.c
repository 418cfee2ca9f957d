/* fuzz_ocr.c — image / PDF decoding and OCR on small inputs (pixel and page limits
 * keep each run short). Skips silently when the library has no OCR. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!kh_has_feature("ocr"))
        return 0;
    static kh_parser *p; /* one engine for the whole run, as a real caller would */
    if (!p) {
        kh_options *o = NULL;
        if (kh_options_new(&o) != KH_OK)
            abort();
        kh_options_set(o, KH_OPT_MAX_PIXELS, 1000000);
        kh_options_set(o, KH_OPT_MAX_PAGES, 2);
        kh_options_set(o, KH_OPT_TIME_BUDGET_MS, 5000);
        if (kh_parser_new(&p, o) != KH_OK)
            abort();
        kh_options_free(o);
    }
    char *text = NULL;
    size_t n = 0;
    if (kh_ocr(p, data, size, 1, &text, &n) == KH_OK)
        kh_free(text);
    return 0;
}

/* fuzz_restore.c — diacritic restoration / OCR-confusion repair on arbitrary text. */
#include <string.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t sel = size ? data[0] : 0;
    static kh_parser *cache[4]; /* one parser per configuration, reused */
    kh_parser *p = cache[sel & 3];
    if (!p) {
        kh_options *o = NULL;
        if (kh_options_new(&o) != KH_OK)
            abort();
        kh_options_set(o, KH_OPT_RESTORE, sel & 3);
        kh_options_set(o, KH_OPT_ENCODING, KH_ENC_UTF8);
        if (kh_parser_new(&p, o) != KH_OK)
            abort();
        kh_options_free(o);
        cache[sel & 3] = p;
    }
    if (size) {
        data++;
        size--;
    }
    char *text = NULL;
    size_t n = 0;
    if (kh_restore(p, data, size, &text, &n) == KH_OK) {
        if (!text || strlen(text) != n)
            abort();
        kh_free(text);
    }
    return 0;
}

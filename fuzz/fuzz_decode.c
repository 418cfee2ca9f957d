/* fuzz_decode.c — encoding detection and conversion + normalisation (no repair). */
#include <string.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t sel = size ? data[0] : 0;
    static kh_parser *cache[7]; /* one parser per configuration, reused */
    kh_parser *p = cache[sel % 7];
    if (!p) {
        kh_options *o = NULL;
        if (kh_options_new(&o) != KH_OK)
            abort();
        kh_options_set(o, KH_OPT_ENCODING, sel % 7);
        kh_options_set(o, KH_OPT_RESTORE, KH_RESTORE_OFF);
        if (kh_parser_new(&p, o) != KH_OK)
            abort();
        kh_options_free(o);
        cache[sel % 7] = p;
    }
    if (size) {
        data++;
        size--;
    }
    char *text = NULL;
    size_t n = 0;
    if (kh_restore(p, data, size, &text, &n) == KH_OK) {
        if (!text || strlen(text) != n)
            abort(); /* output is NUL-free text of the reported length */
        kh_free(text);
    }
    return 0;
}

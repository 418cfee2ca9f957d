/* fuzz_common.h — shared by the harnesses: option choice from the first input byte. */
#ifndef KH_FUZZ_COMMON_H
#define KH_FUZZ_COMMON_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "khparse.h"

/* A parser configured by the first byte: encoding (3 bits), repair mode (2 bits),
 * extract mask variation (1 bit), tight limits (1 bit). Consumes that byte.
 * Parsers are cached per configuration and reused for the whole run, as a real caller
 * would (and so the restoration model is loaded once, not per input): do not free. */
static kh_parser *fuzz_parser_new_for(uint8_t sel);
static inline kh_parser *fuzz_parser(const uint8_t **data, size_t *size)
{
    static kh_parser *cache[128];
    uint8_t sel = *size ? (*data)[0] : 0;
    if (*size) {
        (*data)++;
        (*size)--;
    }
    sel &= 0x7f;
    /* With repair on, only the repair mode varies: each such parser loads the 6.5 MB
     * model (slow under ASan), and fuzz_restore covers the repair stage in depth. */
    if (((sel >> 3) & 3) != KH_RESTORE_OFF)
        sel &= 0x18;
    if (!cache[sel])
        cache[sel] = fuzz_parser_new_for(sel);
    return cache[sel];
}

static kh_parser *fuzz_parser_new_for(uint8_t sel)
{
    kh_options *o = NULL;
    if (kh_options_new(&o) != KH_OK)
        abort();
    kh_options_set(o, KH_OPT_ENCODING, sel % 7);
    kh_options_set(o, KH_OPT_RESTORE, (sel >> 3) & 3);
    if (sel & 0x20)
        kh_options_set(o, KH_OPT_EXTRACT, KH_EXTRACT_DOCUMENT | KH_EXTRACT_TASKS);
    if (sel & 0x40) {
        kh_options_set(o, KH_OPT_MAX_DEPTH, 3);
        kh_options_set(o, KH_OPT_MAX_LINE_BYTES, 256);
        kh_options_set(o, KH_OPT_REGEX_MATCH_LIMIT, 5000);
    }
    kh_options_set(o, KH_OPT_MAX_PIXELS, 4000000); /* keep OCR inputs small */
    kh_options_set(o, KH_OPT_MAX_PAGES, 2);
    kh_parser *p = NULL;
    if (kh_parser_new(&p, o) != KH_OK)
        abort();
    kh_options_free(o);
    return p;
}
#endif

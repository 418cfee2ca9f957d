/* dates.c — STUB: being written. */
#include "internal.h"

size_t kh_date_parse(const char *s, size_t len, kh_date *out) { (void)s; (void)len; out->s[0] = 0; return 0; }
size_t kh_date_find(const char *s, size_t len, kh_date *out, size_t *at) { (void)s; (void)len; (void)at; out->s[0] = 0; return 0; }

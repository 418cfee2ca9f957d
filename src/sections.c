/* sections.c — STUB: being written. */
#include "internal.h"

void kh_segment_body(kh_ctx *ctx) { (void)ctx; }

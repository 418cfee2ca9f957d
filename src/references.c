/* references.c — STUB: being written. */
#include "internal.h"

void kh_extract_references(kh_ctx *ctx) { (void)ctx; }

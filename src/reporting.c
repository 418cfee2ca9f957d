/* reporting.c — STUB: being written. */
#include "internal.h"

void kh_extract_budget(kh_ctx *ctx) { (void)ctx; }
void kh_extract_reporting(kh_ctx *ctx) { (void)ctx; }

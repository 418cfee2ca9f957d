/* tasks.c — STUB: being written. */
#include "internal.h"

void kh_extract_tasks(kh_ctx *ctx) { (void)ctx; }

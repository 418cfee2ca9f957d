/* restore.c — STUB: being written. */
#include "internal.h"

int kh_restore_text(kh_ctx *ctx) { (void)ctx; return KH_OK; }
void kh_restore_model_free(void *model) { (void)model; }

/* batch.c — `khparse batch`: STUB, being written (issue 5). */
#include <stdio.h>
#include "cli.h"
int kh_cli_batch(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "khparse: batch is not implemented yet\n");
    return KH_EXIT_USAGE;
}

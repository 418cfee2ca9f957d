/* cli.h — shared pieces of the khparse command. */
#ifndef KH_CLI_H
#define KH_CLI_H
#include <stddef.h>
#include "khparse.h"

enum { KH_EXIT_OK = 0, KH_EXIT_ERRORS = 1, KH_EXIT_USAGE = 2, KH_EXIT_IO = 3 };

typedef struct kh_cli {
    kh_options *opts;
    const char **files;
    int nfiles;
    int pretty, show_changes, raw, quiet, jobs;
    const char *outdir, *dump;
} kh_cli;

int kh_cli_parse_args(kh_cli *cli, int argc, char **argv);
void kh_cli_free(kh_cli *cli);
int kh_cli_read_file(const char *path, unsigned char **data, size_t *len);
int kh_cli_write_json(const char *dir, const char *name, const char *json);

int kh_cli_sections(kh_cli *cli);                                     /* outline.c */
int kh_cli_dump(kh_cli *cli);                                         /* outline.c */
int kh_cli_show_changes(const unsigned char *in, size_t in_len, const char *out, size_t out_len); /* changes.c */
int kh_cli_batch(int argc, char **argv);                              /* batch.c */
#endif

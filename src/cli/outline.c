/* outline.c — `khparse sections` (heading tree for humans) and `--dump=STAGE`.
 * Works from the public API only: the outline is read back from the JSON. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_sections(const cJSON *arr, int depth)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, arr)
    {
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(s, "label");
        const cJSON *title = cJSON_GetObjectItemCaseSensitive(s, "title");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(s, "line");
        printf("%*s%s%s%s  [line %d]\n", depth * 2, "", cJSON_IsString(label) ? label->valuestring : "",
               cJSON_IsString(label) ? ". " : "", cJSON_IsString(title) ? title->valuestring : "",
               cJSON_IsNumber(line) ? line->valueint : 0);
        print_sections(cJSON_GetObjectItemCaseSensitive(s, "children"), depth + 1);
    }
}

int kh_cli_sections(kh_cli *cli)
{
    if (cli->nfiles != 1) {
        fprintf(stderr, "khparse: sections needs exactly one FILE\n");
        return KH_EXIT_USAGE;
    }
    kh_parser *p;
    if (kh_parser_new(&p, cli->opts) != KH_OK)
        return KH_EXIT_IO;
    unsigned char *data;
    size_t len;
    if (kh_cli_read_file(cli->files[0], &data, &len) != 0) {
        fprintf(stderr, "khparse: %s: %s\n", cli->files[0], strerror(errno));
        kh_parser_free(p);
        return KH_EXIT_IO;
    }
    kh_result *r = NULL;
    int rc = kh_parse_buffer(p, data, len, cli->files[0], &r);
    free(data);
    int status = rc == KH_OK ? 0 : KH_EXIT_ERRORS;
    if (!r) {
        fprintf(stderr, "khparse: %s\n", kh_parser_errmsg(p));
        kh_parser_free(p);
        return KH_EXIT_IO;
    }
    const char *json = kh_result_json(r, KH_JSON_COMPACT);
    cJSON *root = json ? cJSON_Parse(json) : NULL;
    if (root) {
        const cJSON *doc = cJSON_GetObjectItemCaseSensitive(root, "document");
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(doc, "kind_label");
        const cJSON *num = cJSON_GetObjectItemCaseSensitive(doc, "number");
        const cJSON *title = cJSON_GetObjectItemCaseSensitive(doc, "title");
        printf("%s %s: %s\n", cJSON_IsString(kind) ? kind->valuestring : "?",
               cJSON_IsString(num) ? num->valuestring : "(no number)",
               cJSON_IsString(title) ? title->valuestring : "");
        print_sections(cJSON_GetObjectItemCaseSensitive(root, "sections"), 1);
        cJSON_Delete(root);
    } else {
        status = KH_EXIT_IO;
    }
    if (kh_result_has_errors(r) && !status)
        status = KH_EXIT_ERRORS;
    kh_result_free(r);
    kh_parser_free(p);
    return status;
}

/* --dump=normalized|restored|segments */
int kh_cli_dump(kh_cli *cli)
{
    if (!strcmp(cli->dump, "segments"))
        return kh_cli_sections(cli);
    if (strcmp(cli->dump, "normalized") && strcmp(cli->dump, "restored")) {
        fprintf(stderr, "khparse: unknown stage '%s' (normalized, restored, segments)\n", cli->dump);
        return KH_EXIT_USAGE;
    }
    if (!strcmp(cli->dump, "normalized"))
        kh_options_set(cli->opts, KH_OPT_RESTORE, KH_RESTORE_OFF);
    kh_parser *p;
    if (kh_parser_new(&p, cli->opts) != KH_OK)
        return KH_EXIT_IO;
    int status = 0;
    for (int i = 0; i < cli->nfiles; i++) {
        unsigned char *data;
        size_t len;
        if (kh_cli_read_file(cli->files[i], &data, &len) != 0) {
            fprintf(stderr, "khparse: %s: %s\n", cli->files[i], strerror(errno));
            status = KH_EXIT_IO;
            continue;
        }
        char *text = NULL;
        size_t n = 0;
        if (kh_restore(p, data, len, &text, &n) == KH_OK)
            fwrite(text, 1, n, stdout);
        else
            status = KH_EXIT_ERRORS;
        kh_free(text);
        free(data);
    }
    kh_parser_free(p);
    return status;
}

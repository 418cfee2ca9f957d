/* consume.c — a tiny application built against the INSTALLED libkhparse (see
 * tests/consume/check.cmake): parses the file named on the command line and checks
 * the header and the linked library agree. */
#include <stdio.h>
#include <string.h>

#include <khparse.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: consume FILE\n");
        return 2;
    }
    if (strcmp(kh_version(), KH_VERSION_STRING) != 0 || kh_version_number() != KH_VERSION_NUMBER) {
        fprintf(stderr, "header %s but library %s\n", KH_VERSION_STRING, kh_version());
        return 1;
    }
    kh_parser *p = NULL;
    kh_result *r = NULL;
    if (kh_parser_new(&p, NULL) != KH_OK)
        return 1;
    int rc = kh_parse_file(p, argv[1], &r);
    if (rc != KH_OK) {
        fprintf(stderr, "consume: %s\n", kh_parser_errmsg(p));
        kh_parser_free(p);
        return 1;
    }
    const char *json = kh_result_json(r, KH_JSON_COMPACT);
    int ok = json && json[0] == '{';
    printf("khparse %s (ocr %d, pdf %d): %zu bytes of JSON, %zu tasks, %zu references\n", kh_version(),
           kh_has_feature("ocr"), kh_has_feature("pdf"), json ? strlen(json) : 0, kh_result_task_count(r),
           kh_result_reference_count(r));
    kh_result_free(r);
    kh_parser_free(p);
    return ok ? 0 : 1;
}

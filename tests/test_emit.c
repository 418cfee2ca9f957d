/* test_emit.c — the JSON of an empty parse has every key of the contract; the text
 * emit_json.c prints piece by piece equals cJSON's print of the whole tree. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "khparse.h"

/* Parse `text` and check both JSON forms against cJSON printing the tree they parse to. */
static void check_like_cjson(kh_parser *p, const char *text, size_t n, const char *name)
{
    kh_result *r = NULL;
    kh_parse_buffer(p, text, n, name, &r);
    CHECK(r != NULL);
    if (!r)
        return;
    for (int pretty = 0; pretty <= 1; pretty++) {
        const char *json = kh_result_json(r, pretty ? KH_JSON_PRETTY : KH_JSON_COMPACT);
        cJSON *root = json ? cJSON_Parse(json) : NULL;
        CHECK(root != NULL);
        char *again = root ? (pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root)) : NULL;
        if (again && strcmp(again, json))
            fprintf(stderr, "%s (%s): the JSON is not what cJSON prints\n", name, pretty ? "pretty" : "compact");
        CHECK(again && !strcmp(again, json));
        cJSON_free(again);
        cJSON_Delete(root);
    }
    kh_result_free(r);
}

static void test_like_cjson(kh_parser *p)
{
    /* quotes, backslashes, tabs, a control character and non-ASCII in strings */
    static const char odd[] = "UBND TỈNH \"X\"\nSố: 1/KH-UBND\n\nKẾ HOẠCH\nVề \"chuyển đổi số\" \\ a\tb \x01 c\n"
                              "I. NHIỆM VỤ\n1. Sở Nội vụ chủ trì \"rà soát\", hoàn thành trước ngày 30/6/2025.\n";
    check_like_cjson(p, odd, sizeof odd - 1, "odd.txt");
    DIR *dir = opendir("corpus");
    struct dirent *de;
    int docs = 0;
    while (dir && (de = readdir(dir))) {
        char path[512];
        snprintf(path, sizeof path, "corpus/%s/input.txt", de->d_name);
        FILE *f = de->d_name[0] != '.' ? fopen(path, "rb") : NULL;
        if (!f)
            continue;
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        check_like_cjson(p, buf, n, path);
        docs++;
    }
    if (dir)
        closedir(dir);
    CHECK(docs >= 5);
}

int main(void)
{
    kh_parser *p;
    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    kh_result *r = NULL;
    CHECK_INT(kh_parse_buffer(p, "", 0, "empty.txt", &r), KH_OK);
    CHECK(r != NULL);
    const char *json = kh_result_json(r, KH_JSON_COMPACT);
    cJSON *root = cJSON_Parse(json);
    CHECK(root != NULL);
    const char *keys[] = {"schema_version", "source", "document", "references", "sections",
                          "tasks", "budget", "reporting", "diagnostics"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        CHECK(cJSON_GetObjectItemCaseSensitive(root, keys[i]) != NULL);
    CHECK(kh_result_has_errors(r)); /* empty input is an error diagnostic */
    CHECK_STR(kh_result_diagnostic(r, 0, "code"), "empty_input");
    cJSON_Delete(root);
    kh_result_free(r);
    test_like_cjson(p);
    kh_parser_free(p);
    TEST_MAIN_END();
}

/* test_emit.c — the JSON of an empty parse has every key of the contract. */
#include <cjson/cJSON.h>
#include "test.h"
#include "khparse.h"

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
    kh_parser_free(p);
    TEST_MAIN_END();
}

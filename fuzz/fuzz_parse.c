/* fuzz_parse.c — any bytes through the whole pipeline; the JSON must re-parse with
 * cJSON and carry every top-level key of the contract (emit round trip). */
#include <cjson/cJSON.h>
#include <string.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kh_parser *p = fuzz_parser(&data, &size);
    kh_result *r = NULL;
    int rc = kh_parse_buffer(p, data, size, "fuzz", &r);
    if (rc == KH_OK && !r)
        abort();
    if (r) {
        const char *json = kh_result_json(r, KH_JSON_COMPACT);
        if (!json)
            abort();
        cJSON *root = cJSON_ParseWithLength(json, strlen(json));
        if (!root)
            abort(); /* emitted JSON must always be valid */
        static const char *const keys[] = {"schema_version", "source", "document", "references", "sections",
                                           "tasks", "budget", "reporting", "diagnostics"};
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
            if (!cJSON_GetObjectItemCaseSensitive(root, keys[i]))
                abort();
        cJSON_Delete(root);
        /* The accessors agree with the JSON. */
        for (size_t i = 0; i < kh_result_task_count(r); i++)
            if (!kh_result_task(r, i, "id") || !kh_result_task(r, i, "deadline.kind"))
                abort();
        kh_result_free(r);
    }
    return 0; /* p is cached by fuzz_parser */
}

/* test_emit.c — the JSON of an empty parse has every key of the contract; the text
 * emit_json.c prints piece by piece equals cJSON's print of the whole tree. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "khparse.h"

/* kh_result_write_json's sink: collects the runs (fails when `fail_at` runs are in). */
typedef struct {
    char *b;
    size_t n;
    int runs, fail_at;
} sink;

static int collect(void *ctx, const char *data, size_t len)
{
    sink *k = ctx;
    if (k->fail_at && k->runs == k->fail_at)
        return -1;
    char *nb = realloc(k->b, k->n + len + 1);
    if (!nb)
        return -1;
    memcpy(nb + k->n, data, len);
    k->b = nb;
    k->n += len;
    k->b[k->n] = 0;
    k->runs++;
    return 0;
}

/* The streamed text (before kh_result_json made one) equals kh_result_json's. */
static int check_streamed(kh_result *r, int flags, const char *json)
{
    sink k = {0};
    CHECK_INT(kh_result_write_json(r, flags, collect, &k), KH_OK);
    CHECK(k.b && json && k.n == strlen(json) && !memcmp(k.b, json, k.n));
    free(k.b);
    return k.runs;
}

/* Parse `text` and check both JSON forms against cJSON printing the tree they parse to,
 * and the streamed forms against them. */
static void check_like_cjson(kh_parser *p, const char *text, size_t n, const char *name)
{
    kh_result *r = NULL;
    kh_parse_buffer(p, text, n, name, &r);
    CHECK(r != NULL);
    if (!r)
        return;
    sink streamed[2] = {{0}, {0}};
    for (int pretty = 0; pretty <= 1; pretty++)
        CHECK_INT(kh_result_write_json(r, pretty ? KH_JSON_PRETTY : KH_JSON_COMPACT, collect, &streamed[pretty]),
                  KH_OK);
    for (int pretty = 0; pretty <= 1; pretty++) {
        const char *json = kh_result_json(r, pretty ? KH_JSON_PRETTY : KH_JSON_COMPACT);
        CHECK(streamed[pretty].b && json && streamed[pretty].n == strlen(json) && !strcmp(streamed[pretty].b, json));
        free(streamed[pretty].b);
        check_streamed(r, pretty ? KH_JSON_PRETTY : KH_JSON_COMPACT, json); /* the kept text */
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

/* A document whose JSON is several runs long: same text, written in several runs; a
 * failing write stops the output with KH_ERR_IO; bad arguments are refused. */
static void test_stream(kh_parser *p)
{
    static const char head[] = "UBND TỈNH X\nSố: 1/KH-UBND\n\nKẾ HOẠCH\nVề \"chuyển đổi số\"\nI. NHIỆM VỤ\n";
    static const char item[] = "1. Sở Nội vụ chủ trì \"rà soát\", Sở Tài chính phối hợp, hoàn thành trước ngày 30/6/2025.\n";
    size_t cap = sizeof head + 3000 * sizeof item, n = 0;
    char *text = malloc(cap);
    CHECK(text != NULL);
    if (!text)
        return;
    memcpy(text, head, sizeof head - 1);
    n = sizeof head - 1;
    for (int i = 0; i < 3000; i++, n += sizeof item - 1)
        memcpy(text + n, item, sizeof item - 1);
    kh_result *r = NULL;
    CHECK_INT(kh_parse_buffer(p, text, n, "long.txt", &r), KH_OK);
    free(text);
    if (!r)
        return;
    for (int pretty = 0; pretty <= 1; pretty++) {
        int flags = pretty ? KH_JSON_PRETTY : KH_JSON_COMPACT;
        sink k = {0}, failing = {.fail_at = 2};
        CHECK_INT(kh_result_write_json(r, flags, collect, &k), KH_OK);
        CHECK(k.runs >= 3); /* ~64 KB runs */
        CHECK_INT(kh_result_write_json(r, flags, collect, &failing), KH_ERR_IO);
        CHECK(failing.runs == 2 && failing.n < k.n);
        const char *json = kh_result_json(r, flags);
        CHECK(k.b && json && k.n == strlen(json) && !strcmp(k.b, json));
        free(k.b);
        free(failing.b);
    }
    CHECK_INT(kh_result_write_json(NULL, 0, collect, NULL), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_result_write_json(r, 0, NULL, NULL), KH_ERR_INVALID_ARGUMENT);
    kh_result_free(r);
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
    test_stream(p);
    kh_parser_free(p);
    TEST_MAIN_END();
}

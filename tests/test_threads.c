/* test_threads.c — parsing on separate handles is thread-safe: the corpus parsed by 8
 * threads at once gives byte-identical JSON to a sequential run (also run under TSan). */
#include <glob.h>
#include <pthread.h>
#include "test.h"
#include "khparse.h"

enum { THREADS = 8, ROUNDS = 3 };

typedef struct {
    char **files;
    size_t n;
    char **expected;
    int mismatches;
    int id;
} job;

static char *parse_one(kh_parser *p, const char *path)
{
    kh_result *r = NULL;
    if (kh_parse_file(p, path, &r) != KH_OK && !r)
        return NULL;
    const char *json = kh_result_json(r, KH_JSON_COMPACT);
    char *copy = json ? strdup(json) : NULL;
    kh_result_free(r);
    return copy;
}

static void *worker(void *arg)
{
    job *j = arg;
    kh_parser *p = NULL;
    if (kh_parser_new(&p, NULL) != KH_OK) {
        j->mismatches++;
        return NULL;
    }
    for (int round = 0; round < ROUNDS; round++)
        for (size_t k = 0; k < j->n; k++) {
            size_t i = (k + (size_t)j->id) % j->n; /* threads start at different files */
            char *got = parse_one(p, j->files[i]);
            if (!got || !j->expected[i] || strcmp(got, j->expected[i]))
                j->mismatches++;
            free(got);
        }
    kh_parser_free(p);
    return NULL;
}

int main(void)
{
    glob_t g;
    CHECK(glob("corpus/*/input.txt", 0, NULL, &g) == 0);
    CHECK(g.gl_pathc >= 5);
    char **expected = calloc(g.gl_pathc + 1, sizeof *expected);
    kh_parser *p;
    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        expected[i] = parse_one(p, g.gl_pathv[i]);
        CHECK(expected[i] != NULL);
    }
    kh_parser_free(p);
    pthread_t th[THREADS];
    job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (job){g.gl_pathv, g.gl_pathc, expected, 0, t};
        CHECK(pthread_create(&th[t], NULL, worker, &jobs[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(th[t], NULL);
        CHECK_INT(jobs[t].mismatches, 0);
    }
    for (size_t i = 0; i < g.gl_pathc; i++)
        free(expected[i]);
    free(expected);
    globfree(&g);
    TEST_MAIN_END();
}

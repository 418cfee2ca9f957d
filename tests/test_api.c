/* test_api.c — the public API contract (include/khparse.h), independent of what the
 * stages extract: NULL arguments, option validation, error texts, version macros,
 * accessors out of range, I/O errors, limits and the time budget. Uses only khparse.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "khparse.h"

#ifndef KH_CMAKE_VERSION
#error "KH_CMAKE_VERSION (the CMake project version) must be defined by the build"
#endif

static const char DOC[] =
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nSố: 12/KH-UBND\n\nBắc Ninh, ngày 3 tháng 4 năm 2024\n\nKẾ HOẠCH\n"
    "Triển khai thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ\n\n"
    "I. NỘI DUNG\n\n1. Tuyên truyền\n\n- Chủ trì: Sở Tư pháp.\n- Phối hợp: Các sở, ban, ngành.\n"
    "- Thời gian: Thường xuyên.\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Sở Nội vụ\n\n"
    "Chủ trì, phối hợp với Sở Tài chính tham mưu bố trí kinh phí.\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Index of the first diagnostic with this code, or -1. */
static long find_diag(const kh_result *r, const char *code)
{
    for (size_t i = 0; i < kh_result_diagnostic_count(r); i++) {
        const char *c = kh_result_diagnostic(r, i, "code");
        if (c && !strcmp(c, code))
            return (long)i;
    }
    return -1;
}

static void test_version(void)
{
    CHECK_STR(kh_version(), KH_VERSION_STRING);
    CHECK_INT(kh_version_number(), KH_VERSION_NUMBER);
    CHECK_STR(KH_VERSION_STRING, KH_CMAKE_VERSION);
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", KH_VERSION_MAJOR, KH_VERSION_MINOR, KH_VERSION_PATCH);
    CHECK_STR(buf, KH_VERSION_STRING);
    CHECK_INT(KH_VERSION_NUMBER, (KH_VERSION_MAJOR << 16) | (KH_VERSION_MINOR << 8) | KH_VERSION_PATCH);
    CHECK(KH_SCHEMA_VERSION == 1);
}

static void test_strerror(void)
{
    static const int codes[] = {KH_OK, KH_ERR_INVALID_ARGUMENT, KH_ERR_NOMEM, KH_ERR_IO, KH_ERR_LIMIT,
                                KH_ERR_FORMAT, KH_ERR_UNSUPPORTED, KH_ERR_OCR, KH_ERR_MODEL,
                                KH_ERR_INTERNAL};
    enum { N = sizeof codes / sizeof *codes };
    const char *unknown = kh_strerror(-1000);
    CHECK(unknown != NULL && unknown[0]);
    CHECK(kh_strerror(1) != NULL);
    CHECK(kh_strerror(-10) != NULL);
    CHECK(kh_strerror(INT32_MIN) != NULL);
    for (int i = 0; i < N; i++) {
        const char *s = kh_strerror(codes[i]);
        CHECK(s != NULL && s[0] != 0);
        if (!s)
            continue;
        CHECK(strcmp(s, unknown) != 0); /* every real code has its own text */
        for (int j = 0; j < i; j++)
            CHECK(strcmp(s, kh_strerror(codes[j])) != 0);
    }
}

static void test_features(void)
{
    CHECK_INT(kh_has_feature(NULL), 0);
    CHECK_INT(kh_has_feature("teleportation"), 0);
    int ocr = kh_has_feature("ocr"), pdf = kh_has_feature("pdf");
    CHECK(ocr == 0 || ocr == 1);
    CHECK(pdf == 0 || pdf == 1);
    CHECK(!pdf || ocr); /* PDF input is built on the OCR front-end */
}

static void test_null_arguments(void)
{
    kh_options *o = NULL;
    kh_parser *p = NULL;
    kh_result *r = (kh_result *)&r; /* must be reset to NULL on failure */
    char *text = (char *)&text;
    size_t n = 77;

    CHECK_INT(kh_options_new(NULL), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_options_set(NULL, KH_OPT_MAX_DEPTH, 4), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_options_set_str(NULL, KH_OPT_TESSDATA, "/x"), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_parser_new(NULL, NULL), KH_ERR_INVALID_ARGUMENT);
    CHECK(kh_parser_errmsg(NULL) != NULL);

    /* The free functions accept NULL. */
    kh_options_free(NULL);
    kh_parser_free(NULL);
    kh_result_free(NULL);
    kh_free(NULL);

    CHECK_INT(kh_parse_buffer(NULL, DOC, sizeof DOC - 1, "x", &r), KH_ERR_INVALID_ARGUMENT);
    CHECK(r == NULL);
    CHECK_INT(kh_parse_file(NULL, "x", &r), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_restore(NULL, DOC, sizeof DOC - 1, &text, &n), KH_ERR_INVALID_ARGUMENT);
    CHECK(text == NULL || text == (char *)&text);
    text = NULL;
    CHECK_INT(kh_ocr(NULL, DOC, sizeof DOC - 1, 0, &text, &n), KH_ERR_INVALID_ARGUMENT);

    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    CHECK(p != NULL);
    if (!p)
        return;
    CHECK_STR(kh_parser_errmsg(p), "");

    r = (kh_result *)&r;
    CHECK_INT(kh_parse_buffer(p, NULL, 10, "x", &r), KH_ERR_INVALID_ARGUMENT);
    CHECK(r == NULL);
    CHECK(kh_parser_errmsg(p)[0] != 0);
    CHECK_INT(kh_parse_buffer(p, DOC, sizeof DOC - 1, "x", NULL), KH_ERR_INVALID_ARGUMENT);
    r = (kh_result *)&r;
    CHECK_INT(kh_parse_file(p, NULL, &r), KH_ERR_INVALID_ARGUMENT);
    CHECK(r == NULL);
    CHECK_INT(kh_parse_file(p, "corpus/seed000/input.txt", NULL), KH_ERR_INVALID_ARGUMENT);

    CHECK_INT(kh_restore(p, NULL, 10, &text, &n), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_restore(p, DOC, sizeof DOC - 1, NULL, &n), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_ocr(p, NULL, 10, 0, &text, &n), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_ocr(p, DOC, sizeof DOC - 1, 0, NULL, &n), KH_ERR_INVALID_ARGUMENT);

    /* NULL data with length 0 is an empty document, not a misuse. */
    r = NULL;
    int rc = kh_parse_buffer(p, NULL, 0, NULL, &r);
    CHECK_INT(rc, KH_OK);
    CHECK(r != NULL);
    if (r) {
        CHECK(kh_result_has_errors(r));
        CHECK(find_diag(r, "empty_input") >= 0);
        CHECK(kh_result_json(r, KH_JSON_COMPACT) != NULL);
        CHECK(strstr(kh_result_json(r, KH_JSON_COMPACT), "\"-\"") != NULL); /* name NULL -> "-" */
        kh_result_free(r);
    }
    /* kh_restore with a NULL out_len is allowed. */
    text = NULL;
    CHECK_INT(kh_restore(p, DOC, sizeof DOC - 1, &text, NULL), KH_OK);
    CHECK(text != NULL && strlen(text) > 0);
    kh_free(text);
    kh_parser_free(p);

    /* Result accessors on a NULL result. */
    CHECK(kh_result_json(NULL, KH_JSON_COMPACT) == NULL);
    CHECK(kh_result_document(NULL, "number") == NULL);
    CHECK_INT(kh_result_reference_count(NULL), 0);
    CHECK(kh_result_reference(NULL, 0, "kind") == NULL);
    CHECK_INT(kh_result_task_count(NULL), 0);
    CHECK(kh_result_task(NULL, 0, "id") == NULL);
    CHECK_INT(kh_result_task_line(NULL, 0), 0);
    CHECK_INT(kh_result_task_unit_count(NULL, 0, KH_ROLE_LEAD), 0);
    CHECK(kh_result_task_unit(NULL, 0, KH_ROLE_LEAD, 0, NULL, NULL) == NULL);
    CHECK_INT(kh_result_diagnostic_count(NULL), 0);
    CHECK(kh_result_diagnostic(NULL, 0, "code") == NULL);
    CHECK_INT(kh_result_diagnostic_line(NULL, 0), 0);
    CHECK_INT(kh_result_has_errors(NULL), 0);
    (void)o;
}

static void test_options(void)
{
    kh_options *o = NULL;
    CHECK_INT(kh_options_new(&o), KH_OK);
    CHECK(o != NULL);
    if (!o)
        return;
    struct {
        int opt;
        long long good, bad;
    } cases[] = {
        {KH_OPT_EXTRACT, KH_EXTRACT_DOCUMENT | KH_EXTRACT_TASKS, 1 << 10},
        {KH_OPT_EXTRACT, 0, -1},
        {KH_OPT_MAX_INPUT_BYTES, 1, 0},
        {KH_OPT_MAX_INPUT_BYTES, 1LL << 40, -5},
        {KH_OPT_MAX_LINE_BYTES, 4096, -1},
        {KH_OPT_MAX_LINE_BYTES, 4096, 0},
        {KH_OPT_MAX_DEPTH, 1, 0},
        {KH_OPT_MAX_DEPTH, 64, -3},
        {KH_OPT_MAX_PAGES, 1, 0},
        {KH_OPT_MAX_PIXELS, 1000000, 0},
        {KH_OPT_MAX_PIXELS, 1000000, -1},
        {KH_OPT_TIME_BUDGET_MS, 0, -1},
        {KH_OPT_TIME_BUDGET_MS, 5000, -1000},
        {KH_OPT_REGEX_MATCH_LIMIT, 100000, 0},
        {KH_OPT_REGEX_MATCH_LIMIT, 100000, -1},
        {KH_OPT_REGEX_DEPTH_LIMIT, 1000, 0},
        {KH_OPT_REGEX_DEPTH_LIMIT, 1000, -1},
        {KH_OPT_ENCODING, KH_ENC_AUTO, -1},
        {KH_OPT_ENCODING, KH_ENC_CP1258, KH_ENC_CP1258 + 1},
        {KH_OPT_RESTORE, KH_RESTORE_OFF, KH_RESTORE_OCR + 1},
        {KH_OPT_RESTORE, KH_RESTORE_AUTO, -1},
        {KH_OPT_OCR, KH_OCR_NEVER, KH_OCR_NEVER + 1},
        {KH_OPT_OCR, KH_OCR_AUTO, -1},
        {KH_OPT_OCR_DPI, 300, 0},
        {KH_OPT_OCR_DPI, 300, -300},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int g = kh_options_set(o, (kh_option)cases[i].opt, cases[i].good);
        int b = kh_options_set(o, (kh_option)cases[i].opt, cases[i].bad);
        if (g != KH_OK || b != KH_ERR_INVALID_ARGUMENT)
            fprintf(stderr, "option %d: good %lld -> %d, bad %lld -> %d\n", cases[i].opt, cases[i].good, g,
                    cases[i].bad, b);
        CHECK_INT(g, KH_OK);
        CHECK_INT(b, KH_ERR_INVALID_ARGUMENT);
    }
    /* Unknown option numbers. */
    CHECK_INT(kh_options_set(o, (kh_option)0, 1), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_options_set(o, (kh_option)999, 1), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_options_set(o, (kh_option)KH_OPT_TESSDATA, 1), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_options_set_str(o, (kh_option_str)KH_OPT_MAX_DEPTH, "x"), KH_ERR_INVALID_ARGUMENT);
    CHECK_INT(kh_options_set_str(o, (kh_option_str)999, "x"), KH_ERR_INVALID_ARGUMENT);
    /* String options: set, replace, reset with NULL. */
    CHECK_INT(kh_options_set_str(o, KH_OPT_TESSDATA, "/nonexistent/tessdata"), KH_OK);
    CHECK_INT(kh_options_set_str(o, KH_OPT_TESSDATA, "/other"), KH_OK);
    CHECK_INT(kh_options_set_str(o, KH_OPT_TESSDATA, NULL), KH_OK);
    CHECK_INT(kh_options_set_str(o, KH_OPT_OCR_LANGUAGE, "vie"), KH_OK);
    CHECK_INT(kh_options_set_str(o, KH_OPT_MODEL_PATH, "/nonexistent/model.bin"), KH_OK);

    /* The parser copies the options: freeing them right away is fine. */
    kh_options_set(o, KH_OPT_EXTRACT, KH_EXTRACT_ALL);
    kh_options_set(o, KH_OPT_RESTORE, KH_RESTORE_OFF);
    kh_parser *p = NULL;
    CHECK_INT(kh_parser_new(&p, o), KH_OK);
    kh_options_free(o);
    kh_result *r = NULL;
    CHECK_INT(kh_parse_buffer(p, DOC, sizeof DOC - 1, "doc.txt", &r), KH_OK);
    CHECK(r != NULL && kh_result_json(r, KH_JSON_PRETTY) != NULL);
    kh_result_free(r);
    kh_parser_free(p);

    /* Extraction mask: with only the document, no tasks or references come out. */
    CHECK_INT(kh_options_new(&o), KH_OK);
    CHECK_INT(kh_options_set(o, KH_OPT_EXTRACT, KH_EXTRACT_DOCUMENT), KH_OK);
    CHECK_INT(kh_parser_new(&p, o), KH_OK);
    kh_options_free(o);
    r = NULL;
    CHECK_INT(kh_parse_buffer(p, DOC, sizeof DOC - 1, "doc.txt", &r), KH_OK);
    CHECK_INT(kh_result_task_count(r), 0);
    CHECK_INT(kh_result_reference_count(r), 0);
    kh_result_free(r);
    kh_parser_free(p);
}

static void test_accessors(void)
{
    kh_parser *p = NULL;
    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    kh_result *r = NULL;
    CHECK_INT(kh_parse_buffer(p, DOC, sizeof DOC - 1, "doc.txt", &r), KH_OK);
    CHECK(r != NULL);
    if (!r) {
        kh_parser_free(p);
        return;
    }
    CHECK_STR(kh_parser_errmsg(p), "");
    const char *json = kh_result_json(r, KH_JSON_COMPACT);
    CHECK(json != NULL && json[0] == '{');
    CHECK(kh_result_json(r, KH_JSON_COMPACT) == json); /* cached */
    const char *pretty = kh_result_json(r, KH_JSON_PRETTY);
    CHECK(pretty != NULL && strchr(pretty, '\n') != NULL);
    CHECK(json && strstr(json, "\"doc.txt\"") != NULL);

    CHECK(kh_result_document(r, NULL) == NULL);
    CHECK(kh_result_document(r, "no.such.field") == NULL);
    CHECK(kh_result_document(r, "") == NULL);

    size_t nref = kh_result_reference_count(r), ntask = kh_result_task_count(r),
           ndiag = kh_result_diagnostic_count(r);
    CHECK(kh_result_reference(r, nref, "kind") == NULL);
    CHECK(kh_result_reference(r, SIZE_MAX, "kind") == NULL);
    CHECK(kh_result_task(r, ntask, "id") == NULL);
    CHECK(kh_result_task(r, SIZE_MAX, "id") == NULL);
    CHECK_INT(kh_result_task_line(r, ntask), 0);
    CHECK_INT(kh_result_task_line(r, SIZE_MAX), 0);
    CHECK_INT(kh_result_task_unit_count(r, ntask, KH_ROLE_LEAD), 0);
    CHECK_INT(kh_result_task_unit_count(r, SIZE_MAX, KH_ROLE_COORDINATE), 0);
    CHECK(kh_result_task_unit(r, ntask, KH_ROLE_LEAD, 0, NULL, NULL) == NULL);
    CHECK(kh_result_diagnostic(r, ndiag, "code") == NULL);
    CHECK(kh_result_diagnostic(r, SIZE_MAX, "code") == NULL);
    CHECK_INT(kh_result_diagnostic_line(r, ndiag), 0);
    CHECK_INT(kh_result_diagnostic_line(r, SIZE_MAX), 0);
    for (size_t i = 0; i < nref; i++) {
        CHECK(kh_result_reference(r, i, NULL) == NULL);
        CHECK(kh_result_reference(r, i, "bogus") == NULL);
    }
    for (size_t i = 0; i < ntask; i++) {
        CHECK(kh_result_task(r, i, "id") != NULL);
        CHECK(kh_result_task(r, i, NULL) == NULL);
        CHECK(kh_result_task(r, i, "bogus") == NULL);
        CHECK(kh_result_task(r, i, "deadline.kind") != NULL);
        const char *src = kh_result_task(r, i, "source");
        CHECK(src && (!strcmp(src, "plan") || !strcmp(src, "assignment")));
        for (int role = KH_ROLE_LEAD; role <= KH_ROLE_COORDINATE; role++) {
            size_t nu = kh_result_task_unit_count(r, i, (kh_role)role);
            for (size_t u = 0; u < nu; u++) {
                int g = -1, q = -1;
                CHECK(kh_result_task_unit(r, i, (kh_role)role, u, &g, &q) != NULL);
                CHECK((g == 0 || g == 1) && (q == 0 || q == 1));
                CHECK(kh_result_task_unit(r, i, (kh_role)role, u, NULL, NULL) != NULL);
            }
            CHECK(kh_result_task_unit(r, i, (kh_role)role, nu, NULL, NULL) == NULL);
            CHECK(kh_result_task_unit(r, i, (kh_role)role, SIZE_MAX, NULL, NULL) == NULL);
        }
    }
    int errors = 0;
    for (size_t i = 0; i < ndiag; i++) {
        const char *sev = kh_result_diagnostic(r, i, "severity");
        CHECK(kh_result_diagnostic(r, i, "code") != NULL);
        CHECK(kh_result_diagnostic(r, i, "message") != NULL);
        CHECK(kh_result_diagnostic(r, i, "bogus") == NULL);
        CHECK(sev && (!strcmp(sev, "info") || !strcmp(sev, "warning") || !strcmp(sev, "error")));
        CHECK(kh_result_diagnostic_line(r, i) >= 0);
        if (sev && !strcmp(sev, "error"))
            errors = 1;
    }
    CHECK_INT(kh_result_has_errors(r), errors);
    kh_result_free(r);

    /* The same parser parses again (and another document after a failure). */
    r = NULL;
    CHECK_INT(kh_parse_file(p, "/nonexistent/dir/plan.txt", &r), KH_ERR_IO);
    CHECK_INT(kh_parse_buffer(p, DOC, sizeof DOC - 1, NULL, &r), KH_OK);
    CHECK_STR(kh_parser_errmsg(p), "");
    kh_result_free(r);
    kh_parser_free(p);
}

static void test_io(void)
{
    kh_parser *p = NULL;
    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    kh_result *r = (kh_result *)&r;
    const char *missing = "/nonexistent/khparse-test/missing-plan.txt";
    CHECK_INT(kh_parse_file(p, missing, &r), KH_ERR_IO);
    CHECK(r == NULL);
    const char *msg = kh_parser_errmsg(p);
    CHECK(msg != NULL && strstr(msg, "missing-plan.txt") != NULL);
    CHECK(msg != NULL && strlen(msg) > strlen(missing)); /* path plus the reason */

    /* A directory cannot be read as a document. */
    r = (kh_result *)&r;
    int rc = kh_parse_file(p, "/", &r);
    CHECK_INT(rc, KH_ERR_IO);
    CHECK(r == NULL);
    CHECK(kh_parser_errmsg(p)[0] != 0);

    /* A real file: source.name is the base name. */
    char path[] = "/tmp/kh_test_api_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, DOC, sizeof DOC - 1) == (ssize_t)(sizeof DOC - 1));
        close(fd);
        r = NULL;
        CHECK_INT(kh_parse_file(p, path, &r), KH_OK);
        const char *base = strrchr(path, '/') + 1;
        char want[64];
        snprintf(want, sizeof want, "\"%s\"", base);
        CHECK(r && strstr(kh_result_json(r, KH_JSON_COMPACT), want) != NULL);
        CHECK(r && strstr(kh_result_json(r, KH_JSON_COMPACT), "/tmp/") == NULL);
        kh_result_free(r);
    }

    /* OCR on text is a format error (or unsupported without OCR). */
    char *text = (char *)&text;
    rc = kh_ocr(p, DOC, sizeof DOC - 1, 1, &text, NULL);
    CHECK_INT(rc, kh_has_feature("ocr") ? KH_ERR_FORMAT : KH_ERR_UNSUPPORTED);
    CHECK(text == NULL);
    CHECK(kh_parser_errmsg(p)[0] != 0);
    kh_parser_free(p);

    /* Input limit through kh_parse_file as well. */
    if (fd >= 0) {
        kh_options *o = NULL;
        kh_options_new(&o);
        kh_options_set(o, KH_OPT_MAX_INPUT_BYTES, 100);
        kh_parser_new(&p, o);
        kh_options_free(o);
        r = NULL;
        CHECK_INT(kh_parse_file(p, path, &r), KH_ERR_LIMIT);
        CHECK(r != NULL && find_diag(r, "input_too_large") >= 0);
        CHECK(strstr(kh_parser_errmsg(p), "limit") != NULL);
        kh_result_free(r);
        kh_parser_free(p);
        unlink(path);
    }
}

static void test_input_limit(void)
{
    kh_options *o = NULL;
    kh_parser *p = NULL;
    CHECK_INT(kh_options_new(&o), KH_OK);
    CHECK_INT(kh_options_set(o, KH_OPT_MAX_INPUT_BYTES, 100), KH_OK);
    CHECK_INT(kh_parser_new(&p, o), KH_OK);
    kh_options_free(o);
    kh_result *r = NULL;
    CHECK_INT(kh_parse_buffer(p, DOC, sizeof DOC - 1, "big.txt", &r), KH_ERR_LIMIT);
    CHECK(r != NULL); /* the result describes the failure */
    if (r) {
        long d = find_diag(r, "input_too_large");
        CHECK(d >= 0);
        if (d >= 0) {
            CHECK_STR(kh_result_diagnostic(r, (size_t)d, "severity"), "error");
            const char *m = kh_result_diagnostic(r, (size_t)d, "message");
            CHECK(m && strstr(m, "100") != NULL);                    /* the limit */
            CHECK(m && strstr(m, "KH_OPT_MAX_INPUT_BYTES") != NULL); /* how to raise it */
        }
        CHECK(kh_result_has_errors(r));
        const char *json = kh_result_json(r, KH_JSON_COMPACT);
        CHECK(json && strstr(json, "input_too_large") != NULL);
        CHECK_INT(kh_result_task_count(r), 0);
        kh_result_free(r);
    }
    CHECK(strstr(kh_parser_errmsg(p), "big.txt") != NULL);
    /* Exactly at the limit is fine. */
    r = NULL;
    CHECK_INT(kh_parse_buffer(p, DOC, 100, "edge.txt", &r), KH_OK);
    kh_result_free(r);
    /* kh_restore obeys the same limit. */
    char *text = NULL;
    CHECK_INT(kh_restore(p, DOC, sizeof DOC - 1, &text, NULL), KH_ERR_LIMIT);
    CHECK(text == NULL);
    kh_parser_free(p);
}

/* A document made of DOC repeated to about `bytes`. */
static char *big_doc(size_t bytes, size_t *len)
{
    size_t unit = sizeof DOC - 1, n = bytes / unit + 1;
    char *b = malloc(n * unit + 1);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i++)
        memcpy(b + i * unit, DOC, unit);
    b[n * unit] = 0;
    *len = n * unit;
    return b;
}

static void test_time_budget(void)
{
    size_t len = 0;
    char *doc = big_doc(2u << 20, &len);
    CHECK(doc != NULL);
    if (!doc)
        return;
    kh_parser *p = NULL;
    kh_result *r = NULL;

    /* Without a budget: never a budget diagnostic. */
    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    double t0 = now_s();
    int rc = kh_parse_buffer(p, doc, len, "big.txt", &r);
    double full = now_s() - t0;
    CHECK_INT(rc, KH_OK);
    CHECK(r && find_diag(r, "time_budget_exceeded") < 0);
    kh_result_free(r);
    kh_parser_free(p);

    /* A 1 ms budget on ~2 MB: the parse stops early (or finishes) and says so. */
    kh_options *o = NULL;
    kh_options_new(&o);
    CHECK_INT(kh_options_set(o, KH_OPT_TIME_BUDGET_MS, 1), KH_OK);
    CHECK_INT(kh_parser_new(&p, o), KH_OK);
    kh_options_free(o);
    r = NULL;
    t0 = now_s();
    rc = kh_parse_buffer(p, doc, len, "big.txt", &r);
    double limited = now_s() - t0;
    printf("time budget: %.3f s without, %.3f s with a 1 ms budget (rc %d)\n", full, limited, rc);
    CHECK_INT(rc, KH_ERR_LIMIT); /* same as every other limit: error code + diagnostic */
    CHECK(r != NULL);
    if (r) {
        long d = find_diag(r, "time_budget_exceeded");
        CHECK(d >= 0);
        CHECK(kh_result_has_errors(r));
        if (d >= 0) {
            const char *m = kh_result_diagnostic(r, (size_t)d, "message");
            CHECK(m && strstr(m, "1 ms") != NULL);
        }
        CHECK(kh_result_json(r, KH_JSON_COMPACT) != NULL);
        kh_result_free(r);
    }
    /* Stopping early must not cost more than the full parse (plus noise). */
    CHECK(limited <= full * 1.5 + 0.5);
    kh_parser_free(p);
    free(doc);
}

/* The allocator hook can be installed and removed again. */
static long hook_calls;
static void *h_malloc(size_t n) { hook_calls++; return malloc(n); }
static void *h_realloc(void *p, size_t n) { hook_calls++; return realloc(p, n); }
static void h_free(void *p) { free(p); }

static void test_allocator_hook(void)
{
    kh_allocator a = {h_malloc, h_realloc, h_free};
    kh_set_allocator(&a);
    kh_parser *p = NULL;
    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    kh_result *r = NULL;
    CHECK_INT(kh_parse_buffer(p, DOC, sizeof DOC - 1, "x", &r), KH_OK);
    kh_result_free(r);
    kh_parser_free(p);
    CHECK(hook_calls > 0);
    kh_set_allocator(NULL);
    long before = hook_calls;
    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    kh_parser_free(p);
    CHECK_INT(hook_calls, before);
}

/* kh_parse_buffer_release: the release callback runs once, whatever happens; the library
 * never reads the buffer after it (it is overwritten there, so a late read shows in the
 * JSON, and freed: ASan sees a use after free). */
static int released;
static size_t poison_n; /* bytes of the buffer being released */

static void poison_and_free(void *data)
{
    released++;
    if (data)
        memset(data, 'x', poison_n);
    free(data);
}

static void test_release(void)
{
    kh_parser *p = NULL;
    CHECK_INT(kh_parser_new(&p, NULL), KH_OK);
    kh_result *want = NULL, *got = NULL;
    CHECK_INT(kh_parse_buffer(p, DOC, sizeof DOC - 1, "doc.txt", &want), KH_OK);
    char *copy = malloc(sizeof DOC);
    CHECK(copy != NULL);
    if (copy)
        memcpy(copy, DOC, sizeof DOC);
    released = 0;
    poison_n = copy ? sizeof DOC : 0;
    CHECK_INT(kh_parse_buffer_release(p, copy, sizeof DOC - 1, "doc.txt", poison_and_free, &got), KH_OK);
    CHECK_INT(released, 1);
    CHECK(want && got && !strcmp(kh_result_json(want, KH_JSON_PRETTY), kh_result_json(got, KH_JSON_PRETTY)));
    kh_result_free(want);
    kh_result_free(got);
    /* errors before the input is read: still released once */
    released = 0;
    poison_n = 0;
    got = NULL;
    CHECK_INT(kh_parse_buffer_release(NULL, malloc(16), 16, "x", poison_and_free, &got), KH_ERR_INVALID_ARGUMENT);
    CHECK(got == NULL);
    CHECK_INT(released, 1);
    released = 0;
    CHECK_INT(kh_parse_buffer_release(p, malloc(16), 0, "empty.txt", poison_and_free, &got), KH_OK);
    CHECK(got && kh_result_has_errors(got)); /* empty_input */
    CHECK_INT(released, 1);
    kh_result_free(got);
    kh_parser_free(p);
}

int main(void)
{
    test_version();
    test_strerror();
    test_features();
    test_null_arguments();
    test_options();
    test_accessors();
    test_io();
    test_input_limit();
    test_time_budget();
    test_allocator_hook();
    test_release();
    TEST_MAIN_END();
}

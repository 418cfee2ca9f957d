/* test_alloc.c — with an allocator that fails the Nth allocation, every public call
 * returns an error (never aborts) and releases everything it took. */
#include "test.h"
#include "khparse.h"

static long fail_at = -1, count = 0, live = 0;

static void *t_malloc(size_t n)
{
    if (count++ == fail_at)
        return NULL;
    void *p = malloc(n);
    if (p)
        live++;
    return p;
}
static void *t_realloc(void *p, size_t n)
{
    if (count++ == fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        live++;
    return q;
}
static void t_free(void *p)
{
    if (p)
        live--;
    free(p);
}

static const char DOC[] =
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nSố: 12/KH-UBND\n\nBắc Ninh, ngày 3 tháng 4 năm 2024\n\nKẾ HOẠCH\n"
    "Triển khai thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ\n\n"
    "I. NỘI DUNG\n\n1. Tuyên truyền\n\n- Chủ trì: Sở Tư pháp.\n- Phối hợp: Các sở, ban, ngành.\n"
    "- Thời gian: Thường xuyên.\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Sở Nội vụ\n\n"
    "Chủ trì, phối hợp với Sở Tài chính tham mưu bố trí kinh phí.\n";

/* One full use of the API; returns the first error met (KH_OK when none). */
static int run_once(void)
{
    kh_options *o = NULL;
    int rc = kh_options_new(&o);
    if (rc != KH_OK)
        return rc;
    rc = kh_options_set_str(o, KH_OPT_TESSDATA, "/nonexistent");
    kh_parser *p = NULL;
    if (rc == KH_OK)
        rc = kh_parser_new(&p, o);
    kh_options_free(o);
    if (rc != KH_OK)
        return rc;
    kh_result *r = NULL;
    rc = kh_parse_buffer(p, DOC, sizeof DOC - 1, "doc.txt", &r);
    if (r) {
        if (!kh_result_json(r, KH_JSON_PRETTY) && rc == KH_OK)
            rc = KH_ERR_NOMEM;
        kh_result_free(r);
    }
    if (rc == KH_OK) {
        char *text = NULL;
        rc = kh_restore(p, DOC, sizeof DOC - 1, &text, NULL);
        kh_free(text);
    }
    kh_parser_free(p);
    return rc;
}

int main(void)
{
    kh_allocator a = {t_malloc, t_realloc, t_free};
    kh_set_allocator(&a);
    fail_at = -1;
    count = 0;
    CHECK_INT(run_once(), KH_OK);
    long total = count;
    CHECK(total > 0);
    CHECK_INT(live, 0);
    int errors = 0;
    for (long n = 0; n < total; n++) {
        fail_at = n;
        count = 0;
        live = 0;
        int rc = run_once();
        if (rc != KH_OK && rc != KH_ERR_NOMEM) {
            fprintf(stderr, "allocation %ld failing gave %d\n", n, rc);
            errors++;
        }
        if (live != 0) {
            fprintf(stderr, "allocation %ld failing leaked %ld block(s)\n", n, live);
            errors++;
        }
    }
    CHECK_INT(errors, 0);
    printf("%ld allocation points checked\n", total);
    kh_set_allocator(NULL);
    TEST_MAIN_END();
}

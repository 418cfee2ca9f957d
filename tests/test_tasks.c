/* test_tasks.c — kh_extract_tasks on synthetic bodies (segmented by kh_segment_body). */
#include <string.h>
#include "internal.h"
#include "stage_ctx.h"
#include "test.h"

static void run(kh_test_ctx *t, const char *text) { kh_test_segment(t, text, kh_extract_tasks); }

/* A duty ending with "(Thời hạn: X)" has X as its deadline, and the parenthesis is not
 * part of its title (blind6_kh_evnspc_tietkiemdien, section III). */
static void test_trailing_labelled_deadline(void)
{
    kh_test_ctx t;
    run(&t, "III. TỔ CHỨC THỰC HIỆN\n1. Ban Kinh doanh\n"
            "- Thường xuyên theo dõi, tổng hợp kết quả thực hiện (Thời hạn: trước 31/3/2025).\n"
            "- Triển khai chương trình điều chỉnh phụ tải (Thời gian hoàn thành: Tháng 4 - 5/2025);\n");
    CHECK_INT((int)t.res.tasks.n, 2);
    if (t.res.tasks.n == 2) {
        const kh_task *a = &t.res.tasks.v[0], *b = &t.res.tasks.v[1];
        CHECK_STR(a->title, "Thường xuyên theo dõi, tổng hợp kết quả thực hiện");
        CHECK_STR(a->deadline.text, "trước 31/3/2025");
        CHECK_STR(a->deadline.end.s, "2025-03-31");
        CHECK_STR(b->title, "Triển khai chương trình điều chỉnh phụ tải");
        CHECK_INT((int)b->deadline.kind, (int)KH_DL_PERIOD);
        CHECK_STR(b->deadline.start.s, "2025-04");
    }
    kh_test_ctx_free(&t);
}

int main(void)
{
    test_trailing_labelled_deadline();
    TEST_MAIN_END();
}

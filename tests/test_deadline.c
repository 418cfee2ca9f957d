/* test_deadline.c — deadline expressions (src/deadline.c). */
#include "test.h"
#include "stage_ctx.h"

static kh_test_ctx T;

/* want: "kind[,kind…] rec start end" with "-" for none, e.g. "period - 2023 2024". */
static void check(int line, const char *in, const char *want_text, const char *want)
{
    kh_deadline d;
    kh_deadline_parse(&T.ctx, in, strlen(in), &d);
    char got[256], kinds[128] = "";
    if (d.nkinds >= 2) {
        for (int i = 0; i < d.nkinds; i++) {
            strcat(kinds, i ? "," : "");
            strcat(kinds, kh_deadline_kind_name(d.kinds[i]));
        }
    } else {
        strcat(kinds, kh_deadline_kind_name(d.kind));
    }
    const char *rec = kh_recurrence_name(d.recurrence);
    snprintf(got, sizeof got, "%s %s %s %s", kinds, rec ? rec : "-", d.start.s[0] ? d.start.s : "-",
             d.end.s[0] ? d.end.s : "-");
    kh_test_checks++;
    if (strcmp(got, want) || (d.text == NULL) != (want_text == NULL) || (d.text && strcmp(d.text, want_text))) {
        kh_test_failures++;
        fprintf(stderr, "%s:%d: deadline of \"%s\"\n   got: %s [%s]\n  want: %s [%s]\n", __FILE__, line, in,
                got, d.text ? d.text : "(null)", want, want_text ? want_text : "(null)");
    }
}
#define DL(in, text, want) check(__LINE__, in, text, want)

int main(void)
{
    kh_test_ctx_init(&T);
    if (setjmp(T.env)) {
        fprintf(stderr, "stage aborted\n");
        return 1;
    }
    DL("Thường xuyên.", "Thường xuyên", "ongoing - - -");
    DL("Thường xuyên/liên tục", "Thường xuyên/liên tục", "ongoing - - -");
    DL("Năm 2023 -2024.", "Năm 2023 -2024", "period - 2023 2024");
    DL("Giai đoạn 2023 - 2026", "Giai đoạn 2023 - 2026", "period - 2023 2026");
    DL("năm 2023", "năm 2023", "period - 2023 2023");
    DL("Trong năm 2024", "Trong năm 2024", "period - 2024 2024");
    DL("hằng năm", "hằng năm", "recurring annual - -");
    DL("Định kỳ hằng năm", "Định kỳ hằng năm", "recurring annual - -");
    DL("Hàng năm và đột xuất (khi có yêu cầu cầu).", "Hàng năm và đột xuất (khi có yêu cầu cầu)",
       "recurring,on_demand annual - -");
    DL("thường xuyên và đột xuất theo yêu cầu của tỉnh", "thường xuyên và đột xuất theo yêu cầu của tỉnh",
       "ongoing,on_demand - - -");
    DL("định kỳ và đột xuất theo yêu cầu của tỉnh", "định kỳ và đột xuất theo yêu cầu của tỉnh",
       "recurring,on_demand - - -");
    DL("Định kỳ/đột xuất", "Định kỳ/đột xuất", "recurring,on_demand - - -");
    DL("Năm 2023 và cập nhật các năm tiếp theo", "Năm 2023 và cập nhật các năm tiếp theo",
       "period,recurring annual 2023 2023");
    DL("Hoàn thành trước tháng 12/2024.", "Hoàn thành trước tháng 12/2024", "by_date - - 2024-12");
    DL("trước ngày 20/11/2024", "trước ngày 20/11/2024", "by_date - - 2024-11-20");
    DL("Thực hiện theo kế hoạch xây dựng dự toán hàng năm của các cơ quan, đơn vị.",
       "Thực hiện theo kế hoạch xây dựng dự toán hàng năm của các cơ quan, đơn vị", "recurring annual - -");
    DL("Quý II/2024", "Quý II/2024", "by_date - - 2024-06");
    DL("Quý I/2024", "Quý I/2024", "by_date - - 2024-03");
    DL("Hoàn thành trong Quý III năm 2024", "Hoàn thành trong Quý III năm 2024", "by_date - - 2024-09");
    DL("trước ngày 30/6 hằng năm", "trước ngày 30/6 hằng năm", "recurring annual - -");
    DL("hằng năm (trước ngày 15 tháng 11)", "hằng năm (trước ngày 15 tháng 11)", "recurring annual - -");
    DL("trước ngày 30/6", "trước ngày 30/6", "by_date - - -");
    DL("Tháng 9/2024", "Tháng 9/2024", "by_date - - 2024-09");
    /* month ranges and a day without a year (blind round 6: blind6_kh_bvdk_dongnai_giaidoan,
     * blind6_kh_hue_pdfpages, blind6_kh_stnmt_gialai_phuluc) */
    DL("Tháng 3 - 4/2025", "Tháng 3 - 4/2025", "period - 2025-03 2025-04");
    DL("Tháng 6-7/2025", "Tháng 6-7/2025", "period - 2025-06 2025-07");
    DL("tháng 11 đến tháng 12/2025", "tháng 11 đến tháng 12/2025", "period - 2025-11 2025-12");
    DL("Trước 15/8", "Trước 15/8", "by_date - - -");
    DL("Trước 30/9", "Trước 30/9", "by_date - - -");
    DL("Định kỳ hằng tuần", "Định kỳ hằng tuần", "recurring weekly - -");
    DL("Định kỳ 6 tháng", "Định kỳ 6 tháng", "recurring semiannual - -");
    DL("Năm 2024-2025", "Năm 2024-2025", "period - 2024 2025");
    DL("Thường xuyên và đột xuất", "Thường xuyên và đột xuất", "ongoing,on_demand - - -");
    DL("trước ngày 15/12 hằng năm", "trước ngày 15/12 hằng năm", "recurring annual - -");
    DL("Từ tháng 3 đến tháng 6/2024", "Từ tháng 3 đến tháng 6/2024", "period - 2024-03 2024-06");
    DL("định kỳ 6 tháng", "định kỳ 6 tháng", "recurring semiannual - -");
    DL("6 tháng và cuối năm", "6 tháng và cuối năm", "recurring semiannual - -");
    /* half-years are due at their last month, like quarters */
    DL("6 tháng đầu năm 2025", "6 tháng đầu năm 2025", "by_date - - 2025-06");
    DL("6 tháng cuối năm 2025", "6 tháng cuối năm 2025", "by_date - - 2025-12");
    DL("Trước 6 tháng cuối năm 2024", "Trước 6 tháng cuối năm 2024", "by_date - - 2024-12");
    DL("Hoàn thành trong 6 tháng", "Hoàn thành trong 6 tháng", "unspecified - - -");
    DL("khi có yêu cầu", "khi có yêu cầu", "on_demand - - -");
    DL("Theo tiến độ của Đề án", "Theo tiến độ của Đề án", "unspecified - - -");
    DL("Tháng 01 hằng năm", "Tháng 01 hằng năm", "recurring annual - -");
    DL("hằng quý", "hằng quý", "recurring quarterly - -");
    DL("Hằng tháng", "Hằng tháng", "recurring monthly - -");
    DL("hàng tuần", "hàng tuần", "recurring weekly - -");
    DL("Đến năm 2025", "Đến năm 2025", "by_date - - 2025");
    DL("Từ năm 2023 đến năm 2025", "Từ năm 2023 đến năm 2025", "period - 2023 2025");
    DL("Liên tục", "Liên tục", "ongoing - - -");
    DL("ngày 15/3/2024", "ngày 15/3/2024", "by_date - - 2024-03-15");
    DL("trước ngày 15 của tháng cuối quý", "trước ngày 15 của tháng cuối quý", "recurring quarterly - -");
    DL("", NULL, "unspecified - - -");
    DL("  .  ", NULL, "unspecified - - -");
    kh_test_ctx_free(&T);
    TEST_MAIN_END();
}

/* test_dates.c — kh_date_parse / kh_date_find. */
#include <string.h>
#include "internal.h"
#include "test.h"

static const char *parse(const char *s, size_t *used)
{
    static kh_date d;
    size_t n = kh_date_parse(s, strlen(s), &d);
    if (used)
        *used = n;
    return n ? d.s : NULL;
}

static const char *find(const char *s, size_t *at, size_t *n)
{
    static kh_date d;
    size_t a = 0, k = kh_date_find(s, strlen(s), &d, &a);
    if (at)
        *at = a;
    if (n)
        *n = k;
    return k ? d.s : NULL;
}

int main(void)
{
    size_t n, at;
    CHECK_STR(parse("21/3/2023", &n), "2023-03-21");
    CHECK_INT(n, 9);
    CHECK_STR(parse("09/02/2017", NULL), "2017-02-09");
    CHECK_STR(parse("21-3-2023", NULL), "2023-03-21");
    CHECK_STR(parse("21.3.2023", NULL), "2023-03-21");
    CHECK_STR(parse("  21/3/2023 xyz", &n), "2023-03-21");
    CHECK_INT(n, 11);
    CHECK_STR(parse("ngày 21 tháng 3 năm 2023", &n), "2023-03-21");
    CHECK_INT(n, strlen("ngày 21 tháng 3 năm 2023"));
    CHECK_STR(parse("Ngày 05 tháng 01 năm 2024 của", &n), "2024-01-05");
    CHECK_INT(n, strlen("Ngày 05 tháng 01 năm 2024"));
    CHECK_STR(parse("ngày   tháng 5 năm 2023", NULL), "2023-05");
    CHECK_STR(parse("ngày … tháng 5 năm 2023", NULL), "2023-05");
    CHECK_STR(parse("ngày ..... tháng 5 năm 2023", NULL), "2023-05");
    CHECK_STR(parse("ngày   tháng   năm 2023", NULL), "2023");
    CHECK_STR(parse("ngày 21/3/2023", &n), "2023-03-21");
    CHECK_INT(n, strlen("ngày 21/3/2023"));
    CHECK_STR(parse("tháng 12/2024", NULL), "2024-12");
    CHECK_STR(parse("tháng 12 năm 2024", NULL), "2024-12");
    CHECK_STR(parse("Tháng 7-2024", NULL), "2024-07");
    CHECK_STR(parse("năm 2023", &n), "2023");
    CHECK_INT(n, strlen("năm 2023"));
    CHECK_STR(parse("NĂM 2023", NULL), "2023");
    /* invalid */
    CHECK(parse("31/2/2023", NULL) == NULL);
    CHECK(parse("29/2/2023", NULL) == NULL);
    CHECK_STR(parse("29/2/2024", NULL), "2024-02-29");
    CHECK(parse("1/13/2023", NULL) == NULL);
    CHECK(parse("1/1/1900", NULL) == NULL);
    CHECK(parse("1/1/2101", NULL) == NULL);
    CHECK(parse("21/3/23", NULL) == NULL);
    CHECK(parse("21/3-2023", NULL) == NULL);
    CHECK(parse("tháng 13/2024", NULL) == NULL);
    CHECK(parse("tháng 12", NULL) == NULL);
    CHECK(parse("ngày 30/6", NULL) == NULL);
    CHECK(parse("ngày 30 tháng 6", NULL) == NULL);
    CHECK(parse("năm nay", NULL) == NULL);
    CHECK(parse("Quý II/2024", NULL) == NULL);
    CHECK(parse("09/2017/NĐ-CP", NULL) == NULL);
    CHECK(parse("12/2024/QĐ-UBND", NULL) == NULL);
    CHECK(parse("01/01/20245", NULL) == NULL);
    CHECK(parse("nămxx 2023", NULL) == NULL);
    CHECK(parse("", NULL) == NULL);
    /* find */
    CHECK_STR(find("Nghị định số 09/2017/NĐ-CP ngày 09/02/2017 của Chính phủ", &at, &n),
              "2017-02-09");
    CHECK_INT(at, strlen("Nghị định số 09/2017/NĐ-CP "));
    CHECK_INT(n, strlen("ngày 09/02/2017"));
    CHECK_STR(find("Nghị định số 09/2017/NĐ-CP 09/2/2017", &at, NULL), "2017-02-09");
    CHECK_STR(find("Hưng Yên, ngày 15 tháng 3 năm 2024", &at, NULL), "2024-03-15");
    CHECK_INT(at, strlen("Hưng Yên, "));
    CHECK_STR(find("số 765/QĐ-BTTTT", NULL, NULL), NULL);
    CHECK_STR(find("Kế hoạch năm 2023-2025", NULL, NULL), "2023");
    CHECK_STR(find("thực hiện trong tháng 12/2024.", NULL, NULL), "2024-12");
    CHECK_STR(find("mã 1221/3/2023", NULL, NULL), NULL);
    TEST_MAIN_END();
}

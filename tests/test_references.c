/* test_references.c — kh_extract_references on synthetic citations of every kind. */
#include <string.h>
#include "internal.h"
#include "stage_ctx.h"
#include "test.h"

/* Load text into t->res.text (one kh_line per '\n'), run the stage. */
static void run(kh_test_ctx *t, const char *text)
{
    kh_test_ctx_init(t);
    if (setjmp(t->env)) {
        fprintf(stderr, "stage aborted\n");
        exit(1);
    }
    kh_test_set_text(t, text);
    kh_extract_references(&t->ctx);
}

static const kh_reference *find(kh_test_ctx *t, const char *kind, const char *key)
{
    for (size_t i = 0; i < t->res.refs.n; i++) {
        const kh_reference *r = &t->res.refs.v[i];
        if (strcmp(r->kind, kind))
            continue;
        if ((r->number && !strcmp(r->number, key)) || (!r->number && r->title && !strcmp(r->title, key)))
            return r;
    }
    fprintf(stderr, "no reference %s %s; have:\n", kind, key);
    for (size_t i = 0; i < t->res.refs.n; i++)
        fprintf(stderr, "   %s %s | %s\n", t->res.refs.v[i].kind,
                t->res.refs.v[i].number ? t->res.refs.v[i].number : "-",
                t->res.refs.v[i].title ? t->res.refs.v[i].title : "-");
    return NULL;
}

static int diag_count(kh_test_ctx *t, const char *code)
{
    int n = 0;
    for (size_t i = 0; i < t->res.diags.n; i++)
        if (!strcmp(t->res.diags.v[i].code, code))
            n++;
    return n;
}

static int diag_line(kh_test_ctx *t, const char *code)
{
    for (size_t i = 0; i < t->res.diags.n; i++)
        if (!strcmp(t->res.diags.v[i].code, code))
            return t->res.diags.v[i].line;
    return -1;
}

#define REF(t, kind, key)                                                                 \
    const kh_reference *r_ = find((t), (kind), (key));                                    \
    CHECK(r_ != NULL);                                                                    \
    if (r_)

/* A law cited by name with its number keeps the number; a long name's "và" + a short
 * lower-case tail before the date is still the name (blind round 6). */
/* A cited Báo cáo (blind round 8, blind8_cv_vpubnd_thanhhoa_ykien): kind bao_cao with its
 * number; the verb "báo cáo" (even before a period's number) is no reference. */
static void test_cited_report(void)
{
    kh_test_ctx t;
    run(&t, "Xét Báo cáo số 215/BC-BQLKKTNS ngày 05/6/2026 của Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp về tiến độ giải "
            "phóng mặt bằng; các đơn vị báo cáo 6 tháng đầu năm, báo cáo kết quả trước ngày 20/6/2026.\n");
    CHECK_INT((int)t.res.refs.n, 1);
    {
        REF(&t, "bao_cao", "215/BC-BQLKKTNS") {
            CHECK_STR(r_->date.s, "2026-06-05");
            CHECK_STR(r_->issuer, "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp");
        }
    }
    kh_test_ctx_free(&t);
}

static void test_law_number_and_tail(void)
{
    kh_test_ctx t;
    run(&t, "Căn cứ Luật Khám bệnh, chữa bệnh số 15/2023/QH15 ngày 09 tháng 01 năm 2023;\n"
            "Căn cứ Luật Sử dụng năng lượng tiết kiệm và hiệu quả ngày 17 tháng 6 năm 2010;\n");
    {
        REF(&t, "luat", "15/2023/QH15") {
            CHECK_STR(r_->title, "Luật Khám bệnh, chữa bệnh");
            CHECK_STR(r_->date.s, "2023-01-09");
        }
    }
    {
        REF(&t, "luat", "Luật Sử dụng năng lượng tiết kiệm và hiệu quả") { CHECK_STR(r_->date.s, "2010-06-17"); }
    }
    kh_test_ctx_free(&t);
}

/* A trailing ", giai đoạn A - B" that starts years after the cited document's date is the
 * citing text's period, not part of the cited title (blind3_ctr_byt_ytcs line 14); a
 * period that fits the cited document stays. */
static void test_later_period_is_not_the_cited_title(void)
{
    kh_test_ctx t;
    run(&t, "Thực hiện Nghị quyết số 20-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương về tăng cường "
            "công tác bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân trong tình hình mới, giai đoạn 2025 - 2030\n"
            "Căn cứ Quyết định số 12/QĐ-TTg ngày 05/11/2020 của Thủ tướng Chính phủ phê duyệt Chương trình "
            "giảm nghèo bền vững, giai đoạn 2021 - 2025;\n");
    {
        REF(&t, "nghi_quyet", "20-NQ/TW") {
            CHECK_STR(r_->title, "về tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân trong tình hình mới");
        }
    }
    {
        REF(&t, "quyet_dinh", "12/QĐ-TTg") {
            CHECK_STR(r_->title, "phê duyệt Chương trình giảm nghèo bền vững, giai đoạn 2021 - 2025");
        }
    }
    kh_test_ctx_free(&t);
}

/* OCR leaves a speck after "số" ("số.47/…"); a kind word ending a sentence before an
 * item number is still no citation. */
static void test_speck_after_so(void)
{
    kh_test_ctx t;
    run(&t, "Căn cứ Nghị định số.47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ;\n"
            "Ban hành kèm theo Quyết định. 2. Giao Sở Nội vụ theo dõi.\n");
    {
        REF(&t, "nghi_dinh", "47/2020/NĐ-CP") { CHECK_STR(r_->date.s, "2020-04-09"); }
    }
    for (size_t i = 0; i < t.res.refs.n; i++)
        CHECK(!t.res.refs.v[i].number || strcmp(t.res.refs.v[i].number, "2"));
    kh_test_ctx_free(&t);
}

static void test_kinds(void)
{
    kh_test_ctx t;
    run(&t,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Căn cứ Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương về một số vấn đề;\n"
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;\n"
        "Căn cứ Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ hướng dẫn thể thức;\n"
        "Căn cứ Thông tư liên tịch số 55/2005/TTLT-BNV-VPCP ngày 06/5/2005 của Bộ Nội vụ và Văn phòng Chính phủ hướng dẫn về thể thức;\n"
        "Căn cứ Quyết định số 24/2018/QĐ-UBND ngày 05/9/2018 của UBND tỉnh ban hành Quy định quản lý hoạt động thông tin đối ngoại trên địa bàn tỉnh;\n"
        "Thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ về tăng cường công tác truyền thông chính sách trên địa bàn tỉnh;\n"
        "Thực hiện Kế hoạch số 04/STP-HĐPH ngày 17/4/2023 của Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh triển khai thực hiện Đề án năm 2023 trên địa bàn tỉnh.\n"
        "Công văn số 2017/BTTTT-CBC ngày 31/5/2023 của Bộ Thông tin và Truyền thông về việc triển khai Chỉ thị số 07/CT-TTg;\n"
        "Theo đề nghị của Sở Thông tin và Truyền thông tại Tờ trình số 234/TTr-STTTT ngày 30/8/2023.\n"
        "Thông báo số 12/TB-VPCP ngày 3/1/2024 của Văn phòng Chính phủ; Hướng dẫn số 05/HD-STTTT ngày 2/2/2024;\n"
        "Công điện số 06/CĐ-TTg ngày 10/2/2024 của Thủ tướng Chính phủ; Đề án số 03/ĐA-UBND ngày 1/3/2024;\n"
        "Chương trình số 15/CTr-UBND ngày 4/4/2024; Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị;\n"
        "Pháp lệnh số 02/2022/UBTVQH15 ngày 22/12/2022; Bộ luật Lao động; Luật Ngân sách nhà nước và các văn bản.\n"
        "Căn cứ Luật Trật tự, an toàn giao thông đường bộ năm 2024; Luật Báo chí, đảm bảo thông tin.\n"
        "Thông tư số 06/2017/TT-BVHTTDL ngày 15/12/2017 của Bộ Văn hóa, Thể thao và Du lịch; "
        "Nghị định số 09/2017/NĐ-CP của Chính phủ, Quyết định số 2/QĐ-UBND của UBND tỉnh.");
    {
        REF(&t, "luat", "Luật Tổ chức chính quyền địa phương")
        {
            CHECK(r_->number == NULL);
            CHECK(r_->issuer == NULL);
            CHECK_STR(r_->date.s, "2015-06-19"); /* a date written after the name */
        }
    }
    {
        REF(&t, "nghi_quyet", "18-NQ/TW")
        {
            CHECK_STR(r_->date.s, "2017-10-25");
            CHECK_STR(r_->issuer, "Ban Chấp hành Trung ương");
            CHECK_STR(r_->title, "về một số vấn đề");
        }
    }
    {
        REF(&t, "nghi_dinh", "30/2020/NĐ-CP")
        {
            CHECK_STR(r_->issuer, "Chính phủ");
            CHECK_STR(r_->title, "về công tác văn thư");
            CHECK_STR(r_->kind_label, "Nghị định");
        }
    }
    {
        REF(&t, "thong_tu", "01/2011/TT-BNV")
        {
            CHECK_STR(r_->issuer, "Bộ Nội vụ");
            CHECK_STR(r_->title, "hướng dẫn thể thức");
        }
    }
    {
        REF(&t, "thong_tu_lien_tich", "55/2005/TTLT-BNV-VPCP")
        {
            CHECK_STR(r_->issuer, "Bộ Nội vụ và Văn phòng Chính phủ");
            CHECK_STR(r_->date.s, "2005-05-06");
        }
    }
    {
        REF(&t, "quyet_dinh", "24/2018/QĐ-UBND")
        {
            CHECK_STR(r_->issuer, "UBND tỉnh");
            CHECK_STR(r_->title, "ban hành Quy định quản lý hoạt động thông tin đối ngoại trên địa bàn tỉnh");
        }
    }
    {
        REF(&t, "chi_thi", "07/CT-TTg")
        {
            CHECK_STR(r_->title, "về tăng cường công tác truyền thông chính sách");
            CHECK_INT(r_->mentions, 2);
            CHECK_INT(r_->line, 7);
        }
    }
    {
        REF(&t, "ke_hoach", "04/STP-HĐPH")
        {
            CHECK_STR(r_->issuer, "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh");
            CHECK_STR(r_->title, "triển khai thực hiện Đề án năm 2023 trên địa bàn tỉnh");
        }
    }
    {
        REF(&t, "cong_van", "2017/BTTTT-CBC")
        {
            CHECK_STR(r_->issuer, "Bộ Thông tin và Truyền thông");
            CHECK_STR(r_->title, "về việc triển khai Chỉ thị số 07/CT-TTg");
        }
    }
    {
        REF(&t, "to_trinh", "234/TTr-STTTT")
        {
            CHECK_STR(r_->issuer, "Sở Thông tin và Truyền thông");
            CHECK_STR(r_->date.s, "2023-08-30");
            CHECK(r_->title == NULL);
        }
    }
    {
        REF(&t, "thong_bao", "12/TB-VPCP") { CHECK_STR(r_->issuer, "Văn phòng Chính phủ"); }
    }
    {
        REF(&t, "huong_dan", "05/HD-STTTT") { CHECK_STR(r_->date.s, "2024-02-02"); }
    }
    {
        REF(&t, "cong_dien", "06/CĐ-TTg") { CHECK_STR(r_->issuer, "Thủ tướng Chính phủ"); }
    }
    {
        REF(&t, "de_an", "03/ĐA-UBND") { CHECK_STR(r_->date.s, "2024-03-01"); }
    }
    {
        REF(&t, "chuong_trinh", "15/CTr-UBND") { CHECK_STR(r_->date.s, "2024-04-04"); }
    }
    {
        REF(&t, "ket_luan", "01-KL/TW") { CHECK_STR(r_->issuer, "Bộ Chính trị"); }
    }
    {
        REF(&t, "phap_lenh", "02/2022/UBTVQH15") { CHECK_STR(r_->date.s, "2022-12-22"); }
    }
    {
        REF(&t, "bo_luat", "Bộ luật Lao động") { CHECK(r_->number == NULL); }
    }
    {
        REF(&t, "luat", "Luật Ngân sách nhà nước") { CHECK_INT(r_->mentions, 1); }
    }
    {
        REF(&t, "luat", "Luật Trật tự, an toàn giao thông đường bộ") { CHECK_STR(r_->date.s, "2024"); }
    }
    {
        REF(&t, "luat", "Luật Báo chí") { CHECK_INT(r_->mentions, 1); }
    }
    {
        REF(&t, "thong_tu", "06/2017/TT-BVHTTDL") { CHECK_STR(r_->issuer, "Bộ Văn hóa, Thể thao và Du lịch"); }
    }
    {
        REF(&t, "nghi_dinh", "09/2017/NĐ-CP") { CHECK_STR(r_->issuer, "Chính phủ"); }
    }
    CHECK_INT(t.res.refs.n, 24);
    CHECK_INT(diag_count(&t, "reference_repaired"), 0);
    kh_test_ctx_free(&t);
}

static void test_dedup_and_titles(void)
{
    kh_test_ctx t;
    run(&t,
        "KẾ HOẠCH\n"
        "Triển khai thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ về việc tăng cường\n"
        "công tác truyền thông chính sách trên địa bàn tỉnh\n"
        "\n"
        "Thực hiện Chỉ thị số 07/CT-TTg ngày 21 tháng 3 năm 2023 của Thủ tướng Chính phủ (Chỉ thị số 07/CT-TTg); "
        "Quyết định số 765/QĐ-BTTTT ngày 28/4/2023 của Bộ Thông tin và Truyền thông ban hành Chương trình hành động "
        "thực hiện Chỉ thị số 07/CT-TTg và Công văn số 2017/BTTTT-CBC ngày 31/5/2023 của Bộ Thông tin và Truyền thông;\n"
        "\n"
        "- Thực hiện theo quy định của Luật Tiếp cận thông tin; Luật Báo chí, Nghị định số 09/2017/NĐ-CP 09/2/2017 của Chính phủ.\n"
        "- Phổ biến, giáo dục pháp luật về tiếp cận thông tin; thực hiện Kế hoạch cải cách hành chính hàng năm.\n"
        "- Thi hành Luật Tiếp cận thông tin và các văn bản hướng dẫn; Luật sư và luật gia.\n"
        "- Kế hoạch số 3321/KH-UBND ngày 12/7/2023 của Chủ tịch UBND tỉnh về việc triển khai thực hiện "
        "Quyết định số 407/QĐ-TTg trên địa bàn tỉnh Bắc Giang (Kế hoạch số 3321/KH-UBND).\n"
        "- Kế hoạch số 3321/KH-UBND ngày 12/7/2022 của UBND tỉnh.\n"
        "- Nghị định số 09/2017/NĐ-CP ngày của Chính phủ quy định chi tiết.");
    {
        REF(&t, "chi_thi", "07/CT-TTg")
        {
            CHECK_INT(r_->mentions, 4);
            CHECK_STR(r_->title, "về việc tăng cường công tác truyền thông chính sách");
            CHECK_STR(r_->date.s, "2023-03-21");
            CHECK_INT(r_->line, 2);
        }
    }
    {
        REF(&t, "quyet_dinh", "765/QĐ-BTTTT")
        {
            CHECK_STR(r_->title, "ban hành Chương trình hành động thực hiện Chỉ thị số 07/CT-TTg");
            CHECK_STR(r_->issuer, "Bộ Thông tin và Truyền thông");
        }
    }
    {
        REF(&t, "luat", "Luật Tiếp cận thông tin") { CHECK_INT(r_->mentions, 2); }
    }
    {
        REF(&t, "luat", "Luật Báo chí") { CHECK_INT(r_->mentions, 1); }
    }
    {
        REF(&t, "nghi_dinh", "09/2017/NĐ-CP")
        {
            CHECK_STR(r_->date.s, "2017-02-09");
            CHECK_INT(r_->mentions, 2);
            CHECK_STR(r_->title, "quy định chi tiết");
        }
    }
    {
        REF(&t, "ke_hoach", "3321/KH-UBND")
        {
            CHECK_INT(r_->mentions, 3);
            CHECK_STR(r_->date.s, "2023-07-12");
            CHECK_STR(r_->issuer, "Chủ tịch UBND tỉnh");
            CHECK_STR(r_->title, "về việc triển khai thực hiện Quyết định số 407/QĐ-TTg trên địa bàn tỉnh Bắc Giang");
        }
    }
    {
        REF(&t, "quyet_dinh", "407/QĐ-TTg") { CHECK(r_->title == NULL); }
    }
    /* 07, 765, 2017, Tiếp cận, Báo chí, 09/2017, 3321, 407: nothing from lower-case text */
    CHECK_INT(t.res.refs.n, 8);
    CHECK_INT(diag_count(&t, "reference_conflict"), 1);
    CHECK_INT(diag_line(&t, "reference_conflict"), 11);
    CHECK_INT(diag_count(&t, "reference_incomplete"), 1);
    CHECK_INT(diag_line(&t, "reference_incomplete"), 12);
    kh_test_ctx_free(&t);
}

static void test_repairs(void)
{
    kh_test_ctx t;
    run(&t,
        "Số: 6684/KH-UBND\n"
        "Thực hiện Chỉ thị số 07/CT-TTg 21/3/2023 của Thủ tướng Chính phủ; Quyết định số 765/Qb-\n"
        "BTTTT ngày 28/4/2023 của Bộ Thông tin và Truyền thông;\n"
        "Theo đề nghị của Sở Tư pháp tại Tờ trình số 234/TTr-\n"
        "STP ngày 30/8/2023;\n"
        "- Quyết định số 2111/Qb- UBND ngày 11/8/2023 của UBND tỉnh;\n"
        "- Chỉ thị số 07/CT- -TTg ngày 21/3/2023; Chỉ thị số 07/CTTTg; Nghị định số 09/2017/ND-CP;\n"
        "- Kế hoạch số 6684/KH-UBND (chính văn bản này) và Quyết định số 5/QĐ–UBND.\n"
        "\n"
        "Nơi nhận:\n"
        "- Như trên;\n"
        "- Thực hiện Quyết định số 99/QĐ-UBND;\n");
    {
        REF(&t, "quyet_dinh", "765/QĐ-BTTTT") { CHECK_STR(r_->date.s, "2023-04-28"); }
    }
    {
        REF(&t, "quyet_dinh", "2111/QĐ-UBND") { CHECK_STR(r_->issuer, "UBND tỉnh"); }
    }
    {
        REF(&t, "chi_thi", "07/CT-TTg")
        {
            CHECK_INT(r_->mentions, 3);
            CHECK_STR(r_->date.s, "2023-03-21");
        }
    }
    {
        REF(&t, "to_trinh", "234/TTr-STP") { CHECK_STR(r_->issuer, "Sở Tư pháp"); }
    }
    {
        REF(&t, "nghi_dinh", "09/2017/NĐ-CP") { CHECK_INT(r_->mentions, 1); }
    }
    {
        REF(&t, "quyet_dinh", "5/QĐ-UBND") { CHECK_INT(r_->mentions, 1); }
    }
    /* the document's own number and the distribution list are not references */
    CHECK_INT(t.res.refs.n, 6);
    /* 765 (Qb), 2111 (Qb), 07 (double dash), 07 (missing hyphen), 09 (ND) */
    CHECK_INT(diag_count(&t, "reference_repaired"), 5);
    CHECK_INT(diag_line(&t, "reference_repaired"), 2);
    kh_test_ctx_free(&t);
}

static void test_blank_line_join(void)
{
    kh_test_ctx t;
    run(&t,
        "- Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ phê duyệt Đề án “Tổ chức truyền thông có tác động\n"
        "\n"
        "lớn đến xã hội giai đoạn 2022-2027”. Chủ động đổi mới.\n"
        "Đề án “Truyền thông” không có số; Kế hoạch này; Kế hoạch 5 năm; Quyết định 407.\n"
        "\n"
        "Thực hiện Quyết định số 407 (ngắn gọn), Nghị quyết 57 chưa được trích dẫn.");
    {
        REF(&t, "quyet_dinh", "407/QĐ-TTg")
        {
            CHECK_STR(r_->title, "phê duyệt Đề án “Tổ chức truyền thông có tác động lớn đến xã hội giai đoạn 2022-2027”");
            CHECK_INT(r_->mentions, 3);
        }
    }
    CHECK_INT(t.res.refs.n, 1);
    kh_test_ctx_free(&t);
}

/* A comma inside a title continues a lower-case noun list and ends at a new clause. */
static void test_title_comma_noun_list_continues(void)
{
    kh_test_ctx t;
    run(&t,
        "Căn cứ Nghị định số 95/2022/NĐ-CP ngày 15/11/2022 của Chính phủ quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Bộ Y tế;\n"
        "Căn cứ Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ về quản lý, kết nối và chia sẻ dữ liệu "
        "số của cơ quan nhà nước; Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án "
        "phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử giai đoạn 2022-2025, tầm nhìn đến năm 2030;\n"
        "Căn cứ Nghị quyết số 12/2023/NQ-HĐND ngày 07/7/2023 của Hội đồng nhân dân\n"
        "tỉnh quy định giá dịch vụ thu gom, vận chuyển, xử lý chất thải rắn sinh hoạt\n"
        "trên địa bàn tỉnh Bến Tre;\n"
        "Thực hiện Kế hoạch số 15/KH-UBND ngày 02/02/2024 của UBND tỉnh về phòng, chống thiên tai, Ủy ban nhân dân "
        "huyện ban hành Kế hoạch.\n"
        "Thực hiện Chỉ thị số 08/CT-UBND ngày 03/3/2024 của UBND tỉnh về tăng cường quản lý đất đai, đồng thời "
        "rà soát các dự án.\n"
        "Thực hiện Công văn số 99/UBND-KT ngày 04/4/2024 của UBND tỉnh về kiểm tra hồ sơ, nhằm bảo đảm tiến độ.\n"
        "Thực hiện Quyết định số 77/QĐ-UBND ngày 05/5/2024 của UBND tỉnh về thu gom rác, Quyết định số "
        "78/QĐ-UBND ngày 05/5/2024 của UBND tỉnh về xử lý rác.");
    {
        REF(&t, "nghi_dinh", "95/2022/NĐ-CP")
        {
            CHECK_STR(r_->title, "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Y tế");
        }
    }
    {
        REF(&t, "nghi_dinh", "47/2020/NĐ-CP")
        {
            CHECK_STR(r_->title, "về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước");
        }
    }
    {
        REF(&t, "quyet_dinh", "06/QĐ-TTg")
        {
            CHECK_STR(r_->title, "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực "
                                 "điện tử giai đoạn 2022-2025, tầm nhìn đến năm 2030");
        }
    }
    {
        REF(&t, "nghi_quyet", "12/2023/NQ-HĐND")
        {
            CHECK_STR(r_->title, "quy định giá dịch vụ thu gom, vận chuyển, xử lý chất thải rắn sinh hoạt "
                                 "trên địa bàn tỉnh Bến Tre");
        }
    }
    {
        REF(&t, "ke_hoach", "15/KH-UBND") { CHECK_STR(r_->title, "về phòng, chống thiên tai"); }
    }
    {
        REF(&t, "chi_thi", "08/CT-UBND") { CHECK_STR(r_->title, "về tăng cường quản lý đất đai"); }
    }
    {
        REF(&t, "cong_van", "99/UBND-KT") { CHECK_STR(r_->title, "về kiểm tra hồ sơ"); }
    }
    {
        REF(&t, "quyet_dinh", "77/QĐ-UBND") { CHECK_STR(r_->title, "về thu gom rác"); }
    }
    kh_test_ctx_free(&t);
}

/* A comma inside an agency name does not end a cited title ("… của Bộ Văn hóa, Thể thao và
 * Du lịch"); a new subject after a comma still does ("…, Sở Y tế …", "…, Ủy ban nhân dân …"). */
static void test_title_comma_inside_agency_name(void)
{
    kh_test_ctx t;
    run(&t,
        "Căn cứ Nghị định số 01/2023/NĐ-CP ngày 16 tháng 01 năm 2023 của Chính phủ quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Bộ Văn hóa, Thể thao và Du lịch;\n"
        "Căn cứ Quyết định số 11/2023/QĐ-UBND ngày 02/3/2023 của UBND tỉnh quy định chức năng của Sở Khoa học, "
        "Công nghệ và Môi trường;\n"
        "Thực hiện Kế hoạch số 16/KH-UBND ngày 02/02/2024 của UBND tỉnh về phòng, chống dịch, Sở Y tế và Sở Tài "
        "chính ban hành Kế hoạch.\n");
    {
        REF(&t, "nghi_dinh", "01/2023/NĐ-CP")
        {
            CHECK_STR(r_->title, "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Văn hóa, Thể "
                                 "thao và Du lịch");
        }
    }
    {
        REF(&t, "quyet_dinh", "11/2023/QĐ-UBND")
        {
            CHECK_STR(r_->title, "quy định chức năng của Sở Khoa học, Công nghệ và Môi trường");
        }
    }
    {
        REF(&t, "ke_hoach", "16/KH-UBND") { CHECK_STR(r_->title, "về phòng, chống dịch"); }
    }
    kh_test_ctx_free(&t);
}

/* Thông tư liên tịch of two ministries: both issuers kept as written, the title after them. */
static void test_joint_issuers_of_two_ministries(void)
{
    kh_test_ctx t;
    run(&t, "Căn cứ Thông tư liên tịch số 29/2014/TTLT-BLĐTBXH-BTC ngày 24/10/2014 của Bộ Lao động - Thương binh "
            "và Xã hội, Bộ Tài chính hướng dẫn thực hiện một số điều của Nghị định số 136/2013/NĐ-CP ngày "
            "21/10/2013 của Chính phủ;\n"
            "Căn cứ Thông tư số 05/2020/TT-BYT ngày 01/02/2020 của Bộ Y tế, Bộ Tài chính đã hướng dẫn.\n");
    {
        REF(&t, "thong_tu_lien_tich", "29/2014/TTLT-BLĐTBXH-BTC")
        {
            CHECK_STR(r_->issuer, "Bộ Lao động - Thương binh và Xã hội, Bộ Tài chính");
            CHECK_STR(r_->title, "hướng dẫn thực hiện một số điều của Nghị định số 136/2013/NĐ-CP ngày 21/10/2013 "
                                 "của Chính phủ");
        }
    }
    {
        REF(&t, "thong_tu", "05/2020/TT-BYT") { CHECK_STR(r_->issuer, "Bộ Y tế"); } /* no title: one issuer */
    }
    kh_test_ctx_free(&t);
}

/* A law name with a lower-case "và" ("Luật Hôn nhân và gia đình năm 2014"), on one line and
 * wrapped; "Luật Ngân sách nhà nước và nguồn kinh phí" stays "Luật Ngân sách nhà nước". */
/* "Kế hoạch số … của X thực hiện Nghị quyết số …": an implementing plan's title opens with
 * "thực hiện" (blind round 5, blind5_kh_huyenuy_giabinh line 16). */
static void test_title_opening_with_thuc_hien(void)
{
    kh_test_ctx t;
    run(&t, "- Căn cứ Kế hoạch số 145-KH/TU ngày 10/02/2025 của Ban Thường vụ Tỉnh ủy Bắc Ninh thực hiện "
            "Nghị quyết số 57-NQ/TW của Bộ Chính trị;\n");
    {
        REF(&t, "ke_hoach", "145-KH/TU")
        {
            CHECK_STR(r_->issuer, "Ban Thường vụ Tỉnh ủy Bắc Ninh");
            CHECK_STR(r_->title, "thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị");
        }
    }
    kh_test_ctx_free(&t);
}

/* A year closes a title's phrase: "Theo Công điện số … về việc … năm 2024, bão số 3 …" —
 * the main clause after the comma is not the title (blind round 5,
 * blind5_cv_hoatoc_quangninh line 20); "…năm 2025, định hướng đến năm 2030" goes on. */
static void test_title_ends_after_year_comma(void)
{
    kh_test_ctx t;
    run(&t, "Theo Công điện số 86/CĐ-TTg ngày 04/9/2024 của Thủ tướng Chính phủ về việc tập trung ứng phó khẩn "
            "cấp với bão số 3 năm 2024, bão số 3 (tên quốc tế là YAGI) là cơn bão rất mạnh.\n"
            "- Căn cứ Nghị quyết số 03-NQ/TU ngày 15/8/2021 của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số tỉnh "
            "Bắc Ninh đến năm 2025, định hướng đến năm 2030,\nBan Thường vụ xây dựng Kế hoạch.\n");
    {
        REF(&t, "cong_dien", "86/CĐ-TTg")
        {
            CHECK_STR(r_->title, "về việc tập trung ứng phó khẩn cấp với bão số 3 năm 2024");
        }
    }
    {
        REF(&t, "nghi_quyet", "03-NQ/TU")
        {
            CHECK_STR(r_->title, "về chuyển đổi số tỉnh Bắc Ninh đến năm 2025, định hướng đến năm 2030");
        }
    }
    kh_test_ctx_free(&t);
}

static void test_law_name_with_lower_case_and(void)
{
    kh_test_ctx t;
    run(&t, "- Thực hiện nghiêm Luật Hôn nhân và gia đình năm 2014 trên địa bàn xã.\n"
            "- Thực hiện Luật Bảo vệ và phát triển rừng\nnăm 2004 tại địa phương.\n"
            "- Kinh phí từ Luật Ngân sách nhà nước và nguồn kinh phí hợp pháp khác.\n");
    {
        REF(&t, "luat", "Luật Hôn nhân và gia đình") { CHECK_STR(r_->date.s, "2014"); }
    }
    {
        REF(&t, "luat", "Luật Bảo vệ và phát triển rừng") { CHECK_STR(r_->date.s, "2004"); }
    }
    {
        REF(&t, "luat", "Luật Ngân sách nhà nước") { CHECK(r_->date.s[0] == 0); }
    }
    kh_test_ctx_free(&t);
}

/* Kind words in any case (the citation scan pre-filters where a match can start):
 * upper case, a KELVIN SIGN for K (PCRE2's caseless set of k), a kind word glued to a
 * letter or digit before it is no citation. */
static void test_kind_word_case_forms(void)
{
    kh_test_ctx t;
    run(&t, "Thực hiện QUYẾT ĐỊNH SỐ 12/QĐ-UBND ngày 2/3/2024; \xE2\x84\xAA" "ế hoạch số 5/KH-UBND "
            "ngày 1/2/2024; đề án số 3/ĐA-UBND, xQuyết định số 9/QĐ-X, 1Chỉ thị số 8/CT-TTg và "
            "(Chỉ thị số 07/CT-TTg).\n");
    {
        REF(&t, "quyet_dinh", "12/QĐ-UBND") { CHECK_STR(r_->date.s, "2024-03-02"); }
    }
    {
        REF(&t, "ke_hoach", "5/KH-UBND") { CHECK_STR(r_->date.s, "2024-02-01"); }
    }
    {
        REF(&t, "de_an", "3/ĐA-UBND") { CHECK(1); }
    }
    {
        REF(&t, "chi_thi", "07/CT-TTg") { CHECK(1); }
    }
    CHECK(t.res.refs.n == 4);
    kh_test_ctx_free(&t);
}

int main(void)
{
    test_cited_report();
    test_law_number_and_tail();
    test_later_period_is_not_the_cited_title();
    test_speck_after_so();
    test_kinds();
    test_dedup_and_titles();
    test_repairs();
    test_blank_line_join();
    test_title_comma_noun_list_continues();
    test_title_comma_inside_agency_name();
    test_joint_issuers_of_two_ministries();
    test_law_name_with_lower_case_and();
    test_title_opening_with_thuc_hien();
    test_title_ends_after_year_comma();
    test_kind_word_case_forms();
    TEST_MAIN_END();
}

/* test_header.c — header.c on small synthetic documents in several layouts. */
#include "test.h"
#include "stage_ctx.h"
#include "places.h"

/* Lines of `doc` (split on '\n') into t->res.text, then the header stage. */
static void run(kh_test_ctx *t, const char *doc)
{
    kh_test_ctx_init(t);
    if (setjmp(t->env)) {
        fprintf(stderr, "stage aborted\n");
        exit(1);
    }
    kh_test_set_text(t, doc);
    kh_extract_header(&t->ctx);
}

static bool has_diag(kh_test_ctx *t, const char *code)
{
    for (size_t i = 0; i < t->res.diags.n; i++)
        if (!strcmp(t->res.diags.v[i].code, code))
            return true;
    return false;
}

/* index of the first line whose text starts with s */
static size_t line_of(kh_test_ctx *t, const char *s)
{
    for (size_t i = 0; i < t->res.text.n; i++)
        if (!strncmp(t->res.text.v[i].s, s, strlen(s)))
            return i;
    return (size_t)-1;
}

/* A Party committee's plan (blind round 5, blind5_kh_huyenuy_giabinh lines 1-12): the
 * committee under its Party organisation issues, "*" under it, "Số 86-KH/HU" without a
 * colon (Party numbering: the ký hiệu is "KH/HU"), "ĐẢNG CỘNG SẢN VIỆT NAM" as the motto. */
static void test_party_committee(void)
{
    kh_test_ctx t;
    run(&t, "ĐẢNG BỘ TỈNH BẮC NINH\nHUYỆN ỦY GIA BÌNH\n*\nSố 86-KH/HU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
            "Gia Bình, ngày 14 tháng 3 năm 2025\n\nKẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW\n-----\n\n"
            "- Căn cứ Nghị quyết số 57-NQ/TW của Bộ Chính trị;\n\nI- MỤC ĐÍCH\n");
    kh_document *d = &t.res.doc;
    CHECK_STR(d->kind, "ke_hoach");
    CHECK_STR(d->number, "86-KH/HU");
    CHECK_STR(d->symbol, "KH/HU");
    CHECK_STR(d->date.s, "2025-03-14");
    CHECK_STR(d->place, "Gia Bình");
    CHECK_STR(d->title, "thực hiện Nghị quyết số 57-NQ/TW");
    CHECK(d->issuer != NULL);
    if (d->issuer) {
        CHECK_STR(d->issuer->name, "Huyện ủy Gia Bình");
        CHECK_STR(d->issuer->short_name, "Huyện ủy Gia Bình");
        CHECK_STR(d->issuer->level, "district");
        CHECK_STR(d->issuer->area, "Gia Bình");
    }
    kh_test_ctx_free(&t);
    /* the provincial committee printed without its place: the Party organisation's */
    run(&t, "ĐẢNG BỘ TỈNH QUẢNG NAM\nTỈNH ỦY\n*\nSố 15-CT/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
            "Quảng Nam, ngày 05 tháng 6 năm 2024\n\nCHỈ THỊ\nvề phòng cháy, chữa cháy rừng\n");
    d = &t.res.doc;
    CHECK_STR(d->kind, "chi_thi");
    CHECK_STR(d->symbol, "CT/TU");
    CHECK(d->issuer != NULL);
    if (d->issuer) {
        CHECK_STR(d->issuer->name, "Tỉnh ủy Quảng Nam");
        CHECK_STR(d->issuer->level, "province");
        CHECK_STR(d->issuer->area, "Quảng Nam");
    }
    kh_test_ctx_free(&t);
    run(&t, "ĐẢNG BỘ HUYỆN ĐỒNG PHÚ\nĐẢNG ỦY XÃ TÂN PHÚ\n*\nSố 12-KH/ĐU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
            "Tân Phú, ngày 02 tháng 4 năm 2025\n\nKẾ HOẠCH\nTuyên truyền năm 2025\n");
    d = &t.res.doc;
    CHECK_STR(d->number, "12-KH/ĐU");
    CHECK(d->issuer != NULL);
    if (d->issuer) {
        CHECK_STR(d->issuer->name, "Đảng ủy xã Tân Phú");
        CHECK_STR(d->issuer->level, "commune");
    }
    kh_test_ctx_free(&t);
}

/* An urgency mark over the header is no part of the issuer (blind round 5,
 * blind5_cv_hoatoc_quangninh line 1); "BAN THƯỜNG TRỰC" keeps its capitals in a capacity
 * (blind5_kh_mttq_thoaison line 79). */
static void test_urgency_mark_and_board_capacity(void)
{
    kh_test_ctx t;
    run(&t, "HỎA TỐC\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH\n\nSố: 4120/UBND-NLN2\nV/v ứng phó với bão số 3\n\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nQuảng Ninh, ngày 05 tháng 9 năm 2024\n\n"
            "Kính gửi: Các sở, ban, ngành.\n\nNội dung.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
            "TM. BAN THƯỜNG TRỰC\nCHỦ TỊCH\n\nLê Thị Hồng Nhung\n");
    kh_document *d = &t.res.doc;
    CHECK(d->issuer != NULL);
    if (d->issuer)
        CHECK_STR(d->issuer->name, "Ủy ban nhân dân tỉnh Quảng Ninh");
    CHECK_STR(d->number, "4120/UBND-NLN2");
    CHECK(d->signer != NULL);
    if (d->signer)
        CHECK_STR(d->signer->capacity, "TM. Ban Thường trực");
    kh_test_ctx_free(&t);
}

static void test_province_plan(void)
{
    kh_test_ctx t;
    run(&t, "ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n---------------\n\nSố: 14/KH-UBND\n\n"
            "Yên Bái, ngày 17 tháng 01 năm 2024\n\nKẾ HOẠCH\n\n"
            "CÔNG TÁC TRUYỀN THÔNG CHÍNH SÁCH TỈNH YÊN BÁI NĂM 2024\n\n"
            "Thực hiện Chỉ thị số 07/CT-TTg của Thủ tướng Chính phủ;\n\nI. MỤC ĐÍCH\n\n"
            "- Nội dung.\n\nNơi nhận:\n- Bộ Thông tin và Truyền thông;\n- Lưu: VT, TH.\n\n"
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\nVũ Thị Hiền Hạnh\n");
    kh_document *d = &t.res.doc;
    CHECK_STR(d->kind, "ke_hoach");
    CHECK_STR(d->kind_label, "Kế hoạch");
    CHECK_STR(d->number, "14/KH-UBND");
    CHECK_STR(d->symbol, "KH-UBND");
    CHECK(d->issuer != NULL);
    if (d->issuer) {
        CHECK_STR(d->issuer->name, "Ủy ban nhân dân tỉnh Yên Bái");
        CHECK_STR(d->issuer->short_name, "UBND tỉnh Yên Bái");
        CHECK_STR(d->issuer->level, "province");
        CHECK_STR(d->issuer->area, "Yên Bái");
    }
    CHECK_STR(d->place, "Yên Bái");
    CHECK_STR(d->date.s, "2024-01-17");
    CHECK_STR(d->title, "Công tác truyền thông chính sách tỉnh Yên Bái năm 2024");
    CHECK(d->subject == NULL);
    CHECK(d->signer != NULL);
    if (d->signer) {
        CHECK_STR(d->signer->name, "Vũ Thị Hiền Hạnh");
        CHECK_STR(d->signer->position, "Phó Chủ tịch");
        CHECK_STR(d->signer->capacity, "KT. Chủ tịch");
    }
    CHECK_INT(d->distribution.n, 2);
    if (d->distribution.n == 2) {
        CHECK_STR(d->distribution.v[0], "Bộ Thông tin và Truyền thông");
        CHECK_STR(d->distribution.v[1], "Lưu: VT, TH");
    }
    kh_layout *l = &t.res.layout;
    CHECK_INT(l->body_begin, line_of(&t, "Thực hiện"));
    CHECK_INT(l->title_begin, line_of(&t, "KẾ HOẠCH"));
    CHECK_INT(l->closing_begin, line_of(&t, "Nơi nhận"));
    CHECK_INT(l->closing_end, line_of(&t, "Vũ Thị") + 1);
    CHECK_INT(l->body_end, t.res.text.n);
    CHECK(t.res.text.v[line_of(&t, "TỈNH YÊN BÁI")].flags & KH_LINE_HEADER);
    CHECK(t.res.text.v[line_of(&t, "CÔNG TÁC")].flags & KH_LINE_HEADER);
    CHECK(!(t.res.text.v[line_of(&t, "I. MỤC")].flags & (KH_LINE_HEADER | KH_LINE_CLOSING)));
    CHECK(t.res.text.v[line_of(&t, "PHÓ CHỦ")].flags & KH_LINE_CLOSING);
    CHECK(!has_diag(&t, "layout_interleaved"));
    kh_test_ctx_free(&t);
}

/* OCR merged the two columns; the motto comes first; markdown left in. */
static void test_interleaved_markdown(void)
{
    kh_test_ctx t;
    run(&t, "**ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
            "TỈNH QUẢNG NAM Độc lập – Tự do – Hạnh phúc\n"
            "Số: 6684/KH-UBND Quảng Nam, ngày 29 tháng 9 năm 2023\n## KẾ HOẠCH\n\n"
            "### Triển khai thực hiện Chỉ thị số 07/CT-TTg\ncủa Thủ tướng Chính phủ\n\n"
            "Theo đề nghị của Sở Thông tin và Truyền thông;\n\n"
            "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Bộ TTTT (b/c);\n- TTTU (b/c); KT. CHỦ TỊCH\n"
            "- Lưu: VT, KGVX.\n\nHồ Quang Bửu\n");
    kh_document *d = &t.res.doc;
    CHECK_STR(d->number, "6684/KH-UBND");
    CHECK_STR(d->place, "Quảng Nam");
    CHECK_STR(d->date.s, "2023-09-29");
    CHECK(d->issuer && !strcmp(d->issuer->name, "Ủy ban nhân dân tỉnh Quảng Nam"));
    CHECK_STR(d->title, "Triển khai thực hiện Chỉ thị số 07/CT-TTg của Thủ tướng Chính phủ");
    CHECK(has_diag(&t, "layout_interleaved"));
    CHECK(d->signer != NULL);
    if (d->signer) {
        CHECK_STR(d->signer->capacity, "TM. Ủy ban nhân dân, KT. Chủ tịch");
        CHECK(d->signer->position == NULL);
        CHECK_STR(d->signer->name, "Hồ Quang Bửu");
    }
    CHECK(has_diag(&t, "signer_position_missing"));
    CHECK_INT(d->distribution.n, 3);
    if (d->distribution.n == 3)
        CHECK_STR(d->distribution.v[1], "TTTU (b/c)");
    kh_test_ctx_free(&t);
}

/* Công văn: blank number, blank day, a misspelt province, V/v wrapped, Kính gửi list. */
static void test_cong_van(void)
{
    kh_test_ctx t;
    run(&t, "ỦY BAN NHÂN DÂN\nTỈNH HUNG YÊN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nSố: /UBND-KGVX\nV/v triển khai thực hiện Chỉ thị\n"
            "số 07/CT-TTg\n\nHung Yên, ngày   tháng 5 năm 2023\n\nKính gửi:\n\n"
            "- Các Sở, ban, ngành tỉnh;\n- Báo Hưng Yên; Tạp chí Phổ Hiến.\n\n"
            "Ủy ban nhân dân tỉnh yêu cầu:\n\n1. Tạp chí Phố Hiến\n\n- Tuyên truyền.\n\n"
            "Nơi nhận:\n- Như trên;\n- Ban Tuyên giáo Tỉnh ủy (đề p/h);\n\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Duy Hưng\n");
    kh_document *d = &t.res.doc;
    CHECK_STR(d->kind, "cong_van");
    CHECK_STR(d->kind_label, "Công văn");
    CHECK(d->number == NULL);
    CHECK_STR(d->symbol, "UBND-KGVX");
    CHECK(has_diag(&t, "number_blank"));
    CHECK_STR(d->date.s, "2023-05");
    CHECK(has_diag(&t, "date_partial"));
    CHECK_STR(d->place, "Hưng Yên");
    CHECK(d->issuer && !strcmp(d->issuer->name, "Ủy ban nhân dân tỉnh Hưng Yên"));
    CHECK(has_diag(&t, "name_repaired"));
    CHECK(d->title == NULL);
    CHECK_STR(d->subject, "triển khai thực hiện Chỉ thị số 07/CT-TTg");
    CHECK_INT(d->recipients.n, 3);
    if (d->recipients.n == 3) {
        CHECK_STR(d->recipients.v[0], "Các Sở, ban, ngành tỉnh");
        CHECK_STR(d->recipients.v[1], "Báo Hưng Yên");
        CHECK_STR(d->recipients.v[2], "Tạp chí Phố Hiến");
    }
    CHECK_INT(t.res.layout.body_begin, line_of(&t, "Ủy ban nhân dân tỉnh yêu"));
    CHECK(d->signer && !strcmp(d->signer->capacity, "TM. Ủy ban nhân dân, KT. Chủ tịch"));
    CHECK(d->distribution.n == 2 && !strcmp(d->distribution.v[1], "Ban Tuyên giáo Tỉnh ủy (để p/h)"));
    kh_test_ctx_free(&t);
}

/* No header block: issuer inferred from symbol, place and body. */
static void test_missing_header(void)
{
    kh_test_ctx t;
    run(&t, "\n\nSố: 151 /KH-UBND\n\nBắc Giang, ngày 14 tháng 9 năm 2023\n\nKẾ HOẠCH\n\n"
            "Triển khai công tác truyền thông trên địa bàn tỉnh Bắc Giang\n\n"
            "Thực hiện Chỉ thị số 07/CT-TTg; Chủ tịch UBND tỉnh xây dựng Kế hoạch như sau:\n\n"
            "I. MỤC ĐÍCH\n\nNơi nhận:\n- Bộ TT&TT;\n- Văn phòng UBND tỉnh:\n - + LĐVP, NC;\n"
            " - + Lưu: VT, KGVX_{LS}.\n\n**KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH**\n\nMai Sơn");
    kh_document *d = &t.res.doc;
    CHECK_STR(d->number, "151/KH-UBND");
    CHECK(d->issuer != NULL);
    if (d->issuer) {
        CHECK_STR(d->issuer->name, "Ủy ban nhân dân tỉnh Bắc Giang");
        CHECK_STR(d->issuer->level, "province");
    }
    CHECK(has_diag(&t, "issuer_inferred"));
    CHECK_INT(d->distribution.n, 4);
    if (d->distribution.n == 4) {
        CHECK_STR(d->distribution.v[2], "+ LĐVP, NC");
        CHECK_STR(d->distribution.v[3], "+ Lưu: VT, KGVX_{LS}");
    }
    CHECK(d->signer && !strcmp(d->signer->name, "Mai Sơn") && !strcmp(d->signer->position, "Phó Chủ tịch"));
    kh_test_ctx_free(&t);
}

/* Department under a province; date line before the number; mixed-case title. */
static void test_department(void)
{
    kh_test_ctx t;
    run(&t, "UBND TỈNH QUẢNG NAM\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nQuảng Nam, ngày 5 tháng 3 năm 2024\nSố: 120/KH-STTTT\n\n"
            "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2024\n\nKính gửi:\n"
            "- Các Sở: Nội vụ, Tài chính;\n- Công an tỉnh.\n\nCăn cứ Kế hoạch số 1/KH-UBND;\n\n"
            "Nơi nhận:\n- UBND tỉnh;\n\nGIÁM ĐỐC\n\nTrần Văn A\n");
    kh_document *d = &t.res.doc;
    CHECK(d->issuer != NULL);
    if (d->issuer) {
        CHECK_STR(d->issuer->name, "Sở Thông tin và Truyền thông tỉnh Quảng Nam");
        CHECK_STR(d->issuer->level, "department");
        CHECK_STR(d->issuer->area, "Quảng Nam");
        CHECK_STR(d->issuer->short_name, "Sở Thông tin và Truyền thông");
    }
    CHECK_STR(d->number, "120/KH-STTTT");
    CHECK_STR(d->title, "Tuyên truyền cải cách hành chính năm 2024");
    CHECK_INT(d->recipients.n, 3);
    if (d->recipients.n == 3) {
        CHECK_STR(d->recipients.v[0], "Sở Nội vụ");
        CHECK_STR(d->recipients.v[1], "Sở Tài chính");
    }
    CHECK_INT(t.res.layout.body_begin, line_of(&t, "Căn cứ"));
    CHECK(d->signer && !strcmp(d->signer->position, "Giám đốc") && d->signer->capacity == NULL &&
          !strcmp(d->signer->name, "Trần Văn A"));
    kh_test_ctx_free(&t);
}

/* "Kính gửi:" with NUMBERED addressees ("1. A;" "2. B."): the numbers are not part of the
 * names; the body's "1." after the preamble is not an addressee; an inline addressee is
 * not followed by the body's numbered items. */
static void test_numbered_addressees(void)
{
    kh_test_ctx t;
    run(&t, "BỘ Y TẾ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Số: 12/BYT-KCB\nV/v phòng bệnh\n\nHà Nội, ngày 5 tháng 3 năm 2024\n\nKính gửi:\n"
            "1. Sở Y tế các tỉnh, thành phố;\n2. Cục Quản lý Khám, chữa bệnh;\n\n3. Bệnh viện Bạch Mai.\n\n"
            "Bộ Y tế đề nghị:\n1. Đối với Sở Y tế: làm việc.\n\nNơi nhận:\n- Như trên;\n\nBỘ TRƯỞNG\n\nTrần Văn A\n");
    kh_document *d = &t.res.doc;
    CHECK_INT(d->recipients.n, 3);
    if (d->recipients.n == 3) {
        CHECK_STR(d->recipients.v[0], "Sở Y tế các tỉnh, thành phố");
        CHECK_STR(d->recipients.v[1], "Cục Quản lý Khám, chữa bệnh");
        CHECK_STR(d->recipients.v[2], "Bệnh viện Bạch Mai");
    }
    kh_test_ctx_free(&t);
    run(&t, "BỘ Y TẾ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Số: 12/BYT-KCB\nV/v phòng bệnh\n\nHà Nội, ngày 5 tháng 3 năm 2024\n\nKính gửi: Sở Y tế tỉnh A.\n"
            "1. Tổ chức tiêm chủng.\n\nNơi nhận:\n- Như trên;\n\nBỘ TRƯỞNG\n\nTrần Văn A\n");
    CHECK_INT(t.res.doc.recipients.n, 1);
    kh_test_ctx_free(&t);
}

/* A joint plan whose two issuer blocks and two signature blocks are stacked one above the
 * other (blind7_khlt_syt_hctd_nghean): the first block issues, the first signer signs (as
 * for blocks side by side, blind4_khln_chauthanh_yte); the second signature block does not
 * end the closing before "Nơi nhận:"; the body after the post in a capacity keeps the
 * body's spelling ("KT. Giám đốc Sở Y tế"). A rule under a single block changes nothing. */
static void test_joint_blocks_stacked(void)
{
    kh_test_ctx t;
    run(&t, "UBND TỈNH NGHỆ AN\nSỞ Y TẾ\n--------\nHỘI CHỮ THẬP ĐỎ TỈNH NGHỆ AN\n--------\nSố: 05/KHLT-SYT-HCTĐ\n\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
            "Nghệ An, ngày 06 tháng 01 năm 2026\n\nKẾ HOẠCH LIÊN TỊCH\nTổ chức hiến máu\n\n"
            "Sở Y tế và Hội Chữ thập đỏ tỉnh thống nhất ban hành Kế hoạch.\n\nI. NỘI DUNG\nLàm việc.\n\n"
            "KT. GIÁM ĐỐC SỞ Y TẾ\nPHÓ GIÁM ĐỐC\n\n\nHồ Thị Minh Nguyệt\n\n"
            "TM. BAN THƯỜNG VỤ\nHỘI CHỮ THẬP ĐỎ TỈNH\nCHỦ TỊCH\n\n\nPhan Văn Lĩnh\n\n"
            "Nơi nhận:\n- UBND tỉnh (b/c);\n- Lưu: VT.\n");
    kh_document *d = &t.res.doc;
    CHECK(d->issuer && !strcmp(d->issuer->name, "Sở Y tế tỉnh Nghệ An") && !strcmp(d->issuer->short_name, "Sở Y tế"));
    CHECK(d->signer && !strcmp(d->signer->name, "Hồ Thị Minh Nguyệt") &&
          !strcmp(d->signer->capacity, "KT. Giám đốc Sở Y tế"));
    CHECK_INT(d->distribution.n, 2);
    CHECK(t.res.text.v[line_of(&t, "Phan Văn Lĩnh")].flags & KH_LINE_CLOSING);
    kh_test_ctx_free(&t);
    run(&t, "UBND TỈNH NGHỆ AN\nSỞ Y TẾ\n--------\nSố: 05/KH-SYT\n\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Nghệ An, ngày 06 tháng 01 năm 2026\n\nKẾ HOẠCH\nTổ chức hiến máu\n\nI. NỘI DUNG\nLàm việc.\n\n"
            "GIÁM ĐỐC\n\nHồ Thị Minh Nguyệt\n");
    CHECK(t.res.doc.issuer && !strcmp(t.res.doc.issuer->name, "Sở Y tế tỉnh Nghệ An"));
    kh_test_ctx_free(&t);
}

/* A ministry printed in capitals is a proper name: the body's mixed-case spelling
 * ("Bộ Công Thương") is kept, not the sentence case made from the capitals. */
static void test_ministry_spelled_as_body(void)
{
    kh_test_ctx t;
    run(&t, "BỘ CÔNG THƯƠNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Số: 12/BCT-TTTN\nV/v thị trường\n\nHà Nội, ngày 5 tháng 3 năm 2024\n\nKính gửi: Sở Công Thương tỉnh A.\n\n"
            "Bộ Công Thương đề nghị Sở làm việc.\n\nNơi nhận:\n- Như trên;\n\nBỘ TRƯỞNG\n\nTrần Văn A\n");
    CHECK(t.res.doc.issuer && !strcmp(t.res.doc.issuer->name, "Bộ Công Thương") &&
          !strcmp(t.res.doc.issuer->level, "ministry"));
    kh_test_ctx_free(&t);
    run(&t, "BỘ TÀI CHÍNH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Số: 12/BTC-NSNN\nV/v ngân sách\n\nHà Nội, ngày 5 tháng 3 năm 2024\n\nKính gửi: Sở Tài chính tỉnh A.\n\n"
            "Bộ Tài chính đề nghị Sở làm việc.\n\nNơi nhận:\n- Như trên;\n\nBỘ TRƯỞNG\n\nTrần Văn A\n");
    CHECK(t.res.doc.issuer && !strcmp(t.res.doc.issuer->name, "Bộ Tài chính"));
    kh_test_ctx_free(&t);
}

/* District issuer; Quyết định with an attached plan after its signature. */
static void test_decision_with_plan(void)
{
    kh_test_ctx t;
    run(&t, "ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG ANH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nSố: 25/QĐ-UBND\n\nĐông Anh, ngày 02 tháng 02 năm 2024\n\n"
            "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch truyền thông năm 2024\n\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n\n"
            "QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n\n"
            "Nơi nhận:\n- Như Điều 3;\n\nCHỦ TỊCH\n\nLê Văn B\n\n"
            "KẾ HOẠCH\nTruyền thông năm 2024\n(Ban hành kèm theo Quyết định số 25/QĐ-UBND ngày 02/02/2024)\n\n"
            "I. MỤC ĐÍCH\n\n- Tuyên truyền.\n");
    kh_document *d = &t.res.doc;
    CHECK_STR(d->kind, "quyet_dinh");
    CHECK_STR(d->title, "Về việc ban hành Kế hoạch truyền thông năm 2024");
    CHECK(d->issuer && !strcmp(d->issuer->name, "Ủy ban nhân dân huyện Đông Anh") &&
          !strcmp(d->issuer->level, "district") && !strcmp(d->issuer->area, "Đông Anh"));
    CHECK_INT(t.res.layout.body_begin, line_of(&t, "Căn cứ"));
    CHECK(t.res.text.v[line_of(&t, "CHỦ TỊCH ỦY BAN")].flags & KH_LINE_HEADER);
    CHECK(d->signer && !strcmp(d->signer->name, "Lê Văn B") && !strcmp(d->signer->position, "Chủ tịch"));
    CHECK_INT(t.res.layout.body_end, t.res.text.n);
    CHECK(t.res.layout.closing_end <= line_of(&t, "KẾ HOẠCH"));
    CHECK(t.res.text.v[line_of(&t, "KẾ HOẠCH")].flags & KH_LINE_HEADER);
    CHECK(t.res.text.v[line_of(&t, "(Ban hành")].flags & KH_LINE_HEADER);
    CHECK(!(t.res.text.v[line_of(&t, "I. MỤC")].flags & (KH_LINE_HEADER | KH_LINE_CLOSING)));
    CHECK(!(t.res.text.v[line_of(&t, "Điều 1")].flags & (KH_LINE_HEADER | KH_LINE_CLOSING)));
    kh_test_ctx_free(&t);
}

/* OCR read "K'Bin" as "KBin": still the signer, apostrophe restored, a diagnostic;
 * an all-caps abbreviation line is not taken for a name. */
static void test_signer_name_without_apostrophe(void)
{
    kh_test_ctx t;
    run(&t, "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nSố: 5/KH-UBND\n\nĐức Trọng, ngày 2 tháng 3 năm 2024\n\n"
            "KẾ HOẠCH\nPhòng cháy rừng năm 2024\n\nI. NHIỆM VỤ\n\n- Tuyên truyền.\n\n"
            "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nKBin Ha Prông\n");
    kh_document *d = &t.res.doc;
    CHECK(d->signer && d->signer->name && !strcmp(d->signer->name, "K'Bin Ha Prông"));
    CHECK(has_diag(&t, "name_repaired"));
    CHECK(t.res.text.v[line_of(&t, "KBin")].flags & KH_LINE_CLOSING);
    kh_test_ctx_free(&t);
    run(&t, "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\n\nSố: 5/KH-UBND\n\nKẾ HOẠCH\nPhòng cháy rừng\n\n"
            "Nơi nhận:\n- UBND tỉnh.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n");
    CHECK(t.res.doc.signer && t.res.doc.signer->name && !strcmp(t.res.doc.signer->name, "Nguyễn Văn An"));
    CHECK(!has_diag(&t, "name_repaired"));
    kh_test_ctx_free(&t);
    /* an OCR speck after the name (scan kh_huyen_ductrong_tiff: "K'Bin Ha Prông |") is not
     * part of it; the line is the signer's, in the closing zone (no task is made of it) */
    run(&t, "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\n\nSố: 5/KH-UBND\n\nKẾ HOẠCH\nPhòng cháy rừng\n\n"
            "Nơi nhận:\n- UBND tỉnh.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nK'Bin Ha Prông |\n");
    CHECK(t.res.doc.signer && t.res.doc.signer->name && !strcmp(t.res.doc.signer->name, "K'Bin Ha Prông"));
    CHECK(t.res.text.v[line_of(&t, "K'Bin")].flags & KH_LINE_CLOSING);
    kh_test_ctx_free(&t);
    run(&t, "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\n\nSố: 5/KH-UBND\n\nKẾ HOẠCH\nPhòng cháy rừng\n\n"
            "Nơi nhận:\n- UBND tỉnh.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An ‘ .\n");
    CHECK(t.res.doc.signer && t.res.doc.signer->name && !strcmp(t.res.doc.signer->name, "Nguyễn Văn An"));
    kh_test_ctx_free(&t);
}

static void test_places(void)
{
    const kh_place *p = kh_place_lookup("TỈNH", 0);
    CHECK(p == NULL);
    p = kh_place_lookup("HUNG YÊN", strlen("HUNG YÊN"));
    CHECK(p && !strcmp(p->name, "Hưng Yên"));
    p = kh_place_lookup("Bà Rịa-Vũng Tàu", strlen("Bà Rịa-Vũng Tàu"));
    CHECK(p && !p->current);
    p = kh_place_lookup("TP HCM", 6);
    CHECK(p && p->city);
    CHECK(kh_place_count() >= 64);
}

/* Nothing but body text: no header fields, body from the first line. */
static void test_no_header(void)
{
    kh_test_ctx t;
    run(&t, "Các đơn vị triển khai thực hiện nội dung sau.\n\n1. Tuyên truyền.\n");
    CHECK(t.res.doc.kind == NULL);
    CHECK(t.res.doc.issuer == NULL);
    CHECK_INT(t.res.layout.body_begin, 0);
    CHECK_INT(t.res.layout.closing_begin, t.res.text.n);
    kh_test_ctx_free(&t);
    run(&t, "");
    CHECK_INT(t.res.layout.body_end, t.res.text.n);
    kh_test_ctx_free(&t);
}

#define HDR_TOP "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" \
                "Độc lập - Tự do - Hạnh phúc\n\nSố: 642/KH-UBND\n\nĐắk Nông, ngày 05 tháng 11 năm 2024\n\n"

/* A title right under the kind heading that starts with "Thực hiện" / "Triển khai" is the
 * title, not the preamble (held-out heldout_kh_tabs_daknong line 12). */
static void test_title_starting_with_thuc_hien(void)
{
    kh_test_ctx t;
    run(&t, HDR_TOP "KẾ HOẠCH\nThực hiện công tác dân tộc năm 2025\n\n"
                    "Căn cứ Luật Ngân sách nhà nước;\n\n"
                    "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện công tác dân tộc năm 2025 như sau:\n\n"
                    "I. MỤC ĐÍCH, YÊU CẦU\n\n- Nội dung.\n");
    CHECK_STR(t.res.doc.title, "Thực hiện công tác dân tộc năm 2025");
    size_t c = line_of(&t, "Căn cứ");
    CHECK(c != (size_t)-1 && !(t.res.text.v[c].flags & KH_LINE_HEADER));
    kh_test_ctx_free(&t);

    /* wrapped over two lines, blank line before the preamble */
    run(&t, HDR_TOP "KẾ HOẠCH\n\nTriển khai thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023\n"
                    "của Thủ tướng Chính phủ về công tác truyền thông chính sách\n\n"
                    "Thực hiện Chỉ thị số 07/CT-TTg, Ủy ban nhân dân tỉnh xây dựng Kế hoạch như sau:\n\n"
                    "I. MỤC ĐÍCH\n");
    CHECK_STR(t.res.doc.title, "Triển khai thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng "
                               "Chính phủ về công tác truyền thông chính sách");
    kh_test_ctx_free(&t);

    /* a title whose second line starts with "thực hiện" in lower case */
    run(&t, HDR_TOP "KẾ HOẠCH\nTriển khai\nthực hiện Nghị quyết số 10-NQ/TU của Tỉnh ủy\n\nI. MỤC ĐÍCH\n");
    CHECK_STR(t.res.doc.title, "Triển khai thực hiện Nghị quyết số 10-NQ/TU của Tỉnh ủy");
    kh_test_ctx_free(&t);

    /* an all-caps title with "THỰC HIỆN" on its second line */
    run(&t, HDR_TOP "KẾ HOẠCH\nTRIỂN KHAI\nTHỰC HIỆN CÔNG TÁC DÂN TỘC NĂM 2025\n\nI. MỤC ĐÍCH\n");
    CHECK(t.res.doc.title != NULL && !strncmp(t.res.doc.title, "Triển khai thực hiện công tác", 30));
    kh_test_ctx_free(&t);
}

/* No title: the paragraph under the kind heading is the preamble ("… như sau:",
 * "… ban hành Kế hoạch …", ending with ";"), so the title stays null. */
static void test_preamble_directly_under_kind_heading(void)
{
    static const char *const pre[] = {
        "Thực hiện Nghị quyết số 12/NQ-HĐND ngày 07/7/2023 của Hội đồng nhân dân tỉnh, Ủy ban nhân "
        "dân tỉnh ban hành Kế hoạch thực hiện như sau:",
        "Thực hiện Quyết định số 100/QĐ-UBND ngày 10/01/2024 của Ủy ban nhân dân tỉnh;",
        "Thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ, Ủy ban nhân dân\n"
        "tỉnh ban hành Kế hoạch triển khai thực hiện trên địa bàn tỉnh, cụ thể",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    };
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
        kh_test_ctx t;
        char doc[2048];
        snprintf(doc, sizeof doc, "%sKẾ HOẠCH\n%s\n\nI. MỤC ĐÍCH\n\n- Nội dung.\n", HDR_TOP, pre[i]);
        run(&t, doc);
        CHECK_STR(t.res.doc.kind, "ke_hoach");
        if (t.res.doc.title)
            fprintf(stderr, "preamble %zu taken for the title: %s\n", i, t.res.doc.title);
        CHECK(t.res.doc.title == NULL);
        kh_test_ctx_free(&t);
    }
}


/* Issuer of a minimal document whose header block is `block` (lines ending in '\n'). */
static void check_issuer(const char *block, const char *name, const char *short_name, const char *level,
                         const char *area)
{
    kh_test_ctx t;
    char doc[1024];
    snprintf(doc, sizeof doc,
             "%s\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 5/KH-UBND\n"
             "Hà Nội, ngày 5 tháng 3 năm 2024\n\nKẾ HOẠCH\nPhòng, chống tảo hôn năm 2024\n\n"
             "Thực hiện Kế hoạch số 1/KH-UBND;\n\nI. MỤC ĐÍCH\n- Nội dung.\n\nNơi nhận:\n- Lưu: VT.\n\n"
             "CHỦ TỊCH\n\nGiàng A Dình\n",
             block);
    run(&t, doc);
    const kh_issuer *is = t.res.doc.issuer;
    CHECK(is != NULL);
    if (is) {
        CHECK_STR(is->name, name);
        CHECK_STR(is->short_name, short_name);
        CHECK_STR(is->level, level);
        CHECK_STR(is->area, area);
    }
    kh_test_ctx_free(&t);
}

/* "UBND" in the issuing line and in parent lines is "Ủy ban nhân dân": a commune under
 * its district, a district under its province, wards and towns. */
static void test_ubnd_abbreviation_in_issuer_lines(void)
{
    check_issuer("UBND HUYỆN PHONG THỔ\nUBND XÃ PA VÂY SỬ\n", "Ủy ban nhân dân xã Pa Vây Sử",
                 "UBND xã Pa Vây Sử", "commune", "Pa Vây Sử");
    check_issuer("UBND TỈNH LÀO CAI\nUBND HUYỆN BẮC HÀ\n", "Ủy ban nhân dân huyện Bắc Hà", "UBND huyện Bắc Hà",
                 "district", "Bắc Hà");
    check_issuer("UBND QUẬN BA ĐÌNH\nUBND PHƯỜNG KIM MÃ\n", "Ủy ban nhân dân phường Kim Mã",
                 "UBND phường Kim Mã", "commune", "Kim Mã");
    check_issuer("UBND HUYỆN CỦ CHI\nUBND THỊ TRẤN CỦ CHI\n", "Ủy ban nhân dân thị trấn Củ Chi",
                 "UBND thị trấn Củ Chi", "commune", "Củ Chi");
    check_issuer("HĐND HUYỆN PHONG THỔ\nHĐND XÃ PA VÂY SỬ\n", "Hội đồng nhân dân xã Pa Vây Sử",
                 "HĐND xã Pa Vây Sử", "commune", "Pa Vây Sử");
    check_issuer("UBND XÃ PA VÂY SỬ\n", "Ủy ban nhân dân xã Pa Vây Sử", "UBND xã Pa Vây Sử", "commune",
                 "Pa Vây Sử");
}

/* "XÃ HỘI" inside a continuing name ("… Thương binh / và Xã hội", "Bảo hiểm xã hội") is
 * the noun "social", not a commune. */
static void test_xa_hoi_in_name_is_not_commune(void)
{
    check_issuer("UBND TỈNH TUYÊN QUANG\nSỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\n-------\n",
                 "Sở Lao động - Thương binh và Xã hội tỉnh Tuyên Quang", "Sở Lao động - Thương binh và Xã hội",
                 "department", "Tuyên Quang");
    check_issuer("UBND TỈNH TUYÊN QUANG\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n",
                 "Sở Lao động - Thương binh và Xã hội tỉnh Tuyên Quang", "Sở Lao động - Thương binh và Xã hội",
                 "department", "Tuyên Quang");
    check_issuer("ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ\n", "Ủy ban nhân dân xã Tân Phú", "UBND xã Tân Phú", "commune",
                 "Tân Phú");
}

/* A body under a Sở or under an economic group issues under its own name (level other,
 * area of the parent), spelled as the plan's body writes it; the department rule ("Sở Y
 * tỉnh X") is for a Sở under its people's committee (blind6_kh_bvdk_dongnai_giaidoan,
 * blind6_kh_evnspc_tietkiemdien). A ministry's Cục keeps the department reading. */
static void check_sub_body(const char *block, const char *body, const char *name, const char *level,
                           const char *area)
{
    kh_test_ctx t;
    char doc[1024];
    snprintf(doc, sizeof doc,
             "%s\nSố: 5/KH-BV\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
             "Đồng Nai, ngày 5 tháng 3 năm 2024\n\nKẾ HOẠCH\nTiết kiệm điện năm 2024\n\n"
             "%s xây dựng Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n- Nội dung.\n\nNơi nhận:\n- Lưu: VT.\n\n"
             "GIÁM ĐỐC\n\nNguyễn Văn An\n",
             block, body);
    run(&t, doc);
    const kh_issuer *is = t.res.doc.issuer;
    CHECK(is != NULL);
    if (is) {
        CHECK_STR(is->name, name);
        CHECK_STR(is->short_name, name);
        CHECK_STR(is->level, level);
        CHECK_STR(is->area, area);
    }
    kh_test_ctx_free(&t);
}

static void test_body_under_department_or_group_issues_in_own_name(void)
{
    check_sub_body("SỞ Y TẾ TỈNH ĐỒNG NAI\nBỆNH VIỆN ĐA KHOA ĐỒNG NAI", "Bệnh viện Đa khoa Đồng Nai",
                   "Bệnh viện Đa khoa Đồng Nai", "other", "Đồng Nai");
    check_sub_body("TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM\nTỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM", "Tổng công ty Điện lực miền Nam",
                   "Tổng công ty Điện lực miền Nam", "other", NULL);
    check_issuer("UBND TỈNH QUẢNG NAM\nSỞ Y TẾ\n", "Sở Y tế tỉnh Quảng Nam", "Sở Y tế", "department", "Quảng Nam");
}

/* A body named with its number under the People's Committee (blind round 8,
 * blind8_kh_bcd389_langson): "BAN CHỈ ĐẠO 389" is an issuer line (the number is part of
 * its name), and the whole header block after it is still read; a steering committee is
 * not a department. A bare "VĂN PHÒNG" is the office of the body above it. */
static void test_numbered_committee_and_office_under_people_committee(void)
{
    check_issuer("UBND TỈNH LẠNG SƠN\nBAN CHỈ ĐẠO 389", "Ban Chỉ đạo 389 tỉnh Lạng Sơn", "Ban Chỉ đạo 389", "other",
                 "Lạng Sơn");
    check_issuer("ỦY BAN NHÂN DÂN TỈNH THANH HÓA\nVĂN PHÒNG", "Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa",
                 "Văn phòng UBND tỉnh Thanh Hóa", "department", "Thanh Hóa");
    kh_test_ctx t;
    run(&t, "UBND TỈNH LẠNG SƠN\nBAN CHỈ ĐẠO 389\nSố: 17/KH-BCĐ389\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nLạng Sơn, ngày 09 tháng 02 năm 2026\n\nKẾ HOẠCH\nCao điểm năm 2026\n\n"
            "I. MỤC ĐÍCH\n");
    kh_document *d = &t.res.doc;
    CHECK_STR(d->kind, "ke_hoach");
    CHECK_STR(d->number, "17/KH-BCĐ389");
    CHECK_STR(d->date.s, "2026-02-09");
    CHECK_STR(d->title, "Cao điểm năm 2026");
    kh_test_ctx_free(&t);
    /* the signer's main post printed under the signing post: the name and Nơi nhận follow */
    run(&t, "UBND TỈNH LẠNG SƠN\nBAN CHỈ ĐẠO 389\nSố: 17/KH-BCĐ389\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nLạng Sơn, ngày 09 tháng 02 năm 2026\n\nKẾ HOẠCH\nCao điểm năm 2026\n\n"
            "I. MỤC ĐÍCH\n1. Ngăn chặn buôn lậu.\n\nTM. BAN CHỈ ĐẠO\nTRƯỞNG BAN\nPHÓ CHỦ TỊCH UBND TỈNH\n\n"
            "Hoàng Văn Nghiệm\n\nNơi nhận:\n- Ban Chỉ đạo quốc gia 389 (b/c);\n- Lưu: VT.\n");
    d = &t.res.doc;
    CHECK(d->signer != NULL);
    if (d->signer) {
        CHECK_STR(d->signer->name, "Hoàng Văn Nghiệm");
        CHECK_STR(d->signer->position, "Trưởng ban");
    }
    CHECK_INT(d->distribution.n, 2);
    kh_test_ctx_free(&t);
    /* a year is not a body's number: the caps line stays out of the issuer */
    check_issuer("UBND TỈNH QUẢNG NAM\nSỞ Y TẾ\nNĂM 2026", "Sở Y tế tỉnh Quảng Nam", "Sở Y tế", "department", "Quảng Nam");
}

/* A Youth Union plan (blind round 8, blind8_kh_tinhdoan_nghean_abc): "ĐOÀN TNCS HỒ CHÍ MINH"
 * stands where the quốc hiệu would (a motto, not the issuer); "BCH ĐOÀN TỈNH X" is the
 * executive committee, "Ban Chấp hành Đoàn tỉnh X" / short "BCH Đoàn tỉnh X". */
static void test_youth_union_header(void)
{
    kh_test_ctx t;
    run(&t, "BCH ĐOÀN TỈNH NGHỆ AN\n***\nSố: 215-KH/TĐTN-PT\n\nĐOÀN TNCS HỒ CHÍ MINH\n\n"
            "Nghệ An, ngày 20 tháng 02 năm 2026\n\nKẾ HOẠCH\nTổ chức Tháng Thanh niên năm 2026\n\nI. MỤC ĐÍCH\n");
    kh_document *d = &t.res.doc;
    CHECK_STR(d->number, "215-KH/TĐTN-PT");
    CHECK(d->issuer != NULL);
    if (d->issuer) {
        CHECK_STR(d->issuer->name, "Ban Chấp hành Đoàn tỉnh Nghệ An");
        CHECK_STR(d->issuer->short_name, "BCH Đoàn tỉnh Nghệ An");
        CHECK_STR(d->issuer->level, "province");
    }
    kh_test_ctx_free(&t);
}

/* Text through kh_normalize (which records column breaks), then the header stage. */
static void run_normalized(kh_test_ctx *t, const char *doc)
{
    kh_test_ctx_init(t);
    if (setjmp(t->env)) {
        fprintf(stderr, "stage aborted\n");
        exit(1);
    }
    kh_normalize(&t->ctx, doc, strlen(doc));
    kh_extract_header(&t->ctx);
}

static const char *diag_msg(kh_test_ctx *t, const char *code)
{
    for (size_t i = 0; i < t->res.diags.n; i++)
        if (!strcmp(t->res.diags.v[i].code, code))
            return t->res.diags.v[i].message;
    return "";
}

/* A joint plan (Kế hoạch liên ngành) prints two agencies' header blocks and signature
 * blocks side by side; a text export keeps them on one line with a wide gap. The issuer
 * and the signer are the left (first) agency's; the right one is named in joint_issuers. */
static void test_joint_plan_side_by_side_issuer_and_signer_from_left_column(void)
{
    kh_test_ctx t;
    run_normalized(&t, "ỦY BAN NHÂN DÂN                     SỞ Y TẾ TỈNH TIỀN GIANG\n"
                       "HUYỆN CHÂU THÀNH\n-------                             -------\n\n"
                       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\n"
                       "Số: 87/KHLN-UBND-SYT\n\nChâu Thành, ngày 05 tháng 3 năm 2024\n\n"
                       "KẾ HOẠCH LIÊN NGÀNH\n\nTổ chức chiến dịch tiêm vắc xin năm 2024\n\n"
                       "I. MỤC ĐÍCH\n\n- Nội dung.\n\n"
                       "TM. ỦY BAN NHÂN DÂN                SỞ Y TẾ\n"
                       "KT. CHỦ TỊCH                       GIÁM ĐỐC\n"
                       "PHÓ CHỦ TỊCH\n\n\n\n"
                       "Nguyễn Thành Được                  Đặng Văn Chính\n\n"
                       "Nơi nhận:\n- UBND tỉnh (để b/c);\n- Lưu: VT.\n");
    kh_document *d = &t.res.doc;
    CHECK(d->issuer != NULL);
    if (d->issuer) {
        CHECK_STR(d->issuer->name, "Ủy ban nhân dân huyện Châu Thành");
        CHECK_STR(d->issuer->short_name, "UBND huyện Châu Thành");
        CHECK_STR(d->issuer->level, "district");
        CHECK_STR(d->issuer->area, "Châu Thành");
    }
    CHECK_STR(d->place, "Châu Thành");
    CHECK(d->signer != NULL);
    if (d->signer) {
        CHECK_STR(d->signer->name, "Nguyễn Thành Được");
        CHECK_STR(d->signer->position, "Phó Chủ tịch");
        CHECK_STR(d->signer->capacity, "TM. Ủy ban nhân dân, KT. Chủ tịch");
    }
    CHECK_INT(d->distribution.n, 2);
    CHECK(has_diag(&t, "joint_issuers"));
    CHECK(strstr(diag_msg(&t, "joint_issuers"), "Sở Y tế tỉnh Tiền Giang") != NULL);
    CHECK(strstr(diag_msg(&t, "joint_issuers"), "Đặng Văn Chính") != NULL);
    /* the same lines with the gap lost (one space): merged as before, no joint diagnostic */
    kh_test_ctx_free(&t);
    run_normalized(&t, "ỦY BAN NHÂN DÂN SỞ Y TẾ TỈNH TIỀN GIANG\nHUYỆN CHÂU THÀNH\n\n"
                       "Số: 87/KHLN-UBND-SYT\n\nChâu Thành, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n\nTiêu đề\n");
    CHECK(!has_diag(&t, "joint_issuers"));
    kh_test_ctx_free(&t);
}

/* The ordinary two-column layout exported with wide gaps: issuer | motto, number |
 * place-date, and Nơi nhận / distribution | signature. The header splits at the motto
 * as before; a distribution item keeps only its column and the position / name beside
 * it go to the signer. */
static void test_two_column_export_with_wide_gaps_splits_header_and_closing(void)
{
    kh_test_ctx t;
    run_normalized(&t, "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                       "TỈNH YÊN BÁI                       Độc lập - Tự do - Hạnh phúc\n"
                       "-------                            ---------------\n"
                       "Số: 14/KH-UBND                     Yên Bái, ngày 17 tháng 01 năm 2024\n\n"
                       "KẾ HOẠCH\nCông tác truyền thông chính sách năm 2024\n\nI. MỤC ĐÍCH\n\n- Nội dung.\n\n"
                       "Nơi nhận:                          KT. CHỦ TỊCH\n"
                       "- Bộ Thông tin và Truyền thông;    PHÓ CHỦ TỊCH\n"
                       "- Các sở (để thực hiện);           (Đã ký)\n"
                       "- Lưu: VT, TH.                     Vũ Thị Hiền Hạnh\n");
    kh_document *d = &t.res.doc;
    CHECK(d->issuer != NULL);
    if (d->issuer)
        CHECK_STR(d->issuer->name, "Ủy ban nhân dân tỉnh Yên Bái");
    CHECK_STR(d->number, "14/KH-UBND");
    CHECK_STR(d->place, "Yên Bái");
    CHECK_STR(d->date.s, "2024-01-17");
    CHECK_STR(d->title, "Công tác truyền thông chính sách năm 2024");
    CHECK(d->signer != NULL);
    if (d->signer) {
        CHECK_STR(d->signer->name, "Vũ Thị Hiền Hạnh");
        CHECK_STR(d->signer->position, "Phó Chủ tịch");
        CHECK_STR(d->signer->capacity, "KT. Chủ tịch");
    }
    CHECK_INT(d->distribution.n, 3);
    if (d->distribution.n == 3) {
        CHECK_STR(d->distribution.v[0], "Bộ Thông tin và Truyền thông");
        CHECK_STR(d->distribution.v[1], "Các sở (để thực hiện)");
        CHECK_STR(d->distribution.v[2], "Lưu: VT, TH");
    }
    CHECK(!has_diag(&t, "joint_issuers"));
    CHECK(!has_diag(&t, "signer_position_missing"));
    kh_test_ctx_free(&t);
}

int main(void)
{
    test_province_plan();
    test_party_committee();
    test_urgency_mark_and_board_capacity();
    test_interleaved_markdown();
    test_cong_van();
    test_missing_header();
    test_department();
    test_numbered_addressees();
    test_ministry_spelled_as_body();
    test_joint_blocks_stacked();
    test_decision_with_plan();
    test_places();
    test_signer_name_without_apostrophe();
    test_no_header();
    test_title_starting_with_thuc_hien();
    test_preamble_directly_under_kind_heading();
    test_ubnd_abbreviation_in_issuer_lines();
    test_xa_hoi_in_name_is_not_commune();
    test_body_under_department_or_group_issues_in_own_name();
    test_numbered_committee_and_office_under_people_committee();
    test_youth_union_header();
    test_joint_plan_side_by_side_issuer_and_signer_from_left_column();
    test_two_column_export_with_wide_gaps_splits_header_and_closing();
    TEST_MAIN_END();
}

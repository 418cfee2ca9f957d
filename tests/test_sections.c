/* test_sections.c — kh_segment_body on synthetic bodies: OCR-damaged numbering. */
#include <string.h>
#include "internal.h"
#include "stage_ctx.h"
#include "test.h"

/* Load text into t->res.text (one kh_line per '\n'), whole text as body, run the stage. */
static void run(kh_test_ctx *t, const char *text) { kh_test_segment(t, text, NULL); }

static const kh_section *top(kh_test_ctx *t, size_t i)
{
    return i < t->res.root.nchildren ? t->res.root.children[i] : NULL;
}

/* Party numbering "I-" / "1-" (blind round 5, blind5_kh_huyenuy_giabinh); "1-2 ngày" and
 * "2- " without a title are not headings. */
static void test_party_hyphen_labels(void)
{
    kh_test_ctx t;
    run(&t, "I- MỤC ĐÍCH\n1- Quán triệt sâu sắc.\n2- Xác định nhiệm vụ.\nII- TỔ CHỨC\n1- Ban Tuyên giáo chủ trì.\n"
            "1-2 ngày một lần.\n");
    CHECK_INT((int)t.res.root.nchildren, 2);
    if (t.res.root.nchildren == 2) {
        CHECK_INT((int)top(&t, 0)->nchildren, 2);
        if (top(&t, 0)->nchildren == 2) {
            CHECK_STR(top(&t, 0)->children[1]->label, "2");
            CHECK_STR(top(&t, 0)->children[1]->title, "Xác định nhiệm vụ");
        }
        CHECK_INT((int)top(&t, 1)->nchildren, 1);
    }
    kh_test_ctx_free(&t);
}

/* "N. Unit, Unit, Unit: duty" with three units named by their heads' posts (more than 20
 * words before the colon) is still split into the unit heading and its duty
 * (blind6_ct_kontum_pccr item 4). */
static void test_long_unit_list_before_inline_duty(void)
{
    kh_test_ctx t;
    run(&t, "1. Giám đốc Sở Thông tin và Truyền thông, Giám đốc Đài Phát thanh và Truyền hình tỉnh, "
            "Tổng Biên tập Báo Kon Tum: Thường xuyên tuyên truyền về phòng cháy, chữa cháy rừng.\n");
    CHECK_INT((int)t.res.root.nchildren, 1);
    if (t.res.root.nchildren == 1)
        CHECK_STR(top(&t, 0)->title, "Giám đốc Sở Thông tin và Truyền thông, Giám đốc Đài Phát thanh và "
                                     "Truyền hình tỉnh, Tổng Biên tập Báo Kon Tum");
    kh_test_ctx_free(&t);
}

/* An appendix "PHỤ LỤC" + upper-case title after the body is a level-1 section "Phụ lục";
 * its "(Kèm theo …)" line is dropped and its en-dash rows are "|" table rows, a spaced
 * hyphen staying inside a cell (blind6_kh_stnmt_gialai_phuluc). */
static void test_appendix_with_en_dash_rows(void)
{
    kh_test_ctx t;
    run(&t, "I. MỤC ĐÍCH\nNội dung.\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n(Kèm theo Kế hoạch số 96/KH-STNMT)\n\n"
            "STT. Nhiệm vụ \xe2\x80\x93 Đơn vị chủ trì \xe2\x80\x93 Đơn vị phối hợp \xe2\x80\x93 Thời hạn\n"
            "1. Phát sóng chuyên mục \xe2\x80\x93 Đài Phát thanh - Truyền hình tỉnh \xe2\x80\x93 Sở Y tế "
            "\xe2\x80\x93 Tháng 3 - 4/2025\n");
    CHECK_INT((int)t.res.root.nchildren, 2);
    if (t.res.root.nchildren == 2) {
        CHECK_STR(top(&t, 1)->label, "Phụ lục");
        CHECK_STR(top(&t, 1)->title, "DANH MỤC NHIỆM VỤ");
        CHECK_INT(top(&t, 1)->level, 1);
        CHECK_INT((int)top(&t, 1)->nchildren, 0);
    }
    bool row = false;
    for (size_t i = 0; i < t.res.blocks.n; i++)
        if (t.res.blocks.v[i].line == 9)
            row = !strcmp(t.res.blocks.v[i].text, "1 | Phát sóng chuyên mục | Đài Phát thanh - Truyền hình tỉnh | Sở Y tế | Tháng 3 - 4/2025");
    CHECK(row);
    kh_test_ctx_free(&t);
}

static void test_roman_label_with_ocr_confusions_is_repaired_in_sequence(void)
{
    kh_test_ctx t;
    run(&t, "I. MỤC ĐÍCH\nNội dung.\nII. NHIỆM VỤ\nNội dung.\nI11I. KINH PHÍ THỰC HIỆN\nNội dung.\n"
            "1Y. TỔ CHỨC THỰC HIỆN\nNội dung.");
    CHECK_INT((int)t.res.root.nchildren, 4);
    if (t.res.root.nchildren == 4) {
        CHECK_STR(top(&t, 2)->label, "III");
        CHECK_STR(top(&t, 2)->title, "KINH PHÍ THỰC HIỆN");
        CHECK_STR(top(&t, 3)->label, "IV");
    }
    kh_test_ctx_free(&t);
}

static void test_roman_label_with_stray_punctuation_is_repaired(void)
{
    kh_test_ctx t;
    run(&t, "I. MỤC ĐÍCH\nNội dung.\nI1.: NHIỆM VỤ\nNội dung.");
    CHECK_INT((int)t.res.root.nchildren, 2);
    if (t.res.root.nchildren == 2)
        CHECK_STR(top(&t, 1)->title, "NHIỆM VỤ");
    kh_test_ctx_free(&t);
}

static void test_confused_roman_label_out_of_sequence_or_lower_case_is_not_a_heading(void)
{
    kh_test_ctx t;
    /* "1l." would be II, but III is due; "I1. nội dung" has no capital title */
    run(&t, "I. MỤC ĐÍCH\nNội dung.\nII. NHIỆM VỤ\nNội dung.\n1l. KINH PHÍ\nI1I. kinh phí thực hiện");
    CHECK_INT((int)t.res.root.nchildren, 2);
    kh_test_ctx_free(&t);
    /* no Roman heading before it: not repaired */
    run(&t, "1l. KINH PHÍ\nNội dung.");
    CHECK_INT((int)t.res.root.nchildren, 0);
    kh_test_ctx_free(&t);
}

static void test_list_letter_read_as_symbol_is_repaired_only_where_due(void)
{
    kh_test_ctx t;
    run(&t, "1. Nhiệm vụ\na) Việc một\n- Chủ trì: Sở A.\nb) Việc hai\n- Chủ trì: Sở B.\n"
            "o © Tổ chức họp báo\n- Chủ trì: Sở C.\nd) Đẩy mạnh hoạt động\n- Chủ trì: Sở D.\n"
            "¢) Lặp lại chữ c\n- Chủ trì: Sở E.");
    const kh_section *s = top(&t, 0);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT((int)s->nchildren, 4);
        if (s->nchildren == 4) {
            CHECK_STR(s->children[2]->label, "c");
            CHECK_STR(s->children[2]->title, "Tổ chức họp báo");
            CHECK_STR(s->children[3]->label, "d"); /* "¢)" after d: "c" is not due, stays text */
        }
    }
    kh_test_ctx_free(&t);
}

static void test_symbol_letter_without_open_list_stays_text(void)
{
    kh_test_ctx t;
    run(&t, "1. Nhiệm vụ\n© Bản quyền thuộc về Sở A.\n¢) Giá trị");
    const kh_section *s = top(&t, 0);
    CHECK(s != NULL);
    if (s)
        CHECK_INT((int)s->nchildren, 0);
    kh_test_ctx_free(&t);
}

static void test_ocr_bullet_markers_and_debris_before_bullet(void)
{
    kh_test_ctx t;
    run(&t, "1. Nhiệm vụ\n_ Tăng cường chỉ đạo.\n~ Theo dõi việc thực hiện.\n, - Đơn vị phối hợp: Sở B.\n"
            "_x không phải gạch đầu dòng.");
    int bullets = 0;
    for (size_t i = 0; i < t.res.blocks.n; i++)
        bullets += t.res.blocks.v[i].kind == KH_BLK_BULLET;
    CHECK_INT(bullets, 3);
    bool field = false;
    for (size_t i = 0; i < t.res.blocks.n; i++)
        if (t.res.blocks.v[i].field_label && !strcmp(t.res.blocks.v[i].field_label, "Đơn vị phối hợp"))
            field = true;
    CHECK(field);
    kh_test_ctx_free(&t);
}

static void test_wrapped_heading_ending_with_semicolon_runs_on(void)
{
    kh_test_ctx t;
    /* hard-wrapped body (lines of about the same width) */
    kh_buf b = {0};
    kh_arena *a = kh_arena_new(NULL);
    for (int i = 0; i < 14; i++)
        kh_buf_adds(a, &b, "Nội dung của đoạn văn được ngắt dòng theo độ rộng cố định của trang\n");
    kh_buf_adds(a, &b, "c) Đôn đốc, theo dõi và kiểm tra việc thực hiện quy định của Luật Báo chí;\n"
                       "Nghị định số 09/2017/NĐ-CP ngày 09 tháng 02 năm 2017 của Chính phủ.\n"
                       "- Chủ trì: Sở A.");
    run(&t, kh_buf_cstr(a, &b));
    bool joined = false;
    for (size_t i = 0; i < t.res.blocks.n; i++)
        if (t.res.blocks.v[i].kind == KH_BLK_HEADING && strstr(t.res.blocks.v[i].text, "Nghị định số 09"))
            joined = true;
    CHECK(joined);
    kh_test_ctx_free(&t);
    kh_arena_free(a);
}

/* A target item opening with a percentage ("1. 100% hồ sơ …") is a heading; a number
 * that is not a percentage ("1. 2023 …", "1. 200 tấn") still is not (blind round 7). */
static void test_item_opening_with_percentage(void)
{
    kh_test_ctx t;
    run(&t, "I. MỤC TIÊU\n1. 100% hồ sơ công việc được xử lý trên môi trường mạng.\n2. 95,5% thủ tục hành chính trực tuyến.\n"
            "3. 200 tấn hàng hóa.\n");
    CHECK_INT((int)t.res.root.nchildren, 1);
    if (t.res.root.nchildren == 1) {
        CHECK_INT((int)top(&t, 0)->nchildren, 2);
        if (top(&t, 0)->nchildren == 2)
            CHECK_STR(top(&t, 0)->children[1]->title, "95,5% thủ tục hành chính trực tuyến");
    }
    kh_test_ctx_free(&t);
}

/* OCR puts a blank line inside a paragraph: a bullet ending with "ngày" (or "số") waits
 * for its number, so the line starting with the date goes on with it (seed 002 lines
 * 317-321); a line starting with a digit after a finished sentence starts a paragraph. */
static void test_blank_line_before_awaited_number_is_inside_the_paragraph(void)
{
    kh_test_ctx t;
    run(&t, "1. Sở Thông tin và Truyền thông\n- Là cơ quan đầu mối triển khai Chỉ thị số 07/CT-TTg ngày\n\n"
            "21/3/2023 của Thủ tướng Chính phủ.\n\n- Hướng dẫn các sở thực hiện.\n\n"
            "2024 là năm chuyển đổi số.\n");
    int bullets = 0, paras = 0;
    bool joined = false;
    for (size_t i = 0; i < t.res.blocks.n; i++) {
        const kh_block *bl = &t.res.blocks.v[i];
        bullets += bl->kind == KH_BLK_BULLET;
        paras += bl->kind == KH_BLK_PARA;
        if (bl->kind == KH_BLK_BULLET && strstr(bl->text, "ngày 21/3/2023 của"))
            joined = true;
    }
    CHECK(joined);
    CHECK_INT(bullets, 2);
    CHECK_INT(paras, 1);
    kh_test_ctx_free(&t);
}

int main(void)
{
    test_item_opening_with_percentage();
    test_blank_line_before_awaited_number_is_inside_the_paragraph();
    test_appendix_with_en_dash_rows();
    test_long_unit_list_before_inline_duty();
    test_roman_label_with_ocr_confusions_is_repaired_in_sequence();
    test_party_hyphen_labels();
    test_roman_label_with_stray_punctuation_is_repaired();
    test_confused_roman_label_out_of_sequence_or_lower_case_is_not_a_heading();
    test_list_letter_read_as_symbol_is_repaired_only_where_due();
    test_symbol_letter_without_open_list_stays_text();
    test_ocr_bullet_markers_and_debris_before_bullet();
    test_wrapped_heading_ending_with_semicolon_runs_on();
    TEST_MAIN_END();
}

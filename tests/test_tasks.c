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

/* A plan item carrying its fields in a parenthesis closing its line ("a) X (Chủ trì: A;
 * Phối hợp: B, C; Thời gian: Z).") is one plan task; the parenthesis is not part of the
 * title (section or task). An explaining parenthesis stays in the title. */
static void test_item_fields_in_trailing_parenthesis(void)
{
    kh_test_ctx t;
    run(&t, "II. NHIỆM VỤ\n1. Công tác tuyên truyền\n"
            "a) Tuyên truyền về phòng bệnh (Chủ trì: Phòng Văn hóa - Xã hội; Phối hợp: Trạm Y tế xã, Đoàn Thanh niên xã; Thời gian: Hằng tuần).\n"
            "b) Kiểm tra các cơ sở (theo Kế hoạch số 5/KH-UBND)\n");
    CHECK_INT((int)t.res.tasks.n, 1);
    if (t.res.tasks.n == 1) {
        const kh_task *a = &t.res.tasks.v[0];
        CHECK(!a->assignment);
        CHECK_STR(a->id, "II.1.a");
        CHECK_STR(a->title, "Tuyên truyền về phòng bệnh");
        CHECK_INT((int)a->lead.n, 1);
        CHECK_INT((int)a->coordinate.n, 2);
        if (a->coordinate.n == 2)
            CHECK_STR(a->coordinate.v[0].name, "Trạm Y tế xã");
        CHECK_INT((int)a->deadline.kind, (int)KH_DL_RECURRING);
    }
    const kh_section *ii = t.res.root.children[0];
    CHECK_STR(ii->children[0]->children[0]->title, "Tuyên truyền về phòng bệnh");
    CHECK_STR(ii->children[0]->children[1]->title, "Kiểm tra các cơ sở (theo Kế hoạch số 5/KH-UBND)");
    kh_test_ctx_free(&t);
}

/* "1. Trạm Y tế xã:" is a unit heading ("Trạm" + a capitalised name); a plain paragraph
 * after the last heading's "-" duties that opens with its own subject ("Các đơn vị báo
 * cáo …") is the closing, not one more duty. */
static void test_tram_heading_and_closing_after_bullets(void)
{
    kh_test_ctx t;
    run(&t, "IV. TỔ CHỨC THỰC HIỆN\n1. Trạm Y tế xã:\n- Là cơ quan thường trực, tham mưu triển khai Kế hoạch.\n"
            "2. Công an xã:\n- Bảo đảm an ninh, trật tự.\n"
            "Các đơn vị báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15/12/2025.\n");
    CHECK_INT((int)t.res.tasks.n, 2);
    if (t.res.tasks.n == 2) {
        CHECK_STR(t.res.tasks.v[0].lead.v[0].name, "Trạm Y tế xã");
        CHECK_STR(t.res.tasks.v[1].title, "Bảo đảm an ninh, trật tự");
    }
    kh_test_ctx_free(&t);
    /* a plain paragraph without a subject of its own stays a duty */
    run(&t, "IV. TỔ CHỨC THỰC HIỆN\n1. Công an xã:\n- Bảo đảm an ninh, trật tự.\nTuần tra ban đêm.\n");
    CHECK_INT((int)t.res.tasks.n, 2);
    kh_test_ctx_free(&t);
}

/* "Hằng tuần …" / "Hằng tháng …" opening a duty is its deadline (CORPUS rule 14), like
 * "Định kỳ hằng tuần …". */
static void test_opening_recurrence_is_deadline(void)
{
    kh_test_ctx t;
    run(&t, "IV. TỔ CHỨC THỰC HIỆN\n1. Tổ Toán\n- Hằng tuần tổng hợp tình hình học sinh vắng học.\n"
            "- Tổng hợp kết quả hằng tuần.\n");
    CHECK_INT((int)t.res.tasks.n, 2);
    if (t.res.tasks.n == 2) {
        CHECK_INT((int)t.res.tasks.v[0].deadline.kind, (int)KH_DL_RECURRING);
        CHECK_STR(t.res.tasks.v[0].deadline.text, "Hằng tuần");
        CHECK_INT((int)t.res.tasks.v[1].deadline.kind, (int)KH_DL_UNSPECIFIED);
    }
    kh_test_ctx_free(&t);
}

/* Plan-field labels damaged by OCR keep their role (seed 002: "Thốt gian thực hiện" is the
 * time, not a lead because it contains "thực hiện"; "bốn vị Hì hợp" is "Đơn vị phối hợp");
 * a label far from every usual one is not forced into a role. */
static void test_damaged_field_labels(void)
{
    kh_test_ctx t;
    run(&t, "II. NHIỆM VỤ\n1. Truyền thông\na) Thông tin, tuyên truyền các chính sách\n"
            "- Đơn vị chủ trì thực hiện: Sở Thông tin và Truyền thông.\n"
            "- bốn vị Hì hợp: các Sở, Ban, ngành, địa phương của tỉnh.\n"
            "- Thốt gian thực hiện: Thường xuyên/liên tục.\n");
    CHECK_INT((int)t.res.tasks.n, 1);
    if (t.res.tasks.n == 1) {
        const kh_task *a = &t.res.tasks.v[0];
        CHECK_INT((int)a->lead.n, 1);
        CHECK_INT((int)a->coordinate.n, 1);
        CHECK_INT((int)a->deadline.kind, (int)KH_DL_ONGOING);
    }
    kh_test_ctx_free(&t);
}

/* Plan tasks written inline, one per "-" line with their fields after ";" (blind round 8,
 * blind8_kh_svhttdl_quangninh_inline): one task per such bullet, id = item path + the
 * bullet's index; a bullet without a unit field is no task. */
static void test_inline_bullet_tasks(void)
{
    kh_test_ctx t;
    run(&t, "II. NỘI DUNG\n1. Công tác tuyên truyền\n"
            "- Tổ chức các hoạt động hưởng ứng Ngày Gia đình Việt Nam 28/6; đơn vị thực hiện: Phòng Văn hóa; phối hợp: "
            "Công an tỉnh, Sở Y tế; thời gian: Trong quý II/2026.\n"
            "- Duy trì đường dây nóng; thời gian: Năm 2026.\n"
            "- Biên soạn tài liệu tuyên truyền; đơn vị thực hiện: Trung tâm Văn hóa tỉnh; thời gian: Trong quý III/2026.\n");
    CHECK_INT((int)t.res.tasks.n, 2);
    if (t.res.tasks.n == 2) {
        const kh_task *a = &t.res.tasks.v[0], *b = &t.res.tasks.v[1];
        CHECK_STR(a->id, "II.1.1");
        CHECK_STR(a->title, "Tổ chức các hoạt động hưởng ứng Ngày Gia đình Việt Nam 28/6");
        CHECK_INT((int)a->lead.n, 1);
        CHECK_INT((int)a->coordinate.n, 2);
        CHECK_STR(a->deadline.text, "Trong quý II/2026");
        CHECK_STR(b->id, "II.1.3");
        CHECK_STR(b->title, "Biên soạn tài liệu tuyên truyền");
        CHECK_INT((int)b->coordinate.n, 0);
    }
    kh_test_ctx_free(&t);
}

/* A colon-less unit heading whose name is only partly read as units ("2. UBND các xã
 * Hương Lâm, Phú Gia" — place names after the first) still heads the "-" duties below it
 * (blind9_kh_huyen_huongkhe_nhiemvu); a heading line that is a sentence closed by ':'
 * ("Đề nghị UBND các huyện chỉ đạo UBND cấp xã:") is not read so. */
static void test_colonless_unit_heading_with_bullets(void)
{
    kh_test_ctx t;
    run(&t, "I. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa và Thông tin\nTheo dõi thực hiện Kế hoạch.\n"
            "2. UBND các xã Hương Lâm, Phú Gia, Hòa Hải\n"
            "- Tuyên truyền, vận động người dân.\n- Quản lý cảnh quan tại các điểm du lịch.\n");
    CHECK_INT((int)t.res.tasks.n, 3);
    if (t.res.tasks.n == 3) {
        const kh_task *b = &t.res.tasks.v[1];
        CHECK_STR(b->id, "I.2.1");
        CHECK_INT((int)b->lead.n, 1);
        if (b->lead.n == 1)
            CHECK_STR(b->lead.v[0].name, "UBND các xã Hương Lâm, Phú Gia, Hòa Hải");
        CHECK_STR(t.res.tasks.v[2].id, "I.2.2");
    }
    kh_test_ctx_free(&t);
}

/* An all-caps section title ("I. ĐÁNH GIÁ CHUNG") of a Thông báo is not a unit, so its
 * assessment paragraph is no duty (blind9_tb_ketluan_caobang). */
static void test_caps_title_is_not_unit(void)
{
    kh_test_ctx t;
    kh_test_segment(&t, "I. ĐÁNH GIÁ CHUNG\nNăm 2024, các chương trình đạt kết quả tích cực.\n"
                        "II. KẾT LUẬN\n1. Giao Sở Tài chính bố trí vốn đối ứng.\n", NULL);
    t.res.doc.kind = "thong_bao";
    kh_extract_tasks(&t.ctx);
    CHECK_INT((int)t.res.tasks.n, 1);
    if (t.res.tasks.n == 1)
        CHECK_STR(t.res.tasks.v[0].id, "II.1");
    kh_test_ctx_free(&t);
}

/* A unit heading printed in capitals ("1. SỞ TƯ PHÁP" / "2. CÔNG AN TỈNH") with "-" duties
 * is still a unit heading: the all-caps guard above must not drop it (regression of the
 * guard's first version, found on a hand-made plan after round 9). */
static void test_caps_unit_heading(void)
{
    kh_test_ctx t;
    kh_test_segment(&t, "II. TỔ CHỨC THỰC HIỆN\n1. SỞ TƯ PHÁP\n"
                        "- Chủ trì hướng dẫn các cơ quan triển khai Kế hoạch.\n"
                        "2. CÔNG AN TỈNH\n- Phối hợp với Sở Tư pháp tuyên truyền pháp luật.\n", NULL);
    kh_extract_tasks(&t.ctx);
    CHECK_INT((int)t.res.tasks.n, 2);
    if (t.res.tasks.n == 2) {
        const kh_task *a = &t.res.tasks.v[0], *b = &t.res.tasks.v[1];
        CHECK_STR(a->id, "II.1.1");
        CHECK_INT((int)a->lead.n, 1);
        if (a->lead.n == 1)
            CHECK_STR(a->lead.v[0].name, "Sở Tư pháp");
        CHECK_INT((int)b->coordinate.n, 1);
        if (b->coordinate.n == 1)
            CHECK_STR(b->coordinate.v[0].name, "Công an tỉnh");
    }
    kh_test_ctx_free(&t);
}

/* "(Thời hạn: …)" closing a numbered request that opens with its own subject ("3. UBND
 * các huyện chỉ đạo … (Thời hạn: …).") is its deadline and not part of its title
 * (blind9_cv_stc_laichau_dutoan). */
static void test_subject_item_trailing_deadline(void)
{
    kh_test_ctx t;
    kh_test_segment(&t, "1. Các cơ quan, đơn vị lập dự toán năm 2026.\n"
                        "2. UBND các huyện, thành phố chỉ đạo các xã xây dựng dự toán (Thời hạn: trước ngày 05/8/2025).\n", NULL);
    t.res.doc.kind = "cong_van";
    kh_extract_tasks(&t.ctx);
    CHECK_INT((int)t.res.tasks.n, 2);
    if (t.res.tasks.n == 2) {
        const kh_task *b = &t.res.tasks.v[1];
        CHECK_STR(b->title, "UBND các huyện, thành phố chỉ đạo các xã xây dựng dự toán");
        CHECK_STR(b->deadline.end.s, "2025-08-05");
    }
    kh_test_ctx_free(&t);
}

/* A plan section that only points to the appendix while naming the field words ("Các
 * nhiệm vụ cụ thể, đơn vị chủ trì, đơn vị phối hợp … tại Phụ lục …") is no task
 * (blind9_kh_bgddt_kynangso_phuluc); "Sở X chủ trì, phối hợp với Sở Y …" still is. */
static void test_appendix_pointer_is_not_task(void)
{
    kh_test_ctx t;
    run(&t, "II. NHIỆM VỤ VÀ GIẢI PHÁP\nCác nhiệm vụ cụ thể, đơn vị chủ trì, đơn vị phối hợp và thời gian "
            "hoàn thành tại Phụ lục kèm theo Kế hoạch này.\n"
            "III. KIỂM TRA\nSở Tư pháp chủ trì, phối hợp với Sở Nội vụ kiểm tra việc thực hiện.\n");
    CHECK_INT((int)t.res.tasks.n, 1);
    if (t.res.tasks.n == 1)
        CHECK_STR(t.res.tasks.v[0].id, "III");
    kh_test_ctx_free(&t);
}

int main(void)
{
    test_appendix_pointer_is_not_task();
    test_subject_item_trailing_deadline();
    test_colonless_unit_heading_with_bullets();
    test_caps_title_is_not_unit();
    test_caps_unit_heading();
    test_inline_bullet_tasks();
    test_damaged_field_labels();
    test_opening_recurrence_is_deadline();
    test_trailing_labelled_deadline();
    test_item_fields_in_trailing_parenthesis();
    test_tram_heading_and_closing_after_bullets();
    TEST_MAIN_END();
}

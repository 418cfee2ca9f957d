/* test_reporting.c — budget and reporting duties (src/reporting.c) on hand-built
 * sections and blocks. */
#include "test.h"
#include "stage_ctx.h"

static kh_test_ctx T;

static size_t add_block(kh_block_kind kind, char marker, const char *text, kh_section *sec, int line)
{
    kh_block b = {0};
    b.kind = kind;
    b.marker = marker;
    b.text = kh_strdup(T.ctx.arena, text);
    b.len = strlen(text);
    b.section = sec;
    b.line = b.last_line = line;
    KH_PUSH(T.ctx.arena, T.res.blocks, b);
    return T.res.blocks.n - 1;
}

static kh_section *add_section(kh_section *parent, const char *label, const char *title, int line)
{
    kh_section *s = kh_alloc(T.ctx.arena, sizeof *s);
    s->label = kh_strdup(T.ctx.arena, label);
    s->title = kh_strdup(T.ctx.arena, title);
    s->level = parent->level + 1;
    s->line = line;
    s->parent = parent;
    s->scheme = KH_NUM_ROMAN;
    if (parent->nchildren == parent->cap)
        parent->children = kh_grow(T.ctx.arena, parent->children, &parent->cap, parent->nchildren + 1,
                                   sizeof *parent->children);
    parent->children[parent->nchildren++] = s;
    char *h = kh_sprintf(T.ctx.arena, "%s. %s", label, title);
    s->heading_block = add_block(KH_BLK_HEADING, 0, h, s, line);
    s->block_begin = s->heading_block + 1;
    s->block_end = s->block_begin;
    return s;
}

static void close_section(kh_section *s)
{
    s->block_end = T.res.blocks.n;
}

static void fresh(void)
{
    kh_test_ctx_init(&T);
    if (setjmp(T.env)) {
        fprintf(stderr, "stage aborted\n");
        exit(1);
    }
}

/* "Định kỳ hằng quý, … báo cáo … trước ngày 20 của tháng cuối quý": the period opening the
 * sentence is the deadline (CORPUS.md rule 11). */
static void test_period_opening_sentence_is_the_deadline(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "V", "CHẾ ĐỘ BÁO CÁO", 10);
    add_block(KH_BLK_PARA, 0,
              "Định kỳ hằng quý, các sở, ban, ngành, UBND các huyện, thành phố báo cáo kết quả thực hiện Kế hoạch "
              "về Sở Thông tin và Truyền thông trước ngày 20 của tháng cuối quý để tổng hợp, báo cáo UBND tỉnh.",
              s, 11);
    close_section(s);
    kh_section *t = add_section(&T.res.root, "VI", "TỔ CHỨC THỰC HIỆN", 20);
    add_block(KH_BLK_PARA, 0,
              "Định kỳ hằng quý, các cơ quan, đơn vị, địa phương báo cáo kết quả về Ban Dân tộc tỉnh trước ngày 15 "
              "của tháng cuối quý để tổng hợp.", t, 21);
    close_section(t);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 2);
    for (size_t i = 0; i < T.res.reporting.n && i < 2; i++) {
        kh_report *r = &T.res.reporting.v[i];
        CHECK_STR(r->deadline.text, "Định kỳ hằng quý");
        CHECK_INT(r->deadline.kind, KH_DL_RECURRING);
        CHECK_INT(r->deadline.recurrence, KH_REC_QUARTERLY);
        CHECK_STR(r->to, i == 0 ? "Sở Thông tin và Truyền thông" : "Ban Dân tộc tỉnh");
    }
    kh_test_ctx_free(&T);
}

/* "về Vụ Kế hoạch - Tài chính" is a destination; "Định kỳ 6 tháng tổng hợp …, báo cáo Bộ
 * trưởng" reports to a person. */
static void test_report_to_ministry_body_and_person(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "D", "TỔ CHỨC THỰC HIỆN", 70);
    add_block(KH_BLK_PARA, 0,
              "Căn cứ nhiệm vụ được giao, chủ động xây dựng kế hoạch chi tiết và tổ chức triển khai thực hiện; báo "
              "cáo kết quả về Vụ Kế hoạch - Tài chính trước ngày 15/12/2024 để tổng hợp, báo cáo Lãnh đạo Bộ.", s, 74);
    add_block(KH_BLK_BULLET, '-', "Định kỳ 6 tháng tổng hợp kết quả thực hiện Kế hoạch, báo cáo Bộ trưởng.", s, 80);
    add_block(KH_BLK_BULLET, '-', "Hằng năm tổng hợp kết quả, báo cáo Chủ tịch UBND tỉnh.", s, 81);
    add_block(KH_BLK_BULLET, '-', "6 tháng đầu năm 2025 hoàn thành rà soát, báo cáo Lãnh đạo Bộ.", s, 82);
    close_section(s);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 3);
    if (T.res.reporting.n == 3) {
        kh_report *a = &T.res.reporting.v[0], *b = &T.res.reporting.v[1], *c = &T.res.reporting.v[2];
        CHECK_STR(a->to, "Vụ Kế hoạch - Tài chính");
        CHECK_STR(a->deadline.text, "trước ngày 15/12/2024");
        CHECK_STR(b->text, "Định kỳ 6 tháng tổng hợp kết quả thực hiện Kế hoạch, báo cáo Bộ trưởng");
        CHECK_STR(b->deadline.text, "Định kỳ 6 tháng");
        CHECK_INT(b->deadline.recurrence, KH_REC_SEMIANNUAL);
        CHECK_STR(b->to, "Bộ trưởng");
        CHECK_INT(b->line, 80);
        CHECK_STR(c->deadline.text, "Hằng năm");
        CHECK_STR(c->to, "Chủ tịch UBND tỉnh");
    }
    kh_test_ctx_free(&T);
}

/* A recurrence opening the clause that reports, after "; " (blind round 5,
 * blind5_kh_huyenuy_giabinh line 65); the item's label "7-" is not part of the text. */
static void test_period_opening_a_later_clause(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "7",
                                "Văn phòng Huyện ủy theo dõi, đôn đốc việc thực hiện Kế hoạch; định kỳ 6 tháng tổng "
                                "hợp kết quả, báo cáo Ban Thường vụ Huyện ủy và Ban Thường vụ Tỉnh ủy", 65);
    kh_block *hb = &T.res.blocks.v[s->heading_block]; /* printed "7- …" (Party numbering) */
    hb->text = kh_sprintf(T.ctx.arena, "7- %s", s->title);
    hb->len = strlen(hb->text);
    close_section(s);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 1);
    if (T.res.reporting.n == 1) {
        kh_report *r = &T.res.reporting.v[0];
        CHECK_STR(r->deadline.text, "định kỳ 6 tháng");
        CHECK_INT(r->deadline.recurrence, KH_REC_SEMIANNUAL);
        CHECK_STR(r->to, "Ban Thường vụ Huyện ủy");
    }
    kh_test_ctx_free(&T);
}

/* An hour before the day of the limit (blind round 5, blind5_cv_hoatoc_quangninh line 59). */
static void test_limit_with_hour(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "1", "Nhiệm vụ", 10);
    add_block(KH_BLK_PARA, 0, "Các sở, ngành, địa phương báo cáo tình hình về UBND tỉnh (qua Sở Nông nghiệp và Phát triển "
                "nông thôn) trước 15 giờ ngày 06/9/2024 để tổng hợp.", s, 12);
    close_section(s);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 1);
    if (T.res.reporting.n == 1) {
        kh_report *r = &T.res.reporting.v[0];
        CHECK_STR(r->deadline.text, "trước 15 giờ ngày 06/9/2024");
        CHECK_STR(r->deadline.end.s, "2024-09-06");
        CHECK_STR(r->to, "Sở Nông nghiệp và Phát triển nông thôn");
    }
    kh_test_ctx_free(&T);
}

/* "(qua Y)" after a body named by its head noun alone is where the report goes
 * (blind6_kh_evnspc_tietkiemdien line 66); after two addressees it belongs to the second,
 * and the report goes to the first (blind6_kh_hue_pdfpages line 65). */
static void test_via_after_bare_body_and_after_two_addressees(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "IV", "Chế độ báo cáo", 60);
    add_block(KH_BLK_PARA, 0, "Các Công ty Điện lực báo cáo kết quả thực hiện tiết kiệm điện về Tổng công ty "
                "(qua Ban Kinh doanh) trước ngày 05 hằng tháng.", s, 62);
    add_block(KH_BLK_PARA, 0, "Định kỳ hằng quý tổng hợp tình hình, báo cáo UBND thành phố và Bộ Công an (qua Cục "
                "An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao) trước ngày 20 của tháng cuối quý.", s, 63);
    close_section(s);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 2);
    if (T.res.reporting.n == 2) {
        CHECK_STR(T.res.reporting.v[0].to, "Ban Kinh doanh");
        CHECK_STR(T.res.reporting.v[1].to, "UBND thành phố");
    }
    kh_test_ctx_free(&T);
}

/* A Công văn's numbered duties are headings: "7. Định kỳ hằng tháng báo cáo …" is a report. */
static void test_numbered_duty_heading_reports(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "7",
                                "Định kỳ hằng tháng báo cáo tình hình quản lý, sử dụng đất đai trên địa bàn về UBND "
                                "huyện (qua Phòng Tài nguyên và Môi trường)", 34);
    close_section(s);
    kh_section *t = add_section(&T.res.root, "8", "Chế độ báo cáo", 36);
    close_section(t);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 1);
    if (T.res.reporting.n == 1) {
        kh_report *r = &T.res.reporting.v[0];
        CHECK_STR(r->deadline.text, "Định kỳ hằng tháng");
        CHECK_INT(r->deadline.recurrence, KH_REC_MONTHLY);
        CHECK_STR(r->to, "Phòng Tài nguyên và Môi trường");
        CHECK_INT(r->line, 34);
    }
    kh_test_ctx_free(&T);
}

/* "báo cáo Chủ tịch UBND tỉnh kết quả thực hiện trước ngày …": the recipient ends before
 * the object of the report ("kết quả", "tình hình", "việc"). */
static void test_report_recipient_ends_before_its_object(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "IV", "TỔ CHỨC THỰC HIỆN", 30);
    add_block(KH_BLK_BULLET, '-',
              "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc các cơ quan, đơn vị, địa phương thực hiện Thông báo này; "
              "tổng hợp, báo cáo Chủ tịch UBND tỉnh kết quả thực hiện trước ngày 30/6/2024.", s, 40);
    add_block(KH_BLK_BULLET, '-', "Tổng hợp, báo cáo Lãnh đạo Bộ kết quả thực hiện Kế hoạch trước ngày 10/12/2025.", s, 41);
    add_block(KH_BLK_BULLET, '-', "Tổng hợp, báo cáo UBND huyện kết quả thực hiện trước ngày 05/12/2025.", s, 42);
    add_block(KH_BLK_BULLET, '-', "Báo cáo UBND tỉnh tình hình thực hiện trước ngày 15/12/2025.", s, 43);
    add_block(KH_BLK_BULLET, '-', "Báo cáo Chủ tịch Ủy ban nhân dân tỉnh việc triển khai trước ngày 15/12/2025.", s, 44);
    close_section(s);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 5);
    static const char *const want[] = {"Chủ tịch UBND tỉnh", "Lãnh đạo Bộ", "UBND huyện", "UBND tỉnh",
                                       "Chủ tịch Ủy ban nhân dân tỉnh"};
    for (size_t i = 0; i < T.res.reporting.n && i < 5; i++)
        CHECK_STR(T.res.reporting.v[i].to, want[i]);
    kh_test_ctx_free(&T);
}

/* A school reports to its head: "báo cáo Hiệu trưởng", "báo cáo Phó Hiệu trưởng phụ trách
 * chuyên môn" (the post with its remit), ending before the time phrase (blind round 7). */
static void test_report_to_school_head(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "IV", "TỔ CHỨC THỰC HIỆN", 50);
    add_block(KH_BLK_BULLET, '-', "Hằng tuần tổng hợp tình hình học sinh vắng học, báo cáo Phó Hiệu trưởng phụ trách "
                "chuyên môn.", s, 54);
    add_block(KH_BLK_BULLET, '-', "Định kỳ hằng tháng đánh giá kết quả ôn tập, báo cáo Hiệu trưởng trước ngày 05 của "
                "tháng sau.", s, 59);
    close_section(s);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 2);
    if (T.res.reporting.n == 2) {
        CHECK_STR(T.res.reporting.v[0].to, "Phó Hiệu trưởng phụ trách chuyên môn");
        CHECK_STR(T.res.reporting.v[1].to, "Hiệu trưởng");
    }
    kh_test_ctx_free(&T);
}

/* Two limits joined by "và", each with its parenthesis, are one deadline whose end is the
 * last (CORPUS rule 2; blind7_khlt_syt_hctd_nghean line 55). */
static void test_two_limits_joined_by_va(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "IV", "CHẾ ĐỘ BÁO CÁO", 54);
    add_block(KH_BLK_PARA, 0, "Hội Chữ thập đỏ các xã, phường báo cáo kết quả về Hội Chữ thập đỏ tỉnh trước ngày "
                "15/02/2026 (đợt Lễ hội Xuân hồng) và trước ngày 30/11/2026 (cả năm).", s, 55);
    close_section(s);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 1);
    if (T.res.reporting.n == 1) {
        kh_report *r = &T.res.reporting.v[0];
        CHECK_STR(r->deadline.text, "trước ngày 15/02/2026 (đợt Lễ hội Xuân hồng) và trước ngày 30/11/2026 (cả năm)");
        CHECK_STR(r->deadline.end.s, "2026-11-30");
        CHECK_STR(r->to, "Hội Chữ thập đỏ tỉnh");
    }
    kh_test_ctx_free(&T);
}

/* A period and a limit in one sentence (blind round 8, blind8_kh_bcd389_langson III.4): the
 * period is the deadline (CORPUS choice 11), wherever it stands; a limit that recurs in
 * its own words ("trước ngày 30/6 hằng năm") stays one limit. */
static void test_period_after_verb_with_limit(void)
{
    fresh();
    kh_section *s = add_section(&T.res.root, "III", "TỔ CHỨC THỰC HIỆN", 50);
    add_block(KH_BLK_PARA, 0,
              "Các thành viên Ban Chỉ đạo báo cáo kết quả thực hiện hằng quý về Cơ quan Thường trực (qua Phòng Cảnh "
              "sát kinh tế Công an tỉnh) trước ngày 20 của tháng cuối quý để tổng hợp.", s, 51);
    add_block(KH_BLK_PARA, 0, "Các đơn vị báo cáo kết quả về Sở Y tế trước ngày 30/6 hằng năm.", s, 52);
    close_section(s);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 2);
    if (T.res.reporting.n == 2) {
        CHECK_STR(T.res.reporting.v[0].deadline.text, "hằng quý");
        CHECK_INT(T.res.reporting.v[0].deadline.recurrence, KH_REC_QUARTERLY);
        CHECK_STR(T.res.reporting.v[0].to, "Phòng Cảnh sát kinh tế Công an tỉnh");
        CHECK_STR(T.res.reporting.v[1].deadline.text, "trước ngày 30/6 hằng năm");
    }
    kh_test_ctx_free(&T);
}

int main(void)
{
    test_period_after_verb_with_limit();
    kh_test_ctx_init(&T);
    if (setjmp(T.env)) {
        fprintf(stderr, "stage aborted\n");
        return 1;
    }
    kh_section *root = &T.res.root;

    kh_section *s2 = add_section(root, "II", "NỘI DUNG", 10);
    add_block(KH_BLK_BULLET, '-', "Chủ trì: Sở Tài chính.", s2, 11);
    add_block(KH_BLK_PARA, 0,
              "Sở Tài chính tổng hợp báo cáo UBND tỉnh bố trí kinh phí trong dự toán được giao hàng năm.", s2, 12);
    add_block(KH_BLK_PARA, 0,
              "Tổng hợp kết quả thực hiện, báo cáo UBND tỉnh, Bộ Thông tin và Truyền thông theo quy định.", s2, 13);
    close_section(s2);

    kh_section *s3 = add_section(root, "III", "KINH PHÍ THỰC HIỆN", 20);
    add_block(KH_BLK_BULLET, '-', "Kinh phí thực hiện Kế hoạch được trích từ nguồn ngân sách (nếu có).", s3, 21);
    add_block(KH_BLK_BULLET, '-', "Hằng năm các cơ quan, đơn vị chủ động xây dựng dự toán kinh phí.", s3, 22);
    close_section(s3);

    kh_section *s4 = add_section(root, "IV", "CHẾ ĐỘ BÁO CÁO", 30);
    add_block(KH_BLK_PARA, 0,
              "Các sở, ban, ngành, Ủy ban nhân dân huyện, thị xã, thành phố báo cáo kết quả công tác truyền thông "
              "chính sách 6 tháng và cuối năm gửi Sở Thông tin và Truyền thông tổng hợp, báo cáo Ủy ban nhân dân "
              "tỉnh theo quy định.", s4, 31);
    add_block(KH_BLK_PARA, 0,
              "Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cơ quan kịp thời báo cáo UBND "
              "tỉnh (qua Sở Thông tin và Truyền thông) để xem xét, giải quyết./.", s4, 33);
    close_section(s4);

    /* the closing formula belongs to no section */
    add_block(KH_BLK_PARA, 0,
              "Trên đây là Kế hoạch năm 2024. Đề nghị các cơ quan, đơn vị, địa phương nghiêm túc triển khai, thực "
              "hiện; đồng thời gửi báo cáo kết quả thực hiện gửi về Sở TT&TT trước ngày 20/11/2024 để tổng hợp, "
              "báo cáo Ủy ban nhân dân tỉnh./.", NULL, 40);

    kh_extract_budget(&T.ctx);
    CHECK_STR(T.res.budget,
              "- Kinh phí thực hiện Kế hoạch được trích từ nguồn ngân sách (nếu có).\n"
              "- Hằng năm các cơ quan, đơn vị chủ động xây dựng dự toán kinh phí.");

    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 2);
    if (T.res.reporting.n == 2) {
        kh_report *r = &T.res.reporting.v[0];
        CHECK_STR(r->deadline.text, "6 tháng và cuối năm");
        CHECK_INT(r->deadline.kind, KH_DL_RECURRING);
        CHECK_INT(r->deadline.recurrence, KH_REC_SEMIANNUAL);
        CHECK_STR(r->to, "Sở Thông tin và Truyền thông");
        CHECK_INT(r->line, 31);
        CHECK(r->text && strstr(r->text, "theo quy định") && r->text[strlen(r->text) - 1] != '.');
        r = &T.res.reporting.v[1];
        CHECK_STR(r->text, "Đề nghị các cơ quan, đơn vị, địa phương nghiêm túc triển khai, thực hiện; đồng thời gửi "
                           "báo cáo kết quả thực hiện gửi về Sở TT&TT trước ngày 20/11/2024 để tổng hợp, báo cáo "
                           "Ủy ban nhân dân tỉnh");
        CHECK_STR(r->deadline.text, "trước ngày 20/11/2024");
        CHECK_INT(r->deadline.kind, KH_DL_BY_DATE);
        CHECK_STR(r->deadline.end.s, "2024-11-20");
        CHECK_STR(r->to, "Sở TT&TT"); /* as written */
    }

    /* a second parse: no budget section, a dated recurrence in parentheses */
    kh_test_ctx_free(&T);
    kh_test_ctx_init(&T);
    if (setjmp(T.env)) {
        fprintf(stderr, "stage aborted\n");
        return 1;
    }
    root = &T.res.root;
    kh_section *s5 = add_section(root, "V", "Chế độ thông tin, báo cáo", 50);
    add_block(KH_BLK_PARA, 0,
              "Các sở, ban, ngành, UBND các huyện, thành phố báo cáo kết quả công tác truyền thông chính sách hằng "
              "năm (trước ngày 15 tháng 11) gửi Sở Thông tin và Truyền thông tổng hợp.", s5, 51);
    close_section(s5);
    /* outside the section: a recurrence timing the verb, a "(qua X)" desk; a duty with
     * no date is not a report */
    kh_section *s6 = add_section(root, "VI", "TỔ CHỨC THỰC HIỆN", 60);
    add_block(KH_BLK_BULLET, '-', "Định kỳ 6 tháng báo cáo kết quả thực hiện về UBND huyện (qua Hạt Kiểm lâm huyện).",
              s6, 61);
    add_block(KH_BLK_BULLET, '-', "Tổng hợp kết quả, báo cáo UBND tỉnh theo quy định.", s6, 62);
    close_section(s6);
    kh_extract_budget(&T.ctx);
    CHECK(T.res.budget == NULL);
    kh_extract_reporting(&T.ctx);
    CHECK_INT(T.res.reporting.n, 2);
    if (T.res.reporting.n == 2) {
        kh_report *q = &T.res.reporting.v[1];
        CHECK_STR(q->deadline.text, "Định kỳ 6 tháng");
        CHECK_INT(q->deadline.recurrence, KH_REC_SEMIANNUAL);
        CHECK_STR(q->to, "Hạt Kiểm lâm huyện");
        CHECK_INT(q->line, 61);
        kh_report *r = &T.res.reporting.v[0];
        CHECK_STR(r->deadline.text, "hằng năm (trước ngày 15 tháng 11)");
        CHECK_INT(r->deadline.kind, KH_DL_RECURRING);
        CHECK_INT(r->deadline.recurrence, KH_REC_ANNUAL);
        CHECK_INT(r->deadline.nkinds, 0);
        CHECK_STR(r->to, "Sở Thông tin và Truyền thông");
    }
    kh_test_ctx_free(&T);

    test_period_opening_sentence_is_the_deadline();
    test_report_to_ministry_body_and_person();
    test_two_limits_joined_by_va();
    test_report_to_school_head();
    test_report_recipient_ends_before_its_object();
    test_numbered_duty_heading_reports();
    test_via_after_bare_body_and_after_two_addressees();
    test_period_opening_a_later_clause();
    test_limit_with_hour();
    TEST_MAIN_END();
}

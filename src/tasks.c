/* tasks.c — every assigned piece of work (OUTPUT.md "tasks").
 *
 * Two sources:
 *  - plan: a numbered item whose own blocks carry unit/time fields
 *    ("- Chủ trì: …", "- Đơn vị phối hợp: …", "- Thời gian thực hiện: …"), or a row of
 *    a task table flattened to text ("TT | Nội dung | Cơ quan chủ trì | … ");
 *  - assignment: duties under a unit heading in TỔ CHỨC THỰC HIỆN (or the numbered
 *    addressees of a công văn): the heading's unit leads, "phối hợp với X" adds X.
 */
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------- field roles */

typedef enum { ROLE_NONE = 0, ROLE_LEAD, ROLE_COORD, ROLE_TIME, ROLE_CONTENT, ROLE_OUTPUT, ROLE_NUM } field_role;

/* What a field label ("Đơn vị chủ trì thực hiện", "Thời gian hoàn thành") stands for.
 * Order matters: "Thời gian thực hiện" is a time, not a lead. */
static field_role label_role_of(const char *label, size_t n);

/* The last labels asked about and their roles, by text: a table asks for the roles of
 * its column labels again on every row (lower-casing and ~15 strstr each time). Per
 * thread, so parsers on different threads do not share it. */
enum { ROLE_MEMO = 8 };
static _Thread_local struct {
    char label[81]; /* "" = empty slot (an empty label is not memoised) */
    field_role role;
} role_memo[ROLE_MEMO];
static _Thread_local unsigned role_next;

/* Edit distance of two short ASCII strings (n, m <= 80). */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t row[81];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[m];
}

/* A plan-field label damaged by OCR ("Thốt gian thực hiện", "bốn vị Hì hợp" for "Đơn vị
 * phối hợp"): the role of the usual label it is within one edit in five of, compared
 * without marks and case. ROLE_NONE when none is that close. */
static field_role damaged_label_role(const char *label, size_t n)
{
    static const struct {
        const char *l;
        field_role r;
    } L[] = {{"thoi gian thuc hien", ROLE_TIME}, {"thoi gian hoan thanh", ROLE_TIME}, {"thoi gian", ROLE_TIME},
             {"thoi han hoan thanh", ROLE_TIME},  {"don vi phoi hop", ROLE_COORD},      {"co quan phoi hop", ROLE_COORD},
             {"phoi hop thuc hien", ROLE_COORD},  {"don vi chu tri", ROLE_LEAD},       {"co quan chu tri", ROLE_LEAD},
             {"don vi chu tri thuc hien", ROLE_LEAD}, {"chu tri thuc hien", ROLE_LEAD}};
    char f[81];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof f - 1;) {
        int q;
        int32_t cp = kh_fold_lower_cp(kh_utf8_decode(label + i, n - i, &q));
        i += (size_t)(q > 0 ? q : 1);
        if (cp >= 'a' && cp <= 'z')
            f[k++] = (char)cp;
        else if (cp == ' ' && k && f[k - 1] != ' ')
            f[k++] = ' ';
    }
    while (k && f[k - 1] == ' ')
        k--;
    field_role role = ROLE_NONE;
    size_t best = SIZE_MAX;
    for (size_t j = 0; j < sizeof L / sizeof *L; j++) {
        size_t m = strlen(L[j].l);
        if (k + m / 5 < m || k > m + m / 5)
            continue; /* lengths too far apart */
        size_t d = edit_distance(f, k, L[j].l, m);
        if (d && d <= m / 5 && d < best)
            best = d, role = L[j].r;
    }
    return role;
}

static field_role label_role(kh_ctx *ctx, const char *label)
{
    (void)ctx;
    if (!label)
        return ROLE_NONE;
    size_t n = strlen(label);
    if (n > 80)
        return ROLE_NONE;
    if (n == 0)
        return label_role_of(label, n);
    for (int k = 0; k < ROLE_MEMO; k++)
        if (role_memo[k].label[0] == label[0] && !memcmp(role_memo[k].label, label, n + 1))
            return role_memo[k].role;
    field_role r = label_role_of(label, n);
    unsigned k = role_next++ % ROLE_MEMO;
    memcpy(role_memo[k].label, label, n + 1);
    role_memo[k].role = r;
    return r;
}

static field_role label_role_of(const char *label, size_t n)
{
    char f[2 * 80 + 1]; /* on the stack: called for every field of every row */
    kh_lower_into(f, label, n);
    if (!strcmp(f, "tt") || !strcmp(f, "stt") || !strcmp(f, "số tt"))
        return ROLE_NUM;
    if (strstr(f, "thời gian") || strstr(f, "thời hạn") || strstr(f, "tiến độ") || strstr(f, "hoàn thành"))
        return ROLE_TIME;
    if (strstr(f, "hình thức") || strstr(f, "sản phẩm") || strstr(f, "kết quả") || strstr(f, "số lượng"))
        return ROLE_OUTPUT;
    if (strstr(f, "nội dung") || strstr(f, "nhiệm vụ") || strstr(f, "hoạt động"))
        return strstr(f, "chủ trì") ? ROLE_LEAD : ROLE_CONTENT;
    if (strstr(f, "phối hợp"))
        return ROLE_COORD;
    field_role damaged = damaged_label_role(label, n);
    if (damaged != ROLE_NONE)
        return damaged;
    if (strstr(f, "chủ trì") || strstr(f, "thực hiện") || strstr(f, "trách nhiệm") ||
        !strcmp(f, "cơ quan") || !strcmp(f, "đơn vị") || strstr(f, "giao cho"))
        return ROLE_LEAD;
    return ROLE_NONE;
}

static char *field_text(kh_ctx *ctx, const char *s, size_t len)
{
    len = kh_trim(&s, len);
    /* "./." closes a document's last sentence */
    if (len >= 3 && !memcmp(s + len - 3, "./.", 3))
        len -= 3;
    while (len > 1 && s[len - 1] == '.' && s[len - 2] == '.')
        len--; /* an ellipsis "…." closes the duty like a full stop */
    len = kh_trim_punct(s, len);
    if (!len)
        return NULL;
    return kh_strndup(ctx->arena, s, len);
}

static bool same_unit(const kh_unit *a, const kh_unit *b)
{
    const char *x = a->name, *y = b->name;
    size_t nx = strlen(x), ny = strlen(y);
    return nx == ny && kh_starts_with_ci(x, nx, y);
}

static void add_units(kh_ctx *ctx, kh_units *dst, const kh_units *src, const kh_units *exclude)
{
    for (size_t i = 0; i < src->n; i++) {
        bool dup = false;
        for (size_t j = 0; j < dst->n && !dup; j++)
            dup = same_unit(&dst->v[j], &src->v[i]);
        for (size_t j = 0; exclude && j < exclude->n && !dup; j++)
            dup = same_unit(&exclude->v[j], &src->v[i]);
        if (!dup)
            KH_PUSH(ctx->arena, *dst, src->v[i]);
    }
}

static void parse_units_into(kh_ctx *ctx, const char *s, size_t len, kh_units *dst)
{
    kh_units tmp = {0};
    kh_units_parse(ctx, s, len, &tmp);
    add_units(ctx, dst, &tmp, NULL);
}

static kh_task *new_task(kh_ctx *ctx, const kh_section *sec, bool assignment, int line)
{
    kh_task t = {0};
    t.assignment = assignment;
    const kh_section *top = kh_section_top(sec);
    t.section = top && top->label ? top->label : NULL;
    t.line = line;
    t.deadline.kind = KH_DL_UNSPECIFIED;
    /* Lines are stored in input order, one per input line: binary search by number. */
    const kh_text *tx = &ctx->res->text;
    size_t lo = 0, hi = tx->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tx->v[mid].no < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < tx->n && tx->v[lo].no == line)
        t.page = tx->v[lo].page;
    KH_PUSH(ctx->arena, ctx->res->tasks, t);
    return &ctx->res->tasks.v[ctx->res->tasks.n - 1];
}

/* ---------------------------------------------------------------- unit headings */

/* Words that open the name of a state body, so "3. Sở Tư pháp" is a unit heading and
 * "3. Công tác định hướng" is not. */
static const char *const UNIT_HEADS[] = {
    "Sở ", "Ban ", "Báo ", "Đài ", "UBND", "Ủy ban", "Uỷ ban", "Công an", "Hội ", "Bộ ", "Văn phòng",
    "Trung tâm", "Tạp chí", "Cổng ", "Các ", "Thanh tra", "Kho bạc", "Cục ", "Chi cục", "Phòng ",
    "Viện ", "Trường ", "Liên đoàn", "Tỉnh đoàn", "Thành đoàn", "Huyện đoàn", "Đoàn ", "Mặt trận",
    "Ủy ban Mặt trận", "Hội đồng", "Tổ ", "Ngân hàng", "Bảo hiểm", "Cơ quan", "Đơn vị", "Bộ Chỉ huy",
    "Bộ đội", "Quân sự", "Cảnh sát", "Viễn thông", "Bưu điện", "Chủ tịch", "Thủ trưởng", "Giám đốc",
    "Tòa án", "Viện kiểm sát", "Cục Thuế", "Chi nhánh", "Công ty", "Tổng công ty", "Đảng ủy", "Huyện ủy",
    "Thành ủy", "Tỉnh ủy", "Trường ", "Thường trực", "Hạt ", "Chi cục", "Ban Chỉ đạo", "Ban chỉ đạo",
    "Đảng đoàn", "Chi bộ", "Đảng bộ", "Trạm ", NULL};

/* any_case: also in capitals — an all-caps heading names its unit so ("1. SỞ TƯ PHÁP",
 * "2. CÔNG AN TỈNH"), and only the head tells it from a section name ("ĐÁNH GIÁ CHUNG").
 * Otherwise case-sensitive on the head's first letter: "Các sở" yes, "các nội dung" no. */
static bool starts_with_unit_head(const char *s, size_t len, bool any_case)
{
    if (kh_starts_with_ci(s, len, "Đề nghị ")) {
        s += strlen("Đề nghị ");
        len -= strlen("Đề nghị ");
        if (len > 4 && !memcmp(s, "các ", 4))
            return true; /* "Đề nghị các tổ chức chính trị - xã hội huyện" */
    }
    for (int i = 0; UNIT_HEADS[i]; i++) {
        size_t n = strlen(UNIT_HEADS[i]);
        if (any_case ? kh_starts_with_ci(s, len, UNIT_HEADS[i]) : len >= n && !memcmp(s, UNIT_HEADS[i], n))
            return true;
    }
    return false;
}

/* The units a heading names, without a lead-in: "Trách nhiệm của các sở, ngành",
 * "Nhiệm vụ của UBND các huyện", "Đối với Công an tỉnh". */
static const char *heading_units_text(const char *title, size_t *len)
{
    static const char *const LEAD_INS[] = {"Trách nhiệm của ", "Nhiệm vụ của ", "Đối với ", "Giao ", NULL};
    size_t n = strlen(title);
    for (int k = 0; LEAD_INS[k]; k++) {
        size_t m = strlen(LEAD_INS[k]);
        if (n > m && kh_starts_with_ci(title, n, LEAD_INS[k])) {
            *len = n - m;
            return title + m;
        }
    }
    *len = n;
    return title;
}

/* A heading names units when each ";"-separated piece reads as a unit name list, not
 * as a sentence ("Sở Tư pháp", not "Sở Tư pháp chủ trì tổ chức …"). */
static bool is_unit_heading_uncached(kh_ctx *ctx, const kh_section *s);

static bool is_unit_heading(kh_ctx *ctx, const kh_section *s)
{
    if (!s->unit_heading)
        ((kh_section *)s)->unit_heading = is_unit_heading_uncached(ctx, s) ? 1 : -1;
    return s->unit_heading > 0;
}

/* The first non-heading block of the section is a "-"/"+" bullet: the title introduces
 * a list, so it is a heading, not a sentence. */
static bool opens_bullets(const kh_result *res, const kh_section *sec)
{
    for (size_t bi = sec->block_begin; bi < sec->block_end; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        if (b->section == sec && b->kind != KH_BLK_HEADING)
            return b->marker != 0;
    }
    return false;
}

/* An all-caps title ("ĐÁNH GIÁ CHUNG", "KINH PHÍ") is a section name; unit names are
 * written in sentence case ("Sở Tư pháp"). Byte test: no ASCII lower-case letter and
 * no lower-case Vietnamese letter (their UTF-8 forms differ from the capitals'). */
static bool all_caps(const char *s, size_t n)
{
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z')
            return false;
        letter |= c >= 'A' && c <= 'Z';
    }
    return letter; /* ASCII decides: a lower-case accented letter never stands alone
                    * among capitals in a heading */
}

static bool is_unit_heading_uncached(kh_ctx *ctx, const kh_section *s)
{
    if (!s->title)
        return false;
    size_t len;
    const char *p = heading_units_text(s->title, &len);
    if (!len || len > 400)
        return false;
    if (all_caps(p, len) && !starts_with_unit_head(p, len, true))
        return false;
    int lh = -1; /* the title introduces bullets (computed on demand) */
    while (len) {
        const char *semi = memchr(p, ';', len);
        size_t n = semi ? (size_t)(semi - p) : len;
        const char *piece = p;
        size_t pn = kh_trim(&piece, n);
        if (pn) {
            size_t span = kh_unit_span(ctx, piece, pn);
            bool ok = span ? span * 10 >= pn * 8 : (starts_with_unit_head(piece, pn, false) && pn < 160);
            /* "2. UBND các xã Hương Lâm, Phú Gia" / "2. Các sở giáo dục và đào tạo" with
             * "-" duties below: the unit list is only partly read, but a title opening
             * with a unit and introducing bullets names the units of those duties */
            if (!ok && span && pn < 160 && starts_with_unit_head(piece, pn, false)) {
                if (lh < 0) {
                    /* a line closed by '.', ';' or ':' is a sentence ("Đề nghị UBND các
                     * huyện chỉ đạo UBND cấp xã:"), read by the rules for those */
                    const kh_block *hb = &ctx->res->blocks.v[s->heading_block];
                    char last = hb->len ? hb->text[hb->len - 1] : '.';
                    lh = last != '.' && last != ';' && last != ':' && opens_bullets(ctx->res, s);
                }
                ok = lh > 0;
            }
            if (!ok)
                return false;
        }
        if (!semi)
            break;
        len -= n + 1;
        p = semi + 1;
    }
    return true;
}

static bool is_tcth(const kh_section *s)
{
    return kh_section_title_is(s, "TỔ CHỨC THỰC HIỆN") || kh_section_title_is(s, "PHÂN CÔNG NHIỆM VỤ") ||
           kh_section_title_is(s, "PHÂN CÔNG THỰC HIỆN") || kh_section_title_is(s, "TRÁCH NHIỆM THỰC HIỆN") ||
           kh_section_title_is(s, "TRÁCH NHIỆM CỦA") || kh_section_title_is(s, "Tổ chức triển khai thực hiện") ||
           kh_section_title_is(s, "TRÁCH NHIỆM THI HÀNH") || kh_section_title_is(s, "PHÂN CÔNG TRÁCH NHIỆM");
}

/* ---------------------------------------------------------------- duties */

static const char *const LEAD_ADVERBS[] = {"thường xuyên", "liên tục", "chủ động", "tích cực", "tiếp tục", NULL};
static const char *const TIME_ADVERBS[] = {"thường xuyên", "liên tục", "định kỳ", "hằng năm", "hàng năm",
                                           "hằng tháng", "hàng tháng", "hằng quý", "hàng quý", "hằng tuần",
                                           "hàng tuần", "hằng ngày", "hàng ngày", NULL};

/* Skips spaces and commas; returns the new position. */
static size_t skip_sep(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == ','))
        i++;
    return i;
}


/* After "phối hợp" at i: optional manner words then "với"/"cùng"; returns the offset
 * of X, or 0 when no "với" follows (as in "Phối hợp, chỉ đạo …"). */
static size_t after_phoi_hop_voi(const char *s, size_t len, size_t i)
{
    static const char *const MANNER[] = {"thường xuyên", "chặt chẽ", "tốt", "hiệu quả", "kịp thời", "đồng bộ", "và", NULL};
    for (int guard = 0; guard < 8; guard++) {
        i = skip_sep(s, len, i);
        size_t m = 0;
        for (int k = 0; MANNER[k] && !m; k++)
            m = kh_word_ci(s, len, i, MANNER[k]);
        if (!m)
            break;
        i += m;
    }
    size_t m = kh_word_ci(s, len, i, "với");
    if (!m)
        m = kh_word_ci(s, len, i, "cùng");
    if (!m)
        return 0;
    return skip_sep(s, len, i + m);
}

/* Units X of "phối hợp … với X" starting at offset x. */
static void units_at(kh_ctx *ctx, const char *s, size_t len, size_t x, kh_units *out)
{
    size_t span = kh_unit_span(ctx, s + x, len - x);
    if (span)
        kh_units_parse(ctx, s + x, span, out);
}

/* Lead, coordinate and deadline of one duty under a unit heading (gold README 5, 8). */
static void analyse_duty(kh_ctx *ctx, kh_task *t, const char *s, size_t len, const kh_units *heading)
{
    size_t i = 0;
    /* Leading adverbs: "Thường xuyên phối hợp …", "Chủ động phối hợp …". */
    const char *time_word = NULL;
    size_t time_len = 0;
    for (int guard = 0; guard < 3; guard++) {
        size_t m = 0;
        for (int k = 0; LEAD_ADVERBS[k] && !m; k++)
            if ((m = kh_word_ci(s, len, i, LEAD_ADVERBS[k])) && !time_word)
                for (int q = 0; TIME_ADVERBS[q]; q++)
                    if (!strcmp(TIME_ADVERBS[q], LEAD_ADVERBS[k])) {
                        time_word = s + i;
                        time_len = m;
                    }
        if (!m)
            break;
        i = skip_sep(s, len, i + m);
    }
    if (!time_word)
        for (int q = 0; TIME_ADVERBS[q] && !time_word; q++) {
            size_t m = kh_word_ci(s, len, 0, TIME_ADVERBS[q]);
            if (m) {
                time_word = s;
                time_len = m;
            }
        }
    bool opens_with_coordination = false;
    size_t m = kh_word_ci(s, len, i, "phối hợp");
    if (m) {
        /* "Phối hợp thường xuyên, chặt chẽ với …": the adverb times the duty. */
        size_t j = skip_sep(s, len, i + m), k = 0;
        if (!time_word)
            for (int q = 0; TIME_ADVERBS[q] && !k; q++)
                if ((k = kh_word_ci(s, len, j, TIME_ADVERBS[q]))) {
                    time_word = s + j;
                    time_len = k;
                }
        size_t x = after_phoi_hop_voi(s, len, i + m);
        if (x) {
            opens_with_coordination = true;
            units_at(ctx, s, len, x, &t->lead);
        }
    }
    if (opens_with_coordination && t->lead.n) {
        add_units(ctx, &t->coordinate, heading, &t->lead);
    } else {
        add_units(ctx, &t->lead, heading, NULL);
    }
    /* Every other "phối hợp … với X" adds X as a coordinator. "hối hợp" is shared by
     * "Phối hợp" and "phối hợp": search the text as it is, no lower-cased copy. */
    static const char HOI_HOP[] = "h\xe1\xbb\x91i h\xe1\xbb\xa3p"; /* "hối hợp" */
    bool first = true;
    for (const char *p = s; (p = strstr(p, HOI_HOP)) != NULL && p < s + len; p += sizeof HOI_HOP - 1) {
        if (p == s || (p[-1] != 'P' && p[-1] != 'p') || (p - 1 > s && p[-2] != ' ' && p[-2] != ',' &&
                                                            p[-2] != ';' && p[-2] != '('))
            continue;
        size_t at = (size_t)(p - 1 - s);
        if (first && opens_with_coordination && at == i) {
            first = false;
            continue;
        }
        first = false;
        size_t x = after_phoi_hop_voi(s, len, at + strlen("phối hợp"));
        if (!x)
            continue;
        kh_units xs = {0};
        units_at(ctx, s, len, x, &xs);
        add_units(ctx, &t->coordinate, &xs, &t->lead);
    }
    if (time_word) {
        /* "Định kỳ hằng tháng …", "Định kỳ 6 tháng …": the frequency belongs to the adverb. */
        size_t at = (size_t)(time_word - s);
        if (kh_word_ci(s, len, at, "định kỳ")) {
            static const char *const FREQ[] = {"hằng tháng", "hàng tháng", "hằng quý", "hàng quý", "hằng năm",
                                               "hàng năm", "hằng tuần", "hàng tuần", "6 tháng", "sáu tháng",
                                               "03 tháng", "3 tháng", "06 tháng", NULL};
            size_t j = skip_sep(s, len, at + time_len), k = 0;
            for (int q = 0; FREQ[q] && !k; q++)
                k = kh_word_ci(s, len, j, FREQ[q]);
            if (k)
                time_len = j + k - at;
        }
        kh_deadline_parse(ctx, time_word, time_len, &t->deadline);
        if (t->deadline.kind == KH_DL_UNSPECIFIED)
            t->deadline.text = NULL;
    }
}

/* A duty that ends with its labelled deadline in parentheses ("… khách hàng (Thời hạn:
 * trước 31/3/2025)."): the duty's length without it, and the value in *v / *vn; 0 when
 * there is none. The label names a field, so it is the deadline (not prose, rule 14). */
static size_t trailing_deadline(const char *s, size_t len, const char **v, size_t *vn)
{
    static const char *const LABELS[] = {"Thời hạn hoàn thành", "Thời gian hoàn thành", "Thời gian thực hiện",
                                         "Thời hạn", "Thời gian", NULL};
    size_t n = len;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == ';'))
        n--;
    if (!n || s[n - 1] != ')')
        return 0;
    size_t open = n - 1;
    while (open > 0 && s[open] != '(' && n - open < 200)
        open--;
    if (s[open] != '(' || open == 0)
        return 0;
    const char *in = s + open + 1;
    size_t inl = n - 1 - open - 1;
    for (int k = 0; LABELS[k]; k++) {
        size_t l = strlen(LABELS[k]);
        if (!kh_starts_with_ci(in, inl, LABELS[k]) || inl <= l)
            continue;
        size_t c = l;
        while (c < inl && in[c] == ' ')
            c++;
        if (c >= inl || in[c] != ':')
            return 0;
        *v = in + c + 1;
        *vn = kh_trim(v, inl - c - 1);
        size_t d = open;
        while (d && s[d - 1] == ' ')
            d--;
        return *vn && d ? d : 0;
    }
    return 0;
}

static void add_duty(kh_ctx *ctx, const kh_section *sec, const kh_units *heading, const char *text,
                     size_t len, int line, int index)
{
    kh_task *t = new_task(ctx, sec, true, line);
    t->id = kh_sprintf(ctx->arena, "%s.%d", kh_section_path(ctx, sec), index);
    const char *dv = NULL;
    size_t dn = 0, cut = trailing_deadline(text, len, &dv, &dn);
    if (cut)
        len = cut;
    t->title = field_text(ctx, text, len);
    if (!t->title)
        t->title = kh_strndup(ctx->arena, text, len);
    analyse_duty(ctx, t, text, len, heading);
    if (cut)
        kh_deadline_parse(ctx, dv, dn, &t->deadline);
}

static size_t duty_subject(kh_ctx *ctx, const char *s, size_t len, kh_units *out);
/* A plain paragraph after a heading's "-" duties that opens with a subject of its own
 * ("Các đơn vị báo cáo … trước ngày …", "Đề nghị Sở X báo cáo …"): the duties under a
 * heading have the heading as subject, so this sentence speaks to others — the closing
 * of the letter or plan, not one more duty of the last heading. */
static bool closing_after_bullets(kh_ctx *ctx, const kh_block *b, bool bullets_before)
{
    if (!bullets_before || b->marker || b->kind != KH_BLK_PARA)
        return false;
    kh_units subj = {0};
    if (duty_subject(ctx, b->text, b->len, &subj))
        return true;
    size_t span = kh_unit_span(ctx, b->text, b->len);
    return span && span < b->len && b->text[span] == ' ' && kh_starts_with_ci(b->text, b->len, "Các ");
}

/* Duties under one unit heading: every bullet and every plain paragraph is one task;
 * a sub-item heading with its text is one task too. */
static void extract_unit_section(kh_ctx *ctx, const kh_section *sec)
{
    kh_result *res = ctx->res;
    kh_units heading = {0};
    size_t hl;
    const char *ht = heading_units_text(sec->title, &hl);
    kh_units_parse(ctx, ht, hl, &heading);
    int index = 0;
    bool inline_duty = false; /* "12. Unit: Duty." — the heading line carries the duty */
    bool bullets = false;
    for (size_t bi = sec->block_begin; bi < sec->block_end; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        if (b->section != sec)
            continue;
        if (b->kind == KH_BLK_HEADING)
            continue;
        if (b->line == sec->line && b->kind == KH_BLK_PARA)
            inline_duty = true;
        else if (inline_duty && !b->marker)
            continue; /* a later plain paragraph is the letter's closing, not this unit's duty */
        if (closing_after_bullets(ctx, b, bullets))
            break;
        bullets |= b->marker != 0;
        add_duty(ctx, sec, &heading, b->text, b->len, b->line, ++index);
    }
    for (size_t c = 0; c < sec->nchildren; c++) {
        const kh_section *ch = sec->children[c];
        if (is_unit_heading(ctx, ch)) {
            extract_unit_section(ctx, ch);
            continue;
        }
        /* "a) Duty text" under the unit: the sub-item is the duty, numbered like the
         * unit's other duties (gold README 3: heading path + index) */
        kh_buf b = {0};
        kh_buf_adds(ctx->arena, &b, ch->title ? ch->title : "");
        kh_task *t = new_task(ctx, ch, true, ch->line);
        t->id = kh_sprintf(ctx->arena, "%s.%d", kh_section_path(ctx, sec), ++index);
        t->title = field_text(ctx, b.s ? b.s : "", b.n);
        analyse_duty(ctx, t, b.s ? b.s : "", b.n, &heading);
    }
}

static size_t duty_subject(kh_ctx *ctx, const char *s, size_t len, kh_units *out);
static bool has_own_blocks(const kh_result *res, const kh_section *sec);
/* An item that is one sentence whose subject is the unit: "2- Ban Tuyên giáo Huyện ủy chủ
 * trì, phối hợp với … hướng dẫn …", "6. Đề nghị Ủy ban MTTQ … tuyên truyền …" (Party plans
 * and many others write their TỔ CHỨC THỰC HIỆN so). One assignment, the item's own path as
 * id; the subject leads and the rest is read as a duty under it (gold README 5). */
static bool subject_item(kh_ctx *ctx, const kh_section *sec)
{
    if (!sec->title || sec->nchildren)
        return false;
    /* with paragraphs of its own the item must read as a finished sentence (its own
     * paragraphs are then a closing line, not duties): "6. Các cơ quan báo chí của tỉnh"
     * followed by bullets is a heading */
    const kh_block *hb = &ctx->res->blocks.v[sec->heading_block];
    if (has_own_blocks(ctx->res, sec) && !(hb->len && (hb->text[hb->len - 1] == '.' || hb->text[hb->len - 1] == ';')))
        return false;
    const char *s = sec->title;
    size_t len = strlen(s);
    kh_units subj = {0};
    size_t rest = duty_subject(ctx, s, len, &subj);
    if (!rest && starts_with_unit_head(s, len, false)) {
        size_t span = kh_unit_span(ctx, s, len);
        if (span && span + 1 < len && s[span] == ' ') {
            kh_units_parse(ctx, s, span, &subj);
            rest = subj.n ? span : 0;
            /* a bare collective noun is the verb it also spells: "Tổ chức tuyên truyền …"
             * (organise), not "Các tổ chức …" (the organisations) */
            if (subj.n == 1 && subj.v[0].group) {
                const char *nm = subj.v[0].name;
                const char *sp = strchr(nm, ' ');
                bool short_name = !sp || !strchr(sp + 1, ' '); /* one or two words */
                if (short_name && !kh_starts_with_ci(nm, strlen(nm), "Các "))
                    rest = 0;
            }
        }
    }
    if (!rest)
        return false;
    kh_task *t = new_task(ctx, sec, true, sec->line);
    t->id = kh_section_path(ctx, sec);
    /* "3. UBND các huyện chỉ đạo … (Thời hạn: trước ngày 05/8/2025)." — the closing
     * parenthesis is the deadline, out of the title (as after "Giao X …") */
    const char *dv = NULL;
    size_t dn = 0, cut = trailing_deadline(s, len, &dv, &dn);
    if (cut > rest)
        len = cut;
    else
        cut = 0;
    t->title = field_text(ctx, s, len);
    if (!t->title)
        t->title = kh_strndup(ctx->arena, s, len);
    rest = skip_sep(s, len, rest);
    analyse_duty(ctx, t, s + rest, len - rest, &subj);
    if (cut)
        kh_deadline_parse(ctx, dv, dn, &t->deadline);
    return true;
}

/* Inside TỔ CHỨC THỰC HIỆN (or a công văn's body): find unit headings at any depth;
 * paragraphs written "Sở X: duty" also name their unit. */
static void extract_assignments(kh_ctx *ctx, const kh_section *sec)
{
    for (size_t c = 0; c < sec->nchildren; c++) {
        const kh_section *ch = sec->children[c];
        if (is_unit_heading(ctx, ch))
            extract_unit_section(ctx, ch);
        else if (!subject_item(ctx, ch))
            extract_assignments(ctx, ch);
    }
    kh_result *res = ctx->res;
    int index = 0;
    for (size_t bi = sec->block_begin; bi < sec->block_end && sec->level > 0; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        if (b->section != sec || !b->field_label || !b->field_value)
            continue;
        size_t ln = strlen(b->field_label);
        if (!starts_with_unit_head(b->field_label, ln, false) || label_role(ctx, b->field_label) != ROLE_NONE)
            continue;
        kh_units heading = {0};
        kh_units_parse(ctx, b->field_label, ln, &heading);
        add_duty(ctx, sec, &heading, b->field_value, strlen(b->field_value), b->line, ++index);
    }
}

/* ---------------------------------------------------------------- plan items */

/* "Vụ Pháp chế chủ trì, phối hợp với Vụ Tổ chức cán bộ thực hiện; thời gian: quý III/2024."
 * — the fields of a plan item written as one sentence. Returns true when s opens with
 * "<units> chủ trì" and fills the task from it. */
static bool inline_fields(kh_ctx *ctx, kh_task *t, const char *s, size_t len)
{
    size_t span = kh_unit_span(ctx, s, len);
    if (!span || span >= len)
        return false;
    size_t i = skip_sep(s, len, span), m = kh_word_ci(s, len, i, "chủ trì");
    if (!m)
        return false;
    /* "Các nhiệm vụ cụ thể, đơn vị chủ trì, đơn vị phối hợp … tại Phụ lục": a bare
     * "đơn vị"/"cơ quan" listed before "chủ trì" is the compound noun naming the field
     * (the lead unit), not a subject and its verb ("Các đơn vị chủ trì …" still is) */
    static const char *const BARE[] = {"đơn vị", "cơ quan", NULL};
    for (int k = 0; BARE[k]; k++) {
        size_t n = strlen(BARE[k]);
        if (span >= n + 2 && kh_starts_with_ci(s + span - n, n, BARE[k]) && s[span - n - 1] == ' ' &&
            s[span - n - 2] == ',') /* ", đơn vị" — an item of a list of field names */
            return false;
    }
    parse_units_into(ctx, s, span, &t->lead);
    i = skip_sep(s, len, i + m);
    size_t p = kh_word_ci(s, len, i, "phối hợp");
    if (p) {
        size_t x = after_phoi_hop_voi(s, len, i + p);
        if (x) {
            kh_units xs = {0};
            units_at(ctx, s, len, x, &xs);
            add_units(ctx, &t->coordinate, &xs, &t->lead);
        }
    }
    /* "; thời gian: …" / "thời hạn hoàn thành: …" up to the end of the sentence */
    const char *lower = kh_lower(ctx->arena, s, len);
    const char *q = strstr(lower, "thời gian");
    if (!q)
        q = strstr(lower, "thời hạn");
    if (q && strlen(lower) == len) {
        const char *colon = memchr(q, ':', len - (size_t)(q - lower));
        if (colon && colon - q < 40) {
            size_t a = (size_t)(colon - lower) + 1, b = a;
            while (b < len && s[b] != ';' && !(s[b] == '.' && (b + 1 == len || s[b + 1] == ' ')))
                b++;
            const char *v = s + a;
            size_t vn = kh_trim(&v, b - a);
            if (vn)
                kh_deadline_parse(ctx, v, vn, &t->deadline);
        }
    }
    return true;
}

/* A field value that holds a second "; Label: value" of a known role: returns the
 * length of the first value and points *label / *value at the next field. */
static size_t split_inline_field(kh_ctx *ctx, const char *v, size_t len, const char **label, const char **value)
{
    *label = *value = NULL;
    for (const char *semi = memchr(v, ';', len); semi; semi = memchr(semi + 1, ';', len - (size_t)(semi + 1 - v))) {
        const char *l = semi + 1;
        size_t rest = len - (size_t)(l - v);
        const char *colon = memchr(l, ':', rest);
        if (!colon || colon - l > 60)
            continue;
        const char *lb = l;
        size_t ln = kh_trim(&lb, (size_t)(colon - l));
        if (!ln || label_role(ctx, kh_strndup(ctx->arena, lb, ln)) == ROLE_NONE)
            continue;
        const char *val = colon + 1;
        size_t vn = kh_trim(&val, len - (size_t)(val - v));
        *label = kh_strndup(ctx->arena, lb, ln);
        *value = kh_strndup(ctx->arena, val, vn);
        return (size_t)(semi - v);
    }
    return len;
}

static void apply_field(kh_ctx *ctx, kh_task *t, field_role r, const char *v, size_t vn)
{
    switch (r) {
    case ROLE_LEAD: parse_units_into(ctx, v, vn, &t->lead); break;
    case ROLE_COORD: parse_units_into(ctx, v, vn, &t->coordinate); break;
    case ROLE_TIME: if (vn) kh_deadline_parse(ctx, v, vn, &t->deadline); break;
    case ROLE_CONTENT: t->content = field_text(ctx, v, vn); break;
    case ROLE_OUTPUT: t->output = field_text(ctx, v, vn); break;
    default: break;
    }
}

/* Fields of one task written inline on its own bullet: "- <nội dung>; đơn vị thực hiện:
 * X; phối hợp: Y; thời gian: Z." Fills t (title = the text before the first labelled
 * field) when a lead or coordinating field is among them. */
static bool inline_bullet(kh_ctx *ctx, kh_task *t, const char *s, size_t len)
{
    if (!memchr(s, ';', len) || !memchr(s, ':', len)) /* the common bullet: no field at all */
        return false;
    const char *label = NULL, *v = NULL;
    size_t tn = split_inline_field(ctx, s, len, &label, &v);
    if (!label)
        return false;
    bool unit = false;
    for (const char *l = label, *vv = v; l;) {
        const char *nl = NULL, *nv = NULL;
        size_t vn = split_inline_field(ctx, vv, strlen(vv), &nl, &nv);
        while (vn && (vv[vn - 1] == '.' || vv[vn - 1] == ' '))
            vn--;
        const char *w = vv;
        vn = kh_trim(&w, vn);
        field_role r = label_role(ctx, l);
        unit |= r == ROLE_LEAD || r == ROLE_COORD;
        apply_field(ctx, t, r, w, vn);
        l = nl;
        vv = nv;
    }
    if (!unit)
        return false;
    const char *ts = s;
    tn = kh_trim(&ts, tn);
    t->title = field_text(ctx, ts, tn);
    return true;
}

/* A plan item whose bullets are each a task with inline fields: one task per such bullet,
 * id = the item's path + the bullet's 1-based index under it. */
static bool inline_bullet_tasks(kh_ctx *ctx, const kh_section *sec)
{
    kh_result *res = ctx->res;
    bool any = false;
    size_t k = 0;
    for (size_t bi = sec->block_begin; bi < sec->block_end; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        if (b->section != sec || b->kind != KH_BLK_BULLET)
            continue;
        k++;
        kh_task probe = {0};
        probe.deadline.kind = KH_DL_UNSPECIFIED;
        if (!inline_bullet(ctx, &probe, b->text, b->len))
            continue;
        kh_task *t = new_task(ctx, sec, false, b->line);
        t->id = kh_sprintf(ctx->arena, "%s.%zu", kh_section_path(ctx, sec), k);
        t->title = probe.title;
        t->lead = probe.lead;
        t->coordinate = probe.coordinate;
        t->deadline = probe.deadline;
        t->output = probe.output;
        t->content = probe.content;
        any = true;
    }
    return any;
}

/* A plan item: its own blocks hold at least one unit or time field. */
static void extract_plan_item(kh_ctx *ctx, const kh_section *sec)
{
    kh_result *res = ctx->res;
    if (sec->fields) {
        /* "(Chủ trì: X; Phối hợp: Y; Thời gian: Z)" closing the item's line: the fields,
         * separated by ";" (sections.c keeps them out of the title) */
        kh_task *t = new_task(ctx, sec, false, sec->line);
        t->id = kh_section_path(ctx, sec);
        t->title = sec->title;
        const char *v = sec->fields, *colon = strchr(v, ':');
        const char *label = kh_strndup(ctx->arena, v, (size_t)(colon - v));
        v = colon + 1;
        while (label) {
            const char *next_label = NULL, *next_value = NULL;
            size_t vn = split_inline_field(ctx, v, strlen(v), &next_label, &next_value);
            const char *vv = v;
            vn = kh_trim(&vv, vn);
            apply_field(ctx, t, label_role(ctx, label), vv, vn);
            label = next_label;
            v = next_value;
        }
        return;
    }
    bool has_fields = false;
    for (size_t bi = sec->block_begin; bi < sec->block_end && !has_fields; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        if (b->section != sec || !b->field_label)
            continue;
        field_role r = label_role(ctx, b->field_label);
        /* a task names who does it: a "Thời gian:" line alone (the plan's own period
         * under "ĐỐI TƯỢNG, THỜI GIAN VÀ PHẠM VI") is not a task */
        has_fields = r == ROLE_LEAD || r == ROLE_COORD;
    }
    if (!has_fields && inline_bullet_tasks(ctx, sec))
        return;
    if (!has_fields) {
        /* no field lines: the units may be named inline in the item's first paragraph */
        for (size_t bi = sec->block_begin; bi < sec->block_end; bi++) {
            const kh_block *b = &res->blocks.v[bi];
            if (b->section != sec || b->kind == KH_BLK_HEADING)
                continue;
            kh_task probe = {0};
            probe.deadline.kind = KH_DL_UNSPECIFIED;
            if (!inline_fields(ctx, &probe, b->text, b->len))
                break; /* only the first paragraph can carry them */
            kh_task *t = new_task(ctx, sec, false, sec->line);
            t->id = kh_section_path(ctx, sec);
            t->title = sec->title;
            t->lead = probe.lead;
            t->coordinate = probe.coordinate;
            t->deadline = probe.deadline;
            return;
        }
        return;
    }
    kh_task *t = new_task(ctx, sec, false, sec->line);
    t->id = kh_section_path(ctx, sec);
    t->title = sec->title;
    kh_buf content = {0};
    field_role last = ROLE_NONE;
    bool seen_lead = false, seen_coord = false;
    for (size_t bi = sec->block_begin; bi < sec->block_end; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        if (b->section != sec || b->kind == KH_BLK_HEADING)
            continue;
        field_role r = label_role(ctx, b->field_label);
        if (r != ROLE_NONE) {
            /* "Đơn vị chủ trì: A; Đơn vị phối hợp: B": further fields on the same line */
            const char *label = b->field_label, *v = b->field_value;
            while (label) {
                const char *next_label = NULL, *next_value = NULL;
                size_t vn = split_inline_field(ctx, v, strlen(v), &next_label, &next_value);
                r = label_role(ctx, label);
                apply_field(ctx, t, r, v, vn);
                seen_lead |= r == ROLE_LEAD;
                seen_coord |= r == ROLE_COORD;
                label = next_label;
                v = next_value;
            }
            last = r;
            continue;
        }
        if (b->marker == '+' && (last == ROLE_LEAD || last == ROLE_COORD)) {
            /* Units listed one per "+ " line under "- Cơ quan chủ trì:". */
            parse_units_into(ctx, b->text, b->len, last == ROLE_LEAD ? &t->lead : &t->coordinate);
            continue;
        }
        if (!b->field_label && b->kind == KH_BLK_BULLET && seen_lead && !seen_coord &&
            starts_with_unit_head(b->text, b->len, false) && b->len < 400) {
            /* An unlabelled unit line after "Chủ trì:" (gold README 5). */
            parse_units_into(ctx, b->text, b->len, &t->coordinate);
            seen_coord = true;
            kh_diag_add(ctx, "field_label_missing", KH_SEV_WARNING, b->line,
                        "Item %s: unit line has no field label; read as the coordinating units (Phối hợp).", t->id);
            continue;
        }
        if (!b->field_label) {
            if (content.n)
                kh_buf_addc(ctx->arena, &content, '\n');
            kh_buf_add(ctx->arena, &content, b->text, b->len);
        }
    }
    if (!t->content && content.n)
        t->content = field_text(ctx, content.s, content.n);
}

/* ---------------------------------------------------------------- task tables */

enum { MAX_COLS = 16 };

typedef struct {
    field_role role[MAX_COLS];
    int ncols;
    bool bordered; /* "| TT | Nội dung |": rows open with a border, not an empty cell */
} table_header;

/* Cells of a "|"-separated row. With a border the first "|" opens the row; without one a
 * leading "|" means the first cell is empty (a wrapped cell's continuation row). */
static int split_cells(const char *s, size_t len, bool bordered, const char **cells, size_t *lens, int max)
{
    int n = 0;
    size_t i = 0;
    if (bordered && len && s[0] == '|')
        i = 1;
    while (i <= len && n < max) {
        size_t j = i;
        while (j < len && s[j] != '|')
            j++;
        const char *c = s + i;
        size_t cl = kh_trim(&c, j - i);
        if (j == len && cl == 0 && bordered)
            break; /* closing border */
        cells[n] = c;
        lens[n] = cl;
        n++;
        if (j >= len)
            break;
        i = j + 1;
    }
    return n;
}

/* One table row being assembled: continuation rows (first cell empty) append to it. */
typedef struct {
    bool open;
    kh_buf cell[MAX_COLS];
    int line;
    const kh_section *sec;
} table_row;

static void emit_row(kh_ctx *ctx, const table_header *hdr, table_row *row)
{
    if (!row->open)
        return;
    row->open = false;
    kh_task *t = new_task(ctx, row->sec, false, row->line);
    const char *num = NULL;
    size_t numlen = 0;
    for (int c = 0; c < hdr->ncols; c++) {
        const char *v = row->cell[c].s ? row->cell[c].s : "";
        size_t vn = row->cell[c].n;
        switch (hdr->role[c]) {
        case ROLE_NUM: num = v; numlen = kh_trim_punct(v, vn); break;
        case ROLE_CONTENT: if (!t->title) t->title = field_text(ctx, v, vn); break;
        case ROLE_LEAD: parse_units_into(ctx, v, vn, &t->lead); break;
        case ROLE_COORD: parse_units_into(ctx, v, vn, &t->coordinate); break;
        case ROLE_TIME: if (vn) kh_deadline_parse(ctx, v, vn, &t->deadline); break;
        case ROLE_OUTPUT: t->output = field_text(ctx, v, vn); break;
        default: break;
        }
    }
    const char *path = row->sec ? kh_section_path(ctx, row->sec) : NULL;
    if (num && numlen)
        t->id = path && *path ? kh_sprintf(ctx->arena, "%s.%.*s", path, (int)numlen, num)
                              : kh_strndup(ctx->arena, num, numlen);
    else
        t->id = kh_sprintf(ctx->arena, "%s%srow%d", path ? path : "", path && *path ? "." : "", row->line);
}

/* Rows after a header row "TT | Nội dung | Cơ quan chủ trì | …" become plan tasks. */
static void extract_tables(kh_ctx *ctx)
{
    kh_result *res = ctx->res;
    table_header hdr = {{0}, 0, false};
    table_row row = {0};
    for (size_t bi = 0; bi < res->blocks.n; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        const char *cells[MAX_COLS];
        size_t lens[MAX_COLS];
        bool is_row = b->kind == KH_BLK_PARA && memchr(b->text, '|', b->len);
        if (!is_row) {
            emit_row(ctx, &hdr, &row);
            if (b->kind == KH_BLK_HEADING && !b->table_group)
                hdr.ncols = 0; /* a new section: an older table's header no longer applies */
            continue;
        }
        /* A header row: at least two known column roles, one of them the lead unit. */
        bool bordered = b->len && b->text[0] == '|';
        int n = split_cells(b->text, b->len, bordered, cells, lens, MAX_COLS);
        table_header h = {{0}, n, bordered};
        int roles = 0;
        bool has_units = false;
        for (int c = 0; c < n; c++) {
            char *lab = kh_strndup(ctx->arena, cells[c], lens[c]);
            h.role[c] = lens[c] < 80 ? label_role(ctx, lab) : ROLE_NONE;
            roles += h.role[c] != ROLE_NONE;
            has_units |= h.role[c] == ROLE_LEAD;
        }
        if (roles >= 2 && has_units && b->len < 400) {
            emit_row(ctx, &hdr, &row);
            hdr = h;
            continue;
        }
        if (!hdr.ncols)
            continue;
        n = split_cells(b->text, b->len, hdr.bordered, cells, lens, MAX_COLS);
        bool dashes = true; /* "---|---" separator rows */
        for (size_t k = 0; k < b->len && dashes; k++)
            dashes = strchr("-|: ", b->text[k]) != NULL;
        if (dashes || n < 1)
            continue;
        bool continuation = row.open && lens[0] == 0;
        if (!continuation) {
            emit_row(ctx, &hdr, &row);
            memset(&row, 0, sizeof row);
            row.open = true;
            row.line = b->line;
            row.sec = b->section;
        }
        for (int c = 0; c < n && c < hdr.ncols; c++) {
            if (!lens[c])
                continue;
            if (row.cell[c].n)
                kh_buf_addc(ctx->arena, &row.cell[c], ' ');
            kh_buf_add(ctx->arena, &row.cell[c], cells[c], lens[c]);
        }
    }
    emit_row(ctx, &hdr, &row);
}

/* ---------------------------------------------------------------- letters */

/* "Giao Sở X …", "Đề nghị UBND các huyện …", "Yêu cầu Công an tỉnh …": the units a duty
 * sentence is addressed to go to *out ("Đề nghị" marks them requested). Returns the
 * offset where the rest of the sentence starts, 0 when it does not open so. */
static size_t duty_subject(kh_ctx *ctx, const char *s, size_t len, kh_units *out)
{
    static const char *const OPENERS[] = {"Giao ", "Đề nghị ", "Yêu cầu ", NULL};
    for (int k = 0; OPENERS[k]; k++) {
        size_t m = strlen(OPENERS[k]);
        if (len <= m || !kh_starts_with_ci(s, len, OPENERS[k]))
            continue;
        size_t span = kh_unit_span(ctx, s + m, len - m);
        if (!span)
            return 0;
        if (k == 1)
            kh_units_parse(ctx, s, m + span, out); /* keeps "Đề nghị": requested */
        else
            kh_units_parse(ctx, s + m, span, out);
        return out->n ? m + span : 0;
    }
    return 0;
}

/* "… Bộ X đề nghị Ủy ban nhân dân các tỉnh, thành phố chỉ đạo:" — the sentence that
 * introduces the numbered requests names whom they are for, more exactly than the
 * "Kính gửi:" list. Looks at the last paragraph before the first numbered item. */
static bool intro_subject(kh_ctx *ctx, kh_units *out)
{
    const kh_result *res = ctx->res;
    const kh_block *intro = NULL;
    for (size_t bi = 0; bi < res->blocks.n; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        if (b->kind == KH_BLK_HEADING)
            break;
        if (!b->section)
            intro = b;
    }
    if (!intro || !intro->len || intro->text[intro->len - 1] != ':')
        return false;
    static const char DE_NGHI[] = "đề nghị ";
    const char *p = NULL;
    for (const char *q = intro->text; (q = strstr(q, "ề nghị ")) != NULL; q++)
        if (q - intro->text >= 2 && (q[-1] == '\x90' || q[-1] == '\x91') && q[-2] == '\xc4')
            p = q - 2; /* the last "đề nghị"/"Đề nghị" of the paragraph */
    if (!p)
        return false;
    size_t at = (size_t)(p - intro->text);
    size_t span = kh_unit_span(ctx, intro->text + at + sizeof DE_NGHI - 1, intro->len - at - (sizeof DE_NGHI - 1));
    if (!span)
        return false;
    kh_units_parse(ctx, intro->text + at, sizeof DE_NGHI - 1 + span, out); /* keeps "đề nghị": requested */
    return out->n > 0;
}

/* One duty sentence: its own subject leads, else `fallback` (the addressees). */
static void add_sentence_duty(kh_ctx *ctx, const kh_section *sec, char *id, const char *text, size_t len,
                              int line, const kh_units *fallback)
{
    kh_units subj = {0};
    size_t rest = duty_subject(ctx, text, len, &subj);
    const kh_units *lead = subj.n ? &subj : fallback;
    if (!lead || !lead->n)
        return;
    kh_task *t = new_task(ctx, sec, true, line);
    t->id = id;
    /* "… (Thời hạn: trước ngày 30/6/2026)." closing the instruction: its deadline, out of
     * the title (as for a duty under a unit heading) */
    const char *dv = NULL;
    size_t dn = 0, cut = trailing_deadline(text, len, &dv, &dn);
    if (cut && cut > rest)
        len = cut;
    else
        cut = 0;
    t->title = field_text(ctx, text, len);
    if (!t->title)
        t->title = kh_strndup(ctx->arena, text, len);
    rest = skip_sep(text, len, rest);
    analyse_duty(ctx, t, text + rest, len - rest, lead);
    if (cut)
        kh_deadline_parse(ctx, dv, dn, &t->deadline);
}

static bool has_own_blocks(const kh_result *res, const kh_section *sec)
{
    for (size_t bi = sec->block_begin; bi < sec->block_end; bi++)
        if (res->blocks.v[bi].section == sec && res->blocks.v[bi].kind != KH_BLK_HEADING)
            return true;
    return false;
}

static void extract_letter_section(kh_ctx *ctx, const kh_section *sec, const kh_units *to)
{
    kh_result *res = ctx->res;
    if (is_unit_heading(ctx, sec)) {
        extract_unit_section(ctx, sec);
        return;
    }
    size_t tl = sec->title ? strlen(sec->title) : 0;
    kh_units subj = {0};
    size_t subj_end = tl ? duty_subject(ctx, sec->title, tl, &subj) : 0;
    bool sentence = subj_end > 0;
    const kh_block *hb = &res->blocks.v[sec->heading_block];
    /* "3. Đề nghị X chỉ đạo UBND cấp xã:" or just "3. Giao UBND các huyện A, B" */
    bool intro = (hb->len && hb->text[hb->len - 1] == ':') || (sentence && skip_sep(sec->title, tl, subj_end) >= tl);
    bool own = has_own_blocks(res, sec);
    if (sentence && own && !intro) {
        /* "3. Giao UBND các huyện A, B và UBND thị xã C" — a whole unit list after the
         * opener (the span stops at the first comma of a territorial list) */
        size_t op = kh_starts_with_ci(sec->title, tl, "Đề nghị ") ? 0 : (size_t)(strchr(sec->title, ' ') - sec->title) + 1;
        kh_units all = {0};
        kh_units_parse(ctx, sec->title + op, tl - op, &all);
        size_t named = 0;
        for (size_t k = 0; k < all.n; k++)
            named += strlen(all.v[k].name);
        if (all.n && named * 10 >= (tl - op) * 8) {
            subj = all;
            intro = true;
        }
    }
    if (sentence && own && intro) {
        /* the heading introduces its subject's duties, one per bullet */
        int index = 0;
        bool bullets = false;
        for (size_t bi = sec->block_begin; bi < sec->block_end; bi++) {
            const kh_block *b = &res->blocks.v[bi];
            if (b->section != sec || b->kind == KH_BLK_HEADING)
                continue;
            if (closing_after_bullets(ctx, b, bullets))
                break;
            bullets |= b->marker != 0;
            kh_task *t = new_task(ctx, sec, true, b->line);
            t->id = kh_sprintf(ctx->arena, "%s.%d", kh_section_path(ctx, sec), ++index);
            t->title = field_text(ctx, b->text, b->len);
            if (!t->title)
                t->title = kh_strndup(ctx->arena, b->text, b->len);
            analyse_duty(ctx, t, b->text, b->len, &subj);
        }
        return;
    }
    /* "2- Ủy ban Kiểm tra Tỉnh ủy chủ trì theo dõi …" in a Chỉ thị or công văn: the
     * sentence's own subject leads, not the addressees */
    if (!sentence && !own && subject_item(ctx, sec))
        return;
    if (sentence || (to && to->n && !own && !sec->nchildren && sec->parent && sec->parent->level == 0)) {
        add_sentence_duty(ctx, sec, kh_section_path(ctx, sec), sec->title, tl, sec->line, to);
        return;
    }
    /* an ordinary item: its fields, its "Giao X …" sentences, its sub-items */
    extract_plan_item(ctx, sec);
    int index = 0;
    for (size_t bi = sec->block_begin; bi < sec->block_end; bi++) {
        const kh_block *b = &res->blocks.v[bi];
        if (b->section != sec || b->kind == KH_BLK_HEADING || b->field_label)
            continue;
        kh_units probe = {0};
        if (!duty_subject(ctx, b->text, b->len, &probe))
            continue;
        add_sentence_duty(ctx, sec, kh_sprintf(ctx->arena, "%s.%d", kh_section_path(ctx, sec), ++index), b->text,
                          b->len, b->line, NULL);
    }
    for (size_t c = 0; c < sec->nchildren; c++)
        extract_letter_section(ctx, sec->children[c], NULL);
}

/* ---------------------------------------------------------------- walk */

/* Tasks in document order (table rows and assignments are found in separate passes).
 * Insertion sort on an almost sorted array: stable and linear in practice. */
static void sort_by_line(kh_tasks *t)
{
    for (size_t i = 1; i < t->n; i++) {
        kh_task x = t->v[i];
        size_t j = i;
        while (j > 0 && t->v[j - 1].line > x.line) {
            t->v[j] = t->v[j - 1];
            j--;
        }
        t->v[j] = x;
    }
}

static void walk(kh_ctx *ctx, const kh_section *sec)
{
    for (size_t c = 0; c < sec->nchildren; c++) {
        const kh_section *ch = sec->children[c];
        if (is_tcth(ch)) {
            extract_assignments(ctx, ch);
            continue;
        }
        extract_plan_item(ctx, ch);
        walk(ctx, ch);
    }
}

void kh_extract_tasks(kh_ctx *ctx)
{
    kh_result *res = ctx->res;
    bool letter_like = res->doc.kind && strcmp(res->doc.kind, "ke_hoach") != 0 &&
                       strcmp(res->doc.kind, "quyet_dinh") != 0;
    bool any_tcth = false;
    for (size_t c = 0; c < res->root.nchildren; c++)
        any_tcth |= is_tcth(res->root.children[c]);
    size_t unit_heads = 0;
    for (size_t c = 0; c < res->root.nchildren; c++)
        unit_heads += is_unit_heading(ctx, res->root.children[c]);
    if (letter_like && !any_tcth) {
        /* A công văn or thông báo speaks to units by number ("1. Sở Tư pháp"), by duty
         * sentences ("Giao Sở X …", "Đề nghị UBND các huyện …"), or gives its numbered
         * items to the addressees of "Kính gửi:". */
        kh_units to = {0};
        if (unit_heads == 0 && !intro_subject(ctx, &to))
            for (size_t r = 0; r < res->doc.recipients.n; r++)
                parse_units_into(ctx, res->doc.recipients.v[r], strlen(res->doc.recipients.v[r]), &to);
        for (size_t c = 0; c < res->root.nchildren; c++)
            extract_letter_section(ctx, res->root.children[c], &to);
    } else {
        walk(ctx, &res->root);
    }
    extract_tables(ctx);
    sort_by_line(&res->tasks);
}

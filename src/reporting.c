/*
 * reporting.c — budget (KINH PHÍ section) and reporting duties.
 *
 * Budget: the text of the first section whose title starts with "KINH PHÍ" (any level,
 * any letter case, accents optional): its paragraphs joined with "\n", bullets keeping
 * their marker ("- …"), sub-headings with their label.
 *
 * Reporting (gold README point 10):
 *   - every paragraph under a "CHẾ ĐỘ BÁO CÁO" / "Chế độ thông tin, báo cáo" section;
 *   - anywhere else, every sentence where "báo cáo" is followed by a limit ("… gửi báo
 *     cáo … về X trước ngày 20/11/2024 …") or preceded by a recurrence that times it
 *     ("Định kỳ 6 tháng báo cáo kết quả về UBND huyện"), or by a recurrence opening the
 *     sentence ("Định kỳ hằng quý, các sở … báo cáo … trước ngày 20 …": the period is the
 *     deadline); numbered duties that are headings are read the same way.
 *   Left out: "nếu có khó khăn, vướng mắc … báo cáo …" closings, and duties such as
 *   "báo cáo UBND tỉnh … theo quy định" that give no date or period.
 *   deadline = kh_deadline_parse of the time phrase (a recurrence that times the verb,
 *   "Định kỳ 6 tháng báo cáo …", comes first); to = the unit after "gửi (về)" / "về" (or
 *   straight after "báo cáo": a unit or a person, "Bộ trưởng"), as written; "về X (qua Y)"
 *   sends it to Y first.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------- helpers */

/* Folded (no tone marks, đ->d, lower-case) title starts with one of the prefixes. */
static bool title_starts(kh_ctx *ctx, const char *title, const char *const *prefixes)
{
    if (!title)
        return false;
    size_t n = strlen(title);
    if (n > 120)
        n = 120;
    /* Only the first bytes of the folded title are compared: fold a head long enough for
     * the longest prefix (a letter folds to at least one byte unless it is a mark), cut
     * at a code point. Folding and lower-casing go code point by code point, so the
     * head's result is the start of the whole title's; when it comes out shorter than
     * the longest prefix the whole title is folded. */
    size_t longest = 0;
    for (int i = 0; prefixes[i]; i++)
        if (strlen(prefixes[i]) > longest)
            longest = strlen(prefixes[i]);
    size_t m = 4 * longest + 4;
    if (m >= n)
        m = n;
    while (m < n && ((unsigned char)title[m] & 0xC0) == 0x80)
        m--;
    char *f = kh_fold(ctx->arena, title, m);
    char *l = kh_lower(ctx->arena, f, strlen(f));
    if (m < n && strlen(l) < longest) {
        f = kh_fold(ctx->arena, title, n);
        l = kh_lower(ctx->arena, f, strlen(f));
    }
    for (int i = 0; prefixes[i]; i++)
        if (strncmp(l, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

static const kh_section *find_section(kh_ctx *ctx, const kh_section *s, const char *const *prefixes)
{
    for (size_t i = 0; i < s->nchildren; i++) {
        const kh_section *c = s->children[i];
        if (title_starts(ctx, c->title, prefixes))
            return c;
        const kh_section *d = find_section(ctx, c, prefixes);
        if (d)
            return d;
    }
    return NULL;
}

static size_t strip_end(const char *s, size_t n)
{
    for (;;) {
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n >= 3 && memcmp(s + n - 3, "./.", 3) == 0) {
            n -= 3;
            continue;
        }
        if (n && (s[n - 1] == '.' || s[n - 1] == ';' || s[n - 1] == ','))
            n--;
        else
            return n;
    }
}

/* ---------------------------------------------------------------- budget */

static const char *const BUDGET_TITLES[] = {"kinh phi", NULL};

void kh_extract_budget(kh_ctx *ctx)
{
    kh_result *res = ctx->res;
    const kh_section *sec = find_section(ctx, &res->root, BUDGET_TITLES);
    if (!sec)
        return;
    kh_buf b = {0};
    for (size_t i = sec->block_begin; i < sec->block_end && i < res->blocks.n; i++) {
        const kh_block *bl = &res->blocks.v[i];
        if (!bl->text || !bl->len)
            continue;
        if (b.n)
            kh_buf_addc(ctx->arena, &b, '\n');
        if (bl->kind == KH_BLK_BULLET && bl->marker) {
            kh_buf_addc(ctx->arena, &b, bl->marker);
            kh_buf_addc(ctx->arena, &b, ' ');
        } else if (bl->kind == KH_BLK_HEADING && bl->section && bl->section->label) {
            kh_buf_adds(ctx->arena, &b, bl->section->label);
            kh_buf_adds(ctx->arena, &b, ". ");
            const char *t = bl->section->title ? bl->section->title : "";
            kh_buf_adds(ctx->arena, &b, t);
            continue;
        }
        kh_buf_add(ctx->arena, &b, bl->text, bl->len);
    }
    if (!b.n && sec->title) { /* "KINH PHÍ: ngân sách tỉnh …" on the heading line */
        const char *c = strchr(sec->title, ':');
        if (c) {
            const char *v = c + 1;
            size_t n = kh_trim(&v, strlen(v));
            if (n)
                kh_buf_add(ctx->arena, &b, v, n);
        }
    }
    if (b.n)
        res->budget = kh_strndup(ctx->arena, b.s, b.n);
}

/* ---------------------------------------------------------------- reporting */

static const char *const REPORT_TITLES[] = {
    "che do bao cao", "che do thong tin", "thong tin bao cao", "thong tin, bao cao", "bao cao ket qua",
    "bao cao dinh ky", "bao cao", NULL};

/* An hour before the day of a limit: "trước 15 giờ ngày 06/9/2024", "trước 16h00 ngày …". */
#define RE_HOUR "(?:\\d{1,2}\\s*(?:giờ|h)(?:\\s*\\d{1,2}(?:\\s*phút)?)?,?\\s+)?"
/* A time phrase of a report: recurrence (with a parenthesis that dates it), or a limit. */
static const char RE_TIME[] =
    "(?:\\bđịnh\\s+kỳ\\s+)?(?:"
    "(?:hằng|hàng|mỗi)\\s+(?:năm|quý|tháng|tuần)(?:\\s*\\([^()]{1,60}\\))?"
    "|(?:6|06|sáu)\\s+tháng(?:\\s*(?:,|và)\\s*(?:cuối\\s+năm|hằng\\s+năm|hàng\\s+năm|năm))?(?!\\s+(?:đầu|cuối)\\s+năm\\s+\\d)"
    "(?:\\s*\\([^()]{1,60}\\))?"
    "|(?:trước|chậm\\s+nhất(?:\\s+là)?|hạn)\\s+" RE_HOUR "(?:ngày\\s+)?\\d{1,2}\\s*(?:[/.-]\\s*\\d{1,2}(?:\\s*[/.-]\\s*\\d{4})?"
    "|\\s+tháng\\s+\\d{1,2}(?:\\s+năm\\s+\\d{4})?)(?:\\s+(?:hằng|hàng)\\s+năm)?"
    "|(?:trước|chậm\\s+nhất(?:\\s+là)?)\\s+tháng\\s+\\d{1,2}(?:\\s*[/-]\\s*\\d{4}|\\s+năm\\s+\\d{4})?"
    "|(?:trước|chậm\\s+nhất)\\s+quý\\s+(?:IV|I{1,3}|[1-4])(?:\\s*(?:/|năm)\\s*\\d{4})?"
    "|(?:trước|chậm\\s+nhất(?:\\s+là)?)\\s+ngày\\s+\\d{1,2}\\s+(?:của\\s+)?(?:tháng\\s+cuối\\s+(?:quý|năm)"
    "|(?:hằng|hàng|mỗi)\\s+(?:tháng|quý))"
    ")|\\bđịnh\\s+kỳ\\b";
/* Outside a reporting section only a limit makes a report ("báo cáo … trước ngày …"). */
static const char RE_LIMIT[] =
    "\\b(?:trước|chậm\\s+nhất(?:\\s+là)?|hạn)\\s+" RE_HOUR "(?:ngày\\s+)?\\d{1,2}\\s*(?:[/.-]\\s*\\d{1,2}(?:\\s*[/.-]\\s*\\d{4})?"
    "|\\s+tháng\\s+\\d{1,2}(?:\\s+năm\\s+\\d{4})?)(?:\\s+(?:hằng|hàng)\\s+năm)?"
    "|\\b(?:trước|chậm\\s+nhất(?:\\s+là)?)\\s+tháng\\s+\\d{1,2}(?:\\s*[/-]\\s*\\d{4}|\\s+năm\\s+\\d{4})?"
    "|\\b(?:trước|chậm\\s+nhất)\\s+quý\\s+(?:IV|I{1,3}|[1-4])(?:\\s*(?:/|năm)\\s*\\d{4})?"
    "|\\b(?:trước|chậm\\s+nhất(?:\\s+là)?)\\s+ngày\\s+\\d{1,2}\\s+(?:của\\s+)?(?:tháng\\s+cuối\\s+(?:quý|năm)"
    "|(?:hằng|hàng|mỗi)\\s+(?:tháng|quý))";
/* A further limit joined by "và" after one (the first's parenthesis in between). */
static const char RE_AND_LIMIT[] =
    "^(?:\\s*\\([^()]{1,60}\\))?\\s+và\\s+(?:trước|chậm\\s+nhất(?:\\s+là)?)\\s+(?:ngày\\s+)?\\d{1,2}\\s*[/.-]\\s*\\d{1,2}"
    "(?:\\s*[/.-]\\s*\\d{4})?";
/* A recurrence that times the verb: "Định kỳ 6 tháng báo cáo …". */
static const char RE_TIME_BEFORE[] =
    "(?:\\bđịnh\\s+kỳ(?:\\s+(?:(?:hằng|hàng|mỗi)\\s+(?:năm|quý|tháng|tuần)|(?:6|06|sáu)\\s+tháng|hằng\\s+quý))?"
    "|\\b(?:hằng|hàng|mỗi)\\s+(?:năm|quý|tháng|tuần)|\\b(?:6|06|sáu)\\s+tháng(?:\\s*(?:,|và)\\s*(?:cuối\\s+năm|năm))?)"
    "[\\s,]*(?=(?:gửi\\s+)?báo\\s+cáo\\b)";
/* A recurrence opening the sentence times all of it, whatever comes between it and the
 * verb ("Định kỳ hằng quý, các sở … báo cáo … trước ngày 20 của tháng cuối quý",
 * "Định kỳ 6 tháng tổng hợp …, báo cáo Bộ trưởng"): the period is the deadline. */
static const char RE_TIME_LEAD[] =
    "^(?:định\\s+kỳ(?:\\s+(?:(?:hằng|hàng|mỗi)\\s+(?:năm|quý|tháng|tuần)|(?:6|06|sáu)\\s+tháng))?"
    "|(?:hằng|hàng|mỗi)\\s+(?:năm|quý|tháng|tuần)|(?:6|06|sáu)\\s+tháng(?:\\s*(?:,|và)\\s*(?:cuối\\s+năm|năm))?)"
    "(?![\\p{L}\\p{N}])(?!\\s+(?:đầu|cuối)\\s+năm\\s+\\d)";
/* A period anywhere in the sentence ("báo cáo kết quả hằng quý về … trước ngày 20 của
 * tháng cuối quý"): with a limit too, the period is the deadline (CORPUS choice 11). */
static const char RE_PERIOD[] =
    "(?<![\\p{L}\\p{N}])(?:định\\s+kỳ(?:\\s+(?:(?:hằng|hàng|mỗi)\\s+(?:năm|quý|tháng|tuần)|(?:6|06|sáu)\\s+tháng))?"
    "|(?:hằng|hàng|mỗi)\\s+(?:năm|quý|tháng|tuần))(?![\\p{L}\\p{N}])";
/* Persons a report goes to ("báo cáo Bộ trưởng", "báo cáo Chủ tịch UBND tỉnh"). */
static const char RE_PERSON[] =
    "^(?:Bộ\\s+trưởng|Thứ\\s+trưởng|Lãnh\\s+đạo|Chủ\\s+tịch|Phó\\s+Chủ\\s+tịch|Giám\\s+đốc|Thủ\\s+tướng|"
    "Trưởng\\s+ban|Bí\\s+thư|Thường\\s+trực|(?:Phó\\s+)?Hiệu\\s+trưởng|Phó\\s+Giám\\s+đốc|"
    "Tổng\\s+Giám\\s+đốc|Trưởng\\s+phòng|Trưởng\\s+khoa)(?![\\p{L}\\p{N}])"
    /* the post's remit, when named: "Phó Hiệu trưởng phụ trách chuyên môn" */
    "(?:\\s+phụ\\s+trách(?:\\s+(?!trước|trong|vào|để|theo|khi|từ|đến|chậm|định)[\\p{Ll}\\p{N}]+){1,4})?";
static const char RE_VIA[] = "^\\s*\\(\\s*qua\\s+";
static const char RE_BAO_CAO[] = "\\bbáo\\s+cáo\\b";
static const char RE_CLOSING[] = "\\bkhó\\s+khăn\\b|\\bvướng\\s+mắc\\b";
static const char RE_TO[] = "\\b(?:gửi(?:\\s+về)?|về|cho)\\s+";

/* An upper-case letter or a digit starts s. */
static bool is_upper_start(const char *s, size_t n)
{
    int k;
    int32_t cp = kh_utf8_decode(s, n, &k);
    return (cp >= '0' && cp <= '9') || kh_is_upper_text(s, (size_t)k);
}

/* "Sở Y tế và Ủy ban nhân dân huyện": the report goes first to the first unit named.
 * Returns the length of that unit as written inside s[0..n). */
static size_t first_unit(kh_ctx *ctx, const char *s, size_t n)
{
    kh_units all = {0};
    kh_units_parse(ctx, s, n, &all);
    if (all.n < 2)
        return n;
    for (size_t i = 1; i + 1 < n; i++) {
        size_t sep = 0;
        if (s[i] == ',' || s[i] == ';')
            sep = 1;
        else if (s[i] == ' ' && kh_word_ci(s, n, i + 1, "và"))
            sep = 1 + kh_word_ci(s, n, i + 1, "và");
        if (!sep)
            continue;
        size_t r = i + sep;
        while (r < n && s[r] == ' ')
            r++;
        if (r < n && kh_unit_span(ctx, s + r, n - r) > 0)
            return kh_trim_punct(s, i);
    }
    return n;
}

/* The unit at s+p, as written; "X (qua Y)" sends the report to Y first. */
static char *destination(kh_ctx *ctx, const char *s, size_t n, size_t p)
{
    size_t u = kh_unit_span(ctx, s + p, n - p);
    long pv[2];
    if (!u && kh_re_match(ctx, kh_re(ctx, RE_PERSON, 0), s + p, n - p, 0, pv, 1) > 0) {
        /* a person, with the body they head: "Bộ trưởng", "Chủ tịch UBND tỉnh", "Lãnh đạo Bộ" */
        size_t q = p + (size_t)pv[1];
        size_t r = q;
        while (r < n && s[r] == ' ')
            r++;
        size_t v = r < n ? kh_unit_span(ctx, s + r, n - r) : 0;
        if (v)
            q = r + v;
        else
            while (r < n && is_upper_start(s + r, n - r)) { /* capitalised words: "Bộ" */
                while (r < n && s[r] != ' ' && s[r] != ',' && s[r] != ';' && s[r] != '.' && s[r] != '(')
                    r++;
                q = r;
                while (r < n && s[r] == ' ')
                    r++;
            }
        return kh_strndup(ctx->arena, s + p, q - p);
    }
    if (!u && p < n && is_upper_start(s + p, n - p)) {
        /* a body named by its head noun alone, then where the report goes in: "về Tổng
         * công ty (qua Ban Kinh doanh)"; a few capitalised/lower words up to the "(" */
        size_t q = p, words = 0;
        while (q < n && s[q] != '(' && s[q] != ',' && s[q] != ';' && s[q] != '.' && q - p < 48) {
            if (s[q] == ' ' && s[q + 1] != ' ' && s[q + 1] != '(')
                words++;
            q++;
        }
        if (q < n && s[q] == '(' && words < 4)
            u = kh_trim_punct(s + p, q - p);
        if (u) {
            long vv[2];
            if (kh_re_match(ctx, kh_re(ctx, RE_VIA, PCRE2_CASELESS), s + p + u, n - p - u, 0, vv, 1) <= 0)
                u = 0;
        }
    }
    if (!u)
        return NULL;
    /* "báo cáo UBND thành phố và Bộ Công an (qua Cục …)": the report goes first to the
     * first unit named; the "(qua …)" belongs to the last one */
    size_t first = first_unit(ctx, s + p, u);
    if (first < u)
        return kh_strndup(ctx->arena, s + p, first);
    long ov[2];
    if (kh_re_match(ctx, kh_re(ctx, RE_VIA, PCRE2_CASELESS), s + p + u, n - p - u, 0, ov, 1) > 0) {
        size_t q = p + u + (size_t)ov[1];
        size_t v = kh_unit_span(ctx, s + q, n - q);
        if (!v) { /* any name up to the parenthesis: "(qua Hạt Kiểm lâm)" */
            const char *c = memchr(s + q, ')', n - q);
            if (c && c - (s + q) <= 80)
                v = kh_trim_punct(s + q, (size_t)(c - (s + q)));
        }
        if (v)
            return kh_strndup(ctx->arena, s + q, v);
    }
    return kh_strndup(ctx->arena, s + p, u);
}

/* Fill r from the sentence s[0..n); from = where a time phrase may start. */
static bool make_report(kh_ctx *ctx, const char *s, size_t n, size_t from, bool need_time, int line,
                        kh_report *r)
{
    long ov[4];
    memset(r, 0, sizeof *r);
    r->deadline.kind = KH_DL_UNSPECIFIED;
    if (kh_re_match(ctx, kh_re(ctx, RE_CLOSING, PCRE2_CASELESS), s, n, 0, ov, 1) > 0)
        return false;
    const kh_regex *tre = need_time ? kh_re(ctx, RE_LIMIT, PCRE2_CASELESS) : kh_re(ctx, RE_TIME, PCRE2_CASELESS);
    bool timed = kh_re_match(ctx, tre, s, n, from, ov, 1) > 0;
    if (!timed && !need_time)
        timed = kh_re_match(ctx, tre, s, n, 0, ov, 1) > 0;
    long pv[2]; /* "Định kỳ 6 tháng báo cáo …": the adverb before the verb comes first */
    bool lead = kh_re_match(ctx, kh_re(ctx, RE_TIME_LEAD, PCRE2_CASELESS), s, n, 0, pv, 1) > 0 ||
                kh_re_match(ctx, kh_re(ctx, RE_TIME_BEFORE, PCRE2_CASELESS), s, n, 0, pv, 1) > 0;
    /* or opening the clause that reports: "X theo dõi …; định kỳ 6 tháng tổng hợp kết
     * quả, báo cáo Y" (blind round 5) */
    for (size_t c = 0; !lead && c < from && c < n; c++) {
        if (s[c] != ';')
            continue;
        size_t q = c + 1;
        while (q < n && s[q] == ' ')
            q++;
        if (q < from && kh_re_match(ctx, kh_re(ctx, RE_TIME_LEAD, PCRE2_CASELESS), s + q, n - q, 0, pv, 1) > 0) {
            pv[0] += (long)q;
            pv[1] += (long)q;
            lead = true;
        }
    }
    if (lead && (!timed || pv[0] < ov[0])) {
        ov[0] = pv[0];
        ov[1] = pv[1];
        timed = true;
    }
    if (need_time && !timed)
        return false;
    if (timed && !lead) {
        /* a period outside the limit's own words ("trước ngày 30/6 hằng năm" is one limit) */
        long qv[2];
        const kh_regex *per = kh_re(ctx, RE_PERIOD, PCRE2_CASELESS);
        for (size_t at = 0; kh_re_match(ctx, per, s, n, at, qv, 1) > 0; at = (size_t)qv[1]) {
            if (qv[1] <= ov[0] || qv[0] >= ov[1]) {
                ov[0] = qv[0];
                ov[1] = qv[1];
                lead = true;
                break;
            }
        }
    }
    if (timed && !lead) {
        /* "trước ngày 15/02/2026 (đợt 1) và trước ngày 30/11/2026 (cả năm)": limits joined
         * by "và" are one deadline, its end the last (CORPUS rule 2) */
        const kh_regex *more = kh_re(ctx, RE_AND_LIMIT, PCRE2_CASELESS);
        long mv[2];
        while (kh_re_match(ctx, more, s + ov[1], n - (size_t)ov[1], 0, mv, 1) > 0 && mv[0] == 0) {
            long end = ov[1] + mv[1];
            /* the last limit's own parenthesis, if any */
            size_t q = (size_t)end;
            while (q < n && s[q] == ' ')
                q++;
            if (q < n && s[q] == '(') {
                const char *c = memchr(s + q, ')', n - q);
                if (c && !memchr(s + q + 1, '(', (size_t)(c - s - q - 1)) && c - (s + q) <= 60)
                    end = (long)(c - s) + 1;
            }
            ov[1] = end;
        }
    }
    if (timed) {
        size_t tl = (size_t)(ov[1] - ov[0]);
        while (tl && (s[ov[0] + (long)tl - 1] == ' ' || s[ov[0] + (long)tl - 1] == ','))
            tl--;
        kh_deadline_parse(ctx, s + ov[0], tl, &r->deadline);
    }
    /* destination */
    const kh_regex *to = kh_re(ctx, RE_TO, PCRE2_CASELESS);
    for (size_t at = 0; kh_re_match(ctx, to, s, n, at, ov, 1) > 0; at = (size_t)ov[1]) {
        r->to = destination(ctx, s, n, (size_t)ov[1]);
        if (r->to)
            break;
    }
    if (!r->to && kh_re_match(ctx, kh_re(ctx, RE_BAO_CAO, PCRE2_CASELESS), s, n, 0, ov, 1) > 0) {
        size_t p = (size_t)ov[1];
        while (p < n && s[p] == ' ')
            p++;
        r->to = destination(ctx, s, n, p);
    }
    size_t tn = strip_end(s, n);
    r->text = kh_strndup(ctx->arena, s, tn);
    r->line = line;
    return tn > 0;
}

/* Sentences of a paragraph: ". " (or "; ") followed by an upper-case letter ends one. */
static void scan_sentences(kh_ctx *ctx, const kh_block *bl)
{
    const char *s = bl->text;
    size_t n = bl->len, start = 0;
    const kh_regex *bc = kh_re(ctx, RE_BAO_CAO, PCRE2_CASELESS);
    long ov[2];
    if (kh_re_match(ctx, bc, s, n, 0, ov, 1) <= 0)
        return; /* no "báo cáo" at all: the common case, one match attempt */
    for (size_t i = 0; i <= n; i++) {
        bool end = i == n;
        if (!end && (s[i] == '.' || s[i] == '!' || s[i] == '?') && i + 2 < n && s[i + 1] == ' ' &&
            is_upper_start(s + i + 2, n - i - 2))
            end = true;
        if (!end)
            continue;
        size_t len = i - start;
        const char *p = s + start;
        size_t k = kh_trim(&p, len);
        if (k && kh_re_match(ctx, bc, p, k, 0, ov, 1) > 0) {
            kh_report r;
            if (make_report(ctx, p, k, (size_t)ov[1], true, bl->line, &r))
                KH_PUSH(ctx->arena, ctx->res->reporting, r);
        }
        start = i + 1;
    }
}

void kh_extract_reporting(kh_ctx *ctx)
{
    kh_result *res = ctx->res;
    const kh_section *sec = find_section(ctx, &res->root, REPORT_TITLES);
    size_t sb = 0, se = 0;
    if (sec) {
        sb = sec->block_begin;
        se = sec->block_end;
    }
    for (size_t i = 0; i < res->blocks.n; i++) {
        if (kh_over_budget(ctx))
            return;
        const kh_block *bl = &res->blocks.v[i];
        if (!bl->text || !bl->len)
            continue;
        if (bl->kind == KH_BLK_HEADING) { /* a numbered duty of a Công văn: "7. Định kỳ hằng tháng báo cáo …" */
            kh_block h = *bl;
            const char *lab = bl->section ? bl->section->label : NULL;
            size_t ll = lab ? strlen(lab) : 0;
            if (ll && h.len > ll && !memcmp(h.text, lab, ll) && strchr(".)-:", h.text[ll])) {
                /* without its label: "7- Văn phòng … báo cáo …" (Party numbering) */
                ll++;
                while (ll < h.len && h.text[ll] == ' ')
                    ll++;
                h.text += ll;
                h.len -= ll;
            }
            scan_sentences(ctx, &h);
            continue;
        }
        if (i >= sb && i < se) {
            kh_report r;
            long ov[2];
            size_t from = kh_re_match(ctx, kh_re(ctx, RE_BAO_CAO, PCRE2_CASELESS), bl->text, bl->len, 0, ov, 1) > 0
                              ? (size_t)ov[1] : 0;
            if (make_report(ctx, bl->text, bl->len, from, false, bl->line, &r))
                KH_PUSH(ctx->arena, res->reporting, r);
            continue;
        }
        scan_sentences(ctx, bl);
    }
}

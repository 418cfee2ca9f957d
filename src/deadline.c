/*
 * deadline.c — deadline expressions of plan fields ("Thời gian thực hiện: …").
 *
 * Kinds (docs/UNITS.md has the full table):
 *   ongoing    thường xuyên, liên tục, lâu dài, hằng ngày
 *   recurring  định kỳ (recurrence null), hằng/hàng/mỗi năm|quý|tháng|tuần, 6 tháng,
 *              các năm tiếp theo
 *   by_date    trước / chậm nhất / hạn / đến / hoàn thành … a date ("trước tháng 12/2024"
 *              -> end 2024-12); a day or a month on its own ("Tháng 9/2024" in a
 *              "Thời gian hoàn thành" column -> end 2024-09); a quarter, which ends with
 *              its last month ("Quý II/2024" -> end 2024-06); a half-year, likewise
 *              ("6 tháng đầu năm 2025" -> end 2025-06, "6 tháng cuối năm 2025" -> 2025-12)
 *   period     năm 2023 (2023 .. 2023), 2023-2024, giai đoạn 2023-2026, từ … đến …,
 *              "Tháng 3 - 4/2025" (2025-03 .. 2025-04);
 *              "đến năm 2025" is by_date
 *   on_demand  đột xuất, khi có yêu cầu, theo yêu cầu, khi cần thiết, …
 * The first kind found is `kind`; when several differ all are listed in `kinds`. A
 * day and month without a year ("trước ngày 30/6") is a by_date without `end`, and is
 * dropped when the text also recurs ("trước ngày 30/6 hằng năm" is recurring annual).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
    size_t pos, end;
    kh_deadline_kind kind;
    kh_recurrence rec;
    bool weak; /* by_date without a year */
    kh_date start, stop;
} dl_event;

enum { MAX_EV = 24 };

typedef struct {
    dl_event v[MAX_EV];
    int n;
} dl_events;

static void add_ev(dl_events *e, dl_event ev)
{
    if (e->n < MAX_EV)
        e->v[e->n++] = ev;
}

static bool covered(const dl_events *e, size_t pos)
{
    for (int i = 0; i < e->n; i++)
        if ((e->v[i].kind == KH_DL_PERIOD || e->v[i].kind == KH_DL_BY_DATE) && pos >= e->v[i].pos &&
            pos < e->v[i].end)
            return true;
    return false;
}

static void set_ym(kh_date *d, int y, int m)
{
    if (m > 0)
        snprintf(d->s, sizeof d->s, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
    else
        snprintf(d->s, sizeof d->s, "%04u", (unsigned)y % 10000u);
}

static int roman_quarter(const char *s, size_t n)
{
    if (n == 1 && s[0] >= '1' && s[0] <= '4')
        return s[0] - '0';
    char b[4] = {0};
    if (n > 3)
        return 0;
    for (size_t i = 0; i < n; i++)
        b[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    if (!strcmp(b, "I"))
        return 1;
    if (!strcmp(b, "II"))
        return 2;
    if (!strcmp(b, "III"))
        return 3;
    if (!strcmp(b, "IV"))
        return 4;
    return 0;
}

static int num(const char *s, long a, long b)
{
    int v = 0;
    for (long i = a; i < b; i++)
        if (s[i] >= '0' && s[i] <= '9')
            v = v * 10 + (s[i] - '0');
    return v;
}

/* Does the text before `at` end with a word that makes the next date a limit? */
static const char RE_LIMIT_BEFORE[] =
    "(?:\\btrước|\\bchậm\\s+nhất(?:\\s+là)?|\\bhạn(?:\\s+chót)?|\\bđến(?:\\s+hết)?|\\btới|"
    "\\bhoàn\\s+thành(?:\\s+trong)?|\\bxong(?:\\s+trước)?|\\bkết\\s+thúc(?:\\s+trong)?|\\bkhông\\s+quá)"
    "\\s*(?:ngày\\s*)?$";

static bool limit_before(kh_ctx *ctx, const char *s, size_t at)
{
    size_t from = at > 40 ? at - 40 : 0;
    while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
        from++; /* start on a character boundary */
    long ov[2];
    return kh_re_match(ctx, kh_re(ctx, RE_LIMIT_BEFORE, PCRE2_CASELESS), s + from, at - from, 0, ov, 1) > 0;
}

/* ------------------------------------------------------------------ patterns */

static const char RE_YEARS[] =
    "(?:\\b(?:giai\\s+đoạn|từ\\s+năm|năm|từ)\\s*)?\\b((?:19|20)\\d\\d)\\s*(?:[-–—]|\\bđến(?:\\s+hết)?(?:\\s+năm)?|"
    "\\btới(?:\\s+năm)?)\\s*((?:19|20)\\d\\d)(?!\\d)";
static const char RE_FROM_TO[] =
    "\\btừ\\s+(?:ngày\\s+)?(?:(\\d{1,2})\\s*[/.-]\\s*(\\d{1,2})|tháng\\s+(\\d{1,2}))"
    "(?:\\s*(?:[/.-]|\\s+năm\\s+)\\s*((?:19|20)\\d\\d))?\\s*(?:[-–—]|đến|tới)\\s+(?:hết\\s+)?";
/* "Tháng 3 - 4/2025", "tháng 11 đến tháng 12/2025": the months share the year written last */
static const char RE_MONTHS[] =
    "\\btháng\\s+(\\d{1,2})\\s*(?:[-–—]|\\bđến|\\btới)\\s*(?:hết\\s+)?(?:tháng\\s+)?(\\d{1,2})\\s*(?:[/.-]|\\s+năm\\s+)\\s*"
    "((?:19|20)\\d\\d)(?!\\d)";
static const char RE_QUARTER[] =
    "\\bquý\\s+(IV|I{1,3}|[1-4])\\b(?:\\s*(?:/|-|năm)\\s*((?:19|20)\\d\\d))?";
static const char RE_HALF[] =
    "\\b(?:6|06|sáu)\\s+tháng\\s+(đầu|cuối)\\s+năm\\s+((?:19|20)\\d\\d)";
static const char RE_RECUR[] =
    "\\b(?:(định\\s+kỳ)|(?:(?:hằng|hàng|mỗi)|(?:của\\s+)?tháng\\s+cuối)\\s+(năm|quý|tháng|tuần)|((?:các|những)\\s+năm\\s+(?:tiếp\\s+theo|sau))|"
    "((?:6|06|sáu)\\s+tháng)(?!\\s+(?:đầu|cuối)\\s+năm\\s+(?:19|20)\\d\\d))(?![\\p{L}\\p{N}])";
static const char RE_ONGOING[] =
    "\\b(?:thường\\s+xuyên|liên\\s+tục|lâu\\s+dài|(?:hằng|hàng|mỗi)\\s+ngày|suốt\\s+(?:năm|quá\\s+trình))\\b";
static const char RE_ON_DEMAND[] =
    "\\b(?:đột\\s+xuất|khi\\s+(?:có|được)\\s+yêu\\s+cầu|theo\\s+yêu\\s+cầu|khi\\s+cần(?:\\s+thiết)?|"
    "khi\\s+(?:có\\s+)?phát\\s+sinh|(?:khi\\s+có|theo)\\s+(?:sự\\s+)?chỉ\\s+đạo|khi\\s+có\\s+văn\\s+bản)\\b";
static const char RE_DAY_NO_YEAR[] =
    "\\b(?:trước|chậm\\s+nhất|hạn|đến)\\s+(?:ngày\\s+)?\\d{1,2}\\s*(?:[/.-]\\s*\\d{1,2}|\\s+tháng\\s+\\d{1,2})"
    "(?!\\s*[/.-]\\s*\\d)(?!\\s+năm\\s+\\d)";
static const char RE_DURATION_BEFORE[] = "\\b(?:trong|sau|khoảng|vòng|mất)\\s*$";

static void scan(kh_ctx *ctx, const char *s, size_t len, dl_events *e)
{
    long ov[12];
    size_t at;
    int rc;
    /* year ranges */
    const kh_regex *re = kh_re(ctx, RE_YEARS, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 3)) > 0; at = (size_t)ov[1]) {
        dl_event ev = {.pos = (size_t)ov[0], .end = (size_t)ov[1], .kind = KH_DL_PERIOD};
        set_ym(&ev.start, num(s, ov[2], ov[3]), 0);
        set_ym(&ev.stop, num(s, ov[4], ov[5]), 0);
        if (limit_before(ctx, s, ev.pos) && !kh_starts_with_ci(s + ev.pos, len - ev.pos, "từ"))
            ev.kind = KH_DL_BY_DATE, ev.start.s[0] = 0;
        add_ev(e, ev);
    }
    /* từ X đến Y */
    re = kh_re(ctx, RE_FROM_TO, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 5)) > 0; at = (size_t)ov[1]) {
        if (covered(e, (size_t)ov[0]))
            continue;
        kh_date end;
        size_t n = kh_date_parse(s + ov[1], len - (size_t)ov[1], &end);
        int qy = 0, q = 0;
        if (!n) { /* "đến Quý IV/2024" */
            long qv[6];
            if (kh_re_match(ctx, kh_re(ctx, RE_QUARTER, PCRE2_CASELESS), s, len, (size_t)ov[1], qv, 3) > 0 &&
                qv[0] == ov[1] && qv[4] >= 0) {
                q = roman_quarter(s + qv[2], (size_t)(qv[3] - qv[2]));
                qy = num(s, qv[4], qv[5]);
                n = (size_t)(qv[1] - qv[0]);
                set_ym(&end, qy, 3 * q);
            }
        }
        if (!n || !end.s[0])
            continue;
        int ey = num(end.s, 0, 4);
        int sy = rc > 4 && ov[8] >= 0 ? num(s, ov[8], ov[9]) : ey;
        dl_event ev = {.pos = (size_t)ov[0], .end = (size_t)ov[1] + n, .kind = KH_DL_PERIOD, .stop = end};
        if (ov[2] >= 0) { /* từ ngày D/M */
            int d = num(s, ov[2], ov[3]), m = num(s, ov[4], ov[5]);
            snprintf(ev.start.s, sizeof ev.start.s, "%04u-%02u-%02u", (unsigned)sy % 10000u, (unsigned)m % 100u,
                     (unsigned)d % 100u);
        } else {
            set_ym(&ev.start, sy, num(s, ov[6], ov[7]));
        }
        add_ev(e, ev);
    }
    /* month ranges: a period from the first month to the last */
    re = kh_re(ctx, RE_MONTHS, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 4)) > 0; at = (size_t)ov[1]) {
        int m1 = num(s, ov[2], ov[3]), m2 = num(s, ov[4], ov[5]), y = num(s, ov[6], ov[7]);
        if (covered(e, (size_t)ov[0]) || m1 < 1 || m2 > 12 || m1 >= m2)
            continue;
        dl_event ev = {.pos = (size_t)ov[0], .end = (size_t)ov[1], .kind = KH_DL_PERIOD};
        set_ym(&ev.start, y, m1);
        set_ym(&ev.stop, y, m2);
        add_ev(e, ev);
    }
    /* 6 tháng đầu/cuối năm Y */
    re = kh_re(ctx, RE_HALF, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 3)) > 0; at = (size_t)ov[1]) {
        if (covered(e, (size_t)ov[0]))
            continue;
        bool first = kh_starts_with_ci(s + ov[2], (size_t)(ov[3] - ov[2]), "đầu");
        int y = num(s, ov[4], ov[5]);
        /* a half-year names when the work is due, like a quarter: by_date, end = its
         * last month ("6 tháng đầu năm 2025" -> 2025-06, "6 tháng cuối năm 2025" -> 2025-12) */
        dl_event ev = {.pos = (size_t)ov[0], .end = (size_t)ov[1], .kind = KH_DL_BY_DATE};
        set_ym(&ev.stop, y, first ? 6 : 12);
        add_ev(e, ev);
    }
    /* quarters */
    re = kh_re(ctx, RE_QUARTER, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 3)) > 0; at = (size_t)ov[1]) {
        if (covered(e, (size_t)ov[0]) || rc < 3 || ov[4] < 0)
            continue; /* "Quý I hằng năm": the recurrence says it */
        int q = roman_quarter(s + ov[2], (size_t)(ov[3] - ov[2]));
        int y = num(s, ov[4], ov[5]);
        if (!q)
            continue;
        /* a quarter names when the work is due: by_date, end = its last month */
        dl_event ev = {.pos = (size_t)ov[0], .end = (size_t)ov[1], .kind = KH_DL_BY_DATE};
        set_ym(&ev.stop, y, 3 * q);
        add_ev(e, ev);
    }
    /* single dates */
    for (at = 0; at < len;) {
        kh_date d;
        size_t where;
        size_t n = kh_date_find(s + at, len - at, &d, &where);
        if (!n)
            break;
        size_t p = at + where;
        at = p + n;
        if (covered(e, p))
            continue;
        dl_event ev = {.pos = p, .end = p + n};
        if (limit_before(ctx, s, p) || strlen(d.s) >= 7) { /* a day or a month: due then */
            ev.kind = KH_DL_BY_DATE;
            ev.stop = d;
        } else {
            ev.kind = KH_DL_PERIOD;
            ev.start = d;
            ev.stop = d;
        }
        add_ev(e, ev);
    }
    /* a day without a year */
    re = kh_re(ctx, RE_DAY_NO_YEAR, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 1)) > 0; at = (size_t)ov[1])
        if (!covered(e, (size_t)ov[0]))
            add_ev(e, (dl_event){.pos = (size_t)ov[0], .end = (size_t)ov[1], .kind = KH_DL_BY_DATE, .weak = true});
    /* recurrence */
    re = kh_re(ctx, RE_RECUR, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 5)) > 0; at = (size_t)ov[1]) {
        if (covered(e, (size_t)ov[0]))
            continue; /* "tháng cuối năm" inside "6 tháng cuối năm 2025" */
        dl_event ev = {.pos = (size_t)ov[0], .end = (size_t)ov[1], .kind = KH_DL_RECURRING};
        if (rc > 2 && ov[4] >= 0) {
            const char *w = s + ov[4];
            size_t wn = (size_t)(ov[5] - ov[4]);
            ev.rec = kh_starts_with_ci(w, wn, "năm") ? KH_REC_ANNUAL
                   : kh_starts_with_ci(w, wn, "quý") ? KH_REC_QUARTERLY
                   : kh_starts_with_ci(w, wn, "tháng") ? KH_REC_MONTHLY : KH_REC_WEEKLY;
        } else if (rc > 3 && ov[6] >= 0) {
            ev.rec = KH_REC_ANNUAL; /* các năm tiếp theo */
        } else if (rc > 4 && ov[8] >= 0) {
            long dv[2]; /* "trong 6 tháng" is a duration */
            if (kh_re_match(ctx, kh_re(ctx, RE_DURATION_BEFORE, PCRE2_CASELESS), s, (size_t)ov[0], 0, dv, 1) > 0)
                continue;
            ev.rec = KH_REC_SEMIANNUAL;
        }
        add_ev(e, ev);
    }
    re = kh_re(ctx, RE_ONGOING, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 1)) > 0; at = (size_t)ov[1])
        add_ev(e, (dl_event){.pos = (size_t)ov[0], .end = (size_t)ov[1], .kind = KH_DL_ONGOING});
    re = kh_re(ctx, RE_ON_DEMAND, PCRE2_CASELESS);
    for (at = 0; (rc = kh_re_match(ctx, re, s, len, at, ov, 1)) > 0; at = (size_t)ov[1])
        add_ev(e, (dl_event){.pos = (size_t)ov[0], .end = (size_t)ov[1], .kind = KH_DL_ON_DEMAND});
}

static int by_pos(const void *a, const void *b)
{
    const dl_event *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos ? 1 : 0;
}

void kh_deadline_parse(kh_ctx *ctx, const char *s, size_t len, kh_deadline *out)
{
    memset(out, 0, sizeof *out);
    out->kind = KH_DL_UNSPECIFIED;
    if (!s)
        return;
    len = kh_trim(&s, len);
    for (;;) { /* trailing "./." "." ";" "," */
        if (len >= 3 && memcmp(s + len - 3, "./.", 3) == 0)
            len -= 3;
        size_t l2 = kh_trim_punct(s, len);
        if (l2 == len)
            break;
        len = l2;
    }
    if (!len)
        return;
    out->text = kh_strndup(ctx->arena, s, len);
    s = out->text;

    dl_events e = {.n = 0};
    scan(ctx, s, len, &e);
    bool recurs = false;
    for (int i = 0; i < e.n; i++)
        recurs |= e.v[i].kind == KH_DL_RECURRING;
    qsort(e.v, (size_t)e.n, sizeof e.v[0], by_pos);
    kh_deadline_kind kinds[5];
    int nk = 0;
    bool dated = false, rec_set = false;
    for (int i = 0; i < e.n; i++) {
        dl_event *ev = &e.v[i];
        if (ev->weak && recurs)
            continue;
        bool seen = false;
        for (int k = 0; k < nk; k++)
            seen |= kinds[k] == ev->kind;
        if (!seen && nk < 5)
            kinds[nk++] = ev->kind;
        if (ev->kind == KH_DL_RECURRING && !rec_set && ev->rec != KH_REC_NONE) {
            out->recurrence = ev->rec;
            rec_set = true;
        }
        if (!dated && (ev->kind == KH_DL_PERIOD || ev->kind == KH_DL_BY_DATE) && !ev->weak) {
            out->start = ev->start;
            out->end = ev->stop;
            dated = true;
        } else if (dated && ev->kind == KH_DL_BY_DATE && kinds[0] == KH_DL_BY_DATE && !ev->weak &&
                   strcmp(ev->stop.s, out->end.s) > 0) {
            /* "Tháng 4/2025 và tháng 10/2025", "Quý I và Quý III/2025": the work is done
             * by the last of the dates */
            out->end = ev->stop;
        }
    }
    if (!nk)
        return;
    out->kind = kinds[0];
    if (nk >= 2) {
        memcpy(out->kinds, kinds, sizeof kinds);
        out->nkinds = nk;
    }
    if (out->kind == KH_DL_BY_DATE)
        out->start.s[0] = 0;
}

/* pathological.c — superlinear-behaviour check on hostile inputs.
 *
 *   pathological [--quick] [--only NAME] [--limit R] [--scale S]   (S multiplies N)
 *
 * Each case builds an input at size N and at 10N, parses both (kh_parse_buffer +
 * compact JSON, default options, one warmed-up parser) and prints t(10N)/t(N). A linear
 * parser gives ~10; the target is <= R (default 12). Times are the best of a few runs.
 * When t(10N) stays under MIN_SIGNIFICANT seconds the ratio is mostly clock noise and is
 * reported but not enforced. Times are CPU times (the check runs on shared CI machines).
 * Exit status 1 when any enforced ratio is over the limit.
 *
 * Cases (see SECURITY.md): a 1 MB single line, 100 000 bullets, 10 000-deep numbering
 * (one label of 10 000 components per line, and a staircase 1., 1.1., 1.1.1. …),
 * repeated "Số:" headers, long runs of "phối hợp với", a line of 200 000 "|" cells, and
 * regex-bomb-like lines (number/date/citation shapes that never complete). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "khparse.h"

#define MIN_SIGNIFICANT 0.010

/* CPU time of the process, not wall time: the check must hold on a loaded machine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- a growable buffer */

typedef struct {
    char *s;
    size_t n, cap;
} buf;

static void add(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *t = realloc(b->s, cap);
        if (!t) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}
static void adds(buf *b, const char *s) { add(b, s, strlen(s)); }
static void addf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
static void repeat(buf *b, const char *s, size_t times)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < times; i++)
        add(b, s, n);
}

/* A plausible header so the later stages (body, tasks) run on what follows. */
static void header(buf *b)
{
    adds(b, "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND\nBắc Ninh, ngày 3 tháng 4 năm 2024\n\n"
            "KẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ\n\n");
}
static void body_heading(buf *b) { adds(b, "I. NỘI DUNG\n\n1. Nhiệm vụ\n\n"); }
static void org_heading(buf *b) { adds(b, "II. TỔ CHỨC THỰC HIỆN\n\n"); }

/* ---------------------------------------------------------------- the cases (size k) */

/* One line of about k bytes of Vietnamese words (no newline inside). */
static void c_long_line(buf *b, size_t k)
{
    header(b);
    body_heading(b);
    adds(b, "- ");
    static const char w[] = "phối hợp với Sở Tư pháp tuyên truyền Luật số 12/2024/QH15 ngày 21/3/2023 ";
    repeat(b, w, k / (sizeof w - 1));
    adds(b, "\n");
}

static void c_bullets(buf *b, size_t k)
{
    header(b);
    body_heading(b);
    for (size_t i = 0; i < k; i++)
        addf(b, "- Nội dung %zu: Sở Nội vụ chủ trì, thời gian: Quý II/2024;\n", i);
}

/* k lines, each headed by a 10 000-component label "1.1.1.…1." */
static void c_deep_label(buf *b, size_t k)
{
    header(b);
    body_heading(b);
    for (size_t i = 0; i < k; i++) {
        repeat(b, "1.", 10000);
        adds(b, " Nhiệm vụ trọng tâm\n");
    }
}

/* Headings 1., 1.1., 1.1.1., … down to depth k (input ~k² bytes: the driver scales
 * k by √10 for the 10N input). */
static void c_staircase(buf *b, size_t k)
{
    header(b);
    body_heading(b);
    for (size_t d = 1; d <= k; d++) {
        repeat(b, "1.", d);
        adds(b, " Nội dung\n");
    }
}

static void c_so_headers(buf *b, size_t k)
{
    for (size_t i = 0; i < k; i++)
        addf(b, "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: %zu/KH-UBND\nBắc Ninh, ngày 3 tháng 4 năm 2024\n"
                "KẾ HOẠCH\nSố: %zu/QĐ-UBND\n", i, i + 1);
}

static void c_phoi_hop(buf *b, size_t k)
{
    header(b);
    org_heading(b);
    adds(b, "1. Sở Nội vụ\n\nChủ trì, ");
    repeat(b, "phối hợp với ", k);
    adds(b, "Sở Tài chính tham mưu bố trí kinh phí.\n\n2. Sở Tư pháp\n\n- Phối hợp: ");
    repeat(b, "phối hợp với các sở, ", k);
    adds(b, "\n");
}

static void c_pipes(buf *b, size_t k)
{
    header(b);
    body_heading(b);
    adds(b, "TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n");
    adds(b, "1 ");
    repeat(b, "| a ", k); /* 200 000 cells = 800 KB: under the 1 MiB line limit */
    adds(b, "|\n2 | Tuyên truyền ");
    repeat(b, "|", k);
    adds(b, "\n");
}

/* Shapes that start like a citation, number or date and never complete, in one line
 * and over many lines: the regexes must not backtrack over the whole run. */
static void c_regex_bombs(buf *b, size_t k)
{
    header(b);
    body_heading(b);
    repeat(b, "12/", k);
    adds(b, "\n");
    repeat(b, "ngày 1 tháng ", k);
    adds(b, "\n");
    repeat(b, "Nghị định số ", k);
    adds(b, "\n");
    repeat(b, "KH-UBND-", k);
    adds(b, "\n");
    repeat(b, "1 ", k);
    adds(b, "\n");
    repeat(b, "a)", k);
    adds(b, "\n");
    repeat(b, "....", k);
    adds(b, "\n");
    repeat(b, "Số: ", k);
    adds(b, "\n");
    repeat(b, "của Ủy ban nhân dân ", k);
    adds(b, "\n");
    for (size_t i = 0; i < k / 16; i++)
        adds(b, "Căn cứ Quyết định số 12/2024/QĐ-UBND ngày 21 tháng 3 năm của của của của\n");
}

typedef struct {
    const char *name;
    void (*make)(buf *, size_t);
    size_t n;     /* size parameter for the N input */
    int sqrt_10;  /* input grows as n²: use n·√10 for 10N */
} pcase;

static const pcase CASES[] = {
    {"long_line_1MB", c_long_line, 100000, 0},
    {"bullets_100k", c_bullets, 10000, 0},
    {"deep_label_10000", c_deep_label, 50, 0},
    {"staircase_depth", c_staircase, 1000, 1},
    {"so_headers", c_so_headers, 2000, 0},
    {"phoi_hop_voi", c_phoi_hop, 5000, 0},
    {"pipes_200k", c_pipes, 20000, 0},
    {"regex_bombs", c_regex_bombs, 2000, 0},
};

static double parse_time(kh_parser *p, const buf *in, int reps, int *rc_out, size_t *ntasks)
{
    double best = 1e9;
    for (int r = 0; r < reps; r++) {
        kh_result *res = NULL;
        double t0 = now();
        int rc = kh_parse_buffer(p, in->s, in->n, "pathological", &res);
        if (res)
            kh_result_json(res, KH_JSON_COMPACT);
        double t = now() - t0;
        *rc_out = rc;
        *ntasks = kh_result_task_count(res);
        kh_result_free(res);
        if (t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    int quick = 0;
    const char *only = NULL;
    double limit = 12.0, scale = 1.0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick"))
            quick = 1;
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = atof(argv[++i]);
        else if (!strcmp(argv[i], "--scale") && i + 1 < argc)
            scale = atof(argv[++i]);
        else {
            fprintf(stderr, "usage: pathological [--quick] [--only NAME] [--limit R] [--scale S]\n");
            return 2;
        }
    }
    kh_parser *p = NULL;
    if (kh_parser_new(&p, NULL) != KH_OK)
        return 2;
    { /* warm-up: regex compilation, model loading */
        buf w = {0};
        c_bullets(&w, 10);
        int rc;
        size_t nt;
        parse_time(p, &w, 1, &rc, &nt);
        free(w.s);
    }
    printf("%-18s %10s %9s %10s %9s %7s  %s\n", "case", "N bytes", "t(N) s", "10N bytes", "t(10N) s", "ratio",
           "verdict");
    int bad = 0;
    double total = 0, t_start = now();
    for (size_t c = 0; c < sizeof CASES / sizeof *CASES; c++) {
        const pcase *pc = &CASES[c];
        if (only && strcmp(only, pc->name))
            continue;
        size_t n1 = (size_t)(pc->n * scale + 0.5), n10 = pc->sqrt_10 ? (size_t)(n1 * 3.1623 + 0.5) : n1 * 10;
        if (quick) {
            n1 = pc->sqrt_10 ? n1 / 3 : n1 / 10;
            n10 = pc->sqrt_10 ? n10 / 3 : n10 / 10;
            if (!n1)
                n1 = 1;
        }
        buf a = {0}, b = {0};
        pc->make(&a, n1);
        pc->make(&b, n10);
        int rc1 = 0, rc10 = 0;
        size_t nt1 = 0, nt10 = 0;
        double t1 = 0, t10 = 0, norm = 0;
        const char *verdict = "ok";
        /* A ratio over the limit is measured again (up to twice) before it counts: a
         * shared machine's noise must not fail the check, a real superlinear cost stays. */
        for (int attempt = 0; attempt < 3; attempt++) {
            t1 = parse_time(p, &a, 7, &rc1, &nt1);
            t10 = parse_time(p, &b, 3, &rc10, &nt10);
            double ratio = t1 > 0 ? t10 / t1 : 0;
            /* Scale by the actual byte ratio (the generators are only roughly 10x). */
            norm = ratio * 10.0 / ((double)b.n / (double)a.n);
            if (rc1 != KH_OK || rc10 != KH_OK) {
                verdict = "ERROR (parse failed)";
                break;
            } else if (t10 < MIN_SIGNIFICANT) {
                verdict = "ok (too fast to judge)";
                break;
            } else if (norm > limit) {
                verdict = "SUPERLINEAR";
            } else {
                verdict = attempt ? "ok (on re-measure)" : "ok";
                break;
            }
        }
        if (strncmp(verdict, "ok", 2))
            bad = 1;
        printf("%-18s %10zu %9.4f %10zu %9.4f %7.2f  %s (rc %d/%d, tasks %zu/%zu)\n", pc->name, a.n, t1, b.n, t10,
               norm, verdict, rc1, rc10, nt1, nt10);
        fflush(stdout);
        total += t10;
        free(a.s);
        free(b.s);
    }
    printf("ratios are t(10N)/t(N) in CPU time, scaled to exactly 10x the bytes; limit %.1f; %.1f s CPU\n",
           limit, now() - t_start);
    (void)total;
    kh_parser_free(p);
    return bad;
}

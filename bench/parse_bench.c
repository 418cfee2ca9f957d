/* parse_bench.c — single-threaded parse throughput, peak memory and growth.
 *
 *   parse_bench corpus/<case>/input.txt ...
 *
 * 1. throughput: the documents parsed one by one, repeated until >= 20 MB went through;
 *    reported in MB/s and as a ratio to a peer measured in the same run (utf8proc NFC
 *    over the same bytes: the cheapest full pass over Vietnamese text);
 * 2. growth: one input made of the documents concatenated to 1 MB and to 10 MB;
 *    t(10 MB) / t(1 MB) should stay <= 12 (times are CPU time, see now());
 * 3. peak RSS against the budget 32 MB + 8 x input size, measured in a fresh process
 *    (this program run again with --rss): it builds the 10 MB input, notes its RSS,
 *    parses it (restore auto) as khparse parse does — the input given away with
 *    kh_parse_buffer_release, the JSON streamed by kh_result_write_json (to a sink that
 *    only counts bytes) — and reports its peak.
 *    The parent's own RSS would count the throughput documents, both growth inputs and
 *    their results; the child holds only the input (which the budget includes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "khparse.h"

/* CPU time of this (single-threaded) process: on the shared, loaded machine wall time
 * also counts the time slices other jobs took; both the parse and the peer are timed
 * this way, so the ratio compares like with like. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    fclose(f);
    return b;
}

static double parse_time(kh_parser *p, const char *buf, size_t len)
{
    double t0 = now();
    kh_result *r = NULL;
    kh_parse_buffer(p, buf, len, "bench", &r);
    if (r)
        kh_result_json(r, KH_JSON_COMPACT);
    double t = now() - t0;
    kh_result_free(r);
    return t;
}

static char *repeat_to(char **docs, size_t *lens, int n, size_t target, size_t *out_len)
{
    char *b = malloc(target + 65536);
    size_t len = 0;
    for (int i = 0; len < target; i = (i + 1) % n) {
        memcpy(b + len, docs[i], lens[i] < target + 65536 - len ? lens[i] : target + 65536 - len);
        len += lens[i] < target + 65536 - len ? lens[i] : target + 65536 - len;
        if (len >= target)
            break;
        b[len++] = '\n';
    }
    *out_len = len;
    return b;
}

static double max_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* A parser as `khparse parse` runs it (restore auto). */
static kh_parser *new_parser(void)
{
    kh_options *o;
    kh_options_new(&o);
    kh_options_set(o, KH_OPT_RESTORE, KH_RESTORE_AUTO);
    kh_parser *p = NULL;
    kh_parser_new(&p, o);
    kh_options_free(o);
    return p;
}

/* Peak RSS of this process image from /proc/self/status (VmHWM): unlike ru_maxrss it
 * starts again at exec, so a child does not report its parent's peak. */
static double hwm_mb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %lf", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb < 0 ? max_rss_mb() : kb / 1024.0;
}

static int count_bytes(void *ctx, const char *data, size_t len)
{
    (void)data;
    *(size_t *)ctx += len;
    return 0;
}

/* parse_bench --rss FILE...: the 10 MB input parsed once in this process; prints
 * "rss <before parse MB> <peak MB> <input MB>". */
static int rss_child(char **docs, size_t *lens, int n)
{
    size_t l10;
    char *b10 = repeat_to(docs, lens, n, 10u << 20, &l10);
    for (int i = 0; i < n; i++)
        free(docs[i]);
    double before = hwm_mb();
    kh_parser *p = new_parser();
    kh_result *r = NULL;
    kh_parse_buffer_release(p, b10, l10, "bench", free, &r); /* frees b10 */
    size_t json_bytes = 0;
    if (r)
        kh_result_write_json(r, KH_JSON_COMPACT, count_bytes, &json_bytes);
    printf("rss %.1f %.1f %.1f\n", before, hwm_mb(), l10 / 1048576.0);
    kh_result_free(r);
    kh_parser_free(p);
    return 0;
}

int main(int argc, char **argv)
{
    bool child = argc > 1 && !strcmp(argv[1], "--rss");
    int first = child ? 2 : 1;
    if (argc <= first) {
        fprintf(stderr, "usage: parse_bench FILE...\n");
        return 2;
    }
    int n = argc - first;
    char **docs = calloc((size_t)n, sizeof *docs);
    size_t *lens = calloc((size_t)n, sizeof *lens);
    for (int i = 0; i < n; i++)
        if (!(docs[i] = slurp(argv[first + i], &lens[i]))) {
            perror(argv[first + i]);
            return 3;
        }
    if (child)
        return rss_child(docs, lens, n);
    kh_parser *p = new_parser();

    /* 1. throughput over separate documents */
    size_t done = 0;
    double t = 0, peer = 0;
    while (done < 20u << 20) {
        for (int i = 0; i < n; i++) {
            t += parse_time(p, docs[i], lens[i]);
            double t0 = now();
            utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)docs[i]);
            peer += now() - t0;
            free(nfc);
            done += lens[i];
        }
    }
    double mb = done / 1048576.0;
    printf("throughput: %.1f MB in %.2f s = %.1f MB/s (target >= 20); peer utf8proc NFC %.1f MB/s; ratio %.2f\n",
           mb, t, mb / t, mb / peer, (mb / t) / (mb / peer));

    /* 2. growth */
    size_t l1, l10;
    char *b1 = repeat_to(docs, lens, n, 1u << 20, &l1);
    char *b10 = repeat_to(docs, lens, n, 10u << 20, &l10);
    double t1 = 0, t10;
    for (int k = 0; k < 3; k++)
        t1 += parse_time(p, b1, l1);
    t1 /= 3;
    t10 = parse_time(p, b10, l10);
    printf("growth: 1 MB %.3f s, 10 MB %.3f s, ratio %.1f (target <= 12)\n", t1, t10, t10 / t1);

    printf("peak RSS of this process: %.1f MB (its documents, both inputs and results)\n", max_rss_mb());
    kh_parser_free(p);
    p = NULL;

    /* 3. peak RSS of a process that parses only the 10 MB input */
    fflush(stdout);
    int fd[2];
    if (pipe(fd) == 0) {
        pid_t pid = fork();
        if (pid == 0) {
            dup2(fd[1], 1);
            close(fd[0]);
            char **av = calloc((size_t)argc + 2, sizeof *av);
            av[0] = argv[0];
            av[1] = "--rss";
            for (int i = 1; i < argc; i++)
                av[i + 1] = argv[i];
            execv("/proc/self/exe", av);
            _exit(127);
        }
        close(fd[1]);
        char line[128] = "";
        FILE *f = fdopen(fd[0], "r");
        double before, peak, in;
        if (f && fgets(line, sizeof line, f) && sscanf(line, "rss %lf %lf %lf", &before, &peak, &in) == 3)
            printf("peak RSS: %.1f MB for a %.1f MB input in a process of its own (%.1f MB before the "
                   "parse, input included; budget 32 + 8 x input = %.1f MB)\n",
                   peak, in, before, 32 + 8 * in);
        else
            printf("peak RSS: child measurement failed\n");
        if (f)
            fclose(f);
        waitpid(pid, NULL, 0);
    }
    return 0;
}

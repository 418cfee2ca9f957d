/* khparse — command-line front end of libkhparse.
 * Exit status: 0 ok, 1 parsed with errors in diagnostics, 2 usage, 3 I/O. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "khparse.h"
#include "cli.h"

static const char USAGE[] =
    "usage: khparse COMMAND [OPTIONS] FILE...\n"
    "\n"
    "commands:\n"
    "  parse FILE...      one JSON object per file on stdout (or FILE.json under -o DIR)\n"
    "  sections FILE      the heading tree as an indented outline\n"
    "  restore FILE       the decoded, normalised and repaired UTF-8 text\n"
    "  ocr FILE           the recognised text of an image or PDF (--raw: before repair)\n"
    "  batch INPUT... -o OUTDIR   convert a whole archive (see khparse batch --help)\n"
    "\n"
    "options:\n"
    "  --pretty           indent JSON\n"
    "  -o DIR             write DIR/<name>.json instead of stdout (parse)\n"
    "  --encoding ENC     auto|utf-8|utf-16|tcvn3|vni|viqr|cp1258 (default auto)\n"
    "  --mode MODE        repair: auto|off|strip|ocr (default auto)\n"
    "  --ocr MODE         PDF text layer vs OCR: auto|always|never\n"
    "  --tessdata DIR     Tesseract data directory (also $KH_TESSDATA)\n"
    "  --model FILE       restoration model (also $KH_MODEL)\n"
    "  --max-bytes N      refuse inputs larger than N bytes (default 256 MiB)\n"
    "  --max-line-bytes N cut longer lines (default 1 MiB)\n"
    "  --max-depth N      deepest heading nesting kept (default 16)\n"
    "  --max-pages N      pages of an image/PDF (default 500)\n"
    "  --max-pixels N     pixels per page (default 100000000)\n"
    "  --time-budget MS   per-document time budget\n"
    "  --show-changes     (restore) show each changed line as -old/+new\n"
    "  --raw              (ocr) text before repair\n"
    "  --dump=STAGE       normalized|restored|segments: print a stage's output (debugging)\n"
    "  -h, --help         this help\n"
    "  --version          print the version\n"
    "\n"
    "exit status: 0 ok, 1 parsed with errors in diagnostics, 2 usage, 3 I/O error\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "khparse: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'khparse --help'.\n");
    return KH_EXIT_USAGE;
}

static int lookup(const char *v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(v, names[i]))
            return i;
    return -1;
}

/* Parses common options into cli; leaves positional arguments in cli->files. */
int kh_cli_parse_args(kh_cli *cli, int argc, char **argv)
{
    static const char *const enc[] = {"auto", "utf-8", "utf-16", "tcvn3", "vni", "viqr", "cp1258"};
    static const char *const mode[] = {"auto", "off", "strip", "ocr"};
    static const char *const ocr[] = {"auto", "always", "never"};
    if (kh_options_new(&cli->opts) != KH_OK)
        return KH_EXIT_IO;
    cli->files = calloc((size_t)argc + 1, sizeof *cli->files);
    if (!cli->files)
        return KH_EXIT_IO;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define NEED_VALUE()                                                                   \
    do {                                                                               \
        if (i + 1 >= argc)                                                             \
            return usage_error("option %s needs a value", a);                          \
        val = argv[++i];                                                               \
    } while (0)
        if (!strcmp(a, "--pretty")) {
            cli->pretty = 1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            NEED_VALUE();
            cli->outdir = val;
        } else if (!strcmp(a, "--encoding")) {
            NEED_VALUE();
            int k = lookup(val, enc, 7);
            if (k < 0)
                return usage_error("unknown encoding '%s'", val);
            kh_options_set(cli->opts, KH_OPT_ENCODING, k);
        } else if (!strcmp(a, "--mode")) {
            NEED_VALUE();
            int k = lookup(val, mode, 4);
            if (k < 0)
                return usage_error("unknown repair mode '%s'", val);
            kh_options_set(cli->opts, KH_OPT_RESTORE, k);
        } else if (!strcmp(a, "--ocr")) {
            NEED_VALUE();
            int k = lookup(val, ocr, 3);
            if (k < 0)
                return usage_error("unknown OCR mode '%s'", val);
            kh_options_set(cli->opts, KH_OPT_OCR, k);
        } else if (!strcmp(a, "--tessdata")) {
            NEED_VALUE();
            kh_options_set_str(cli->opts, KH_OPT_TESSDATA, val);
        } else if (!strcmp(a, "--model")) {
            NEED_VALUE();
            kh_options_set_str(cli->opts, KH_OPT_MODEL_PATH, val);
        } else if (!strcmp(a, "--max-bytes")) {
            NEED_VALUE();
            if (kh_options_set(cli->opts, KH_OPT_MAX_INPUT_BYTES, strtoll(val, NULL, 10)) != KH_OK)
                return usage_error("bad --max-bytes '%s'", val);
        } else if (!strcmp(a, "--max-pages") || !strcmp(a, "--max-pixels") || !strcmp(a, "--max-depth") ||
                   !strcmp(a, "--max-line-bytes")) {
            NEED_VALUE();
            kh_option o = !strcmp(a, "--max-pages")    ? KH_OPT_MAX_PAGES
                          : !strcmp(a, "--max-pixels") ? KH_OPT_MAX_PIXELS
                          : !strcmp(a, "--max-depth")  ? KH_OPT_MAX_DEPTH
                                                       : KH_OPT_MAX_LINE_BYTES;
            if (kh_options_set(cli->opts, o, strtoll(val, NULL, 10)) != KH_OK)
                return usage_error("bad value for a limit: '%s'", val);
        } else if (!strcmp(a, "--time-budget")) {
            NEED_VALUE();
            if (kh_options_set(cli->opts, KH_OPT_TIME_BUDGET_MS, strtoll(val, NULL, 10)) != KH_OK)
                return usage_error("bad --time-budget '%s'", val);
        } else if (!strcmp(a, "--show-changes")) {
            cli->show_changes = 1;
        } else if (!strcmp(a, "--raw")) {
            cli->raw = 1;
        } else if (!strncmp(a, "--dump=", 7)) {
            cli->dump = a + 7;
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
            NEED_VALUE();
            cli->jobs = atoi(val);
            if (cli->jobs < 1)
                return usage_error("bad -j '%s'", val);
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            cli->quiet = 1;
        } else if (!strcmp(a, "-")) {
            cli->files[cli->nfiles++] = a;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else {
            cli->files[cli->nfiles++] = a;
        }
#undef NEED_VALUE
    }
    return 0;
}

void kh_cli_free(kh_cli *cli)
{
    kh_options_free(cli->opts);
    free(cli->files);
}

/* Reads a whole file ("-" = stdin) into memory (malloc'd; errno set on failure). */
int kh_cli_read_file(const char *path, unsigned char **data, size_t *len)
{
    bool is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    struct stat st;
    size_t cap = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1
                                                                                        : 65536;
    size_t n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (!got)
            break;
    }
    int err = ferror(f) ? errno : 0;
    if (!is_stdin)
        fclose(f);
    if (!buf || err) {
        free(buf);
        errno = err ? err : ENOMEM;
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static int cmd_parse(kh_cli *cli)
{
    if (!cli->nfiles)
        return usage_error("%s", "parse needs at least one FILE");
    kh_parser *p;
    if (kh_parser_new(&p, cli->opts) != KH_OK)
        return KH_EXIT_IO;
    int status = 0;
    for (int i = 0; i < cli->nfiles; i++) {
        const char *path = cli->files[i];
        unsigned char *data = NULL;
        size_t len = 0;
        if (kh_cli_read_file(path, &data, &len) != 0) {
            fprintf(stderr, "khparse: %s: %s\n", path, strerror(errno));
            status = KH_EXIT_IO;
            continue;
        }
        kh_result *r = NULL;
        /* data is freed once read, not held while the text is parsed */
        int rc = kh_parse_buffer_release(p, data, len, strcmp(path, "-") ? base_name(path) : "-", free, &r);
        if (!r) {
            fprintf(stderr, "khparse: %s: %s\n", path, kh_parser_errmsg(p));
            status = status ? status : KH_EXIT_IO;
            continue;
        }
        if (rc != KH_OK || kh_result_has_errors(r)) {
            if (!status)
                status = KH_EXIT_ERRORS;
            if (rc != KH_OK)
                fprintf(stderr, "khparse: %s\n", kh_parser_errmsg(p));
        }
        int flags = cli->pretty ? KH_JSON_PRETTY : KH_JSON_COMPACT;
        if (cli->outdir) {
            const char *json = kh_result_json(r, flags);
            if (!json) {
                fprintf(stderr, "khparse: %s: out of memory\n", path);
                status = KH_EXIT_IO;
            } else if (kh_cli_write_json(cli->outdir, base_name(path), json) != 0) {
                fprintf(stderr, "khparse: %s/%s.json: %s\n", cli->outdir, base_name(path), strerror(errno));
                status = KH_EXIT_IO;
            }
        } else {
            /* streamed: the JSON of a big input is never whole in memory */
            int wrc = kh_result_write_json(r, flags, write_stdout, NULL);
            if (wrc == KH_ERR_NOMEM)
                fprintf(stderr, "khparse: %s: out of memory\n", path);
            if (wrc != KH_OK || fputc('\n', stdout) == EOF)
                status = KH_EXIT_IO; /* out of memory, or stdout failed (as the final fflush) */
        }
        kh_result_free(r);
    }
    kh_parser_free(p);
    if (fflush(stdout) != 0)
        status = KH_EXIT_IO;
    return status;
}

/* Writes DIR/NAME.json atomically (temporary file + rename). */
int kh_cli_write_json(const char *dir, const char *name, const char *json)
{
    mkdir(dir, 0777);
    size_t n = strlen(dir) + strlen(name) + 32;
    char *path = malloc(n), *tmp = malloc(n);
    if (!path || !tmp) {
        free(path);
        free(tmp);
        return -1;
    }
    snprintf(path, n, "%s/%s.json", dir, name);
    snprintf(tmp, n, "%s/.%s.json.tmp", dir, name);
    FILE *f = fopen(tmp, "wb");
    int rc = -1;
    if (f) {
        int ok = fputs(json, f) >= 0 && fputc('\n', f) != EOF;
        ok = (fclose(f) == 0) && ok;
        rc = ok && rename(tmp, path) == 0 ? 0 : -1;
        if (rc)
            remove(tmp);
    }
    free(path);
    free(tmp);
    return rc;
}

static int cmd_text(kh_cli *cli, int ocr)
{
    if (cli->nfiles != 1)
        return usage_error("%s", ocr ? "ocr needs exactly one FILE" : "restore needs exactly one FILE");
    unsigned char *data = NULL;
    size_t len = 0;
    if (kh_cli_read_file(cli->files[0], &data, &len) != 0) {
        fprintf(stderr, "khparse: %s: %s\n", cli->files[0], strerror(errno));
        return KH_EXIT_IO;
    }
    kh_parser *p;
    if (kh_parser_new(&p, cli->opts) != KH_OK) {
        free(data);
        return KH_EXIT_IO;
    }
    char *text = NULL;
    size_t n = 0;
    int rc = ocr ? kh_ocr(p, data, len, cli->raw, &text, &n) : kh_restore(p, data, len, &text, &n);
    int status = 0;
    if (rc != KH_OK) {
        fprintf(stderr, "khparse: %s: %s\n", cli->files[0], kh_parser_errmsg(p));
        status = rc == KH_ERR_IO ? KH_EXIT_IO : KH_EXIT_ERRORS;
    } else if (cli->show_changes && !ocr) {
        status = kh_cli_show_changes(data, len, text, n);
    } else {
        fwrite(text, 1, n, stdout);
    }
    kh_free(text);
    free(data);
    kh_parser_free(p);
    return status;
}

/* Tesseract's OpenMP threads make OCR ~3x slower on small machines, and libgomp reads
 * OMP_THREAD_LIMIT only when it is loaded: set it and re-execute once (KH_OCR_THREADS=omp
 * keeps OpenMP's own choice). */
static void limit_openmp_threads(char **argv)
{
    if (!kh_has_feature("ocr") || getenv("OMP_THREAD_LIMIT") || getenv("KH_OCR_THREADS"))
        return;
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);
    /* exec failed (no /proc): carry on with OpenMP's default */
}

int main(int argc, char **argv)
{
    limit_openmp_threads(argv);
    if (argc < 2) {
        fputs(USAGE, stderr);
        return KH_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("khparse %s (OCR %s, PDF %s)\n", kh_version(), kh_has_feature("ocr") ? "yes" : "no",
               kh_has_feature("pdf") ? "yes" : "no");
        return 0;
    }
    if (!strcmp(cmd, "batch"))
        return kh_cli_batch(argc - 2, argv + 2);
    kh_cli cli = {0};
    int status = kh_cli_parse_args(&cli, argc - 2, argv + 2);
    if (status == 0) {
        if (!strcmp(cmd, "parse"))
            status = cli.dump ? kh_cli_dump(&cli) : cmd_parse(&cli);
        else if (!strcmp(cmd, "sections"))
            status = kh_cli_sections(&cli);
        else if (!strcmp(cmd, "restore"))
            status = cmd_text(&cli, 0);
        else if (!strcmp(cmd, "ocr"))
            status = cmd_text(&cli, 1);
        else
            status = usage_error("unknown command '%s'", cmd);
    }
    kh_cli_free(&cli);
    return status;
}

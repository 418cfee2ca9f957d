/* batch.c — `khparse batch INPUT... -o OUTDIR [-j N] [-q]`: convert a whole archive.
 *
 * Layout of OUTDIR (docs/BATCH.md is the user's manual):
 *   <rel>.json            one per input; <rel> mirrors the input path as given
 *                         (leading "/" and "." components dropped, ".." -> "__")
 *   index.jsonl           one line per input, sorted by path (byte-identical whatever -j)
 *   tasks.csv             every task of every document, same order (byte-identical)
 *   timings.jsonl         seconds per input (not deterministic, hence kept apart)
 *   .khparse-state.jsonl  resume journal: "<seconds>\t<index line>" per finished input,
 *                         appended as files finish (so a killed run loses nothing done)
 *
 * Work is a sorted array of inputs; N threads (each with its own kh_parser) take the
 * next index from an atomic counter. Everything order-dependent is written by the
 * main thread at the end, in array order. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* sigaltstack, SA_ONSTACK (crash isolation) */
#endif
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "batch_util.h"
#include "cli.h"
#include "khparse.h"
#include "sha256.h"

static const char BATCH_USAGE[] =
    "usage: khparse batch INPUT... -o OUTDIR [-j N] [-q] [-0] [parse options]\n"
    "\n"
    "Converts every input to OUTDIR/<path>.json and writes OUTDIR/index.jsonl,\n"
    "OUTDIR/tasks.csv and OUTDIR/timings.jsonl.\n"
    "\n"
    "  INPUT          a file, a directory (walked recursively; hidden entries skipped),\n"
    "                 or - to read a list of paths from stdin (one per line)\n"
    "  -o DIR         output directory (required)\n"
    "  -j N           worker threads (default: online CPUs)\n"
    "  -q             no progress display\n"
    "  -0, --null     the stdin list is NUL-separated (find -print0)\n"
    "  --shard K/N    convert only every N-th input from the K-th (0-based) of the sorted\n"
    "                 list, e.g. one Slurm array task; a final run without --shard\n"
    "                 reuses their work and writes the index and tasks.csv\n"
    "  --pretty, --encoding, --mode, --ocr, --tessdata, --model, --max-bytes,\n"
    "  --time-budget  as for 'khparse parse'\n"
    "\n"
    "A re-run with the same OUTDIR skips inputs whose output exists and whose sha256 is\n"
    "unchanged. Ctrl-C stops cleanly; re-run to finish.\n"
    "exit status: 0 all converted, 1 some inputs failed (count on stderr), 2 usage,\n"
    "3 OUTDIR not writable, 130 interrupted\n";

#define STATE_NAME ".khparse-state.jsonl"
#define STATE_MAGIC "#khparse-batch-state 1"
/* Error of the record written when the parser crashes on an input (see on_crash). */
#define CRASH_MSG "the parser crashed on this input; it is not retried while unchanged"

/* ---------------------------------------------------------------- inputs */

typedef struct item {
    char *input;        /* path as given or walked */
    char *rel;          /* output key */
    char *preset_error; /* known failure before reading (unreadable directory) */
    size_t seq;         /* order of discovery: keeps the first of duplicates */
    /* filled by a worker */
    int done, skipped, failed, pages;
    double seconds;
    char *index_line; /* no newline */
    char *csv;        /* CRLF-terminated rows */
} item;

typedef struct dirid {
    dev_t dev;
    ino_t ino;
} dirid;

typedef struct inputs {
    item *v;
    size_t n, cap;
    dirid *seen;
    size_t nseen, capseen;
    dirid outdir;
    int oom;
} inputs;

static char *rel_of(const char *path)
{
    kh_sb b = {0};
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len && !(len == 1 && p[0] == '.')) {
            if (b.n)
                kh_sb_addc(&b, '/');
            if (len == 2 && p[0] == '.' && p[1] == '.')
                kh_sb_adds(&b, "__");
            else
                kh_sb_add(&b, p, len);
        }
        p = e;
    }
    return kh_sb_take(&b);
}

static void add_item(inputs *in, const char *path, const char *error)
{
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 256;
        item *v = realloc(in->v, cap * sizeof *v);
        if (!v) {
            in->oom = 1;
            return;
        }
        in->v = v;
        in->cap = cap;
    }
    item *it = &in->v[in->n];
    memset(it, 0, sizeof *it);
    it->input = strdup(path);
    it->rel = rel_of(path);
    it->preset_error = error ? strdup(error) : NULL;
    it->seq = in->n;
    if (!it->input || !it->rel || (error && !it->preset_error)) {
        free(it->input);
        free(it->rel);
        free(it->preset_error);
        in->oom = 1;
        return;
    }
    if (!it->rel[0]) { /* "/" or "." given as a file: cannot name an output */
        free(it->rel);
        it->rel = strdup("__");
    }
    in->n++;
}

/* Returns 1 if the directory was seen before (loop or second route), else records it. */
static int seen_dir(inputs *in, const struct stat *st)
{
    if (st->st_dev == in->outdir.dev && st->st_ino == in->outdir.ino)
        return 1;
    for (size_t i = 0; i < in->nseen; i++)
        if (in->seen[i].dev == st->st_dev && in->seen[i].ino == st->st_ino)
            return 1;
    if (in->nseen == in->capseen) {
        size_t cap = in->capseen ? in->capseen * 2 : 64;
        dirid *v = realloc(in->seen, cap * sizeof *v);
        if (!v) {
            in->oom = 1;
            return 1;
        }
        in->seen = v;
        in->capseen = cap;
    }
    in->seen[in->nseen++] = (dirid){st->st_dev, st->st_ino};
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char *join_path(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    int slash = dl && dir[dl - 1] == '/';
    kh_sb b = {0};
    kh_sb_adds(&b, dir);
    if (!slash)
        kh_sb_addc(&b, '/');
    kh_sb_adds(&b, name);
    return kh_sb_take(&b);
}

static atomic_int g_stop; /* set by SIGINT/SIGTERM (lock-free atomics are signal-safe) */

static void walk(inputs *in, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        kh_sb e = {0};
        kh_sb_printf(&e, "cannot read directory: %s", strerror(errno));
        char *msg = kh_sb_take(&e);
        add_item(in, dir, msg ? msg : "cannot read directory");
        free(msg);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') /* ".", "..", hidden files, our own temporaries */
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                in->oom = 1;
                break;
            }
            names = v;
        }
        if (!(names[n] = strdup(de->d_name))) {
            in->oom = 1;
            break;
        }
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str); /* deterministic walk order */
    for (size_t i = 0; i < n && !in->oom && !g_stop; i++) {
        char *path = join_path(dir, names[i]);
        struct stat st;
        if (!path) {
            in->oom = 1;
        } else if (stat(path, &st) != 0) { /* broken symlink, vanished file */
            add_item(in, path, NULL);
        } else if (S_ISDIR(st.st_mode)) {
            if (!seen_dir(in, &st))
                walk(in, path);
        } else if (S_ISREG(st.st_mode)) {
            add_item(in, path, NULL);
        } /* fifos, sockets, devices: not documents */
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void add_input(inputs *in, const char *path)
{
    struct stat st;
    int found = stat(path, &st) == 0;
    if (found && S_ISDIR(st.st_mode)) {
        if (!seen_dir(in, &st))
            walk(in, path);
    } else if (found && !S_ISREG(st.st_mode)) { /* a fifo would block the reader */
        add_item(in, path, "not a regular file");
    } else {
        add_item(in, path, NULL); /* a missing file gets its error record */
    }
}

static void read_list(inputs *in, FILE *f, int sep)
{
    kh_sb line = {0};
    int c;
    for (;;) {
        c = getc(f);
        if (c == EOF || c == sep) {
            if (sep == '\n' && line.n && line.s[line.n - 1] == '\r')
                line.s[--line.n] = 0;
            if (line.n)
                add_input(in, line.s);
            line.n = 0;
            if (line.s)
                line.s[0] = 0;
            if (c == EOF)
                break;
        } else {
            kh_sb_addc(&line, (char)c);
        }
    }
    if (line.oom)
        in->oom = 1;
    free(line.s);
}

static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    int c = strcmp(x->rel, y->rel);
    return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static void free_item(item *it)
{
    free(it->input);
    free(it->rel);
    free(it->preset_error);
    free(it->index_line);
    free(it->csv);
}

/* ---------------------------------------------------------------- resume state */

typedef struct state_ent {
    char *rel;
    char sha[65];
    int reusable; /* status was not "failed" */
    int crashed;  /* a crash record: final while the input is unchanged */
    double seconds;
    size_t order; /* line number in the journal */
    char *line; /* "<seconds>\t<index line>" without newline */
} state_ent;

typedef struct state {
    state_ent *v;
    size_t n, cap;
} state;

static int cmp_state(const void *a, const void *b)
{
    return strcmp(((const state_ent *)a)->rel, ((const state_ent *)b)->rel);
}

static int cmp_state_order(const void *a, const void *b)
{
    const state_ent *x = a, *y = b;
    int c = strcmp(x->rel, y->rel);
    return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Appends the entries of one journal file when it was written with the same header
 * (format, library version, options). Returns 1 if the header matched. */
static int state_read(state *st, const char *path, const char *header)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int ok = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = 0;
        if (!ok) {
            if (strcmp(line, header) != 0)
                break; /* other version or options: start afresh */
            ok = 1;
            continue;
        }
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        cJSON *j = cJSON_Parse(tab + 1);
        const char *rel = jstr(j, "path"), *sha = jstr(j, "sha256"), *status = jstr(j, "status");
        if (rel && sha && status && strlen(sha) == 64) {
            if (st->n == st->cap) {
                size_t capv = st->cap ? st->cap * 2 : 256;
                state_ent *v = realloc(st->v, capv * sizeof *v);
                if (!v) {
                    cJSON_Delete(j);
                    break;
                }
                st->v = v;
                st->cap = capv;
            }
            state_ent *e = &st->v[st->n];
            e->rel = strdup(rel);
            e->line = strdup(line);
            memcpy(e->sha, sha, 65);
            e->reusable = strcmp(status, "failed") != 0;
            const char *err = jstr(j, "error");
            e->crashed = err && !strcmp(err, CRASH_MSG);
            e->seconds = strtod(line, NULL);
            e->order = st->n;
            if (e->rel && e->line)
                st->n++;
            else {
                free(e->rel);
                free(e->line);
            }
        }
        cJSON_Delete(j);
    }
    free(line);
    fclose(f);
    return ok;
}

/* Is name a shard journal (".khparse-state.K-of-N.jsonl")? */
static int is_shard_journal(const char *name)
{
    size_t n = strlen(name), pre = strlen(".khparse-state."), suf = strlen(".jsonl");
    return n > pre + suf && !strncmp(name, ".khparse-state.", pre) && !strcmp(name + n - suf, ".jsonl") &&
           strstr(name + pre, "-of-") != NULL;
}

/* Loads OUTDIR's journal, then the shard journals (--shard runs), newest last; later
 * lines for a path win. *shards receives the shard journal paths (NULL-terminated);
 * *journal_ok whether the file at path journal (this run's) has the same header. */
static void state_load(state *st, const char *outdir, const char *header, char ***shards,
                       const char *journal, int *journal_ok)
{
    char *main_journal = join_path(outdir, STATE_NAME);
    *journal_ok = 0;
    if (main_journal && state_read(st, main_journal, header) && !strcmp(main_journal, journal))
        *journal_ok = 1;
    free(main_journal);
    *shards = NULL;
    DIR *d = opendir(outdir);
    if (d) {
        char **names = NULL;
        size_t n = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!is_shard_journal(de->d_name))
                continue;
            char **v = realloc(names, (n + 2) * sizeof *v);
            if (!v)
                break;
            names = v;
            if ((names[n] = join_path(outdir, de->d_name)))
                n++;
        }
        closedir(d);
        if (names) {
            names[n] = NULL;
            qsort(names, n, sizeof *names, cmp_str);
            for (size_t i = 0; i < n; i++)
                if (state_read(st, names[i], header) && !strcmp(names[i], journal))
                    *journal_ok = 1;
            *shards = names;
        }
    }
    /* "Last wins": sort by (path, line order), keep the last of each run. */
    if (st->n)
        qsort(st->v, st->n, sizeof *st->v, cmp_state_order);
    size_t k = 0;
    for (size_t i = 0; i < st->n; i++) {
        if (i + 1 < st->n && !strcmp(st->v[i].rel, st->v[i + 1].rel)) {
            free(st->v[i].rel);
            free(st->v[i].line);
            continue;
        }
        st->v[k++] = st->v[i];
    }
    st->n = k;
}

static void state_free(state *st)
{
    for (size_t i = 0; i < st->n; i++) {
        free(st->v[i].rel);
        free(st->v[i].line);
    }
    free(st->v);
    st->v = NULL;
    st->n = 0;
}

static state_ent *state_find(const state *st, const char *rel)
{
    state_ent key = {.rel = (char *)rel};
    return st->n ? bsearch(&key, st->v, st->n, sizeof *st->v, cmp_state) : NULL;
}

/* ---------------------------------------------------------------- the work */

typedef struct batch {
    item *items;
    size_t n;
    const char *outdir;
    const kh_options *opts;
    int pretty;
    state st;
    FILE *journal;
    pthread_mutex_t lock;
    atomic_size_t next, done, parsed, pages, failed;
    atomic_int workers_left;
    atomic_int failed_start; /* a parser could not be created */
    const char *crash_test;
} batch;

typedef struct worker {
    batch *b;
    int id;
} worker;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}


/* CSV rows for one document (columns: see CSV_HEADER) from its JSON. */
#define CSV_HEADER                                                                                 \
    "path,document_number,document_date,issuer,task_id,source,title,lead,coordinate,"              \
    "deadline_kind,deadline_start,deadline_end,deadline_text\r\n"

static void units_cell(kh_sb *row, const cJSON *list)
{
    kh_sb cell = {0};
    const cJSON *u;
    cJSON_ArrayForEach(u, list)
    {
        const char *name = cJSON_IsString(u) ? u->valuestring : jstr(u, "name");
        if (!name)
            continue;
        if (cell.n)
            kh_sb_adds(&cell, "; ");
        kh_sb_adds(&cell, name);
    }
    kh_sb_csv(row, cell.s ? cell.s : "");
    if (cell.oom)
        row->oom = 1;
    free(cell.s);
}

static void csv_rows(kh_sb *out, const char *rel, const cJSON *root, int *pages, const cJSON **first_error)
{
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "source");
    const cJSON *pg = cJSON_GetObjectItemCaseSensitive(src, "pages");
    if (pages)
        *pages = cJSON_IsNumber(pg) ? pg->valueint : -1;
    if (first_error) {
        *first_error = NULL;
        const cJSON *d;
        cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(root, "diagnostics"))
        {
            const char *sev = jstr(d, "severity");
            if (sev && !strcmp(sev, "error")) {
                *first_error = d; /* the caller formats "code: message" */
                break;
            }
        }
    }
    const cJSON *doc = cJSON_GetObjectItemCaseSensitive(root, "document");
    const cJSON *iss = cJSON_GetObjectItemCaseSensitive(doc, "issuer");
    const char *issuer = cJSON_IsString(iss) ? iss->valuestring : jstr(iss, "name");
    const char *number = jstr(doc, "number"), *date = jstr(doc, "date");
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(root, "tasks"))
    {
        const cJSON *dl = cJSON_GetObjectItemCaseSensitive(t, "deadline");
        kh_sb_csv(out, rel);
        kh_sb_addc(out, ',');
        kh_sb_csv(out, number);
        kh_sb_addc(out, ',');
        kh_sb_csv(out, date);
        kh_sb_addc(out, ',');
        kh_sb_csv(out, issuer);
        kh_sb_addc(out, ',');
        kh_sb_csv(out, jstr(t, "id"));
        kh_sb_addc(out, ',');
        kh_sb_csv(out, jstr(t, "source"));
        kh_sb_addc(out, ',');
        kh_sb_csv(out, jstr(t, "title"));
        kh_sb_addc(out, ',');
        units_cell(out, cJSON_GetObjectItemCaseSensitive(t, "lead"));
        kh_sb_addc(out, ',');
        units_cell(out, cJSON_GetObjectItemCaseSensitive(t, "coordinate"));
        kh_sb_addc(out, ',');
        kh_sb_csv(out, jstr(dl, "kind"));
        kh_sb_addc(out, ',');
        kh_sb_csv(out, jstr(dl, "start"));
        kh_sb_addc(out, ',');
        kh_sb_csv(out, jstr(dl, "end"));
        kh_sb_addc(out, ',');
        kh_sb_csv(out, jstr(dl, "text"));
        kh_sb_adds(out, "\r\n");
    }
}

static char *index_line(const item *it, const char *status, const char *sha, int pages, const char *error)
{
    kh_sb b = {0};
    kh_sb_adds(&b, "{\"path\":");
    kh_sb_json(&b, it->rel);
    kh_sb_adds(&b, ",\"input\":");
    kh_sb_json(&b, it->input);
    kh_sb_adds(&b, ",\"status\":");
    kh_sb_json(&b, status);
    kh_sb_adds(&b, ",\"sha256\":");
    kh_sb_json(&b, sha);
    if (pages >= 0)
        kh_sb_printf(&b, ",\"pages\":%d", pages);
    else
        kh_sb_adds(&b, ",\"pages\":null");
    kh_sb_adds(&b, ",\"error\":");
    kh_sb_json(&b, error);
    kh_sb_addc(&b, '}');
    return kh_sb_take(&b);
}

static char *out_path(const batch *b, const item *it)
{
    kh_sb p = {0};
    kh_sb_printf(&p, "%s/%s.json", b->outdir, it->rel);
    return kh_sb_take(&p);
}

/* Reuses a finished output: fills csv/pages/index_line from it. 0 on success. */
static int try_skip(batch *b, item *it, const char *sha)
{
    state_ent *e = state_find(&b->st, it->rel);
    if (!e || (!e->reusable && !e->crashed) || strcmp(e->sha, sha) != 0)
        return -1;
    if (e->crashed) { /* do not feed it to the parser again */
        const char *tab = strchr(e->line, '\t');
        it->index_line = tab ? strdup(tab + 1) : NULL;
        it->csv = strdup("");
        it->seconds = e->seconds;
        it->skipped = it->failed = 1;
        return it->index_line && it->csv ? 0 : -1;
    }
    char *path = out_path(b, it);
    unsigned char *json = NULL;
    size_t len = 0;
    int rc = -1;
    if (path && kh_cli_read_file(path, &json, &len) == 0) {
        cJSON *root = cJSON_ParseWithLength((const char *)json, len);
        const char *tab = strchr(e->line, '\t');
        if (root && tab) {
            kh_sb csv = {0};
            csv_rows(&csv, it->rel, root, &it->pages, NULL);
            it->csv = kh_sb_take(&csv);
            it->index_line = strdup(tab + 1);
            it->seconds = e->seconds;
            it->skipped = 1;
            it->failed = strstr(it->index_line, "\"status\":\"invalid\"") != NULL;
            rc = it->csv && it->index_line ? 0 : -1;
        }
        cJSON_Delete(root);
    }
    free(json);
    free(path);
    return rc;
}

/* Crash isolation. Each worker points tl_crash at a ready-made journal record for the
 * input it is parsing; a crash handler appends it to the journal with write(2) and lets
 * the process die. The supervising parent (kh_cli_batch) then starts a new run, which
 * sees the record and skips that input: one bad file never stops the batch. */
static _Thread_local const char *tl_crash;
static _Thread_local size_t tl_crash_len;
static int g_journal_fd = -1;
static const int CRASH_SIGNALS[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

static void on_crash(int sig)
{
    if (tl_crash && g_journal_fd >= 0) {
        ssize_t w = write(g_journal_fd, tl_crash, tl_crash_len);
        (void)w;
    }
    signal(sig, SIG_DFL);
    raise(sig); /* delivered on return: the process dies of it, as it would have */
}

static void process(batch *b, kh_parser *p, item *it, int tag)
{
    double t0 = now_s();
    unsigned char *data = NULL;
    size_t len = 0;
    char sha[65] = {0};
    const char *status = "ok";
    char *error = NULL;
    kh_sb csv = {0};
    int pages = -1;

    if (it->preset_error) {
        status = "failed";
        error = strdup(it->preset_error);
    } else if (kh_cli_read_file(it->input, &data, &len) != 0) {
        status = "failed";
        error = strdup(strerror(errno));
    } else {
        kh_sha256_hex(data, len, sha);
        if (try_skip(b, it, sha) == 0) {
            free(data);
            goto done;
        }
        char *crash = index_line(it, "failed", sha, -1, CRASH_MSG);
        kh_sb cl = {0};
        kh_sb_printf(&cl, "0.000000\t%s\n", crash ? crash : "");
        free(crash);
        tl_crash = cl.s;
        tl_crash_len = cl.n;
        if (b->crash_test && !strcmp(base_name(it->input), b->crash_test))
            raise(SIGSEGV); /* test hook: $KH_BATCH_TEST_CRASH names an input to crash on */
        kh_result *r = NULL;
        int rc = kh_parse_buffer(p, data, len, base_name(it->input), &r);
        tl_crash = NULL;
        free(cl.s);
        const char *json = r ? kh_result_json(r, b->pretty ? KH_JSON_PRETTY : KH_JSON_COMPACT) : NULL;
        if (rc != KH_OK) {
            status = "failed";
            const char *m = kh_parser_errmsg(p);
            error = strdup(m && *m ? m : kh_strerror(rc));
        }
        if (json) {
            char *path = out_path(b, it);
            size_t jl = strlen(json);
            char *buf = malloc(jl + 1);
            int wrc = -1;
            if (path && buf) {
                memcpy(buf, json, jl);
                buf[jl] = '\n';
                wrc = kh_write_atomic(path, buf, jl + 1, tag);
            }
            if (wrc != 0) {
                status = "failed";
                free(error);
                kh_sb e = {0};
                kh_sb_printf(&e, "cannot write %s: %s", path ? path : "output", strerror(errno));
                error = kh_sb_take(&e);
            }
            free(buf);
            free(path);
            cJSON *root = cJSON_ParseWithLength(json, jl);
            const cJSON *d = NULL;
            csv_rows(&csv, it->rel, root, &pages, &d);
            if (d && !strcmp(status, "ok")) {
                const char *code = jstr(d, "code"), *msg = jstr(d, "message");
                kh_sb e = {0};
                kh_sb_printf(&e, "%s: %s", code ? code : "error", msg ? msg : "");
                error = kh_sb_take(&e);
                status = "invalid";
            }
            cJSON_Delete(root);
        } else if (rc == KH_OK) {
            status = "failed";
            error = strdup(kh_strerror(KH_ERR_NOMEM));
        }
        kh_result_free(r);
    }
    free(data);
    it->csv = kh_sb_take(&csv);
    it->index_line = index_line(it, status, *sha ? sha : NULL, pages, error);
    it->failed = strcmp(status, "ok") != 0;
    it->pages = pages;
    it->seconds = now_s() - t0;
    free(error);
    if (b->journal && it->index_line) {
        pthread_mutex_lock(&b->lock);
        fprintf(b->journal, "%.6f\t%s\n", it->seconds, it->index_line);
        fflush(b->journal);
        pthread_mutex_unlock(&b->lock);
    }
    atomic_fetch_add(&b->parsed, 1);
done:
    if (it->failed)
        atomic_fetch_add(&b->failed, 1);
    if (it->pages > 0)
        atomic_fetch_add(&b->pages, (size_t)it->pages);
    it->done = 1;
    atomic_fetch_add(&b->done, 1);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    batch *b = w->b;
    kh_parser *p = NULL;
    /* Own signal stack, so that a stack overflow in the parser still reaches on_crash. */
    stack_t ss = {.ss_size = 1 << 16, .ss_flags = 0};
    ss.ss_sp = malloc(ss.ss_size);
    if (ss.ss_sp && sigaltstack(&ss, NULL) != 0) {
        free(ss.ss_sp);
        ss.ss_sp = NULL;
    }
    if (kh_parser_new(&p, b->opts) != KH_OK) {
        atomic_store(&b->failed_start, 1);
    } else {
        while (!g_stop) {
            size_t i = atomic_fetch_add(&b->next, 1);
            if (i >= b->n)
                break;
            process(b, p, &b->items[i], w->id);
        }
        kh_parser_free(p);
    }
    if (ss.ss_sp) {
        stack_t off = {.ss_flags = SS_DISABLE};
        sigaltstack(&off, NULL);
        free(ss.ss_sp);
    }
    atomic_fetch_sub(&b->workers_left, 1);
    return NULL;
}

/* ---------------------------------------------------------------- progress, signals */

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static void progress(batch *b, double t0, int final)
{
    size_t done = atomic_load(&b->done), parsed = atomic_load(&b->parsed);
    double el = now_s() - t0;
    double rate = el > 0 ? (double)parsed / el : 0;
    fprintf(stderr, "\r\033[K%zu/%zu files, %zu pages, %.1f files/s", done, b->n, atomic_load(&b->pages), rate);
    if (!final && rate > 0 && done < b->n) {
        long eta = (long)((double)(b->n - done) / rate + 0.5);
        fprintf(stderr, ", ETA %ld:%02ld:%02ld", eta / 3600, eta / 60 % 60, eta % 60);
    }
    if (final)
        fputc('\n', stderr);
}

/* ---------------------------------------------------------------- outputs */

static int write_outputs(batch *b, const state *old, const char *header)
{
    kh_sb idx = {0}, csv = {0}, tim = {0}, st = {0};
    kh_sb_adds(&st, header);
    kh_sb_addc(&st, '\n');
    kh_sb_adds(&csv, "\xEF\xBB\xBF" CSV_HEADER); /* BOM: spreadsheets then read UTF-8 */
    for (size_t i = 0; i < b->n; i++) {
        item *it = &b->items[i];
        if (it->done && it->index_line) {
            kh_sb_adds(&idx, it->index_line);
            kh_sb_addc(&idx, '\n');
            if (it->csv)
                kh_sb_adds(&csv, it->csv);
            kh_sb_adds(&tim, "{\"path\":");
            kh_sb_json(&tim, it->rel);
            kh_sb_printf(&tim, ",\"seconds\":%.6f,\"skipped\":%s}\n", it->seconds, it->skipped ? "true" : "false");
        } else {
            char *line = index_line(it, "pending", NULL, -1, NULL);
            if (line)
                kh_sb_adds(&idx, line);
            kh_sb_addc(&idx, '\n');
            free(line);
        }
    }
    /* Compacted journal: this run's records, plus older ones for other paths. */
    size_t i = 0, j = 0;
    while (i < b->n || j < old->n) {
        int c = i >= b->n ? 1 : j >= old->n ? -1 : strcmp(b->items[i].rel, old->v[j].rel);
        if (c <= 0) {
            item *it = &b->items[i];
            if (it->done && it->index_line)
                kh_sb_printf(&st, "%.6f\t%s\n", it->seconds, it->index_line);
            else if (c == 0)
                kh_sb_printf(&st, "%s\n", old->v[j].line);
            i++;
            if (c == 0)
                j++;
        } else {
            kh_sb_printf(&st, "%s\n", old->v[j].line);
            j++;
        }
    }
    int rc = 0;
    const char *names[] = {"index.jsonl", "tasks.csv", "timings.jsonl"};
    kh_sb *bufs[] = {&idx, &csv, &tim};
    for (int k = 0; k < 3; k++) {
        kh_sb path = {0};
        kh_sb_printf(&path, "%s/%s", b->outdir, names[k]);
        if (bufs[k]->oom || path.oom ||
            kh_write_atomic(path.s, bufs[k]->s ? bufs[k]->s : "", bufs[k]->n, -1) != 0) {
            fprintf(stderr, "khparse: %s: %s\n", path.s ? path.s : names[k], strerror(errno));
            rc = -1;
        }
        free(path.s);
        free(bufs[k]->s);
    }
    kh_sb path = {0};
    kh_sb_printf(&path, "%s/" STATE_NAME, b->outdir);
    if (st.oom || path.oom || kh_write_atomic(path.s, st.s ? st.s : "", st.n, -1) != 0) {
        fprintf(stderr, "khparse: %s: %s\n", path.s ? path.s : STATE_NAME, strerror(errno));
        rc = -1;
    }
    free(path.s);
    free(st.s);
    return rc;
}

/* ---------------------------------------------------------------- command */

/* Runs the batch in child processes until one ends other than by a crash.
 * Returns -1 in the child, the exit status to use in the parent. No threads exist yet. */
static int supervise(void)
{
    for (int restarts = 0;; restarts++) {
        fflush(NULL);
        pid_t parent = getpid();
        pid_t pid = fork();
        if (pid < 0)
            return -1; /* cannot fork: do the work here, unsupervised */
        if (pid == 0) {
#ifdef __linux__
            prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive a killed parent */
            if (getppid() != parent)
                _exit(128 + SIGKILL);
#endif
            return -1;
        }
        int wst, forwarded = 0;
        while (waitpid(pid, &wst, 0) < 0) {
            if (errno != EINTR)
                return KH_EXIT_IO;
            if (g_stop && !forwarded) { /* SIGTERM sent to us alone: pass it on */
                kill(pid, SIGTERM);
                forwarded = 1;
            }
        }
        if (WIFEXITED(wst))
            return WEXITSTATUS(wst);
        int sig = WTERMSIG(wst), crash = 0;
        for (size_t k = 0; k < sizeof CRASH_SIGNALS / sizeof *CRASH_SIGNALS; k++)
            crash |= sig == CRASH_SIGNALS[k];
        if (!crash || g_stop)
            return 128 + sig;
        if (restarts >= 100) {
            fprintf(stderr, "khparse: the parser crashed %d times; giving up (re-run to go on)\n", restarts + 1);
            return 128 + sig;
        }
        fprintf(stderr, "khparse: the parser crashed (%s); going on without the input that caused it\n",
                strsignal(sig));
    }
}

static int batch_usage(const char *msg)
{
    fprintf(stderr, "khparse batch: %s\nTry 'khparse batch --help'.\n", msg);
    return KH_EXIT_USAGE;
}

static const char *const VALUED[] = {"-o",    "--output",    "-j",          "--jobs",
                                     "--encoding", "--mode", "--ocr",       "--tessdata",
                                     "--model", "--max-bytes", "--time-budget"};

int kh_cli_batch(int argc, char **argv)
{
    char **args = calloc(2 * (size_t)argc + 1, sizeof *args);
    kh_sb header = {0};
    if (!args)
        return KH_EXIT_IO;
    /* Options that change the output go into the state header: changing them
     * invalidates what a previous run recorded. */
    kh_sb_printf(&header, "%s %s", STATE_MAGIC, kh_version());
    int na = 0, sep = '\n', shard_k = 0, shard_n = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(BATCH_USAGE, stdout);
            free(args);
            free(header.s);
            return 0;
        }
        if (!strcmp(a, "-0") || !strcmp(a, "--null")) {
            sep = 0;
            continue;
        }
        if (!strcmp(a, "--shard")) {
            char c;
            if (i + 1 >= argc || sscanf(argv[i + 1], "%d/%d%c", &shard_k, &shard_n, &c) != 2 || shard_n < 1 ||
                shard_k < 0 || shard_k >= shard_n) {
                free(args);
                free(header.s);
                return batch_usage("--shard needs K/N with 0 <= K < N");
            }
            i++;
            continue;
        }
        if (!strncmp(a, "-j", 2) && a[2] >= '0' && a[2] <= '9') { /* -j4 == -j 4 */
            args[na++] = "-j";
            args[na++] = argv[i] + 2;
            continue;
        }
        args[na++] = argv[i];
        int valued = 0;
        for (size_t k = 0; k < sizeof VALUED / sizeof *VALUED; k++)
            valued |= !strcmp(a, VALUED[k]);
        if (valued && i + 1 < argc) {
            args[na++] = argv[++i];
            if (strcmp(a, "-o") && strcmp(a, "--output") && strcmp(a, "-j") && strcmp(a, "--jobs"))
                kh_sb_printf(&header, " %s=%s", a, argv[i]);
        } else if (!strncmp(a, "--", 2) && strcmp(a, "--quiet")) {
            kh_sb_printf(&header, " %s", a);
        }
    }
    kh_cli cli = {0};
    inputs in = {0};
    state st = {0};
    batch b = {0};
    pthread_t *tids = NULL;
    worker *ws = NULL;
    int status = kh_cli_parse_args(&cli, na, args);
    int signals_set = 0;
    struct sigaction old_int, old_term;
    char *statepath = NULL;
    char **shards = NULL;
    if (status)
        goto out;
    if (!cli.outdir) {
        status = batch_usage("-o OUTDIR is required");
        goto out;
    }
    if (!cli.nfiles) {
        status = batch_usage("no INPUT given (a file, a directory, or - for a list on stdin)");
        goto out;
    }
    if (header.oom) {
        status = KH_EXIT_IO;
        goto out;
    }

    /* OUTDIR */
    char shard_name[64];
    /* each shard appends to its own journal; a plain run merges them */
    snprintf(shard_name, sizeof shard_name, ".khparse-state.%d-of-%d.jsonl", shard_k, shard_n);
    statepath = join_path(cli.outdir, shard_n ? shard_name : STATE_NAME);
    struct stat ost;
    if (!statepath || kh_make_parents(statepath) != 0 || stat(cli.outdir, &ost) != 0 || !S_ISDIR(ost.st_mode)) {
        fprintf(stderr, "khparse: %s: %s\n", cli.outdir, strerror(errno ? errno : ENOTDIR));
        status = KH_EXIT_IO;
        goto out;
    }
    in.outdir = (dirid){ost.st_dev, ost.st_ino};

    /* Ctrl-C / SIGTERM (Slurm's time limit): stop taking new inputs, finish the
     * in-flight ones, write the index. A second signal kills as usual. */
    g_stop = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    signals_set = 1;

    /* Inputs, sorted by output path; the first of duplicates kept. */
    for (int i = 0; i < cli.nfiles && !g_stop; i++) {
        if (!strcmp(cli.files[i], "-"))
            read_list(&in, stdin, sep);
        else
            add_input(&in, cli.files[i]);
    }
    if (in.oom) {
        fprintf(stderr, "khparse: out of memory listing inputs\n");
        status = KH_EXIT_IO;
        goto out;
    }
    if (in.n)
        qsort(in.v, in.n, sizeof *in.v, cmp_item);
    size_t n = 0;
    for (size_t i = 0; i < in.n; i++) {
        if (n && !strcmp(in.v[n - 1].rel, in.v[i].rel)) {
            free_item(&in.v[i]);
            continue;
        }
        in.v[n++] = in.v[i];
    }
    in.n = n;
    if (shard_n) { /* every N-th input of the sorted list, starting at K */
        n = 0;
        for (size_t i = 0; i < in.n; i++) {
            if (i % (size_t)shard_n == (size_t)shard_k)
                in.v[n++] = in.v[i];
            else
                free_item(&in.v[i]);
        }
        in.n = n;
    }

    /* Supervision: the work runs in a child process. If the parser crashes, the child
     * has journaled the input that did it (on_crash); a new child resumes without it.
     * $KH_BATCH_NO_FORK=1 runs the work in this process (debuggers, profilers). */
    const char *nofork = getenv("KH_BATCH_NO_FORK");
    if (!(nofork && *nofork == '1')) {
        status = supervise();
        if (status >= 0)
            goto out; /* the parent: the children did the work */
        status = 0;   /* the child goes on */
    }
    b.crash_test = getenv("KH_BATCH_TEST_CRASH");

    /* Resume journal */
    char *hdr = kh_sb_take(&header);
    if (!hdr) {
        status = KH_EXIT_IO;
        goto out;
    }
    header.s = hdr;
    int same; /* can this run append to its journal, or must it start it afresh? */
    state_load(&st, cli.outdir, hdr, &shards, statepath, &same);
    b.journal = fopen(statepath, same ? "ab" : "wb");
    if (!b.journal) {
        fprintf(stderr, "khparse: %s: %s\n", statepath, strerror(errno));
        status = KH_EXIT_IO;
        goto out;
    }
    if (!same) {
        fprintf(b.journal, "%s\n", hdr);
        fflush(b.journal);
    }
    g_journal_fd = fileno(b.journal);
    struct sigaction ca;
    memset(&ca, 0, sizeof ca);
    ca.sa_handler = on_crash;
    ca.sa_flags = SA_RESETHAND | SA_ONSTACK;
    sigemptyset(&ca.sa_mask);
    for (size_t k = 0; k < sizeof CRASH_SIGNALS / sizeof *CRASH_SIGNALS; k++)
        sigaction(CRASH_SIGNALS[k], &ca, NULL);

    b.items = in.v;
    b.n = in.n;
    b.outdir = cli.outdir;
    b.opts = cli.opts;
    b.pretty = cli.pretty;
    b.st = st;
    pthread_mutex_init(&b.lock, NULL);
    long jobs = cli.jobs ? cli.jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > b.n)
        jobs = (long)b.n;
    tids = calloc((size_t)jobs + 1, sizeof *tids);
    ws = calloc((size_t)jobs + 1, sizeof *ws);
    if (!tids || !ws) {
        status = KH_EXIT_IO;
        goto out;
    }
    double t0 = now_s();
    int tty = !cli.quiet && isatty(2);
    long started = 0;
    atomic_store(&b.workers_left, (int)jobs);
    for (long k = 0; k < jobs; k++) {
        ws[k] = (worker){&b, (int)k};
        if (pthread_create(&tids[k], NULL, worker_main, &ws[k]) != 0)
            break;
        started++;
    }
    if (started < jobs)
        atomic_fetch_sub(&b.workers_left, (int)(jobs - started));
    if (!started && b.n) { /* no thread at all: work here */
        atomic_store(&b.workers_left, 1);
        ws[0] = (worker){&b, 0};
        worker_main(&ws[0]);
    }
    double last = 0;
    while (atomic_load(&b.workers_left) > 0) {
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
        if (tty && now_s() - last >= 0.25) {
            progress(&b, t0, 0);
            last = now_s();
        }
    }
    for (long k = 0; k < started; k++)
        pthread_join(tids[k], NULL);
    if (tty)
        progress(&b, t0, 1);
    fclose(b.journal);
    b.journal = NULL;

    if (!shard_n) {
        if (write_outputs(&b, &st, hdr) != 0)
            status = KH_EXIT_IO;
        else /* their records are in the main journal now */
            for (size_t i = 0; shards && shards[i]; i++)
                remove(shards[i]);
    }
    size_t done = atomic_load(&b.done), failed = atomic_load(&b.failed);
    if (atomic_load(&b.failed_start))
        fprintf(stderr, "khparse: cannot create a parser\n");
    if (failed)
        fprintf(stderr, "khparse: %zu of %zu inputs failed (see %s/index.jsonl%s)\n", failed, b.n, cli.outdir,
                shard_n ? " after the final run without --shard" : "");
    if (done < b.n) {
        fprintf(stderr, "khparse: %s: %zu of %zu inputs done; run the same command again to finish\n",
                g_stop ? "interrupted" : "stopped", done, b.n);
        status = g_stop ? 130 : KH_EXIT_IO;
    } else if (!status && failed) {
        status = KH_EXIT_ERRORS;
    }
    pthread_mutex_destroy(&b.lock);

out:
    if (signals_set) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    if (b.journal)
        fclose(b.journal);
    for (size_t i = 0; i < in.n; i++)
        free_item(&in.v[i]);
    free(in.v);
    free(in.seen);
    state_free(&st);
    free(tids);
    free(ws);
    free(statepath);
    for (size_t i = 0; shards && shards[i]; i++)
        free(shards[i]);
    free(shards);
    free(header.s);
    free(args);
    kh_cli_free(&cli);
    return status;
}

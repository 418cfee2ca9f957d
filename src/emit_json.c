/* emit_json.c — the result as JSON per spec/OUTPUT.md (schema_version 1), with cJSON.
 * Key order follows the contract so that outputs diff well. cJSON's global hooks are
 * never touched (they would leak into the host program).
 *
 * The text is printed piece by piece: each top-level value, and each element of the
 * arrays that grow with the input (references, sections, tasks, reporting, diagnostics),
 * is built as a small cJSON tree, printed by cJSON and appended, and its nodes are
 * reused for the next piece. A whole-document tree held ~45 MB of nodes for 10 MB of
 * text; now memory holds one element's nodes. Only the root object's punctuation is
 * written here, the way cJSON writes it, so the text equals cJSON's print of the tree. */
#include <cjson/cJSON.h>
#include <limits.h>
#include <string.h>

#include "internal.h"

/* The tree is built from cJSON's public struct in a pool of our own and printed by
 * cJSON (cJSON_PrintPreallocated); the pool is freed at once, so there is no malloc per
 * node and no cJSON_Delete walk. Every string of the result lives in its arena until
 * after printing, and every key is a literal: nodes refer to them, nothing is copied. */
enum { POOL_BLOCK = 64 * 1024 };

typedef struct pool_block {
    struct pool_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} pool_block;

/* Any allocation failure clears `ok`; kh_emit_json checks it once at the end. */
typedef struct {
    bool ok;
    pool_block *blocks;
} emit_state;

static void *pool_alloc(emit_state *st, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    pool_block *b = st->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > POOL_BLOCK ? n : POOL_BLOCK;
        b = kh_malloc(sizeof *b + cap);
        if (!b) {
            st->ok = false;
            return NULL;
        }
        b->next = st->blocks;
        b->used = 0;
        b->cap = cap;
        st->blocks = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

static void pool_free(emit_state *st)
{
    while (st->blocks) {
        pool_block *next = st->blocks->next;
        kh_dealloc(st->blocks);
        st->blocks = next;
    }
}

/* Between pieces: keep the newest block for the next one, free the rest. */
static void pool_reset(emit_state *st)
{
    if (!st->blocks)
        return;
    pool_block *keep = st->blocks;
    st->blocks = keep->next;
    pool_free(st);
    keep->next = NULL;
    keep->used = 0;
    st->blocks = keep;
}

static cJSON *node(emit_state *st, int type)
{
    cJSON *j = pool_alloc(st, sizeof *j);
    if (j) {
        memset(j, 0, sizeof *j);
        j->type = type;
    }
    return j;
}

static cJSON *str(emit_state *st, const char *s)
{
    cJSON *j = node(st, cJSON_String);
    if (j)
        j->valuestring = (char *)s;
    return j;
}

static cJSON *null_(emit_state *st) { return node(st, cJSON_NULL); }
static cJSON *str_or_null(emit_state *st, const char *s) { return s ? str(st, s) : null_(st); }
static cJSON *boolean(emit_state *st, bool b) { return node(st, b ? cJSON_True : cJSON_False); }

/* Whole numbers are written in decimal here (a raw node: what cJSON's "%1.15g" prints
 * for them, without its sprintf + sscanf round trip); other numbers go to cJSON. */
static cJSON *num(emit_state *st, double d)
{
    if (d == (double)(long long)d && d > -1e15 && d < 1e15 && !(d == 0 && 1 / d < 0)) {
        char *buf = pool_alloc(st, 24);
        cJSON *j = node(st, cJSON_Raw);
        if (!buf || !j)
            return NULL;
        long long v = (long long)d;
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        char tmp[24];
        int n = 0;
        do
            tmp[n++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        int o = 0;
        if (v < 0)
            buf[o++] = '-';
        while (n)
            buf[o++] = tmp[--n];
        buf[o] = 0;
        j->valuestring = buf;
        return j;
    }
    cJSON *j = node(st, cJSON_Number);
    if (j) {
        j->valuedouble = d;
        j->valueint = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
    }
    return j;
}

/* Append to an array or object as cJSON does (the first child's prev is the last). */
static void append(cJSON *parent, cJSON *item)
{
    if (!parent->child) {
        parent->child = item;
        item->prev = item;
    } else {
        cJSON *last = parent->child->prev;
        last->next = item;
        item->prev = last;
        parent->child->prev = item;
    }
}

static void add(emit_state *st, cJSON *obj, const char *key, cJSON *item)
{
    if (!obj || !item) {
        st->ok = false;
        return;
    }
    item->string = (char *)key;
    item->type |= cJSON_StringIsConst;
    append(obj, item);
}

static void push(emit_state *st, cJSON *arr, cJSON *item)
{
    if (!arr || !item) {
        st->ok = false;
        return;
    }
    append(arr, item);
}

static cJSON *date_json(emit_state *st, const kh_date *d) { return d->s[0] ? str(st, d->s) : null_(st); }

static cJSON *strlist_json(emit_state *st, const kh_strlist *l)
{
    cJSON *a = node(st, cJSON_Array);
    if (!a) {
        st->ok = false;
        return NULL;
    }
    for (size_t i = 0; i < l->n; i++)
        push(st, a, str(st, l->v[i]));
    return a;
}

static cJSON *source_json(emit_state *st, const kh_result *r)
{
    cJSON *o = node(st, cJSON_Object);
    if (!o)
        return NULL;
    add(st, o, "name", str(st, r->name ? r->name : "-"));
    add(st, o, "format", str(st, r->format));
    add(st, o, "input_encoding", str(st, r->input_encoding));
    add(st, o, "pages", num(st, r->pages));
    if (r->ocr) {
        cJSON *ocr = node(st, cJSON_Object);
        if (ocr) {
            add(st, ocr, "engine", str_or_null(st, r->ocr->engine));
            add(st, ocr, "language", str_or_null(st, r->ocr->language));
            add(st, ocr, "mean_confidence", num(st, r->ocr->mean_confidence));
        }
        add(st, o, "ocr", ocr);
    } else {
        add(st, o, "ocr", null_(st));
    }
    cJSON *rs = node(st, cJSON_Object);
    if (rs) {
        add(st, rs, "applied", boolean(st, r->restoration.applied));
        add(st, rs, "tokens_total", num(st, (double)r->restoration.tokens_total));
        add(st, rs, "tokens_changed", num(st, (double)r->restoration.tokens_changed));
        add(st, rs, "mean_confidence", r->restoration.mean_confidence < 0
                                           ? null_(st)
                                           : num(st, r->restoration.mean_confidence));
    }
    add(st, o, "restoration", rs);
    return o;
}

static cJSON *document_json(emit_state *st, const kh_document *d)
{
    cJSON *o = node(st, cJSON_Object);
    if (!o)
        return NULL;
    add(st, o, "kind", str_or_null(st, d->kind));
    add(st, o, "kind_label", str_or_null(st, d->kind_label));
    add(st, o, "number", str_or_null(st, d->number));
    add(st, o, "symbol", str_or_null(st, d->symbol));
    if (d->issuer && d->issuer->name) {
        cJSON *is = node(st, cJSON_Object);
        if (is) {
            add(st, is, "name", str(st, d->issuer->name));
            add(st, is, "short", str_or_null(st, d->issuer->short_name));
            add(st, is, "level", str_or_null(st, d->issuer->level));
            add(st, is, "area", str_or_null(st, d->issuer->area));
        }
        add(st, o, "issuer", is);
    } else {
        add(st, o, "issuer", null_(st));
    }
    add(st, o, "place", str_or_null(st, d->place));
    add(st, o, "date", date_json(st, &d->date));
    add(st, o, "title", str_or_null(st, d->title));
    add(st, o, "subject", str_or_null(st, d->subject));
    add(st, o, "recipients", strlist_json(st, &d->recipients));
    if (d->signer) {
        cJSON *sg = node(st, cJSON_Object);
        if (sg) {
            add(st, sg, "name", str_or_null(st, d->signer->name));
            add(st, sg, "position", str_or_null(st, d->signer->position));
            add(st, sg, "capacity", str_or_null(st, d->signer->capacity));
        }
        add(st, o, "signer", sg);
    } else {
        add(st, o, "signer", null_(st));
    }
    add(st, o, "distribution", strlist_json(st, &d->distribution));
    return o;
}

static cJSON *reference_json(emit_state *st, const void *items, size_t i)
{
    const kh_reference *x = &((const kh_references *)items)->v[i];
    cJSON *o = node(st, cJSON_Object);
    if (o) {
        add(st, o, "kind", str(st, x->kind ? x->kind : "khac"));
        add(st, o, "kind_label", str(st, x->kind_label ? x->kind_label : ""));
        add(st, o, "number", str_or_null(st, x->number));
        add(st, o, "date", date_json(st, &x->date));
        add(st, o, "issuer", str_or_null(st, x->issuer));
        add(st, o, "title", str_or_null(st, x->title));
        add(st, o, "mentions", num(st, x->mentions > 0 ? x->mentions : 1));
    }
    return o;
}

static cJSON *section_json(emit_state *st, const kh_section *s, int depth)
{
    cJSON *o = node(st, cJSON_Object);
    if (!o)
        return NULL;
    add(st, o, "label", str_or_null(st, s->label));
    add(st, o, "title", str_or_null(st, s->title));
    add(st, o, "level", num(st, s->level > 0 ? s->level : 1));
    add(st, o, "line", num(st, s->line));
    add(st, o, "text", str_or_null(st, s->text));
    cJSON *kids = node(st, cJSON_Array);
    if (kids && depth < 1000)
        for (size_t i = 0; i < s->nchildren; i++)
            push(st, kids, section_json(st, s->children[i], depth + 1));
    add(st, o, "children", kids);
    return o;
}

static cJSON *top_section_json(emit_state *st, const void *items, size_t i)
{
    return section_json(st, ((const kh_section *)items)->children[i], 1);
}

static cJSON *units_json(emit_state *st, const kh_units *u)
{
    cJSON *a = node(st, cJSON_Array);
    if (!a)
        return NULL;
    for (size_t i = 0; i < u->n; i++) {
        if (!u->v[i].name || !u->v[i].name[0])
            continue; /* the schema wants minLength 1 */
        cJSON *o = node(st, cJSON_Object);
        if (o) {
            add(st, o, "name", str(st, u->v[i].name));
            add(st, o, "group", boolean(st, u->v[i].group));
            add(st, o, "requested", boolean(st, u->v[i].requested));
        }
        push(st, a, o);
    }
    return a;
}

/* Only the keys that apply (gold README, point 8). */
static cJSON *deadline_json(emit_state *st, const kh_deadline *d)
{
    cJSON *o = node(st, cJSON_Object);
    if (!o)
        return NULL;
    add(st, o, "text", str_or_null(st, d->text));
    add(st, o, "kind", str(st, kh_deadline_kind_name(d->kind)));
    if (d->nkinds > 1) {
        cJSON *k = node(st, cJSON_Array);
        if (k)
            for (int i = 0; i < d->nkinds && i < 5; i++)
                push(st, k, str(st, kh_deadline_kind_name(d->kinds[i])));
        add(st, o, "kinds", k);
    }
    bool recurring = d->kind == KH_DL_RECURRING;
    for (int i = 0; i < d->nkinds && i < 5; i++)
        recurring |= d->kinds[i] == KH_DL_RECURRING;
    if (recurring)
        add(st, o, "recurrence", str_or_null(st, kh_recurrence_name(d->recurrence)));
    if (d->start.s[0])
        add(st, o, "start", str(st, d->start.s));
    if (d->end.s[0])
        add(st, o, "end", str(st, d->end.s));
    return o;
}

static cJSON *task_json(emit_state *st, const void *items, size_t i)
{
    const kh_task *t = &((const kh_tasks *)items)->v[i];
    cJSON *o = node(st, cJSON_Object);
    if (o) {
        add(st, o, "id", str(st, t->id ? t->id : ""));
        add(st, o, "source", str(st, t->assignment ? "assignment" : "plan"));
        add(st, o, "section", str_or_null(st, t->section));
        add(st, o, "title", str_or_null(st, t->title));
        add(st, o, "content", str_or_null(st, t->content));
        add(st, o, "lead", units_json(st, &t->lead));
        add(st, o, "coordinate", units_json(st, &t->coordinate));
        add(st, o, "deadline", deadline_json(st, &t->deadline));
        add(st, o, "output", str_or_null(st, t->output));
        add(st, o, "line", num(st, t->line > 0 ? t->line : 1));
        if (t->page > 0)
            add(st, o, "page", num(st, t->page));
    }
    return o;
}

static cJSON *report_json(emit_state *st, const void *items, size_t i)
{
    const kh_report *rep = &((const kh_reports *)items)->v[i];
    cJSON *o = node(st, cJSON_Object);
    if (o) {
        add(st, o, "text", str(st, rep->text ? rep->text : ""));
        add(st, o, "deadline", deadline_json(st, &rep->deadline));
        add(st, o, "to", str_or_null(st, rep->to));
    }
    return o;
}

static cJSON *diag_json(emit_state *st, const void *items, size_t i)
{
    const kh_diag *d = &((const kh_result *)items)->diags.v[i];
    cJSON *o = node(st, cJSON_Object);
    if (o) {
        add(st, o, "code", str(st, d->code));
        add(st, o, "severity", str(st, kh_severity_name(d->severity)));
        add(st, o, "message", str(st, d->message ? d->message : ""));
        add(st, o, "line", d->line > 0 ? num(st, d->line) : null_(st));
    }
    return o;
}

/* The text being written: grows by doubling; `scratch` receives each piece from cJSON.
 * With a sink (kh_result_write_json) the text goes out in runs of about FLUSH_AT bytes,
 * so the buffer holds one run (or one piece, when a piece is longer), not the document:
 * the JSON of a 20 MB input is ~30 MB, which a doubling buffer made 32 MiB. */
enum { FLUSH_AT = 64 * 1024 };

typedef struct {
    char *b, *scratch;
    size_t n, cap, scratch_cap;
    bool pretty;
    kh_write_fn sink; /* NULL: keep the whole text in b */
    void *sink_ctx;
    bool sink_failed;
} out_buf;

/* Hand the buffered text to the sink (nothing without one). */
static void flush(emit_state *st, out_buf *o)
{
    if (!o->sink || !o->n || !st->ok)
        return;
    if (o->sink(o->sink_ctx, o->b, o->n) != 0) {
        o->sink_failed = true;
        st->ok = false;
    }
    o->n = 0;
}

static bool reserve(emit_state *st, out_buf *o, size_t k)
{
    if (o->cap - o->n > k)
        return true;
    if (o->sink && o->n) {
        flush(st, o);
        if (!st->ok || o->cap - o->n > k)
            return st->ok;
    }
    size_t cap = o->cap ? o->cap : 4096;
    while (cap - o->n <= k) {
        if (cap > SIZE_MAX / 2)
            return st->ok = false;
        cap *= 2;
    }
    char *b = kh_realloc(o->b, cap);
    if (!b)
        return st->ok = false;
    o->b = b;
    o->cap = cap;
    return true;
}

static void put(emit_state *st, out_buf *o, const char *s, size_t k)
{
    if (st->ok && reserve(st, o, k)) {
        memcpy(o->b + o->n, s, k);
        o->n += k;
    }
}

/* cJSON prints `item` into buf[0..*cap) — grown by doubling until the text fits
 * (cJSON_PrintPreallocated fails on a short buffer), from `reserved` bytes into it. */
static char *print_piece(emit_state *st, cJSON *item, char **buf, size_t *cap, size_t reserved, bool pretty)
{
    for (;;) {
        if (*cap - reserved >= 256 && *cap - reserved < INT_MAX &&
            cJSON_PrintPreallocated(item, *buf + reserved, (int)(*cap - reserved), pretty))
            return *buf + reserved;
        size_t want = *cap < 4096 ? 4096 : *cap * 2;
        char *b = want / 2 < INT_MAX ? kh_realloc(*buf, want) : NULL;
        if (!b) {
            st->ok = false;
            return NULL;
        }
        *buf = b;
        *cap = want;
    }
}

/* Print `item` with cJSON and append it as a value `depth` containers deep, then give
 * its nodes back to the pool. The compact form is printed in place. cJSON indents the
 * pretty form by its depth, so a piece printed on its own gets `depth` more tabs after
 * each of its newlines (strings never hold a raw newline: cJSON escapes it). */
static void put_value(emit_state *st, out_buf *o, cJSON *item, size_t depth)
{
    if (!item)
        st->ok = false;
    if (o->n >= FLUSH_AT)
        flush(st, o);
    if (st->ok && !o->pretty) {
        char *p = print_piece(st, item, &o->b, &o->cap, o->n, false);
        if (p)
            o->n += strlen(p);
    } else if (st->ok) {
        const char *p = print_piece(st, item, &o->scratch, &o->scratch_cap, 0, true);
        const char *nl;
        while (p && depth && (nl = strchr(p, '\n')) != NULL) {
            put(st, o, p, (size_t)(nl - p) + 1);
            for (size_t d = 0; d < depth; d++)
                put(st, o, "\t", 1);
            p = nl + 1;
        }
        if (p)
            put(st, o, p, strlen(p));
    }
    pool_reset(st);
}

/* "key": before a value of the root object (the first when `first`). */
static void put_key(emit_state *st, out_buf *o, const char *key, bool first)
{
    if (!first)
        put(st, o, o->pretty ? ",\n" : ",", o->pretty ? 2 : 1);
    if (o->pretty)
        put(st, o, "\t", 1);
    put(st, o, "\"", 1);
    put(st, o, key, strlen(key)); /* our keys need no escaping */
    put(st, o, o->pretty ? "\":\t" : "\":", o->pretty ? 3 : 2);
}

/* An array of n elements of the root object, one piece per element ("[a, b]" pretty). */
static void put_array(emit_state *st, out_buf *o, const void *items, size_t n,
                      cJSON *(*element)(emit_state *, const void *, size_t))
{
    put(st, o, "[", 1);
    for (size_t i = 0; i < n && st->ok; i++) {
        if (i)
            put(st, o, o->pretty ? ", " : ",", o->pretty ? 2 : 1);
        put_value(st, o, element(st, items, i), 2); /* in the root (1) and the array (2) */
    }
    put(st, o, "]", 1);
}

/* Writes the whole text into o (and through its sink, if any); false on failure. */
static bool emit(const kh_result *r, out_buf *o_)
{
    emit_state state = {true, NULL}, *st = &state;
    out_buf o = *o_;
    bool pretty = o.pretty;
    put(st, &o, pretty ? "{\n" : "{", pretty ? 2 : 1);
    put_key(st, &o, "schema_version", true);
    put_value(st, &o, num(st, KH_SCHEMA_VERSION), 1);
    put_key(st, &o, "source", false);
    put_value(st, &o, source_json(st, r), 1);
    put_key(st, &o, "document", false);
    put_value(st, &o, document_json(st, &r->doc), 1);
    put_key(st, &o, "references", false);
    put_array(st, &o, &r->refs, r->refs.n, reference_json);
    put_key(st, &o, "sections", false);
    put_array(st, &o, &r->root, r->root.nchildren, top_section_json);
    put_key(st, &o, "tasks", false);
    put_array(st, &o, &r->tasks, r->tasks.n, task_json);
    put_key(st, &o, "budget", false);
    put_value(st, &o, str_or_null(st, r->budget), 1);
    put_key(st, &o, "reporting", false);
    put_array(st, &o, &r->reporting, r->reporting.n, report_json);
    put_key(st, &o, "diagnostics", false);
    put_array(st, &o, r, r->diags.n, diag_json);
    put(st, &o, pretty ? "\n}" : "}", pretty ? 2 : 1);
    if (o.sink)
        flush(st, &o);
    else
        put(st, &o, "", 1); /* the terminating NUL */
    pool_free(st);
    kh_dealloc(o.scratch);
    o.scratch = NULL;
    *o_ = o;
    return st->ok;
}

char *kh_emit_json(const kh_result *r, bool pretty)
{
    out_buf o = {.pretty = pretty};
    if (!emit(r, &o)) {
        kh_dealloc(o.b);
        return NULL;
    }
    char *fit = kh_realloc(o.b, o.n); /* give back the doubling slack */
    return fit ? fit : o.b;
}

int kh_emit_json_to(const kh_result *r, bool pretty, kh_write_fn write, void *ctx)
{
    out_buf o = {.pretty = pretty, .sink = write, .sink_ctx = ctx};
    bool ok = emit(r, &o);
    kh_dealloc(o.b);
    return ok ? KH_OK : o.sink_failed ? KH_ERR_IO : KH_ERR_NOMEM;
}

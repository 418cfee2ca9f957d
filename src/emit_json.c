/* emit_json.c — the result as JSON per spec/OUTPUT.md (schema_version 1), with cJSON.
 * Key order follows the contract so that outputs diff well. cJSON's global hooks are
 * never touched (they would leak into the host program). */
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

static cJSON *references_json(emit_state *st, const kh_references *refs)
{
    cJSON *a = node(st, cJSON_Array);
    if (!a)
        return NULL;
    for (size_t i = 0; i < refs->n; i++) {
        const kh_reference *x = &refs->v[i];
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
        push(st, a, o);
    }
    return a;
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

static cJSON *tasks_json(emit_state *st, const kh_tasks *tasks)
{
    cJSON *a = node(st, cJSON_Array);
    if (!a)
        return NULL;
    for (size_t i = 0; i < tasks->n; i++) {
        const kh_task *t = &tasks->v[i];
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
        push(st, a, o);
    }
    return a;
}

static cJSON *reporting_json(emit_state *st, const kh_reports *reps)
{
    cJSON *a = node(st, cJSON_Array);
    if (!a)
        return NULL;
    for (size_t i = 0; i < reps->n; i++) {
        cJSON *o = node(st, cJSON_Object);
        if (o) {
            add(st, o, "text", str(st, reps->v[i].text ? reps->v[i].text : ""));
            add(st, o, "deadline", deadline_json(st, &reps->v[i].deadline));
            add(st, o, "to", str_or_null(st, reps->v[i].to));
        }
        push(st, a, o);
    }
    return a;
}

static cJSON *diagnostics_json(emit_state *st, const kh_result *r)
{
    cJSON *a = node(st, cJSON_Array);
    if (!a)
        return NULL;
    for (size_t i = 0; i < r->diags.n; i++) {
        const kh_diag *d = &r->diags.v[i];
        cJSON *o = node(st, cJSON_Object);
        if (o) {
            add(st, o, "code", str(st, d->code));
            add(st, o, "severity", str(st, kh_severity_name(d->severity)));
            add(st, o, "message", str(st, d->message ? d->message : ""));
            add(st, o, "line", d->line > 0 ? num(st, d->line) : null_(st));
        }
        push(st, a, o);
    }
    return a;
}

/* Upper bound of the printed size of a list of items (every string escaped at worst,
 * numbers at most 32 characters, and for the pretty form a line of tabs per item), so
 * the text can be printed straight into the buffer handed out: no growing buffer in
 * cJSON and no second copy. */
static size_t escaped_bound(const char *s)
{
    size_t n = 2;
    for (; s && *s; s++)
        n += (unsigned char)*s < 32 ? 6 : *s == '"' || *s == '\\' ? 2 : 1;
    return n;
}

static size_t print_bound(const cJSON *it, size_t depth, bool pretty)
{
    size_t n = 2 + (pretty ? depth + 2 : 0); /* the enclosing container's brackets, tabs */
    for (; it; it = it->next) {
        n += 4 + (pretty ? depth + 2 : 0); /* ',' ':' and the pretty form's "\n", tabs */
        n += it->string ? escaped_bound(it->string) : 0;
        if (cJSON_IsString(it))
            n += escaped_bound(it->valuestring);
        else if (cJSON_IsRaw(it))
            n += strlen(it->valuestring);
        else if (cJSON_IsNumber(it))
            n += 32;
        else
            n += 8; /* null, false, true, or an empty container */
        if (it->child)
            n += print_bound(it->child, depth + 1, pretty);
    }
    return n;
}

char *kh_emit_json(const kh_result *r, bool pretty)
{
    emit_state state = {true, NULL}, *st = &state;
    cJSON *root = node(st, cJSON_Object);
    if (!root) {
        pool_free(st);
        return NULL;
    }
    add(st, root, "schema_version", num(st, KH_SCHEMA_VERSION));
    add(st, root, "source", source_json(st, r));
    add(st, root, "document", document_json(st, &r->doc));
    add(st, root, "references", references_json(st, &r->refs));
    cJSON *secs = node(st, cJSON_Array);
    if (secs)
        for (size_t i = 0; i < r->root.nchildren; i++)
            push(st, secs, section_json(st, r->root.children[i], 1));
    add(st, root, "sections", secs);
    add(st, root, "tasks", tasks_json(st, &r->tasks));
    add(st, root, "budget", str_or_null(st, r->budget));
    add(st, root, "reporting", reporting_json(st, &r->reporting));
    add(st, root, "diagnostics", diagnostics_json(st, r));
    char *out = NULL;
    if (st->ok) {
        size_t bound = print_bound(root, 0, pretty) + 64; /* cJSON asks for a little slack */
        if (bound < INT_MAX) {
            out = kh_malloc(bound);
            if (out && !cJSON_PrintPreallocated(root, out, (int)bound, pretty)) {
                kh_dealloc(out); /* cannot happen with a true bound; print the usual way */
                out = NULL;
            }
            if (out) { /* give back the slack */
                char *fit = kh_realloc(out, strlen(out) + 1);
                if (fit)
                    out = fit;
            }
        }
    }
    if (st->ok && !out) {
        char *txt = pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
        if (txt) {
            /* Hand out memory from our allocator, not cJSON's. */
            size_t n = strlen(txt);
            out = kh_malloc(n + 2);
            if (out) {
                memcpy(out, txt, n);
                out[n] = 0;
            }
            cJSON_free(txt);
        }
    }
    pool_free(st);
    return out;
}

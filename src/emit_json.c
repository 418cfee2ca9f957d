/* emit_json.c — the result as JSON per spec/OUTPUT.md (schema_version 1), with cJSON.
 * Key order follows the contract so that outputs diff well. cJSON's global hooks are
 * never touched (they would leak into the host program). */
#include <cjson/cJSON.h>
#include <limits.h>
#include <string.h>

#include "internal.h"

/* cJSON_Add* return NULL on failure; we check once at the end via `ok`. */
typedef struct {
    bool ok;
} emit_state;

/* Every string of the result lives in its arena until after printing, and every key is a
 * literal: the tree refers to them instead of copying (no malloc/free per string). */
static cJSON *str(const char *s) { return cJSON_CreateStringReference(s); }
static cJSON *str_or_null(const char *s) { return s ? str(s) : cJSON_CreateNull(); }

static void add(emit_state *st, cJSON *obj, const char *key, cJSON *item)
{
    if (!item || !cJSON_AddItemToObjectCS(obj, key, item)) {
        st->ok = false;
        cJSON_Delete(item);
    }
}

static void push(emit_state *st, cJSON *arr, cJSON *item)
{
    if (!item || !cJSON_AddItemToArray(arr, item)) {
        st->ok = false;
        cJSON_Delete(item);
    }
}

static cJSON *date_json(const kh_date *d) { return d->s[0] ? str(d->s) : cJSON_CreateNull(); }

static cJSON *strlist_json(emit_state *st, const kh_strlist *l)
{
    cJSON *a = cJSON_CreateArray();
    if (!a) {
        st->ok = false;
        return NULL;
    }
    for (size_t i = 0; i < l->n; i++)
        push(st, a, str(l->v[i]));
    return a;
}

static cJSON *source_json(emit_state *st, const kh_result *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    add(st, o, "name", str(r->name ? r->name : "-"));
    add(st, o, "format", str(r->format));
    add(st, o, "input_encoding", str(r->input_encoding));
    add(st, o, "pages", cJSON_CreateNumber(r->pages));
    if (r->ocr) {
        cJSON *ocr = cJSON_CreateObject();
        if (ocr) {
            add(st, ocr, "engine", str_or_null(r->ocr->engine));
            add(st, ocr, "language", str_or_null(r->ocr->language));
            add(st, ocr, "mean_confidence", cJSON_CreateNumber(r->ocr->mean_confidence));
        }
        add(st, o, "ocr", ocr);
    } else {
        add(st, o, "ocr", cJSON_CreateNull());
    }
    cJSON *rs = cJSON_CreateObject();
    if (rs) {
        add(st, rs, "applied", cJSON_CreateBool(r->restoration.applied));
        add(st, rs, "tokens_total", cJSON_CreateNumber((double)r->restoration.tokens_total));
        add(st, rs, "tokens_changed", cJSON_CreateNumber((double)r->restoration.tokens_changed));
        add(st, rs, "mean_confidence", r->restoration.mean_confidence < 0
                                           ? cJSON_CreateNull()
                                           : cJSON_CreateNumber(r->restoration.mean_confidence));
    }
    add(st, o, "restoration", rs);
    return o;
}

static cJSON *document_json(emit_state *st, const kh_document *d)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    add(st, o, "kind", str_or_null(d->kind));
    add(st, o, "kind_label", str_or_null(d->kind_label));
    add(st, o, "number", str_or_null(d->number));
    add(st, o, "symbol", str_or_null(d->symbol));
    if (d->issuer && d->issuer->name) {
        cJSON *is = cJSON_CreateObject();
        if (is) {
            add(st, is, "name", str(d->issuer->name));
            add(st, is, "short", str_or_null(d->issuer->short_name));
            add(st, is, "level", str_or_null(d->issuer->level));
            add(st, is, "area", str_or_null(d->issuer->area));
        }
        add(st, o, "issuer", is);
    } else {
        add(st, o, "issuer", cJSON_CreateNull());
    }
    add(st, o, "place", str_or_null(d->place));
    add(st, o, "date", date_json(&d->date));
    add(st, o, "title", str_or_null(d->title));
    add(st, o, "subject", str_or_null(d->subject));
    add(st, o, "recipients", strlist_json(st, &d->recipients));
    if (d->signer) {
        cJSON *sg = cJSON_CreateObject();
        if (sg) {
            add(st, sg, "name", str_or_null(d->signer->name));
            add(st, sg, "position", str_or_null(d->signer->position));
            add(st, sg, "capacity", str_or_null(d->signer->capacity));
        }
        add(st, o, "signer", sg);
    } else {
        add(st, o, "signer", cJSON_CreateNull());
    }
    add(st, o, "distribution", strlist_json(st, &d->distribution));
    return o;
}

static cJSON *references_json(emit_state *st, const kh_references *refs)
{
    cJSON *a = cJSON_CreateArray();
    if (!a)
        return NULL;
    for (size_t i = 0; i < refs->n; i++) {
        const kh_reference *x = &refs->v[i];
        cJSON *o = cJSON_CreateObject();
        if (o) {
            add(st, o, "kind", str(x->kind ? x->kind : "khac"));
            add(st, o, "kind_label", str(x->kind_label ? x->kind_label : ""));
            add(st, o, "number", str_or_null(x->number));
            add(st, o, "date", date_json(&x->date));
            add(st, o, "issuer", str_or_null(x->issuer));
            add(st, o, "title", str_or_null(x->title));
            add(st, o, "mentions", cJSON_CreateNumber(x->mentions > 0 ? x->mentions : 1));
        }
        push(st, a, o);
    }
    return a;
}

static cJSON *section_json(emit_state *st, const kh_section *s, int depth)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    add(st, o, "label", str_or_null(s->label));
    add(st, o, "title", str_or_null(s->title));
    add(st, o, "level", cJSON_CreateNumber(s->level > 0 ? s->level : 1));
    add(st, o, "line", cJSON_CreateNumber(s->line));
    add(st, o, "text", str_or_null(s->text));
    cJSON *kids = cJSON_CreateArray();
    if (kids && depth < 1000)
        for (size_t i = 0; i < s->nchildren; i++)
            push(st, kids, section_json(st, s->children[i], depth + 1));
    add(st, o, "children", kids);
    return o;
}

static cJSON *units_json(emit_state *st, const kh_units *u)
{
    cJSON *a = cJSON_CreateArray();
    if (!a)
        return NULL;
    for (size_t i = 0; i < u->n; i++) {
        if (!u->v[i].name || !u->v[i].name[0])
            continue; /* the schema wants minLength 1 */
        cJSON *o = cJSON_CreateObject();
        if (o) {
            add(st, o, "name", str(u->v[i].name));
            add(st, o, "group", cJSON_CreateBool(u->v[i].group));
            add(st, o, "requested", cJSON_CreateBool(u->v[i].requested));
        }
        push(st, a, o);
    }
    return a;
}

/* Only the keys that apply (gold README, point 8). */
static cJSON *deadline_json(emit_state *st, const kh_deadline *d)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    add(st, o, "text", str_or_null(d->text));
    add(st, o, "kind", str(kh_deadline_kind_name(d->kind)));
    if (d->nkinds > 1) {
        cJSON *k = cJSON_CreateArray();
        if (k)
            for (int i = 0; i < d->nkinds && i < 5; i++)
                push(st, k, str(kh_deadline_kind_name(d->kinds[i])));
        add(st, o, "kinds", k);
    }
    bool recurring = d->kind == KH_DL_RECURRING;
    for (int i = 0; i < d->nkinds && i < 5; i++)
        recurring |= d->kinds[i] == KH_DL_RECURRING;
    if (recurring)
        add(st, o, "recurrence", str_or_null(kh_recurrence_name(d->recurrence)));
    if (d->start.s[0])
        add(st, o, "start", str(d->start.s));
    if (d->end.s[0])
        add(st, o, "end", str(d->end.s));
    return o;
}

static cJSON *tasks_json(emit_state *st, const kh_tasks *tasks)
{
    cJSON *a = cJSON_CreateArray();
    if (!a)
        return NULL;
    for (size_t i = 0; i < tasks->n; i++) {
        const kh_task *t = &tasks->v[i];
        cJSON *o = cJSON_CreateObject();
        if (o) {
            add(st, o, "id", str(t->id ? t->id : ""));
            add(st, o, "source", str(t->assignment ? "assignment" : "plan"));
            add(st, o, "section", str_or_null(t->section));
            add(st, o, "title", str_or_null(t->title));
            add(st, o, "content", str_or_null(t->content));
            add(st, o, "lead", units_json(st, &t->lead));
            add(st, o, "coordinate", units_json(st, &t->coordinate));
            add(st, o, "deadline", deadline_json(st, &t->deadline));
            add(st, o, "output", str_or_null(t->output));
            add(st, o, "line", cJSON_CreateNumber(t->line > 0 ? t->line : 1));
            if (t->page > 0)
                add(st, o, "page", cJSON_CreateNumber(t->page));
        }
        push(st, a, o);
    }
    return a;
}

static cJSON *reporting_json(emit_state *st, const kh_reports *reps)
{
    cJSON *a = cJSON_CreateArray();
    if (!a)
        return NULL;
    for (size_t i = 0; i < reps->n; i++) {
        cJSON *o = cJSON_CreateObject();
        if (o) {
            add(st, o, "text", str(reps->v[i].text ? reps->v[i].text : ""));
            add(st, o, "deadline", deadline_json(st, &reps->v[i].deadline));
            add(st, o, "to", str_or_null(reps->v[i].to));
        }
        push(st, a, o);
    }
    return a;
}

static cJSON *diagnostics_json(emit_state *st, const kh_result *r)
{
    cJSON *a = cJSON_CreateArray();
    if (!a)
        return NULL;
    for (size_t i = 0; i < r->diags.n; i++) {
        const kh_diag *d = &r->diags.v[i];
        cJSON *o = cJSON_CreateObject();
        if (o) {
            add(st, o, "code", str(d->code));
            add(st, o, "severity", str(kh_severity_name(d->severity)));
            add(st, o, "message", str(d->message ? d->message : ""));
            add(st, o, "line", d->line > 0 ? cJSON_CreateNumber(d->line) : cJSON_CreateNull());
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
    emit_state st = {true};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    add(&st, root, "schema_version", cJSON_CreateNumber(KH_SCHEMA_VERSION));
    add(&st, root, "source", source_json(&st, r));
    add(&st, root, "document", document_json(&st, &r->doc));
    add(&st, root, "references", references_json(&st, &r->refs));
    cJSON *secs = cJSON_CreateArray();
    if (secs)
        for (size_t i = 0; i < r->root.nchildren; i++)
            push(&st, secs, section_json(&st, r->root.children[i], 1));
    add(&st, root, "sections", secs);
    add(&st, root, "tasks", tasks_json(&st, &r->tasks));
    add(&st, root, "budget", str_or_null(r->budget));
    add(&st, root, "reporting", reporting_json(&st, &r->reporting));
    add(&st, root, "diagnostics", diagnostics_json(&st, r));
    char *out = NULL;
    if (st.ok) {
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
    if (st.ok && !out) {
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
    cJSON_Delete(root);
    return out;
}

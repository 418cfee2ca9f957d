/* emit_json.c — the result as JSON per spec/OUTPUT.md (schema_version 1).
 * Key order follows the contract so that outputs diff well. The text is written
 * straight into one growing buffer, byte for byte as cJSON 1.7.15 prints the same tree
 * (cJSON_PrintUnformatted / cJSON_Print: tabs, "key":<TAB>value, arrays on one line with
 * ", "), without building the tree: a parse of 10 MB of text gave ~45 MB of nodes and
 * 12% of the instructions went to building and printing them. */
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The writer. Any allocation failure clears `ok`; kh_emit_json checks it at the end.
 * `first`: nothing written yet in the innermost open container (decides the separator
 * before the next item, and the pretty form's newline before a closing brace). */
typedef struct {
    char *b;
    size_t n, cap;
    bool ok, pretty, first;
    size_t depth;
} emit_state;

static bool reserve(emit_state *st, size_t k)
{
    if (st->cap - st->n > k)
        return true;
    if (!st->ok)
        return false;
    size_t cap = st->cap ? st->cap : 4096;
    while (cap - st->n <= k) {
        if (cap > SIZE_MAX / 2) {
            st->ok = false;
            return false;
        }
        cap *= 2;
    }
    char *nb = kh_realloc(st->b, cap);
    if (!nb) {
        st->ok = false;
        return false;
    }
    st->b = nb;
    st->cap = cap;
    return true;
}

static void put(emit_state *st, const char *s, size_t k)
{
    if (reserve(st, k)) {
        memcpy(st->b + st->n, s, k);
        st->n += k;
    }
}

static void putc_(emit_state *st, char c)
{
    if (reserve(st, 1))
        st->b[st->n++] = c;
}

static void tabs(emit_state *st, size_t k)
{
    if (reserve(st, k)) {
        memset(st->b + st->n, '\t', k);
        st->n += k;
    }
}

/* A quoted string, escaped as cJSON's print_string_ptr: \" \\ \b \f \n \r \t, other
 * bytes below 0x20 as \u00xx, the rest as is. */
static void quoted(emit_state *st, const char *s)
{
    if (!s)
        s = "";
    size_t len = 0, extra = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, len++)
        if (*p < 32 || *p == '"' || *p == '\\')
            extra += *p == '"' || *p == '\\' || *p == '\b' || *p == '\f' || *p == '\n' ||
                             *p == '\r' || *p == '\t'
                         ? 1
                         : 5;
    if (!reserve(st, len + extra + 2))
        return;
    char *o = st->b + st->n;
    *o++ = '"';
    if (!extra) {
        memcpy(o, s, len);
        o += len;
    } else {
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            if (*p >= 32 && *p != '"' && *p != '\\') {
                *o++ = (char)*p;
                continue;
            }
            *o++ = '\\';
            switch (*p) {
            case '"': *o++ = '"'; break;
            case '\\': *o++ = '\\'; break;
            case '\b': *o++ = 'b'; break;
            case '\f': *o++ = 'f'; break;
            case '\n': *o++ = 'n'; break;
            case '\r': *o++ = 'r'; break;
            case '\t': *o++ = 't'; break;
            default:
                *o++ = 'u';
                *o++ = '0';
                *o++ = '0';
                *o++ = "0123456789abcdef"[*p >> 4];
                *o++ = "0123456789abcdef"[*p & 15];
            }
        }
    }
    *o++ = '"';
    st->n = (size_t)(o - st->b);
}

/* Before a member of an object: the separator, the pretty form's tabs, the key. Used
 * as `key(st, "k"), value(st, …);`, one statement per member, in the contract's order. */
static void key(emit_state *st, const char *k)
{
    if (!st->first)
        put(st, st->pretty ? ",\n" : ",", st->pretty ? 2 : 1);
    st->first = false;
    if (st->pretty)
        tabs(st, st->depth);
    quoted(st, k);
    put(st, ":\t", st->pretty ? 2 : 1);
}

/* Before an element of an array. */
static void item(emit_state *st)
{
    if (!st->first)
        put(st, ", ", st->pretty ? 2 : 1);
    st->first = false;
}

static void open_(emit_state *st, char c)
{
    putc_(st, c);
    if (c == '{' && st->pretty)
        putc_(st, '\n');
    st->depth++;
    st->first = true;
}

static void close_(emit_state *st, char c)
{
    if (c == '}' && st->pretty) {
        if (!st->first)
            putc_(st, '\n');
        tabs(st, st->depth - 1);
    }
    putc_(st, c);
    st->depth--;
    st->first = false;
}

static void str(emit_state *st, const char *s) { quoted(st, s); }
static void null_(emit_state *st) { put(st, "null", 4); }
static void str_or_null(emit_state *st, const char *s)
{
    if (s)
        str(st, s);
    else
        null_(st);
}
static void boolean(emit_state *st, bool b) { put(st, b ? "true" : "false", b ? 4 : 5); }

/* Whole numbers in decimal (what cJSON's "%1.15g" prints for them); others as cJSON's
 * print_number: "%d" of the int value when equal, else "%1.15g", or "%1.17g" when that
 * does not read back to the same double; the locale's decimal point written '.'. */
static void num(emit_state *st, double d)
{
    char buf[32];
    int n = 0;
    if (d == (double)(long long)d && d > -1e15 && d < 1e15 && !(d == 0 && 1 / d < 0)) {
        long long v = (long long)d;
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        char tmp[24];
        int k = 0;
        do
            tmp[k++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        if (v < 0)
            buf[n++] = '-';
        while (k)
            buf[n++] = tmp[--k];
        put(st, buf, (size_t)n);
        return;
    }
    int vi = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
    if (isnan(d) || isinf(d)) {
        n = snprintf(buf, sizeof buf, "null");
    } else if (d == (double)vi) {
        n = snprintf(buf, sizeof buf, "%d", vi);
    } else {
        double test = 0;
        n = snprintf(buf, sizeof buf, "%1.15g", d);
        if (sscanf(buf, "%lg", &test) != 1 ||
            !(fabs(test - d) <= (fabs(test) > fabs(d) ? fabs(test) : fabs(d)) * DBL_EPSILON))
            n = snprintf(buf, sizeof buf, "%1.17g", d);
    }
    if (n < 0 || n >= (int)sizeof buf) {
        st->ok = false;
        return;
    }
    char dp = localeconv()->decimal_point[0];
    for (int i = 0; i < n; i++)
        if (buf[i] == dp && dp != '.')
            buf[i] = '.';
    put(st, buf, (size_t)n);
}

static void date_json(emit_state *st, const kh_date *d)
{
    if (d->s[0])
        str(st, d->s);
    else
        null_(st);
}

static void strlist_json(emit_state *st, const kh_strlist *l)
{
    open_(st, '[');
    for (size_t i = 0; i < l->n; i++) {
        item(st);
        str(st, l->v[i]);
    }
    close_(st, ']');
}

static void source_json(emit_state *st, const kh_result *r)
{
    open_(st, '{');
    key(st, "name"), str(st, r->name ? r->name : "-");
    key(st, "format"), str(st, r->format);
    key(st, "input_encoding"), str(st, r->input_encoding);
    key(st, "pages"), num(st, r->pages);
    key(st, "ocr");
    if (r->ocr) {
        open_(st, '{');
        key(st, "engine"), str_or_null(st, r->ocr->engine);
        key(st, "language"), str_or_null(st, r->ocr->language);
        key(st, "mean_confidence"), num(st, r->ocr->mean_confidence);
        close_(st, '}');
    } else {
        null_(st);
    }
    key(st, "restoration");
    open_(st, '{');
    key(st, "applied"), boolean(st, r->restoration.applied);
    key(st, "tokens_total"), num(st, (double)r->restoration.tokens_total);
    key(st, "tokens_changed"), num(st, (double)r->restoration.tokens_changed);
    key(st, "mean_confidence");
    if (r->restoration.mean_confidence < 0)
        null_(st);
    else
        num(st, r->restoration.mean_confidence);
    close_(st, '}');
    close_(st, '}');
}

static void document_json(emit_state *st, const kh_document *d)
{
    open_(st, '{');
    key(st, "kind"), str_or_null(st, d->kind);
    key(st, "kind_label"), str_or_null(st, d->kind_label);
    key(st, "number"), str_or_null(st, d->number);
    key(st, "symbol"), str_or_null(st, d->symbol);
    key(st, "issuer");
    if (d->issuer && d->issuer->name) {
        open_(st, '{');
        key(st, "name"), str(st, d->issuer->name);
        key(st, "short"), str_or_null(st, d->issuer->short_name);
        key(st, "level"), str_or_null(st, d->issuer->level);
        key(st, "area"), str_or_null(st, d->issuer->area);
        close_(st, '}');
    } else {
        null_(st);
    }
    key(st, "place"), str_or_null(st, d->place);
    key(st, "date"), date_json(st, &d->date);
    key(st, "title"), str_or_null(st, d->title);
    key(st, "subject"), str_or_null(st, d->subject);
    key(st, "recipients"), strlist_json(st, &d->recipients);
    key(st, "signer");
    if (d->signer) {
        open_(st, '{');
        key(st, "name"), str_or_null(st, d->signer->name);
        key(st, "position"), str_or_null(st, d->signer->position);
        key(st, "capacity"), str_or_null(st, d->signer->capacity);
        close_(st, '}');
    } else {
        null_(st);
    }
    key(st, "distribution"), strlist_json(st, &d->distribution);
    close_(st, '}');
}

static void references_json(emit_state *st, const kh_references *refs)
{
    open_(st, '[');
    for (size_t i = 0; i < refs->n; i++) {
        const kh_reference *x = &refs->v[i];
        item(st);
        open_(st, '{');
        key(st, "kind"), str(st, x->kind ? x->kind : "khac");
        key(st, "kind_label"), str(st, x->kind_label ? x->kind_label : "");
        key(st, "number"), str_or_null(st, x->number);
        key(st, "date"), date_json(st, &x->date);
        key(st, "issuer"), str_or_null(st, x->issuer);
        key(st, "title"), str_or_null(st, x->title);
        key(st, "mentions"), num(st, x->mentions > 0 ? x->mentions : 1);
        close_(st, '}');
    }
    close_(st, ']');
}

static void section_json(emit_state *st, const kh_section *s, int depth)
{
    open_(st, '{');
    key(st, "label"), str_or_null(st, s->label);
    key(st, "title"), str_or_null(st, s->title);
    key(st, "level"), num(st, s->level > 0 ? s->level : 1);
    key(st, "line"), num(st, s->line);
    key(st, "text"), str_or_null(st, s->text);
    key(st, "children");
    open_(st, '[');
    if (depth < 1000)
        for (size_t i = 0; i < s->nchildren; i++) {
            item(st);
            section_json(st, s->children[i], depth + 1);
        }
    close_(st, ']');
    close_(st, '}');
}

static void units_json(emit_state *st, const kh_units *u)
{
    open_(st, '[');
    for (size_t i = 0; i < u->n; i++) {
        if (!u->v[i].name || !u->v[i].name[0])
            continue; /* the schema wants minLength 1 */
        item(st);
        open_(st, '{');
        key(st, "name"), str(st, u->v[i].name);
        key(st, "group"), boolean(st, u->v[i].group);
        key(st, "requested"), boolean(st, u->v[i].requested);
        close_(st, '}');
    }
    close_(st, ']');
}

/* Only the keys that apply (gold README, point 8). */
static void deadline_json(emit_state *st, const kh_deadline *d)
{
    open_(st, '{');
    key(st, "text"), str_or_null(st, d->text);
    key(st, "kind"), str(st, kh_deadline_kind_name(d->kind));
    if (d->nkinds > 1) {
        key(st, "kinds");
        open_(st, '[');
        for (int i = 0; i < d->nkinds && i < 5; i++) {
            item(st);
            str(st, kh_deadline_kind_name(d->kinds[i]));
        }
        close_(st, ']');
    }
    bool recurring = d->kind == KH_DL_RECURRING;
    for (int i = 0; i < d->nkinds && i < 5; i++)
        recurring |= d->kinds[i] == KH_DL_RECURRING;
    if (recurring)
        key(st, "recurrence"), str_or_null(st, kh_recurrence_name(d->recurrence));
    if (d->start.s[0])
        key(st, "start"), str(st, d->start.s);
    if (d->end.s[0])
        key(st, "end"), str(st, d->end.s);
    close_(st, '}');
}

static void tasks_json(emit_state *st, const kh_tasks *tasks)
{
    open_(st, '[');
    for (size_t i = 0; i < tasks->n; i++) {
        const kh_task *t = &tasks->v[i];
        item(st);
        open_(st, '{');
        key(st, "id"), str(st, t->id ? t->id : "");
        key(st, "source"), str(st, t->assignment ? "assignment" : "plan");
        key(st, "section"), str_or_null(st, t->section);
        key(st, "title"), str_or_null(st, t->title);
        key(st, "content"), str_or_null(st, t->content);
        key(st, "lead"), units_json(st, &t->lead);
        key(st, "coordinate"), units_json(st, &t->coordinate);
        key(st, "deadline"), deadline_json(st, &t->deadline);
        key(st, "output"), str_or_null(st, t->output);
        key(st, "line"), num(st, t->line > 0 ? t->line : 1);
        if (t->page > 0)
            key(st, "page"), num(st, t->page);
        close_(st, '}');
    }
    close_(st, ']');
}

static void reporting_json(emit_state *st, const kh_reports *reps)
{
    open_(st, '[');
    for (size_t i = 0; i < reps->n; i++) {
        item(st);
        open_(st, '{');
        key(st, "text"), str(st, reps->v[i].text ? reps->v[i].text : "");
        key(st, "deadline"), deadline_json(st, &reps->v[i].deadline);
        key(st, "to"), str_or_null(st, reps->v[i].to);
        close_(st, '}');
    }
    close_(st, ']');
}

static void diagnostics_json(emit_state *st, const kh_result *r)
{
    open_(st, '[');
    for (size_t i = 0; i < r->diags.n; i++) {
        const kh_diag *d = &r->diags.v[i];
        item(st);
        open_(st, '{');
        key(st, "code"), str(st, d->code);
        key(st, "severity"), str(st, kh_severity_name(d->severity));
        key(st, "message"), str(st, d->message ? d->message : "");
        key(st, "line");
        if (d->line > 0)
            num(st, d->line);
        else
            null_(st);
        close_(st, '}');
    }
    close_(st, ']');
}

char *kh_emit_json(const kh_result *r, bool pretty)
{
    emit_state state = {NULL, 0, 0, true, pretty, true, 0}, *st = &state;
    open_(st, '{');
    key(st, "schema_version"), num(st, KH_SCHEMA_VERSION);
    key(st, "source"), source_json(st, r);
    key(st, "document"), document_json(st, &r->doc);
    key(st, "references"), references_json(st, &r->refs);
    key(st, "sections");
    open_(st, '[');
    for (size_t i = 0; i < r->root.nchildren; i++) {
        item(st);
        section_json(st, r->root.children[i], 1);
    }
    close_(st, ']');
    key(st, "tasks"), tasks_json(st, &r->tasks);
    key(st, "budget"), str_or_null(st, r->budget);
    key(st, "reporting"), reporting_json(st, &r->reporting);
    key(st, "diagnostics"), diagnostics_json(st, r);
    close_(st, '}');
    putc_(st, 0);
    if (!st->ok) {
        kh_dealloc(st->b);
        return NULL;
    }
    char *fit = kh_realloc(st->b, st->n); /* give back the slack */
    return fit ? fit : st->b;
}

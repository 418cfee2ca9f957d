/* changes.c — `khparse restore --show-changes`: each changed line as -old / +new.
 * Lines correspond one to one because the pipeline keeps line structure. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *next_line(const char *p, const char *end, size_t *n)
{
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e)
        e = end;
    *n = (size_t)(e - p);
    if (*n && p[*n - 1] == '\r')
        (*n)--;
    return e < end ? e + 1 : end;
}

int kh_cli_show_changes(const unsigned char *in, size_t in_len, const char *out, size_t out_len)
{
    const char *a = (const char *)in, *ae = a + in_len, *b = out, *be = out + out_len;
    int lineno = 1, changed = 0;
    while (a < ae || b < be) {
        size_t na = 0, nb = 0;
        const char *la = a, *lb = b;
        a = a < ae ? next_line(a, ae, &na) : ae;
        b = b < be ? next_line(b, be, &nb) : be;
        if (na != nb || memcmp(la, lb, na)) {
            printf("@@ line %d\n-%.*s\n+%.*s\n", lineno, (int)na, la, (int)nb, lb);
            changed++;
        }
        lineno++;
    }
    fprintf(stderr, "khparse: %d line(s) changed\n", changed);
    return 0;
}

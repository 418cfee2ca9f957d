/* batch_util.h — small helpers shared by the pieces of `khparse batch`. */
#ifndef KH_BATCH_UTIL_H
#define KH_BATCH_UTIL_H
#include <stddef.h>

/* Growable byte string; on allocation failure it sets oom and stops growing. */
typedef struct kh_sb {
    char *s;
    size_t n, cap;
    int oom;
} kh_sb;

void kh_sb_add(kh_sb *b, const char *s, size_t n);
void kh_sb_adds(kh_sb *b, const char *s);
void kh_sb_addc(kh_sb *b, char c);
void kh_sb_printf(kh_sb *b, const char *fmt, ...);
/* JSON string literal (or null when s is NULL), escaping like Python's
 * json.dumps(ensure_ascii=False): \" \\ \b \f \n \r \t, other controls as \u00xx. */
void kh_sb_json(kh_sb *b, const char *s);
/* RFC 4180 field: quoted (with "" for ") when it holds , " CR or LF. NULL = empty. */
void kh_sb_csv(kh_sb *b, const char *s);
/* Detaches the string (NUL-terminated, never NULL unless oom). */
char *kh_sb_take(kh_sb *b);

/* Writes len bytes to path atomically: a temporary file beside it, then rename.
 * Creates missing parent directories. tag makes the temporary name unique per writer.
 * Returns 0, or -1 with errno set. */
int kh_write_atomic(const char *path, const void *data, size_t len, int tag);
/* mkdir -p of the directory part of path (everything before the last '/'). */
int kh_make_parents(const char *path);
#endif

/*
 * khparse.h — libkhparse: Vietnamese administrative plans (Kế hoạch, Công văn, …)
 * turned into structured JSON.
 *
 * This header is the manual. Sections:
 *   ## Version information
 *   ## Errors
 *   ## Memory
 *   ## Options
 *   ## Parsing
 *   ## Results
 *   ## Repair and OCR
 *
 * Minimal use:
 *
 *     kh_parser *p = NULL;
 *     kh_result *r = NULL;
 *     if (kh_parser_new(&p, NULL) != KH_OK) return 1;
 *     if (kh_parse_file(p, "plan.txt", &r) == KH_OK) {
 *         puts(kh_result_json(r, KH_JSON_PRETTY));
 *         printf("%zu tasks\n", kh_result_task_count(r));
 *         kh_result_free(r);
 *     } else {
 *         fprintf(stderr, "khparse: %s\n", kh_parser_errmsg(p));
 *     }
 *     kh_parser_free(p);
 *
 * Threads: every function is reentrant. A parser (and the results it returns) must be
 * used by one thread at a time; different parsers may be used from different threads
 * at once with no locking. Options objects are read-only once passed to kh_parser_new.
 */
#ifndef KHPARSE_H
#define KHPARSE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(KH_SHARED_BUILD)
#define KH_API __declspec(dllexport)
#elif defined(__GNUC__)
#define KH_API __attribute__((visibility("default")))
#else
#define KH_API
#endif

/* ## Version information */

#define KH_VERSION_MAJOR 0
#define KH_VERSION_MINOR 1
#define KH_VERSION_PATCH 0
#define KH_VERSION_STRING "0.1.0"
/* Encoded as 0xMMmmpp, comparable with >=. */
#define KH_VERSION_NUMBER ((KH_VERSION_MAJOR << 16) | (KH_VERSION_MINOR << 8) | KH_VERSION_PATCH)
/* Version of the JSON output contract (field "schema_version"). */
#define KH_SCHEMA_VERSION 1

/* Version string of the library actually linked (may differ from the header's). */
KH_API const char *kh_version(void);
KH_API int kh_version_number(void);

/* ## Errors
 *
 * Functions that can fail return an int: KH_OK (0) or one of the negative codes
 * below. The parser keeps a message for its last error (kh_parser_errmsg).
 * Odd *content* (a missing header, an unknown layout, bad bytes inside a text) is
 * not an error: the parse succeeds and the result's diagnostics say what happened.
 */
typedef enum kh_status {
    KH_OK = 0,
    KH_ERR_INVALID_ARGUMENT = -1, /* NULL handle, bad option value */
    KH_ERR_NOMEM = -2,            /* an allocation failed; nothing leaked */
    KH_ERR_IO = -3,               /* file cannot be opened or read */
    KH_ERR_LIMIT = -4,            /* input beyond a configured limit (bytes, pages, pixels, time) */
    KH_ERR_FORMAT = -5,           /* bytes are not a format we can read (corrupt image, broken PDF) */
    KH_ERR_UNSUPPORTED = -6,      /* feature not built in (OCR, PDF) */
    KH_ERR_OCR = -7,              /* OCR engine failed (missing language data, …) */
    KH_ERR_MODEL = -8,            /* restoration model missing or corrupt */
    KH_ERR_INTERNAL = -9          /* a bug: please report */
} kh_status;

/* Static English text for a status code; never NULL. */
KH_API const char *kh_strerror(int status);

/* ## Memory
 *
 * Strings the library returns as `char *` are owned by the caller and released with
 * kh_free (never plain free: the library may use another allocator or C runtime).
 * `const char *` returned by a result accessor is owned by the result and lives
 * until kh_result_free.
 */
KH_API void kh_free(void *ptr);

/* Replace the allocator used by the whole library. Call before any other kh_ call
 * (not thread-safe). Passing NULLs restores malloc/realloc/free. The functions must
 * behave like the standard ones; returning NULL makes the calling kh_ function fail
 * with KH_ERR_NOMEM and release what it held. */
typedef struct kh_allocator {
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} kh_allocator;
KH_API void kh_set_allocator(const kh_allocator *allocator);

/* ## Options
 *
 * An options object is created with defaults, adjusted with kh_options_set /
 * kh_options_set_str, and copied by kh_parser_new (it can be freed right after).
 */
typedef struct kh_options kh_options;

typedef enum kh_option {
    KH_OPT_EXTRACT = 1,         /* bitmask of KH_EXTRACT_*; default KH_EXTRACT_ALL */
    KH_OPT_MAX_INPUT_BYTES,     /* default 256 MiB; more -> KH_ERR_LIMIT */
    KH_OPT_MAX_LINE_BYTES,      /* default 1 MiB; longer lines are cut with a diagnostic */
    KH_OPT_MAX_DEPTH,           /* section nesting kept, default 16; deeper -> flattened + diagnostic */
    KH_OPT_MAX_PAGES,           /* default 500 (images, PDF) */
    KH_OPT_MAX_PIXELS,          /* per page, default 100 000 000 (e.g. 10000x10000) */
    KH_OPT_TIME_BUDGET_MS,      /* per document, 0 = none (default); OCR checks it between pages */
    KH_OPT_REGEX_MATCH_LIMIT,   /* PCRE2 match limit, default 1 000 000 */
    KH_OPT_REGEX_DEPTH_LIMIT,   /* PCRE2 depth limit, default 10 000 */
    KH_OPT_ENCODING,            /* kh_encoding; default KH_ENC_AUTO */
    KH_OPT_RESTORE,             /* kh_restore_mode; default KH_RESTORE_AUTO */
    KH_OPT_OCR,                 /* kh_ocr_mode; default KH_OCR_AUTO (PDF text layer vs OCR) */
    KH_OPT_OCR_DPI              /* resolution images are normalised to, default 300 */
} kh_option;

typedef enum kh_option_str {
    KH_OPT_TESSDATA = 100,      /* Tesseract data directory; default: $KH_TESSDATA, else Tesseract's */
    KH_OPT_OCR_LANGUAGE,        /* default "vie" */
    KH_OPT_MODEL_PATH           /* restoration model file; default: $KH_MODEL, else the installed one */
} kh_option_str;

enum {
    KH_EXTRACT_DOCUMENT = 1 << 0,
    KH_EXTRACT_REFERENCES = 1 << 1,
    KH_EXTRACT_SECTIONS = 1 << 2,
    KH_EXTRACT_TASKS = 1 << 3,
    KH_EXTRACT_BUDGET = 1 << 4,
    KH_EXTRACT_REPORTING = 1 << 5,
    KH_EXTRACT_ALL = 0x3f
};

typedef enum kh_encoding {
    KH_ENC_AUTO = 0, KH_ENC_UTF8, KH_ENC_UTF16, KH_ENC_TCVN3, KH_ENC_VNI, KH_ENC_VIQR, KH_ENC_CP1258
} kh_encoding;

typedef enum kh_restore_mode {
    KH_RESTORE_AUTO = 0,  /* detect per document and line */
    KH_RESTORE_OFF,       /* never touch the text */
    KH_RESTORE_STRIP,     /* treat the text as accent-stripped */
    KH_RESTORE_OCR        /* treat the text as OCR'd with the wrong language model */
} kh_restore_mode;

typedef enum kh_ocr_mode {
    KH_OCR_AUTO = 0,      /* PDF: use a good text layer, OCR pages without one */
    KH_OCR_ALWAYS,
    KH_OCR_NEVER
} kh_ocr_mode;

/* *out receives a new options object with defaults. */
KH_API int kh_options_new(kh_options **out);
KH_API void kh_options_free(kh_options *opts);
KH_API int kh_options_set(kh_options *opts, kh_option option, long long value);
/* value is copied; NULL resets to the default. */
KH_API int kh_options_set_str(kh_options *opts, kh_option_str option, const char *value);

/* ## Parsing */

typedef struct kh_parser kh_parser;
typedef struct kh_result kh_result;

/* *out receives a new parser configured by opts (NULL = defaults). Heavy resources
 * (OCR engine, restoration model) are loaded lazily on first use and then reused. */
KH_API int kh_parser_new(kh_parser **out, const kh_options *opts);
KH_API void kh_parser_free(kh_parser *parser);

/* Message for the last failing call on this parser ("" if none). Owned by the parser. */
KH_API const char *kh_parser_errmsg(const kh_parser *parser);

/* Parse len bytes of a document (text in any supported encoding, an image or a PDF;
 * the format is detected from the content). data need not be NUL-terminated.
 * name is what source.name reports (NULL -> "-"). On KH_OK, *out is a result the
 * caller frees with kh_result_free. */
KH_API int kh_parse_buffer(kh_parser *parser, const void *data, size_t len, const char *name,
                           kh_result **out);
/* Same, for a buffer the caller gives away: release(data) is called exactly once, as soon
 * as the library has read the input (before extraction: a big text is then not held twice,
 * as bytes and as lines) or before the call returns, whatever happens. The CLI passes
 * its malloc'd file contents and free. */
KH_API int kh_parse_buffer_release(kh_parser *parser, void *data, size_t len, const char *name,
                                   void (*release)(void *data), kh_result **out);
/* Same for a file; source.name is the file's base name. */
KH_API int kh_parse_file(kh_parser *parser, const char *path, kh_result **out);

/* ## Results
 *
 * A result is the parsed document. Read it as JSON text, or walk it with the
 * accessors below. Field paths use the JSON names: "number", "issuer.name",
 * "signer.capacity", …
 */
enum { KH_JSON_COMPACT = 0, KH_JSON_PRETTY = 1 };

/* JSON text of the whole result per the output contract (schema_version 1).
 * Owned by the result; NULL only when memory runs out. */
KH_API const char *kh_result_json(kh_result *result, int flags);

/* The same JSON text (byte for byte, without the NUL) handed to write(ctx, bytes, n) in
 * runs of about 64 KB, as it is produced: memory holds one run, not the whole text (the
 * JSON is ~1.5 x the size of a text input). write returns 0 to go on; anything else stops
 * the output and the call returns KH_ERR_IO (what was written stays written). KH_ERR_NOMEM
 * when memory runs out, KH_ERR_INVALID_ARGUMENT for a NULL result or write. Uses the text
 * kh_result_json already made for these flags, if any; does not keep one. */
typedef int (*kh_write_fn)(void *ctx, const char *data, size_t len);
KH_API int kh_result_write_json(kh_result *result, int flags, kh_write_fn write, void *ctx);

/* Document field as a string (NULL when the field is null/absent). */
KH_API const char *kh_result_document(const kh_result *result, const char *path);

KH_API size_t kh_result_reference_count(const kh_result *result);
/* field: "kind", "kind_label", "number", "date", "issuer", "title". */
KH_API const char *kh_result_reference(const kh_result *result, size_t index, const char *field);

KH_API size_t kh_result_task_count(const kh_result *result);
/* field: "id", "source", "section", "title", "content", "output", "deadline.text",
 * "deadline.kind", "deadline.start", "deadline.end", "deadline.recurrence". */
KH_API const char *kh_result_task(const kh_result *result, size_t index, const char *field);
KH_API int kh_result_task_line(const kh_result *result, size_t index);

typedef enum kh_role { KH_ROLE_LEAD = 0, KH_ROLE_COORDINATE = 1 } kh_role;
KH_API size_t kh_result_task_unit_count(const kh_result *result, size_t task, kh_role role);
/* Unit name; *group / *requested (optional) receive its flags. */
KH_API const char *kh_result_task_unit(const kh_result *result, size_t task, kh_role role,
                                       size_t index, int *group, int *requested);

KH_API size_t kh_result_diagnostic_count(const kh_result *result);
/* field: "code", "severity", "message"; line via kh_result_diagnostic_line (0 = none). */
KH_API const char *kh_result_diagnostic(const kh_result *result, size_t index, const char *field);
KH_API int kh_result_diagnostic_line(const kh_result *result, size_t index);
/* 1 if any diagnostic has severity "error" (the CLI then exits with 1). */
KH_API int kh_result_has_errors(const kh_result *result);

KH_API void kh_result_free(kh_result *result);

/* ## Repair and OCR
 *
 * The text stages on their own, for people who want text rather than JSON.
 * Both return NUL-terminated UTF-8 in *out_text (length in *out_len, may be NULL),
 * owned by the caller (kh_free).
 */

/* Decode (any supported encoding), normalise and repair damaged text
 * (KH_OPT_RESTORE decides how). */
KH_API int kh_restore(kh_parser *parser, const void *data, size_t len, char **out_text,
                      size_t *out_len);

/* Recognise an image or PDF; raw != 0 skips the repair stage.
 * KH_ERR_UNSUPPORTED when the library was built without OCR. */
KH_API int kh_ocr(kh_parser *parser, const void *data, size_t len, int raw, char **out_text,
                  size_t *out_len);

/* 1 when the library was built with OCR (Tesseract) / PDF support. */
KH_API int kh_has_feature(const char *feature); /* "ocr", "pdf" */

#ifdef __cplusplus
}
#endif
#endif /* KHPARSE_H */

/* test_ocr.c — the OCR front-end (src/ocr.c, ocr_preprocess.c, pdf.c) with the real
 * engine: corpus/scans/ images -> text (CER vs ground truth, source fields), one whole
 * parse to JSON, and bad inputs (truncated/corrupt images, 0 bytes, a 30000x30000 image,
 * broken/encrypted PDF, missing language data, page and time limits).
 * Run from the source root (ctest does). Built in every configuration; without OCR it
 * only checks that the library refuses images cleanly. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "stage_ctx.h"
#include "test.h"

#ifdef KH_HAVE_OCR
#include "ocr_internal.h"
#endif
#ifdef KH_HAVE_PDF
#include <cairo-pdf.h>
#include <cairo.h>
#endif

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    rewind(f);
    unsigned char *b = malloc((size_t)sz + 1);
    *n = fread(b, 1, (size_t)sz, f);
    b[*n] = 0;
    fclose(f);
    return b;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- CER */

/* Code points of s with whitespace runs (incl. '\f') collapsed to one space. */
static int32_t *codepoints(const char *s, size_t *n)
{
    size_t len = strlen(s), k = 0;
    int32_t *v = malloc((len + 1) * sizeof *v);
    int space = 1;
    for (size_t i = 0; i < len;) {
        int cl;
        int32_t c = kh_utf8_decode(s + i, len - i, &cl);
        i += (size_t)cl;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
            if (!space)
                v[k++] = ' ';
            space = 1;
        } else {
            v[k++] = c;
            space = 0;
        }
    }
    while (k && v[k - 1] == ' ')
        k--;
    *n = k;
    return v;
}

static double cer(const char *gold, const char *sys)
{
    size_t n, m;
    int32_t *a = codepoints(gold, &n), *b = codepoints(sys, &m);
    size_t *prev = malloc((m + 1) * sizeof *prev), *cur = malloc((m + 1) * sizeof *cur);
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t x = prev[j] + 1 < cur[j - 1] + 1 ? prev[j] + 1 : cur[j - 1] + 1;
            cur[j] = d < x ? d : x;
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    double r = n ? (double)prev[m] / (double)n : 0;
    free(a), free(b), free(prev), free(cur);
    return r;
}

/* ---------------------------------------------------------------- crafted bad inputs */

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* A PNG whose header says w x h, followed by a tiny (bogus) IDAT. */
static size_t huge_png(unsigned char *buf, uint32_t w, uint32_t h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    memcpy(buf, sig, 8);
    be32(buf + 8, 13);
    memcpy(buf + 12, "IHDR", 4);
    be32(buf + 16, w);
    be32(buf + 20, h);
    buf[24] = 1, buf[25] = 0, buf[26] = 0, buf[27] = 0, buf[28] = 0; /* 1-bit gray */
    be32(buf + 29, crc32_of(buf + 12, 17));
    be32(buf + 33, 2);
    memcpy(buf + 37, "IDAT\x78\x9c", 6);
    be32(buf + 43, crc32_of(buf + 37, 6));
    be32(buf + 47, 0);
    memcpy(buf + 51, "IEND", 4);
    be32(buf + 55, crc32_of(buf + 51, 4));
    return 59;
}

/* Little-endian TIFF with one IFD: w x h, 1 bit, G4, strip pointing nowhere. */
static size_t huge_tiff(unsigned char *b, uint32_t w, uint32_t h)
{
    memset(b, 0, 256);
    memcpy(b, "II*\0\x08\0\0\0", 8);
    uint16_t tags[][2] = {{256, 4}, {257, 4}, {258, 3}, {259, 3}, {262, 3}, {273, 4}, {277, 3},
                          {278, 4}, {279, 4}};
    uint32_t vals[] = {w, h, 1, 4, 0, 200, 1, h, 10};
    int n = 9;
    b[8] = (unsigned char)n;
    for (int i = 0; i < n; i++) {
        unsigned char *e = b + 10 + i * 12;
        e[0] = (unsigned char)tags[i][0], e[1] = (unsigned char)(tags[i][0] >> 8);
        e[2] = (unsigned char)tags[i][1];
        e[4] = 1;
        e[8] = (unsigned char)vals[i], e[9] = (unsigned char)(vals[i] >> 8);
        e[10] = (unsigned char)(vals[i] >> 16), e[11] = (unsigned char)(vals[i] >> 24);
    }
    return 220;
}

static const char ENCRYPTED_PDF[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [4 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Filter /Standard /V 1 /R 2 /P -44 "
    "/O <0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0> "
    "/U <aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899> >> endobj\n"
    "4 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    "trailer << /Root 1 0 R /Size 5 /Encrypt 3 0 R "
    "/ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>] >>\n"
    "%%EOF\n";

/* ---------------------------------------------------------------- helpers */

static kh_parser *parser_with(const char *tessdata, const char *lang, long long max_pages,
                              long long budget)
{
    kh_options *o = NULL;
    kh_parser *p = NULL;
    kh_options_new(&o);
    if (tessdata)
        kh_options_set_str(o, KH_OPT_TESSDATA, tessdata);
    if (lang)
        kh_options_set_str(o, KH_OPT_OCR_LANGUAGE, lang);
    if (max_pages)
        kh_options_set(o, KH_OPT_MAX_PAGES, max_pages);
    if (budget)
        kh_options_set(o, KH_OPT_TIME_BUDGET_MS, budget);
    kh_parser_new(&p, o);
    kh_options_free(o);
    return p;
}

/* kh_ocr on a buffer: returns the status; errmsg copied to msg. */
static int ocr_rc(kh_parser *p, const void *d, size_t n, char *msg, size_t msz, double *secs)
{
    char *text = NULL;
    double t0 = now_s();
    int rc = kh_ocr(p, d, n, 1, &text, NULL);
    if (secs)
        *secs = now_s() - t0;
    snprintf(msg, msz, "%s", kh_parser_errmsg(p));
    kh_free(text);
    return rc;
}

static const char *json_path(cJSON *o, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    cJSON *cur = o;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
    return cur && cJSON_IsString(cur) ? cur->valuestring : NULL;
}

/* ---------------------------------------------------------------- tests */

static void test_detect(void)
{
    CHECK_INT(kh_detect_format((const unsigned char *)"%PDF-1.7\n", 9), KH_FMT_PDF);
    CHECK_INT(kh_detect_format((const unsigned char *)"\x89PNG\r\n\x1a\n", 8), KH_FMT_IMAGE);
    CHECK_INT(kh_detect_format((const unsigned char *)"\xff\xd8\xff\xe0", 4), KH_FMT_IMAGE);
    CHECK_INT(kh_detect_format((const unsigned char *)"II*\0\x08\0\0\0", 8), KH_FMT_IMAGE);
    CHECK_INT(kh_detect_format((const unsigned char *)"Kế hoạch", 10), KH_FMT_TEXT);
    CHECK_INT(kh_detect_format((const unsigned char *)"", 0), KH_FMT_TEXT);
    if (kh_has_feature("ocr")) {
        CHECK_INT(kh_detect_format((const unsigned char *)"P4\n2480 3508\n", 13), KH_FMT_IMAGE);
        CHECK_INT(kh_detect_format((const unsigned char *)"P4 quyết định số 1\n", 22), KH_FMT_TEXT);
        CHECK_INT(kh_detect_format((const unsigned char *)"GIF89a\1\0\1\0", 10), KH_FMT_IMAGE);
    }
}

#ifdef KH_HAVE_OCR
static void test_text_layer(void)
{
    static const char good[] =
        "Thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ về tăng cường "
        "công tác truyền thông chính sách; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:";
    static const char mangled[] = /* seed 002's text layer */
        "Trién khai thwe hién Chi thi s6 07/CT-TTg ngay 21/3/2023 ciia Thii twéng Chinh phii "
        "vé viée ting cwdng cong tic truyén thong chinh sach trén dia ban tinh Quang Nam";
    static const char stripped[] =
        "Thuc hien Chi thi so 07/CT-TTg ngay 21/3/2023 cua Thu tuong Chinh phu ve tang cuong "
        "cong tac truyen thong chinh sach; Uy ban nhan dan tinh ban hanh Ke hoach nhu sau:";
    CHECK(kh_ocr_text_layer_ok(good, strlen(good), NULL));
    CHECK(!kh_ocr_text_layer_ok(mangled, strlen(mangled), NULL));
    CHECK(!kh_ocr_text_layer_ok(stripped, strlen(stripped), NULL));
    CHECK(!kh_ocr_text_layer_ok("", 0, NULL));
}

/* OCR one committed scan and check it; the setjmp lives here, away from the caller's
 * loop variables (which longjmp could clobber). */
static void check_scan(void **engine, const char *name, const unsigned char *data, size_t n, const char *gt,
                       const char *fmt, int pages, double max_cer)
{
    kh_test_ctx t;
    kh_test_ctx_init(&t);
    t.ctx.ocr_engine = engine;
    t.cfg.ocr = KH_OCR_AUTO;
    if (setjmp(t.env) == 0) {
        char *out = NULL;
        size_t on = 0;
        double t0 = now_s();
        kh_format f = kh_detect_format(data, n);
        int rc = kh_ocr_document(&t.ctx, data, n, f, &out, &on);
        double secs = now_s() - t0;
        CHECK_INT(rc, KH_OK);
        if (rc == KH_OK) {
            double e = cer(gt, out);
            size_t ff = 0;
            for (size_t i = 0; i < on; i++)
                ff += out[i] == '\f';
            printf("%-24s %d page(s) %5.1f s  CER %.4f  mean conf %.1f  OCR lines %zu\n",
                   name, t.res.pages, secs, e, t.res.ocr ? t.res.ocr->mean_confidence : -1,
                   t.res.ocr_lines.n);
            CHECK(e <= max_cer);
            CHECK_STR(t.res.format, fmt);
            CHECK_INT(t.res.pages, pages);
            CHECK_INT((int)ff, pages - 1);
            CHECK(t.res.ocr != NULL);
            if (t.res.ocr) {
                CHECK(!strncmp(t.res.ocr->engine, "tesseract 5", 11));
                CHECK_STR(t.res.ocr->language, "vie");
                CHECK(t.res.ocr->mean_confidence > 50 && t.res.ocr->mean_confidence <= 100);
            }
            CHECK(t.res.ocr_lines.n > 10);
            /* the two-column header comes out as separate lines: no line holds both
             * the issuer's and the motto's words */
            const char *motto = strstr(out, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
            CHECK(motto != NULL);
            if (motto) {
                const char *bol = motto;
                while (bol > out && bol[-1] != '\n')
                    bol--;
                CHECK(bol == motto);
            }
        }
    } else {
        CHECK(!"out of memory / internal error in kh_ocr_document");
    }
    kh_test_ctx_free(&t);
}

/* Every committed scan: OCR stage -> CER, source fields. */
static void test_corpus(void **engine)
{
    static const char *cases[] = {"cv_ubnd_quangtri_tiff", "kh_huyen_ductrong_tiff",
                                  "seed001_jpg",           "cv_ubnd_quangtri_pdf",
                                  "seed004_png200",        "seed004_tiff3"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char path[512];
        size_t n = 0, gn = 0, en = 0;
        snprintf(path, sizeof path, "corpus/scans/%s/expected.json", cases[c]);
        char *ej = (char *)slurp(path, &en);
        cJSON *exp = ej ? cJSON_Parse(ej) : NULL;
        CHECK(exp != NULL);
        if (!exp) {
            free(ej);
            continue;
        }
        const char *file = json_path(exp, "source.name");
        const char *fmt = json_path(exp, "source.format");
        int pages = cJSON_GetObjectItem(cJSON_GetObjectItem(exp, "source"), "pages")->valueint;
        double max_cer = cJSON_GetObjectItem(exp, "_max_cer")->valuedouble;
        if (!strcmp(fmt, "pdf") && !kh_pdf_available()) {
            cJSON_Delete(exp), free(ej);
            continue;
        }
        snprintf(path, sizeof path, "corpus/scans/%s/%s", cases[c], file);
        unsigned char *data = slurp(path, &n);
        snprintf(path, sizeof path, "corpus/scans/%s/ground_truth.txt", cases[c]);
        char *gt = (char *)slurp(path, &gn);
        CHECK(data && gt);
        if (data && gt)
            check_scan(engine, cases[c], data, n, gt, fmt, pages, max_cer);
        free(data), free(gt), cJSON_Delete(exp), free(ej);
    }
}

/* One whole parse (image -> JSON). Header fields are compared with the text case's
 * expected values; a mismatch fails only with KH_TEST_OCR_HEADER=1 while the
 * header stage is being written (it is reported either way). */
static void test_whole_path(void)
{
    size_t n, en;
    unsigned char *data = slurp("corpus/scans/seed001_jpg/scan.jpg", &n);
    char *ej = (char *)slurp("corpus/scans/seed001_jpg/expected.json", &en);
    CHECK(data && ej);
    if (!data || !ej) {
        free(data), free(ej);
        return;
    }
    cJSON *exp = cJSON_Parse(ej);
    kh_parser *p = parser_with(NULL, NULL, 0, 0);
    kh_result *r = NULL;
    int rc = kh_parse_buffer(p, data, n, "scan.jpg", &r);
    CHECK_INT(rc, KH_OK);
    if (r) {
        const char *js = kh_result_json(r, KH_JSON_COMPACT);
        cJSON *got = js ? cJSON_Parse(js) : NULL;
        CHECK(got != NULL);
        if (got) {
            CHECK_STR(json_path(got, "source.format"), "image");
            CHECK_STR(json_path(got, "source.ocr.language"), "vie");
            int strict = getenv("KH_TEST_OCR_HEADER") && !strcmp(getenv("KH_TEST_OCR_HEADER"), "1");
            static const char *fields[] = {"document.kind",  "document.number",
                                           "document.place", "document.date",
                                           "document.issuer.name"};
            int ok = 0;
            for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
                const char *g = json_path(got, fields[i]), *w = json_path(exp, fields[i]);
                bool same = g && w && !strcmp(g, w);
                ok += same;
                if (!same)
                    printf("  header %s: got %s, want %s\n", fields[i], g ? g : "null",
                           w ? w : "null");
                if (strict)
                    CHECK(same);
            }
            printf("whole path seed001_jpg: header fields %d/5 right%s\n", ok,
                   strict ? "" : " (not enforced: KH_TEST_OCR_HEADER=1 to enforce)");
            cJSON_Delete(got);
        }
        kh_result_free(r);
    }
    kh_parser_free(p);
    cJSON_Delete(exp);
    free(data), free(ej);
}
#endif

static void test_bad_inputs(void)
{
    kh_parser *p = parser_with(NULL, NULL, 0, 0);
    char msg[1024];
    double secs;
    int ocr = kh_has_feature("ocr");
    int rc;

    /* 0 bytes */
    rc = ocr_rc(p, "", 0, msg, sizeof msg, NULL);
    CHECK(rc == KH_ERR_FORMAT || rc == KH_ERR_UNSUPPORTED);
    {
        kh_result *r = NULL;
        rc = kh_parse_buffer(p, "", 0, "empty.png", &r);
        CHECK(r != NULL && kh_result_has_errors(r));
        kh_result_free(r);
    }
    if (!ocr) {
        unsigned char png[64];
        size_t n = huge_png(png, 100, 100);
        rc = ocr_rc(p, png, n, msg, sizeof msg, NULL);
        CHECK_INT(rc, KH_ERR_UNSUPPORTED);
        kh_parser_free(p);
        return;
    }

    /* a 30000x30000 PNG / TIFF: refused from the header, fast */
    unsigned char big[256];
    size_t bn = huge_png(big, 30000, 30000);
    rc = ocr_rc(p, big, bn, msg, sizeof msg, &secs);
    CHECK_INT(rc, KH_ERR_LIMIT);
    CHECK(strstr(msg, "KH_OPT_MAX_PIXELS") != NULL);
    CHECK(secs < 1.0);
    bn = huge_tiff(big, 30000, 30000);
    rc = ocr_rc(p, big, bn, msg, sizeof msg, &secs);
    CHECK_INT(rc, KH_ERR_LIMIT);
    CHECK(secs < 1.0);

    /* a tiny PNG with a bogus IDAT: corrupt */
    bn = huge_png(big, 16, 16);
    rc = ocr_rc(p, big, bn, msg, sizeof msg, NULL);
    CHECK_INT(rc, KH_ERR_FORMAT);

    /* truncated / corrupt real images */
    size_t n;
    unsigned char *png = slurp("corpus/scans/seed004_png200/scan.png", &n);
    CHECK(png != NULL);
    if (png) {
        rc = ocr_rc(p, png, n / 3, msg, sizeof msg, NULL);
        CHECK_INT(rc, KH_ERR_FORMAT);
        CHECK(strstr(msg, "corrupt") != NULL);
        rc = ocr_rc(p, png, 40, msg, sizeof msg, NULL);
        CHECK_INT(rc, KH_ERR_FORMAT);
        free(png);
    }
    unsigned char *jpg = slurp("corpus/scans/seed001_jpg/scan.jpg", &n);
    CHECK(jpg != NULL);
    if (jpg) {
        rc = ocr_rc(p, jpg, 200, msg, sizeof msg, NULL); /* header cut */
        CHECK_INT(rc, KH_ERR_FORMAT);
        /* garbage after the headers: decodes to noise or fails; never crashes */
        for (size_t i = 2000; i < n; i += 7)
            jpg[i] ^= 0x5a;
        rc = ocr_rc(p, jpg, n, msg, sizeof msg, &secs);
        CHECK(rc == KH_OK || rc == KH_ERR_FORMAT);
        free(jpg);
    }
    unsigned char *tif = slurp("corpus/scans/seed004_tiff3/scan.tif", &n);
    CHECK(tif != NULL);
    if (tif) {
        rc = ocr_rc(p, tif, 100, msg, sizeof msg, NULL);
        CHECK_INT(rc, KH_ERR_FORMAT);
        /* page limit: 3 pages > 2, refused before any decoding */
        kh_parser *p2 = parser_with(NULL, NULL, 2, 0);
        rc = ocr_rc(p2, tif, n, msg, sizeof msg, &secs);
        CHECK_INT(rc, KH_ERR_LIMIT);
        CHECK(strstr(msg, "KH_OPT_MAX_PAGES") != NULL);
        kh_parser_free(p2);
        /* time budget: stops between pages */
        kh_parser *p3 = parser_with(NULL, NULL, 0, 1);
        rc = ocr_rc(p3, tif, n, msg, sizeof msg, &secs);
        CHECK_INT(rc, KH_ERR_LIMIT);
        CHECK(secs < 10.0);
        kh_parser_free(p3);
        free(tif);
    }

    /* PDF: broken, encrypted */
    if (kh_has_feature("pdf")) {
        static const char broken[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a pdf";
        rc = ocr_rc(p, broken, sizeof broken - 1, msg, sizeof msg, &secs);
        CHECK_INT(rc, KH_ERR_FORMAT);
        CHECK(secs < 5.0);
        rc = ocr_rc(p, ENCRYPTED_PDF, sizeof ENCRYPTED_PDF - 1, msg, sizeof msg, &secs);
        CHECK_INT(rc, KH_ERR_FORMAT);
        CHECK(strstr(msg, "encrypted") != NULL);
        unsigned char *pdf = slurp("corpus/scans/cv_ubnd_quangtri_pdf/scan.pdf", &n);
        if (pdf) {
            rc = ocr_rc(p, pdf, n / 2, msg, sizeof msg, &secs); /* truncated */
            CHECK(rc == KH_OK || rc == KH_ERR_FORMAT);
            free(pdf);
        }
    }
    kh_parser_free(p);

    /* missing language data: clear error naming the Debian package */
    kh_parser *p4 = parser_with("/nonexistent/tessdata", NULL, 0, 0);
    bn = huge_png(big, 16, 16);
    png = slurp("corpus/scans/seed004_png200/scan.png", &n);
    if (png) {
        rc = ocr_rc(p4, png, n, msg, sizeof msg, NULL);
        CHECK_INT(rc, KH_ERR_OCR);
        CHECK(strstr(msg, "tesseract-ocr-vie") != NULL);
        kh_parser *p5 = parser_with("/usr/share/tesseract-ocr/5/tessdata", "xyz", 0, 0);
        rc = ocr_rc(p5, png, n, msg, sizeof msg, NULL);
        CHECK_INT(rc, KH_ERR_OCR);
        CHECK(strstr(msg, "tesseract-ocr-xyz") != NULL);
        kh_parser_free(p5);
        free(png);
    }
    kh_parser_free(p4);
}

#ifdef KH_HAVE_PDF
typedef struct { unsigned char *b; size_t n; } membuf;
static cairo_status_t mem_write(void *c, const unsigned char *d, unsigned int n)
{
    membuf *m = c;
    m->b = realloc(m->b, m->n + n);
    memcpy(m->b + m->n, d, n);
    m->n += n;
    return CAIRO_STATUS_SUCCESS;
}

/* A born-digital PDF (text layer) is read from its layer; a mangled layer (seed 002
 * style) is rejected and the page OCR'd. */
static void test_pdf_layer(void)
{
    static const char *good[] = {"ỦY BAN NHÂN DÂN", "TỈNH YÊN BÁI", "Số: 14/KH-UBND",
        "Thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ về tăng",
        "cường công tác truyền thông chính sách; Ủy ban nhân dân tỉnh ban hành Kế hoạch"};
    static const char *bad[] = {"UY BAN NHAN DAN", "TINH QUANG NAM", "S6: 6684/KH-UBND",
        "Trién khai thwe hién Chi thi s6 07/CT-TTg ngay 21/3/2023 ciia Thii twéng Chinh",
        "phii vé viée ting cwdng cong tic truyén thong chinh sach trén dia ban tinh"};
    for (int k = 0; k < 2; k++) {
        membuf m = {0};
        cairo_surface_t *s = cairo_pdf_surface_create_for_stream(mem_write, &m, 595, 842);
        cairo_t *cr = cairo_create(s);
        cairo_select_font_face(cr, "Liberation Serif", CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, 13);
        for (int i = 0; i < 5; i++) {
            cairo_move_to(cr, 60, 80 + 20 * i);
            cairo_show_text(cr, k ? bad[i] : good[i]);
        }
        cairo_show_page(cr);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        kh_parser *p = parser_with(NULL, NULL, 0, 0);
        kh_result *r = NULL;
        CHECK_INT(kh_parse_buffer(p, m.b, m.n, "t.pdf", &r), KH_OK);
        if (r) {
            CHECK_STR(r->format, "pdf");
            CHECK_INT(r->pages, 1);
            bool rejected = false;
            for (size_t i = 0; i < r->diags.n; i++)
                rejected |= !strcmp(r->diags.v[i].code, "pdf_text_layer_rejected");
            CHECK(k ? r->ocr != NULL && rejected : r->ocr == NULL && !rejected);
            kh_result_free(r);
        }
        kh_parser_free(p);
        free(m.b);
    }
}
/* The two-column header split must not hang on one pixel row of stroke weight: on the
 * G4 scans the white space between header rows is 10-16 px, and a binarisation ~20 %
 * heavier once merged the rows and lost the split (CER 0.5 -> 3.4 %). The preprocessed
 * first page of each bilevel scan is split at the same column when its strokes are
 * thinned by 2 px or thickened by 3 px. */
#include <leptonica/allheaders.h>
static void test_header_split_robust(void)
{
    static const char *files[] = {"corpus/scans/cv_ubnd_quangtri_tiff/scan.tif",
                                  "corpus/scans/kh_huyen_ductrong_tiff/scan.tif",
                                  "corpus/scans/seed004_png200/scan.png"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        PIX *src = pixRead(files[i]);
        CHECK(src != NULL);
        if (!src)
            continue;
        kh_prep_info info;
        PIX *b = kh_ocr_preprocess(src, 300, 0, &info);
        pixDestroy(&src);
        CHECK(b != NULL);
        if (!b)
            continue;
        CHECK(info.binarized && info.skew != 0);
        kh_header_split hs0, hs;
        bool ok = kh_ocr_header_split(b, &hs0);
        CHECK(ok);
        PIX *v[2] = {pixErodeBrick(NULL, b, 2, 2), pixDilateBrick(NULL, b, 3, 3)};
        for (int k = 0; k < 2 && ok; k++) {
            CHECK(v[k] != NULL);
            if (!v[k])
                continue;
            pixCopyResolution(v[k], b);
            bool ok2 = kh_ocr_header_split(v[k], &hs);
            if (!ok2 || abs(hs.mid - hs0.mid) > 30 || abs(hs.bottom - hs0.bottom) > 30)
                printf("header split %s (%s): %d mid %d/%d bottom %d/%d\n", files[i],
                       k ? "dilated" : "eroded", ok2, hs.mid, hs0.mid, hs.bottom, hs0.bottom);
            CHECK(ok2);
            CHECK(abs(hs.mid - hs0.mid) <= 30 && abs(hs.bottom - hs0.bottom) <= 30);
        }
        pixDestroy(&v[0]);
        pixDestroy(&v[1]);
        pixDestroy(&b);
    }
}
#endif

int main(void)
{
    test_detect();
    test_bad_inputs();
#ifdef KH_HAVE_OCR
    test_text_layer();
    test_header_split_robust(); /* Leptonica only, ~0.1 s */
    if (!getenv("KH_TEST_OCR_QUICK")) {
        void *engine = NULL;
        test_corpus(&engine);
        kh_ocr_engine_free(engine);
        test_whole_path();
#ifdef KH_HAVE_PDF
        test_pdf_layer();
#endif
    }
#endif
    TEST_MAIN_END();
}

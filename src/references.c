/*
 * references.c — documents the text cites (res->refs).
 *
 * The whole text is scanned (title, V/v line, preamble, body; not web boilerplate, not
 * the document's own "Số:" line, not the "Nơi nhận" distribution list). Lines are joined
 * into paragraphs first, because PDF/OCR text wraps mid-citation. One pass of a
 * combined pattern per paragraph finds every kind word followed by a document number,
 * and every law cited by name ("Luật Báo chí"); the rest of a citation (date, issuer,
 * title) is read by hand-written code after the number. See docs/REFERENCES.md.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

/* ------------------------------------------------------------------ kinds */

typedef struct kind_info {
    const char *label, *slug;
    const char *code;  /* symbol code of the kind (Nghị định 30/2020, appendix), NULL if none */
    bool by_name;      /* may be cited by name without a number ("Luật Báo chí") */
} kind_info;

static const kind_info KINDS[] = {
    {"Thông tư liên tịch", "thong_tu_lien_tich", "TTLT", false},
    {"Thông tư", "thong_tu", "TT", false},
    {"Nghị quyết", "nghi_quyet", "NQ", false},
    {"Nghị định", "nghi_dinh", "NĐ", false},
    {"Quyết định", "quyet_dinh", "QĐ", false},
    {"Chỉ thị", "chi_thi", "CT", false},
    {"Kế hoạch", "ke_hoach", "KH", false},
    {"Công văn", "cong_van", NULL, false},
    {"Tờ trình", "to_trinh", "TTr", false},
    {"Thông báo", "thong_bao", "TB", false},
    {"Hướng dẫn", "huong_dan", "HD", false},
    {"Công điện", "cong_dien", "CĐ", false},
    {"Đề án", "de_an", "ĐA", false},
    {"Chương trình", "chuong_trinh", "CTr", false},
    {"Kết luận", "ket_luan", "KL", false},
    {"Báo cáo", "bao_cao", "BC", false}, /* cited with its number only: the verb is everywhere */
    {"Pháp lệnh", "phap_lenh", NULL, true},
    {"Bộ luật", "bo_luat", NULL, true},
    {"Luật", "luat", NULL, true},
};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

/* Kind words (group 1), then an optional "số" (OCR may leave a speck after it: "số.47/…")
 * and a number (group 2). The number is a
 * run of digits and symbol parts joined by "/" or dashes, spaces allowed around the
 * joints (OCR: "2111/Qb- UBND", "07/CT- -TTg"); parts are checked in code. */
static const char RE_CITE[] =
    "(?<![\\p{L}\\p{N}])"
    "(Thông tư liên tịch|Thông tư|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Kế hoạch|Công văn"
    "|Tờ trình|Thông báo|Hướng dẫn|Công điện|Đề án|Chương trình|Kết luận|Báo cáo|Pháp lệnh|Bộ luật|Luật)"
    "(?![\\p{L}\\p{N}])"
    "(?:[ \\t]*(?:(?:số|sô|so)\\.?)?[ \\t]*:?[ \\t]*"
    "(?:(\\d+(?:[ \\t]*[-/\\x{2013}\\x{2014}](?:[ \\t]*[-\\x{2013}\\x{2014}])*[ \\t]*[\\p{L}\\p{N}&]+)+)"
    "|(\\d{1,5})(?![\\p{L}\\p{N}/]|[.,\\-]\\p{N})))?";

static int kind_index(const char *s, size_t len)
{
    for (size_t k = 0; k < NKINDS; k++) {
        size_t l = strlen(KINDS[k].label);
        if (len == l && kh_starts_with_ci(s, len, KINDS[k].label))
            return (int)k;
    }
    /* Byte lengths can differ when case forms differ in width: fall back to prefix. */
    for (size_t k = 0; k < NKINDS; k++)
        if (kh_starts_with_ci(s, len, KINDS[k].label))
            return (int)k;
    return -1;
}

/* ------------------------------------------------------------------ utf-8 helpers */

static int32_t cp_at(const char *s, size_t len, size_t i, int *n)
{
    if (i >= len) {
        *n = 0;
        return -1;
    }
    return kh_utf8_decode(s + i, len - i, n);
}

static bool cp_is_letter(int32_t c)
{
    if (c < 0)
        return false;
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT ||
           k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_MN;
}

static bool cp_is_upper(int32_t c)
{
    return c >= 0 && (utf8proc_category(c) == UTF8PROC_CATEGORY_LU ||
                      utf8proc_category(c) == UTF8PROC_CATEGORY_LT);
}

static bool cp_is_lower(int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

static bool is_alnum_cp(int32_t c)
{
    return cp_is_letter(c) || (c >= '0' && c <= '9');
}

static size_t skip_sp(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* Case-sensitive word (or phrase) at s+i followed by a non-letter. Returns its length. */
static size_t word_is(const char *s, size_t len, size_t i, const char *w)
{
    if (i >= len || s[i] != w[0])
        return 0; /* the lists are looked up at every word: most entries differ at once */
    size_t l = strlen(w);
    if (i + l > len || memcmp(s + i, w, l) != 0)
        return 0;
    int n;
    if (i + l < len && is_alnum_cp(cp_at(s, len, i + l, &n)))
        return 0;
    return l;
}


static size_t word_from_list(const char *s, size_t len, size_t i, const char *const *list)
{
    for (size_t k = 0; list[k]; k++) {
        size_t l = word_is(s, len, i, list[k]);
        if (l)
            return l;
    }
    return 0;
}

/* End of the word at s+i (letters, digits, and "&" / "-" inside a word). */
static size_t word_end(const char *s, size_t len, size_t i)
{
    while (i < len) {
        int n;
        int32_t c = cp_at(s, len, i, &n);
        if (!(is_alnum_cp(c) || c == '&' || c == '/' || c == '\''))
            break;
        i += (size_t)n;
    }
    return i;
}

/* A capitalised kind word starts at s+i ("Kế hoạch", "Quyết định", "Luật" …). */
static bool kind_word_at(const char *s, size_t len, size_t i)
{
    int n;
    if (!cp_is_upper(cp_at(s, len, i, &n)))
        return false;
    for (size_t k = 0; k < NKINDS; k++)
        if (kh_word_ci(s, len, i, KINDS[k].label))
            return true;
    return false;
}

/* ------------------------------------------------------------------ vocabulary */

/* Words that open the title of a cited document. */
static const char *const TITLE_START[] = {
    "về việc", "về", "V/v", "ban hành", "phê duyệt", "quy định", "triển khai", "hướng dẫn",
    "sửa đổi", "bổ sung", "thành lập", "kiện toàn", "công bố", "phân bổ", "điều chỉnh",
    "bãi bỏ", "hợp nhất", "phê chuẩn", "giao chỉ tiêu", "tăng cường", "chấn chỉnh",
    "tổ chức", "thực hiện", NULL};

/* Words that end an issuer phrase ("của Thủ tướng Chính phủ trong tình hình mới"). */
static const char *const ISSUER_STOP[] = {
    "trong", "trên", "tại", "theo", "đã", "để", "nhằm", "với", "cho", "đến", "từ", "ngày",
    "số", "năm", "giai đoạn", "đối với", "nay", "này", "là", "được", "có", "do", "khi",
    "thì", "mà", "nên", "nhưng", "hoặc", "hay", "cùng", "sau", "trước", "thực hiện",
    "đẩy mạnh", "nâng cao", "gắn", "yêu cầu", "và các", "cũng", "đều", "vẫn", "sẽ", "đang",
    "nêu", "tới", "qua", NULL};

/* Words that end a law's name ("Luật Tiếp cận thông tin và các văn bản …"). */
static const char *const LAW_STOP[] = {
    "của", "về", "theo", "tại", "trong", "trên", "đã", "được", "năm", "số", "ngày", "để",
    "nhằm", "với", "cho", "thì", "là", "có", "do", "các", "này", "đó", "mới", "hiện hành",
    "sửa đổi", "quy định", "và", "hoặc", "hay", "khi", "đối với", "từ", "đến", NULL};

/* Words after a law name's "và" that start a clause, not a name word ("Luật X và hướng
 * dẫn thi hành", "Luật X và văn bản …"). */
static const char *const LAW_AND_STOP[] = {
    "hướng dẫn", "triển khai", "thực hiện", "tổ chức", "ban hành", "tuyên truyền", "phổ biến",
    "văn bản", "nghị định", "thông tư", "những", "một số", "nghị quyết", "chỉ thị", "kế hoạch",
    "quyết định", "luật", "bộ luật", "pháp lệnh", "đề nghị", "yêu cầu", "chỉ đạo", "tăng cường",
    "đẩy mạnh", "nâng cao", "góp phần", "bảo đảm", "đảm bảo", "xử lý", "kiểm tra", "nguồn",
    "kinh phí", NULL};

/* Law names with a comma inside (supplement to the grammar, which stops at commas). */
static const char *const LAW_COMMA_HEADS[] = {
    "Phòng, chống", "Cán bộ, công chức", "Thi đua, khen thưởng", "Phổ biến, giáo dục",
    "Khiếu nại, tố cáo", "Xuất cảnh, nhập cảnh", "Phòng, chữa", "Khám bệnh, chữa bệnh",
    "Sửa đổi, bổ sung", "Trật tự, an toàn", "Tín ngưỡng, tôn giáo", "Thể dục, thể thao",
    "Thực hành tiết kiệm, chống", "Phòng cháy, chữa cháy", "Hòa giải, đối thoại",
    "Hòa giải ở cơ sở", "Cư trú", NULL};

/* Issuers whose documents are national: "trên địa bàn …" after their title belongs to
 * the citing sentence, not to the cited title. */
static const char *const CENTRAL_ISSUERS[] = {
    "Thủ tướng", "Chính phủ", "Bộ ", "Quốc hội", "Ủy ban Thường vụ Quốc hội",
    "Ủy ban thường vụ Quốc hội", "Ban Chấp hành Trung ương", "Ban Bí thư", "Văn phòng Chính phủ",
    "Chủ tịch nước", "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao",
    "Kiểm toán nhà nước", "Trung ương", NULL};

/* Issuer codes that may follow a kind code with the hyphen lost ("07/CTTTg"). */
static const char *const ISSUER_CODES[] = {
    "TTg", "CP", "UBND", "HĐND", "VPCP", "QH", "TW", "TU", "HU", "BTTTT", "BNV", "BTC", "BTP",
    "BCA", "BQP", "BYT", "BCT", "BXD", "BKHĐT", "BGDĐT", "BNNPTNT", "BTNMT", "BGTVT",
    "BLĐTBXH", "BVHTTDL", "BKHCN", "NHNN", "STTTT", "STP", "SNV", "STC", "SYT", "SGDĐT",
    "SKHĐT", "BCĐ", "UBMTTQ", "BTGTU", NULL};

/* ------------------------------------------------------------------ paragraphs */

typedef struct seg {
    size_t off;
    int line;
} seg;

typedef struct para {
    kh_buf b;
    struct {
        seg *v;
        size_t n, cap;
    } segs;
} para;

static int line_at(const para *p, size_t off)
{
    if (!p->segs.n)
        return 0;
    size_t lo = 0, hi = p->segs.n; /* last segment with off <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->segs.v[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return p->segs.v[lo].line;
}

/* ------------------------------------------------------------------ state */

typedef struct ref_meta {
    int date_line;
    char *date_text;
} ref_meta;

typedef struct refs_state {
    kh_ctx *ctx;
    const char *self_number; /* the document's own number, not a reference */
    struct {
        ref_meta *v;
        size_t n, cap;
    } meta;
    /* hash: key string -> index+1 */
    char **keys;
    size_t *idx;
    size_t hcap, hn;
} refs_state;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void hash_grow(refs_state *st)
{
    size_t ncap = st->hcap ? st->hcap * 2 : 64;
    char **nk = kh_alloc(st->ctx->arena, ncap * sizeof *nk);
    size_t *ni = kh_alloc(st->ctx->arena, ncap * sizeof *ni);
    for (size_t i = 0; i < st->hcap; i++) {
        if (!st->keys[i])
            continue;
        size_t j = hash_str(st->keys[i]) & (ncap - 1);
        while (nk[j])
            j = (j + 1) & (ncap - 1);
        nk[j] = st->keys[i];
        ni[j] = st->idx[i];
    }
    st->keys = nk;
    st->idx = ni;
    st->hcap = ncap;
}

/* Index of the reference with this key, or -1 (and *slot for insertion). */
static long hash_find(refs_state *st, const char *key, size_t *slot)
{
    if (st->hn * 2 >= st->hcap)
        hash_grow(st);
    size_t j = hash_str(key) & (st->hcap - 1);
    while (st->keys[j]) {
        if (strcmp(st->keys[j], key) == 0)
            return (long)st->idx[j];
        j = (j + 1) & (st->hcap - 1);
    }
    *slot = j;
    return -1;
}

/* ------------------------------------------------------------------ numbers */

/* Normalise the raw number text; fills *out (arena) and says whether a repair beyond
 * spacing/dash unification was needed (*why: NULL or a note). Returns the number of
 * bytes of raw that belong to the number (0 = not a document number). */
typedef struct numpart {
    char txt[48];
    size_t len;
    char sep; /* separator before this part: '/', '-' or 0 for the first */
    size_t raw_end;
} numpart;

static bool is_code_char(int32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '&' || c == 0x0110 || c == 0x0111 || c == 0x00D0;
}

/* Letters that OCR or accent stripping make of "Đ". */
static bool d_confusable(const char *p, size_t n)
{
    return (n == 1 && (p[0] == 'D' || p[0] == 'b' || p[0] == 'd' || p[0] == '0' || p[0] == '8')) ||
           (n == 2 && (memcmp(p, "\xC3\x90", 2) == 0 || memcmp(p, "\xC4\x91", 2) == 0));
}

/* Does part `got` (UTF-8) read as `code` after OCR confusion repair? (exact -> false) */
static bool code_close(const char *got, size_t glen, const char *code)
{
    size_t clen = strlen(code);
    if (glen == clen && memcmp(got, code, clen) == 0)
        return false;
    size_t i = 0, j = 0;
    while (i < glen && j < clen) {
        int ng, nc;
        int32_t g = kh_utf8_decode(got + i, glen - i, &ng);
        int32_t c = kh_utf8_decode(code + j, clen - j, &nc);
        if (g == c || utf8proc_toupper(g) == c) {
        } else if (c == 0x0110 && d_confusable(got + i, (size_t)ng)) {
        } else {
            return false;
        }
        i += (size_t)ng;
        j += (size_t)nc;
    }
    return i == glen && j == clen && glen > 0;
}

static bool is_issuer_code(const char *s, size_t n)
{
    for (size_t k = 0; ISSUER_CODES[k]; k++)
        if (strlen(ISSUER_CODES[k]) == n && memcmp(ISSUER_CODES[k], s, n) == 0)
            return true;
    /* any all-capital code of 3+ letters */
    if (n < 3)
        return false;
    for (size_t i = 0; i < n;) {
        int k;
        int32_t c = kh_utf8_decode(s + i, n - i, &k);
        if (!((c >= 'A' && c <= 'Z') || c == 0x0110))
            return false;
        i += (size_t)k;
    }
    return true;
}

typedef struct number_info {
    char *number;   /* normalised */
    size_t raw_len; /* bytes of the raw text used */
    bool repaired;
    const char *note;
} number_info;

static bool parse_number(kh_ctx *ctx, const char *raw, size_t len, const kind_info *kind,
                         number_info *out)
{
    numpart parts[12];
    size_t np = 0, i = 0;
    bool dup_dash = false;
    memset(out, 0, sizeof *out);
    /* first part: digits */
    while (i < len && raw[i] >= '0' && raw[i] <= '9')
        i++;
    if (i == 0 || i > 8)
        return false;
    memcpy(parts[0].txt, raw, i);
    parts[0].len = i;
    parts[0].sep = 0;
    parts[0].raw_end = i;
    np = 1;
    while (i < len && np < 12) {
        size_t j = i;
        char sep = 0;
        int dashes = 0;
        for (;;) {
            j = skip_sp(raw, len, j);
            if (j < len && raw[j] == '/') {
                if (sep == '/')
                    break;
                sep = '/';
                j++;
            } else if (j < len && raw[j] == '-') {
                dashes++;
                if (!sep)
                    sep = '-';
                j++;
            } else if (j + 3 <= len && (memcmp(raw + j, "\xE2\x80\x93", 3) == 0 ||
                                        memcmp(raw + j, "\xE2\x80\x94", 3) == 0)) {
                dashes++;
                if (!sep)
                    sep = '-';
                j += 3;
            } else {
                break;
            }
        }
        if (!sep)
            break;
        j = skip_sp(raw, len, j);
        size_t k = j;
        numpart *p = &parts[np];
        p->len = 0;
        int lower = 0;
        bool ok = true;
        int32_t first = -1;
        while (k < len) {
            int n;
            int32_t c = kh_utf8_decode(raw + k, len - k, &n);
            if (!is_code_char(c))
                break;
            if (first < 0)
                first = c;
            if (c >= 'a' && c <= 'z')
                lower++;
            if (c == 0x00D0) { /* Ð (eth) -> Đ */
                c = 0x0110;
            }
            char tmp[4];
            int w = kh_utf8_encode(c, tmp);
            if (p->len + (size_t)w >= sizeof p->txt) {
                ok = false;
                break;
            }
            memcpy(p->txt + p->len, tmp, (size_t)w);
            p->len += (size_t)w;
            k += (size_t)n;
        }
        /* a real word ("Tổ", "tăng") ends the number */
        int n;
        if (k < len && is_alnum_cp(cp_at(raw, len, k, &n)))
            ok = false;
        if (!ok || p->len == 0 || lower > 1 || (first >= 'a' && first <= 'z' && first != 0))
            break;
        if (dashes > 1)
            dup_dash = true;
        p->sep = sep;
        p->raw_end = k;
        np++;
        i = k;
    }
    /* must contain a '/' and a letter part; a bare "12/2024" is a date, not a number */
    bool slash = false, letters = false;
    for (size_t k = 1; k < np; k++) {
        if (parts[k].sep == '/')
            slash = true;
        for (size_t c = 0; c < parts[k].len; c++)
            if (!(parts[k].txt[c] >= '0' && parts[k].txt[c] <= '9'))
                letters = true;
    }
    if (!slash || !letters)
        return false;
    /* a part after a lost hyphen can swallow the next word: trim trailing number-only
     * parts that look like dates ("09/2017/NĐ-CP 09/2/2017" never gets here: a space
     * without a joint ends the number). */
    out->raw_len = parts[np - 1].raw_end;

    /* symbol repair against the kind's code: the first letter part */
    const char *note = NULL;
    if (kind->code) {
        size_t cp = 0;
        for (size_t k = 1; k < np; k++) {
            bool digits = true;
            for (size_t c = 0; c < parts[k].len; c++)
                if (!(parts[k].txt[c] >= '0' && parts[k].txt[c] <= '9'))
                    digits = false;
            if (!digits) {
                cp = k;
                break;
            }
        }
        if (cp) {
            numpart *p = &parts[cp];
            size_t cl = strlen(kind->code);
            if (code_close(p->txt, p->len, kind->code)) {
                memcpy(p->txt, kind->code, cl);
                p->len = cl;
                note = "symbol";
            } else if (p->len > cl && (cp + 1 == np || parts[cp + 1].sep == '/') && np < 12) {
                /* missing hyphen: kind code + issuer code glued together */
                bool head = memcmp(p->txt, kind->code, cl) == 0 || code_close(p->txt, cl, kind->code);
                if (head && is_issuer_code(p->txt + cl, p->len - cl)) {
                    memmove(&parts[cp + 2], &parts[cp + 1], (np - cp - 1) * sizeof parts[0]);
                    numpart *q = &parts[cp + 1];
                    memcpy(q->txt, p->txt + cl, p->len - cl);
                    q->len = p->len - cl;
                    q->sep = '-';
                    memcpy(p->txt, kind->code, cl);
                    p->len = cl;
                    np++;
                    note = "missing hyphen";
                }
            }
        }
    }
    kh_buf b = {0};
    for (size_t k = 0; k < np; k++) {
        if (k)
            kh_buf_addc(ctx->arena, &b, parts[k].sep);
        kh_buf_add(ctx->arena, &b, parts[k].txt, parts[k].len);
    }
    out->number = (char *)kh_buf_cstr(ctx->arena, &b);
    if (dup_dash && !note)
        note = "dashes";
    out->repaired = note != NULL;
    out->note = note;
    return true;
}

/* ------------------------------------------------------------------ citation parts */

/* After a comma in an issuer, s+i starts a capitalised word: is it one more field of a
 * body's name, closed within a few words by "và <Capital>" ("Bộ Văn hóa, Thể thao và Du
 * lịch")? A new clause or a second body ("…, Quyết định số …") is not. */
static bool comma_names_field(const char *s, size_t len, size_t i)
{
    size_t q = i;
    for (int w = 0; w < 4 && q < len; w++) {
        int n;
        if (!cp_is_letter(cp_at(s, len, q, &n)))
            return false;
        if (w > 0) {
            size_t l = word_is(s, len, q, "và");
            if (l) {
                size_t r = skip_sp(s, len, q + l);
                return cp_is_upper(cp_at(s, len, r, &n)) && !kind_word_at(s, len, r);
            }
        }
        q = skip_sp(s, len, word_end(s, len, q));
    }
    return false;
}

/* Issuer after "của" at s+i. Returns its end (trimmed) or i when none. */
static size_t parse_issuer(const char *s, size_t len, size_t i, bool *by_starter)
{
    size_t q = i, end = i, comma_cut = 0, joint_cut = 0;
    int words = 0;
    *by_starter = false;
    while (q < len && words < 16) {
        q = skip_sp(s, len, q);
        if (q >= len)
            break;
        char c = s[q];
        if (c == ',') {
            size_t r = skip_sp(s, len, q + 1);
            int n;
            int32_t nc = cp_at(s, len, r, &n);
            if (cp_is_lower(nc) && !word_from_list(s, len, r, ISSUER_STOP) &&
                !word_from_list(s, len, r, TITLE_START)) {
                if (!comma_cut)
                    comma_cut = end;
                q = r;
                continue;
            }
            if (cp_is_upper(nc) && !kind_word_at(s, len, r) && comma_names_field(s, len, r)) {
                q = r; /* "Bộ Văn hóa, Thể thao và Du lịch" */
                continue;
            }
            if (word_is(s, len, i, "Bộ") && word_is(s, len, r, "Bộ") && !joint_cut) {
                size_t t = skip_sp(s, len, r + strlen("Bộ"));
                if (cp_is_upper(cp_at(s, len, t, &n)) && !kind_word_at(s, len, t)) {
                    joint_cut = end; /* joint issuers: "Bộ Lao động - …, Bộ Tài chính hướng dẫn" */
                    q = r;
                    continue;
                }
            }
            break;
        }
        if (c == '-' && q + 1 < len && s[q + 1] == ' ') { /* "Lao động - Thương binh" */
            size_t r = skip_sp(s, len, q + 1);
            int n;
            if (cp_is_upper(cp_at(s, len, r, &n))) {
                q = r;
                continue;
            }
            break;
        }
        if (c == '.') {
            /* "TP. Hà Nội" */
            if (end >= 2 && (memcmp(s + end - 2, "TP", 2) == 0 || memcmp(s + end - 2, "Tp", 2) == 0)) {
                end = q + 1;
                q++;
                continue;
            }
            break;
        }
        int n;
        int32_t cc = cp_at(s, len, q, &n);
        if (!is_alnum_cp(cc))
            break;
        if (word_from_list(s, len, q, TITLE_START)) {
            *by_starter = true;
            break;
        }
        size_t l = word_is(s, len, q, "và");
        if (l && words > 0) {
            /* "Ban Quản lý Khu kinh tế X và các khu công nghiệp": the zones a board
             * manages are in its name (units.c does the same) */
            size_t r = skip_sp(s, len, q + l), c2 = word_is(s, len, r, "các");
            if (c2 && word_is(s, len, skip_sp(s, len, r + c2), "khu")) {
                q = skip_sp(s, len, r + c2);
                continue;
            }
        }
        if (word_from_list(s, len, q, ISSUER_STOP))
            break;
        if (l) {
            size_t r = skip_sp(s, len, q + l);
            if (cp_is_upper(cp_at(s, len, r, &n)) && !kind_word_at(s, len, r)) {
                q = r;
                continue;
            }
            break;
        }
        if (words > 0 && kind_word_at(s, len, q))
            break;
        q = word_end(s, len, q);
        end = q;
        words++;
    }
    if (comma_cut && !*by_starter)
        end = comma_cut;
    if (joint_cut && !*by_starter) /* a second ministry only when a title follows */
        end = joint_cut;
    return end;
}

static bool starts_with_str(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static bool central_issuer(const char *issuer, const char *number)
{
    if (issuer) {
        for (size_t k = 0; CENTRAL_ISSUERS[k]; k++)
            if (starts_with_str(issuer, CENTRAL_ISSUERS[k]))
                return true;
        return false;
    }
    if (number) {
        const char *last = strrchr(number, '-');
        const char *sl = strrchr(number, '/');
        if (!last || (sl && sl > last))
            last = sl;
        if (last) {
            last++;
            if (!strcmp(last, "TTg") || !strcmp(last, "CP") || !strncmp(last, "QH", 2) ||
                !strcmp(last, "TW") || !strcmp(last, "VPCP"))
                return true;
        }
    }
    return false;
}

/* Words that open a new clause after a comma inside a title: the comma ends the title
 * ("…, đồng thời …", "…, nhằm …", "…, Ủy ban nhân dân tỉnh ban hành …"). */
static const char *const CLAUSE_OPENERS[] = {
    "đồng thời", "trong đó", "theo đó", "nhằm", "để", "góp phần", "tạo", "bảo đảm",
    "đảm bảo", "với các nội dung", "với nội dung", "cụ thể", "như sau", "yêu cầu",
    "đề nghị", "đề ra", "gồm", "bao gồm", "như", "nay", "thì", "vì vậy", "do đó", "tuy nhiên",
    "trên cơ sở", "căn cứ", "kèm theo", "ban hành", "các", "những", "một số", "chỉ đạo",
    "triển khai", "thực hiện", "được", "đã", "sẽ", "đang", "là", "và", "hoặc", "hay", "cũng",
    "với", "qua", "xét", "sau", "trước", "khi", "ngoài ra", "mà", "nên", "nhưng", "riêng",
    "đặc biệt", "tiếp tục", "đến", "từ", "tại", "theo", "của", "số", "ngày", NULL};

/* The comma at s[q] inside a title: does the title go on after it? It does when a
 * lower-case continuation of a noun list follows ("chức năng, nhiệm vụ, quyền hạn",
 * "quản lý, kết nối và chia sẻ", "giai đoạn 2022-2025, tầm nhìn đến năm 2030"); it
 * ends when a new clause starts: an upper-case word (a new subject, another citation)
 * or a clause opener (CLAUSE_OPENERS). */
static bool comma_names_field(const char *s, size_t len, size_t i);

/* Heads that start a new subject after a comma ("…, Ủy ban nhân dân tỉnh ban hành …"). */
static const char *const SUBJECT_HEADS[] = {
    "Ủy ban", "Uỷ ban", "UBND", "Chủ tịch", "Sở", "Bộ", "Ban", "Thủ tướng", "Chính phủ",
    "Hội đồng", "HĐND", "Văn phòng", "Cục", "Tỉnh ủy", "Quốc hội", "Căn cứ", "Theo", "Trên", NULL};

/* Agency heads whose capitalised name may contain a comma ("Bộ Văn hóa, Thể thao và Du
 * lịch", "Sở Văn hóa, Thể thao và Du lịch", "Bộ Khoa học, Công nghệ và Môi trường"). */
static const char *const AGENCY_HEADS[] = {
    "Bộ", "Sở", "Phòng", "Cục", "Vụ", "Ban", "Ủy ban", "Uỷ ban", "Trung tâm", "Viện", "Hội", NULL};

/* The comma at s[q] follows a capitalised agency name still open: the words back to an
 * agency head are all capitalised ("… của Bộ Văn hóa|, Thể thao …"). At most 5 words. */
static bool agency_name_open(const char *s, size_t q)
{
    size_t e = q, after = 0; /* after = start of the word following the current one */
    for (int w = 0; w < 5 && e > 0; w++) {
        while (e > 0 && s[e - 1] == ' ')
            e--;
        size_t b = e;
        while (b > 0 && s[b - 1] != ' ' && s[b - 1] != ',' && s[b - 1] != ';' && s[b - 1] != '(')
            b--;
        if (b == e || (b > 0 && s[b - 1] != ' '))
            return false;
        int n;
        for (size_t k = 0; AGENCY_HEADS[k]; k++) {
            size_t hl = strlen(AGENCY_HEADS[k]);
            size_t hb = b;
            if (strchr(AGENCY_HEADS[k], ' ')) { /* two-word heads: "Ủy ban", "Trung tâm" */
                if (b < 2)
                    continue;
                hb = b - 1;
                while (hb > 0 && s[hb - 1] != ' ')
                    hb--;
            }
            if (e - hb == hl && memcmp(s + hb, AGENCY_HEADS[k], hl) == 0)
                return after && cp_is_upper(cp_at(s, q, after, &n)); /* "Bộ Văn …" */
        }
        after = b;
        e = b;
    }
    return false;
}

static bool comma_continues(const char *s, size_t len, size_t q)
{
    size_t r = skip_sp(s, len, q + 1);
    int n;
    if (r < len && cp_is_upper(cp_at(s, len, r, &n)) && !kind_word_at(s, len, r) &&
        !word_from_list(s, len, r, SUBJECT_HEADS) && agency_name_open(s, q) &&
        comma_names_field(s, len, r))
        return true; /* "… của Bộ Văn hóa, Thể thao và Du lịch" */
    if (r >= len || !cp_is_lower(cp_at(s, len, r, &n)))
        return false;
    if (word_from_list(s, len, r, CLAUSE_OPENERS))
        return false;
    /* a year closes a title's phrase: after "… năm 2024," it goes on only with the span
     * words of a programme ("giai đoạn", "tầm nhìn", "định hướng"); anything else is the
     * sentence's own clause ("Theo Công điện … năm 2024, bão số 3 … là …") */
    if (q >= 4 && q < len && isdigit((unsigned char)s[q - 1]) && isdigit((unsigned char)s[q - 2]) &&
        isdigit((unsigned char)s[q - 3]) && isdigit((unsigned char)s[q - 4]) &&
        (q == 4 || !isdigit((unsigned char)s[q - 5]))) {
        static const char *const SPAN_WORDS[] = {"giai đoạn", "tầm nhìn", "định hướng", "đến năm", "và", NULL};
        return word_from_list(s, len, r, SPAN_WORDS) != 0;
    }
    return true;
}

/* "Nghị quyết số 20-NQ/TW ngày 25/10/2017 … về …trong tình hình mới, giai đoạn 2025 - 2030":
 * a trailing ", giai đoạn A - B" whose start A lies more than two years after the cited
 * document's own date cannot be that document's period (a text names a period that starts
 * about when it is issued); it is the citing text's ("Chương trình hành động … giai đoạn
 * 2025 - 2030"). Returns the end of the title without it. date: ISO, "" when unknown. */
static size_t drop_later_period(const char *s, size_t b, size_t e, const char *date)
{
    static const char GD[] = ", giai đoạn ";
    const size_t gl = sizeof GD - 1;
    if (!date || strlen(date) < 4 || e < b + gl)
        return e;
    int year = atoi(date);
    for (size_t c = e - gl; c > b; c--) {
        if (memcmp(s + c, GD, gl))
            continue;
        size_t d = c + gl;
        if (d + 4 <= e && isdigit((unsigned char)s[d]) && isdigit((unsigned char)s[d + 1]) &&
            isdigit((unsigned char)s[d + 2]) && isdigit((unsigned char)s[d + 3]) &&
            (d + 4 == e || !isdigit((unsigned char)s[d + 4])) && atoi(s + d) > year + 2)
            return c;
        return e; /* only the last ", giai đoạn" of the title */
    }
    return e;
}

/* Longest title read (bytes): keeps a paragraph full of citations inside an unclosed
 * quote linear. */
#define TITLE_MAX 1500

/* Title starting at s+i (at a title-start word). Returns its end (trimmed). */
static size_t parse_title(const char *s, size_t len, size_t i, bool central, bool quotes)
{
    int quote = 0, paren = 0;
    bool ascii_q = false;
    size_t q = i;
    bool capped = len - i > TITLE_MAX;
    if (capped)
        len = i + TITLE_MAX;
    while (q < len) {
        unsigned char c = (unsigned char)s[q];
        if (!quotes) {
        } else if (q + 3 <= len && memcmp(s + q, "\xE2\x80\x9C", 3) == 0) { /* “ */
            quote++;
            q += 3;
            continue;
        }
        if (q + 3 <= len && memcmp(s + q, "\xE2\x80\x9D", 3) == 0) { /* ” */
            if (quote)
                quote--;
            q += 3;
            continue;
        }
        if (c == '"' && quotes) {
            ascii_q = !ascii_q;
            q++;
            continue;
        }
        if (quote || ascii_q) {
            q++;
            continue;
        }
        if (c == ',' && comma_continues(s, len, q)) {
            q++;
            continue;
        }
        if (c == ';' || c == ',' || c == ':' || c == '\n')
            break;
        if (c == '(') {
            if (q > i && s[q - 1] != ' ') { /* "2022-2027(x)" — part of a word */
                paren++;
                q++;
                continue;
            }
            break;
        }
        if (c == ')') {
            if (!paren)
                break;
            paren--;
            q++;
            continue;
        }
        if (c == '.' && (q + 1 >= len || s[q + 1] == ' '))
            break;
        if (c == ' ') {
            size_t r = q + 1;
            size_t l = word_is(s, len, r, "và");
            if (l) {
                size_t t = skip_sp(s, len, r + l);
                if (kind_word_at(s, len, t) || word_is(s, len, t, "các văn bản"))
                    break;
            }
            if (central && word_is(s, len, r, "trên địa bàn"))
                break;
        }
        q++;
    }
    if (q >= len && (quote || ascii_q) && quotes) /* a quote never closed */
        return parse_title(s, len, i, central, false);
    if (capped && q >= len) /* cut at a word boundary, never inside a character */
        while (q > i && s[q - 1] != ' ')
            q--;
    while (q > i && (s[q - 1] == ' ' || s[q - 1] == '-' || s[q - 1] == ','))
        q--;
    return q;
}

/* After a long law name's "và" at t: one to three lower-case name words that end the
 * citation (then its number, date, or punctuation: "Luật Sử dụng năng lượng tiết kiệm và
 * hiệu quả ngày 17 tháng 6 năm 2010") still belong to the name. */
static bool law_tail_after_and(const char *s, size_t len, size_t t)
{
    int n, words = 0;
    size_t q = t;
    while (q < len && words < 4) {
        int32_t c = cp_at(s, len, q, &n);
        if (!cp_is_letter(c))
            break;
        if (word_is(s, len, q, "ngày") || word_is(s, len, q, "số") || word_is(s, len, q, "năm"))
            return words > 0;
        if (!cp_is_lower(c) || word_from_list(s, len, q, LAW_STOP) || word_from_list(s, len, q, LAW_AND_STOP))
            return false;
        q = skip_sp(s, len, word_end(s, len, q));
        words++;
    }
    return words > 0 && words <= 3 && (q >= len || s[q] == ';' || s[q] == ',' || s[q] == '.' || s[q] == '\n');
}

/* Name of a law cited by name: s+i is right after "Luật"/"Bộ luật"/"Pháp lệnh" + space,
 * at a capitalised word. Returns the end of the name, or i if none. */
static size_t parse_law_name(const char *s, size_t len, size_t i)
{
    int n;
    if (!cp_is_upper(cp_at(s, len, i, &n)) || kind_word_at(s, len, i))
        return i;
    /* a name in capitals ("LUẬT BÁO CHÍ") is a heading, not a citation */
    size_t q = i, end = i;
    int words = 0;
    for (size_t k = 0; LAW_COMMA_HEADS[k]; k++) {
        size_t l = word_is(s, len, i, LAW_COMMA_HEADS[k]);
        if (l) {
            q = end = i + l;
            words = 2;
            break;
        }
    }
    while (q < len && words < 12) {
        size_t r = skip_sp(s, len, q);
        if (r == q && words > 0)
            break;
        q = r;
        if (q >= len)
            break;
        int32_t c = cp_at(s, len, q, &n);
        if (!cp_is_letter(c))
            break;
        if (words > 0) {
            if (word_from_list(s, len, q, LAW_STOP)) {
                size_t l = word_is(s, len, q, "và");
                if (l) {
                    size_t t = skip_sp(s, len, q + l);
                    if (cp_is_upper(cp_at(s, len, t, &n)) && !kind_word_at(s, len, t)) {
                        q = t;
                        continue;
                    }
                    /* "Luật Hôn nhân và gia đình", "Luật Bảo vệ và phát triển rừng": lower-case
                     * name words after "và" joined to a short first half (one or two words),
                     * unless a clause or a citation starts there ("Luật Ngân sách nhà nước và
                     * nguồn kinh phí …" stops) */
                    if ((words <= 2 || law_tail_after_and(s, len, t)) && cp_is_lower(cp_at(s, len, t, &n)) &&
                        !word_from_list(s, len, t, LAW_STOP) && !word_from_list(s, len, t, LAW_AND_STOP)) {
                        q += l; /* the loop skips the space and reads the word */
                        continue;
                    }
                }
                break;
            }
            if (kind_word_at(s, len, q))
                break;
        }
        q = word_end(s, len, q);
        end = q;
        words++;
    }
    return end;
}

/* ------------------------------------------------------------------ recording */

static char *collapse_spaces(kh_arena *a, const char *s, size_t n)
{
    char *d = kh_alloc(a, n + 1);
    size_t o = 0;
    bool sp = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t') {
            sp = true;
            continue;
        }
        if (sp && o)
            d[o++] = ' ';
        sp = false;
        d[o++] = s[i];
    }
    d[o] = 0;
    return d;
}

typedef struct mention {
    const kind_info *kind;
    char *number, *title, *issuer;
    kh_date date;
    char *date_text;
    bool date_blank;   /* "ngày" written, no date */
    int line;
    const char *quote; /* citation text for messages */
} mention;

static void record(refs_state *st, const mention *m)
{
    kh_ctx *ctx = st->ctx;
    kh_references *refs = &ctx->res->refs;
    const char *keyv = m->number ? m->number : kh_lower(ctx->arena, m->title, strlen(m->title));
    char *key = kh_sprintf(ctx->arena, "%s\x1f%s", m->kind->slug, keyv);
    size_t slot = 0;
    long idx = hash_find(st, key, &slot);
    if (idx < 0) {
        kh_reference r;
        memset(&r, 0, sizeof r);
        r.kind = (char *)m->kind->slug;
        r.kind_label = (char *)m->kind->label;
        r.number = m->number;
        r.line = m->line;
        KH_PUSH(ctx->arena, *refs, r);
        ref_meta meta = {0, NULL};
        KH_PUSH(ctx->arena, st->meta, meta);
        idx = (long)refs->n - 1;
        st->keys[slot] = key;
        st->idx[slot] = (size_t)idx;
        st->hn++;
    }
    kh_reference *r = &refs->v[idx];
    ref_meta *meta = &st->meta.v[idx];
    r->mentions++;
    if (m->date.s[0]) {
        if (!r->date.s[0]) {
            r->date = m->date;
            meta->date_line = m->line;
            meta->date_text = m->date_text;
        } else if (strcmp(r->date.s, m->date.s) != 0) {
            kh_diag_add(ctx, "reference_conflict", KH_SEV_WARNING, m->line,
                        "%s số %s is dated %s at line %d but %s here; first mention kept.",
                        r->kind_label, r->number ? r->number : "", meta->date_text,
                        meta->date_line, m->date_text);
        }
    } else if (m->date_blank) {
        if (r->date.s[0])
            kh_diag_add(ctx, "reference_incomplete", KH_SEV_INFO, m->line,
                        "'%s': date left blank in this mention (date from line %d).", m->quote,
                        meta->date_line);
        else
            kh_diag_add(ctx, "reference_incomplete", KH_SEV_INFO, m->line,
                        "'%s': date left blank in this mention.", m->quote);
    }
    if (!r->issuer && m->issuer)
        r->issuer = m->issuer;
    if (!r->title && m->title)
        r->title = m->title;
}

static void short_form(refs_state *st, const kind_info *kind, const char *num, size_t n)
{
    kh_references *refs = &st->ctx->res->refs;
    long found = -1;
    for (size_t i = 0; i < refs->n; i++) {
        const kh_reference *r = &refs->v[i];
        if (r->kind != kind->slug || !r->number || strncmp(r->number, num, n) != 0 ||
            (r->number[n] != '/' && r->number[n] != '-'))
            continue;
        if (found >= 0)
            return; /* ambiguous */
        found = (long)i;
    }
    if (found >= 0)
        refs->v[found].mentions++;
}

/* ------------------------------------------------------------------ scanning */

/* Cheap pre-check: can RE_CITE produce a mention in s? Only a match with a number
 * (\d, which with UCP is any Unicode decimal digit) or a law by name in proper case
 * ("Luật", "Bộ luật", "Pháp lệnh": a capital, then a lower-case letter) records
 * anything. The first non-ASCII decimal digit is U+0660, so 2-byte sequences below it
 * are skipped without decoding. */
static bool may_cite(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9')
            return true;
        if (i + 1 < len && ((c == 'L' && s[i + 1] == 'u') || (c == 'P' && s[i + 1] == 'h')))
            return true;
        if (c == 'B' && i + 3 < len && !memcmp(s + i + 1, "\xE1\xBB\x99", 3)) /* Bộ */
            return true;
        if (c == 0xE1 && i + 2 < len && (unsigned char)s[i + 1] >= 0xB8 && (unsigned char)s[i + 1] <= 0xBB &&
            ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
            i += 2; /* U+1E00..U+1EFF, Vietnamese letters: no digit there */
            continue;
        }
        if (c >= 0xD9) {
            int n;
            int32_t cp = cp_at(s, len, i, &n);
            if (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ND)
                return true;
            if (n > 1)
                i += (size_t)n - 1;
        }
    }
    return false;
}

/* The lower-case first three code points of each kind word of RE_CITE: a match can
 * only start where one of them starts. PCRE2's caseless set of each of these letters
 * is its case pair (plus U+212A KELVIN SIGN for k); utf8proc_tolower maps every member
 * of each set to the letter here (checked over all code points). */
static const int32_t CITE_HEADS[][3] = {
    {'t', 'h', 0xF4},  {'t', 0x1EDD, ' '}, {'n', 'g', 'h'},     {'q', 'u', 'y'},
    {'c', 'h', 0x1EC9}, {'c', 'h', 0x01B0}, {'c', 0xF4, 'n'},   {'k', 0x1EBF, ' '},
    {'k', 0x1EBF, 't'}, {'h', 0x01B0, 0x1EDB}, {0x111, 0x1EC1, ' '}, {'p', 'h', 0xE1},
    {'b', 0x1ED9, ' '}, {'l', 'u', 0x1EAD}, {'b', 0xE1, 'o'},
};

/* Byte filters for cite_head: which kind words (a bit each, by first letter: T N Q C K
 * H Đ P B L) a first byte can start, and which can have a given first byte in their
 * second and third code points, either case (U+212A KELVIN SIGN is a K). */
enum { CT = 1, CN = 2, CQ = 4, CC = 8, CK = 16, CH = 32, CD = 64, CP = 128, CB = 256, CL = 512 };
static const unsigned short CITE_B0[256] = {
    ['T'] = CT, ['t'] = CT, ['N'] = CN, ['n'] = CN, ['Q'] = CQ, ['q'] = CQ, ['C'] = CC,
    ['c'] = CC, ['K'] = CK, ['k'] = CK, ['H'] = CH, ['h'] = CH, ['P'] = CP, ['p'] = CP,
    ['B'] = CB, ['b'] = CB, ['L'] = CL, ['l'] = CL, [0xC4] = CD, [0xE2] = CK,
};
/* second: th tờ | ng | qu | ch cô | kế | hư | đề | ph | bộ bá | lu */
static const unsigned short CITE_B1[256] = {
    ['H'] = CT | CC | CP, ['h'] = CT | CC | CP, ['G'] = CN, ['g'] = CN, ['U'] = CQ | CL,
    ['u'] = CQ | CL, [0xC3] = CC | CB, [0xC6] = CH, [0xE1] = CT | CK | CD | CB,
};
/* third: thô tờ_ | ngh | quy | chỉ chư côn | kế_ kết | hướ | đề_ | phá | bộ_ báo | luậ */
static const unsigned short CITE_B2[256] = {
    [' '] = CT | CK | CD | CB, ['H'] = CN, ['h'] = CN, ['Y'] = CQ, ['y'] = CQ,
    ['N'] = CC, ['n'] = CC, ['T'] = CK, ['t'] = CK, [0xC3] = CT | CP, [0xC6] = CC,
    [0xE1] = CC | CH | CL, ['O'] = CB, ['o'] = CB,
};

static size_t lead_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Can a match of RE_CITE start at s[i]? False only where it cannot: the first three
 * code points start no kind word, or an ASCII letter or digit precedes (the
 * look-behind). The byte filters first, then the code points themselves. */
static bool cite_head(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned m = CITE_B0[u[i]];
    size_t j = i + lead_len(u[i]);
    if (j >= len || !(m &= CITE_B1[u[j]]))
        return false;
    j += lead_len(u[j]);
    if (j >= len || !(m & CITE_B2[u[j]]))
        return false;
    unsigned char b = i > 0 ? u[i - 1] : ' ';
    if ((b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z'))
        return false;
    int32_t w[3];
    size_t at = i;
    for (int k = 0; k < 3; k++) {
        int n;
        int32_t cp = cp_at(s, len, at, &n);
        if (cp < 0)
            return false;
        w[k] = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp) : utf8proc_tolower(cp);
        at += (size_t)n;
    }
    for (size_t h = 0; h < sizeof CITE_HEADS / sizeof CITE_HEADS[0]; h++)
        if (w[0] == CITE_HEADS[h][0] && w[1] == CITE_HEADS[h][1] && w[2] == CITE_HEADS[h][2])
            return true;
    return false;
}

/* The next match of RE_CITE (compiled anchored) at or after start: tried only where
 * cite_head allows, in order, so it is the leftmost match an unanchored search finds. */
static int next_cite(kh_ctx *ctx, const kh_regex *re, const char *s, size_t len, size_t start,
                     long *ov)
{
    for (size_t i = start; i < len; i++)
        if (CITE_B0[(unsigned char)s[i]] && cite_head(s, len, i)) {
            int rc = kh_re_match(ctx, re, s, len, i, ov, 4);
            if (rc > 0)
                return rc;
        }
    return 0;
}

static void scan_paragraph(refs_state *st, para *p)
{
    kh_ctx *ctx = st->ctx;
    const char *s = p->b.s;
    size_t len = p->b.n;
    if (!len || !may_cite(s, len))
        return;
    const kh_regex *re = kh_re(ctx, RE_CITE, PCRE2_CASELESS | PCRE2_ANCHORED);
    long ov[8];
    size_t start = 0;
    while (start < len && next_cite(ctx, re, s, len, start, ov) > 0) {
        size_t ks = (size_t)ov[0], ke = (size_t)ov[1];
        start = ke > ks ? ke : ks + 1;
        int k = kind_index(s + ov[2], (size_t)(ov[3] - ov[2]));
        if (k < 0)
            continue;
        const kind_info *kind = &KINDS[k];
        mention m;
        memset(&m, 0, sizeof m);
        m.kind = kind;
        m.line = line_at(p, ks);
        size_t q;
        if (ov[6] >= 0) {
            /* short form "Chỉ thị 07" / "(Quyết định số 407)": a mention of the one
             * document of that kind already cited whose number starts "07/" */
            short_form(st, kind, s + ov[6], (size_t)(ov[7] - ov[6]));
            continue;
        }
        if (ov[4] >= 0) {
            number_info ni;
            size_t ns = (size_t)ov[4];
            if (!parse_number(ctx, s + ns, (size_t)(ov[5] - ov[4]), kind, &ni))
                continue;
            q = ns + ni.raw_len;
            start = q;
            m.number = ni.number;
            if (st->self_number && !strcmp(st->self_number, m.number))
                continue;
            if (ni.repaired) {
                const char *why = !strcmp(ni.note, "missing hyphen") ? " (missing hyphen)" : "";
                kh_diag_add(ctx, "reference_repaired", KH_SEV_INFO, line_at(p, ns),
                            "'%.*s' read as %s%s.", (int)(q - ks), s + ks, m.number, why);
            }
        } else {
            /* law by name: "Luật Báo chí" (proper case: a capital and then lower case) */
            if (!kind->by_name)
                continue;
            int n;
            int32_t c0 = cp_at(s, len, (size_t)ov[2], &n);
            int32_t c1 = cp_at(s, len, (size_t)ov[2] + (size_t)n, &n);
            if (!cp_is_upper(c0) || !cp_is_lower(c1))
                continue;
            if (ke >= len || s[ke] != ' ')
                continue;
            size_t ne = parse_law_name(s, len, ke + 1);
            if (ne == ke + 1)
                continue;
            m.title = collapse_spaces(ctx->arena, s + ks, ne - ks);
            m.line = line_at(p, ks);
            start = ne;
            /* "Luật Khám bệnh, chữa bệnh số 15/2023/QH15": the law's number */
            size_t dr = skip_sp(s, len, ne);
            size_t so = word_is(s, len, dr, "số");
            if (so) {
                size_t a = skip_sp(s, len, dr + so), z = a;
                bool slash = false;
                while (z < len && (((unsigned char)s[z] >= '0' && (unsigned char)s[z] <= '9') ||
                                   ((s[z] | 32) >= 'a' && (s[z] | 32) <= 'z') || s[z] == '/' || s[z] == '-'))
                    slash |= s[z++] == '/';
                if (slash && z > a && s[a] >= '0' && s[a] <= '9') {
                    m.number = kh_strndup(ctx->arena, s + a, z - a);
                    start = z;
                    dr = skip_sp(s, len, z);
                }
            }
            /* "Luật … ngày 19 tháng 6 năm 2015", "Luật … năm 2024": the law's date */
            size_t dl2 = kh_date_parse(s + dr, len - dr, &m.date);
            if (dl2) {
                m.date_text = kh_strndup(ctx->arena, s + dr, dl2);
                start = dr + dl2;
            }
            record(st, &m);
            continue;
        }
        /* date: "ngày 21/3/2023", "ngày 21 tháng 3 năm 2023", or a bare "09/2/2017" */
        size_t r = skip_sp(s, len, q);
        if (r < len && s[r] == ',')
            r = skip_sp(s, len, r + 1);
        size_t dl = kh_date_parse(s + r, len - r, &m.date);
        if (dl && !kh_word_ci(s, len, r, "năm")) { /* "năm 2023" after a number is not its date */
            size_t ds = skip_sp(s, len, r);
            m.date_text = kh_strndup(ctx->arena, s + ds, r + dl - ds);
            /* keep only the date itself in the message ("12/7/2023") */
            if (kh_word_ci(s, len, ds, "ngày")) {
                size_t t = skip_sp(s, len, ds + kh_word_ci(s, len, ds, "ngày"));
                m.date_text = kh_strndup(ctx->arena, s + t, r + dl - t);
            }
            q = r + dl;
        } else {
            m.date.s[0] = 0;
            size_t l = kh_word_ci(s, len, r, "ngày");
            if (l) {
                m.date_blank = true;
                size_t t = r + l;
                while (t < len && (s[t] == ' ' || s[t] == '.' || s[t] == '/' || s[t] == '_'))
                    t++;
                q = t;
            }
        }
        /* issuer: "của …" */
        r = skip_sp(s, len, q);
        if (r < len && s[r] == ',')
            r = skip_sp(s, len, r + 1);
        size_t l = word_is(s, len, r, "của");
        if (l) {
            size_t is = skip_sp(s, len, r + l);
            bool by_starter;
            size_t ie = parse_issuer(s, len, is, &by_starter);
            if (ie > is) {
                m.issuer = collapse_spaces(ctx->arena, s + is, ie - is);
                q = ie;
            }
        } else {
            /* "đề nghị của Sở X tại Tờ trình số …": the issuer stands before */
            size_t b = ks;
            while (b > 0 && s[b - 1] == ' ')
                b--;
            static const char TAI[] = "tại";
            const size_t tl = sizeof TAI - 1;
            if (b >= tl && memcmp(s + b - tl, TAI, tl) == 0 && (b == tl || s[b - tl - 1] == ' ')) {
                size_t lim = b > 200 ? b - 200 : 0, c = b - tl;
                for (size_t x = c; x > lim + 5; x--) {
                    if (memcmp(s + x - 5, " của ", 6) == 0) {
                        size_t is = x + 1, ie2;
                        bool bs;
                        ie2 = parse_issuer(s, len, is, &bs);
                        size_t te = c;
                        while (te > is && s[te - 1] == ' ')
                            te--;
                        if (ie2 == te)
                            m.issuer = collapse_spaces(ctx->arena, s + is, te - is);
                        break;
                    }
                }
            }
        }
        /* a date after the issuer ("của UBND tỉnh ngày 5/9/2018") */
        if (!m.date.s[0] && !m.date_blank) {
            r = skip_sp(s, len, q);
            if (kh_word_ci(s, len, r, "ngày")) {
                dl = kh_date_parse(s + r, len - r, &m.date);
                if (dl) {
                    size_t t = skip_sp(s, len, r + kh_word_ci(s, len, r, "ngày"));
                    m.date_text = kh_strndup(ctx->arena, s + t, r + dl - t);
                    q = r + dl;
                }
            }
        }
        /* title */
        r = skip_sp(s, len, q);
        if (r < len && s[r] == ',')
            r = skip_sp(s, len, r + 1);
        if (word_from_list(s, len, r, TITLE_START)) {
            size_t te = parse_title(s, len, r, central_issuer(m.issuer, m.number), true);
            te = drop_later_period(s, r, te, m.date.s);
            if (te > r)
                m.title = collapse_spaces(ctx->arena, s + r, te - r);
        }
        if (m.date_blank)
            m.quote = collapse_spaces(ctx->arena, s + ks, q - ks);
        record(st, &m);
    }
}

/* Line starts a new paragraph on its own (a list item, a numbered heading …). */
static bool starts_block(const kh_line *ln)
{
    const char *s = ln->s;
    size_t n = ln->len;
    if (!n)
        return false;
    if ((s[0] == '-' || s[0] == '+' || s[0] == '*') && (n == 1 || s[1] == ' '))
        return true;
    if (n >= 3 && memcmp(s, "\xE2\x80\xA2", 3) == 0) /* • */
        return true;
    /* "1.", "1.1.", "2)" */
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i < n && (s[i] == '.' || s[i] == ')')) {
            i++;
            if (i >= n || s[i] == ' ')
                return true;
        } else {
            break;
        }
    }
    /* "a)", "đ)" */
    int k;
    int32_t c = kh_utf8_decode(s, n, &k);
    if (cp_is_lower(c) && (size_t)k < n && s[k] == ')')
        return true;
    /* Roman "II." */
    i = 0;
    while (i < n && strchr("IVXLC", s[i]))
        i++;
    if (i && i < n && s[i] == '.')
        return true;
    if (kh_starts_with_ci(s, n, "Kính gửi") || kh_starts_with_ci(s, n, "Căn cứ") ||
        kh_starts_with_ci(s, n, "Nơi nhận"))
        return true;
    return false;
}

static bool starts_lower(const kh_line *ln)
{
    int k;
    int32_t c = kh_utf8_decode(ln->s, ln->len, &k);
    if (!cp_is_lower(c))
        return false;
    /* "a) …" is a label, not a continuation */
    return !((size_t)k < ln->len && ln->s[k] == ')');
}

/* "21/3/2023 của …" after a blank line: OCR split a citation ("… số 07/CT-TTg ngày"). */
static bool starts_digit(const kh_line *ln)
{
    return ln->len && ln->s[0] >= '0' && ln->s[0] <= '9';
}

/* The paragraph so far does not end a sentence or a clause. */
static bool open_end(const para *p)
{
    if (!p->b.n)
        return false;
    char c = p->b.s[p->b.n - 1];
    return !strchr(".:;!?)", c);
}

/* The document's own "Số: 14/KH-UBND" line. */
static bool is_own_number_line(const kh_line *ln)
{
    return kh_starts_with_ci(ln->s, ln->len, "Số:") || kh_starts_with_ci(ln->s, ln->len, "Số :");
}

/* The number on the document's own "Số:" line, when header.c did not give one. */
static const char *own_number(kh_ctx *ctx, const kh_line *ln)
{
    size_t i = 0;
    while (i < ln->len && ln->s[i] != ':')
        i++;
    i = skip_sp(ln->s, ln->len, i + 1);
    if (i >= ln->len || ln->s[i] < '0' || ln->s[i] > '9')
        return NULL;
    static const kind_info any = {"", "", NULL, false};
    number_info ni;
    if (!parse_number(ctx, ln->s + i, ln->len - i, &any, &ni))
        return NULL;
    return ni.number;
}

static void para_reset(para *p)
{
    p->b.n = 0;
    p->segs.n = 0;
}

static void para_add(kh_ctx *ctx, para *p, const kh_line *ln)
{
    if (p->b.n) {
        char last = p->b.s[p->b.n - 1];
        char prev = p->b.n >= 2 ? p->b.s[p->b.n - 2] : ' ';
        /* "765/Qb-" + "BTTTT": a number broken at a joint */
        bool glue = (last == '-' || last == '/') && prev != ' ' && ln->len &&
                    (unsigned char)ln->s[0] != ' ' && ln->s[0] != '-';
        if (glue) {
            int k;
            int32_t c = kh_utf8_decode(ln->s, ln->len, &k);
            glue = cp_is_upper(c) || (c >= '0' && c <= '9');
        }
        if (!glue)
            kh_buf_addc(ctx->arena, &p->b, ' ');
    }
    seg sg = {p->b.n, ln->no};
    KH_PUSH(ctx->arena, p->segs, sg);
    kh_buf_add(ctx->arena, &p->b, ln->s, ln->len);
}

void kh_extract_references(kh_ctx *ctx)
{
    kh_result *res = ctx->res;
    refs_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.self_number = res->doc.number;
    hash_grow(&st);

    para p;
    memset(&p, 0, sizeof p);
    bool in_distribution = false;
    bool pending_blank = false;
    unsigned prev_zone = 0;
    for (size_t i = 0; i < res->text.n; i++) {
        if ((i & 1023) == 0 && kh_over_budget(ctx))
            break;
        const kh_line *ln = &res->text.v[i];
        if (ln->flags & KH_LINE_BOILERPLATE)
            continue;
        if (in_distribution) {
            bool item = ln->len && (ln->s[0] == '-' || ln->s[0] == '+' ||
                                    (ln->len >= 3 && memcmp(ln->s, "\xE2\x80\xA2", 3) == 0));
            if ((ln->flags & KH_LINE_CLOSING) || item || (ln->flags & KH_LINE_BLANK) || !ln->len)
                continue;
            in_distribution = false;
        }
        if ((ln->flags & KH_LINE_BLANK) || ln->len == 0) {
            pending_blank = true;
            continue;
        }
        if (kh_starts_with_ci(ln->s, ln->len, "Nơi nhận")) {
            scan_paragraph(&st, &p);
            para_reset(&p);
            in_distribution = true;
            pending_blank = false;
            continue;
        }
        if (is_own_number_line(ln)) {
            if (!st.self_number)
                st.self_number = own_number(ctx, ln);
            scan_paragraph(&st, &p);
            para_reset(&p);
            pending_blank = false;
            continue;
        }
        unsigned zone = ln->flags & KH_LINE_HEADER;
        bool brk = starts_block(ln) || zone != prev_zone || (ln->flags & KH_LINE_MDHEAD);
        if (pending_blank && !starts_lower(ln) && !(starts_digit(ln) && !starts_block(ln) && open_end(&p)))
            brk = true;
        if (brk && p.b.n) {
            scan_paragraph(&st, &p);
            para_reset(&p);
        }
        para_add(ctx, &p, ln);
        pending_blank = false;
        prev_zone = zone;
    }
    scan_paragraph(&st, &p);
}

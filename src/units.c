/*
 * units.c — unit lists of Vietnamese administrative text: split and canonicalise.
 *
 * A unit list ("Văn phòng UBND tỉnh, Sở Tư pháp; các sở, ban, ngành và UBND các huyện,
 * thị xã, thành phố") is cut into words and punctuation, then split:
 *   - always on ";";
 *   - on "," / "và" only where a new unit starts: a new "các …" list, a proper head
 *     (Sở, Ban, Báo, Đài, UBND, Công an, Hội, Bộ, Văn phòng, … followed by a name), a
 *     body of the public (doanh nghiệp, công dân, …), or a collective noun (cơ quan,
 *     đơn vị, …) that cannot belong to the list being read: after a proper name, after a
 *     list member with its own modifier ("đơn vị nhà nước, doanh nghiệp"), or after a
 *     territorial list ("UBND các huyện, thành phố và cơ quan có liên quan").
 * Nouns that share one "các" stay one group; "và" inside a name never splits because the
 * word after it is not a head ("Sở Thông tin và Truyền thông").
 *
 * Canonical names: bullet, "Đề nghị" (-> requested), trailing punctuation and a trailing
 * parenthetical removed, safe typo fixes, first letter capitalised, and for single bodies
 * the rules of data/units.tsv (abbreviations, dropped words, letter case). See docs/UNITS.md.
 */
#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"
#include "places.h"

/* ---------------------------------------------------------------- data table */

enum { UR_PREFIX = 1, UR_WHOLE, UR_WORD };
typedef struct {
    int kind;
    const char *from, *to;
} unit_rule;

static const unit_rule RULES[] = {
#include "units_data.inc"
};
enum { NRULES = sizeof RULES / sizeof RULES[0] };

/* ---------------------------------------------------------------- tokens */

typedef enum { TK_WORD, TK_COMMA, TK_SEMI, TK_COLON, TK_DOT, TK_OPEN, TK_CLOSE, TK_DASH } tk_kind;

enum { LW_MAX = 40, STACK_TOKENS = 128 };

typedef struct {
    size_t off, len;  /* bytes in the source */
    tk_kind kind;
    bool cap;         /* first letter upper-case */
    bool abbr;        /* two or more letters, all upper-case ("UBND", "TT&TT") */
    bool sp_before;   /* white space before it in the source */
    char lw[LW_MAX];  /* lower-case, old tone placement normalised; "" when too long */
    unsigned char lwn; /* strlen(lw) */
} tok;

typedef struct {
    tok *v;
    size_t n;
} toks;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
/* , ; : ( ) (and NUL, as strchr(",;:()", c) had it) */
static bool is_cut(char c) { return c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == 0; }
/* is_space(c) || is_cut(c) by one table look-up (the tokenizer's inner loops) */
static const bool SPACE_OR_CUT[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1,
                                       [';'] = 1, [':'] = 1, ['('] = 1, [')'] = 1, [0] = 1};
static bool is_space_or_cut(char c) { return SPACE_OR_CUT[(unsigned char)c]; }

static bool is_dash_at(const char *s, size_t len, size_t i, size_t *n)
{
    if (s[i] == '-') {
        *n = 1;
        return true;
    }
    if (i + 3 <= len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) { /* – — */
        *n = 3;
        return true;
    }
    return false;
}

/* Old-style tone placement at the end of a syllable -> the placement of the data. */
static const char *const TONE_OLD[][2] = {
    {"uỷ", "ủy"}, {"uý", "úy"}, {"uỳ", "ùy"}, {"uỵ", "ụy"}, {"uỹ", "ũy"},
    {"oá", "óa"}, {"oà", "òa"}, {"oả", "ỏa"}, {"oạ", "ọa"}, {"oã", "õa"},
    {"oé", "óe"}, {"oè", "òe"}, {"oẻ", "ỏe"}, {"oẹ", "ọe"}, {"oẽ", "õe"},
};

static void fill_lower(tok *t, const char *s)
{
    size_t o = 0;
    bool upper_only = true;
    int letters = 0;
    for (size_t i = 0; i < t->len;) {
        unsigned char a = (unsigned char)s[i];
        if (a < 0x80) { /* ASCII: no utf8proc lookups */
            bool up = a >= 'A' && a <= 'Z', low = a >= 'a' && a <= 'z';
            if (up || low) {
                if (letters == 0)
                    t->cap = up;
                letters++;
                if (low)
                    upper_only = false;
            }
            if (o + 1 >= LW_MAX) {
                o = 0;
                break;
            }
            t->lw[o++] = (char)(up ? a + ('a' - 'A') : a);
            i++;
            continue;
        }
        int n;
        int32_t cp = kh_utf8_decode(s + i, t->len - i, &n);
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT) {
            if (letters == 0)
                t->cap = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
            letters++;
            if (cat == UTF8PROC_CATEGORY_LL)
                upper_only = false;
        }
        char buf[4];
        int k = kh_utf8_encode(utf8proc_tolower(cp), buf);
        if (o + (size_t)k >= LW_MAX) {
            o = 0;
            break;
        }
        memcpy(t->lw + o, buf, (size_t)k);
        o += (size_t)k;
        i += (size_t)n;
    }
    t->lw[o] = 0;
    t->lwn = (unsigned char)o;
    t->abbr = upper_only && letters >= 2;
    if (o < 3 || (unsigned char)t->lw[o - 1] < 0x80)
        return; /* every TONE_OLD entry ends with a non-ASCII letter */
    size_t last = o - 1;
    while (last > 0 && ((unsigned char)t->lw[last] & 0xC0) == 0x80)
        last--;
    if (last == 0 || (t->lw[last - 1] != 'u' && t->lw[last - 1] != 'o'))
        return; /* ... after a 'u' or an 'o' */
    for (size_t r = 0; r < sizeof TONE_OLD / sizeof TONE_OLD[0]; r++) {
        size_t l = strlen(TONE_OLD[r][0]);
        if (o >= l && memcmp(t->lw + o - l, TONE_OLD[r][0], l) == 0) {
            memcpy(t->lw + o - l, TONE_OLD[r][1], l); /* same byte length */
            break;
        }
    }
}

/* Tokens of s[0..len) appended to T->v[T->n..cap): words, and , ; : . ( ) and
 * free-standing dashes. Starts after T's last token (so a short first pass can be
 * continued); stops when the buffer is full. */
static void tokenize_into(const char *s, size_t len, toks *T, size_t cap)
{
    size_t i = T->n ? T->v[T->n - 1].off + T->v[T->n - 1].len : 0;
    bool sp = false;
    if (T->n >= cap)
        return;
    while (i < len) {
        if (is_space(s[i])) {
            sp = true;
            i++;
            continue;
        }
        if (s[i] == '_' && (i == 0 || is_space(s[i - 1])) && i + 1 < len && !is_space_or_cut(s[i + 1]) &&
            s[i + 1] != '_') {
            i++; /* an OCR speck glued to a word's start ("các cơ _quan"): not part of it */
            continue;
        }
        tok *t = &T->v[T->n];
        memset(t, 0, sizeof *t);
        t->off = i;
        t->sp_before = sp;
        sp = false;
        char c = s[i];
        size_t dn;
        if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' ||
            (c == '.' && (i + 1 == len || is_space(s[i + 1]) || is_cut(s[i + 1])))) {
            t->kind = c == ',' ? TK_COMMA : c == ';' ? TK_SEMI : c == ':' ? TK_COLON
                    : c == '(' ? TK_OPEN : c == ')' ? TK_CLOSE : TK_DOT;
            t->len = 1;
            i++;
        } else if (is_dash_at(s, len, i, &dn) && (i + dn == len || is_space(s[i + dn]))) {
            t->kind = TK_DASH;
            t->len = dn;
            i += dn;
            strcpy(t->lw, "-");
            t->lwn = 1;
        } else {
            size_t j = i;
            while (j < len && !is_space_or_cut(s[j]) &&
                   !(s[j] == '.' && (j + 1 == len || is_space_or_cut(s[j + 1]))))
                j++;
            t->kind = TK_WORD;
            t->len = j - i;
            fill_lower(t, s + i);
            i = j;
        }
        if (++T->n == cap)
            break;
    }
}

/* All tokens of s[0..len): in buf[0..bufcap) (the caller's stack) when they fit, else in
 * the arena. Token arrays are scratch: nothing keeps them after the call. */
static toks tokenize(kh_arena *a, const char *s, size_t len, tok *buf, size_t bufcap)
{
    size_t cap = 0;
    for (size_t i = 0; i < len; i++)
        if (!is_space(s[i]) && (i == 0 || is_space_or_cut(s[i - 1]) || is_cut(s[i]) || s[i] == '.' ||
                                s[i - 1] == '.'))
            cap++;
    toks T = {cap + 1 <= bufcap ? buf : kh_alloc(a, (cap + 1) * sizeof(tok)), 0};
    tokenize_into(s, len, &T, cap + 1);
    return T;
}

static bool is_word(const toks *T, size_t i, const char *w)
{
    return i < T->n && T->v[i].kind == TK_WORD && T->v[i].lw[0] == w[0] && strcmp(T->v[i].lw, w) == 0;
}

/* Number of tokens of the space-separated lower-case phrase p at i (0 = no match). */
static size_t phrase_at(const toks *T, size_t i, const char *p)
{
    size_t k = 0;
    if (i >= T->n || T->v[i].lw[0] != p[0])
        return 0; /* most lexicon entries differ at the first byte: skip the full compare */
    while (*p) {
        if (i + k >= T->n || T->v[i + k].kind != TK_WORD)
            return 0;
        /* the token's lower-case form must be the phrase's next word, no more */
        const char *w = T->v[i + k].lw;
        size_t n = 0;
        for (; p[n] && p[n] != ' '; n++)
            if (w[n] != p[n])
                return 0;
        if (w[n] != 0)
            return 0;
        k++;
        p += n;
        while (*p == ' ')
            p++;
    }
    return k;
}

/* Lexicon lookups run for every token: each lexicon gets an index of its entries by
 * a hash of the first word's first two bytes and byte length (built once), so a lookup
 * only compares the entries that can match (by first byte alone, the buckets of 'c',
 * 't', 'đ' … held dozens of entries). */
enum { LEX_MAX_ENTRIES = 512, LEX_MAX = 24 };
typedef struct {
    const char *const *lex;
    uint16_t order[LEX_MAX_ENTRIES];
    uint16_t start[257];
    uint8_t wlen[LEX_MAX_ENTRIES]; /* byte length of each entry's first word */
} lex_index;

/* Bucket of a first word w of n bytes (n >= 1; a token's lower-case form or the start of
 * an entry): its first byte, its second byte when it has one, and n. */
static inline unsigned lex_bucket(const char *w, size_t n)
{
    unsigned c0 = (unsigned char)w[0], c1 = n >= 2 ? (unsigned char)w[1] : 0;
    return (c0 + c1 * 33u + (unsigned)n * 97u) & 255u;
}
static lex_index g_lex[LEX_MAX];
static int g_nlex;
/* the indexes by the lexicon's address (open addressing): lex_at runs ~100K times a
 * corpus pass, and a scan of g_lex was a third of its own cost */
enum { LEX_SLOTS = 64 };
static const lex_index *g_lex_slot[LEX_SLOTS];
static pthread_once_t g_lex_once = PTHREAD_ONCE_INIT;
static void lex_init(void);

static inline unsigned lex_slot(const char *const *lex)
{
    return (unsigned)(((uintptr_t)lex >> 3) * 0x9E3779B1u >> 26) & (LEX_SLOTS - 1);
}

static const lex_index *lex_find(const char *const *lex)
{
    pthread_once(&g_lex_once, lex_init);
    for (unsigned h = lex_slot(lex); g_lex_slot[h]; h = (h + 1) & (LEX_SLOTS - 1))
        if (g_lex_slot[h]->lex == lex)
            return g_lex_slot[h];
    return NULL;
}

static void lex_register(const char *const *lex)
{
    if (g_nlex >= LEX_MAX)
        return;
    lex_index *x = &g_lex[g_nlex];
    int n = 0;
    while (lex[n] && n < LEX_MAX_ENTRIES)
        n++;
    if (lex[n])
        return; /* too long to index: lex_at falls back to the plain scan */
    uint16_t count[256] = {0};
    for (int k = 0; k < n; k++) {
        x->wlen[k] = (uint8_t)strcspn(lex[k], " ");
        count[lex_bucket(lex[k], x->wlen[k])]++;
    }
    x->start[0] = 0;
    for (int c = 0; c < 256; c++)
        x->start[c + 1] = (uint16_t)(x->start[c] + count[c]);
    uint16_t fill[256];
    memcpy(fill, x->start, sizeof fill);
    for (int k = 0; k < n; k++)
        x->order[fill[lex_bucket(lex[k], x->wlen[k])]++] = (uint16_t)k;
    x->lex = lex;
    g_nlex++;
    unsigned h = lex_slot(lex);
    while (g_lex_slot[h])
        h = (h + 1) & (LEX_SLOTS - 1);
    g_lex_slot[h] = x;
}

/* Longest phrase of a NULL-terminated list at i; *which receives its index. */
static size_t lex_at(const toks *T, size_t i, const char *const *lex, int *which)
{
    size_t best = 0;
    if (i >= T->n)
        return 0;
    const lex_index *x = lex_find(lex);
    if (x) {
        if (T->v[i].lwn == 0)
            return 0; /* no lower-case form (too long, or punctuation): no entry matches */
        unsigned c = lex_bucket(T->v[i].lw, T->v[i].lwn);
        for (int j = x->start[c]; j < x->start[c + 1]; j++) {
            int k = x->order[j];
            if (x->wlen[k] != T->v[i].lwn)
                continue; /* the first word differs in length: no match */
            size_t n = phrase_at(T, i, lex[k]);
            if (n > best || (n == best && n && which && k < *which)) {
                best = n;
                if (which)
                    *which = k;
            }
        }
        return best;
    }
    for (int k = 0; lex[k]; k++) {
        size_t n = phrase_at(T, i, lex[k]);
        if (n > best) {
            best = n;
            if (which)
                *which = k;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- lexicon */

/* Heads of proper names of bodies. Strong heads make a proper name when written with a
 * capital and followed by any word ("Công an tỉnh", "Tổ công tác …"); weak heads need a
 * capitalised word after them ("Báo Quảng Bình" but not "báo chí", "Bộ Tư pháp" but not
 * "bộ phận"). Upper-case abbreviations are always heads. */
static const char *const STRONG_HEADS[] = {
    "ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd", "ủy ban mặt trận tổ quốc", "ủy ban",
    "mặt trận tổ quốc", "mặt trận", "mttq", "ubmttq", "bộ chỉ huy", "bch", "bảo hiểm xã hội",
    "bhxh", "văn phòng", "vp", "trung tâm", "tạp chí", "thanh tra", "kho bạc", "chi cục", "cục",
    "tổng cục", "liên đoàn", "liên minh", "tỉnh đoàn", "thành đoàn", "huyện đoàn", "hội đồng",
    "hội", "ngân hàng", "công an", "công ty", "tổng công ty", "bệnh viện", "viện kiểm sát",
    "tòa án", "sở", "ban chỉ đạo", "ban quản lý", "ban chỉ huy", "ban thường vụ", "cổng thông tin",
    "tổ", "chi nhánh", "tỉnh ủy", "huyện ủy", "thành ủy", "đảng ủy", "btg", "stttt", "bưu điện",
    "điện lực", "hải quan", "học viện", "đại học", "đoàn đại biểu quốc hội", "bộ đội biên phòng",
    "cơ quan thường trực", "hạt kiểm lâm", "hạt", "chi hội", "thường trực", "văn phòng đăng ký",
    "trung tâm y tế", "đồn biên phòng", "kiểm lâm", "quận đoàn", "đội", "quản lý thị trường",
    "đảng đoàn", "vườn quốc gia", "khu bảo tồn thiên nhiên", "công đoàn", "tập đoàn",
    /* commune-level posts that act as units ("Công chức Văn hóa - Xã hội", "Trưởng thôn",
     * "Trưởng các thôn, bản", "Bí thư chi bộ", "Chủ tịch UBND xã"): only when capitalised */
    "công chức", "trưởng", "bí thư", "chủ tịch", "phó chủ tịch", NULL};
static const char *const WEAK_HEADS[] = {
    "ban", "bộ", "báo", "đài", "cổng", "đoàn", "viện", "trường", "phòng", "quỹ", "cơ quan",
    "đơn vị", "chi bộ", "nhà xuất bản", "thông tấn xã", "vụ", "khoa", "trạm", NULL};
/* Words that look like a head but are not ("tổ chức", "báo chí", "xã hội"). */
static const char *const NOT_HEADS[] = {
    "tổ chức", "báo chí", "xã hội", "đoàn thể", "bộ phận", "hội nghị", "hội thảo", "cục bộ",
    "văn phòng phẩm", "ban ngành", "ban hành", "phòng ngừa", "phòng chống", "đài truyền thanh cơ sở",
    NULL};
/* Nouns that are members of a collective list ("các sở, ban, ngành, địa phương"). */
static const char *const MEMBERS[] = {
    "cơ quan", "đơn vị", "địa phương", "sở", "ban", "ngành", "đoàn thể", "tổ chức", "cá nhân",
    "phòng", "trường", "bộ", "hội", "huyện", "thị xã", "thành phố", "quận", "xã", "phường",
    "thị trấn", "cơ sở", "doanh nghiệp", "công dân", "người dân", "nhân dân", "hộ gia đình",
    "hộ kinh doanh", "hợp tác xã", "nhà đầu tư", "lực lượng", "tập thể", "cấp ủy", NULL};
/* Members of a ministry's list, only when capitalised ("Các Vụ, Cục, đơn vị thuộc Bộ"):
 * lower-case "vụ" is a word of its own ("vụ việc"). */
static const char *const CAP_MEMBERS[] = {"vụ", "cục", "tổng cục", NULL};
/* Bodies of the public: always units of their own ("…, doanh nghiệp và công dân"). */
static const char *const PUBLIC[] = {
    "doanh nghiệp", "công dân", "người dân", "nhân dân", "hộ gia đình", "hộ kinh doanh",
    "hợp tác xã", "nhà đầu tư", NULL};
/* Length in tokens of a member noun at i (MEMBERS, or CAP_MEMBERS written with a capital). */
static size_t member_at(const toks *T, size_t i)
{
    size_t n = lex_at(T, i, MEMBERS, NULL);
    if (!n && i < T->n && T->v[i].cap)
        n = lex_at(T, i, CAP_MEMBERS, NULL);
    return n;
}

static const char *const TERRITORIAL[] = {
    "huyện", "thị xã", "thành phố", "quận", "xã", "phường", "thị trấn", "tỉnh", "cấp huyện",
    "cấp xã", "cấp tỉnh", "thôn", "ấp", "bản", "buôn", "xóm", "làng", "tổ dân phố", "khu phố",
    "khu dân cư", NULL};
static const char *const PEOPLE_COUNCIL[] = {"ủy ban nhân dân", "ubnd", NULL};

/* Where an action starts after a unit ("phối hợp với X định hướng …"). */
static const char *const STOPS[] = {
    "định hướng", "tham mưu", "thực hiện", "triển khai", "tổ chức", "chỉ đạo", "cung cấp",
    "đấu tranh", "theo dõi", "rà soát", "xây dựng", "trong", "để", "nhằm", "tại", "thành lập",
    "tiếp tục", "chủ động", "trình", "xử lý", "hướng dẫn", "kiểm tra", "đôn đốc", "phát hiện",
    "tuyên truyền", "tăng cường", "đẩy mạnh", "nâng cao", "quản lý", "phổ biến", "đánh giá",
    "tổng hợp", "báo cáo", "đề xuất", "hoàn thiện", "bố trí", "kiện toàn", "thường xuyên",
    "kịp thời", "nghiên cứu", "ban hành", "tập huấn", "bồi dưỡng", "giám sát", "thẩm định",
    "hỗ trợ", "phát triển", "ứng dụng", "duy trì", "đảm bảo", "bảo đảm", "góp phần", "giải quyết",
    "tiếp nhận", "lựa chọn", "biên soạn", "sản xuất", "đăng tải", "phát hành", "cập nhật",
    "chuẩn bị", "vận động", "thu thập", "phản ánh", "theo", "về", "đối với", "cho", "khi",
    "trước", "sau", "từ", "đến", "nếu", "đồng thời", "là", "phải", "cần", "sớm", "khẩn trương",
    "thống nhất", "lập", "xác định", "đề nghị", "yêu cầu", "ký", "gửi", "nắm bắt", "phòng ngừa",
    "ngăn chặn", "bóc gỡ", "khai thác", "sử dụng", "tạo", "đưa", "mở", "thông báo", "kết nối",
    "phối hợp", "giao", "có trách nhiệm", "chịu trách nhiệm", "làm", "tiến hành", "quảng bá",
    "vận hành", "củng cố", "đổi mới", "chấn chỉnh", "khắc phục", "tổng kết", "sơ kết",
    "trao đổi", "tham gia", "tham dự", "đăng ký", "công khai", "hoàn thành", "kiến nghị",
    "điều chỉnh", "bổ sung", "sửa đổi", "phân công", "huy động", "lồng ghép", "tích hợp",
    "chuyển đổi", "thông qua", "bằng", "qua", "nhất là", "liên tục", "định kỳ", "hằng năm",
    "hàng năm", "cùng", "tích cực", "chặt chẽ", "kiểm soát", "xem xét", "quyết định",
    "biểu dương", "khen thưởng", "tiếp thu", "hoạch định", "tổ chức thực hiện", "đáp ứng",
    "tuyên dương", "rà", "phát động", "hưởng ứng", "ra", "in", "phát", "dự báo", "cảnh báo",
    "tiếp cận", "bám sát", "phân tích", "chia sẻ", "hình thành", "thiết lập", "chủ trì",
    /* the object of "báo cáo X kết quả / tình hình / việc …" */
    "kết quả", "tình hình", "việc", "đẩy nhanh", "bình xét", "cân đối", "xét duyệt",
    /* blind round 5: a Party body "lãnh đạo" its state body; "nâng cấp" a system */
    "lãnh đạo", "nâng cấp", "quán triệt",
    /* blind round 6: "Các phòng, đơn vị thuộc Sở căn cứ nhiệm vụ được phân công …" */
    "căn cứ", "vào ngày",
    /* blind round 7: "Đoàn Thanh niên trường động viên học sinh …" */
    "động viên", NULL};

/* Compounds whose syllables look like stops but belong to a name ("Giáo dục và Đào tạo",
 * "Mặt trận Tổ quốc cùng cấp"). */
static const char *const NOT_STOPS[] = {
    "cùng cấp", "đào tạo", "sáng tạo", "cải tạo", "chế tạo", "đăng ký", "thư ký", "độc lập",
    "cấp trên", "xuất bản", "hội đồng", "sở tại", "ban chỉ đạo", "về hưu", "cho vay", "công trình", "giao thông",
    /* blind round 7: "Vụ Thị trường trong nước", "các sàn giao dịch thương mại điện tử" */
    "trong nước", "giao dịch", NULL};

/* Pairs joined by a comma inside a name whose second half looks like an action
 * ("Thi đua, khen thưởng", "Phòng, chống"): the word before the comma at i, the phrase after. */
static size_t comma_pair(const toks *T, size_t i)
{
    static const char *const PAIRS[][2] = {
        {"đua", "khen thưởng"}, {"phòng", "chống"}, {"cháy", "chữa cháy"}, {"kiếm", "cứu nạn"},
        {"khám", "chữa bệnh"}, {"biến", "giáo dục"}, {"lý", "sử dụng"}};
    if (i == 0 || T->v[i - 1].kind != TK_WORD)
        return 0;
    for (size_t k = 0; k < sizeof PAIRS / sizeof PAIRS[0]; k++)
        if (!strcmp(T->v[i - 1].lw, PAIRS[k][0])) {
            size_t n = phrase_at(T, i + 1, PAIRS[k][1]);
            if (n)
                return n; /* tokens of the second half */
        }
    return 0;
}

/* Posts of the head of a body. A unit named by its head's post is the body itself ("Giám
 * đốc Sở Tài chính" -> "Sở Tài chính", "Chủ tịch UBND các huyện" -> "UBND các huyện",
 * "Thủ trưởng các đơn vị thuộc Bộ" -> "Các đơn vị thuộc Bộ"): the duty is the body's. */
static const char *const BODY_POSTS[] = {
    "thủ trưởng", "người đứng đầu", "lãnh đạo", "giám đốc", "phó giám đốc", "tổng giám đốc",
    "chủ tịch", "phó chủ tịch", "chỉ huy trưởng", "tổng biên tập", "chánh", "chánh án",
    "viện trưởng", "trưởng", "bí thư", "cục trưởng", "chi cục trưởng", "hạt trưởng", "vụ trưởng",
    "hiệu trưởng", NULL};

/* RULES by the first byte of their `from`, in table order (no rule has an empty one):
 * a lookup only tries the rules that can match. */
static uint16_t g_rule_order[NRULES], g_rule_start[257];

static void rules_index(void)
{
    uint16_t count[256] = {0}, fill[256];
    for (int r = 0; r < NRULES; r++)
        count[(unsigned char)RULES[r].from[0]]++;
    for (int c = 0; c < 256; c++)
        g_rule_start[c + 1] = (uint16_t)(g_rule_start[c] + count[c]);
    memcpy(fill, g_rule_start, sizeof fill);
    for (int r = 0; r < NRULES; r++)
        g_rule_order[fill[(unsigned char)RULES[r].from[0]]++] = (uint16_t)r;
}

static void lex_init(void)
{
    rules_index();
    const char *const *all[] = {STRONG_HEADS, WEAK_HEADS, NOT_HEADS, MEMBERS, CAP_MEMBERS, PUBLIC,
                                TERRITORIAL, PEOPLE_COUNCIL, STOPS, NOT_STOPS, BODY_POSTS};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        lex_register(all[k]);
}

/* "cấp" is a verb ("cấp thẻ", "cấp giấy", "cấp phép", "cấp kinh phí") unless it names a
 * level: "cấp tỉnh/huyện/xã/cơ sở/trên", "các cấp", "cùng cấp", "mọi cấp". */
static bool cap_is_verb(const toks *T, size_t i)
{
    static const char *const LEVEL_BEFORE[] = {"các", "cùng", "mọi", "từng", "nhiều", "theo", "mỗi", "hai", "ba", NULL};
    static const char *const LEVEL_AFTER[] = {
        "tỉnh", "huyện", "xã", "thôn", "bản", "trung", "trên", "dưới", "ủy", "cơ", "quận", "phường",
        "thị", "thành", "bộ", "sở", "ngành", "quốc", "khu", "vùng", "cục", "tổng", "phòng", "ban",
        "địa", "chính", "đơn", "1", "2", "3", "4", "i", "ii", "iii", "iv", NULL};
    if (i > 0 && T->v[i - 1].kind == TK_WORD)
        for (int k = 0; LEVEL_BEFORE[k]; k++)
            if (!strcmp(T->v[i - 1].lw, LEVEL_BEFORE[k]))
                return false;
    if (i + 1 >= T->n || T->v[i + 1].kind != TK_WORD || T->v[i + 1].cap)
        return false;
    for (int k = 0; LEVEL_AFTER[k]; k++)
        if (!strcmp(T->v[i + 1].lw, LEVEL_AFTER[k]))
            return false;
    return true;
}

static bool is_stop(const toks *T, size_t i)
{
    if (i < T->n && T->v[i].kind == TK_WORD && !T->v[i].cap && !strcmp(T->v[i].lw, "cấp"))
        return cap_is_verb(T, i);
    if (i >= T->n || T->v[i].kind != TK_WORD || T->v[i].cap || !lex_at(T, i, STOPS, NULL))
        return false;
    if (lex_at(T, i, NOT_STOPS, NULL) || (i > 0 && lex_at(T, i - 1, NOT_STOPS, NULL) == 2))
        return false;
    if (i >= 2 && phrase_at(T, i - 2, "đầu tư") == 2 && phrase_at(T, i, "xây dựng"))
        return false; /* "Ban Quản lý dự án đầu tư xây dựng các công trình …" */
    if (i >= 2 && phrase_at(T, i - 2, "kế hoạch") == 2 && phrase_at(T, i, "tổng hợp"))
        return false; /* "Phòng Kế hoạch tổng hợp" (a hospital's planning office) */
    if (i >= 2 && phrase_at(T, i - 2, "cán bộ") == 2 && phrase_at(T, i, "quản lý"))
        return false; /* "cán bộ quản lý" is a noun (managerial staff): "Cục Nhà giáo và Cán
                       * bộ quản lý giáo dục" */
    return true;
}

/* "đơn vị cung cấp phần mềm", "đơn vị vận hành hệ thống": a bare singular collective
 * noun (no "các") followed by a provider's verb names one body by what it supplies; the
 * verb and its object are part of the name. Returns the verb's length in tokens at i. */
static size_t provider_verb(const toks *T, size_t a, size_t i)
{
    static const char *const PROVIDES[] = {"cung cấp", "cung ứng", "vận hành", NULL};
    size_t m = member_at(T, a);
    if (!m || a + m != i || !(phrase_at(T, a, "đơn vị") || phrase_at(T, a, "cơ quan") || phrase_at(T, a, "doanh nghiệp")))
        return 0;
    size_t v = lex_at(T, i, PROVIDES, NULL);
    return v && i + v < T->n && T->v[i + v].kind == TK_WORD && !T->v[i + v].cap ? v : 0;
}

/* "Đài Truyền hình Việt Nam tại Thành phố Hồ Chí Minh": "tại" + a province or city after a
 * proper name names the body's office there (a branch, a representative office). T[i] is
 * "tại"; returns the tokens of "tại" and the place ("Thành phố"/"TP."/"tỉnh" optional),
 * else 0 ("Sở Y tế tại Hội nghị …", "tại địa phương"). */
static size_t office_at_place(const toks *T, const char *s, size_t i)
{
    static const char *const UNIT_WORDS[] = {"thành phố", "tp", "tỉnh", NULL};
    if (!is_word(T, i, "tại"))
        return 0;
    size_t p = i + 1, u = lex_at(T, p, UNIT_WORDS, NULL);
    if (u && T->v[p].cap)
        p += u;
    if (p < T->n && T->v[p].kind == TK_DOT) /* "TP. Hồ Chí Minh" */
        p++;
    size_t e = p;
    while (e < T->n && e - p < 4 && T->v[e].kind == TK_WORD && T->v[e].cap)
        e++;
    for (; e > p; e--) { /* the longest run of capitalised words that is a place */
        const tok *a = &T->v[p], *b = &T->v[e - 1];
        if (kh_place_lookup(s + a->off, b->off + b->len - a->off))
            return e - i;
    }
    return 0;
}

/* "các huyện", "cấp huyện" at i: a body replicated over territories follows a list of
 * territorial nouns ("Trung tâm Y tế các huyện, thị xã, thành phố"). */
static bool territorial_list_at(const toks *T, size_t i)
{
    return (is_word(T, i, "các") || is_word(T, i, "cấp")) && lex_at(T, i + 1, TERRITORIAL, NULL) > 0;
}

/* Length in tokens of a proper head at i that starts a proper name, else 0. */
static size_t proper_head(const toks *T, size_t i)
{
    if (i >= T->n || T->v[i].kind != TK_WORD || lex_at(T, i, NOT_HEADS, NULL))
        return 0;
    size_t n = lex_at(T, i, STRONG_HEADS, NULL);
    bool strong = n > 0;
    size_t w = lex_at(T, i, WEAK_HEADS, NULL);
    if (w > n)
        n = w, strong = false;
    if (!n && T->v[i].abbr)
        n = 1, strong = true; /* an abbreviation of a body: "STTTT", "BCĐ" */
    if (n && T->v[i].abbr && n == 1 &&
        (i + 1 >= T->n || T->v[i + 1].kind != TK_WORD || is_word(T, i + 1, "và")))
        return 1; /* a body named by its abbreviation alone: "STTTT", "MTTQ" */
    if (!n && T->v[i].abbr) {
        for (int r = 0; r < NRULES; r++)
            if (RULES[r].kind != UR_WORD && strcmp(RULES[r].from, T->v[i].lw) == 0)
                return 1;
    }
    /* "Tỉnh đoàn", "Huyện ủy": a capitalised head that is a whole name, closing a list
     * item ("…, Tỉnh đoàn", "Tỉnh đoàn và …") */
    static const char *const WHOLE[] = {"tỉnh đoàn", "thành đoàn", "huyện đoàn", "quận đoàn", "tỉnh ủy",
                                        "huyện ủy", "thành ủy", "thị ủy", "quận ủy", NULL};
    if (n && T->v[i].cap && lex_at(T, i, WHOLE, NULL) == n &&
        (i + n >= T->n || T->v[i + n].kind != TK_WORD || is_word(T, i + n, "và")))
        return n;
    /* "Báo và Phát thanh, Truyền hình Quảng Ninh": a capitalised head joined by "và" to a
     * capitalised name that is not a body of its own is one body (the merged provincial
     * press); "Sở và Ban …" names two heads and stays a list */
    if (n && T->v[i].cap && is_word(T, i + n, "và") && i + n + 1 < T->n && T->v[i + n + 1].kind == TK_WORD &&
        T->v[i + n + 1].cap && !lex_at(T, i + n + 1, STRONG_HEADS, NULL) && !lex_at(T, i + n + 1, WEAK_HEADS, NULL))
        return n;
    if (!n || i + n >= T->n || T->v[i + n].kind != TK_WORD || is_word(T, i + n, "và"))
        return 0;
    const tok *nx = &T->v[i + n];
    if (nx->cap || nx->abbr || ((strong || T->v[i].abbr) && (T->v[i].cap || T->v[i].abbr)))
        return n;
    return 0;
}

static size_t skip_request(const toks *T, size_t i)
{
    size_t n = phrase_at(T, i, "đề nghị");
    return n ? i + n : i;
}

/* Tokens of a post at i that heads a named body ("các …" or a proper name) after it, else
 * 0. A post over a plain noun stays a unit of its own ("Trưởng thôn", "Bí thư chi bộ"). */
static size_t post_before_body(const toks *T, size_t i)
{
    size_t p = lex_at(T, i, BODY_POSTS, NULL);
    if (!p)
        return 0;
    size_t j = i + p;
    if ((is_word(T, j, "các") || is_word(T, j, "những")) && j + 1 < T->n && T->v[j + 1].kind == TK_WORD)
        return p;
    if (lex_at(T, j, BODY_POSTS, NULL) || !proper_head(T, j))
        return 0;
    return p;
}

/* A capitalised post heading a body starts a new unit in a list ("…, Giám đốc Công an tỉnh"). */
static bool cap_post_at(const toks *T, size_t i)
{
    return i < T->n && T->v[i].cap && post_before_body(T, i) > 0;
}

typedef enum { U_OTHER = 0, U_PROPER, U_COUNCIL_LIST, U_GROUP } unit_kind;

static unit_kind kind_at(const toks *T, size_t i)
{
    i = skip_request(T, i);
    i += post_before_body(T, i);
    if (is_word(T, i, "các") || is_word(T, i, "những"))
        return U_GROUP;
    size_t h = proper_head(T, i);
    if (h) {
        if (lex_at(T, i, PEOPLE_COUNCIL, NULL) == h &&
            (is_word(T, i + h, "các") || is_word(T, i + h, "cấp") || lex_at(T, i + h, TERRITORIAL, NULL)))
            return U_COUNCIL_LIST;
        return U_PROPER;
    }
    if (member_at(T, i))
        return U_GROUP;
    return U_OTHER;
}

static bool unit_starts(const toks *T, size_t i)
{
    i = skip_request(T, i);
    return is_word(T, i, "các") || proper_head(T, i) || member_at(T, i) > 0 || cap_post_at(T, i);
}

/* Does the piece [a,b) of a list say more than one bare member noun ("đơn vị nhà nước")? */
static bool piece_modified(const toks *T, size_t a, size_t b)
{
    a = skip_request(T, a);
    if (is_word(T, a, "các") || is_word(T, a, "những"))
        a++;
    size_t m = member_at(T, a);
    if (!m)
        return true;
    return a + m < b;
}

/* "Văn phòng HĐND và UBND thị xã": one office serving both councils — the "và" between
 * the two council names at i does not start a new unit. */
static bool joint_office_and(const toks *T, size_t ustart, size_t i)
{
    static const char *const COUNCILS[] = {"hđnd", "ubnd", "hội đồng nhân dân", "ủy ban nhân dân",
                                           "đoàn đại biểu quốc hội", "đoàn đbqh", NULL};
    if (!phrase_at(T, ustart, "văn phòng") || i < ustart + 3 || !is_word(T, i, "và"))
        return false;
    if (!lex_at(T, i + 1, COUNCILS, NULL))
        return false;
    return is_word(T, i - 1, "hđnd") || is_word(T, i - 1, "ubnd") || is_word(T, i - 1, "dân") ||
           is_word(T, i - 1, "đbqh") || is_word(T, i - 1, "hội");
}

/* Split before the item at n (after a "," or "và")? */
static bool split_before(const toks *T, unit_kind kind, bool prev_modified, bool after_and, size_t n)
{
    n = skip_request(T, n);
    if (n >= T->n || T->v[n].kind != TK_WORD)
        return false;
    /* "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp": zones are places a body
     * manages, named in its name, not a unit of their own */
    if (kind == U_PROPER && is_word(T, n, "các") && is_word(T, n + 1, "khu"))
        return false;
    if (is_word(T, n, "các") || is_word(T, n, "những") || lex_at(T, n, PUBLIC, NULL))
        return true;
    if (proper_head(T, n) || cap_post_at(T, n))
        return true;
    if (!member_at(T, n) || lex_at(T, n, NOT_HEADS, NULL) > 1)
        return false;
    /* "Các Công ty Điện lực tỉnh, thành phố trực thuộc": a territorial noun after a piece
     * ending with one goes on listing the territories the body is replicated over */
    size_t w = n >= 2 && T->v[n - 1].kind == TK_COMMA ? n - 2 : n >= 2 && is_word(T, n - 1, "và") ? n - 2 : 0;
    if (w && kind != U_COUNCIL_LIST && T->v[w].kind == TK_WORD && !T->v[w].cap && lex_at(T, w, TERRITORIAL, NULL) == 1 &&
        lex_at(T, n, TERRITORIAL, NULL) && (w == 0 || !is_word(T, w - 1, "các")))
        return false;
    switch (kind) {
    case U_PROPER:
        return !(after_and && T->v[n].cap); /* "Sở Lao động - Thương binh và Xã hội" */
    case U_COUNCIL_LIST:
        return !lex_at(T, n, TERRITORIAL, NULL);
    default:
        return prev_modified;
    }
}

/* ---------------------------------------------------------------- canonical names */

static bool is_group(const toks *T, size_t a, size_t b)
{
    if (is_word(T, a, "các") || is_word(T, a, "những"))
        return true;
    size_t post = lex_at(T, a, BODY_POSTS, NULL);
    if (post && is_word(T, a + post, "các"))
        return true;
    size_t h = proper_head(T, a);
    if (!h)
        return member_at(T, a) > 0 && !(is_word(T, a, "bộ") && is_word(T, a + 1, "phận")) &&
               !(a + member_at(T, a) < b && provider_verb(T, a, a + member_at(T, a)));
    if (lex_at(T, a, PEOPLE_COUNCIL, NULL) == h) {
        size_t i = a + h;
        if (is_word(T, i, "các") || is_word(T, i, "cấp"))
            return true;
        /* a counted collective: "UBND 15 phường" */
        if (i + 1 < b && T->v[i].lw[0] >= '0' && T->v[i].lw[0] <= '9' && lex_at(T, i + 1, TERRITORIAL, NULL))
            return true;
        size_t t = lex_at(T, i, TERRITORIAL, NULL);
        if (t && i + t + 1 < b &&
            (T->v[i + t].kind == TK_COMMA || is_word(T, i + t, "và")) && lex_at(T, i + t + 1, TERRITORIAL, NULL))
            return true;
    }
    for (size_t i = a + h; i + 1 < b; i++)
        if (is_word(T, i, "các") && lex_at(T, i + 1, TERRITORIAL, NULL))
            return true; /* "Trung tâm Y tế các huyện, …" */
    /* a body at several levels: "Hội đồng … cấp tỉnh, cấp huyện" */
    for (size_t i = a; i + 2 < b; i++)
        if (is_word(T, i, "cấp") && (T->v[i + 2].kind == TK_COMMA || is_word(T, i + 2, "và")) &&
            is_word(T, i + 3, "cấp"))
            return true;
    return false;
}

/* The unit's lower-case key: words joined by one space, no space before , ; ) or after (.
 * pos[i - a] receives where token i starts in the key. */
static char *make_key(kh_arena *ar, const toks *T, size_t a, size_t b, size_t *pos, char *buf,
                      size_t bufcap)
{
    size_t n = 1;
    for (size_t i = a; i < b; i++)
        n += strlen(T->v[i].lw) + 2;
    char *k = n <= bufcap ? buf : kh_alloc(ar, n);
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
        const tok *t = &T->v[i];
        if (i > a && t->kind != TK_COMMA && t->kind != TK_SEMI && t->kind != TK_CLOSE &&
            t->kind != TK_DOT && t->kind != TK_COLON && T->v[i - 1].kind != TK_OPEN)
            k[o++] = ' ';
        pos[i - a] = o;
        const char *w = t->kind == TK_WORD || t->kind == TK_DASH ? t->lw
                      : t->kind == TK_COMMA ? "," : t->kind == TK_SEMI ? ";" : t->kind == TK_COLON ? ":"
                      : t->kind == TK_OPEN ? "(" : t->kind == TK_CLOSE ? ")" : ".";
        size_t l = strlen(w);
        memcpy(k + o, w, l);
        o += l;
    }
    k[o] = 0;
    return k;
}

/* Tokens covered by a rule matching the key at token i (0 = no match). */
static size_t rule_match(const char *key, const size_t *pos, size_t ntok, size_t i, const char *from)
{
    if (from[0] && key[pos[i]] != from[0])
        return 0; /* most rules differ at the first byte */
    const char *k = key + pos[i];
    size_t l = 0;
    for (; from[l]; l++) /* one pass: no strlen + strncmp */
        if (k[l] != from[l])
            return 0;
    char e = k[l];
    if (e && e != ' ' && e != ',' && e != ';' && e != ')' && e != '.' && e != ':')
        return 0;
    size_t j = i;
    while (j < ntok && pos[j] < pos[i] + l)
        j++;
    return j - i;
}

/* Append the source text of tokens [a,b) with one space where the source had space. */
static void add_tokens(kh_arena *ar, kh_buf *out, const char *s, const toks *T, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        if (T->v[i].sp_before && out->n && i > a)
            kh_buf_addc(ar, out, ' ');
        kh_buf_add(ar, out, s + T->v[i].off, T->v[i].len);
    }
}

static void capitalise_first(kh_arena *ar, kh_buf *b)
{
    if (!b->n)
        return;
    int n;
    int32_t cp = kh_utf8_decode(b->s, b->n, &n);
    char tmp[4];
    int k = kh_utf8_encode(utf8proc_toupper(cp), tmp);
    if (k == n) {
        memcpy(b->s, tmp, (size_t)k);
        return;
    }
    kh_buf nb = {0};
    kh_buf_add(ar, &nb, tmp, (size_t)k);
    kh_buf_add(ar, &nb, b->s + n, b->n - (size_t)n);
    *b = nb;
}

/* "Công an tỉnh (Phòng Cảnh sát …)", "Sở … (Chi cục Kiểm lâm)": a parenthesis naming a
 * sub-unit by its proper name says which part of the body acts; it is part of the unit,
 * kept as written (unlike "(chủ trì)", "(nếu có)", "(qua …)" or an abbreviation "(BCĐ)").
 * T[k] is "("; returns the index of its ")" when so, else 0. */
static size_t subunit_paren(const toks *T, size_t k)
{
    if (k + 1 >= T->n || T->v[k].kind != TK_OPEN || !T->v[k + 1].cap || T->v[k + 1].abbr ||
        !proper_head(T, k + 1))
        return 0;
    for (size_t j = k + 1; j < T->n; j++) {
        if (T->v[j].kind == TK_OPEN || T->v[j].kind == TK_SEMI)
            return 0;
        if (T->v[j].kind == TK_CLOSE)
            return j;
    }
    return 0;
}

/* Canonical name of the unit T[a,b) of s; NULL when nothing is left. */
static char *canon_range(kh_ctx *ctx, const char *s, const toks *T, size_t a, size_t b, bool *group,
                         bool *requested)
{
    kh_arena *ar = ctx->arena;
    bool req = false;
    for (;;) {
        while (a < b && (T->v[a].kind == TK_DASH || T->v[a].kind == TK_COMMA || T->v[a].kind == TK_SEMI ||
                         T->v[a].kind == TK_COLON || T->v[a].kind == TK_DOT ||
                         is_word(T, a, "+") || is_word(T, a, "-") || is_word(T, a, "*") ||
                         is_word(T, a, "•") || is_word(T, a, "và")))
            a++;
        size_t r = phrase_at(T, a, "đề nghị");
        if (r && a + r < b) {
            req = true;
            a += r;
            continue;
        }
        break;
    }
    for (;;) {
        while (b > a && (T->v[b - 1].kind == TK_DOT || T->v[b - 1].kind == TK_SEMI ||
                         T->v[b - 1].kind == TK_COMMA || T->v[b - 1].kind == TK_COLON ||
                         T->v[b - 1].kind == TK_DASH || is_word(T, b - 1, "./.")))
            b--;
        if (b > a && T->v[b - 1].kind == TK_CLOSE) { /* trailing "(chủ trì)", "(nếu có)" */
            size_t k = b - 1;
            int depth = 0;
            while (k > a) {
                if (T->v[k].kind == TK_CLOSE)
                    depth++;
                else if (T->v[k].kind == TK_OPEN && --depth == 0)
                    break;
                k--;
            }
            if (k > a && T->v[k].kind == TK_OPEN && !subunit_paren(T, k)) {
                b = k;
                continue;
            }
        }
        break;
    }
    if (group)
        *group = false;
    if (requested)
        *requested = req;
    if (a < b) { /* the body, not its head's post */
        size_t p = post_before_body(T, a);
        if (p && a + p < b)
            a += p;
    }
    if (a >= b)
        return NULL;
    bool grp = is_group(T, a, b);
    if (group)
        *group = grp;

    size_t nt = b - a;
    /* scratch on the stack when small (the usual case): only the returned name is kept */
    size_t pos_buf[STACK_TOKENS];
    char key_buf[1024], out_buf[256];
    size_t *pos = nt + 1 <= STACK_TOKENS ? pos_buf : kh_alloc(ar, (nt + 1) * sizeof *pos);
    pos[nt] = 0;
    char *key = make_key(ar, T, a, b, pos, key_buf, sizeof key_buf);
    kh_buf out = {out_buf, 0, sizeof out_buf};
    size_t i = a;
    /* rules of single bodies: whole name, then the longest prefix */
    if (!grp) {
        pthread_once(&g_lex_once, lex_init); /* the rule index */
        unsigned char c0 = (unsigned char)key[0];
        /* "Ban Tuyên giáo" alone is the Tỉnh ủy's in a province's document; below the
         * province it is the district's committee or the issuer's own board (a district
         * Front's "Ban Tuyên giáo" beside its "Ban Phong trào"): kept as written */
        const kh_issuer *is = ctx->res ? ctx->res->doc.issuer : NULL;
        bool below_province = is && is->level && (!strcmp(is->level, "district") || !strcmp(is->level, "commune"));
        for (int j = g_rule_start[c0]; j < g_rule_start[c0 + 1] && i == a; j++) {
            int r = g_rule_order[j];
            if (RULES[r].kind == UR_WHOLE && below_province && strstr(RULES[r].to, " Tỉnh ủy"))
                continue;
            if (RULES[r].kind == UR_WHOLE && rule_match(key, pos, nt, 0, RULES[r].from) == nt) {
                kh_buf_adds(ar, &out, RULES[r].to);
                i = b;
            }
        }
        if (i == a) {
            size_t best = 0;
            int which = -1;
            for (int j = g_rule_start[c0]; j < g_rule_start[c0 + 1]; j++) {
                int r = g_rule_order[j];
                if (RULES[r].kind == UR_PREFIX) {
                    size_t m = rule_match(key, pos, nt, 0, RULES[r].from);
                    if (m > best)
                        best = m, which = r;
                }
            }
            if (which >= 0) {
                kh_buf_adds(ar, &out, RULES[which].to);
                i = a + best;
            }
        }
    }
    while (i < b) {
        const tok *t = &T->v[i];
        if (t->sp_before && out.n && !(out.n && out.s[out.n - 1] == '('))
            kh_buf_addc(ar, &out, ' ');
        /* typos: "có quan liên quan" -> "có liên quan", "có quan" -> "cơ quan", "và và" */
        if (is_word(T, i, "có") && is_word(T, i + 1, "quan") && i + 1 < b) {
            if (phrase_at(T, i + 2, "liên quan")) {
                add_tokens(ar, &out, s, T, i, i + 1);
                i += 2;
            } else {
                kh_buf_adds(ar, &out, t->cap ? "Cơ quan" : "cơ quan");
                i += 2;
            }
            continue;
        }
        if (is_word(T, i, "và") && is_word(T, i + 1, "và")) {
            i++;
            continue;
        }
        if (!grp) {
            size_t m = 0;
            int which = -1;
            unsigned char c = (unsigned char)key[pos[i - a]];
            for (int j = g_rule_start[c]; j < g_rule_start[c + 1]; j++) {
                int r = g_rule_order[j];
                if (RULES[r].kind == UR_WORD) {
                    size_t k = rule_match(key, pos, nt, i - a, RULES[r].from);
                    if (k > m && i + k <= b)
                        m = k, which = r;
                }
            }
            if (which >= 0) {
                kh_buf_adds(ar, &out, RULES[which].to);
                i += m;
                continue;
            }
        }
        kh_buf_add(ar, &out, s + t->off, t->len);
        /* "UBND các huyện thành phố" -> "UBND các huyện, thành phố" */
        if (grp && t->kind == TK_WORD && !t->cap) {
            size_t p = lex_at(T, i, TERRITORIAL, NULL);
            if (p == 1 && !is_word(T, i, "tỉnh") && i + 1 < b && !T->v[i + 1].cap) {
                size_t q = lex_at(T, i + 1, TERRITORIAL, NULL);
                if (q && !is_word(T, i + 1, "tỉnh") && i + 1 + q <= b && !is_word(T, i - 1, "cấp"))
                    kh_buf_addc(ar, &out, ',');
            }
        }
        i++;
    }
    if (!out.n)
        return NULL;
    capitalise_first(ar, &out);
    return kh_strndup(ar, out.s, out.n);
}

/* ---------------------------------------------------------------- public */

static void push_unit(kh_ctx *ctx, kh_units *out, const char *s, const toks *T, size_t a, size_t b)
{
    bool g, r;
    char *name = canon_range(ctx, s, T, a, b, &g, &r);
    if (!name)
        return;
    for (size_t k = out->n > 64 ? out->n - 64 : 0; k < out->n; k++) /* bounded: linear on huge lists */
        if (strcmp(out->v[k].name, name) == 0)
            return; /* listed twice */
    kh_unit u = {name, g, r};
    KH_PUSH(ctx->arena, *out, u);
}

void kh_units_parse(kh_ctx *ctx, const char *s, size_t len, kh_units *out)
{
    if (!s || !len)
        return;
    tok buf[STACK_TOKENS];
    toks T = tokenize(ctx->arena, s, len, buf, STACK_TOKENS);
    size_t ustart = 0, pstart = 0;
    unit_kind kind = kind_at(&T, 0);
    int depth = 0;
    for (size_t i = 0; i < T.n; i++) {
        const tok *t = &T.v[i];
        if (t->kind == TK_OPEN) {
            depth++;
            continue;
        }
        if (t->kind == TK_CLOSE) {
            if (depth)
                depth--;
            continue;
        }
        if (depth)
            continue;
        if (kind == U_PROPER && territorial_list_at(&T, i))
            kind = U_COUNCIL_LIST;
        if (t->kind == TK_SEMI) {
            push_unit(ctx, out, s, &T, ustart, i);
            ustart = pstart = i + 1;
            kind = kind_at(&T, ustart);
            continue;
        }
        bool is_and = is_word(&T, i, "và") && i > ustart;
        if (t->kind != TK_COMMA && !is_and)
            continue;
        size_t j = i + 1;
        if (t->kind == TK_COMMA && is_word(&T, j, "và")) {
            j++;
            is_and = true;
        }
        bool mod = piece_modified(&T, pstart, i);
        if (is_and && joint_office_and(&T, ustart, i))
            continue;
        /* "Thủ trưởng các Vụ, Cục, Văn phòng Bộ, Thanh tra Bộ": the heads of every body
         * listed, one collective; only another post ("…, Chủ tịch UBND các huyện") splits */
        size_t us = skip_request(&T, ustart), post = lex_at(&T, us, BODY_POSTS, NULL);
        if (post && is_word(&T, us + post, "các") && !lex_at(&T, skip_request(&T, j), BODY_POSTS, NULL)) {
            pstart = j;
            i = j - 1;
            continue;
        }
        if (split_before(&T, kind, mod, is_and, j)) {
            push_unit(ctx, out, s, &T, ustart, i);
            ustart = j;
            kind = kind_at(&T, j);
        }
        pstart = j;
        i = j - 1;
    }
    push_unit(ctx, out, s, &T, ustart, T.n);
}

char *kh_unit_canonical(kh_ctx *ctx, const char *s, size_t len, bool *group, bool *requested)
{
    if (group)
        *group = false;
    if (requested)
        *requested = false;
    if (!s || !len)
        return NULL;
    tok buf[STACK_TOKENS];
    toks T = tokenize(ctx->arena, s, len, buf, STACK_TOKENS);
    return canon_range(ctx, s, &T, 0, T.n, group, requested);
}

enum { SPAN_MAX_BYTES = 600, SPAN_MAX_WORDS = 48, SPAN_MAX_TOKENS = 96, SPAN_PEEK_TOKENS = 12 };

size_t kh_unit_span(kh_ctx *ctx, const char *s, size_t len)
{
    if (!s || !len)
        return 0;
    size_t sl = len < SPAN_MAX_BYTES ? len : SPAN_MAX_BYTES;
    if (sl < len) /* cut at a space so no word is split */
        while (sl > 0 && !is_space(s[sl]))
            sl--;
    tok buf[SPAN_MAX_TOKENS]; /* on the stack: called once per duty, keep the arena small */
    toks T = {buf, 0};
    /* Most texts do not start with a unit: unit_starts(0) looks at most SPAN_PEEK_TOKENS
     * ahead ("đề nghị" + the longest head + the word after it), so tokenize that much
     * first and the rest only when a unit starts. */
    tokenize_into(s, sl, &T, SPAN_PEEK_TOKENS);
    if (!T.n || !unit_starts(&T, 0))
        return 0;
    tokenize_into(s, sl, &T, SPAN_MAX_TOKENS);
    unit_kind kind = kind_at(&T, 0);
    size_t end = 0, words = 0, ustart = 0, exempt_end = 0;
    for (size_t i = 0; i < T.n && words < SPAN_MAX_WORDS; i++) {
        const tok *t = &T.v[i];
        if (t->kind == TK_WORD && is_word(&T, i, "và") && i > ustart) {
            size_t n = i + 1;
            if (joint_office_and(&T, ustart, i))
                continue;
            if (unit_starts(&T, n) && !is_stop(&T, n)) {
                kind = kind_at(&T, n);
                ustart = n;
                i = n - 1;
                continue;
            }
            if (n < T.n && T.v[n].kind == TK_WORD && T.v[n].cap)
                continue; /* "Sở Thông tin và Truyền thông" */
            if (kind == U_PROPER && n < T.n && T.v[n].kind == TK_WORD && !is_stop(&T, n) && i > 0 &&
                T.v[i - 1].kind == TK_WORD && !T.v[i - 1].cap)
                continue; /* a name's lower-case words go on: "Phòng Quản lý văn hóa và gia đình" */
            break;
        }
        if (t->kind == TK_WORD && is_word(&T, i, "|"))
            break; /* a table cell ends here: "TT | Nội dung | Cơ quan chủ trì" */
        if (t->kind == TK_WORD) {
            if (kind == U_PROPER && territorial_list_at(&T, i))
                kind = U_COUNCIL_LIST;
            size_t us = skip_request(&T, ustart);
            us += post_before_body(&T, us); /* "Trưởng các ban …": the list starts after the post */
            if (i > us && i >= exempt_end && is_stop(&T, i) && !(i == us + 1 && is_word(&T, us, "các")) &&
                lex_at(&T, i - 1, STRONG_HEADS, NULL) < 2) { /* "các ban quản lý …": a head's own words */
                size_t pv = provider_verb(&T, us, i);
                size_t op = kind == U_PROPER ? office_at_place(&T, s, i) : 0;
                if (op) { /* "… Việt Nam tại Thành phố Hồ Chí Minh" */
                    end = i + op;
                    words += op;
                    i = end - 1;
                    continue;
                }
                if (!pv)
                    break;
                exempt_end = i + pv; /* "đơn vị cung cấp phần mềm": up to the next stop */
            }
            end = i + 1;
            words++;
            continue;
        }
        if (t->kind == TK_COMMA) {
            size_t n = i + 1;
            if (is_word(&T, n, "và"))
                n++;
            if (n >= T.n || T.v[n].kind != TK_WORD)
                break;
            size_t member = member_at(&T, n);
            if ((kind == U_GROUP || kind == U_COUNCIL_LIST) && member && !is_word(&T, n, "các") &&
                !proper_head(&T, n)) {
                exempt_end = n + member;
                i = n - 1; /* shared list: "các cơ quan, tổ chức" */
                continue;
            }
            size_t pair = kind == U_PROPER ? comma_pair(&T, i) : 0;
            if (pair) { /* "Vụ Truyền thông và Thi đua, khen thưởng" */
                exempt_end = n + pair;
                i = n - 1;
                continue;
            }
            if (is_stop(&T, n))
                break;
            if (unit_starts(&T, n)) {
                kind = kind_at(&T, n);
                ustart = n;
                i = n - 1;
                continue;
            }
            if (kind != U_PROPER && !T.v[n].cap) { /* "các cơ quan thông tin, báo chí" */
                i = n - 1;
                continue;
            }
            if (kind == U_PROPER && !T.v[n].cap) { /* "Cục Quản lý Khám, chữa bệnh" */
                i = n - 1;
                continue;
            }
            if (kind == U_PROPER && T.v[n].cap) { /* "Sở Văn hóa, Thể thao và Du lịch" */
                i = n - 1;
                continue;
            }
            break;
        }
        if (t->kind == TK_DASH && i + 1 < T.n && T.v[i + 1].kind == TK_WORD &&
            (T.v[i + 1].cap || phrase_at(&T, i + 1, "xã hội")))
            continue; /* "Đài Phát thanh - Truyền hình", "các đoàn thể chính trị - xã hội" */
        size_t close = end == i ? subunit_paren(&T, i) : 0;
        if (close) { /* "Sở … (Chi cục Kiểm lâm) theo dõi …" */
            end = close + 1;
            i = close;
            continue;
        }
        break;
    }
    if (!end)
        return 0;
    const tok *last = &T.v[end - 1];
    return last->off + last->len;
}

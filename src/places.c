/* places.c — the 63 provinces and centrally-run cities of Viet Nam (before the
 * 1 July 2025 merger) and the 34 that remain after it, with lookup by folded name.
 * Used by header.c to repair place and issuer names ("Hung Yên" -> "Hưng Yên") and to
 * keep proper names capitalised when an all-caps title is put in sentence case. */
#include <string.h>

#include "internal.h"
#include "places.h"

/* name, centrally-run city, still a unit after 1 July 2025 (Nghị quyết 202/2025/QH15). */
static const kh_place places[] = {
    {"Hà Nội", true, true},          {"Hồ Chí Minh", true, true},     {"Hải Phòng", true, true},
    {"Đà Nẵng", true, true},         {"Cần Thơ", true, true},         {"Huế", true, true},
    {"Thừa Thiên Huế", false, false},
    {"Hà Giang", false, false},      {"Cao Bằng", false, true},       {"Bắc Kạn", false, false},
    {"Tuyên Quang", false, true},    {"Lào Cai", false, true},        {"Điện Biên", false, true},
    {"Lai Châu", false, true},       {"Sơn La", false, true},         {"Yên Bái", false, false},
    {"Hòa Bình", false, false},      {"Thái Nguyên", false, true},    {"Lạng Sơn", false, true},
    {"Quảng Ninh", false, true},     {"Bắc Giang", false, false},     {"Phú Thọ", false, true},
    {"Vĩnh Phúc", false, false},     {"Bắc Ninh", false, true},       {"Hải Dương", false, false},
    {"Hưng Yên", false, true},       {"Thái Bình", false, false},     {"Hà Nam", false, false},
    {"Nam Định", false, false},      {"Ninh Bình", false, true},      {"Thanh Hóa", false, true},
    {"Nghệ An", false, true},        {"Hà Tĩnh", false, true},        {"Quảng Bình", false, false},
    {"Quảng Trị", false, true},      {"Quảng Nam", false, false},     {"Quảng Ngãi", false, true},
    {"Bình Định", false, false},     {"Phú Yên", false, false},       {"Khánh Hòa", false, true},
    {"Ninh Thuận", false, false},    {"Bình Thuận", false, false},    {"Kon Tum", false, false},
    {"Gia Lai", false, true},        {"Đắk Lắk", false, true},        {"Đắk Nông", false, false},
    {"Lâm Đồng", false, true},       {"Bình Phước", false, false},    {"Tây Ninh", false, true},
    {"Bình Dương", false, false},    {"Đồng Nai", false, true},       {"Bà Rịa - Vũng Tàu", false, false},
    {"Long An", false, false},       {"Tiền Giang", false, false},    {"Bến Tre", false, false},
    {"Trà Vinh", false, false},      {"Vĩnh Long", false, true},      {"Đồng Tháp", false, true},
    {"An Giang", false, true},       {"Kiên Giang", false, false},    {"Hậu Giang", false, false},
    {"Sóc Trăng", false, false},     {"Bạc Liêu", false, false},      {"Cà Mau", false, true},
};

/* Other spellings seen in documents: folded alias -> index of the canonical entry. */
static const struct {
    const char *alias; /* already folded: [a-z0-9] only */
    const char *name;
} aliases[] = {
    {"hcm", "Hồ Chí Minh"},      {"tphcm", "Hồ Chí Minh"},   {"saigon", "Hồ Chí Minh"},
    {"thuathienhue", "Thừa Thiên Huế"}, {"daklak", "Đắk Lắk"}, {"daclac", "Đắk Lắk"},
    {"daknong", "Đắk Nông"},     {"bariavungtau", "Bà Rịa - Vũng Tàu"}, {"brvt", "Bà Rịa - Vũng Tàu"},
    {"backan", "Bắc Kạn"},       {"baccan", "Bắc Kạn"},
};

size_t kh_place_count(void) { return sizeof places / sizeof places[0]; }
const kh_place *kh_place_at(size_t i) { return i < kh_place_count() ? &places[i] : NULL; }

/* Fold s into out (at most cap-1 bytes): base letters lower-case, đ->d, digits kept,
 * everything else dropped. Returns the length. */
static size_t fold_key(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < cap;) {
        int n;
        int32_t cp = kh_utf8_decode(s + i, len - i, &n);
        i += (size_t)n;
        if (cp == 0x111 || cp == 0x110) {
            out[o++] = 'd';
            continue;
        }
        if (cp >= 0x80) {
            /* the first code point of the decomposition when ASCII (kh_fold_cp: a table,
             * where utf8proc_decompose_char cost ~300 instructions a letter) */
            int32_t f = kh_fold_cp(cp);
            if (f >= 0 && f < 0x80)
                cp = f;
            else
                continue;
        }
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            out[o++] = (char)cp;
    }
    out[o] = 0;
    return o;
}

const kh_place *kh_place_lookup(const char *s, size_t len)
{
    char key[128], k2[128];
    if (!fold_key(s, len, key, sizeof key))
        return NULL;
    if (len > 100)
        return NULL;
    for (size_t i = 0; i < kh_place_count(); i++) {
        fold_key(places[i].name, strlen(places[i].name), k2, sizeof k2);
        if (!strcmp(key, k2))
            return &places[i];
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcmp(key, aliases[i].alias))
            for (size_t j = 0; j < kh_place_count(); j++)
                if (!strcmp(places[j].name, aliases[i].name))
                    return &places[j];
    return NULL;
}

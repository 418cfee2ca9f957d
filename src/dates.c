/*
 * dates.c — date expressions of Vietnamese administrative text (shared helper).
 *
 * Accepted forms (keywords case-insensitive, any run of spaces between words):
 *   21/3/2023   21-3-2023   21.3.2023          (one separator kind, 4-digit year)
 *   ngày 21/3/2023                             ("ngày" prefix consumed)
 *   ngày 21 tháng 3 năm 2023                   -> 2023-03-21
 *   ngày    tháng 5 năm 2023 / ngày … tháng 5  -> 2023-05     (blank day)
 *   ngày  tháng  năm 2023                      -> 2023        (blank day and month)
 *   tháng 12/2024   tháng 12-2024   tháng 12 năm 2024         -> 2024-12
 *   năm 2023                                   -> 2023
 * Checks: month 1..12, day within the month (leap years), year 1945..2100.
 * Two-digit years, day-month without a year and quarters ("Quý II/2024") are not dates.
 */
#include <string.h>

#include "internal.h"

#define YEAR_MIN 1945
#define YEAR_MAX 2100

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_ascii_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Spaces and tabs. */
static size_t skip_sp(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* A blank placeholder where a day or month was left to fill in by hand:
 * spaces, dots, "…", underscores. Returns the new offset. */
static size_t skip_blank_field(const char *s, size_t len, size_t i)
{
    for (;;) {
        if (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '.' || s[i] == '_'))
            i++;
        else if (i + 3 <= len && memcmp(s + i, "\xE2\x80\xA6", 3) == 0) /* … */
            i += 3;
        else
            return i;
    }
}


/* 1..maxd digits as a number; *n receives the count. -1 when none. */
static int read_num(const char *s, size_t len, size_t i, int maxd, size_t *n)
{
    int v = 0, d = 0;
    while (i + (size_t)d < len && is_digit(s[i + d])) {
        if (d == maxd)
            return -1; /* too many digits */
        v = v * 10 + (s[i + d] - '0');
        d++;
    }
    *n = (size_t)d;
    return d ? v : -1;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

static bool set_date(kh_date *out, int y, int m, int d)
{
    if (y < YEAR_MIN || y > YEAR_MAX)
        return false;
    if (m != 0 && (m < 1 || m > 12))
        return false;
    if (m != 0 && d != 0 && (d < 1 || d > days_in_month(y, m)))
        return false;
    if (m == 0 && d != 0)
        return false;
    put2(out->s, y / 100);
    put2(out->s + 2, y % 100);
    out->s[4] = 0;
    if (m) {
        out->s[4] = '-';
        put2(out->s + 5, m);
        out->s[7] = 0;
        if (d) {
            out->s[7] = '-';
            put2(out->s + 8, d);
            out->s[10] = 0;
        }
    }
    return true;
}

/* A 4-digit year at s+i not followed by another digit (or a '/' that would make it a
 * part of a document symbol such as "12/2024/QĐ-UBND"). Returns the year or -1. */
static int read_year(const char *s, size_t len, size_t i, size_t *n)
{
    int y = read_num(s, len, i, 4, n);
    if (y < 0 || *n != 4)
        return -1;
    size_t e = i + 4;
    if (e < len && (is_digit(s[e]) || s[e] == '/' || is_ascii_alnum(s[e])))
        return -1;
    return y;
}

/* d/m/y, d-m-y or d.m.y at s+i. */
static size_t parse_numeric(const char *s, size_t len, size_t i, kh_date *out)
{
    size_t n;
    int d = read_num(s, len, i, 2, &n);
    if (d < 0)
        return 0;
    size_t j = i + n;
    if (j >= len)
        return 0;
    char sep = s[j];
    if (sep != '/' && sep != '-' && sep != '.')
        return 0;
    j++;
    int m = read_num(s, len, j, 2, &n);
    if (m < 0)
        return 0;
    j += n;
    if (j >= len || s[j] != sep)
        return 0;
    j++;
    int y = read_year(s, len, j, &n);
    if (y < 0)
        return 0;
    j += n;
    if (d == 0 || !set_date(out, y, m, d))
        return 0;
    return j - i;
}

/* "tháng M năm Y", "tháng M/Y", "tháng M-Y" at s+i (i at "tháng"); day d (0 = none). */
static size_t parse_thang(const char *s, size_t len, size_t i, int d, bool blank_ok,
                          kh_date *out)
{
    size_t k = kh_word_ci(s, len, i, "tháng");
    if (!k)
        return 0;
    size_t j = skip_sp(s, len, i + k), n;
    int m = read_num(s, len, j, 2, &n);
    if (m < 0) {
        if (!blank_ok)
            return 0;
        j = skip_blank_field(s, len, j);
        m = 0;
    } else {
        j += n;
        if (j < len && (s[j] == '/' || s[j] == '-')) {
            if (d)
                return 0; /* "ngày 5 tháng 3/2023": not a form we know */
            int y = read_year(s, len, j + 1, &n);
            if (y < 0 || !set_date(out, y, m, 0))
                return 0;
            return j + 1 + n - i;
        }
        j = skip_sp(s, len, j);
    }
    k = kh_word_ci(s, len, j, "năm");
    if (!k)
        return 0;
    j = skip_sp(s, len, j + k);
    int y = read_year(s, len, j, &n);
    if (y < 0)
        return 0;
    if (m == 0 && d)
        return 0;
    if (!set_date(out, y, m, d))
        return 0;
    return j + n - i;
}

size_t kh_date_parse(const char *s, size_t len, kh_date *out)
{
    kh_date tmp;
    size_t i = skip_sp(s, len, 0), k, n;
    tmp.s[0] = 0;
    out->s[0] = 0;
    if (i >= len)
        return 0;
    size_t r = 0;
    if ((k = kh_word_ci(s, len, i, "ngày"))) {
        size_t j = skip_sp(s, len, i + k);
        if ((r = parse_numeric(s, len, j, &tmp))) {
            r += j - i;
        } else {
            int d = read_num(s, len, j, 2, &n);
            if (d >= 0) {
                if (d == 0)
                    return 0;
                j = skip_sp(s, len, j + n);
                r = parse_thang(s, len, j, d, false, &tmp);
            } else {
                j = skip_blank_field(s, len, j);
                r = parse_thang(s, len, j, 0, true, &tmp);
            }
            if (r)
                r += j - i;
        }
    } else if (kh_word_ci(s, len, i, "tháng")) {
        r = parse_thang(s, len, i, 0, false, &tmp);
    } else if ((k = kh_word_ci(s, len, i, "năm"))) {
        size_t j = skip_sp(s, len, i + k);
        int y = read_year(s, len, j, &n);
        if (y >= 0 && set_date(&tmp, y, 0, 0))
            r = j + n - i;
    } else if (is_digit(s[i])) {
        r = parse_numeric(s, len, i, &tmp);
    }
    if (!r)
        return 0;
    *out = tmp;
    return i + r;
}

/* Code point before s+i is a letter/digit (so s+i is inside a word or number). */
static bool inside_word(const char *s, size_t i)
{
    if (i == 0)
        return false;
    unsigned char c = (unsigned char)s[i - 1];
    if (c < 0x80)
        return is_ascii_alnum((char)c) || c == '/' || c == '_' ||
               ((c == '-' || c == '.') && i >= 2 && is_digit(s[i - 2]));
    size_t b = i - 1;
    while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
        b--;
    int n;
    int32_t cp = kh_utf8_decode(s + b, i - b, &n);
    /* Latin letters with marks (Vietnamese) and other scripts count as letters;
     * general punctuation, quotes and symbols do not. */
    if (cp >= 0x00C0 && cp < 0x2000)
        return true;
    return false;
}

size_t kh_date_find(const char *s, size_t len, kh_date *out, size_t *at)
{
    out->s[0] = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool cand = is_digit(c) || c == 'n' || c == 'N' || c == 't' || c == 'T';
        if (!cand || inside_word(s, i))
            continue;
        size_t r = kh_date_parse(s + i, len - i, out);
        if (r) {
            if (at)
                *at = i;
            return r;
        }
        if (is_digit(c)) /* skip the rest of this number */
            while (i + 1 < len && is_digit(s[i + 1]))
                i++;
    }
    out->s[0] = 0;
    return 0;
}

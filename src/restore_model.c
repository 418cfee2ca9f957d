/* restore_model.c — memory-mapped restoration model: validation and lookups.
 *
 * Layout (little-endian): 64-byte header {magic "KHRMODEL", u32 version, u32 header_size,
 * u64 file_size, u64 checksum of the payload, u32 nsections, u32 nsyl, nfold, bsize,
 * tsize, nspecial}, then a directory of {u32 id, u32 pad, u64 offset, u64 size}, then
 * 8-aligned sections (ids 1..14, see docs/RESTORE.md). Written by tools/train/khparse_train.py. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "restore_model.h"

static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

uint32_t kh_rm_hash_str(const char *s, size_t n)
{
    uint32_t h = 0x811C9DC5u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x01000193u;
    return h;
}

static uint64_t payload_checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        h = (h ^ rd64(p + i)) * 0x100000001B3ull;
        h ^= h >> 29;
    }
    if (i < n) {
        unsigned char tail[8] = {0};
        memcpy(tail, p + i, n - i);
        h = (h ^ rd64(tail)) * 0x100000001B3ull;
        h ^= h >> 29;
    }
    return h;
}

static int fail(char *err, size_t errlen, const char *fmt, const char *a)
{
    snprintf(err, errlen, fmt, a);
    return -1;
}

static int decode_chan(const unsigned char *p, size_t size, kh_rm_chan **out, size_t *n)
{
    size_t cnt = size / 20;
    kh_rm_chan *v = kh_malloc((cnt ? cnt : 1) * sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < cnt; i++) {
        const unsigned char *r = p + 20 * i;
        kh_rm_chan c = {0};
        c.clean = (int32_t)rd32(r);
        int16_t cost;
        memcpy(&cost, r + 4, 2);
        c.cost = cost;
        size_t blen = r[6] < 12 ? r[6] : 12;
        const char *s = (const char *)r + 8;
        for (size_t j = 0; j < blen && c.olen < 3;) {
            int k;
            c.o[c.olen++] = kh_utf8_decode(s + j, blen - j, &k);
            j += (size_t)k;
        }
        v[i] = c;
    }
    *out = v;
    *n = cnt;
    return 0;
}

int kh_rm_open(const char *path, kh_rmodel **out, char *err, size_t errlen)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(err, errlen, "cannot open restoration model %s", path);
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < 64) {
        close(fd);
        return fail(err, errlen, "restoration model %s is truncated", path);
    }
    size_t len = (size_t)st.st_size;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return fail(err, errlen, "cannot map restoration model %s", path);
    const unsigned char *b = map;
    kh_rmodel *m = NULL;
    if (memcmp(b, KH_RM_MAGIC, 8) != 0) {
        fail(err, errlen, "%s is not a khparse restoration model", path);
        goto bad;
    }
    if (rd32(b + 8) != KH_RM_VERSION) {
        fail(err, errlen, "restoration model %s has an unsupported version", path);
        goto bad;
    }
    uint32_t hsize = rd32(b + 12), nsec = rd32(b + 32);
    if (rd64(b + 16) != len || hsize > len || hsize < 64 + 24ull * nsec || nsec > 64) {
        fail(err, errlen, "restoration model %s is truncated or corrupt", path);
        goto bad;
    }
    if (payload_checksum(b + hsize, len - hsize) != rd64(b + 24)) {
        fail(err, errlen, "restoration model %s: checksum mismatch", path);
        goto bad;
    }
    m = kh_malloc(sizeof *m);
    if (!m) {
        fail(err, errlen, "out of memory loading %s", path);
        goto bad;
    }
    memset(m, 0, sizeof *m);
    m->map = map;
    m->map_len = len;
    m->nsyl = rd32(b + 36);
    m->nfold = rd32(b + 40);
    m->bsize = rd32(b + 44);
    m->tsize = rd32(b + 48);
    const unsigned char *sec[16] = {0};
    uint64_t ssz[16] = {0};
    for (uint32_t i = 0; i < nsec; i++) {
        const unsigned char *d = b + 64 + 24 * i;
        uint32_t id = rd32(d);
        uint64_t off = rd64(d + 8), sz = rd64(d + 16);
        if (id >= 16 || off > len || sz > len - off || (off & 7)) {
            fail(err, errlen, "restoration model %s: bad section directory", path);
            goto bad;
        }
        sec[id] = b + off;
        ssz[id] = sz;
    }
    for (int i = 1; i <= 14; i++)
        if (!sec[i] && ssz[i] == 0 && i != 13 && i != 14) {
            fail(err, errlen, "restoration model %s: missing section", path);
            goto bad;
        }
#define POW2(x) ((x) && !((x) & ((x) - 1)))
    m->syl_pool = (const char *)sec[1];
    m->syl_off = (const uint32_t *)sec[2];
    m->syl_hash = (const uint32_t *)sec[3];
    m->syl_hsize = (uint32_t)(ssz[3] / 4);
    m->uni = (const int16_t *)sec[4];
    m->fold_pool = (const char *)sec[5];
    m->fold_ent = (const uint32_t *)sec[6];
    m->fold_hash = (const uint32_t *)sec[7];
    m->fold_hsize = (uint32_t)(ssz[7] / 4);
    m->fold_ids = (const uint32_t *)sec[8];
    m->bi_keys = (const uint32_t *)sec[9];
    m->bi_vals = (const int16_t *)sec[10];
    m->tri_keys = (const uint64_t *)sec[11];
    m->tri_vals = (const int16_t *)sec[12];
    m->casep = ssz[15] == 4ull * m->nsyl ? (const int16_t *)sec[15] : NULL; /* optional */
    if (ssz[2] != 4ull * m->nsyl || ssz[4] != 4ull * m->nsyl || ssz[6] != 12ull * m->nfold ||
        !POW2(m->syl_hsize) || !POW2(m->fold_hsize) || !POW2(m->bsize) || !POW2(m->tsize) ||
        ssz[9] != 4ull * m->bsize || ssz[10] != 4ull * m->bsize || ssz[11] != 8ull * m->tsize ||
        ssz[12] < 2ull * m->tsize || m->nsyl < 5 || (ssz[1] && sec[1][ssz[1] - 1] != 0) ||
        (ssz[5] && sec[5][ssz[5] - 1] != 0)) {
        fail(err, errlen, "restoration model %s: inconsistent tables", path);
        goto bad;
    }
    for (uint32_t i = 0; i < m->nsyl; i++)
        if (m->syl_off[i] >= ssz[1]) {
            fail(err, errlen, "restoration model %s: bad string offset", path);
            goto bad;
        }
    for (uint32_t i = 0; i < m->nfold; i++) {
        const uint32_t *e = m->fold_ent + 3 * i;
        if (e[0] >= ssz[5] || (uint64_t)e[1] + e[2] > ssz[8] / 4) {
            fail(err, errlen, "restoration model %s: bad fold index", path);
            goto bad;
        }
    }
    for (uint64_t i = 0; i < ssz[8] / 4; i++)
        if (m->fold_ids[i] >= m->nsyl) {
            fail(err, errlen, "restoration model %s: bad fold index", path);
            goto bad;
        }
    if (decode_chan(sec[13], ssz[13], &m->chan, &m->nchan) || decode_chan(sec[14], ssz[14], &m->rev, &m->nrev)) {
        fail(err, errlen, "out of memory loading %s", path);
        goto bad;
    }
    *out = m;
    return 0;
bad:
    if (m) {
        kh_dealloc(m->chan);
        kh_dealloc(m->rev);
        kh_dealloc(m);
    }
    munmap(map, len);
    return -1;
}

void kh_rm_close(kh_rmodel *m)
{
    if (!m)
        return;
    munmap(m->map, m->map_len);
    kh_dealloc(m->chan);
    kh_dealloc(m->rev);
    kh_dealloc(m);
}

const char *kh_rm_word(const kh_rmodel *m, uint32_t id)
{
    return id < m->nsyl ? m->syl_pool + m->syl_off[id] : "";
}

int32_t kh_rm_find(const kh_rmodel *m, const char *s, size_t n)
{
    uint32_t mask = m->syl_hsize - 1, h = kh_rm_hash_str(s, n) & mask;
    for (uint32_t probes = 0; probes <= mask; probes++, h = (h + 1) & mask) {
        uint32_t v = m->syl_hash[h];
        if (!v)
            return -1;
        if (v - 1 >= m->nsyl)
            return -1;
        const char *w = m->syl_pool + m->syl_off[v - 1];
        if (strncmp(w, s, n) == 0 && w[n] == 0)
            return (int32_t)(v - 1);
    }
    return -1;
}

const uint32_t *kh_rm_fold(const kh_rmodel *m, const char *s, size_t n, uint32_t *count)
{
    uint32_t mask = m->fold_hsize - 1, h = kh_rm_hash_str(s, n) & mask;
    *count = 0;
    for (uint32_t probes = 0; probes <= mask; probes++, h = (h + 1) & mask) {
        uint32_t v = m->fold_hash[h];
        if (!v || v - 1 >= m->nfold)
            return NULL;
        const uint32_t *e = m->fold_ent + 3 * (v - 1);
        const char *w = m->fold_pool + e[0];
        if (strncmp(w, s, n) == 0 && w[n] == 0) {
            *count = e[2];
            return m->fold_ids + e[1];
        }
    }
    return NULL;
}

int kh_rm_lm_bow(const kh_rmodel *m, uint32_t t, uint32_t u, uint32_t w, int bow)
{
    uint64_t key = ((uint64_t)(t + 1) << 32) | ((uint64_t)u << 16) | w;
    uint64_t mask = m->tsize - 1, h = kh_rm_mix64(key) & mask;
    if (bow != 0) /* (t, u) has trigram continuations: look them up */
        for (uint64_t probes = 0; probes <= mask; probes++, h = (h + 1) & mask) {
            uint64_t k = m->tri_keys[h];
            if (k == key)
                return m->tri_vals[h];
            if (!k)
                break;
        }
    return bow + kh_rm_lm2(m, u, w);
}

int kh_rm_lm(const kh_rmodel *m, uint32_t t, uint32_t u, uint32_t w)
{
    uint64_t key = ((uint64_t)(t + 1) << 32) | ((uint64_t)u << 16) | w;
    uint64_t mask = m->tsize - 1, h = kh_rm_mix64(key) & mask;
    for (uint64_t probes = 0; probes <= mask; probes++, h = (h + 1) & mask) {
        uint64_t k = m->tri_keys[h];
        if (k == key)
            return m->tri_vals[h];
        if (!k)
            break;
    }
    long b = kh_rm_bi_find(m, t, u);
    int bow = b >= 0 ? m->bi_vals[2 * b + 1] : 0;
    return bow + kh_rm_lm2(m, u, w);
}

/* restore_model.h — the restoration model file (memory-mapped), see docs/RESTORE.md.
 * Private to restore.c / restore_model.c. */
#ifndef KH_RESTORE_MODEL_H
#define KH_RESTORE_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KH_RM_MAGIC "KHRMODEL"
#define KH_RM_VERSION 1
#define KH_RM_FILE "khparse-vi.model"

enum { KH_RM_UNK = 0, KH_RM_BOS = 1, KH_RM_EOS = 2, KH_RM_NUM = 3, KH_RM_PUNCT = 4 };

/* One channel row: clean code point (0 = nothing) -> OCR string (0..3 code points). */
typedef struct kh_rm_chan {
    int32_t clean;
    int16_t cost;     /* -log10 P * 1000 */
    uint8_t olen;     /* code points in o */
    int32_t o[3];
} kh_rm_chan;

typedef struct kh_rmodel {
    void *map;
    size_t map_len;
    uint32_t nsyl, nfold, bsize, tsize;
    const char *syl_pool;
    const uint32_t *syl_off, *syl_hash;
    uint32_t syl_hsize;
    const int16_t *uni;          /* [2*nsyl]: logp, bow */
    const char *fold_pool;
    const uint32_t *fold_ent;    /* [3*nfold]: str_off, ids_off, n */
    const uint32_t *fold_hash;
    uint32_t fold_hsize;
    const uint32_t *fold_ids;
    const uint32_t *bi_keys;
    const int16_t *bi_vals;      /* [2*bsize] */
    const int16_t *casep;        /* [2*nsyl]: log10 P(Title | w), P(lower | w) inside a sentence; NULL if absent */
    const uint64_t *tri_keys;
    const int16_t *tri_vals;
    /* channel, decoded at load */
    kh_rm_chan *chan;            /* sorted by clean */
    size_t nchan;
    kh_rm_chan *rev;             /* folded-level reverse rules (clean = folded ASCII char or 0) */
    size_t nrev;
} kh_rmodel;

/* Open and validate (magic, version, sizes, checksum). Returns 0 or -1 with a message. */
int kh_rm_open(const char *path, kh_rmodel **out, char *err, size_t errlen);
void kh_rm_close(kh_rmodel *m);

uint32_t kh_rm_hash_str(const char *s, size_t n);
/* Syllable id of a lower-case NFC string, -1 if unknown. */
int32_t kh_rm_find(const kh_rmodel *m, const char *s, size_t n);
const char *kh_rm_word(const kh_rmodel *m, uint32_t id);
/* Syllable ids whose ASCII skeleton is s (most probable first); NULL if none. */
const uint32_t *kh_rm_fold(const kh_rmodel *m, const char *s, size_t n, uint32_t *count);
/* log10 P(w | t u) with backoff (t, u may be BOS). In units of 1/1000. */
int kh_rm_lm(const kh_rmodel *m, uint32_t t, uint32_t u, uint32_t w);
/* The same in two steps: bow = kh_rm_bow(t, u) once per context, then per word. */
int kh_rm_lm_bow(const kh_rmodel *m, uint32_t t, uint32_t u, uint32_t w, int bow);

/* The hash probes below are inline: the OCR-mode decoder makes tens of millions of them
 * per MB, and the call overhead was a tenth of their cost. */
static inline uint64_t kh_rm_mix64(uint64_t k)
{
    k = (k ^ (k >> 33)) * 0xFF51AFD7ED558CCDull;
    k = (k ^ (k >> 33)) * 0xC4CEB9FE1A85EC53ull;
    return k ^ (k >> 33);
}

static inline int kh_rm_unigram(const kh_rmodel *m, uint32_t w)
{
    return w < m->nsyl ? m->uni[2 * w] : m->uni[0];
}

/* Bigram entry index or -1. */
static inline long kh_rm_bi_find(const kh_rmodel *m, uint32_t u, uint32_t w)
{
    uint32_t key = ((u + 1) << 16) | w, mask = m->bsize - 1;
    uint32_t h = (uint32_t)(kh_rm_mix64(key) & mask);
    for (uint32_t probes = 0; probes <= mask; probes++, h = (h + 1) & mask) {
        uint32_t k = m->bi_keys[h];
        if (k == key)
            return (long)h;
        if (!k)
            return -1;
    }
    return -1;
}

static inline int kh_rm_bow(const kh_rmodel *m, uint32_t t, uint32_t u)
{
    long b = kh_rm_bi_find(m, t, u);
    return b >= 0 ? m->bi_vals[2 * b + 1] : 0;
}

/* Pieces of kh_rm_lm_bow for callers that share work between contexts:
 * kh_rm_lm_bow(t, u, w, bow) == (bow != 0 && kh_rm_tri(t, u, w, &v)) ? v : bow + kh_rm_lm2(u, w). */
static inline bool kh_rm_tri(const kh_rmodel *m, uint32_t t, uint32_t u, uint32_t w, int *val)
{
    uint64_t key = ((uint64_t)(t + 1) << 32) | ((uint64_t)u << 16) | w;
    uint64_t mask = m->tsize - 1, h = kh_rm_mix64(key) & mask;
    for (uint64_t probes = 0; probes <= mask; probes++, h = (h + 1) & mask) {
        uint64_t k = m->tri_keys[h];
        if (k == key) {
            *val = m->tri_vals[h];
            return true;
        }
        if (!k)
            break;
    }
    return false;
}

static inline int kh_rm_lm2(const kh_rmodel *m, uint32_t u, uint32_t w)
{
    long b = kh_rm_bi_find(m, u, w);
    if (b >= 0)
        return m->bi_vals[2 * b];
    return (u < m->nsyl ? m->uni[2 * u + 1] : 0) + kh_rm_unigram(m, w);
}

/* kh_rm_lm2(u, w) and kh_rm_bow(u, w) with one probe */
static inline void kh_rm_bi(const kh_rmodel *m, uint32_t u, uint32_t w, int *lp, int *bow)
{
    long b = kh_rm_bi_find(m, u, w);
    if (b >= 0) {
        *lp = m->bi_vals[2 * b];
        *bow = m->bi_vals[2 * b + 1];
    } else {
        *lp = (u < m->nsyl ? m->uni[2 * u + 1] : 0) + kh_rm_unigram(m, w);
        *bow = 0;
    }
}

#endif

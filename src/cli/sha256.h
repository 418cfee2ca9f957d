/* sha256.h — SHA-256 (FIPS 180-4) for `khparse batch` (input fingerprints). */
#ifndef KH_SHA256_H
#define KH_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct kh_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t nbuf;
} kh_sha256;

void kh_sha256_init(kh_sha256 *s);
void kh_sha256_update(kh_sha256 *s, const void *data, size_t len);
void kh_sha256_final(kh_sha256 *s, unsigned char digest[32]);
/* Hex digest (64 chars + NUL) of len bytes. */
void kh_sha256_hex(const void *data, size_t len, char hex[65]);
#endif

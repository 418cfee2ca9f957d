/* places.h — Vietnamese provinces and centrally-run cities (places.c). */
#ifndef KH_PLACES_H
#define KH_PLACES_H
#include <stdbool.h>
#include <stddef.h>

typedef struct kh_place {
    const char *name;   /* canonical NFC spelling, new-style tone placement ("Thanh Hóa") */
    bool city;          /* centrally-run city (thành phố trực thuộc trung ương) */
    bool current;       /* still a province/city after the 1 July 2025 merger */
} kh_place;

/* The place whose name matches s[0..len) when both are folded (case, tone marks,
 * đ, hyphens and spaces ignored): "HUNG YÊN", "Hưng Yên", "Bà Rịa-Vũng Tàu", "TP HCM"
 * all match. NULL when none. */
const kh_place *kh_place_lookup(const char *s, size_t len);
/* Number of table entries and entry i (for tests and for scanning). */
size_t kh_place_count(void);
const kh_place *kh_place_at(size_t i);

#endif

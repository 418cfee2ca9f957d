/* test.h — a minimal unit-test harness: CHECK macros and a runner. */
#ifndef KH_TEST_H
#define KH_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int kh_test_failures = 0;
static int kh_test_checks = 0;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        kh_test_checks++;                                                              \
        if (!(cond)) {                                                                 \
            kh_test_failures++;                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
        }                                                                              \
    } while (0)

#define CHECK_STR(got, want)                                                           \
    do {                                                                               \
        const char *g_ = (got), *w_ = (want);                                          \
        kh_test_checks++;                                                              \
        if ((g_ == NULL) != (w_ == NULL) || (g_ && strcmp(g_, w_))) {                  \
            kh_test_failures++;                                                        \
            fprintf(stderr, "%s:%d: %s\n   got: %s\n  want: %s\n", __FILE__, __LINE__, \
                    #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");                     \
        }                                                                              \
    } while (0)

#define CHECK_INT(got, want)                                                           \
    do {                                                                               \
        long long g_ = (long long)(got), w_ = (long long)(want);                       \
        kh_test_checks++;                                                              \
        if (g_ != w_) {                                                                \
            kh_test_failures++;                                                        \
            fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, \
                    g_, w_);                                                           \
        }                                                                              \
    } while (0)

#define TEST_MAIN_END()                                                                \
    do {                                                                               \
        printf("%d checks, %d failures\n", kh_test_checks, kh_test_failures);          \
        return kh_test_failures ? 1 : 0;                                               \
    } while (0)

#endif

// Byte classes of 64 bytes at once, for the CSV parser (Dumps): header-only, inlined into the
// Swift code that calls it. SSE2 where the target has it (every x86-64), else a portable loop.
#ifndef LEAKTRACE_BYTESCAN_H
#define LEAKTRACE_BYTESCAN_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#endif

/// Bit `k` of the result is set when `p[k]` equals `a` or `b` (k < 64). `*high` gets bits ORed
/// in when one of the 64 bytes is not ASCII (which bits is not specified; it stays 0 while every
/// byte is ASCII). Reads exactly `p[0] ..< p[64]`.
static inline uint64_t lt_match64(const uint8_t *p, uint8_t a, uint8_t b, uint64_t *high) {
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a);
    const __m128i vb = _mm_set1_epi8((char)b);
    const __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(p));
    const __m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
    const __m128i x2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 32));
    const __m128i x3 = _mm_loadu_si128((const __m128i *)(const void *)(p + 48));
    const uint64_t m0 = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x0, va), _mm_cmpeq_epi8(x0, vb)));
    const uint64_t m1 = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x1, va), _mm_cmpeq_epi8(x1, vb)));
    const uint64_t m2 = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x2, va), _mm_cmpeq_epi8(x2, vb)));
    const uint64_t m3 = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x3, va), _mm_cmpeq_epi8(x3, vb)));
    *high |= (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(x0, x1), _mm_or_si128(x2, x3)));
    return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
#else
    uint64_t m = 0;
    uint8_t h = 0;
    for (int k = 0; k < 64; k++) {
        const uint8_t c = p[k];
        h |= c;
        m |= (uint64_t)(c == a || c == b) << k;
    }
    *high |= (uint64_t)(h & 0x80);
    return m;
#endif
}

/// The structure of 64 bytes for the CSV parser's block loop: bit `k` of each mask is byte
/// `p[k]` being a quote, being the delimiter or a line feed, being a line feed. `*high` as in
/// `lt_match64`. Reads exactly `p[0] ..< p[64]`.
typedef struct {
    uint64_t quote;
    uint64_t ends;
    uint64_t newline;
} lt_csv_block;

static inline lt_csv_block lt_csv_classify64(const uint8_t *p, uint8_t delimiter, uint8_t quote, uint64_t *high) {
    lt_csv_block out;
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8((char)delimiter);
    const __m128i vq = _mm_set1_epi8((char)quote);
    const __m128i vn = _mm_set1_epi8('\n');
    uint64_t q = 0, e = 0, n = 0;
    __m128i any = _mm_setzero_si128();
    for (int k = 0; k < 4; k++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        any = _mm_or_si128(any, x);
        const __m128i isN = _mm_cmpeq_epi8(x, vn);
        q |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vq)) << (16 * k);
        n |= (uint64_t)(uint32_t)_mm_movemask_epi8(isN) << (16 * k);
        e |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_or_si128(isN, _mm_cmpeq_epi8(x, vd))) << (16 * k);
    }
    *high |= (uint32_t)_mm_movemask_epi8(any);
    out.quote = q;
    out.ends = e;
    out.newline = n;
#else
    uint64_t q = 0, e = 0, n = 0;
    uint8_t h = 0;
    for (int k = 0; k < 64; k++) {
        const uint8_t c = p[k];
        h |= c;
        q |= (uint64_t)(c == quote) << k;
        n |= (uint64_t)(c == '\n') << k;
        e |= (uint64_t)(c == '\n' || c == delimiter) << k;
    }
    *high |= (uint64_t)(h & 0x80);
    out.quote = q;
    out.ends = e;
    out.newline = n;
#endif
    return out;
}

/// Bit `k` set when `p[k] == c` (k < 64). Reads exactly `p[0] ..< p[64]`.
static inline uint64_t lt_eq64(const uint8_t *p, uint8_t c) {
    uint64_t m = 0;
#if defined(__SSE2__)
    const __m128i vc = _mm_set1_epi8((char)c);
    for (int k = 0; k < 4; k++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        m |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vc)) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++) m |= (uint64_t)(p[k] == c) << k;
#endif
    return m;
}

/// `lt_csv_classify64` for `count` consecutive blocks from `p`, block `k`'s masks going to
/// `quote[k]`, `ends[k]` and `newline[k]`: 64 bytes a step with AVX-512 (one compare per mask)
/// when `wide` (see `lt_cpu_has_avx512bw`), else 16 with SSE2. Reads exactly `p[0] ..< p[64 * count]`.
#if defined(__x86_64__) && defined(__clang__)
__attribute__((target("avx512f,avx512bw")))
static inline void lt_csv_classify_wide(const uint8_t *p, long count, uint8_t delimiter, uint8_t quote, uint64_t *quoteOut, uint64_t *endsOut, uint64_t *newlineOut, uint64_t *high) {
    const __m512i vd = _mm512_set1_epi8((char)delimiter);
    const __m512i vq = _mm512_set1_epi8((char)quote);
    const __m512i vn = _mm512_set1_epi8('\n');
    __m512i any = _mm512_setzero_si512();
    for (long k = 0; k < count; k++) {
        const __m512i x = _mm512_loadu_si512((const void *)(p + 64 * k));
        any = _mm512_or_si512(any, x);
        const uint64_t n = (uint64_t)_mm512_cmpeq_epi8_mask(x, vn);
        quoteOut[k] = (uint64_t)_mm512_cmpeq_epi8_mask(x, vq);
        endsOut[k] = (uint64_t)_mm512_cmpeq_epi8_mask(x, vd) | n;
        newlineOut[k] = n;
    }
    *high |= (uint64_t)_mm512_movepi8_mask(any);
}
#endif

static inline void lt_csv_classify_blocks(const uint8_t *p, long count, uint8_t delimiter, uint8_t quote, int wide, uint64_t *quoteOut, uint64_t *endsOut, uint64_t *newlineOut, uint64_t *high) {
#if defined(__x86_64__) && defined(__clang__)
    if (wide) {
        lt_csv_classify_wide(p, count, delimiter, quote, quoteOut, endsOut, newlineOut, high);
        return;
    }
#endif
    for (long k = 0; k < count; k++) {
        const lt_csv_block m = lt_csv_classify64(p + 64 * k, delimiter, quote, high);
        quoteOut[k] = m.quote;
        endsOut[k] = m.ends;
        newlineOut[k] = m.newline;
    }
}

/// 1 when the CPU and the OS support AVX-512BW (the CPU's feature bits, and the OS saving the
/// opmask and vector registers in XCR0), else 0.
static inline int lt_cpu_has_avx512bw(void) {
#if defined(__x86_64__) && defined(__clang__)
    unsigned int a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
    if (a < 7) return 0;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c & (1u << 27))) return 0;  // OSXSAVE
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;  // SSE, AVX, opmask, ZMM state
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
    return (b & (1u << 16)) && (b & (1u << 30)) ? 1 : 0;  // AVX512F, AVX512BW
#else
    return 0;
#endif
}

#endif

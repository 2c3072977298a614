// Byte classes of 64 bytes at once, for the CSV parser (Dumps): header-only, inlined into the
// Swift code that calls it. SSE2 where the target has it (every x86-64), else a portable loop.
#ifndef LEAKTRACE_BYTESCAN_H
#define LEAKTRACE_BYTESCAN_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
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

#endif

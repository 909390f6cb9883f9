// Explicit vectors for the hot kernels, and the clones that run them wide.
//
// double4 is four doubles as one value (the GCC and Clang vector extension):
// arithmetic and comparisons act lane by lane, and `mask ? a : b` picks
// lanes. A kernel marked EBM_VECTOR_CLONES is compiled twice, for x86-64's
// baseline (SSE2: a double4 is two registers) and for AVX2 (one register),
// and the program loader picks the clone for the machine (target_clones).
// Both clones do the same IEEE operations on each lane, in the same order, as
// a scalar loop would (no FMA: -ffp-contract=off, and AVX2 does not bring
// it), so the results are the same bits on every x86-64 machine; the tests
// compare each kernel with a plain loop bit for bit.
//
// Clang refuses to pass a 256-bit vector by value to code compiled without
// AVX, and a lambda or helper is not cloned with its caller: no function
// takes or returns a double4 by value; a helper that is inlined into the
// clones may take them by pointer or reference.
#pragma once

namespace ebm {

typedef double double4 __attribute__((vector_size(4 * sizeof(double))));
// Four doubles anywhere in memory: `*reinterpret_cast<const unaligned4*>(p)`
// reads p[0 … 3] as a double4 (and writes them through a non-const pointer).
typedef double unaligned4 __attribute__((vector_size(4 * sizeof(double)), aligned(alignof(double)), may_alias));

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EBM_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define EBM_VECTOR_CLONES
#endif

}  // namespace ebm

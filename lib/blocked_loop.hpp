// A loop over 0 … count−1 in blocks of a size fixed at compile time.
//
// The hot kernels (linear.cpp, conditional_model.cpp) keep one accumulator
// per element of a block (a row of the batch, a weight) in a local array
// `double acc[N]`; with N a constant the compiler holds the block in vector
// registers and vectorises across it, while each element's own sum still runs
// in the order the kernel writes it, so results do not depend on the blocking.
// What is left after the last whole block goes one element at a time (N = 1).
#pragma once

#include <cstddef>
#include <type_traits>

namespace ebm {

// Elements per block: four SSE2 registers of doubles.
inline constexpr std::size_t block_size = 8;

// body(n, first) for first = 0, N, 2N, … with n a std::integral_constant<std::size_t, N>
// giving the block's size N (block_size, then 1 for the remainder), covering 0 … count−1.
template <class Body>
void for_blocks(std::size_t count, Body&& body) {
    std::size_t first = 0;
    for (; first + block_size <= count; first += block_size)
        body(std::integral_constant<std::size_t, block_size>{}, first);
    for (; first < count; ++first) body(std::integral_constant<std::size_t, 1>{}, first);
}

}  // namespace ebm

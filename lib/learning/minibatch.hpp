// Deterministic minibatches: the order in which an epoch visits the samples.
//
// Legend
//   N       number of training samples
//   B       batch size; the last batch of an epoch holds the N mod B left over
//           (PyTorch's DataLoader with shuffle=True, drop_last=False)
//
// The order of epoch e is a Fisher–Yates shuffle drawn from the stream e of
// the seed (ebm::Rng(seed, e)), so any epoch can be regenerated on its own:
// a run resumed at epoch e sees exactly the batches it would have seen. Give
// the shuffler a seed of its own (e.g. derive_seed(run_seed, k)) so that its
// stream is not shared with another random choice of the run.
#pragma once

#include <cstdint>
#include <vector>

namespace ebm {

// A permutation of 0 … N−1. (N)
std::vector<std::size_t> epoch_permutation(std::uint64_t seed, std::uint64_t epoch, std::size_t sample_count);
// order (N) = that permutation, or without `shuffle` 0 … N−1, in the vector's
// own storage: a trainer's epochs allocate nothing.
void epoch_order(std::vector<std::size_t>& order, std::uint64_t seed, std::uint64_t epoch, std::size_t sample_count,
                 bool shuffle);

// epoch_permutation cut into consecutive batches of batch_size indices, the
// last one shorter when batch_size does not divide N; no batch when N = 0.
// (⌈N/B⌉, ≤ B). Throws std::invalid_argument if batch_size is 0.
std::vector<std::vector<std::size_t>> epoch_batches(std::uint64_t seed, std::uint64_t epoch,
                                                    std::size_t sample_count, std::size_t batch_size);
// The same, or without `shuffle` the samples in their order 0 … N−1: what a
// trainer visits in an epoch.
std::vector<std::vector<std::size_t>> epoch_batches(std::uint64_t seed, std::uint64_t epoch,
                                                    std::size_t sample_count, std::size_t batch_size, bool shuffle);

}  // namespace ebm

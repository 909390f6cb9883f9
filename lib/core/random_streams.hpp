// Every random-number stream of ebm, named in one place. A run has one seed;
// each use of randomness draws from a stream of its own, derived from that
// seed (rng.hpp: Rng(seed, stream), derive_seed(seed, index)), so that no
// two uses share numbers and each can be replayed alone: a resumed run, one
// more sample, one more task give the same numbers as before.
//
//   data             sample i of a data file: Rng(seed, i)                      (sampler.hpp)
//   shuffle          epoch e's order: stream e of derive_seed(seed, shuffle)    (training.hpp)
//   contrastive      step s's contrastive samples: Rng(derive_seed(derive_seed(seed, contrastive), s), n)
//                    for sample n                                               (contrastive.hpp)
//   initialisation   a network's untrained parameters: derive_seed(seed, initialisation)  (network_model.hpp)
//   latent_starts    the latent model's starts of ž's search: derive_seed(seed, latent_starts)  (latent_model.hpp)
//   restart          ebm-train's restart k ≥ 1 runs with seed derive_seed(seed, restart + k) >> 1 (train_stage.hpp)
//   decoded_slice    ebm-infer's decoded latents of slice s: derive_seed(seed, decoded_slice + s)
//   sweep tasks      task i of a sweep runs with seed derive_seed(base, i) >> 1 (sweep.hpp)
#pragma once

#include <cstdint>

namespace ebm::random_stream {

// Keyed far from small numbers (samples, steps, tasks) and from each other.
inline constexpr std::uint64_t contrastive = 1;
inline constexpr std::uint64_t shuffle = 0xFFFF'FFFF'0000'0001ULL;
inline constexpr std::uint64_t initialisation = 0x494E'4954'0000'0001ULL;  // "INIT"
inline constexpr std::uint64_t latent_starts = 0x5741'5254'0000'0001ULL;   // "WART"
inline constexpr std::uint64_t decoded_slice = 1000;
inline constexpr std::uint64_t restart = 0x5245'5354'0000'0000ULL;  // 'REST'

}  // namespace ebm::random_stream

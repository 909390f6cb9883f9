// A run's checkpoint ("ebm/checkpoint"): its TrainingState (training.hpp) —
// parameters, optimiser, progress and history — and what identifies the run,
// so that --resume continues it bit-identically. One reader and one writer
// for every model. The layout is in docs/file-formats.md.
#pragma once

#include "training.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ebm {

inline constexpr const char* checkpoint_format = "ebm/checkpoint";
inline constexpr std::int64_t checkpoint_format_version = 1;

// What a resumed run must share with the run that wrote the checkpoint.
struct RunIdentity {
    std::string options;              // the options that define the run (not where it writes, not how long)
    std::int64_t annealing_epochs = 0;  // the epochs the learning rate anneals over (0: not annealed)
};

void write_checkpoint(const std::string& path, const TrainingState& state, const RunIdentity& identity);

// The state written at `path`. RunError naming the checkpoint if it was made
// by another run, is past `epochs`, or holds another number of parameters
// than `parameter_count`.
TrainingState read_checkpoint(const std::string& path, const RunIdentity& identity, std::int64_t epochs,
                              std::size_t parameter_count);

}  // namespace ebm

// What every trainer's checkpoint holds besides its parameters and history:
// the optimiser's state and how far the run got. Written under /state of an
// "ebm/checkpoint" file; read back, it lets a resumed run continue
// bit-identically (see ellipse_training.hpp and network_training.hpp).
#pragma once

#include "h5_file.hpp"
#include "optimizer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ebm {

struct TrainingProgress {
    OptimizerState optimizer;
    std::int64_t epochs_done = 0;
    std::uint64_t steps_done = 0;
};

void write_training_progress(H5Writer& file, const TrainingProgress& progress);

// RunError naming the checkpoint if it is already past `epochs`.
TrainingProgress read_training_progress(const H5Reader& file, std::int64_t epochs);

// RunError unless the checkpoint was made by a run with these options (its
// attribute run_identity): only such a run can be resumed from it.
void check_run_identity(const H5Reader& file, const std::string& run_identity);

// A rank-1 dataset of the checkpoint as plain values (a history, a state vector).
std::vector<double> read_values(const H5Reader& file, const std::string& name);

}  // namespace ebm

// What the trainer is told: the free energy trained (β), the loss and its
// contrastive samples, the optimiser, the batches, the seed. (The latent
// grid is the model's.)
#pragma once

#include "contrastive.hpp"
#include "loss.hpp"
#include "optimizer.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>

namespace ebm {

struct TrainingSettings {
    double beta = std::numeric_limits<double>::infinity();  // the F being trained
    LossKind loss = LossKind::energy;
    LossParams loss_params;
    ContrastiveParams contrastive;  // used by every loss but `energy`
    OptimizerParams optimizer;
    std::size_t batch_size = 0;  // 0: the whole training set (full batch)
    bool shuffle = true;
    std::uint64_t seed = 1;
};

}  // namespace ebm

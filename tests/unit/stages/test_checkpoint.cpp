#include "checkpoint.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace ebm;

TEST_CASE("training progress survives a checkpoint bit for bit, and a finished one is refused", "[checkpoint]") {
    const std::string path = (fs::temp_directory_path() / "ebm-test-checkpoint.h5").string();
    TrainingProgress written;
    written.optimizer.kind = OptimizerKind::adam;
    written.optimizer.step_count = 17;
    written.optimizer.buffers["exp_avg"] = {0.1, -1.0 / 3};
    written.optimizer.buffers["exp_avg_sq"] = {1e-300, 2.5};
    written.epochs_done = 5;
    written.steps_done = 17;
    {
        H5Writer file(path, "ebm/checkpoint", 1);
        write_training_progress(file, written);
        file.commit();
    }
    const H5Reader file(path, "ebm/checkpoint", 1);
    const TrainingProgress read = read_training_progress(file, 10);
    CHECK(read.optimizer.kind == OptimizerKind::adam);
    CHECK(read.optimizer.step_count == 17);
    CHECK(read.optimizer.buffers == written.optimizer.buffers);
    CHECK(read.epochs_done == 5);
    CHECK(read.steps_done == 17);
    CHECK_THROWS_WITH(read_training_progress(file, 4), Catch::Contains("is at epoch 5, past --epochs 4"));
    fs::remove(path);
}

// Tests of lib/stages/checkpoint: a training state survives a checkpoint bit
// for bit, and a checkpoint of another run is refused naming why.
#include "checkpoint.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace ebm;

TEST_CASE("a training state survives a checkpoint bit for bit; another run's is refused", "[checkpoint]") {
    const std::string path = (fs::temp_directory_path() / "ebm-test-checkpoint.h5").string();
    TrainingState written;
    written.parameters = {0.1, -1.0 / 3, 1e-300};
    written.optimizer.kind = OptimizerKind::adam;
    written.optimizer.step_count = 17;
    written.optimizer.buffers["exp_avg"] = {0.1, -1.0 / 3, 2};
    written.optimizer.buffers["exp_avg_sq"] = {1e-300, 2.5, 3};
    written.epochs_done = 5;
    written.steps_done = 17;
    written.history.step_loss = {3, 2, 1};
    written.history.epoch = {0, 5};
    written.history.parameters = {1, 2, 3, 0.1, -1.0 / 3, 1e-300};
    written.history.train_f = {4, 0.5};
    written.history.train_f_inf = {3, 0.25};
    written.history.heldout_f_inf = {};
    const RunIdentity identity{"lr=0.1\n", 0};
    write_checkpoint(path, written, identity);

    const TrainingState read = read_checkpoint(path, identity, 10, 3);
    CHECK(read.parameters == written.parameters);
    CHECK(read.optimizer.kind == OptimizerKind::adam);
    CHECK(read.optimizer.step_count == 17);
    CHECK(read.optimizer.buffers == written.optimizer.buffers);
    CHECK(read.epochs_done == 5);
    CHECK(read.steps_done == 17);
    CHECK(read.history.step_loss == written.history.step_loss);
    CHECK(read.history.epoch == written.history.epoch);
    CHECK(read.history.parameters == written.history.parameters);
    CHECK(read.history.train_f == written.history.train_f);
    CHECK(read.history.train_f_inf == written.history.train_f_inf);
    CHECK(read.history.heldout_f_inf.empty());

    CHECK_THROWS_WITH(read_checkpoint(path, identity, 4, 3), Catch::Contains("is at epoch 5, past --epochs 4"));
    CHECK_THROWS_WITH(read_checkpoint(path, {"lr=0.2\n", 0}, 10, 3), Catch::Contains("was made with other options"));
    CHECK_THROWS_WITH(read_checkpoint(path, {"lr=0.1\n", 7}, 10, 3), Catch::Contains("over 0 epochs, this run over 7"));
    CHECK_THROWS_WITH(read_checkpoint(path, identity, 10, 4), Catch::Contains("holds 3 parameters, this model has 4"));
    CHECK_THROWS_AS(read_checkpoint(path, identity, 10, 4), RunError);
    fs::remove(path);
}

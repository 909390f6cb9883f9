#include "errors.hpp"
#include "h5_file.hpp"
#include "sweep_fixtures.hpp"
#include "sweep_run.hpp"
#include "sweep_tasks.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

namespace fs = std::filesystem;
using ebm::TaskState;

TEST_CASE("tasks run in-process, and are done when no older than their prerequisites", "[sweep_run]") {
    ebm_test::TempFolder folder("sweep-run");
    const std::string out = (folder.path / "out").string();
    const auto sweep = ebm::read_sweep(folder.file("generate.cfg", ebm_test::generate_sweep_text(out)));
    const std::string executable = sweep.path;  // stands in for ebm-sweep, a prerequisite too
    CHECK(ebm::task_states(sweep, executable) == std::vector<TaskState>(4, TaskState::missing));

    for (std::size_t i = 0; i < 4; i += 2) ebm::run_sweep_task(sweep, i);  // out/ is made by the first
    auto states = ebm::task_states(sweep, executable);
    CHECK(states == std::vector<TaskState>{TaskState::done, TaskState::missing, TaskState::done, TaskState::missing});
    CHECK(ebm::tasks_not_done(states) == std::vector<std::size_t>{1, 3});
    for (std::size_t i = 1; i < 4; i += 2) ebm::run_sweep_task(sweep, i);
    CHECK(ebm::task_states(sweep, executable) == std::vector<TaskState>(4, TaskState::done));

    // Task 3 = (n 7, conditional, sigma 0.1): its file is what ebm-generate makes with those options.
    const ebm::H5Reader task3(sweep.output_of(3));
    CHECK(task3.shape("/y") == std::vector<std::size_t>{7, 2});
    CHECK(task3.string_attribute("case") == "conditional");
    CHECK(task3.number_attribute("sigma") == 0.1);
    CHECK(task3.number_attribute("seed") == double(ebm::task_seed(3, 3)));

    // An edited sweep file makes every output stale (as make sees it); so does a missing prerequisite.
    fs::last_write_time(sweep.path, fs::last_write_time(sweep.output_of(3)) + std::chrono::seconds(5));
    CHECK(ebm::task_states(sweep, executable) == std::vector<TaskState>(4, TaskState::stale));
    fs::last_write_time(sweep.path, fs::last_write_time(sweep.output_of(0)) - std::chrono::seconds(5));
    CHECK(ebm::task_states(sweep, executable) == std::vector<TaskState>(4, TaskState::done));
    CHECK(ebm::task_states(sweep, (folder.path / "none").string()) == std::vector<TaskState>(4, TaskState::stale));
}

TEST_CASE("task states have names, and indices print as sbatch --array ranges", "[sweep_run]") {
    CHECK(std::string(ebm::task_state_name(TaskState::done)) == "done");
    CHECK(std::string(ebm::task_state_name(TaskState::missing)) == "missing");
    CHECK(std::string(ebm::task_state_name(TaskState::stale)) == "stale");
    CHECK(ebm::tasks_not_done({TaskState::stale, TaskState::done, TaskState::missing}) == std::vector<std::size_t>{0, 2});
    CHECK(ebm::index_ranges({}) == "");
    CHECK(ebm::index_ranges({4}) == "4");
    CHECK(ebm::index_ranges({0, 1, 2, 5, 7, 8}) == "0-2,5,7-8");
    CHECK(ebm::index_ranges({1, 3, 5}) == "1,3,5");
}

TEST_CASE("tasks split into job arrays whose element indices stay below MaxArraySize", "[sweep_run]") {
    std::vector<std::size_t> all(25);
    for (std::size_t task = 0; task < all.size(); ++task) all[task] = task;
    const auto arrays = ebm::task_arrays(all, 10);  // MaxArraySize=10: elements 0 … 9
    REQUIRE(arrays.size() == 3);
    CHECK(arrays[0].offset == 0);
    CHECK(ebm::index_ranges(arrays[0].elements) == "0-9");
    CHECK(arrays[1].offset == 10);
    CHECK(ebm::index_ranges(arrays[1].elements) == "0-9");
    CHECK(arrays[2].offset == 20);
    CHECK(ebm::index_ranges(arrays[2].elements) == "0-4");
    // A rerun's missing tasks: each array only where tasks are missing.
    const auto rerun = ebm::task_arrays({3, 12, 13, 19, 24}, 10);
    REQUIRE(rerun.size() == 3);
    CHECK(ebm::index_ranges(rerun[1].elements) == "2-3,9");
    CHECK(rerun[2].offset == 20);
    CHECK(ebm::index_ranges(rerun[2].elements) == "4");
    CHECK(ebm::task_arrays({}, 10).empty());
    CHECK(ebm::task_arrays({0, 5, 1000, 1001}, 1001).size() == 2);
}

TEST_CASE("a task's output folder that cannot be made is named", "[sweep_run]") {
    ebm_test::TempFolder folder("sweep-run-blocked");
    const std::string blocker = folder.file("out", "a file where the folder should be");
    const auto sweep = ebm::read_sweep(folder.file("g.cfg", "[sweep]\nprogram = ebm-generate\nout = " + blocker +
                                                               "\nseed = 3\n[parameters]\nn = 4\n"));
    CHECK_THROWS_AS(ebm::run_sweep_task(sweep, 0), ebm::RunError);
    CHECK_THROWS_WITH(ebm::run_sweep_task(sweep, 0), Catch::Contains("cannot make folder '" + blocker + "'"));
}

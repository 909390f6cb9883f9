#include "errors.hpp"
#include "sweep_fixtures.hpp"
#include "sweep_tasks.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <sstream>

using Catch::Contains;
using ebm_test::parse_train_sweep;
using ebm_test::train_sweep_header;

namespace {

// The message of checking every task of the train sweep with `body`, or "" when all are accepted.
std::string task_error_of(const std::string& body) {
    return ebm_test::error_of([&] { ebm::check_sweep_tasks(parse_train_sweep(body)); });
}

// SplitMix64 as its authors wrote it, to check the seeds independently of lib/rng.cpp.
std::uint64_t splitmix_next(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

TEST_CASE("a sweep expands into the cartesian product of its axes, zipped lists moving together", "[sweep_tasks]") {
    const auto sweep = parse_train_sweep("[parameters]\nbeta = 1,inf\n[zip.schedule]\nlr = 0.1, 0.05, 0.01\nepochs = 10,20,40\n");
    // Row-major, the last axis fastest: (1, 0.1, 10), (1, 0.05, 20), … (inf, 0.01, 40).
    const std::vector<std::vector<std::string>> expected = {
        {"1", "0.1", "10"}, {"1", "0.05", "20"}, {"1", "0.01", "40"},
        {"inf", "0.1", "10"}, {"inf", "0.05", "20"}, {"inf", "0.01", "40"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto task = ebm::sweep_task(sweep, i);
        CHECK(task.index == i);
        REQUIRE(task.parameters.size() == 3);
        CHECK(task.parameters[0] == std::make_pair(std::string("beta"), expected[i][0]));
        CHECK(task.parameters[1] == std::make_pair(std::string("lr"), expected[i][1]));
        CHECK(task.parameters[2] == std::make_pair(std::string("epochs"), expected[i][2]));
        CHECK(task.output == "sweeps/x/task-00" + std::to_string(i) + ".h5");
    }
    CHECK_THROWS_WITH(ebm::sweep_task(sweep, 6), "task 6 is past the 6 tasks of 'x.cfg'");
}

TEST_CASE("a task's command line is the stage's, with its inputs, parameters, seed and output", "[sweep_tasks]") {
    auto sweep = ebm::parse_sweep("[sweep]\nprogram = ebm-train\nconfig = u.cfg\nsection = train.ztl\nout = o\nseed = 5\n"
                                  "[inputs]\ndata = d.h5\nheldout = h.h5\n[parameters]\nbeta = 0.5,inf\n", "x.cfg");
    const auto task = ebm::sweep_task(sweep, 1);
    CHECK(ebm::task_arguments(sweep, task) ==
          std::vector<std::string>{"ebm-train", "--config=u.cfg", "--section=train.ztl", "--data=d.h5", "--heldout=h.h5",
                                   "--beta=inf", "--seed=" + std::to_string(task.seed), "--out=o/task-001.h5"});
    CHECK(ebm::task_prerequisites(sweep) == std::vector<std::string>{"x.cfg", "u.cfg", "d.h5", "h.h5"});
    // Without a section the program's own is read; seed-option = none passes no seed.
    sweep = ebm::parse_sweep("[sweep]\nprogram = ebm-infer\nconfig = u.cfg\nout = o\nseed = 5\nseed-option = none\n"
                             "[parameters]\nz = 8\n", "x.cfg");
    CHECK(ebm::task_arguments(sweep, ebm::sweep_task(sweep, 0)) ==
          std::vector<std::string>{"ebm-infer", "--config=u.cfg", "--section=infer", "--z=8", "--out=o/task-000.h5"});
}

TEST_CASE("each task's seed is derive_seed(base seed, task index) >> 1, whatever else the sweep holds", "[sweep_tasks]") {
    // derive_seed as lib/rng.hpp documents it: SplitMix64 of (SplitMix64 of the base) ^ (index · constant).
    const auto expected = [](std::uint64_t base, std::uint64_t index) {
        std::uint64_t state = base;
        std::uint64_t mixed = splitmix_next(state) ^ (index * 0xD1B54A32D192ED03ULL);
        return splitmix_next(mixed) >> 1;
    };
    const auto small = parse_train_sweep("[parameters]\nbeta = 1,2,3\n");
    const auto large = parse_train_sweep("[parameters]\nbeta = 1,2,3,4\nlr = 0.1,0.2\n");
    std::set<std::uint64_t> seen;
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(ebm::sweep_task(small, i).seed == expected(5, i));
        CHECK(ebm::sweep_task(large, i).seed == ebm::sweep_task(small, i).seed);
        seen.insert(ebm::sweep_task(small, i).seed);
    }
    CHECK(seen.size() == 3);
    for (std::size_t i = 0; i < large.task_count(); ++i)
        CHECK(ebm::sweep_task(large, i).seed <= std::uint64_t(INT64_MAX));  // fits --seed
    CHECK(ebm::task_seed(6, 0) != ebm::task_seed(5, 0));
}

TEST_CASE("every task's options are checked by the stage's own parser before any task runs", "[sweep_tasks]") {
    CHECK(task_error_of("[parameters]\nbeta = 1,2\n") == "");
    // A misspelt parameter is named with its line, not as some task's failure.
    CHECK(task_error_of("[parameters]\nbta = 1,2\n") ==
          "x.cfg:8: unknown parameter 'bta': ebm-train has no option --bta (see ebm-train --help)");
    // A bad value names the task and its parameters, then the stage's message.
    CHECK_THAT(task_error_of("[parameters]\nbeta = 1,-2\n"), Contains("x.cfg: task 1 (beta=-2): --beta must be one number > 0"));
    CHECK_THAT(task_error_of("[parameters]\nbeta = 1\n[zip.a]\nlr = 0.1,x\nepochs = 1,2\n"),
               Contains("x.cfg: task 1 (beta=1, lr=x, epochs=2): "));
    CHECK(task_error_of("[parameters]\nbeta = 1,-2\n").find('\n') == std::string::npos);
}

TEST_CASE("task indices read with or without padding; anything else names the range", "[sweep_tasks]") {
    const auto sweep = parse_train_sweep("[parameters]\nbeta = 1,2,3,4,5,6,7,8,9,10,11\n");
    CHECK(ebm::parse_task_index(sweep, "007") == 7);
    CHECK(ebm::parse_task_index(sweep, "10") == 10);
    CHECK_THROWS_WITH(ebm::parse_task_index(sweep, "11"), "--task must be a task index from 0 to 10 of 'x.cfg' (got '11')");
    CHECK_THROWS_AS(ebm::parse_task_index(sweep, "-1"), ebm::UsageError);
    CHECK_THROWS_AS(ebm::parse_task_index(sweep, "1x"), ebm::UsageError);
    CHECK_THROWS_AS(ebm::parse_task_index(sweep, ""), ebm::UsageError);
    CHECK_THROWS_AS(ebm::parse_task_index(sweep, "99999999999999999999"), ebm::UsageError);
}

TEST_CASE("the task table and the make variables list every task", "[sweep_tasks]") {
    const auto sweep = ebm::parse_sweep("[sweep]\nprogram = ebm-train\nconfig = u.cfg\nsection = train.ztl\nout = o\nseed = 5\n"
                                        "[inputs]\ndata = d.h5\n[parameters]\nbeta = 0.5,inf\nlr = 0.1,0.25\n", "x.cfg");
    const std::string table = ebm::task_table_text(sweep);
    std::istringstream lines(table);
    std::string line;
    std::vector<std::string> rows;
    while (std::getline(lines, line))
        if (!line.empty() && line[0] != '#') rows.push_back(line);
    REQUIRE(rows.size() == 5);
    // Columns as wide as their widest cell plus two spaces: the seeds are 19 digits or fewer.
    const std::string seed3 = std::to_string(ebm::sweep_task(sweep, 3).seed);
    CHECK(rows[0].rfind("task  seed", 0) == 0);
    CHECK_THAT(rows[0], Contains("beta") && Contains("lr") && Contains("output"));
    CHECK(rows[4].rfind("3     " + seed3, 0) == 0);
    // The output by its name in the sweep's folder, where the table is.
    CHECK_THAT(rows[4], Contains("inf") && Contains("0.25") && Contains("  task-003.h5"));
    CHECK(rows[0].find("output") == rows[4].find("task-003.h5"));
    CHECK_THAT(table, Contains("ebm-train --config u.cfg --section train.ztl --data d.h5"));
    CHECK(ebm::makefile_fragment(sweep) ==
          "# Made by ebm-sweep from x.cfg for experiments/sweep.mk; do not edit.\n"
          "SWEEP_OUT := o\n"
          "SWEEP_TASK_COUNT := 4\n"
          "SWEEP_TASKS := \\\n    o/task-000.h5 \\\n    o/task-001.h5 \\\n    o/task-002.h5 \\\n    o/task-003.h5\n"
          "SWEEP_PREREQUISITES := x.cfg u.cfg d.h5\n");
}

TEST_CASE("$DATA in out and the inputs is the data folder; the task table is the same whatever it is", "[sweep_tasks]") {
    const std::string text = "[sweep]\nprogram = ebm-train\nout = $DATA/sweeps/x\nseed = 5\n"
                             "[inputs]\ndata = $DATA/d.h5\n[parameters]\nbeta = 0.5,inf\n";
    const auto here = ebm::parse_sweep(text, "x.cfg");
    const auto there = ebm::parse_sweep(text, "x.cfg", {"/elsewhere/data"});
    CHECK(here.output_of(1) == "data/sweeps/x/task-001.h5");
    CHECK(there.output_of(1) == "/elsewhere/data/sweeps/x/task-001.h5");
    CHECK(there.aggregate_path() == "/elsewhere/data/sweeps/x/table.h5");
    const auto task = ebm::sweep_task(there, 1);
    CHECK(ebm::task_arguments(there, task) ==
          std::vector<std::string>{"ebm-train", "--data=/elsewhere/data/d.h5", "--beta=inf", "--seed=" + std::to_string(task.seed),
                                   "--out=/elsewhere/data/sweeps/x/task-001.h5"});
    CHECK(ebm::task_prerequisites(there) == std::vector<std::string>{"x.cfg", "/elsewhere/data/d.h5"});
    // make's fragment names the folder as make does.
    CHECK(ebm::makefile_fragment(there) == ebm::makefile_fragment(here));
    CHECK_THAT(ebm::makefile_fragment(there), Contains("SWEEP_OUT := $(DATA)/sweeps/x\n") &&
                                                  Contains("$(DATA)/sweeps/x/task-001.h5\n") &&
                                                  Contains("SWEEP_PREREQUISITES := x.cfg $(DATA)/d.h5\n"));
    // The table names the inputs as the file writes them, the outputs by name: no folder of this machine.
    CHECK(ebm::task_table_text(there) == ebm::task_table_text(here));
    CHECK_THAT(ebm::task_table_text(there), Contains("--data $DATA/d.h5") && !Contains("elsewhere"));
}

TEST_CASE("$EXPERIMENTS in config is the experiments folder; the table and make's fragment keep the placeholder", "[sweep_tasks]") {
    const std::string text = "[sweep]\nprogram = ebm-train\nconfig = $EXPERIMENTS/u.cfg\nsection = train.ztl\n"
                             "out = $DATA/sweeps/x\nseed = 5\n[inputs]\ndata = $DATA/d.h5\n[parameters]\nbeta = 0.5,inf\n";
    const auto here = ebm::parse_sweep(text, "experiments/sweeps/x.cfg");
    const auto there = ebm::parse_sweep(text, "/elsewhere/exp/sweeps/x.cfg", {"/elsewhere/data", "/elsewhere/exp"});
    const auto task = ebm::sweep_task(there, 0);
    CHECK(ebm::task_arguments(there, task) ==
          std::vector<std::string>{"ebm-train", "--config=/elsewhere/exp/u.cfg", "--section=train.ztl", "--data=/elsewhere/data/d.h5",
                                   "--beta=0.5", "--seed=" + std::to_string(task.seed), "--out=/elsewhere/data/sweeps/x/task-000.h5"});
    CHECK(ebm::task_prerequisites(there) ==
          std::vector<std::string>{"/elsewhere/exp/sweeps/x.cfg", "/elsewhere/exp/u.cfg", "/elsewhere/data/d.h5"});
    CHECK(ebm::task_prerequisites(here) == std::vector<std::string>{"experiments/sweeps/x.cfg", "experiments/u.cfg", "data/d.h5"});
    // make's fragment names the sweep file and its config as make does, from either folder.
    CHECK(ebm::makefile_fragment(there) == ebm::makefile_fragment(here));
    CHECK_THAT(ebm::makefile_fragment(there),
               Contains("# Made by ebm-sweep from $(EXPERIMENTS)/sweeps/x.cfg ") &&
                   Contains("SWEEP_PREREQUISITES := $(EXPERIMENTS)/sweeps/x.cfg $(EXPERIMENTS)/u.cfg $(DATA)/d.h5\n"));
    CHECK(ebm::task_table_text(there) == ebm::task_table_text(here));
    CHECK_THAT(ebm::task_table_text(there), Contains("# Sweep $EXPERIMENTS/sweeps/x.cfg: 2 tasks of ebm-train --config "
                                                     "$EXPERIMENTS/u.cfg --section train.ztl --data $DATA/d.h5\n") &&
                                                Contains("`ebm-sweep command $EXPERIMENTS/sweeps/x.cfg --task I`") &&
                                                !Contains("elsewhere"));
}

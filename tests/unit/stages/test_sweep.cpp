#include "sweep.hpp"

#include "errors.hpp"
#include "h5_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using Catch::Contains;

namespace {

// A folder of its own for a test case, removed at its end.
struct TempFolder {
    fs::path path;
    explicit TempFolder(const std::string& name) : path(fs::temp_directory_path() / ("ebm-test-sweep-" + name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempFolder() { fs::remove_all(path); }
    std::string file(const std::string& name, const std::string& text) const {
        const auto full = (path / name).string();
        std::ofstream(full) << text;
        return full;
    }
};

const std::string header = "[sweep]\nprogram = ebm-train\nout = sweeps/x\nseed = 5\n[inputs]\ndata = d.h5\n";

ebm::Sweep parse(const std::string& body) { return ebm::parse_sweep(header + body, "x.cfg"); }

// The message of parsing and checking a sweep, or "" when it is accepted.
std::string error_of(const std::string& text) {
    try {
        ebm::check_sweep_tasks(ebm::parse_sweep(text, "x.cfg"));
    } catch (const ebm::UsageError& error) {
        return error.what();
    }
    return "";
}

// SplitMix64 as its authors wrote it, to check the seeds independently of lib/rng.cpp.
std::uint64_t splitmix_next(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

TEST_CASE("a sweep expands into the cartesian product of its axes, zipped lists moving together", "[sweep]") {
    const auto sweep = parse("[parameters]\nbeta = 1,inf\n[zip.schedule]\nlr = 0.1, 0.05, 0.01\nepochs = 10,20,40\n"
                             "[results]\nw = /params/w\nf = /history/heldout_f_inf[-1]\n");
    REQUIRE(sweep.axes.size() == 2);
    CHECK(sweep.axes[1].zip_group == "schedule");
    CHECK(sweep.task_count() == 6);
    // Row-major, the last axis fastest: (1, 0.1, 10), (1, 0.05, 20), … (inf, 0.01, 40).
    const std::vector<std::vector<std::string>> expected = {
        {"1", "0.1", "10"}, {"1", "0.05", "20"}, {"1", "0.01", "40"},
        {"inf", "0.1", "10"}, {"inf", "0.05", "20"}, {"inf", "0.01", "40"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto task = ebm::sweep_task(sweep, i);
        REQUIRE(task.parameters.size() == 3);
        CHECK(task.parameters[0] == std::make_pair(std::string("beta"), expected[i][0]));
        CHECK(task.parameters[1] == std::make_pair(std::string("lr"), expected[i][1]));
        CHECK(task.parameters[2] == std::make_pair(std::string("epochs"), expected[i][2]));
        CHECK(task.output == "sweeps/x/task-00" + std::to_string(i) + ".h5");
    }
    CHECK_THROWS_AS(ebm::sweep_task(sweep, 6), ebm::UsageError);
    REQUIRE(sweep.results.size() == 2);
    CHECK(!sweep.results[0].has_row);
    CHECK(sweep.results[1].dataset == "/history/heldout_f_inf");
    CHECK(sweep.results[1].row == -1);
}

TEST_CASE("a task's command line is the stage's, with its inputs, parameters, seed and output", "[sweep]") {
    auto sweep = ebm::parse_sweep("[sweep]\nprogram = ebm-train\nconfig = u.cfg\nsection = train.ztl\nout = o\nseed = 5\n"
                                  "[inputs]\ndata = d.h5\nheldout = h.h5\n[parameters]\nbeta = 0.5,inf\n", "x.cfg");
    const auto task = ebm::sweep_task(sweep, 1);
    CHECK(ebm::task_arguments(sweep, task) ==
          std::vector<std::string>{"ebm-train", "--config=u.cfg", "--section=train.ztl", "--data=d.h5", "--heldout=h.h5",
                                   "--beta=inf", "--seed=" + std::to_string(task.seed), "--out=o/task-001.h5"});
    // Without a section the program's own is read; seed-option = none passes no seed.
    sweep = ebm::parse_sweep("[sweep]\nprogram = ebm-infer\nconfig = u.cfg\nout = o\nseed = 5\nseed-option = none\n"
                             "[parameters]\nz = 8\n", "x.cfg");
    CHECK(sweep.section == "infer");
    CHECK(ebm::task_arguments(sweep, ebm::sweep_task(sweep, 0)) ==
          std::vector<std::string>{"ebm-infer", "--config=u.cfg", "--section=infer", "--z=8", "--out=o/task-000.h5"});
}

TEST_CASE("each task's seed is derive_seed(base seed, task index) >> 1, whatever else the sweep holds", "[sweep]") {
    // derive_seed as lib/rng.hpp documents it: SplitMix64 of (SplitMix64 of the base) ^ (index · constant).
    const auto expected = [](std::uint64_t base, std::uint64_t index) {
        std::uint64_t state = base;
        std::uint64_t mixed = splitmix_next(state) ^ (index * 0xD1B54A32D192ED03ULL);
        return splitmix_next(mixed) >> 1;
    };
    const auto small = parse("[parameters]\nbeta = 1,2,3\n");
    const auto large = parse("[parameters]\nbeta = 1,2,3,4\nlr = 0.1,0.2\n");
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

TEST_CASE("bad sweep files are refused with one line naming the file, the line and the fault", "[sweep]") {
    const std::string train = "[sweep]\nprogram = ebm-train\nout = o\nseed = 1\n[inputs]\ndata = d.h5\n";
    CHECK(error_of(train + "[parameters]\nbeta = 1,2\n") == "");
    // The three the issue names.
    CHECK(error_of(train + "[parameters]\nbta = 1,2\n") ==
          "x.cfg:8: unknown parameter 'bta': ebm-train has no option --bta (see ebm-train --help)");
    CHECK(error_of(train + "[parameters]\nbeta =\n") ==
          "x.cfg:8: parameter 'beta' has an empty value list (expected values like 0.3,1,inf)");
    CHECK(error_of(train + "[zip.schedule]\nlr = 0.1,0.2\nepochs = 1,2,3\n") ==
          "x.cfg:9: [zip.schedule] lists differ in length: lr has 2 values, epochs has 3");
    // And the rest.
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1,,2\n"), Contains("x.cfg:8: parameter 'beta' has an empty value"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1,2,\n"), Contains("empty value"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1,-2\n"), Contains("x.cfg: task 1 (beta=-2): --beta must be one number > 0"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1\n[zip.a]\nbeta = 2\n"), Contains("x.cfg:10: option 'beta' is given twice (first on line 8)"));
    CHECK_THAT(error_of(train + "[parameters]\ndata = a.h5,b.h5\n"), Contains("x.cfg:8: option 'data' is given twice"));
    CHECK_THAT(error_of(train + "[parameters]\nout = a,b\n"), Contains("x.cfg:8: 'out' is set by the sweep itself"));
    CHECK_THAT(error_of(train + "[parameters]\nseed = 1,2\n"), Contains("x.cfg:8: 'seed' is set by the sweep itself"));
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = 1\nseed-option = none\n[inputs]\ndata = d.h5\n"
                   "[parameters]\nseed = 1,2\n") == "");
    CHECK_THAT(error_of(train), Contains("x.cfg: no parameters"));
    CHECK_THAT(error_of(train + "[zip.empty]\n"), Contains("x.cfg:7: [zip.empty] zips no parameters"));
    CHECK_THAT(error_of(train + "[params]\nbeta = 1\n"), Contains("x.cfg:7: unknown section [params]"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1\n[parameters]\nlr = 1\n"), Contains("x.cfg:9: section [parameters] appears twice"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1\nbeta = 2\n"), Contains("x.cfg:9: 'beta' is set twice"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta 1\n"), Contains("x.cfg:8: expected 'key = value'"));
    CHECK_THAT(error_of("beta = 1\n"), Contains("x.cfg:1: 'beta = 1' is outside any section"));
    CHECK_THAT(error_of("[parameters]\nbeta = 1\n"), Contains("x.cfg: no [sweep] section"));
    CHECK_THAT(error_of("[sweep]\nprogram = ebm-plot\nout = o\nseed = 1\n[parameters]\nw = 1\n"),
               Contains("x.cfg:1: [sweep] program must be one of ebm-generate|ebm-train|ebm-infer (got 'ebm-plot')"));
    CHECK_THAT(error_of("[sweep]\nprogram = ebm-train\nseed = 1\n[parameters]\nbeta = 1\n"), Contains("needs out = FOLDER"));
    CHECK_THAT(error_of("[sweep]\nprogram = ebm-train\nout = o\n[parameters]\nbeta = 1\n"), Contains("needs seed = N"));
    CHECK_THAT(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = -1\n"), Contains("x.cfg:4: seed must be an integer"));
    CHECK_THAT(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = 1\nthrottle = 3\n"), Contains("x.cfg:5: unknown key 'throttle' in [sweep]"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1\n[results]\nw = params/w\n"), Contains("x.cfg:10: result 'w' must name a dataset"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1\n[results]\nw = /params/w[last]\n"), Contains("expected /dataset or /dataset[ROW]"));
    CHECK_THAT(error_of(train + "[parameters]\nbeta = 1\n[results]\nW = /params/w\n"), Contains("result name 'W'"));
    CHECK_THAT(error_of(train + "[parameters]\na = 1,2,3,4,5,6,7,8,9,10\nb = 1,2,3,4,5,6,7,8,9,10\nc = 1,2,3,4,5,6,7,8,9,10\n"
                                "d = 1,2,3,4,5,6,7,8,9,10\ne = 1,2,3,4,5,6,7,8,9,10\nf = 1,2\n"),
               Contains("more than 100000 tasks"));
    CHECK_THROWS_WITH(ebm::read_sweep("/nonexistent/x.cfg"), Contains("cannot read sweep file '/nonexistent/x.cfg'"));
    // Every message is one line.
    CHECK(error_of(train + "[parameters]\nbeta = 1,-2\n").find('\n') == std::string::npos);
}

TEST_CASE("task indices read with or without padding, and print as sbatch --array ranges", "[sweep]") {
    const auto sweep = parse("[parameters]\nbeta = 1,2,3,4,5,6,7,8,9,10,11\n");
    CHECK(ebm::parse_task_index(sweep, "007") == 7);
    CHECK(ebm::parse_task_index(sweep, "10") == 10);
    CHECK_THROWS_WITH(ebm::parse_task_index(sweep, "11"), Contains("--task must be a task index from 0 to 10"));
    CHECK_THROWS_AS(ebm::parse_task_index(sweep, "-1"), ebm::UsageError);
    CHECK_THROWS_AS(ebm::parse_task_index(sweep, "1x"), ebm::UsageError);
    CHECK_THROWS_AS(ebm::parse_task_index(sweep, ""), ebm::UsageError);
    CHECK(sweep.output_of(10) == "sweeps/x/task-010.h5");
    const auto big = parse("[parameters]\nbeta = 1,2,3,4,5,6,7,8,9,10\nlr = 1,2,3,4,5,6,7,8,9,10,11\n");
    CHECK(big.output_of(7) == "sweeps/x/task-007.h5");
    CHECK(big.output_of(109) == "sweeps/x/task-109.h5");
    const auto bigger = parse("[parameters]\nbeta = 1,2,3,4,5,6,7,8,9,10\nlr = 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101\n");
    CHECK(bigger.output_of(7) == "sweeps/x/task-0007.h5");
    CHECK(ebm::index_ranges({}) == "");
    CHECK(ebm::index_ranges({4}) == "4");
    CHECK(ebm::index_ranges({0, 1, 2, 5, 7, 8}) == "0-2,5,7-8");
    CHECK(ebm::index_ranges({1, 3, 5}) == "1,3,5");
}

TEST_CASE("the task table and the make variables list every task", "[sweep]") {
    const auto sweep = ebm::parse_sweep("[sweep]\nprogram = ebm-train\nconfig = u.cfg\nsection = train.ztl\nout = o\nseed = 5\n"
                                        "[inputs]\ndata = d.h5\n[parameters]\nbeta = 0.5,inf\nlr = 0.1,0.25\n", "x.cfg");
    const std::string table = ebm::task_table_text(sweep);
    std::istringstream lines(table);
    std::string line;
    std::vector<std::string> rows;
    while (std::getline(lines, line))
        if (!line.empty() && line[0] != '#') rows.push_back(line);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].rfind("task  seed", 0) == 0);
    CHECK_THAT(rows[0], Contains("beta") && Contains("lr") && Contains("output"));
    CHECK_THAT(rows[4], Contains(std::to_string(ebm::sweep_task(sweep, 3).seed)) && Contains("inf") &&
                            Contains("0.25") && Contains("o/task-003.h5"));
    CHECK_THAT(table, Contains("ebm-train --config u.cfg --section train.ztl --data d.h5"));
    const std::string fragment = ebm::makefile_fragment(sweep);
    CHECK_THAT(fragment, Contains("SWEEP_OUT := o\n"));
    CHECK_THAT(fragment, Contains("SWEEP_TASK_COUNT := 4\n"));
    CHECK_THAT(fragment, Contains("o/task-000.h5") && Contains("o/task-003.h5"));
    CHECK_THAT(fragment, Contains("SWEEP_PREREQUISITES := x.cfg u.cfg d.h5\n"));
}

TEST_CASE("tasks run in-process, are done when newer than their prerequisites, and aggregate into one table", "[sweep]") {
    TempFolder folder("run");
    const std::string out = (folder.path / "out").string();
    // ebm-generate: a numeric parameter zipped with a text one, and a plain one.
    const std::string sweep_file = folder.file("generate.cfg",
        "[sweep]\nprogram = ebm-generate\nout = " + out + "\nseed = 3\n"
        "[zip.shape]\nn = 5,7\ncase = unconditional,conditional\n[parameters]\nsigma = 0.05,0.1\n"
        "[results]\nfirst_y = /y[0]\nlast_theta = /theta[-1]\n");
    const auto sweep = ebm::read_sweep(sweep_file);
    ebm::check_sweep_tasks(sweep);
    const std::string executable = sweep_file;  // stands in for ebm-sweep, a prerequisite too
    CHECK(ebm::task_states(sweep, executable) == std::vector<ebm::TaskState>(4, ebm::TaskState::missing));
    CHECK_THROWS_WITH(ebm::aggregate_sweep(sweep, executable, out + "/table.h5"), Contains("tasks 0-3 of"));

    for (std::size_t i = 0; i < 4; i += 2) ebm::run_sweep_task(sweep, i);  // out/ is made by the first
    auto states = ebm::task_states(sweep, executable);
    CHECK(states[0] == ebm::TaskState::done);
    CHECK(states[1] == ebm::TaskState::missing);
    CHECK_THROWS_WITH(ebm::aggregate_sweep(sweep, executable, out + "/table.h5"), Contains("tasks 1,3 of"));
    for (std::size_t i = 1; i < 4; i += 2) ebm::run_sweep_task(sweep, i);
    CHECK(ebm::task_states(sweep, executable) == std::vector<ebm::TaskState>(4, ebm::TaskState::done));

    // Task 3 = (n 7, conditional, sigma 0.1): its file is what ebm-generate makes with those options.
    const ebm::H5Reader task3(sweep.output_of(3));
    CHECK(task3.shape("/y") == std::vector<std::size_t>{7, 2});
    CHECK(task3.string_attribute("case") == "conditional");
    CHECK(task3.number_attribute("sigma") == 0.1);
    CHECK(task3.number_attribute("seed") == double(ebm::task_seed(3, 3)));

    ebm::aggregate_sweep(sweep, executable, out + "/table.h5");
    const ebm::H5Reader table(out + "/table.h5", ebm::sweep_table_format, ebm::sweep_table_format_version);
    CHECK(bool(table.read<1>("/task") == xt::xtensor<double, 1>{0, 1, 2, 3}));
    CHECK(bool(table.read<1>("/parameters/n") == xt::xtensor<double, 1>{5, 5, 7, 7}));
    CHECK(bool(table.read<1>("/parameters/sigma") == xt::xtensor<double, 1>{0.05, 0.1, 0.05, 0.1}));
    // Text values: their index in the attribute `values`.
    CHECK(bool(table.read<1>("/parameters/case") == xt::xtensor<double, 1>{0, 0, 1, 1}));
    CHECK(std::get<std::string>(table.attribute("/parameters/case", "values")) == "unconditional,conditional");
    const auto first_y = table.read<2>("/results/first_y");
    const auto y3 = task3.read<2>("/y");
    CHECK(first_y.shape()[0] == 4);
    CHECK(first_y(3, 0) == y3(0, 0));
    CHECK(first_y(3, 1) == y3(0, 1));
    CHECK(table.read<1>("/results/last_theta")(3) == task3.read<1>("/theta")(6));
    CHECK(table.read<1>("/seed")(2) == double(ebm::task_seed(3, 2)));
    CHECK(table.string_attribute("sweep_file") == "generate.cfg");
    CHECK(table.string_attribute("parameter_names") == "n,case,sigma");
    CHECK(table.string_attribute("result_names") == "first_y,last_theta");
    CHECK_THAT(table.string_attribute("task_files"), Contains("task-003.h5 "));

    // Aggregating twice gives the same bytes.
    ebm::aggregate_sweep(sweep, executable, out + "/again.h5");
    std::ifstream a(out + "/table.h5", std::ios::binary), b(out + "/again.h5", std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(a), {}) == std::string(std::istreambuf_iterator<char>(b), {}));

    // An edited sweep file makes every output stale (as make sees it).
    fs::last_write_time(sweep_file, fs::last_write_time(sweep.output_of(3)) + std::chrono::seconds(5));
    CHECK(ebm::task_states(sweep, executable) == std::vector<ebm::TaskState>(4, ebm::TaskState::stale));
    CHECK_THROWS_WITH(ebm::aggregate_sweep(sweep, executable, out + "/table.h5"), Contains("missing or stale"));
}

TEST_CASE("a result that is not in a task's output is named with the file", "[sweep]") {
    TempFolder folder("bad-result");
    const std::string out = (folder.path / "out").string();
    const auto sweep = ebm::read_sweep(folder.file("g.cfg", "[sweep]\nprogram = ebm-generate\nout = " + out +
                                                                "\nseed = 3\n[parameters]\nn = 4\n[results]\nw = /params/w\n"));
    ebm::run_sweep_task(sweep, 0);
    CHECK_THROWS_WITH(ebm::aggregate_sweep(sweep, sweep.path, out + "/table.h5"),
                      Contains("task-000.h5' (result w) has no dataset /params/w"));
    CHECK(!fs::exists(out + "/table.h5"));
}

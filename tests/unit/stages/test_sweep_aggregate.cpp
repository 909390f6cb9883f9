#include "errors.hpp"
#include "h5_file.hpp"
#include "sweep_aggregate.hpp"
#include "sweep_fixtures.hpp"
#include "sweep_run.hpp"
#include "sweep_tasks.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using Catch::Contains;

namespace {

std::string bytes_of(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
}

}  // namespace

TEST_CASE("every task's parameters and results aggregate into one table, once all are done", "[sweep_aggregate]") {
    ebm_test::TempFolder folder("sweep-aggregate");
    const std::string out = (folder.path / "out").string();
    const auto sweep = ebm::read_sweep(folder.file("generate.cfg", ebm_test::generate_sweep_text(out)));
    const std::string executable = sweep.path;  // stands in for ebm-sweep, a prerequisite too
    CHECK_THROWS_WITH(ebm::aggregate_sweep(sweep, executable, out + "/table.h5"), Contains("tasks 0-3 of"));
    for (std::size_t i = 0; i < 4; i += 2) ebm::run_sweep_task(sweep, i);
    CHECK_THROWS_AS(ebm::aggregate_sweep(sweep, executable, out + "/table.h5"), ebm::RunError);
    CHECK_THROWS_WITH(ebm::aggregate_sweep(sweep, executable, out + "/table.h5"),
                      "tasks 1,3 of '" + sweep.path + "' are not done (missing or stale, see `ebm-sweep status " + sweep.path +
                          "`): run them first");
    for (std::size_t i = 1; i < 4; i += 2) ebm::run_sweep_task(sweep, i);

    ebm::aggregate_sweep(sweep, executable, out + "/table.h5");
    const ebm::H5Reader table(out + "/table.h5", ebm::sweep_table_format, ebm::sweep_table_format_version);
    const ebm::H5Reader task3(sweep.output_of(3));
    CHECK(bool(table.read<1>("/task") == xt::xtensor<double, 1>{0, 1, 2, 3}));
    CHECK(table.read<1>("/seed")(2) == double(ebm::task_seed(3, 2)));
    CHECK(bool(table.read<1>("/parameters/n") == xt::xtensor<double, 1>{5, 5, 7, 7}));
    CHECK(bool(table.read<1>("/parameters/sigma") == xt::xtensor<double, 1>{0.05, 0.1, 0.05, 0.1}));
    // Text values: their index in the attribute `values`.
    CHECK(bool(table.read<1>("/parameters/case") == xt::xtensor<double, 1>{0, 0, 1, 1}));
    CHECK(std::get<std::string>(table.attribute("/parameters/case", "values")) == "unconditional,conditional");
    // /y[0]: row 0 of each task's (N, 2) samples; /theta[-1]: the last of its N.
    const auto first_y = table.read<2>("/results/first_y");
    const auto y3 = task3.read<2>("/y");
    CHECK(first_y.shape()[0] == 4);
    CHECK(first_y(3, 0) == y3(0, 0));
    CHECK(first_y(3, 1) == y3(0, 1));
    CHECK(table.read<1>("/results/last_theta")(3) == task3.read<1>("/theta")(6));
    CHECK(std::get<std::string>(table.attribute("/results/last_theta", "dataset")) == "/theta[-1]");
    CHECK(table.string_attribute("sweep_file") == "generate.cfg");
    CHECK(table.string_attribute("stage") == "ebm-generate");
    CHECK(table.string_attribute("parameter_names") == "n,case,sigma");
    CHECK(table.string_attribute("result_names") == "first_y,last_theta");
    CHECK(table.string_attribute("task_table") == ebm::task_table_text(sweep));
    CHECK_THAT(table.string_attribute("task_files"), Contains("task-003.h5 "));

    // Aggregating twice gives the same bytes.
    ebm::aggregate_sweep(sweep, executable, out + "/again.h5");
    CHECK(bytes_of(out + "/table.h5") == bytes_of(out + "/again.h5"));

    // An edited sweep file makes every output stale: no table until they are remade.
    fs::last_write_time(sweep.path, fs::last_write_time(sweep.output_of(3)) + std::chrono::seconds(5));
    CHECK_THROWS_WITH(ebm::aggregate_sweep(sweep, executable, out + "/table.h5"), Contains("missing or stale"));
}

TEST_CASE("a result that is not in a task's output, or not one row, is named with the file", "[sweep_aggregate]") {
    ebm_test::TempFolder folder("sweep-bad-result");
    const std::string out = (folder.path / "out").string();
    const auto sweep_with = [&](const std::string& results) {
        return ebm::read_sweep(folder.file("g.cfg", "[sweep]\nprogram = ebm-generate\nout = " + out +
                                                        "\nseed = 3\n[parameters]\nn = 4\n[results]\n" + results));
    };
    ebm::run_sweep_task(sweep_with("w = /y\n"), 0);
    const std::string task = out + "/task-000.h5";
    // The sweep file is rewritten for each case: the task, made before it, is touched to stay done.
    const auto refused = [&](const std::string& results) {
        const auto sweep = sweep_with(results);
        fs::last_write_time(task, fs::last_write_time(sweep.path) + std::chrono::seconds(1));
        return ebm_test::error_of<ebm::RunError>([&] { ebm::aggregate_sweep(sweep, sweep.path, out + "/table.h5"); });
    };
    CHECK(refused("w = /params/w\n") == "'" + task + "' (result w) has no dataset /params/w");
    CHECK(refused("w = /y\n") == "'" + task + "' (result w): /y is a matrix; take one row with /y[ROW]");
    CHECK(refused("w = /y[4]\n") == "'" + task + "' (result w): row 4 is outside the 4 rows of /y");
    CHECK(!fs::exists(out + "/table.h5"));
}

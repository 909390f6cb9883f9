#include "command_line.hpp"
#include "errors.hpp"
#include "sweep_command.hpp"
#include "sweep_fixtures.hpp"
#include "sweep_tasks.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace {

std::optional<ebm::SweepCommand> parse(std::vector<std::string> arguments) {
    return parse_command_line(ebm::parse_sweep_command, "ebm-sweep", std::move(arguments));
}

// The message of parsing the command line, or "" when it is accepted.
std::string error_of(const std::vector<std::string>& arguments) {
    return ebm_test::error_of([&] { parse(arguments); });
}

}  // namespace

TEST_CASE("ebm-sweep takes COMMAND SWEEP_FILE, --task for run and command, --out for what writes a file", "[sweep_command]") {
    auto command = parse({"run", "s.cfg", "--task", "003"});
    REQUIRE(command);
    CHECK((command->command == "run" && command->sweep == "s.cfg" && command->task == "003" && command->out.empty()));
    CHECK(!command->executable.empty());  // this test program: a prerequisite of every task
    command = parse({"aggregate", "s.cfg", "--out", "t.h5"});
    REQUIRE(command);
    CHECK(command->out == "t.h5");
    const std::string commands = "check|table|command|run|status|missing|arrays|aggregate|makefile";
    CHECK(error_of({}) == "give a COMMAND (" + commands + ") and a SWEEP_FILE");
    CHECK(error_of({"launch", "s.cfg"}) == "COMMAND must be one of " + commands + " (got 'launch')");
    CHECK(error_of({"check"}) == "check needs a SWEEP_FILE, e.g. experiments/sweeps/beta.cfg");
    CHECK(error_of({"command", "s.cfg"}) == "command needs --task I");
    CHECK(error_of({"status", "s.cfg", "--task", "1"}) == "--task is only for run and command");
    CHECK(error_of({"run", "s.cfg", "--task", "1", "--out", "x"}) == "--out is only for table, aggregate and makefile");
    CHECK(error_of({"check", "s.cfg", "--threads", "2"}) == "unrecognised option '--threads'");
    command = parse({"arrays", "s.cfg", "--max-array-size", "10"});
    REQUIRE(command);
    CHECK(command->max_array_size == 10);
    CHECK(error_of({"missing", "s.cfg", "--max-array-size", "10"}) == "--max-array-size is only for arrays");
    CHECK(error_of({"arrays", "s.cfg", "--max-array-size", "0"}) == "--max-array-size must be at least 1 (got 0)");
    CHECK(error_of({"check", "s.cfg", "extra"}) != "");
    // Every command takes the data and experiments folders ($DATA and $EXPERIMENTS in the sweep file),
    // data and experiments by default.
    CHECK(parse({"check", "s.cfg"})->folders.data == "data");
    CHECK(parse({"check", "s.cfg"})->folders.experiments == "experiments");
    command = parse({"run", "s.cfg", "--data-folder", "/d", "--experiments-folder", "/e", "--task", "1"});
    REQUIRE(command);
    CHECK((command->folders.data == "/d" && command->folders.experiments == "/e"));
    CHECK(error_of({"check", "s.cfg", "--data-folder", ""}) == "--data-folder must name a folder (got '')");
    CHECK(error_of({"check", "s.cfg", "--experiments-folder", ""}) == "--experiments-folder must name a folder (got '')");
}

TEST_CASE("every command checks the whole sweep first, then writes what it makes atomically", "[sweep_command]") {
    ebm_test::TempFolder folder("sweep-command");
    const std::string out = (folder.path / "out").string();
    const std::string sweep_file = folder.file("generate.cfg", ebm_test::generate_sweep_text(out));
    const std::string table = (folder.path / "tasks.txt").string();
    ebm::run_sweep_command(*parse({"table", sweep_file, "--out", table}));
    std::ifstream written(table);
    CHECK(std::string(std::istreambuf_iterator<char>(written), {}) == ebm::task_table_text(ebm::read_sweep(sweep_file)));
    ebm::run_sweep_command(*parse({"run", sweep_file, "--task", "2"}));
    CHECK(fs::exists(out + "/task-002.h5"));
    CHECK(!fs::exists(out + "/task-000.h5"));
    // One bad value in task 3 stops task 0 from running.
    const std::string bad = folder.file("bad.cfg", "[sweep]\nprogram = ebm-generate\nout = " + out + "-bad\nseed = 3\n"
                                                   "[parameters]\nn = 5,0\n");
    CHECK_THROWS_WITH(ebm::run_sweep_command(*parse({"run", bad, "--task", "0"})),
                      Catch::Contains(bad + ": task 1 (n=0): --n must be a positive integer"));
    CHECK(!fs::exists(out + "-bad"));
}

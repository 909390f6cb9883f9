#include "cli.hpp"
#include "command_line.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
// Parses `arguments` for a toy stage "train" with options --epochs and --beta.
po::variables_map parse(std::vector<std::string> arguments) {
    po::options_description options("Options");
    options.add_options()("epochs", po::value<long long>()->default_value(0), "")("beta", po::value<std::string>(), "");
    po::variables_map values;
    parse_command_line([&](int argc, const char* const* argv) {
        return parse_options(argc, argv, {"ebm-test", "train", "a test", ""}, options, values);
    }, "ebm-test", std::move(arguments));
    return values;
}
const fs::path config = fs::temp_directory_path() / "ebm-test-cli.cfg";
}  // namespace

TEST_CASE("a run's section falls back to the stage's, and the command line wins", "[cli]") {
    std::ofstream(config) << "[generate]\nn = 5\n[train]\nepochs = 7\nbeta = inf\n[train.warm]\nbeta = 1\n";
    auto values = parse({"--config", config.string(), "--section", "train.warm"});
    CHECK(values["epochs"].as<long long>() == 7);
    CHECK(values["beta"].as<std::string>() == "1");
    values = parse({"--config", config.string()});
    CHECK(values["beta"].as<std::string>() == "inf");
    values = parse({"--config", config.string(), "--section", "train.warm", "--beta", "3"});
    CHECK(values["beta"].as<std::string>() == "3");
    CHECK_THROWS_WITH(parse({"--config", config.string(), "--section", "train.hot"}), Catch::Contains("[train.hot]"));
    CHECK_THROWS_WITH(parse({"--config", config.string(), "--section", "generate"}), Catch::Contains("--section"));
    std::ofstream(config) << "[train.warm]\n\nbta = 1\n";
    CHECK_THROWS_WITH(parse({"--config", config.string(), "--section", "train.warm"}),
                      "--config '" + config.string() + "': line 3: unknown key 'bta' in [train.warm]; "
                      "run with --help for the options it takes");
    // The reader's faults, with the line; a key may be set once in a section.
    std::ofstream(config) << "[train]\nepochs = 3\nepochs = 4\n";
    CHECK_THROWS_WITH(parse({"--config", config.string()}),
                      "--config '" + config.string() + "': line 3: 'epochs' is set twice in [train] (first on line 2)");
    std::ofstream(config) << "[train]\nepochs 3\n";
    CHECK_THROWS_WITH(parse({"--config", config.string()}), Catch::Contains("': line 2: invalid line 'epochs 3'"));
    CHECK_THROWS_WITH(parse({"--config", "/nonexistent/x.cfg"}),
                      "--config: cannot read config file '/nonexistent/x.cfg': No such file or directory");
    fs::remove(config);
}

TEST_CASE("number lists: inf allowed, anything else not a number refused", "[cli]") {
    const auto numbers = parse_number_list("0.1,3.2,inf", "betas");
    REQUIRE(numbers.size() == 3);
    CHECK(numbers[1] == 3.2);
    CHECK(std::isinf(numbers[2]));
    CHECK_THROWS_WITH(parse_number_list("0.1,x", "betas"), Catch::Contains("--betas") && Catch::Contains("'x'"));
    CHECK_THROWS_AS(parse_number_list("", "betas"), UsageError);
    CHECK_THROWS_AS(parse_number_list("1,,2", "betas"), UsageError);
    CHECK_THROWS_AS(parse_number_list("nan", "betas"), UsageError);
    CHECK_THROWS_AS(parse_number_list("1e", "betas"), UsageError);
}

TEST_CASE("numbers are recorded in their shortest exact form", "[cli]") {
    CHECK(shortest_text(0.05) == "0.05");
    CHECK(shortest_text(1.0 / 3) == "0.3333333333333333");
    CHECK(std::stod(shortest_text(1.0 / 3)) == 1.0 / 3);
    CHECK(shortest_text(2) == "2");
    CHECK(file_name("data/models/ztl.h5") == "ztl.h5");
    CHECK(file_name("ztl.h5") == "ztl.h5");
}

TEST_CASE("provenance lists every option but where files are, sorted", "[cli]") {
    const auto values = parse({"--epochs", "3", "--beta", "/some/where/x.h5"});
    CHECK(options_summary(values, {"beta"}) == "beta=x.h5\nepochs=3\n");
}

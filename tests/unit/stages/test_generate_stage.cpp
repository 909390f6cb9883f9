#include "command_line.hpp"
#include "errors.hpp"
#include "generate_stage.hpp"
#include "h5_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
std::optional<GenerateOptions> parse(std::vector<std::string> arguments) {
    return parse_command_line(parse_generate_options, "ebm-generate", std::move(arguments));
}
}  // namespace

TEST_CASE("defaults are the lecture's data", "[generate_stage]") {
    const auto unconditional = parse({"--out", "x.h5"});
    REQUIRE(unconditional);
    CHECK(unconditional->n == 24);
    CHECK(unconditional->x == 0.0);
    CHECK(unconditional->shape.alpha == 1.5);
    CHECK(unconditional->shape.beta_data == 2.0);
    CHECK(unconditional->shape.sigma == 0.05);
    CHECK(parse({"--case", "conditional", "--out", "x.h5"})->n == 1024);
}

TEST_CASE("bad options are usage errors naming the option", "[generate_stage]") {
    CHECK_THROWS_WITH(parse({"--n", "0", "--out", "x.h5"}), Catch::Contains("--n"));
    CHECK_THROWS_AS(parse({"--n", "-3", "--out", "x.h5"}), UsageError);
    CHECK_THROWS_WITH(parse({"--sigma", "-1", "--out", "x.h5"}), Catch::Contains("--sigma"));
    CHECK_THROWS_WITH(parse({"--case", "foo", "--out", "x.h5"}), Catch::Contains("unconditional|conditional"));
    CHECK_THROWS_AS(parse({"--bogus", "--out", "x.h5"}), UsageError);
    CHECK_THROWS_WITH(parse({"--n", "abc", "--out", "x.h5"}), Catch::Contains("--n"));
    CHECK_THROWS_WITH(parse({"--n", "5"}), Catch::Contains("--out"));
    CHECK_THROWS_WITH(parse({"--n", "1000000000000", "--out", "x.h5"}), Catch::Contains("MiB"));
    CHECK_THROWS_AS(parse({"--case", "conditional", "--x", "0.5", "--out", "x.h5"}), UsageError);
}

TEST_CASE("config files: own section read, command line wins, unknown keys refused", "[generate_stage]") {
    const fs::path config = fs::temp_directory_path() / "ebm-test-generate.cfg";
    std::ofstream(config) << "[generate]\nn = 7\nseed = 5\n[train]\nepochs = 3\n";
    const auto options = parse({"--config", config.string(), "--seed", "9", "--out", "x.h5"});
    CHECK(options->n == 7);
    CHECK(options->seed == 9);
    std::ofstream(config) << "[generate]\nnn = 7\n";
    CHECK_THROWS_WITH(parse({"--config", config.string(), "--out", "x.h5"}), Catch::Contains("unknown key 'nn'"));
    std::ofstream(config) << "[generate\n";
    CHECK_THROWS_AS(parse({"--config", config.string(), "--out", "x.h5"}), UsageError);
    fs::remove(config);
    CHECK_THROWS_WITH(parse({"--config", config.string(), "--out", "x.h5"}), Catch::Contains("cannot read"));
}

TEST_CASE("the data file holds the samples and says how it was made", "[generate_stage]") {
    const fs::path path = fs::temp_directory_path() / "ebm-test-generate.h5";
    run_generate(*parse({"--n", "5", "--seed", "3", "--out", path.string()}));
    const H5Reader file(path.string(), data_format, data_format_version);
    CHECK(file.shape("/y") == std::vector<std::size_t>{5, 2});
    CHECK(file.shape("/x") == std::vector<std::size_t>{5});
    CHECK(file.shape("/theta") == std::vector<std::size_t>{5});
    CHECK(file.string_attribute("case") == "unconditional");
    CHECK(file.number_attribute("seed") == 3);
    CHECK(file.number_attribute("sigma") == 0.05);
    CHECK(file.string_attribute("program") == "ebm-generate");
    CHECK_THAT(file.string_attribute("options"), Catch::Contains("out=ebm-test-generate.h5") &&
                                                      !Catch::Contains(fs::temp_directory_path().string()));
    fs::remove(path);
}

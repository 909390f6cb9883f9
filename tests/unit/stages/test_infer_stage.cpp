#include "command_line.hpp"
#include "errors.hpp"
#include "infer_stage.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ebm;

namespace {
std::optional<InferOptions> parse(std::vector<std::string> arguments) {
    for (const char* required : {"--model", "m.h5", "--data", "d.h5", "--out", "i.h5"}) arguments.push_back(required);
    return parse_command_line(parse_infer_options, "ebm-infer", std::move(arguments));
}
}  // namespace

TEST_CASE("the defaults are the lecture's", "[infer_stage]") {
    const auto options = parse({});
    REQUIRE(options);
    CHECK(options->latent_count == 48);
    CHECK(options->betas.size() == 6);
    CHECK(std::isinf(options->betas.back()));
    CHECK(options->grid.y1.count == 25);
    CHECK(options->grid.y2.count == 17);
    CHECK(options->methods.size() == 6);
    CHECK(options->trace == std::vector<std::size_t>{10, 23});
}

TEST_CASE("bad ebm-infer options are usage errors naming the option", "[infer_stage]") {
    CHECK_THROWS_WITH(parse({"--betas", "0"}), Catch::Contains("--betas"));
    CHECK_THROWS_WITH(parse({"--betas", "-1,inf"}), Catch::Contains("--betas"));
    CHECK_THROWS_WITH(parse({"--betas", "nan"}), Catch::Contains("--betas"));
    CHECK_THROWS_WITH(parse({"--betas", ""}), Catch::Contains("--betas"));
    CHECK_THROWS_WITH(parse({"--grid", ""}), Catch::Contains("--grid"));
    CHECK_THROWS_WITH(parse({"--grid", "-3:3:25"}), Catch::Contains("--grid"));
    CHECK_THROWS_WITH(parse({"--fine-grid", "-3:3:100000000,-2:2:100000000"}),
                      Catch::Contains("--fine-grid") && Catch::Contains("GiB"));
    CHECK_THROWS_WITH(parse({"--method", "newton"}), Catch::Contains("exhaustive|line-search|gd|cg|lbfgs|exact"));
    CHECK_THROWS_WITH(parse({"--z", "0"}), Catch::Contains("--z"));
    CHECK_THROWS_WITH(parse({"--trace", "0"}), Catch::Contains("--trace"));
    CHECK_THROWS_WITH(parse({"--probes", "1"}), Catch::Contains("--probes"));
    CHECK_THROWS_WITH(parse({"--weights-beta", "0"}), Catch::Contains("--weights-beta"));
    CHECK_THROWS_WITH(parse({"--beta-sweep", "-20:3:10"}), Catch::Contains("--beta-sweep"));
    CHECK_THROWS_AS(parse({"--threads", "-1"}), UsageError);
}

#include "errors.hpp"
#include "h5_file.hpp"
#include "sweep_fixtures.hpp"
#include "sweep_stage.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using Catch::Contains;

TEST_CASE("a sweep runs ebm-generate, ebm-train and ebm-infer, each with its config section", "[sweep_stage]") {
    const auto& stages = ebm::sweep_stages();
    REQUIRE(stages.size() == 3);
    CHECK((stages[0].program == "ebm-generate" && stages[0].section == "generate"));
    CHECK((stages[1].program == "ebm-train" && stages[1].section == "train"));
    CHECK((stages[2].program == "ebm-infer" && stages[2].section == "infer"));
    CHECK(ebm::sweep_program_names() == "ebm-generate|ebm-train|ebm-infer");
    CHECK(ebm::find_sweep_stage("ebm-train") == &stages[1]);
    CHECK(ebm::find_sweep_stage("ebm-plot") == nullptr);
    CHECK(&ebm::sweep_stage("ebm-infer") == &stages[2]);
    CHECK_THROWS_WITH(ebm::sweep_stage("ebm-plot"), "a sweep cannot run 'ebm-plot'; it runs ebm-generate|ebm-train|ebm-infer");
}

TEST_CASE("a stage invoked in-process checks its options, and runs only when asked", "[sweep_stage]") {
    ebm_test::TempFolder folder("sweep-stage");
    const std::string out = (folder.path / "data.h5").string();
    const auto& generate = ebm::sweep_stage("ebm-generate");
    CHECK_THROWS_WITH(ebm::invoke_stage(generate, {"ebm-generate", "--n=0", "--out=" + out}, false),
                      Contains("--n must be a positive integer"));
    ebm::invoke_stage(generate, {"ebm-generate", "--n=4", "--seed=9", "--out=" + out}, false);
    CHECK(!fs::exists(out));
    ebm::invoke_stage(generate, {"ebm-generate", "--n=4", "--seed=9", "--out=" + out}, true);
    const ebm::H5Reader data(out);
    CHECK(data.shape("/y") == std::vector<std::size_t>{4, 2});
    CHECK(data.number_attribute("seed") == 9);
}

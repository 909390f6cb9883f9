#include "atomic_output.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {
std::string contents(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}
}  // namespace

TEST_CASE("an output appears only on commit, and a failed one keeps the earlier file", "[atomic_output]") {
    const fs::path folder = fs::temp_directory_path() / "ebm-test-atomic";
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::string path = (folder / "result.txt").string();
    std::ofstream(path) << "earlier";
    {
        ebm::AtomicOutput output(path);
        CHECK(fs::path(output.temporary_path()).parent_path() == folder);
        std::ofstream(output.temporary_path()) << "half-writ";
        // no commit: as if the run failed here
    }
    CHECK(contents(path) == "earlier");
    CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
    {
        ebm::AtomicOutput output(path);
        std::ofstream(output.temporary_path()) << "new";
        output.commit();
    }
    CHECK(contents(path) == "new");
    CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
    fs::remove_all(folder);
}

TEST_CASE("an output in a missing or unwritable folder is refused up front", "[atomic_output]") {
    CHECK_THROWS_AS(ebm::AtomicOutput("/nonexistent-folder/x.h5"), ebm::RunError);
    CHECK_THROWS_WITH(ebm::AtomicOutput("/nonexistent-folder/x.h5"), Catch::Contains("/nonexistent-folder"));
    CHECK_THROWS_AS(ebm::AtomicOutput("some-folder/"), ebm::RunError);
}

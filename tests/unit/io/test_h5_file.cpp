#include "errors.hpp"
#include "h5_file.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <xtensor/xbuilder.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
std::string bytes_of(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_example(const std::string& path, const std::string& format = "ebm/test", std::int64_t version = 1) {
    H5Writer file(path, format, version);
    file.write("/a", xt::xtensor<double, 1>{1.5, -2.0, 1e300});
    file.write("/group/b", xt::xtensor<double, 2>{{1, 2, 3}, {4, 5, 6}});
    file.write("/group/deeper/c", xt::xtensor<double, 3>(xt::arange<double>(24).reshape({2, 3, 4})));
    file.write("/counts", xt::xtensor<std::int64_t, 1>{7, -8});
    file.set_attribute("text", std::string("héllo"));
    file.set_attribute("number", 0.1);
    file.set_attribute("integer", std::int64_t(-42));
    file.set_attribute("infinite", std::numeric_limits<double>::infinity());
    file.set_attribute("vector", std::vector<double>{1, 2, 3});
    file.set_attribute("/group/b", "unit", std::string("metres"));
    file.commit();
}
}  // namespace

TEST_CASE("every array rank and attribute type survives a round trip", "[h5_file]") {
    const ebm_test::TempFolder scratch("h5-roundtrip");
    const auto& folder = scratch.path;
    const std::string path = (folder / "x.h5").string();
    write_example(path);
    const H5Reader file(path, "ebm/test", 1);
    CHECK((file.read<1>("/a") == xt::xtensor<double, 1>{1.5, -2.0, 1e300}));
    CHECK((file.read<2>("/group/b") == xt::xtensor<double, 2>{{1, 2, 3}, {4, 5, 6}}));
    const auto c = file.read<3>("/group/deeper/c");
    CHECK(c.shape()[0] == 2);
    CHECK(c.shape()[2] == 4);
    CHECK(c(1, 2, 3) == 23.0);
    CHECK((file.read<1>("/counts") == xt::xtensor<double, 1>{7, -8}));
    CHECK(file.string_attribute("text") == "héllo");
    CHECK(file.number_attribute("number") == 0.1);
    CHECK(std::get<std::int64_t>(file.attribute("/", "integer")) == -42);
    CHECK(std::isinf(file.number_attribute("infinite")));
    CHECK(std::get<std::vector<double>>(file.attribute("/", "vector")) == std::vector<double>{1, 2, 3});
    CHECK(std::get<std::string>(file.attribute("/group/b", "unit")) == "metres");
    CHECK(file.has("/group/deeper/c"));
    CHECK_FALSE(file.has("/group/missing/c"));
    CHECK(file.datasets().size() == 4);
}

TEST_CASE("the dataset walk stops at the count asked for and refuses objects nested too deep", "[h5_file]") {
    const ebm_test::TempFolder scratch("h5-walk");
    const auto deep_path = [&](std::size_t levels) {  // a file with one dataset `levels` deep
        std::string name;
        for (std::size_t level = 1; level < levels; ++level) name += "/g";
        const std::string path = (scratch.path / ("deep-" + std::to_string(levels) + ".h5")).string();
        H5Writer file(path, "ebm/test", 1);
        file.write(name + "/x", xt::xtensor<double, 1>{1.0});
        file.commit();
        return path;
    };
    CHECK(H5Reader(deep_path(H5Reader::deepest_object)).datasets().size() == 1);
    const std::string too_deep = deep_path(H5Reader::deepest_object + 1);
    CHECK_THROWS_WITH(H5Reader(too_deep).datasets(),
                      "'" + too_deep + "' has objects nested more than 32 levels deep, the most ebm reads");
    const std::string path = (scratch.path / "x.h5").string();
    write_example(path);
    CHECK(H5Reader(path).datasets(2).size() == 2);
    CHECK(H5Reader(path).datasets(0).empty());
}

TEST_CASE("the same content written at different times gives identical bytes", "[h5_file]") {
    const ebm_test::TempFolder scratch("h5-bytes");
    const auto& folder = scratch.path;
    write_example((folder / "first.h5").string());
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // timestamps have 1 s resolution
    write_example((folder / "second.h5").string());
    CHECK(bytes_of(folder / "first.h5") == bytes_of(folder / "second.h5"));
}

TEST_CASE("readers refuse wrong formats, newer versions and bad datasets with the file's name", "[h5_file]") {
    const ebm_test::TempFolder scratch("h5-errors");
    const auto& folder = scratch.path;
    const std::string path = (folder / "x.h5").string();
    write_example(path, "ebm/model", 2);
    CHECK_THROWS_WITH(H5Reader(path, "ebm/data", 2), Catch::Contains("ebm/model") && Catch::Contains(path));
    CHECK_THROWS_WITH(H5Reader(path, "ebm/model", 1), Catch::Contains("newer"));
    const H5Reader file(path, "ebm/model", 2);
    CHECK_THROWS_WITH(file.read<1>("/missing"), Catch::Contains("no dataset /missing"));
    CHECK_THROWS_WITH(file.read<1>("/group/b"), Catch::Contains("rank 2"));

    CHECK_THROWS_WITH(H5Reader((folder / "absent.h5").string()), Catch::Contains("no such file"));
    CHECK_THROWS_WITH(H5Reader(folder.string()), Catch::Contains("folder"));
    std::ofstream(folder / "text.h5") << "not hdf5";
    CHECK_THROWS_WITH(H5Reader((folder / "text.h5").string()), Catch::Contains("not an HDF5 file"));
    // A truncated copy of a real file.
    const std::string whole = bytes_of(path);
    std::ofstream(folder / "truncated.h5", std::ios::binary) << whole.substr(0, whole.size() / 2);
    CHECK_THROWS_AS(H5Reader((folder / "truncated.h5").string(), "ebm/model", 2).read<2>("/group/b"), RunError);
}

TEST_CASE("a writer that is not committed leaves the earlier file untouched", "[h5_file]") {
    const ebm_test::TempFolder scratch("h5-atomic");
    const auto& folder = scratch.path;
    const std::string path = (folder / "x.h5").string();
    write_example(path);
    const std::string before = bytes_of(path);
    try {
        H5Writer file(path, "ebm/test", 1);
        file.write("/a", xt::xtensor<double, 1>{0.0});
        throw RunError("failure in the middle of a stage");
    } catch (const RunError&) {
    }
    CHECK(bytes_of(path) == before);
    CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
}

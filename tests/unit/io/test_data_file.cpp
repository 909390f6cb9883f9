#include "data_file.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
std::string write_data(const std::string& name, const xt::xtensor<double, 2>& y, const xt::xtensor<double, 1>& x,
                       const std::string& format = data_format) {
    const std::string path = (fs::temp_directory_path() / name).string();
    H5Writer file(path, format, data_format_version);
    file.write("/y", y);
    file.write("/x", x);
    file.set_attribute("case", std::string("unconditional"));
    file.commit();
    return path;
}
}  // namespace

TEST_CASE("a good data file reads back", "[data_file]") {
    const auto path = write_data("ebm-test-data-good.h5", {{1, 2}, {3, 4}}, {0, 0});
    const DataSet data = read_data_file(path);
    CHECK(data.data_case == "unconditional");
    CHECK(data.y(1, 0) == 3.0);
    CHECK(data.x.size() == 2);
    fs::remove(path);
}

TEST_CASE("bad data files are refused naming the file and the sample", "[data_file]") {
    const auto nan_path = write_data("ebm-test-data-nan.h5", {{1, 2}, {3, NAN}}, {0, 0});
    CHECK_THROWS_WITH(read_data_file(nan_path), Catch::Contains("sample 2") && Catch::Contains(nan_path));
    const auto wide = write_data("ebm-test-data-wide.h5", {{1, 2, 3}}, {0});
    CHECK_THROWS_WITH(read_data_file(wide), Catch::Contains("expected (N, 2)"));
    const auto short_x = write_data("ebm-test-data-x.h5", {{1, 2}, {3, 4}}, {0});
    CHECK_THROWS_WITH(read_data_file(short_x), Catch::Contains("/x has 1 values"));
    const auto model = write_data("ebm-test-data-model.h5", {{1, 2}}, {0}, "ebm/model");
    CHECK_THROWS_WITH(read_data_file(model), Catch::Contains("expected ebm/data"));
    for (const auto& path : {nan_path, wide, short_x, model}) fs::remove(path);
}

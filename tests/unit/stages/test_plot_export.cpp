#include "errors.hpp"
#include "h5_file.hpp"
#include "plot_export.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sstream>

namespace {
// Input k's variables as export_input writes them, for a file made by `fill`.
template <typename Fill>
std::string exported(const ebm_test::TempFolder& scratch, Fill fill) {
    const std::string path = (scratch.path / "in.h5").string();
    ebm::H5Writer file(path, "ebm/test", 1);
    fill(file);
    file.commit();
    std::ostringstream variables;
    ebm::export_input(ebm::H5Reader(path), 2, scratch.path / "data", variables);
    return variables.str();
}
}  // namespace

TEST_CASE("an input's datasets become text files, its attributes and shapes gnuplot variables", "[plot_export]") {
    const ebm_test::TempFolder scratch("plot-export");
    const std::string variables = exported(scratch, [](ebm::H5Writer& file) {
        file.write("/grid/f", xt::xtensor<double, 2>{{1, 2}, {3, 4}, {5, 6}});
        file.set_attribute("title", std::string("it's\nfine"));  // one line, no quote that would end the string
    });
    CHECK(variables ==
          "in2_format = 'ebm/test'\nin2_format_version = 1\nin2_title = 'it\"s fine'\n"
          "in2_grid_f_n = 6\nin2_grid_f_rows = 3\nin2_grid_f_cols = 2\nin2_grid_f_min = 1\nin2_grid_f_max = 6\n");
    std::ifstream text(scratch.path / "data" / "2" / "grid" / "f.dat");
    CHECK(std::string(std::istreambuf_iterator<char>(text), {}) == "1 2\n3 4\n5 6\n");
}

TEST_CASE("names outside the rule and names that would share a variable are refused, naming the object", "[plot_export]") {
    const ebm_test::TempFolder scratch("plot-export-refused");
    const auto refusal = [&](auto fill) {
        try {
            exported(scratch, fill);
        } catch (const ebm::RunError& error) {
            return std::string(error.what());
        }
        return std::string("(exported)");
    };
    const auto one = xt::xtensor<double, 1>{1.0};
    CHECK_THAT(refusal([&](ebm::H5Writer& file) { file.write("/a b", one); }),
               Catch::Contains("dataset '/a b' has a name ebm-plot does not export"));
    CHECK_THAT(refusal([&](ebm::H5Writer& file) { file.write("/" + std::string(129, 'x'), one); }),
               Catch::Contains("at most 128 characters"));
    CHECK_THAT(refusal([&](ebm::H5Writer& file) { file.set_attribute("-x", 1.0); }),
               Catch::Contains("attribute '-x' has a name ebm-plot does not export"));
    CHECK_THAT(refusal([&](ebm::H5Writer& file) {
                   file.write("/a/b", one);
                   file.write("/a_b", one);
               }),
               Catch::Contains("dataset '/a/b' and dataset '/a_b' would both become the gnuplot variable in2_a_b_n"));
    CHECK(refusal([&](ebm::H5Writer& file) { file.write("/" + std::string(128, 'x'), one); }) == "(exported)");
}

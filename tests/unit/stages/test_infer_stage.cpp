#include "command_line.hpp"
#include "data_file.hpp"
#include "ellipse_inference.hpp"
#include "errors.hpp"
#include "h5_file.hpp"
#include "infer_stage.hpp"
#include "written_datasets.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;
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
    // The meshes follow the samples (grid_spec.hpp): the lecture's, for its data.
    CHECK(!options->grid.given);
    CHECK(options->grid.step == 0.25);
    CHECK(options->fine_grid.step == 0.05);
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

TEST_CASE("the default probes are the origin and slide 17's five points of the mesh", "[infer_stage]") {
    const auto options = parse({"--z", "8", "--betas", "inf", "--grid", "-3:3:25,-2:2:17", "--fine-grid", "-1:1:2,-1:1:2",
                                "--cross-section", "2", "--trace", "1", "--method", "exact"});
    REQUIRE(options);
    CHECK(options->probes_auto);
    DataSet data;
    data.y = {{2.5, 0.5}};
    data.x = xt::zeros<double>({std::size_t(1)});
    const auto result = compute_ellipse_inference(*options, {-1.5, 0.35}, data);
    CHECK((result.probe_y == xt::xtensor<double, 2>{{2.5, 0.5}, {0, 0}, {-3, -0.5}, {-2.25, -0.5}, {-1.5, -0.5},
                                                    {-0.75, -0.5}, {0, -0.5}}));
    CHECK(result.probe_labels ==
          std::vector<std::string>{"Y[1]", "(0,0)", "(-3,-0.5)", "(-2.25,-0.5)", "(-1.5,-0.5)", "(-0.75,-0.5)", "(0,-0.5)"});
    // From the lecture's z̃ = 0.4, L-BFGS takes (0, −0.5) to its local minimum z = π/2, where
    // E = (−0.5 − 0.35)², not to F∞ = (−0.5 + 0.35)² at 3π/2 (the grid of 8 has it).
    CHECK(result.probe_z_lbfgs(6) == Approx(M_PI / 2).margin(1e-6));
    CHECK(result.probe_energy_lbfgs(6) == Approx(0.85 * 0.85).margin(1e-12));
    CHECK(result.probe_f_inf(6) == Approx(0.15 * 0.15).margin(1e-12));
    CHECK(!parse({"--probes", "1:2"})->probes_auto);
}

TEST_CASE("the writer puts every field of the result where the layout says", "[infer_stage]") {
    const fs::path folder = fs::temp_directory_path() / "ebm-test-infer-stage";
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::string out = (folder / "inference.h5").string();
    DataSet data;
    data.data_case = "unconditional";
    data.y = {{2.5, 0.5}, {0.8, 0.3}, {0.1, 1.6}};
    data.x = xt::zeros<double>({std::size_t(3)});
    const auto options = parse({"--z", "8", "--betas", "1,inf", "--grid", "-1:1:3,-1:1:2", "--fine-grid",
                                "-1:1:4,-1:1:3", "--cross-section", "5", "--trace", "3", "--probes", "0:0",
                                "--method", "gd,exact", "--beta-sweep", "0:1:2", "--z-start", "0.25"});
    const auto result = compute_ellipse_inference(*options, {2, 1}, data);
    const auto names = written_datasets(out, inference_format, inference_format_version, [&](H5Writer& file) {
        write_inference(file, result, {"ebm-infer", {{"model", "m.h5", "model-hash"}, {"data", "d.h5", "data-hash"}}, "--z 8"});
    });
    const H5Reader file(out, inference_format, inference_format_version);
    std::vector<std::string> expected{"/z", "/model/w", "/manifold/y", "/samples/y", "/samples/energy",
                                      "/samples/z_check", "/samples/f_inf", "/traces/Y3/y"};
    for (const std::string method : {"gd", "exact"}) {
        for (const std::string name : {"z_check", "f_inf", "error", "iterations", "energy_evaluations", "gradient_evaluations"})
            expected.push_back("/inference/" + method + "/" + name);
        for (const std::string name : {"z", "energy"}) expected.push_back("/traces/Y3/" + method + "/" + name);
    }
    for (const std::string name :
         {"y", "energy", "weights", "z_check", "f_inf", "mean_energy", "z_lbfgs", "energy_lbfgs", "betas", "f_beta"})
        expected.push_back("/probes/" + name);
    for (const std::string map : {"/grid/", "/fine/"})
        for (const std::string name : {"y1", "y2", "betas", "f_inf", "f_beta", "mean_energy", "grad_f_inf"})
            expected.push_back(map + name);
    for (const std::string name : {"y2", "betas", "f_beta", "f_inf", "mean_energy"})
        expected.push_back("/cross_section/" + name);
    std::sort(expected.begin(), expected.end());
    CHECK(names == expected);

    CHECK((file.read<2>("/samples/energy") == result.sample_energy));
    CHECK((file.read<1>("/inference/exact/error") == result.methods[1].error));
    CHECK((file.read<1>("/traces/Y3/gd/z") == result.traces[0].paths[0].z));
    CHECK((file.read<2>("/probes/f_beta") == result.probe_f_beta));
    CHECK((file.read<3>("/fine/f_beta") == result.fine.map.f_beta));
    CHECK((file.read<3>("/grid/grad_f_inf") == result.mesh.map.grad_f_inf));
    CHECK((file.read<1>("/cross_section/betas") == xt::xtensor<double, 1>{1, INFINITY}));
    CHECK((file.read<2>("/cross_section/f_beta") == result.cross_section_f_beta));
    CHECK(file.string_attribute("probe_labels") == "Y[3] (0,0)");
    CHECK(file.number_attribute("z_start") == 0.25);
    CHECK(file.string_attribute("model_sha256") == "model-hash");
    CHECK(file.string_attribute("data_file") == "d.h5");
    CHECK(file.string_attribute("program") == "ebm-infer");
    CHECK(file.string_attribute("options") == "--z 8");
    fs::remove_all(folder);
}

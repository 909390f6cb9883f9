// Tests of lib/network_infer_stage: ebm-infer's options for the network
// models, and a whole run in-process on a conditional and a latent model:
// the manifold is f(x)·g(z), the samples' F∞ is the energy at ž, the slices'
// maps are F∞ at their points; and the writer's layout for each kind of model.
#include "command_line.hpp"
#include "conditional_model.hpp"
#include "data_file.hpp"
#include "errors.hpp"
#include "free_energy.hpp"
#include "generate_stage.hpp"
#include "h5_file.hpp"
#include "infer_stage.hpp"
#include "latent_model.hpp"
#include "model_file.hpp"
#include "network_checks.hpp"
#include "network_inference.hpp"
#include "network_model.hpp"
#include "train_stage.hpp"
#include "written_datasets.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
std::optional<InferOptions> parse(const std::vector<std::string>& arguments) {
    return parse_command_line(parse_infer_options, "ebm-infer", arguments);
}

void train(const std::vector<std::string>& arguments) {
    run_train(*parse_command_line(parse_train_options, "ebm-train", arguments));
}
}  // namespace

TEST_CASE("network inference options", "[network_infer_stage]") {
    const std::vector<std::string> files{"--model", "m.h5", "--data", "d.h5", "--out", "i.h5"};
    auto with = [&](std::vector<std::string> extra) {
        extra.insert(extra.end(), files.begin(), files.end());
        return parse(extra);
    };
    const auto defaults = with({});
    REQUIRE(defaults);
    CHECK(defaults->network.manifold_x.count == 51);
    CHECK(defaults->network.slice_x == std::vector<double>{0, 0.5, 1});
    CHECK(defaults->model_specific.count("slice-x") == 0);
    // Given, it is recorded with the models it applies to, for run_infer to check against the file's.
    CHECK(with({"--slice-x", "0.25"})->model_specific.at("slice-x") ==
          std::vector<std::string>{"conditional", "decoder-mlp", "latent"});
    CHECK_THROWS_WITH(with({"--slice-grid", "1"}), Catch::Contains("--slice-grid"));
    CHECK_THROWS_WITH(with({"--slice-margin", "0"}), Catch::Contains("--slice-margin"));
    CHECK_THROWS_WITH(with({"--manifold-x", "0:1"}), Catch::Contains("--manifold-x"));
    CHECK_THROWS_WITH(with({"--latent-method", "exhaustive"}), Catch::Contains("gd|cg|lbfgs"));
    CHECK_THROWS_WITH(with({"--starts", "-1"}), Catch::Contains("--starts"));
    CHECK_THROWS_AS(with({"--decoded", "0"}), UsageError);
}

TEST_CASE("a whole inference run in-process: manifold, samples and maps agree with the model", "[network_infer_stage]") {
    const ebm_test::TempFolder scratch("network-infer-stage");
    const fs::path& folder = scratch.path;
    const std::string data = (folder / "horn.h5").string();
    run_generate(*parse_command_line(parse_generate_options, "ebm-generate",
                                     {"--case", "conditional", "--n", "80", "--out", data}));
    const std::string conditional = (folder / "conditional.h5").string(), latent = (folder / "latent.h5").string();
    train({"--model", "conditional", "--epochs", "3", "--data", data, "--out", conditional, "--optimizer", "adam",
           "--lr", "0.05"});
    train({"--model", "latent", "--latent-dim", "2", "--lambda", "0.2", "--epochs", "1", "--data", data, "--out", latent});

    const std::string out = (folder / "inference.h5").string();
    run_infer(*parse({"--model", conditional, "--data", data, "--out", out, "--manifold-x", "0:1:6", "--z", "12",
                      "--slice-x", "0.2,0.9", "--slice-grid", "7"}));
    {
        const auto model = read_network_model(conditional);
        const H5Reader file(out, inference_format, inference_format_version);
        CHECK(file.string_attribute("model") == "conditional");
        const auto x = file.read<1>("/manifold/x"), z = file.read<1>("/manifold/z");
        const auto y1 = file.read<2>("/manifold/y1"), y2 = file.read<2>("/manifold/y2");
        const auto table = file.read<2>("/manifold/table");
        REQUIRE(y1.shape()[0] == 6);
        REQUIRE(y1.shape()[1] == 12);
        CHECK(table.shape()[0] == 72);
        for (std::size_t i = 0; i < 6; ++i) {
            const auto f = model->predict(x(i));
            for (std::size_t k = 0; k < 12; ++k) {
                CHECK(y1(i, k) == Approx(f[0] * std::cos(z(k))).epsilon(1e-14));
                CHECK(y2(i, k) == Approx(f[1] * std::sin(z(k))).epsilon(1e-14));
                CHECK(table(i * 12 + k, 2) == y1(i, k));
            }
        }
        // Each sample's F∞ is its energy at ž, no more than at any grid latent; the refined one is lower still.
        const auto sx = file.read<1>("/samples/x"), z_check = file.read<1>("/samples/z_check");
        const auto sy = file.read<2>("/samples/y");
        const auto f_inf = file.read<1>("/samples/f_inf"), refined = file.read<1>("/samples/f_inf_refined");
        for (std::size_t n = 0; n < sx.size(); ++n) {
            const Vec2 y{sy(n, 0), sy(n, 1)};
            CHECK(f_inf(n) == Approx(model->energy(sx(n), y, &z_check(n))).epsilon(1e-12));
            for (std::size_t k = 0; k < 12; ++k) CHECK(f_inf(n) <= model->energy(sx(n), y, &z(k)));
            CHECK(refined(n) <= f_inf(n));
        }
        const auto map = file.read<2>("/slices/1/f_inf");
        const auto m1 = file.read<1>("/slices/1/y1"), m2 = file.read<1>("/slices/1/y2");
        REQUIRE(map.shape()[0] == 7);
        // The map is F∞ over z ∈ R: no higher than the grid's, within a dense scan's bounds.
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < 12; ++k) best = std::min(best, model->energy(0.9, {m1(2), m2(5)}, &z(k)));
        const auto scan = ebm_test::scan_circle(*model, 0.9, {m1(2), m2(5)});
        CHECK(map(5, 2) <= best);
        CHECK(map(5, 2) <= scan.minimum + 1e-12);
        CHECK(map(5, 2) >= scan.minimum - scan.largest_change);
        CHECK(file.shape("/slices/0/curve") == std::vector<std::size_t>{12, 2});
    }
    run_infer(*parse({"--model", latent, "--data", data, "--out", out, "--slice-grid", "5", "--decoded", "9",
                      "--latent-method", "gd", "--starts", "2"}));
    {
        const auto model = read_network_model(latent);
        const H5Reader file(out, inference_format, inference_format_version);
        CHECK(file.string_attribute("model") == "latent");
        CHECK(file.shape("/samples/z_check") == std::vector<std::size_t>{80, 2});
        CHECK(file.shape("/slices/2/decoded") == std::vector<std::size_t>{9, 2});
        CHECK_FALSE(file.has("/manifold/y1"));
        const auto sx = file.read<1>("/samples/x");
        const auto sy = file.read<2>("/samples/y"), z_check = file.read<2>("/samples/z_check");
        const auto f_inf = file.read<1>("/samples/f_inf");
        for (std::size_t n = 0; n < 80; n += 7)
            CHECK(f_inf(n) == Approx(model->energy(sx(n), {sy(n, 0), sy(n, 1)}, &z_check(n, 0))).epsilon(1e-12));
    }
    CHECK_THROWS_WITH(run_infer(*parse({"--model", latent, "--data", data, "--out", out, "--z", "12"})),
                      Catch::Contains("--z applies to the ellipse|conditional|decoder-mlp models, not to") &&
                          Catch::Contains("whose model is latent"));
    CHECK_THROWS_WITH(run_infer(*parse({"--model", conditional, "--data", data, "--out", out, "--trace", "3"})),
                      Catch::Contains("--trace applies to the ellipse model"));
}

TEST_CASE("the writer puts a network result where the layout says, by the kind of model", "[network_infer_stage]") {
    const ebm_test::TempFolder scratch("network-infer-stage");
    const fs::path& folder = scratch.path;
    const std::string out = (folder / "inference.h5").string();
    DataSet data;
    data.data_case = "conditional";
    data.x = {0.0, 0.1, 0.5, 0.9};
    data.y = {{0.5, 0.1}, {-0.4, 0.3}, {0.9, -0.2}, {-1.1, -0.4}};
    const auto options = parse({"--model", "m.h5", "--data", "d.h5", "--out", out, "--manifold-x", "0:1:3",
                                "--slice-x", "0.05,5", "--slice-grid", "3", "--decoded", "4"});
    for (const auto kind : {NetworkKind::conditional, NetworkKind::latent}) {
        NetworkConfig config;
        config.kind = kind;
        config.latent_count = 6;
        auto model = make_network_model(config);
        model->initialise(1);
        const auto result = compute_network_inference(options->network, *model, data);
        const auto names = written_datasets(out, inference_format, inference_format_version, [&](H5Writer& file) {
            write_inference(file, result, {"ebm-infer", {{"model", "m.h5", "model-hash"}, {"data", "d.h5", "data-hash"}}, "--slice-x 0.05,5"});
        });
        const H5Reader file(out, inference_format, inference_format_version);
        std::vector<std::string> expected{"/samples/x", "/samples/y", "/samples/z_check", "/samples/f_inf",
                                          "/manifold/x", "/manifold/f", "/slices/x", "/slices/0/y1", "/slices/0/y2",
                                          "/slices/0/f_inf", "/slices/0/samples", "/slices/1/y1", "/slices/1/y2",
                                          "/slices/1/f_inf"};  // no sample lies near x = 5
        if (result.grid_model()) {
            expected.insert(expected.end(), {"/samples/z_refined", "/samples/f_inf_refined", "/z", "/manifold/z",
                                             "/manifold/y1", "/manifold/y2", "/manifold/table", "/slices/0/curve",
                                             "/slices/1/curve"});
        } else {
            expected.insert(expected.end(), {"/slices/0/decoded", "/slices/1/decoded"});
        }
        std::sort(expected.begin(), expected.end());
        CHECK(names == expected);
        // A grid model's ž is one angle per sample, kept one-dimensional.
        CHECK(file.shape("/samples/z_check") ==
              (result.grid_model() ? std::vector<std::size_t>{4} : std::vector<std::size_t>{4, 1}));
        CHECK((file.read<1>("/samples/f_inf") == result.f_inf));
        CHECK((file.read<2>("/slices/0/samples") == xt::xtensor<double, 2>{{0.5, 0.1}, {-0.4, 0.3}}));
        CHECK((file.read<2>("/slices/1/f_inf") == result.slices[1].f_inf));
        if (result.grid_model()) {
            CHECK((file.read<1>("/samples/z_refined") == result.z_refined));
            CHECK((file.read<2>("/manifold/table") == result.manifold_table));
            CHECK(file.number_attribute("mean_f_inf_refined") == result.mean_f_inf_refined);
        } else {
            CHECK((file.read<2>("/slices/1/decoded") == result.slices[1].decoded));
            CHECK_FALSE(file.has_attribute("/", "mean_f_inf_refined"));
        }
        CHECK(file.number_attribute("mean_f_inf") == result.mean_f_inf);
        CHECK(std::get<std::vector<double>>(file.attribute("/", "slice_min_f_inf")) == result.slice_min_f_inf);
        CHECK(file.string_attribute("model") == network_kind_name(kind));
        CHECK(file.string_attribute("data_sha256") == "data-hash");
        CHECK(file.string_attribute("program") == "ebm-infer");
    }
}

// Tests of lib/stages/model_file: parameters round-trip by name, and files
// whose layers do not match the architecture are refused naming the layer.
#include "conditional_model.hpp"
#include "errors.hpp"
#include "model_file.hpp"
#include "network_model.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
std::string write_model(const fs::path& folder, const NetworkModel& model, const std::string& name = "model.h5") {
    const std::string path = (folder / name).string();
    H5Writer file(path, model_format, model_format_version);
    write_parameters(file, "/params", model.parameter_blocks(), model.parameters());
    write_architecture(file, model);
    file.commit();
    return path;
}

// An MLP's parameters alone, read from /params/<prefix>.
void read_mlp(const H5Reader& file, const Mlp& mlp, const std::string& prefix, std::vector<double>& values) {
    read_parameters(file, mlp.parameter_blocks(prefix, 0), values, "an MLP " + mlp.describe());
}
}  // namespace

TEST_CASE("MLP parameters round-trip by name, and mismatched files are refused naming the layer", "[model_file]") {
    const ebm_test::TempFolder scratch("model-file");
    const fs::path& folder = scratch.path;
    const Mlp f({1, 8, 8, 2});
    std::vector<double> params(f.parameter_count());
    Rng rng(1);
    f.initialise(params.data(), rng);
    const std::string path = (folder / "model.h5").string();
    {
        H5Writer file(path, "ebm/model", 1);
        write_parameters(file, "/params", f.parameter_blocks("f", 0), params);
        file.commit();
    }
    {
        const H5Reader file(path, "ebm/model", 1);
        CHECK(file.shape("/params/f/0/weight") == std::vector<std::size_t>{8, 1});
        CHECK(file.shape("/params/f/2/weight") == std::vector<std::size_t>{8, 8});
        CHECK(file.shape("/params/f/4/bias") == std::vector<std::size_t>{2});
        std::vector<double> back(params.size(), 0.0);
        read_mlp(file, f, "f", back);
        CHECK(back == params);

        std::vector<double> other(Mlp({1, 4, 4, 2}).parameter_count());
        CHECK_THROWS_WITH(read_mlp(file, Mlp({1, 4, 4, 2}), "f", other),
                          Catch::Contains("/params/f/0/weight has shape (8, 1)") && Catch::Contains("Linear(1→4)") &&
                              Catch::Contains("(4, 1)"));
        std::vector<double> wider(Mlp({1, 8, 8, 3}).parameter_count());
        CHECK_THROWS_WITH(read_mlp(file, Mlp({1, 8, 8, 3}), "f", wider),
                          Catch::Contains("/params/f/4/weight has shape (2, 8)"));
        std::vector<double> deeper(Mlp({1, 8, 8, 8, 2}).parameter_count());
        CHECK_THROWS_WITH(read_mlp(file, Mlp({1, 8, 8, 8, 2}), "f", deeper),
                          Catch::Contains("/params/f/4/weight has shape (2, 8)"));
        std::vector<double> shallower(Mlp({1, 8, 2}).parameter_count());
        CHECK_THROWS_WITH(read_mlp(file, Mlp({1, 8, 2}), "f", shallower),
                          Catch::Contains("/params/f/2/weight has shape (8, 8)"));
        CHECK_THROWS_WITH(read_mlp(file, f, "g", params), Catch::Contains("has no /params/g/0/weight"));
        CHECK_THROWS_AS(read_mlp(file, f, "g", params), RunError);
    }
    {
        std::vector<double> shorter(Mlp({1, 8, 2}).parameter_count(), 0.5);
        H5Writer file(path, "ebm/model", 1);
        write_parameters(file, "/params", Mlp({1, 8, 2}).parameter_blocks("h", 0), shorter);
        file.commit();
    }
    {
        const H5Reader file(path, "ebm/model", 1);
        std::vector<double> values(Mlp({1, 8}).parameter_count());
        CHECK_THROWS_WITH(read_mlp(file, Mlp({1, 8}), "h", values),
                          Catch::Contains("has /params/h/2/") && Catch::Contains("does not have"));
    }
    {
        params[3] = std::nan("");
        H5Writer file(path, "ebm/model", 1);
        write_parameters(file, "/params", f.parameter_blocks("f", 0), params);
        file.commit();
    }
    const H5Reader file(path, "ebm/model", 1);
    std::vector<double> values(f.parameter_count());
    CHECK_THROWS_WITH(read_mlp(file, f, "f", values), Catch::Contains("/params/f/0/weight holds a non-finite"));
}

TEST_CASE("every model round-trips through a model file; a mismatched one is refused naming the layer", "[model_file]") {
    const ebm_test::TempFolder scratch("model-file");
    const fs::path& folder = scratch.path;
    for (const auto kind : {NetworkKind::conditional, NetworkKind::decoder_mlp, NetworkKind::latent}) {
        NetworkConfig config;
        config.kind = kind;
        if (kind != NetworkKind::conditional) config.predictor_width = 5;
        config.latent_dim = 3;
        config.lambda = 0.25;
        config.regularizer = RegularizerKind::l1;
        config.search.starts = 2;
        auto model = make_network_model(config);
        model->initialise(7);
        const auto path = write_model(folder, *model);
        const auto back = read_network_model(path);
        CHECK(back->config().kind == kind);
        CHECK(back->parameters() == model->parameters());
        CHECK(back->config().predictor_width == config.predictor_width);
        if (kind == NetworkKind::latent) {
            CHECK(back->config().latent_dim == 3);
            CHECK(back->config().lambda == 0.25);
            CHECK(back->config().regularizer == RegularizerKind::l1);
            CHECK(back->config().search.starts == 2);
        }
    }
    // A file whose attributes say width 5 but whose layers are of width 4.
    NetworkConfig config;
    config.kind = NetworkKind::decoder_mlp;
    config.predictor_width = 4;
    auto model = make_network_model(config);
    model->initialise(1);
    const std::string path = (folder / "mismatch.h5").string();
    {
        H5Writer file(path, model_format, model_format_version);
        write_parameters(file, "/params", model->parameter_blocks(), model->parameters());
        config.predictor_width = 5;
        write_architecture(file, *make_network_model(config));
        file.commit();
    }
    CHECK_THROWS_WITH(read_network_model(path),
                      Catch::Contains("/params/f/4/weight has shape (4, 8)") && Catch::Contains("(5, 8)"));
    CHECK_THROWS_AS(read_network_model(path), RunError);

    // A conditional model file with a decoder network in it.
    {
        auto plain = make_network_model(NetworkConfig{});
        H5Writer file(path, model_format, model_format_version);
        write_parameters(file, "/params", plain->parameter_blocks(), plain->parameters());
        const Mlp extra({2, 2});
        const std::vector<double> values(extra.parameter_count(), 0.5);
        write_parameters(file, "/params", extra.parameter_blocks("g", 0), values);
        write_architecture(file, *plain);
        file.commit();
    }
    CHECK_THROWS_WITH(read_network_model(path), Catch::Contains("has /params/g"));
    // An ellipse model file is not a network model.
    {
        const EllipseModel ellipse;
        H5Writer file(path, model_format, model_format_version);
        write_parameters(file, "/params", ellipse.parameter_blocks(), ellipse.parameters());
        write_architecture(file, ellipse);
        file.commit();
    }
    CHECK_THROWS_WITH(read_network_model(path), Catch::Contains("holds a 'ellipse' model"));
}

// Tests of lib/network_model: names, architecture checks, the factory, and
// model files round-tripping by name with mismatches refused.
#include "conditional_model.hpp"
#include "errors.hpp"
#include "model_file.hpp"
#include "network_model.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
fs::path fresh_folder() {
    const fs::path folder = fs::temp_directory_path() / "ebm-test-network-model";
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}

std::string write_model(const fs::path& folder, const NetworkModel& model, const std::string& name = "model.h5") {
    const std::string path = (folder / name).string();
    H5Writer file(path, model_format, model_format_version);
    model.write_parameters(file);
    write_network_architecture(file, model.config());
    file.commit();
    return path;
}
}  // namespace

TEST_CASE("network model names", "[network_model]") {
    CHECK(network_kind_from_name("decoder-mlp") == NetworkKind::decoder_mlp);
    CHECK(network_kind_name(NetworkKind::latent) == "latent");
    CHECK(is_network_model_name("conditional"));
    CHECK_FALSE(is_network_model_name("ellipse"));
    CHECK_THROWS_WITH(network_kind_from_name("mlp"), Catch::Contains("conditional|decoder-mlp|latent"));
    CHECK(regularizer_from_name("l1") == RegularizerKind::l1);
    CHECK_THROWS_WITH(regularizer_from_name("l3"), Catch::Contains("l2|l1"));
    CHECK(latent_method_from_name("cg") == LatentMethod::cg);
    CHECK_THROWS_WITH(latent_method_from_name("newton"), Catch::Contains("gd|cg|lbfgs"));
}

TEST_CASE("architectures are validated naming the field", "[network_model]") {
    NetworkConfig config;
    CHECK_NOTHROW(validate_network_config(config));
    config.predictor_width = 3;
    CHECK_THROWS_WITH(validate_network_config(config), Catch::Contains("width"));
    config.kind = NetworkKind::latent;
    CHECK_NOTHROW(validate_network_config(config));
    config.latent_dim = 0;
    CHECK_THROWS_WITH(validate_network_config(config), Catch::Contains("latent_dim"));
    config.latent_dim = 2;
    config.lambda = -0.1;
    CHECK_THROWS_WITH(validate_network_config(config), Catch::Contains("lambda"));
    config.lambda = 0;
    config.search.starts = 0;
    CHECK_THROWS_WITH(validate_network_config(config), Catch::Contains("starts"));
}

TEST_CASE("every model round-trips through a model file; a mismatched one is refused naming the layer", "[network_model]") {
    const fs::path folder = fresh_folder();
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
        model->write_parameters(file);
        config.predictor_width = 5;
        write_network_architecture(file, config);
        file.commit();
    }
    CHECK_THROWS_WITH(read_network_model(path),
                      Catch::Contains("/params/f/4/weight has shape (4, 8)") && Catch::Contains("(5, 8)"));
    CHECK_THROWS_AS(read_network_model(path), RunError);

    // A conditional model file with a decoder network in it.
    {
        auto plain = make_network_model(NetworkConfig{});
        H5Writer file(path, model_format, model_format_version);
        plain->write_parameters(file);
        const Mlp extra({2, 2});
        const std::vector<double> values(extra.parameter_count(), 0.5);
        extra.write(file, "/params/g", values.data());
        write_network_architecture(file, plain->config());
        file.commit();
    }
    CHECK_THROWS_WITH(read_network_model(path), Catch::Contains("has /params/g"));
    // An ellipse model file is not a network model.
    {
        H5Writer file(path, model_format, model_format_version);
        file.set_attribute("model", std::string("ellipse"));
        file.commit();
    }
    CHECK_THROWS_WITH(read_network_model(path), Catch::Contains("holds a 'ellipse' model"));
    fs::remove_all(folder);
}

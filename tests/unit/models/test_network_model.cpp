// Tests of lib/network_model: names, architecture checks, the factory.
#include "conditional_model.hpp"
#include "errors.hpp"
#include "network_model.hpp"

#include <catch2/catch.hpp>

using namespace ebm;


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

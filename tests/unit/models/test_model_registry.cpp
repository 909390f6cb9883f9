// Tests of lib/models/model_registry: every model kind builds from its own
// defaults, its architecture rebuilds the same model, and names and bad
// option values are refused naming what is wrong.
#include "model_registry.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ebm;

namespace {
// The text of each option a kind declares, its defaults unless overridden,
// and "seed" (shared by all of ebm-train). Asking for anything else is a
// model reading an option it never declared: a test failure.
OptionText defaults_of(const ModelKind& kind, const std::map<std::string, std::string>& overrides = {}) {
    std::map<std::string, std::string> text{{"seed", "1"}};
    for (const auto& option : kind.options) text[option.name] = option.default_text;
    for (const auto& [name, value] : overrides) text[name] = value;
    return [kind_name = kind.name, text](const std::string& name) -> std::string {
        const auto found = text.find(name);
        if (found == text.end())
            throw std::logic_error("model " + kind_name + " read option '" + name + "', which it does not declare");
        return found->second;
    };
}

// What model_file.cpp does: an architecture value by name, std::invalid_argument if missing.
ArchitectureLookup lookup_over(const Architecture& architecture) {
    return [architecture](const std::string& name) -> ArchitectureValue {
        for (const auto& [stored_name, value] : architecture)
            if (stored_name == name) return value;
        throw std::invalid_argument("no architecture value '" + name + "'");
    };
}
}  // namespace

TEST_CASE("the registry lists the four models in --help order", "[model_registry]") {
    CHECK(model_names() == "ellipse|conditional|decoder-mlp|latent");
    REQUIRE(model_kinds().size() == 4);
    CHECK(model_kinds()[0].data_case == "unconditional");
    for (std::size_t i = 1; i < model_kinds().size(); ++i) CHECK(model_kinds()[i].data_case == "conditional");
    for (const auto& kind : model_kinds()) {
        INFO(kind.name);
        CHECK(&model_kind(kind.name) == &kind);
        CHECK_FALSE(kind.summary.empty());
        CHECK_FALSE(kind.options.empty());
        CHECK_FALSE(kind.training_defaults.empty());
        for (const auto& option : kind.options) {
            CHECK_FALSE(option.name.empty());
            CHECK(option.name.rfind("--", 0) == std::string::npos);
            CHECK_FALSE(option.help.empty());
        }
    }
}

TEST_CASE("an unknown model is refused, listing every name", "[model_registry]") {
    CHECK_THROWS_AS(model_kind("nonsense"), std::invalid_argument);
    CHECK_THROWS_WITH(model_kind("nonsense"), Catch::Contains("nonsense"));
    for (const std::string name : {"ellipse", "conditional", "decoder-mlp", "latent"})
        CHECK_THROWS_WITH(model_kind("nonsense"), Catch::Contains(name));
    // Names are exact.
    CHECK_THROWS_AS(model_kind("Ellipse"), std::invalid_argument);
    CHECK_THROWS_AS(model_kind(""), std::invalid_argument);
}

TEST_CASE("every kind builds from its defaults and rebuilds from its architecture", "[model_registry]") {
    for (const auto& kind : model_kinds()) {
        INFO(kind.name);
        const auto model = kind.from_options(defaults_of(kind));
        REQUIRE(model != nullptr);
        CHECK(model->name() == kind.name);
        CHECK(model->parameter_count() > 0);

        // "model" first, naming the kind: model_file.cpp finds the kind by it.
        const Architecture architecture = model->architecture();
        REQUIRE_FALSE(architecture.empty());
        CHECK(architecture[0].first == "model");
        CHECK((architecture[0].second == ArchitectureValue(kind.name)));

        const auto rebuilt = kind.from_architecture(lookup_over(architecture));
        REQUIRE(rebuilt != nullptr);
        CHECK(rebuilt->name() == kind.name);
        CHECK((rebuilt->architecture() == architecture));
        CHECK(rebuilt->parameter_count() == model->parameter_count());
        // The same blocks, so a model file written by one reads into the other.
        const auto blocks = model->parameter_blocks();
        const auto rebuilt_blocks = rebuilt->parameter_blocks();
        REQUIRE(rebuilt_blocks.size() == blocks.size());
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            CHECK(rebuilt_blocks[b].name == blocks[b].name);
            CHECK(rebuilt_blocks[b].shape == blocks[b].shape);
            CHECK(rebuilt_blocks[b].offset == blocks[b].offset);
        }
    }
}

TEST_CASE("options other than the defaults reach the architecture and come back", "[model_registry]") {
    const std::map<std::string, std::map<std::string, std::string>> other_options = {
        {"ellipse", {{"w0", "2,1"}, {"z", "12"}}},
        {"conditional", {{"predictor-hidden", "5"}, {"z", "10"}}},
        {"decoder-mlp", {{"predictor-hidden", "5"}, {"width", "3"}, {"decoder-hidden", "7"}, {"z", "10"}}},
        {"latent",
         {{"predictor-hidden", "5"}, {"width", "3"}, {"decoder-hidden", "7"}, {"latent-dim", "3"},
          {"regularizer", "l1"}, {"lambda", "0.5"}, {"latent-method", "gd"}, {"starts", "2"}, {"start-scale", "0.5"},
          {"latent-iterations", "50"}}},
    };
    REQUIRE(other_options.size() == model_kinds().size());
    for (const auto& kind : model_kinds()) {
        INFO(kind.name);
        const auto defaults = kind.from_options(defaults_of(kind));
        const auto model = kind.from_options(defaults_of(kind, other_options.at(kind.name)));
        const Architecture architecture = model->architecture();
        CHECK_FALSE((architecture == defaults->architecture()));
        const auto rebuilt = kind.from_architecture(lookup_over(architecture));
        CHECK((rebuilt->architecture() == architecture));
        CHECK(rebuilt->parameter_count() == model->parameter_count());
        CHECK(rebuilt->describe() == model->describe());
    }
}

TEST_CASE("the ellipse defaults are the lecture's w0 on 48 latents", "[model_registry]") {
    const auto& kind = model_kind("ellipse");
    auto model = kind.from_options(defaults_of(kind));
    model->initialise(1);
    CHECK(model->parameters() == std::vector<double>{-1.5, 0.35});
    const Architecture expected = {{"model", std::string("ellipse")}, {"latent_count", std::int64_t(48)}};
    CHECK((model->architecture() == expected));
    // Options given are options used.
    auto other = kind.from_options(defaults_of(kind, {{"w0", "2,-0.5"}, {"z", "12"}}));
    other->initialise(7);
    CHECK(other->parameters() == std::vector<double>{2.0, -0.5});
    CHECK((other->architecture()[1].second == ArchitectureValue(std::int64_t(12))));
}

TEST_CASE("a bad option value is refused naming the option", "[model_registry]") {
    const auto refused = [](const std::string& model, const std::string& option, const std::string& value) {
        INFO(model << " --" << option << " " << value);
        const auto& kind = model_kind(model);
        CHECK_THROWS_AS(kind.from_options(defaults_of(kind, {{option, value}})), std::invalid_argument);
        CHECK_THROWS_WITH(kind.from_options(defaults_of(kind, {{option, value}})), Catch::Contains("--" + option));
    };
    refused("latent", "latent-dim", "0");
    refused("ellipse", "w0", "1");
    refused("ellipse", "z", "0");
    refused("conditional", "predictor-hidden", "abc");
    refused("decoder-mlp", "width", "-3");
    refused("latent", "regularizer", "l3");
    refused("latent", "latent-method", "newton");
    refused("latent", "lambda", "-1");
    refused("latent", "start-scale", "0");
    refused("latent", "starts", "1.5");
}

TEST_CASE("a bad architecture is refused with std::invalid_argument", "[model_registry]") {
    const auto& ellipse = model_kind("ellipse");
    // latent_count missing, of the wrong type, or out of range.
    CHECK_THROWS_AS(ellipse.from_architecture(lookup_over({{"model", std::string("ellipse")}})),
                    std::invalid_argument);
    CHECK_THROWS_WITH(ellipse.from_architecture(lookup_over(
                          {{"model", std::string("ellipse")}, {"latent_count", std::string("48")}})),
                      Catch::Contains("latent_count"));
    CHECK_THROWS_WITH(ellipse.from_architecture(lookup_over(
                          {{"model", std::string("ellipse")}, {"latent_count", std::int64_t(0)}})),
                      Catch::Contains("latent_count"));
}

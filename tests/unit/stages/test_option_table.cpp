// Tests of lib/stages/option_table: options declared with the models they
// apply to, what --help shows of them, and the usage error naming both the
// option and the model when one is given for another model.
#include "option_table.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace ebm;

namespace {
// Parses `arguments` against a table of one option for every model and two for some.
ModelSpecificOptions given(std::vector<const char*> arguments, std::string* help = nullptr) {
    po::options_description described("Options");
    OptionTable table(described);
    std::string all, latent_only, two;
    table.add("seed", po::value(&all), "for every model");
    table.add("lambda", po::value(&latent_only)->default_value("0"), "λ of R(z)", {"latent"});
    table.add("z", po::value(&two), "latent grid points", {"ellipse", "conditional"});
    if (help) {
        std::ostringstream text;
        text << described;
        *help = text.str();
    }
    arguments.insert(arguments.begin(), "program");
    po::variables_map values;
    po::store(po::parse_command_line(int(arguments.size()), arguments.data(), described), values);
    po::notify(values);
    return table.given_model_specific(values);
}
}  // namespace

TEST_CASE("an option applies to the models it is declared with; --help names them", "[option_table]") {
    std::string help;
    CHECK(given({}, &help).empty());
    CHECK(help.find("latent: λ of R(z)") != std::string::npos);
    CHECK(help.find("ellipse, conditional: latent grid points") != std::string::npos);
    // A default is not given: only what the user gives is checked.
    CHECK(given({"--seed", "3"}).empty());
    const auto both = given({"--z", "12", "--lambda", "1"});
    REQUIRE(both.size() == 2);
    CHECK(both.at("z") == std::vector<std::string>{"ellipse", "conditional"});
    CHECK(both.at("lambda") == std::vector<std::string>{"latent"});
}

TEST_CASE("an option given for another model is a usage error naming both", "[option_table]") {
    const auto z = given({"--z", "12"});
    CHECK_NOTHROW(check_options_apply(z, "conditional", "--model conditional"));
    CHECK_THROWS_AS(check_options_apply(z, "latent", "--model latent"), UsageError);
    CHECK_THROWS_WITH(check_options_apply(z, "latent", "--model latent"),
                      "--z applies to the ellipse|conditional models, not to --model latent");
    CHECK_THROWS_WITH(check_options_apply(given({"--lambda", "1"}), "ellipse", "'m.h5', whose model is ellipse"),
                      "--lambda applies to the latent model, not to 'm.h5', whose model is ellipse");
}

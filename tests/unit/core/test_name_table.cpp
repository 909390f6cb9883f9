#include "name_table.hpp"

#include <catch2/catch.hpp>

namespace {
enum class Colour { red, green, blue };
constexpr ebm::NameTable<Colour, 3> colours{"colour", {{{Colour::red, "red"}, {Colour::green, "green"}, {Colour::blue, "blue"}}}};
}  // namespace

TEST_CASE("names round-trip, list in order, and unknown names are refused with the list", "[name_table]") {
    for (const Colour colour : colours.values()) CHECK(colours.parse(colours.name(colour)) == colour);
    CHECK(colours.allowed() == "red|green|blue");
    CHECK(colours.values()[1] == Colour::green);
    CHECK_THROWS_WITH(colours.parse("mauve"), "unknown colour 'mauve': allowed values are red|green|blue");
    CHECK_THROWS_AS(colours.name(static_cast<Colour>(7)), std::invalid_argument);
}

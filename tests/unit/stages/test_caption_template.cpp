// Tests of lib/stages/caption_template: a caption's placeholders become
// gnuplot sprintf calls, its text a quoted string, and a malformed template
// is refused with its text in the message.
#include "caption_template.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

using namespace ebm;

TEST_CASE("text alone is one quoted string, a quote in it doubled", "[caption_template]") {
    CHECK(caption_expression("The samples.") == "''.'The samples.'");
    CHECK(caption_expression("the model's manifold") == "''.'the model''s manifold'");
    CHECK(caption_expression("") == "''");
}

TEST_CASE("a placeholder is sprintf of its format, '%.3g' by default", "[caption_template]") {
    CHECK(caption_expression("{%d in1_y_rows} samples") == "''.sprintf('%d', in1_y_rows).' samples'");
    CHECK(caption_expression("w = ({w[1]}, {%.2f w[2]})") ==
          "''.'w = ('.sprintf('%.3g', w[1]).', '.sprintf('%.2f', w[2]).')'");
    // An expression may hold spaces, operators and strings.
    CHECK(caption_expression("{%s method eq 'gd' ? 'descent' : method}") ==
          "''.sprintf('%s', method eq 'gd' ? 'descent' : method)");
}

TEST_CASE("a malformed template is refused, naming it", "[caption_template]") {
    CHECK_THROWS_WITH(caption_expression("a {b"), Catch::Contains("caption 'a {b': a '{' is not closed"));
    CHECK_THROWS_WITH(caption_expression("a } b"), Catch::Contains("a '}' closes no placeholder"));
    CHECK_THROWS_WITH(caption_expression("a {} b"), Catch::Contains("a placeholder is empty"));
    CHECK_THROWS_WITH(caption_expression("a {%d} b"), Catch::Contains("{%d} has no expression"));
    CHECK_THROWS_WITH(caption_expression("a {x{y}} b"), Catch::Contains("placeholders do not nest"));
}

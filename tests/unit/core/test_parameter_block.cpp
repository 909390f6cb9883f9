// Tests of lib/core/parameter_block: a block's element count and a shape as
// messages print it, by hand.
#include "parameter_block.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <vector>

using ebm::ParameterBlock;
using ebm::shape_text;

TEST_CASE("a block's size is the product of its shape", "[parameter_block]") {
    CHECK(ParameterBlock{"w", {2}, 0, ""}.size() == 2);
    CHECK(ParameterBlock{"f/0/weight", {8, 1}, 2, ""}.size() == 8);
    CHECK(ParameterBlock{"g/2/weight", {16, 10}, 0, ""}.size() == 160);
    CHECK(ParameterBlock{"t", {2, 3, 4}, 0, ""}.size() == 24);
    // A zero extent holds nothing; a scalar (no extents) holds one value.
    CHECK(ParameterBlock{"none", {3, 0}, 0, ""}.size() == 0);
    CHECK(ParameterBlock{"scalar", {}, 0, ""}.size() == 1);
    // The offset does not count.
    CHECK(ParameterBlock{"b", {5}, 1000, ""}.size() == 5);
}

TEST_CASE("a default block starts at offset 0", "[parameter_block]") {
    const ParameterBlock block;
    CHECK(block.offset == 0);
    CHECK(block.shape.empty());
    CHECK(block.size() == 1);
}

TEST_CASE("shape_text prints a shape as (a, b, …)", "[parameter_block]") {
    CHECK(shape_text({8, 1}) == "(8, 1)");
    CHECK(shape_text({2}) == "(2)");
    CHECK(shape_text({2, 3, 4}) == "(2, 3, 4)");
    CHECK(shape_text({}) == "()");
    CHECK(shape_text({0, 12345678901}) == "(0, 12345678901)");
}

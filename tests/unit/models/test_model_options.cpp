// Tests of lib/models/model_options: each reader takes good text to the
// number a reader would write by hand, and refuses bad text with
// std::invalid_argument naming the option and the text given.
#include "model_options.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>

using namespace ebm;

namespace {
// Every option's text is `given`; the reader asks by name.
OptionText text_of(const std::string& given) {
    return [given](const std::string&) { return given; };
}

// Refused with "--NAME" and "(got TEXT)" in the message.
template <typename Read>
void check_refused(const Read& read, const std::string& name, const std::string& given) {
    INFO("--" << name << " '" << given << "'");
    CHECK_THROWS_AS(read(text_of(given)), std::invalid_argument);
    CHECK_THROWS_WITH(read(text_of(given)), Catch::Contains("--" + name) && Catch::Contains("(got " + given + ")"));
}
}  // namespace

TEST_CASE("the reader asks for the option by its name", "[model_options]") {
    std::string asked;
    const OptionText text = [&](const std::string& name) {
        asked = name;
        return std::string("3");
    };
    CHECK(option_count(text, "latent-dim", 1, 10) == 3);
    CHECK(asked == "latent-dim");
    CHECK(option_number(text, "lambda", 0) == 3.0);
    CHECK(asked == "lambda");
    CHECK(option_positive(text, "start-scale") == 3.0);
    CHECK(asked == "start-scale");
}

TEST_CASE("option_count takes whole numbers in [low, high]", "[model_options]") {
    const auto count = [](const OptionText& text) { return option_count(text, "z", 1, 100); };
    CHECK(count(text_of("1")) == 1);
    CHECK(count(text_of("48")) == 48);
    CHECK(count(text_of("100")) == 100);
    // A whole number written as a real is still whole.
    CHECK(count(text_of("2.0")) == 2);
    CHECK(count(text_of("1e2")) == 100);
    CHECK(option_count(text_of("0"), "seed", 0, 10) == 0);

    for (const std::string bad : {"", "abc", "1.5", "0", "101", "-1", "nan", "inf", "-inf", "1e999", "5x", "5 ",
                                  "1,2", "0.999999"})
        check_refused(count, "z", bad);
    // The range is in the message.
    CHECK_THROWS_WITH(count(text_of("0")), Catch::Contains("from 1 to 100"));
}

TEST_CASE("option_count reaches the largest seed and no further", "[model_options]") {
    constexpr std::size_t largest = std::size_t(-1) >> 1;  // 2^63 − 1, what the registry allows a seed
    const auto seed = [](const OptionText& text) { return option_count(text, "seed", 0, largest); };
    CHECK(seed(text_of("4611686018427387904")) == (std::size_t(1) << 62));
    check_refused(seed, "seed", "1e19");
    check_refused(seed, "seed", "-1");
    // 2^63 itself is past the range.
    check_refused(seed, "seed", "9223372036854775808");
    // With every size_t allowed, 2^64 and beyond are still refused, not wrapped.
    const auto any = [](const OptionText& text) { return option_count(text, "n", 0, std::size_t(-1)); };
    CHECK(any(text_of("1e19")) == std::size_t(10'000'000'000'000'000'000ULL));
    check_refused(any, "n", "18446744073709551616");
    check_refused(any, "n", "1e20");
}

TEST_CASE("option_number takes finite numbers ≥ low", "[model_options]") {
    const auto lambda = [](const OptionText& text) { return option_number(text, "lambda", 0); };
    CHECK(lambda(text_of("0")) == 0.0);
    CHECK(lambda(text_of("0.25")) == 0.25);
    CHECK(lambda(text_of("1e-3")) == 0.001);
    CHECK(lambda(text_of("12")) == 12.0);
    for (const std::string bad : {"", "abc", "-0.1", "-1", "nan", "inf", "1e999", "0.5x", "1,2"})
        check_refused(lambda, "lambda", bad);
    // The bound as a reader writes it, not "0.000000".
    CHECK_THROWS_WITH(lambda(text_of("-1")), Catch::Contains("≥ 0 ") && !Catch::Contains("0.0"));
    CHECK_THROWS_WITH(option_number(text_of("1"), "rate", 2.5), Catch::Contains("≥ 2.5 "));
    CHECK_THROWS_WITH(option_number(text_of("-9"), "shift", -3), Catch::Contains("≥ -3 "));
    CHECK(option_number(text_of("-3"), "shift", -3) == -3.0);
}

TEST_CASE("option_positive takes finite numbers > 0", "[model_options]") {
    const auto scale = [](const OptionText& text) { return option_positive(text, "start-scale"); };
    CHECK(scale(text_of("1")) == 1.0);
    CHECK(scale(text_of("0.001")) == 0.001);
    CHECK(scale(text_of("2.5e3")) == 2500.0);
    for (const std::string bad : {"", "abc", "0", "-0", "0.0", "-2", "nan", "inf", "1e999", "1..2", "2,"})
        check_refused(scale, "start-scale", bad);
    CHECK_THROWS_WITH(scale(text_of("0")), Catch::Contains("> 0"));
}

TEST_CASE("option_pair takes exactly two finite numbers A,B", "[model_options]") {
    const auto pair = [](const OptionText& text) { return option_pair(text, "w0"); };
    CHECK(pair(text_of("1.5,0.35")) == Vec2{1.5, 0.35});
    CHECK(pair(text_of("-2,0")) == Vec2{-2.0, 0.0});
    CHECK(pair(text_of("1e1,-3e-1")) == Vec2{10.0, -0.3});
    for (const std::string bad : {"", "1", "abc", "1,", ",2", ",", "1,2,3", "1,,2", "1;2", "a,2", "1,b", "nan,1",
                                  "1,inf", "1e999,0", "1 2", "1,2x"})
        check_refused(pair, "w0", bad);
    CHECK_THROWS_WITH(pair(text_of("1")), Catch::Contains("two finite numbers"));
}

#include "model_options.hpp"

#include <cmath>
#include <stdexcept>

namespace ebm {

namespace {

[[noreturn]] void refuse(const std::string& name, const std::string& what, const std::string& got) {
    throw std::invalid_argument("--" + name + " must be " + what + " (got " + got + ")");
}

// The whole text as one number, or nothing.
bool read_number(const std::string& text, double& number) {
    if (text.empty()) return false;
    std::size_t used = 0;
    try {
        number = std::stod(text, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used == text.size() && std::isfinite(number);
}

}  // namespace

std::size_t option_count(const OptionText& text, const std::string& name, std::size_t low, std::size_t high) {
    const std::string given = text(name);
    double number = 0;
    const std::string range = "from " + std::to_string(low) + " to " + std::to_string(high);
    // Compared as integers: double(high) rounds up near 2^63 and 2^64 (so
    // "9223372036854775808" passed a high of 2^63 − 1), and a double past
    // 2^64 has no size_t to convert to.
    const bool whole = read_number(given, number) && number == std::floor(number) && number >= 0 && number < 0x1p64;
    if (!whole || std::size_t(number) < low || std::size_t(number) > high) refuse(name, range, given);
    return std::size_t(number);
}

double option_number(const OptionText& text, const std::string& name, double low) {
    const std::string given = text(name);
    double number = 0;
    if (!read_number(given, number) || number < low) {
        std::string bound = std::to_string(low);
        bound.erase(bound.find_last_not_of('0') + 1);
        if (!bound.empty() && bound.back() == '.') bound.pop_back();
        refuse(name, "a finite number ≥ " + bound, given);
    }
    return number;
}

double option_positive(const OptionText& text, const std::string& name) {
    const std::string given = text(name);
    double number = 0;
    if (!read_number(given, number) || number <= 0) refuse(name, "a finite number > 0", given);
    return number;
}

Vec2 option_pair(const OptionText& text, const std::string& name) {
    const std::string given = text(name);
    const auto comma = given.find(',');
    double first = 0, second = 0;
    if (comma == std::string::npos || !read_number(given.substr(0, comma), first) ||
        !read_number(given.substr(comma + 1), second))
        refuse(name, "two finite numbers W1,W2", given);
    return {first, second};
}

}  // namespace ebm

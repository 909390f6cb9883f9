#include "grid_spec.hpp"

#include "errors.hpp"

#include <xtensor/xbuilder.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace ebm {

namespace {
std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    std::string part;
    while (std::getline(stream, part, separator)) parts.push_back(part);
    if (!text.empty() && text.back() == separator) parts.push_back("");
    return parts;
}

double parse_number(const std::string& text, const std::string& option, const std::string& whole) {
    std::size_t used = 0;
    double number = NAN;
    try {
        number = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (text.empty() || used != text.size() || !std::isfinite(number))
        throw UsageError("--" + option + ": '" + text + "' in '" + whole +
                         "' is not a finite number (expected Y1MIN:Y1MAX:N1,Y2MIN:Y2MAX:N2, e.g. -3:3:25,-2:2:17)");
    return number;
}
}  // namespace

xt::xtensor<double, 1> AxisSpec::values() const {
    if (count == 1) return xt::xtensor<double, 1>({min});
    xt::xtensor<double, 1> axis = xt::empty<double>({count});
    // min + i·step, the last pinned to max so that both ends are exact.
    const double step = (max - min) / double(count - 1);
    for (std::size_t i = 0; i < count; ++i) axis(i) = min + double(i) * step;
    axis(count - 1) = max;
    return axis;
}

AxisSpec parse_axis_spec(const std::string& text, const std::string& option) {
    const auto parts = split(text, ':');
    if (parts.size() != 3)
        throw UsageError("--" + option + ": '" + text + "' is not MIN:MAX:N (e.g. -3:3:25)");
    AxisSpec axis{parse_number(parts[0], option, text), parse_number(parts[1], option, text), 0};
    const double count = parse_number(parts[2], option, text);
    if (count < 1 || count != std::floor(count) || count > 1e8)
        throw UsageError("--" + option + ": the number of points in '" + text + "' must be a whole number from 1 to 1e8");
    axis.count = std::size_t(count);
    if (axis.count > 1 && !(axis.min < axis.max))
        throw UsageError("--" + option + ": '" + text + "' needs MIN < MAX");
    if (axis.count == 1 && axis.min != axis.max)
        throw UsageError("--" + option + ": '" + text + "' has one point, so MIN must equal MAX");
    return axis;
}

GridSpec parse_grid_spec(const std::string& text, const std::string& option) {
    const auto axes = split(text, ',');
    if (axes.size() != 2)
        throw UsageError("--" + option + ": '" + text + "' is not Y1MIN:Y1MAX:N1,Y2MIN:Y2MAX:N2 (e.g. -3:3:25,-2:2:17)");
    return {parse_axis_spec(axes[0], option), parse_axis_spec(axes[1], option)};
}

GridSpec grid_around(const xt::xtensor<double, 2>& y, double step) {
    GridSpec grid;
    for (std::size_t d = 0; d < 2; ++d) {
        double farthest = 0;
        for (std::size_t n = 0; n < y.shape()[0]; ++n) farthest = std::max(farthest, std::abs(y(n, d)));
        const double half = std::max(0.5, 0.5 * std::ceil(1.25 * farthest / 0.5));
        (d == 0 ? grid.y1 : grid.y2) = {-half, half, std::size_t(std::lround(2 * half / step)) + 1};
    }
    return grid;
}

std::vector<std::array<double, 2>> mesh_line_points(const GridSpec& grid) {
    const auto y1 = grid.y1.values(), y2 = grid.y2.values();
    const double centre_column = double(grid.y1.count - 1) / 2, centre_row = double(grid.y2.count - 1) / 2;
    const double row = y2(std::size_t(std::lround(0.75 * centre_row)));
    std::vector<std::array<double, 2>> points;
    for (int k = 0; k <= 4; ++k) points.push_back({y1(std::size_t(std::lround(k * centre_column / 4))), row});
    return points;
}

GridRequest parse_grid_request(const std::string& text, const std::string& option) {
    if (text.rfind("auto:", 0) != 0) return {parse_grid_spec(text, option), 0};
    const std::string step_text = text.substr(5);
    const double step = parse_number(step_text, option, text);
    if (!(step > 0)) throw UsageError("--" + option + ": the step of '" + text + "' must be > 0");
    return {std::nullopt, step};
}

}  // namespace ebm

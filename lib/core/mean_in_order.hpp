// The mean of values added in index order: the same bits whatever the threads
// that computed them (a parallel reduction would add them in another order).
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace ebm {

// Of every value of a std::vector, an xtensor or an xtensor view; NaN if there are none.
template <typename Values>
double mean_in_order(const Values& values) {
    double sum = 0;
    std::size_t count = 0;
    for (double value : values) sum += value, ++count;
    return count ? sum / double(count) : std::nan("");
}

// Of values[row] for the rows given, in their order; NaN if there are none.
template <typename Values>
double mean_in_order(const Values& values, const std::vector<std::size_t>& rows) {
    double sum = 0;
    for (std::size_t row : rows) sum += values[row];
    return rows.empty() ? std::nan("") : sum / double(rows.size());
}

}  // namespace ebm

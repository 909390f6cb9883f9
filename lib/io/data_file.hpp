// The data file (ebm-generate's output) as the other stages read it.
#pragma once

#include "h5_file.hpp"
#include "sampler.hpp"

#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ebm {

inline constexpr const char* data_format = "ebm/data";
inline constexpr std::int64_t data_format_version = 1;

struct DataSet {
    std::string data_case;     // "unconditional" | "conditional"
    xt::xtensor<double, 2> y;  // (N, 2)
    xt::xtensor<double, 1> x;  // (N)
    // The generator's α, β_d and σ (root attributes alpha, beta_data, sigma,
    // which ebm-generate writes); nullopt if the file lacks one of them.
    std::optional<HornShape> generator;
};

// Reads and checks a data file: the format, /y of shape (N, 2) with N ≥ 1,
// /x of shape (N), every value finite. RunError naming the file, the dataset
// and the first bad sample (1-based, as the figures count) otherwise.
DataSet read_data_file(const std::string& path);

}  // namespace ebm

#include "data_file.hpp"

#include "errors.hpp"

#include <cmath>

namespace ebm {

DataSet read_data_file(const std::string& path) {
    const H5Reader file(path, data_format, data_format_version);
    DataSet data{file.string_attribute("case"), file.read<2>("/y"), file.read<1>("/x"), std::nullopt};
    const std::size_t n = data.y.shape()[0];
    if (n == 0 || data.y.shape()[1] != 2)
        throw RunError("'" + path + "': /y has shape (" + std::to_string(n) + ", " +
                       std::to_string(data.y.shape()[1]) + "), expected (N, 2) with N ≥ 1");
    if (data.x.size() != n)
        throw RunError("'" + path + "': /x has " + std::to_string(data.x.size()) + " values for " +
                       std::to_string(n) + " samples");
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(data.y(i, 0)) || !std::isfinite(data.y(i, 1)) || !std::isfinite(data.x(i)))
            throw RunError("'" + path + "': sample " + std::to_string(i + 1) + " is not finite (NaN or Inf in /y or /x)");
    if (file.has_attribute("/", "alpha") && file.has_attribute("/", "beta_data") && file.has_attribute("/", "sigma"))
        data.generator = HornShape{file.number_attribute("alpha"), file.number_attribute("beta_data"),
                                   file.number_attribute("sigma")};
    return data;
}

}  // namespace ebm

// Runs a thin writer into a fresh file and lists what it wrote, so that a
// writer's test can compare the datasets with the layout its header documents.
#pragma once

#include "h5_file.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

// write(file) into a new file of `format` at `path`, committed; the names of its datasets, sorted.
template <typename Write>
std::vector<std::string> written_datasets(const std::string& path, const std::string& format, std::int64_t version,
                                          const Write& write) {
    {
        ebm::H5Writer file(path, format, version);
        write(file);
        file.commit();
    }
    const ebm::H5Reader file(path, format, version);
    std::vector<std::string> names;
    for (const auto& dataset : file.datasets()) names.push_back(dataset.name);
    std::sort(names.begin(), names.end());
    return names;
}

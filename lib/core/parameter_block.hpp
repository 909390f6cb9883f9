// A named block of a model's flat parameter vector: what a model file stores
// as one dataset /params/<name>, and what a reader checks it against.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ebm {

struct ParameterBlock {
    std::string name;                // under /params: "w", "f/0/weight", …
    std::vector<std::size_t> shape;  // the dataset's shape
    std::size_t offset = 0;          // where the block starts in the flat vector
    std::string role;                // what it is, for messages: "layer 2 of /params/f is Linear(8→8)"

    std::size_t size() const {
        std::size_t count = 1;
        for (const std::size_t extent : shape) count *= extent;
        return count;
    }
};

// "(8, 1)": a shape as messages print it.
inline std::string shape_text(const std::vector<std::size_t>& shape) {
    std::string text = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + ")";
}

}  // namespace ebm

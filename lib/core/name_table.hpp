// Enumerations spelled on the command line (losses, optimisers, contrastive
// strategies, inference methods): one table per enumeration gives each
// value's name, the list of allowed names and the parse, with one error style.
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace ebm {

template <typename Enum>
struct NamedValue {
    Enum value;
    const char* name;
};

template <typename Enum, std::size_t N>
struct NameTable {
    const char* what;  // what the names name, for errors: "loss", "optimizer", …
    std::array<NamedValue<Enum>, N> entries;  // in declaration order: the one place a name is spelled

    std::string name(Enum value) const {
        for (const auto& entry : entries)
            if (entry.value == value) return entry.name;
        throw std::invalid_argument(std::string(what) + " value " + std::to_string(static_cast<int>(value)) +
                                    " has no name");
    }

    // "a|b|c": the allowed names, for help texts and error messages.
    std::string allowed() const {
        std::string names;
        for (const auto& entry : entries) names += (names.empty() ? "" : "|") + std::string(entry.name);
        return names;
    }

    // Throws std::invalid_argument naming the bad name and the allowed ones.
    Enum parse(const std::string& name) const {
        for (const auto& entry : entries)
            if (name == entry.name) return entry.value;
        throw std::invalid_argument("unknown " + std::string(what) + " '" + name + "': allowed values are " + allowed());
    }

    std::array<Enum, N> values() const {
        std::array<Enum, N> all{};
        for (std::size_t i = 0; i < N; ++i) all[i] = entries[i].value;
        return all;
    }
};

}  // namespace ebm

// libFuzzer target: ebm-plot's export (lib/stages/plot_export.hpp) of HDF5
// files built from the fuzzed bytes read as a recipe, not as file bytes:
// groups, datasets and attributes whose names mix every character class ('..',
// '/', quotes, line breaks, control bytes, UTF-8 and broken UTF-8, parts past
// 128 characters), chains of groups up to 40 deep, hard links (cycles too),
// soft links (cycles, dangling) and external links. A RunError is the expected
// answer to a refused file. Findings, besides crashes and sanitizer reports:
// another exception; a variables line a gnuplot script could misread; data
// read through an external link; a file written outside the export folder.
//
// The confinement: the fuzzer works in a fresh folder ROOT (under TMPDIR),
// whose export folder is ROOT/l/l/…/export, 40 levels down: deeper than any
// name the reader passes has parts (H5Reader::deepest_object), so a name that
// climbs out with '..' lands inside ROOT. After every input ROOT is listed,
// and anything in it but the two input files and the export folder's
// contents stops the run.
#include "errors.hpp"
#include "h5_file.hpp"
#include "plot_export.hpp"

#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr int export_depth = 40;
constexpr int deepest_chain = 40;
constexpr double outside_marker = 271828.125;  // the values of the dataset behind the external links

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "FINDING: %s\n", what.c_str());
    std::abort();
}

struct Confinement {
    fs::path root, input, outside, exports;
    Confinement() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/ebm-fuzz-plot.XXXXXX";
        if (!mkdtemp(pattern.data())) finding("cannot create " + pattern);
        root = pattern;
        input = root / "input.h5";
        outside = root / "outside.h5";
        exports = root;
        for (int level = 0; level < export_depth; ++level) exports /= "l";
        exports /= "export";
        // The file external links point at: one dataset of marker values.
        const hid_t file = H5Fcreate(outside.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        const hsize_t count = 3;
        const hid_t space = H5Screate_simple(1, &count, nullptr);
        const hid_t dataset = H5Dcreate2(file, "secret", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const double values[3] = {outside_marker, outside_marker, outside_marker};
        H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
        H5Dclose(dataset), H5Sclose(space), H5Fclose(file);
    }
    ~Confinement() {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }

    // Every entry of ROOT is an input, a folder on the way to the export folder, or inside it.
    void check_listing() const {
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            const fs::path& path = entry.path();
            if (path == input || path == outside) continue;
            const auto [end, rest] = std::mismatch(path.begin(), path.end(), exports.begin(), exports.end());
            if (end == path.end() || rest == exports.end()) continue;  // on the way to, or inside, the export folder
            finding("written outside the export folder: " + path.string());
        }
    }
};

const Confinement& confinement() {
    static const Confinement instance;
    return instance;
}

// A name of 0 to 12 pieces, each from one character class; sometimes one piece
// is long (past the 128-character rule, past a file name's 255 bytes).
std::string fuzzed_name(FuzzedDataProvider& input) {
    static const std::vector<std::string> classes = {
        "abcxyz", "ABCXYZ", "0123456789", "_", ".", "-", "/", " \t", "\n\r", "'\"`", "\\$;|&*?[]{}()<>~#%@!=+,:",
        "\x01\x02\x1b\x7f", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\xff\xc3\xfe"};
    static const std::vector<std::string> whole = {"..", ".", "../..", "a/../b", "/", "x//y", "in1_a"};
    std::string name;
    const int pieces = input.ConsumeIntegralInRange(0, 12);
    for (int piece = 0; piece < pieces; ++piece) {
        const auto which = input.ConsumeIntegralInRange<std::size_t>(0, classes.size() + whole.size() - 1);
        if (which >= classes.size()) {
            name += whole[which - classes.size()];
            continue;
        }
        const std::string& characters = classes[which];
        const std::size_t length = input.PickValueInArray({1, 1, 2, 5, 127, 128, 129, 300});
        for (std::size_t i = 0; i < length; ++i)
            name += characters[input.ConsumeIntegralInRange<std::size_t>(0, characters.size() - 1)];
    }
    return name;
}

// Builds the recipe's file at `path`; returns whether it links to the outside file.
bool build_file(FuzzedDataProvider& input, const std::string& path) {
    const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    std::vector<std::string> groups{"/"}, objects{"/"};
    bool external = false;
    const auto child = [&](const std::string& parent) {
        return (parent == "/" ? "/" : parent + "/") + fuzzed_name(input);
    };
    const auto pick = [&](const std::vector<std::string>& from) {
        return from[input.ConsumeIntegralInRange<std::size_t>(0, from.size() - 1)];
    };
    // A dataset in `parent`: rank 0 to 4, up to 4 a side, numbers or fixed strings.
    const auto add_dataset = [&](const std::string& parent) {
        const std::string name = child(parent);
        const int rank = input.ConsumeIntegralInRange(0, 4);
        std::vector<hsize_t> shape(rank);
        hsize_t count = 1;
        for (auto& side : shape) count *= (side = input.ConsumeIntegralInRange(0, 4));
        const hid_t space = rank ? H5Screate_simple(rank, shape.data(), nullptr) : H5Screate(H5S_SCALAR);
        const bool text = input.ConsumeIntegralInRange(0, 7) == 0;
        const hid_t type = H5Tcopy(text ? H5T_C_S1 : input.ConsumeBool() ? H5T_IEEE_F64LE : H5T_STD_I32LE);
        if (text) H5Tset_size(type, 4);
        const hid_t dataset = H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (dataset >= 0) {
            objects.push_back(name);
            std::vector<double> values(count);
            for (auto& value : values) value = input.ConsumeFloatingPoint<double>();
            if (!text) H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
            H5Dclose(dataset);
        }
        H5Tclose(type), H5Sclose(space);
    };
    for (int step = 0; step < 48 && input.remaining_bytes() > 0; ++step) {
        switch (input.ConsumeIntegralInRange(0, 6)) {
        case 0: {  // a group
            const std::string name = child(pick(groups));
            const hid_t group = H5Gcreate2(file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            if (group >= 0) groups.push_back(name), objects.push_back(name), H5Gclose(group);
            break;
        }
        case 1: {  // a chain of groups, maybe deeper than the reader takes, a dataset at its end
            std::string name = pick(groups);
            const int depth = input.ConsumeIntegralInRange(1, deepest_chain);
            const std::string part = input.ConsumeBool() ? std::string("g") : fuzzed_name(input);
            for (int level = 0; level < depth; ++level) {
                name = (name == "/" ? "/" : name + "/") + part;
                const hid_t group = H5Gcreate2(file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
                if (group < 0) break;
                H5Gclose(group);
            }
            add_dataset(name);
            break;
        }
        case 2:
            add_dataset(pick(groups));
            break;
        case 3: {  // an attribute, mostly on the root (the only ones exported)
            const std::string owner = input.ConsumeIntegralInRange(0, 3) ? std::string("/") : pick(objects);
            const std::string name = fuzzed_name(input);
            const hid_t object = H5Oopen(file, owner.c_str(), H5P_DEFAULT);
            if (object < 0) break;
            const int kind = input.ConsumeIntegralInRange(0, 3);
            hid_t type = -1, space = -1;
            std::string text;
            std::vector<double> numbers;
            if (kind == 0) {  // text, from empty to just past the 1 MiB ebm-plot passes on
                const std::size_t length = input.PickValueInArray<std::size_t>({0, 3, 200, 1 << 20, (1 << 20) + 1});
                text = fuzzed_name(input);
                text.resize(length, text.empty() ? 'x' : text.back());
                type = H5Tcopy(H5T_C_S1);
                H5Tset_size(type, H5T_VARIABLE);
                space = H5Screate(H5S_SCALAR);
            } else {
                numbers.resize(kind == 3 ? input.ConsumeIntegralInRange(0, 5) : 1);
                for (auto& number : numbers) number = input.ConsumeFloatingPoint<double>();
                type = H5Tcopy(kind == 2 ? H5T_STD_I64LE : H5T_IEEE_F64LE);
                const hsize_t length = numbers.size();
                space = kind == 3 ? H5Screate_simple(1, &length, nullptr) : H5Screate(H5S_SCALAR);
            }
            const hid_t attribute = H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
            if (attribute >= 0) {
                const char* chars = text.c_str();
                if (kind == 0) H5Awrite(attribute, type, &chars);
                else H5Awrite(attribute, H5T_NATIVE_DOUBLE, numbers.data());
                H5Aclose(attribute);
            }
            H5Tclose(type), H5Sclose(space), H5Oclose(object);
            break;
        }
        case 4: {  // a hard link to an object (to a group above it: a cycle)
            const std::string target = pick(objects), name = child(pick(groups));
            if (H5Lcreate_hard(file, target.c_str(), file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT) >= 0)
                objects.push_back(name);
            break;
        }
        case 5: {  // a soft link: to an object, a group above it (a cycle), or nothing
            const std::string target = input.ConsumeBool() ? pick(objects) : fuzzed_name(input);
            H5Lcreate_soft(target.c_str(), file, child(pick(groups)).c_str(), H5P_DEFAULT, H5P_DEFAULT);
            break;
        }
        case 6: {  // an external link: to the marker dataset, a missing file, or a fuzzed path
            const int which = input.ConsumeIntegralInRange(0, 2);
            const std::string target = which == 0 ? confinement().outside.string() : which == 1 ? "missing.h5" : fuzzed_name(input);
            if (H5Lcreate_external(target.c_str(), "/secret", file, child(pick(groups)).c_str(), H5P_DEFAULT,
                                   H5P_DEFAULT) >= 0)
                external = external || which == 0;
            break;
        }
        }
    }
    H5Fclose(file);
    return external;
}

// Each line: inK_NAME = VALUE, NAME letters, digits and '_', VALUE one token
// or one single-quoted string without a quote inside.
void check_variables(const std::string& variables) {
    std::istringstream lines(variables);
    for (std::string line; std::getline(lines, line);) {
        const auto equals = line.find(" = ");
        const std::string name = line.substr(0, equals), value = equals == std::string::npos ? "" : line.substr(equals + 3);
        bool good = equals != std::string::npos && name.rfind("in1_", 0) == 0 && !value.empty();
        for (char c : name) good = good && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        if (good && value.front() == '\'')
            good = good && value.size() >= 2 && value.back() == '\'' &&
                   value.find('\'', 1) == value.size() - 1;
        else
            good = good && value.find_first_of(" '\"\\`;") == std::string::npos;
        if (!good) finding("a variables line gnuplot could misread: " + line.substr(0, 200));
    }
}

void check_nothing_from_outside(const fs::path& exports) {
    std::ostringstream marker;
    marker << outside_marker;
    for (const auto& entry : fs::recursive_directory_iterator(exports)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path());
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (text.find(marker.str()) != std::string::npos)
            finding("exported data read through an external link: " + entry.path().string());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Confinement& place = confinement();
    FuzzedDataProvider input(data, size);
    const bool external = build_file(input, place.input.string());
    std::error_code ignored;
    fs::remove_all(place.exports, ignored);
    fs::create_directories(place.exports);
    std::ostringstream variables;
    bool exported = false;
    try {
        const ebm::H5Reader file(place.input.string());
        ebm::export_input(file, 1, place.exports, variables);
        exported = true;
    } catch (const ebm::RunError&) {
    }
    place.check_listing();
    if (exported) check_variables(variables.str());
    if (external) check_nothing_from_outside(place.exports);
    return 0;
}

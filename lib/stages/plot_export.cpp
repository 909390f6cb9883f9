#include "plot_export.hpp"

#include "cli.hpp"
#include "errors.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

namespace ebm {

namespace fs = std::filesystem;

namespace {

// A name read from an input never becomes a path or a gnuplot variable as it
// stands: each part of an object's or attribute's name ('/'-separated) must
// be letters, digits, '_', '.' or '-', start with a letter, digit or '_', and
// be at most 128 characters. So no part is '..' or '.', none holds a quote or
// a line break, and a dataset's text file stays inside the export folder.
constexpr std::size_t longest_name_part = 128;
// Bounds on what one input may ask of ebm-plot and gnuplot: measured, a file
// of 10⁵ one-value datasets or a 100 MB text attribute kept them busy for more
// than five minutes. Every file of ebm's is far below both (a sweep's task
// table is about 100 bytes a task).
constexpr std::size_t most_datasets = 10'000;
constexpr std::size_t longest_attribute_text = 1 << 20;  // bytes

bool exportable_part(const std::string& part) {
    if (part.empty() || part.size() > longest_name_part) return false;
    const auto allowed = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '.' || c == '-'; };
    if (!(std::isalnum(static_cast<unsigned char>(part[0])) || part[0] == '_')) return false;
    return std::all_of(part.begin(), part.end(), [&](char c) { return allowed(static_cast<unsigned char>(c)); });
}

// The name as a message may show it: non-printable bytes as '?', cut after 80.
std::string printable(const std::string& name) {
    std::string shown;
    for (char c : name.substr(0, 80)) shown += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
    return name.size() > 80 ? shown + "…" : shown;
}

// RunError naming the file and the object unless every part of `name` is exportable.
void check_exportable(const H5Reader& file, const std::string& what, const std::string& name) {
    std::size_t start = name.front() == '/' ? 1 : 0;
    while (start <= name.size()) {
        const std::size_t end = std::min(name.find('/', start), name.size());
        if (!exportable_part(name.substr(start, end - start)))
            throw RunError("'" + file.path() + "': " + what + " '" + printable(name) +
                           "' has a name ebm-plot does not export: each part must be letters, digits, '_', '.' or "
                           "'-', start with a letter, digit or '_', and have at most " +
                           std::to_string(longest_name_part) + " characters");
        start = end + 1;
    }
}

// The gnuplot variables an input defines, each with the object it comes
// from: two names that become one variable (a/b and a_b) are refused, not merged.
class VariableNames {
public:
    explicit VariableNames(const H5Reader& file) : file_(file) {}
    const std::string& add(const std::string& variable, const std::string& origin) {
        const auto [entry, added] = origins_.emplace(variable, origin);
        if (!added && entry->second != origin)
            throw RunError("'" + file_.path() + "': " + entry->second + " and " + origin +
                           " would both become the gnuplot variable " + variable + "; rename one");
        return entry->first;
    }

private:
    const H5Reader& file_;
    std::map<std::string, std::string> origins_;
};

void write_values(std::ofstream& out, const double* values, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) out << (i ? " " : "") << shortest_text(values[i]);
    out << "\n";
}

}  // namespace

// A gnuplot variable name from an attribute or dataset path.
std::string variable_name(const std::string& text) {
    std::string name;
    for (char c : text) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    while (!name.empty() && name.front() == '_') name.erase(name.begin());
    return name;
}

// The attributes of the object at `object_path` as lines `<prefix>NAME = VALUE`.
void export_attributes(const H5Reader& file, const std::string& object_path, const std::string& prefix,
                       VariableNames& names, std::ostream& variables) {
    for (const auto& name : file.attribute_names(object_path)) {
        check_exportable(file, "attribute", name);
        const auto value = file.attribute(object_path, name);
        const std::string where = object_path == "/" ? "attribute '" + name + "'" : "attribute '" + name + "' of '" + object_path + "'";
        variables << names.add(prefix + variable_name(name), where) << " = ";
        if (const auto* text = std::get_if<std::string>(&value)) {
            if (text->size() > longest_attribute_text)
                throw RunError("'" + file.path() + "': " + where + " holds " + std::to_string(text->size()) +
                               " bytes of text, more than the " + std::to_string(longest_attribute_text) +
                               " ebm-plot passes to gnuplot");
            std::string one_line = *text;
            std::replace(one_line.begin(), one_line.end(), '\n', ' ');
            std::replace(one_line.begin(), one_line.end(), '\'', '"');
            variables << "'" << one_line << "'\n";
        } else if (const auto* number = std::get_if<double>(&value)) {
            variables << (std::isfinite(*number) ? shortest_text(*number) : std::isnan(*number) ? "NaN" : *number > 0 ? "1e999" : "-1e999") << "\n";
        } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
            variables << *integer << "\n";
        } else {
            variables << "'vector'\n";
        }
    }
}

void export_input(const H5Reader& file, int k, const fs::path& folder, std::ostream& variables) {
    const std::string prefix = "in" + std::to_string(k) + "_";
    VariableNames names(file);
    export_attributes(file, "/", prefix, names, variables);
    const auto datasets = file.datasets(most_datasets + 1);
    if (datasets.size() > most_datasets)
        throw RunError("'" + file.path() + "' has more than " + std::to_string(most_datasets) +
                       " datasets, the most ebm-plot exports from one input");
    for (const auto& dataset : datasets) {
        check_exportable(file, "dataset", dataset.name);
        const std::string base = prefix + variable_name(dataset.name);
        const std::size_t rank = dataset.shape.size();
        if (rank == 0 || rank > 3) continue;
        for (const char* suffix : {"_n", "_rows", "_cols", "_min", "_max"})
            names.add(base + suffix, "dataset '" + dataset.name + "'");
        export_attributes(file, dataset.name, base + "_", names, variables);
        std::vector<double> values;
        std::vector<std::size_t> shape = dataset.shape;
        if (rank == 1) {
            const auto array = file.read<1>(dataset.name);
            values.assign(array.begin(), array.end());
        } else if (rank == 2) {
            const auto array = file.read<2>(dataset.name);
            values.assign(array.begin(), array.end());
        } else {
            const auto array = file.read<3>(dataset.name);
            values.assign(array.begin(), array.end());
        }
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (double v : values)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        variables << base << "_n = " << values.size() << "\n"
                  << base << "_rows = " << shape[0] << "\n"
                  << base << "_cols = " << (rank >= 2 ? shape[rank - 1] : 1) << "\n"
                  << base << "_min = " << (std::isfinite(lo) ? shortest_text(lo) : "NaN") << "\n"
                  << base << "_max = " << (std::isfinite(hi) ? shortest_text(hi) : "NaN") << "\n";
        const fs::path path = folder / std::to_string(k) / dataset.name.substr(1);
        fs::create_directories(path.parent_path());
        const std::size_t columns = rank == 1 ? 1 : shape[rank - 1];
        const std::size_t rows_per_block = rank == 3 ? shape[1] : rank == 2 ? shape[0] : shape[0];
        const std::size_t blocks = rank == 3 ? shape[0] : 1;
        for (std::size_t b = 0; b < blocks; ++b) {
            std::ofstream out(rank == 3 ? path.string() + "." + std::to_string(b) + ".dat" : path.string() + ".dat");
            for (std::size_t r = 0; r < rows_per_block; ++r)
                write_values(out, values.data() + (b * rows_per_block + r) * columns, columns);
            if (!out) throw RunError("cannot write gnuplot data to '" + path.string() + "'");
        }
    }
}

}  // namespace ebm

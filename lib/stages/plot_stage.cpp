#include "plot_stage.hpp"

#include "atomic_output.hpp"
#include "caption_template.hpp"
#include "cli.hpp"
#include "errors.hpp"
#include "figure_needs.hpp"
#include "h5_file.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

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

// A gnuplot variable name from an attribute or dataset path.
std::string variable_name(const std::string& text) {
    std::string name;
    for (char c : text) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    while (!name.empty() && name.front() == '_') name.erase(name.begin());
    return name;
}

std::string quoted(const std::string& text) {
    if (text.find('\'') != std::string::npos) throw RunError("cannot pass text with a ' to gnuplot: " + text);
    return "'" + text + "'";
}

void write_values(std::ofstream& out, const double* values, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) out << (i ? " " : "") << shortest_text(values[i]);
    out << "\n";
}

// Exports input k's datasets as text, and its attributes and dataset shapes as gnuplot variables.
void export_input(const H5Reader& file, int k, const fs::path& folder, std::ostream& variables) {
    const std::string prefix = "in" + std::to_string(k) + "_";
    VariableNames names(file);
    for (const auto& name : file.attribute_names("/")) {
        check_exportable(file, "attribute", name);
        const auto value = file.attribute("/", name);
        variables << names.add(prefix + variable_name(name), "attribute '" + name + "'") << " = ";
        if (const auto* text = std::get_if<std::string>(&value)) {
            if (text->size() > longest_attribute_text)
                throw RunError("'" + file.path() + "': attribute '" + name + "' holds " + std::to_string(text->size()) +
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
    const auto datasets = file.datasets();
    if (datasets.size() > most_datasets)
        throw RunError("'" + file.path() + "' has " + std::to_string(datasets.size()) + " datasets, more than the " +
                       std::to_string(most_datasets) + " ebm-plot exports from one input");
    for (const auto& dataset : datasets) {
        check_exportable(file, "dataset", dataset.name);
        const std::string base = prefix + variable_name(dataset.name);
        const std::size_t rank = dataset.shape.size();
        if (rank == 0 || rank > 3) continue;
        for (const char* suffix : {"_n", "_rows", "_cols", "_min", "_max"})
            names.add(base + suffix, "dataset '" + dataset.name + "'");
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

std::string last_line_of(const fs::path& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    return last;
}

// A temporary folder removed with everything in it when the plot is done.
struct TemporaryFolder {
    fs::path path;
    TemporaryFolder() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/ebm-plot.XXXXXX";
        if (!mkdtemp(pattern.data())) throw RunError("cannot create a temporary folder under " + pattern);
        path = pattern;
    }
    ~TemporaryFolder() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

// Runs `gnuplot ARGUMENTS…` with its stderr into `errors`; returns its wait
// status (exit 127: gnuplot could not be started). gnuplot dies with ebm-plot
// (PR_SET_PDEATHSIG, sent when the thread that forked it ends): ebm-plot
// killed alone (SIGKILL, the OOM killer) would otherwise leave it drawing into
// the temporary output, after a rerun may already have removed the stale ones.
int run_gnuplot(const std::vector<std::string>& arguments, const fs::path& errors) {
    std::vector<char*> argv{const_cast<char*>("gnuplot")};
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    const std::string errors_path = errors.string();
    const pid_t parent = getpid();
    const pid_t child = fork();
    if (child < 0) throw RunError(std::string("cannot start gnuplot: ") + std::strerror(errno));
    if (child == 0) {  // only async-signal-safe calls until exec
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(126);
        const int fd = open(errors_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, STDERR_FILENO) < 0) _exit(126);
        close(fd);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) throw RunError(std::string("cannot wait for gnuplot: ") + std::strerror(errno));
    return status;
}

// The caption template of gallery figure `name`: its line "name<TAB>slide<TAB>caption" in `captions`.
std::string caption_template(const fs::path& captions, const std::string& name) {
    std::ifstream in(captions);
    if (!in) throw RunError("cannot read the captions '" + captions.string() + "'");
    std::string line;
    while (std::getline(in, line)) {
        const std::size_t first_tab = line.find('\t');
        if (line.substr(0, first_tab) != name) continue;
        const std::size_t second_tab = line.find('\t', first_tab + 1);
        if (first_tab == std::string::npos || second_tab == std::string::npos)
            throw RunError("'" + captions.string() + "': the line of '" + name + "' is not name<TAB>slide<TAB>caption");
        return line.substr(second_tab + 1);
    }
    throw RunError("'" + captions.string() + "' has no caption for '" + name + "'; add a line: name<TAB>slide<TAB>caption");
}

}  // namespace

std::vector<std::string> available_figures(const std::string& scripts_folder) {
    std::vector<std::string> figures;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(scripts_folder, error))
        if (entry.path().extension() == ".gp" && entry.path().stem() != "style")
            figures.push_back(entry.path().stem().string());
    std::sort(figures.begin(), figures.end());
    return figures;
}

std::optional<PlotOptions> parse_plot_options(int argc, const char* const argv[]) {
    const ProgramInfo program{
        "ebm-plot", "plot", "draw one figure from ebm HDF5 files with its gnuplot script",
        "The script plots/FIGURE.gp receives every dataset of the inputs as text files and\n"
        "their attributes as variables (see the header of lib/stages/plot_stage.hpp). PNG by default;\n"
        "an --out ending in .svg, or --terminal svg, gives SVG. With --caption NAME, the out file is\n"
        "the caption of NAME in captions.tsv with its {placeholders} filled in from the inputs.\n"};
    PlotOptions options;
    std::vector<std::string> settings;
    po::options_description described("Options");
    described.add_options()
        ("figure", po::value(&options.figure)->required(), "figure id: the name of a script in the scripts folder")
        ("in", po::value(&options.inputs)->multitoken()->required(), "input HDF5 files (in1, in2, … in the script)")
        ("out", po::value(&options.out)->value_name("FILE")->required(), "output image")
        ("terminal", po::value(&options.terminal), "png | svg (default: from the --out extension, else png)")
        ("width", po::value(&options.width)->default_value(1000), "width in pixels")
        ("height", po::value(&options.height)->default_value(750), "height in pixels")
        ("scripts", po::value(&options.scripts_folder)->default_value(EBM_DEFAULT_PLOTS_DIR),
         "folder of the gnuplot scripts")
        ("set", po::value(&settings)->composing(), "NAME=VALUE: a variable for the script (repeatable)")
        ("caption", po::value(&options.caption)->value_name("NAME"),
         "write the caption of gallery figure NAME (captions.tsv in the scripts folder), not an image");
    po::variables_map values;
    if (!parse_options(argc, argv, program, described, values)) return std::nullopt;
    for (const auto& input : options.inputs) require_distinct_output("out", options.out, {{"in", input}});

    const auto figures = available_figures(options.scripts_folder);
    if (figures.empty())
        throw UsageError("--scripts '" + options.scripts_folder + "' holds no gnuplot scripts (*.gp)");
    require_one_of(options.figure, "figure", figures);
    if (values.count("caption")) {
        if (values.count("terminal")) throw UsageError("--caption writes text: it takes no --terminal");
        options.terminal = "caption";
    } else {
        if (!values.count("terminal"))
            options.terminal = fs::path(options.out).extension() == ".svg" ? "svg" : "png";
        require_one_of(options.terminal, "terminal", {"png", "svg"});
    }
    require(options.width >= 100 && options.width <= 10000, "width", "between 100 and 10000", std::to_string(options.width));
    require(options.height >= 100 && options.height <= 10000, "height", "between 100 and 10000", std::to_string(options.height));
    for (const auto& setting : settings) {
        const auto equals = setting.find('=');
        if (equals == std::string::npos || equals == 0 || variable_name(setting.substr(0, equals)) != setting.substr(0, equals))
            throw UsageError("--set must be NAME=VALUE with NAME a gnuplot variable name (got '" + setting + "')");
        options.settings.emplace_back(setting.substr(0, equals), setting.substr(equals + 1));
    }
    return options;
}

void run_plot(const PlotOptions& options) {
    const fs::path script = fs::path(options.scripts_folder) / (options.figure + ".gp");
    const std::string caption =
        options.caption.empty()
            ? ""
            : caption_expression(caption_template(fs::path(options.scripts_folder) / "captions.tsv", options.caption));
    const auto needs = read_figure_needs(script.string());
    TemporaryFolder data;
    std::ofstream variables(data.path / "variables.gp");
    variables << "inputs = " << options.inputs.size() << "\n";
    for (std::size_t k = 0; k < options.inputs.size(); ++k) {
        const H5Reader file(options.inputs[k]);
        export_input(file, int(k + 1), data.path, variables);
    }
    // After the export, which refuses a hostile file on its own terms; before gnuplot.
    check_figure_needs(options.figure, needs, options.inputs);
    AtomicOutput output(options.out);
    variables << "data = " << quoted(data.path.string()) << "\n"
              << "out = " << quoted(output.temporary_path()) << "\n"
              << "terminal = " << quoted(options.terminal) << "\n"
              << "width = " << options.width << "\nheight = " << options.height << "\n"
              << "plots = " << quoted(options.scripts_folder) << "\n";
    for (const auto& [name, value] : options.settings) {
        char* end = nullptr;
        std::strtod(value.c_str(), &end);
        const bool number = !value.empty() && *end == '\0';
        variables << name << " = " << (number ? value : quoted(value)) << "\n";
    }
    variables.close();
    if (!variables) throw RunError("cannot write gnuplot variables to " + data.path.string());
    std::vector<std::string> gnuplot_files{(data.path / "variables.gp").string(), script.string()};
    if (!caption.empty()) {
        const fs::path caption_script = data.path / "caption.gp";
        std::ofstream(caption_script) << "set print out\nprint " << caption << "\nunset print\n";
        gnuplot_files.push_back(caption_script.string());
    }

    const fs::path errors = data.path / "gnuplot.err";
    const int status = run_gnuplot(gnuplot_files, errors);
    if (status != 0) {
        const std::string reason = last_line_of(errors);
        throw RunError("figure script " + script.string() + " failed" +
                       (WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ": gnuplot is not installed" : "") +
                       (reason.empty() ? "" : ": " + reason) +
                       (options.caption.empty() ? "" : " (writing the caption of '" + options.caption + "')"));
    }
    if (!fs::exists(output.temporary_path()) || fs::file_size(output.temporary_path()) == 0)
        throw RunError("figure script " + script.string() + " produced no image (does it plot to 'out'?)");
    output.commit();
}

}  // namespace ebm

#include "plot_stage.hpp"

#include "atomic_output.hpp"
#include "caption_template.hpp"
#include "cli.hpp"
#include "errors.hpp"
#include "figure_needs.hpp"
#include "h5_file.hpp"
#include "plot_export.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ebm {

namespace fs = std::filesystem;

namespace {

std::string quoted(const std::string& text) {
    if (text.find('\'') != std::string::npos) throw RunError("cannot pass text with a ' to gnuplot: " + text);
    return "'" + text + "'";
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

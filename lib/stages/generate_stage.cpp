#include "generate_stage.hpp"

#include "cli.hpp"
#include "errors.hpp"
#include "h5_file.hpp"
#include "provenance.hpp"

#include <cmath>

namespace ebm {

namespace {
// Beyond this the output would not fit comfortably in memory (3 doubles + 2 per sample).
constexpr std::int64_t max_samples = 100'000'000;
}  // namespace

std::optional<GenerateOptions> parse_generate_options(int argc, const char* const argv[]) {
    const ProgramInfo program{
        "ebm-generate", "generate", "sample the lecture's ellipse (x fixed) or horn (x ~ U(0,1)) data",
        "Defaults reproduce the lecture: 24 unconditional samples at x = 0 (an ellipse with\n"
        "semi-axes 2 and 1.5). With --case conditional and no --n, 1024 samples of the horn.\n"
        "Writes /y (N,2), /x (N), /theta (N) and the options as root attributes.\n"};
    long long n = 0;
    long long seed = 1;
    GenerateOptions options;
    po::options_description described("Options");
    described.add_options()
        ("case", po::value(&options.data_case)->default_value("unconditional"), "unconditional | conditional")
        ("n", po::value(&n), "number of samples (default 24 unconditional, 1024 conditional)")
        ("seed", po::value(&seed)->default_value(1), "random seed (a non-negative integer)")
        ("alpha", po::value(&options.shape.alpha)->default_value(1.5, "1.5"), "α of ρ(x)")
        ("beta-data", po::value(&options.shape.beta_data)->default_value(2.0, "2"), "β_d of ρ(x) (not a temperature)")
        ("sigma", po::value(&options.shape.sigma)->default_value(0.05, "0.05"), "noise standard deviation (≥ 0)")
        ("x", po::value(&options.x)->default_value(0.0, "0"), "the fixed input x of the unconditional case")
        ("out", po::value(&options.out)->value_name("FILE")->required(), "output data file (.h5)");
    po::variables_map values;
    if (!parse_options(argc, argv, program, described, values)) return std::nullopt;

    require_one_of(options.data_case, "case", {"unconditional", "conditional"});
    if (!values.count("n")) n = options.data_case == "conditional" ? 1024 : 24;
    require(n > 0, "n", "a positive integer", std::to_string(n));
    if (n > max_samples)
        throw UsageError("--n " + std::to_string(n) + " would need " + std::to_string(n * 5 * 8 / (1 << 20)) +
                         " MiB; at most " + std::to_string(max_samples) + " samples");
    require(seed >= 0, "seed", "a non-negative integer", std::to_string(seed));
    require(std::isfinite(options.shape.alpha), "alpha", "a finite number", shortest_text(options.shape.alpha));
    require(std::isfinite(options.shape.beta_data), "beta-data", "a finite number", shortest_text(options.shape.beta_data));
    require(std::isfinite(options.shape.sigma) && options.shape.sigma >= 0, "sigma", "a finite number ≥ 0",
            shortest_text(options.shape.sigma));
    require(std::isfinite(options.x), "x", "a finite number", shortest_text(options.x));
    if (options.data_case == "conditional" && !values["x"].defaulted())
        throw UsageError("--x fixes the input of the unconditional case; --case conditional draws x ~ U(0,1)");
    options.n = n;
    options.seed = std::uint64_t(seed);
    options.provenance = options_summary(values, {"out"});
    return options;
}

void run_generate(const GenerateOptions& options) {
    const bool conditional = options.data_case == "conditional";
    const Samples samples = sample_horn(options.shape, std::size_t(options.n), options.seed,
                                        conditional ? std::nullopt : std::optional<double>(options.x));
    H5Writer file(options.out, data_format, data_format_version);
    file.write("/y", samples.y);
    file.write("/x", samples.x);
    file.write("/theta", samples.theta);
    file.set_attribute("case", options.data_case);
    file.set_attribute("n", options.n);
    file.set_attribute("seed", std::int64_t(options.seed));
    file.set_attribute("alpha", options.shape.alpha);
    file.set_attribute("beta_data", options.shape.beta_data);
    file.set_attribute("sigma", options.shape.sigma);
    if (!conditional) file.set_attribute("x", options.x);
    write_program(file, make_provenance("ebm-generate", {}, options.provenance));
    file.set_attribute("/y", "description", std::string("samples y = rho(x) * [cos theta, sin theta] + noise, (N, 2)"));
    file.set_attribute("/x", "description", std::string("input x of each sample, (N)"));
    file.set_attribute("/theta", "description", std::string("ground-truth latent angle theta in [0, 2pi), (N)"));
    file.commit();
}

}  // namespace ebm

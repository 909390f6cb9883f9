#include "sweep_stage.hpp"

#include "errors.hpp"
#include "generate_stage.hpp"
#include "infer_stage.hpp"
#include "train_stage.hpp"

namespace ebm {

const std::vector<SweepStage>& sweep_stages() {
    static const std::vector<SweepStage> all = {
        {"ebm-generate", "generate",
         [](int argc, const char* const* argv, bool run) {
             if (const auto options = parse_generate_options(argc, argv); options && run) run_generate(*options);
         }},
        {"ebm-train", "train",
         [](int argc, const char* const* argv, bool run) {
             if (const auto options = parse_train_options(argc, argv); options && run) run_train(*options);
         }},
        {"ebm-infer", "infer",
         [](int argc, const char* const* argv, bool run) {
             if (const auto options = parse_infer_options(argc, argv); options && run) run_infer(*options);
         }},
    };
    return all;
}

const SweepStage* find_sweep_stage(const std::string& program) {
    for (const auto& stage : sweep_stages())
        if (stage.program == program) return &stage;
    return nullptr;
}

const SweepStage& sweep_stage(const std::string& program) {
    const SweepStage* stage = find_sweep_stage(program);
    if (!stage) throw UsageError("a sweep cannot run '" + program + "'; it runs " + sweep_program_names());
    return *stage;
}

std::string sweep_program_names() {
    std::string names;
    for (const auto& stage : sweep_stages()) names += (names.empty() ? "" : "|") + stage.program;
    return names;
}

void invoke_stage(const SweepStage& stage, const std::vector<std::string>& arguments, bool run) {
    std::vector<const char*> argv;
    for (const auto& argument : arguments) argv.push_back(argument.c_str());
    argv.push_back(nullptr);
    stage.invoke(int(arguments.size()), argv.data(), run);
}

}  // namespace ebm

// The stages a sweep can run, in-process: each one's program name, its
// section in config files, and its own option parser and run function, so
// that a task's options are checked and run exactly as the stage's main would.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ebm {

struct SweepStage {
    std::string program;  // e.g. "ebm-train"
    std::string section;  // its config section, e.g. "train"
    // Parses and checks a command line (argv[0] = program); runs the stage too when `run`.
    std::function<void(int argc, const char* const* argv, bool run)> invoke;
};

// ebm-generate, ebm-train and ebm-infer.
const std::vector<SweepStage>& sweep_stages();

// The stage of `program`, or nullptr when a sweep cannot run it.
const SweepStage* find_sweep_stage(const std::string& program);
// The stage of `program`; UsageError when a sweep cannot run it.
const SweepStage& sweep_stage(const std::string& program);

// "ebm-generate|ebm-train|ebm-infer", for messages.
std::string sweep_program_names();

// Parses (and when `run`, runs) the stage on a command line, program name first.
void invoke_stage(const SweepStage& stage, const std::vector<std::string>& arguments, bool run);

}  // namespace ebm

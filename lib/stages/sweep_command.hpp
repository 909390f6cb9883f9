// The command line of ebm-sweep: COMMAND SWEEP_FILE [--task I] [--out FILE] [--max-array-size N]
// [--data-folder DIR] [--experiments-folder DIR], checked before anything else, and each command done
// over a checked sweep.
#pragma once

#include "sweep_file.hpp"

#include <optional>
#include <string>

namespace ebm {

struct SweepCommand {
    std::string command;  // check | table | command | run | status | missing | arrays | aggregate | makefile
    std::string sweep;
    std::string task;
    std::string out;
    SweepFolders folders;  // what $DATA and $EXPERIMENTS stand for in the sweep file
    std::size_t max_array_size = 1001;  // arrays: Slurm's MaxArraySize (its default)
    std::string executable;  // this program's file: a prerequisite of every task
};

// nullopt when --help or --version was printed; UsageError naming the
// command or option at fault.
std::optional<SweepCommand> parse_sweep_command(int argc, const char* const argv[]);

// Checks the whole sweep (lib/sweep_file.hpp, then every task's options),
// then does the command, printing to stdout.
void run_sweep_command(const SweepCommand& command);

}  // namespace ebm

#include "sweep_command.hpp"

#include "atomic_output.hpp"
#include "cli.hpp"
#include "errors.hpp"
#include "sweep_aggregate.hpp"
#include "sweep_file.hpp"
#include "sweep_run.hpp"
#include "sweep_tasks.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <utility>
#include <vector>

namespace ebm {

namespace {

void write_text_atomically(const std::string& path, const std::string& text) {
    AtomicOutput output(path);
    {
        std::ofstream file(output.temporary_path(), std::ios::binary);
        file << text;
        if (!file.flush()) throw RunError("cannot write '" + output.temporary_path() + "'");
    }
    output.commit();
}

std::string padded(const std::string& text, std::size_t width) {
    return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

const std::vector<std::pair<std::string, std::string>> commands = {
    {"check", "check the sweep and every task's options; print the number of tasks"},
    {"table", "the task table: task, seed, parameters, output (stdout, or --out FILE)"},
    {"command", "the stage's command line that task --task I runs"},
    {"run", "run task --task I (its output appears whole or not at all)"},
    {"status", "each task's state: done, missing (no output) or stale (older than a prerequisite)"},
    {"missing", "the tasks not done, as ranges for sbatch --array (0-2,5); nothing when all are done"},
    {"arrays", "the tasks not done as job arrays of at most --max-array-size: a line each, OFFSET ELEMENTS TASKS"},
    {"aggregate", "every task's parameters and results as one HDF5 table (--out, default OUT/table.h5)"},
    {"makefile", "the variables experiments/sweep.mk includes (stdout, or --out FILE)"},
};

}  // namespace

std::optional<SweepCommand> parse_sweep_command(int argc, const char* const argv[]) {
    SweepCommand command;
    po::options_description described("Options");
    described.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("task", po::value(&command.task)->value_name("I"), "the task index (run, command); 0-padded is fine: 003")
        ("out", po::value(&command.out)->value_name("FILE"), "where table, aggregate or makefile write (atomically)")
        ("data-folder", po::value(&command.folders.data)->value_name("DIR"),
         "what $DATA stands for in the sweep file (default data; make passes its DATA)")
        ("experiments-folder", po::value(&command.folders.experiments)->value_name("DIR"),
         "what $EXPERIMENTS stands for in the sweep file (default experiments; make passes its EXPERIMENTS)")
        ("max-array-size", po::value(&command.max_array_size)->value_name("N"),
         "arrays: the cluster's MaxArraySize (default 1001): element indices stay below it");
    po::options_description hidden;
    hidden.add_options()
        ("command", po::value(&command.command))
        ("sweep", po::value(&command.sweep));
    po::options_description all;
    all.add(described).add(hidden);
    po::positional_options_description positional;
    positional.add("command", 1).add("sweep", 1);
    po::variables_map values;
    try {
        const auto style = po::command_line_style::unix_style ^ po::command_line_style::allow_guessing;
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).style(style).run(), values);
        po::notify(values);
    } catch (const po::error& error) {
        throw UsageError(error.what());
    }
    std::string names;
    for (const auto& [name, purpose] : commands) names += (names.empty() ? "" : "|") + name;
    if (values.count("help")) {
        std::cout << "ebm-sweep: run one stage over a table of parameter values (see experiments/sweeps/)\n\n"
                  << "Usage: ebm-sweep COMMAND SWEEP_FILE [options]\n\nCommands:\n";
        for (const auto& [name, purpose] : commands) std::cout << "  " << padded(name, 11) << purpose << "\n";
        std::cout << "\n" << described
                  << "\nThe sweep file is the configuration (there is no --config): its format is described in\n"
                     "lib/stages/sweep_file.hpp and docs/sweeps.md. Every command checks the whole sweep first, so a bad file\n"
                     "stops before any task runs or is submitted.\n";
        return std::nullopt;
    }
    if (values.count("version")) {
        std::cout << "ebm-sweep (ebm) " << EBM_VERSION << "\n";
        return std::nullopt;
    }
    if (command.command.empty()) throw UsageError("give a COMMAND (" + names + ") and a SWEEP_FILE");
    const bool known = std::any_of(commands.begin(), commands.end(), [&](const auto& entry) { return entry.first == command.command; });
    if (!known) throw UsageError("COMMAND must be one of " + names + " (got '" + command.command + "')");
    if (command.sweep.empty()) throw UsageError(command.command + " needs a SWEEP_FILE, e.g. experiments/sweeps/beta.cfg");
    const bool takes_task = command.command == "run" || command.command == "command";
    if (takes_task && command.task.empty()) throw UsageError(command.command + " needs --task I");
    if (!takes_task && values.count("task")) throw UsageError("--task is only for run and command");
    const bool takes_out = command.command == "table" || command.command == "aggregate" || command.command == "makefile";
    if (!takes_out && values.count("out")) throw UsageError("--out is only for table, aggregate and makefile");
    if (command.command != "arrays" && values.count("max-array-size"))
        throw UsageError("--max-array-size is only for arrays");
    if (command.max_array_size < 1) throw UsageError("--max-array-size must be at least 1 (got 0)");
    if (command.folders.data.empty()) throw UsageError("--data-folder must name a folder (got '')");
    if (command.folders.experiments.empty()) throw UsageError("--experiments-folder must name a folder (got '')");
    std::error_code error;
    command.executable = std::filesystem::read_symlink("/proc/self/exe", error).string();
    return command;
}

void run_sweep_command(const SweepCommand& command) {
    const Sweep sweep = read_sweep(command.sweep, command.folders);
    check_sweep_tasks(sweep);
    const auto& name = command.command;
    const auto write = [&](const std::string& text) {
        if (command.out.empty()) std::cout << text;
        else write_text_atomically(command.out, text);
    };
    if (name == "check") {
        std::cout << sweep.path << ": " << sweep.task_count() << " tasks of " << sweep.program << "\n";
    } else if (name == "table") {
        write(task_table_text(sweep));
    } else if (name == "makefile") {
        write(makefile_fragment(sweep));
    } else if (name == "command" || name == "run") {
        const SweepTask task = sweep_task(sweep, parse_task_index(sweep, command.task));
        if (name == "command") {
            std::string line;
            for (const auto& argument : task_arguments(sweep, task)) line += (line.empty() ? "" : " ") + argument;
            std::cout << line << "\n";
        } else {
            run_sweep_task(sweep, task.index);
        }
    } else if (name == "status" || name == "missing" || name == "arrays") {
        const auto states = task_states(sweep, command.executable);
        const auto not_done = tasks_not_done(states);
        std::map<TaskState, std::size_t> tally;
        for (const auto state : states) ++tally[state];
        if (name == "missing") {
            if (!not_done.empty()) std::cout << index_ranges(not_done) << "\n";
            return;
        }
        if (name == "arrays") {
            for (const auto& array : task_arrays(not_done, command.max_array_size)) {
                std::vector<std::size_t> tasks;
                for (const auto element : array.elements) tasks.push_back(array.offset + element);
                std::cout << array.offset << " " << index_ranges(array.elements) << " " << index_ranges(tasks) << "\n";
            }
            return;
        }
        std::cout << padded("task", 6) << padded("state", 9) << "output\n";
        for (std::size_t index = 0; index < states.size(); ++index)
            std::cout << padded(std::to_string(index), 6) << padded(task_state_name(states[index]), 9)
                      << sweep.output_of(index) << "\n";
        std::cout << states.size() << " tasks: " << tally[TaskState::done] << " done, " << tally[TaskState::missing]
                  << " missing, " << tally[TaskState::stale] << " stale";
        if (!not_done.empty()) std::cout << "; not done: " << index_ranges(not_done);
        std::cout << "\n";
    } else if (name == "aggregate") {
        aggregate_sweep(sweep, command.executable, command.out.empty() ? sweep.aggregate_path() : command.out);
    }
}

}  // namespace ebm

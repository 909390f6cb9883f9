// ebm-sweep: expand a sweep file into tasks, run one, list what is missing, aggregate the results.
#include "cli.hpp"
#include "sweep_command.hpp"

int main(int argc, char* argv[]) {
    return ebm::run_main("ebm-sweep", [&] {
        if (const auto command = ebm::parse_sweep_command(argc, argv)) ebm::run_sweep_command(*command);
    });
}

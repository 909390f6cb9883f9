// ebm-generate: sample the ellipse / horn data of the lecture into an HDF5 data file.
#include "cli.hpp"
#include "generate_stage.hpp"

int main(int argc, char* argv[]) {
    return ebm::run_main("ebm-generate", [&] {
        if (const auto options = ebm::parse_generate_options(argc, argv)) ebm::run_generate(*options);
    });
}

// ebm-train: learn the ellipse model's w from a data file (or, with --epochs 0, write the untrained model).
#include "cli.hpp"
#include "train_stage.hpp"

int main(int argc, char* argv[]) {
    return ebm::run_main("ebm-train", [&] {
        if (const auto options = ebm::parse_train_options(argc, argv)) ebm::run_train(*options);
    });
}

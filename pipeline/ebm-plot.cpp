// ebm-plot: draw one figure (PNG or SVG) from ebm HDF5 files with its gnuplot script.
#include "cli.hpp"
#include "plot_stage.hpp"

int main(int argc, char* argv[]) {
    return ebm::run_main("ebm-plot", [&] {
        if (const auto options = ebm::parse_plot_options(argc, argv)) ebm::run_plot(*options);
    });
}

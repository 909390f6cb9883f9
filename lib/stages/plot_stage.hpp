// The plotting stage (ebm-plot): renders one figure by running its gnuplot
// script, plots/<figure>.gp, on the HDF5 files given with --in.
//
// gnuplot cannot read HDF5, so ebm-plot exports every dataset of every input
// to text files in a temporary folder and hands the script these variables:
//
//   data      the folder; dataset /grid/f_inf of input k is data/k/grid/f_inf.dat
//             (rank 1: a value a line; rank 2: a row a line; rank 3 (B, R, C):
//             one rank-2 file per leading index, data/k/grid/f_beta.<b>.dat)
//   ink_NAME  each root attribute of input k (numbers and strings)
//   ink_PATH_n, ink_PATH_rows, ink_PATH_cols, ink_PATH_min, ink_PATH_max
//             the size, shape and finite range of each dataset (PATH with '/' as '_')
//   ink_PATH_NAME  each attribute of a dataset, e.g. in1_parameters_regularizer_values
//   inputs    the number of inputs
//   out, terminal ("png" | "svg"), width, height, plots (the scripts' folder)
//   NAME      each --set NAME=VALUE
//
// plots/style.gp, loaded by every script, sets the terminal and the house style.
//
// With --caption NAME, ebm-plot writes a caption instead of an image: the
// line NAME of captions.tsv in the scripts folder, its placeholders filled in
// (caption_template.hpp) after the script has run on the inputs with
// terminal "caption" (gnuplot's unknown terminal: nothing is drawn).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ebm {

struct PlotOptions {
    std::string figure;
    std::vector<std::string> inputs;
    std::string out;
    std::string terminal = "png";  // png | svg | caption
    std::string caption;           // --caption NAME: the gallery figure whose caption to write
    int width = 1000;
    int height = 750;
    std::string scripts_folder;
    std::vector<std::pair<std::string, std::string>> settings;  // --set NAME=VALUE
};

// The figure ids there are scripts for (every plots/*.gp but style.gp).
std::vector<std::string> available_figures(const std::string& scripts_folder);

std::optional<PlotOptions> parse_plot_options(int argc, const char* const argv[]);
void run_plot(const PlotOptions& options);

}  // namespace ebm

// ebm-plot's export of one input for its gnuplot script (the layout is in
// plot_stage.hpp): every dataset as a text file, every attribute (the root's
// and the datasets') and dataset shape as a gnuplot variable. Anyone's file may be plotted, so a name
// read from it never becomes a path or a variable as it stands, and limits
// bound what one input may ask of ebm-plot and gnuplot.
#pragma once

#include "h5_file.hpp"

#include <filesystem>
#include <ostream>
#include <string>

namespace ebm {

// Exports input k: its datasets as text files under folder/k/, its attributes
// and dataset shapes as lines `ink_NAME = VALUE` on `variables`. RunError
// naming the file and the object for a name outside the rule, two names that
// would become one variable, more datasets or longer text than the limits.
void export_input(const H5Reader& file, int k, const std::filesystem::path& folder, std::ostream& variables);

// A gnuplot variable name from an attribute or dataset path ('/' and every
// other character but letters and digits as '_', leading ones dropped).
std::string variable_name(const std::string& text);

}  // namespace ebm

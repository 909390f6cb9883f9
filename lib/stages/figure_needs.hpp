// What a figure script reads, declared in its header so that ebm-plot can
// check its inputs before gnuplot runs, and say what is wrong in the terms of
// the pipeline ("needs an ebm/inference file with /grid/f_inf; 'ztl.h5' is an
// ebm/model file") rather than gnuplot's ("line 21: expecting array[size>0]").
//
// One comment line per input the script reads, anywhere in the script:
//
//   # needs: in1 ebm/inference /grid/y1 /grid/f_inf /samples/y
//
// names the input (in1, in2, …), the `format` attribute it must have, and the
// datasets it must hold. A script without such lines is not checked.
#pragma once

#include <string>
#include <vector>

namespace ebm {

struct InputNeed {
    std::size_t input;                  // 1-based: in1, in2, …
    std::string format;                 // the root attribute `format`, e.g. ebm/inference
    std::vector<std::string> datasets;  // absolute paths, e.g. /grid/f_inf
};

// The `# needs:` lines of a script; RunError naming the script and the line if one is malformed.
std::vector<InputNeed> read_figure_needs(const std::string& script_path);

// RunError naming the figure, the input, what it needs and what the file is,
// at the first need the inputs do not meet (a missing input included).
void check_figure_needs(const std::string& figure, const std::vector<InputNeed>& needs,
                        const std::vector<std::string>& inputs);

}  // namespace ebm

#include "figure_needs.hpp"

#include "errors.hpp"
#include "h5_file.hpp"

#include <fstream>
#include <sstream>
#include <variant>

namespace ebm {

std::vector<InputNeed> read_figure_needs(const std::string& script_path) {
    std::ifstream script(script_path);
    if (!script) throw RunError("cannot read the figure script " + script_path);
    const std::string marker = "# needs:";
    std::vector<InputNeed> needs;
    std::string line;
    for (std::size_t number = 1; std::getline(script, line); ++number) {
        if (line.rfind(marker, 0) != 0) continue;
        std::istringstream words(line.substr(marker.size()));
        std::string input, format;
        words >> input >> format;
        InputNeed need{0, format, {}};
        if (input.size() > 2 && input.rfind("in", 0) == 0 && input.find_first_not_of("0123456789", 2) == std::string::npos)
            need.input = std::stoul(input.substr(2));
        for (std::string dataset; words >> dataset;) need.datasets.push_back(dataset);
        if (need.input == 0 || format.empty() || format.find('/') == std::string::npos)
            throw RunError(script_path + ", line " + std::to_string(number) +
                           ": a needs line is '# needs: inK FORMAT /DATASET…', e.g. '# needs: in1 ebm/inference /z'");
        needs.push_back(std::move(need));
    }
    return needs;
}

void check_figure_needs(const std::string& figure, const std::vector<InputNeed>& needs,
                        const std::vector<std::string>& inputs) {
    for (const auto& need : needs) {
        std::string wanted = "in" + std::to_string(need.input) + " = an " + need.format + " file";
        for (std::size_t d = 0; d < need.datasets.size(); ++d) wanted += (d ? ", " : " with ") + need.datasets[d];
        const std::string needs_text = "figure '" + figure + "' needs " + wanted;
        if (need.input > inputs.size())
            throw RunError(needs_text + "; --in gave " + std::to_string(inputs.size()) + " input(s)");
        const std::string& path = inputs[need.input - 1];
        const H5Reader file(path);
        const AttributeValue format_value = file.has_attribute("/", "format") ? file.attribute("/", "format") : 0.0;
        const auto* format = std::get_if<std::string>(&format_value);
        if (!format || *format != need.format)
            throw RunError(needs_text + "; '" + path + "' is " +
                           (format ? "an " + *format + " file" : std::string("not an ebm file (no format attribute)")));
        for (const auto& dataset : need.datasets)
            if (!file.has(dataset)) throw RunError(needs_text + "; '" + path + "' has no " + dataset);
    }
}

}  // namespace ebm

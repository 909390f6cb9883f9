#include "caption_template.hpp"

#include "errors.hpp"

namespace ebm {

namespace {

// A gnuplot single-quoted string: a quote inside it is written twice.
std::string single_quoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

RunError bad_template(const std::string& caption_template, const std::string& reason) {
    return RunError("caption '" + caption_template + "': " + reason +
                    " (a placeholder is {EXPRESSION} or {%FORMAT EXPRESSION})");
}

}  // namespace

std::string caption_expression(const std::string& caption_template) {
    std::string expression = "''";
    std::size_t start = 0;
    while (start < caption_template.size()) {
        const std::size_t open = caption_template.find('{', start);
        const std::size_t close = caption_template.find('}', start);
        if (close < open) throw bad_template(caption_template, "a '}' closes no placeholder");
        const std::string text = caption_template.substr(start, open - start);
        if (!text.empty()) expression += "." + single_quoted(text);
        if (open == std::string::npos) break;
        if (close == std::string::npos) throw bad_template(caption_template, "a '{' is not closed");
        std::string placeholder = caption_template.substr(open + 1, close - open - 1);
        if (placeholder.find('{') != std::string::npos) throw bad_template(caption_template, "placeholders do not nest");
        std::string format = "%.3g";
        if (!placeholder.empty() && placeholder.front() == '%') {
            const std::size_t space = placeholder.find(' ');
            if (space == std::string::npos) throw bad_template(caption_template, "{" + placeholder + "} has no expression");
            format = placeholder.substr(0, space);
            placeholder = placeholder.substr(space + 1);
        }
        if (placeholder.find_first_not_of(' ') == std::string::npos)
            throw bad_template(caption_template, "a placeholder is empty");
        expression += ".sprintf(" + single_quoted(format) + ", " + placeholder + ")";
        start = close + 1;
    }
    return expression;
}

}  // namespace ebm

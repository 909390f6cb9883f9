// A figure's caption states numbers only as they are in its input files:
// plots/captions.tsv writes each one as a placeholder, and ebm-plot --caption
// fills it in with gnuplot after the figure's script has run, so a caption
// can name anything its script reads or computes (in1_n, w[1], f_inf, …) and
// says what the figure draws, whatever the run's parameters.
//
//   {EXPRESSION}          the value of a gnuplot expression, formatted '%.3g'
//   {%FORMAT EXPRESSION}  formatted by a printf format ('%d', '%.2f', '%s', …)
//
// e.g. "The {%d in1_y_rows} samples, semi-axes {rho1} and {rho2}." Text
// outside the braces is taken as it stands; '{' and '}' are not allowed in it.
#pragma once

#include <string>

namespace ebm {

// The gnuplot expression (a string) of the caption TEMPLATE: its text in
// single quotes, each placeholder as sprintf(FORMAT, EXPRESSION), joined with
// '.'. Throws RunError naming the template when a brace is unmatched, empty
// or nested.
std::string caption_expression(const std::string& caption_template);

}  // namespace ebm

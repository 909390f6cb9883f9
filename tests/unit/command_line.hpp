// Runs a stage's option parser in-process on a command line given as strings,
// as mlpack's tests do: PARSE(argc, argv) with argv[0] = PROGRAM.
#pragma once

#include <string>
#include <vector>

template <typename Parse>
auto parse_command_line(Parse parse, const std::string& program, std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), program);
    std::vector<const char*> argv;
    for (const auto& argument : arguments) argv.push_back(argument.c_str());
    return parse(int(argv.size()), argv.data());
}

#pragma once
// The "Examples:" section at the end of a tool's --help.

#include <initializer_list>
#include <string>

namespace moq::tool {

struct Example {
  std::string command;
  std::string description;
};

// "Examples:\n  <command>\n      <description>\n..." for CLI::App::footer.
std::string examples_footer(std::initializer_list<Example> examples);

}  // namespace moq::tool

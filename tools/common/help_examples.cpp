#include "help_examples.h"

namespace moq::tool {

std::string examples_footer(std::initializer_list<Example> examples) {
  std::string text = "Examples:\n";
  for (const Example& example : examples) {
    text += "  " + example.command + "\n      " + example.description + "\n";
  }
  return text;
}

}  // namespace moq::tool

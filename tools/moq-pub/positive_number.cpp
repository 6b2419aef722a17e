#include "positive_number.h"

#include <charconv>
#include <string>

#include "tool_failure.h"

namespace moq::pub {

uint64_t parse_positive_number(std::string_view text, std::string_view what) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0) {
    throw tool::ToolFailure(tool::ExitCode::usage,
                            std::string(what) + ": expected a positive number, got '" + std::string(text) + "'");
  }
  return value;
}

}  // namespace moq::pub

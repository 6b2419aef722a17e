#pragma once
// Token lifetimes as written on the command line: "90s", "30m", "1h", "7d", or bare seconds.

#include <chrono>
#include <optional>
#include <string_view>

namespace moq::token_tool {

// nullopt for anything else, for zero, and for more than ten years.
std::optional<std::chrono::seconds> parse_lifetime(std::string_view text);

}  // namespace moq::token_tool

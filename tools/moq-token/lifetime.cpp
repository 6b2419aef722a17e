#include "lifetime.h"

#include <charconv>
#include <cstdint>

namespace moq::token_tool {

namespace {

constexpr int64_t max_seconds = int64_t{10} * 366 * 24 * 3600;

}  // namespace

std::optional<std::chrono::seconds> parse_lifetime(std::string_view text) {
  int64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      default: unit = 0; break;
    }
    if (unit != 0) {
      text.remove_suffix(1);
    } else {
      unit = 1;
    }
  }
  int64_t count = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (count <= 0 || count > max_seconds / unit) return std::nullopt;
  return std::chrono::seconds(count * unit);
}

}  // namespace moq::token_tool

#include "hex.h"

#include <cctype>

#include "tool_failure.h"

namespace moq::tool {
namespace {

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (uint8_t byte : bytes) {
    text += digits[byte >> 4];
    text += digits[byte & 0xf];
  }
  return text;
}

std::vector<uint8_t> parse_hex(std::string_view text) {
  std::vector<uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  int high = -1;  // the first digit of a byte still waiting for its second
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int value = digit_value(c);
    if (value < 0) {
      throw ToolFailure(ExitCode::failure,
                        "invalid hex input at character " + std::to_string(i) + ": not a hex digit");
    }
    if (high < 0) {
      high = value;
    } else {
      bytes.push_back(static_cast<uint8_t>(high << 4 | value));
      high = -1;
    }
  }
  if (high >= 0) throw ToolFailure(ExitCode::failure, "invalid hex input: odd number of hex digits");
  return bytes;
}

}  // namespace moq::tool

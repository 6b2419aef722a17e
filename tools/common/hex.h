#pragma once
// Hexadecimal text for bytes, as the tools print and read it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace moq::tool {

// Lowercase, two digits per byte, no separators.
std::string to_hex(std::span<const uint8_t> bytes);

// Hex digits in either case; whitespace anywhere is ignored. Throws ToolFailure (failure) naming
// the first character that is not a hex digit, or an odd number of digits.
std::vector<uint8_t> parse_hex(std::string_view text);

}  // namespace moq::tool

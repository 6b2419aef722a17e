#pragma once
// Parses the N of option values like "size:N" or "every:N".

#include <cstdint>
#include <string_view>

namespace moq::pub {

// A positive decimal number; anything else is a usage error naming `what`.
uint64_t parse_positive_number(std::string_view text, std::string_view what);

}  // namespace moq::pub

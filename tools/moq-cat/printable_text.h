#pragma once
// Whether frame payload is worth showing as text next to its hex.

#include <cstdint>
#include <span>

namespace moq::cat {

// Valid UTF-8 without control characters other than tab, newline and carriage return.
bool is_printable_text(std::span<const uint8_t> bytes);

}  // namespace moq::cat

#pragma once

#include <cstdint>
#include <span>

namespace moq::wire {

// Whether data is well-formed UTF-8: no overlong forms, surrogates or code points past U+10FFFF.
bool is_valid_utf8(std::span<const uint8_t> data) noexcept;

}  // namespace moq::wire

#include "utf8.h"

#include <cstddef>

namespace moq::wire {

bool is_valid_utf8(std::span<const uint8_t> data) noexcept {
  size_t i = 0;
  while (i < data.size()) {
    uint8_t lead = data[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The lead byte gives the sequence length and the top bits of the code point.
    size_t size = (lead & 0xe0) == 0xc0   ? 2
                  : (lead & 0xf0) == 0xe0 ? 3
                  : (lead & 0xf8) == 0xf0 ? 4
                                          : 0;
    if (size == 0) return false;
    uint32_t code_point = lead & (0x7fu >> size);
    if (data.size() - i < size) return false;
    for (size_t k = 1; k < size; ++k) {
      uint8_t next = data[i + k];
      if ((next & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3fu);
    }
    // Below the smallest code point of its length, a sequence is an overlong form.
    static constexpr uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < smallest[size] || code_point > 0x10ffff) return false;
    if (code_point >= 0xd800 && code_point <= 0xdfff) return false;
    i += size;
  }
  return true;
}

}  // namespace moq::wire

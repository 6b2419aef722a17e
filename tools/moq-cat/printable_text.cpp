#include "printable_text.h"

namespace moq::cat {
namespace {

bool is_printable_ascii(uint8_t byte) {
  return (byte >= 0x20 && byte < 0x7f) || byte == '\t' || byte == '\n' || byte == '\r';
}

// Length of the UTF-8 sequence starting at bytes[i] if it is a valid, shortest-form encoding of
// a scalar value; 0 otherwise.
size_t utf8_sequence_length(std::span<const uint8_t> bytes, size_t i) {
  uint8_t lead = bytes[i];
  size_t length = 0;
  uint32_t code_point = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    code_point = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    code_point = lead & 0x0f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (bytes.size() - i < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    uint8_t continuation = bytes[i + k];
    if ((continuation & 0xc0) != 0x80) return 0;
    code_point = code_point << 6 | (continuation & 0x3f);
  }
  static constexpr uint32_t shortest_minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < shortest_minimum[length] || code_point > 0x10ffff) return 0;
  if (code_point >= 0xd800 && code_point <= 0xdfff) return 0;  // surrogates are not scalar values
  if (code_point >= 0x80 && code_point < 0xa0) return 0;       // C1 control characters
  return length;
}

}  // namespace

bool is_printable_text(std::span<const uint8_t> bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    if (bytes[i] < 0x80) {
      if (!is_printable_ascii(bytes[i])) return false;
      ++i;
      continue;
    }
    size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace moq::cat

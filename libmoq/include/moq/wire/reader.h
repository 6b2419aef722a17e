#pragma once
// Reads wire encodings from a span that may end before the message does.
//
// Running out of input is not an error: the reader becomes "short", stays short, and every
// later read returns zero or empty without reading. A decoder therefore reads its fields
// straight through and checks short() once at the end; the values it read after the input ran
// out are meaningless and are dropped. Validation checks only ever reject values that were
// actually read (zero and empty are valid everywhere), so a truncated message never throws.

#include <cstddef>
#include <cstdint>
#include <span>

namespace moq::wire {

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> in) noexcept : in_(in) {}

  uint64_t varint() noexcept;
  uint8_t u8() noexcept;
  // The next n bytes (a view into the input); empty if fewer remain. The caller checks n
  // against a limit first.
  std::span<const uint8_t> raw(size_t n) noexcept;

  // Whether the input ended before what was asked for.
  bool short_input() const noexcept { return short_; }
  // Bytes read so far.
  size_t position() const noexcept { return pos_; }

 private:
  // Whether n more bytes are there; turns the reader short if not.
  bool have(size_t n) noexcept;

  std::span<const uint8_t> in_;
  size_t pos_ = 0;
  bool short_ = false;
};

}  // namespace moq::wire

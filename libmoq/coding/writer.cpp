#include "moq/wire/writer.h"

#include <string>
#include <utility>

#include "moq/error.h"
#include "moq/wire/limits.h"

namespace moq::wire {

void Writer::varint(uint64_t value) {
  if (value > limits::max_varint) {
    throw Error(code::bounds_exceeded, "varint too large: " + std::to_string(value));
  }
  // The top two bits of the first byte give the length: 1, 2, 4 or 8 bytes.
  unsigned size_log2 = value < (uint64_t{1} << 6)    ? 0
                       : value < (uint64_t{1} << 14) ? 1
                       : value < (uint64_t{1} << 30) ? 2
                                                     : 3;
  size_t size = size_t{1} << size_log2;
  for (size_t i = size; i-- > 0;) out_.push_back(static_cast<uint8_t>(value >> (8 * i)));
  out_[out_.size() - size] |= static_cast<uint8_t>(size_log2 << 6);
}

void Writer::u8(uint8_t value) { out_.push_back(value); }

void Writer::raw(std::span<const uint8_t> data) { out_.insert(out_.end(), data.begin(), data.end()); }

Bytes Writer::finish() {
  Bytes bytes(std::move(out_));
  out_.clear();
  return bytes;
}

}  // namespace moq::wire

#include "moq/wire/reader.h"

namespace moq::wire {

bool Reader::have(size_t n) noexcept {
  if (short_ || in_.size() - pos_ < n) {
    short_ = true;
    return false;
  }
  return true;
}

uint64_t Reader::varint() noexcept {
  if (!have(1)) return 0;
  size_t size = size_t{1} << (in_[pos_] >> 6);
  if (!have(size)) return 0;
  uint64_t value = in_[pos_] & 0x3f;
  for (size_t i = 1; i < size; ++i) value = (value << 8) | in_[pos_ + i];
  pos_ += size;
  return value;
}

uint8_t Reader::u8() noexcept {
  if (!have(1)) return 0;
  return in_[pos_++];
}

std::span<const uint8_t> Reader::raw(size_t n) noexcept {
  if (!have(n)) return {};
  std::span<const uint8_t> out = in_.subspan(pos_, n);
  pos_ += n;
  return out;
}

}  // namespace moq::wire

#pragma once
// Walks through captured bytes one wire value at a time, remembering the byte offset so every
// failure says where it happened.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "message_kind.h"
#include "moq/error.h"
#include "moq/wire/decode.h"

namespace moq::cat {

class CaptureCursor {
 public:
  explicit CaptureCursor(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  size_t offset() const noexcept { return offset_; }
  bool at_end() const noexcept { return offset_ == bytes_.size(); }

  // Decodes the T at the offset and moves past it. Throws moq::Error: the decoder's code when the
  // bytes are malformed, code 5 when the input ends inside the value.
  template <class T>
  T take() {
    size_t consumed = 0;
    std::optional<T> value;
    try {
      value = wire::decode<T>(bytes_.subspan(offset_), consumed);
    } catch (const moq::Error& error) {
      throw malformed(Kind<T>::name, error);
    }
    if (!value) throw truncated(Kind<T>::name);
    offset_ += consumed;
    return std::move(*value);
  }

  // The next size bytes (frame payload). Throws moq::Error code 14 when fewer remain.
  std::span<const uint8_t> take_payload(uint64_t size);

 private:
  moq::Error malformed(std::string_view kind, const moq::Error& error) const;
  moq::Error truncated(std::string_view kind) const;

  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
};

}  // namespace moq::cat

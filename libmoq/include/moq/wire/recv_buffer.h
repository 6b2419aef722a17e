#pragma once
// Receive buffer of one stream: bytes are appended as they arrive, messages are decoded from
// the front, and frame payload is taken out as it arrives, without waiting for the whole frame.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "moq/bytes.h"
#include "moq/wire/decode.h"
#include "moq/wire/limits.h"

namespace moq::wire {

class RecvBuffer {
 public:
  RecvBuffer() = default;
  explicit RecvBuffer(size_t max_buffered) : max_buffered_(max_buffered) {}

  // Throws moq::Error code 11 if it would then hold more than its bound
  // (limits::max_buffered_message_bytes unless given to the constructor).
  void append(std::span<const uint8_t> data);

  // Decodes a T from the front and consumes it; nullopt if more bytes are needed.
  // Throws like decode<T> when the bytes are malformed.
  template <class T>
  std::optional<T> try_decode() {
    size_t consumed = 0;
    std::optional<T> value = decode<T>(pending(), consumed);
    if (value) consume(consumed);
    return value;
  }

  size_t size() const noexcept { return buffer_.size() - head_; }
  bool empty() const noexcept { return size() == 0; }

  // Removes and returns up to n bytes from the front (frame payload). Taking everything that
  // is buffered hands over the storage without copying.
  Bytes take(size_t n);

 private:
  std::span<const uint8_t> pending() const noexcept {
    return std::span<const uint8_t>(buffer_).subspan(head_);
  }
  void consume(size_t n) noexcept;

  std::vector<uint8_t> buffer_;
  size_t head_ = 0;  // bytes at the front of buffer_ already consumed
  size_t max_buffered_ = limits::max_buffered_message_bytes;
};

}  // namespace moq::wire

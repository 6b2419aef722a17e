#include "moq/wire/recv_buffer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "moq/error.h"

namespace moq::wire {

void RecvBuffer::append(std::span<const uint8_t> data) {
  if (data.size() > max_buffered_ - size()) {
    throw Error(code::bounds_exceeded, "receive buffer over its limit of " +
                                           std::to_string(max_buffered_) + " bytes");
  }
  if (head_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  buffer_.insert(buffer_.end(), data.begin(), data.end());
}

Bytes RecvBuffer::take(size_t n) {
  n = std::min(n, size());
  if (n == 0) return {};
  if (n < size()) {
    Bytes out = Bytes::copy(pending().first(n));
    consume(n);
    return out;
  }
  Bytes out = Bytes(std::exchange(buffer_, {})).slice(head_);
  head_ = 0;
  return out;
}

void RecvBuffer::consume(size_t n) noexcept {
  head_ += n;
  if (head_ == buffer_.size()) {
    buffer_.clear();
    head_ = 0;
  }
}

}  // namespace moq::wire

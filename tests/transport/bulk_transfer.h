#pragma once
// Sending and checking a large amount of data over one stream: the sender writes shared 1 MiB
// buffers (never copied) while the stream is writable, both sides keep a running FNV-1a hash.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "moq/bytes.h"
#include "moq/connection.h"

namespace moq::test {

// Hashes 8 bytes at a time (fast enough not to hide the transport's speed); the result does
// not depend on how the data was split into calls.
class RunningHash {
 public:
  void add(std::span<const uint8_t> data) {
    size_t i = 0;
    for (; pending_bytes_ != 0 && i < data.size(); ++i) push_byte(data[i]);
    for (; i + 8 <= data.size(); i += 8) {
      uint64_t word;
      std::memcpy(&word, data.data() + i, 8);
      mix(word);
    }
    for (; i < data.size(); ++i) push_byte(data[i]);
  }
  uint64_t value() const {
    uint64_t tail = state_ ^ pending_ ^ (static_cast<uint64_t>(pending_bytes_) << 56);
    tail *= 0x9e3779b97f4a7c15ull;
    return tail ^ (tail >> 29);
  }

 private:
  void push_byte(uint8_t byte) {
    pending_ |= static_cast<uint64_t>(byte) << (8 * pending_bytes_);
    if (++pending_bytes_ == 8) {
      mix(pending_);
      pending_ = 0;
      pending_bytes_ = 0;
    }
  }
  void mix(uint64_t word) {
    state_ = (state_ ^ word) * 0x9e3779b97f4a7c15ull;
    state_ ^= state_ >> 32;
  }
  uint64_t state_ = 0xcbf29ce484222325ull;
  uint64_t pending_ = 0;
  unsigned pending_bytes_ = 0;
};

// A few distinct pseudo-random buffers, reused in turn so the data is not one repeated pattern.
inline std::vector<Bytes> make_pattern_buffers(size_t count = 7, size_t size = 1 << 20) {
  std::vector<Bytes> buffers;
  uint64_t state = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < count; ++i) {
    std::vector<uint8_t> data(size);
    for (auto& byte : data) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      byte = static_cast<uint8_t>(state);
    }
    buffers.emplace_back(std::move(data));
  }
  return buffers;
}

class BulkSender : public std::enable_shared_from_this<BulkSender> {
 public:
  BulkSender(std::shared_ptr<SendStream> stream, uint64_t total)
      : stream_(std::move(stream)), total_(total), buffers_(make_pattern_buffers()) {}

  void start() {
    stream_->on_writable([weak = weak_from_this()] {
      if (auto self = weak.lock()) self->pump();
    });
    stream_->on_acked([this] { acked = true; });
    pump();
  }

  void pump() {
    while (queued_ < total_ && stream_->writable()) {
      auto size = std::min<uint64_t>(total_ - queued_, buffers_[0].size());
      Bytes chunk = buffers_[next_ % buffers_.size()].slice(0, size);
      ++next_;
      hash.add(chunk.span());
      queued_ += size;
      stream_->write(std::move(chunk));
    }
    if (queued_ == total_ && !finished_) {
      finished_ = true;
      stream_->finish();
    }
  }

  RunningHash hash;
  bool acked = false;

 private:
  std::shared_ptr<SendStream> stream_;
  uint64_t total_;
  std::vector<Bytes> buffers_;
  uint64_t queued_ = 0;
  size_t next_ = 0;
  bool finished_ = false;
};

struct BulkReceiver {
  void attach(RecvStream& stream) {
    stream.on_data([this](std::span<const uint8_t> data, bool fin) {
      hash.add(data);
      received += data.size();
      done = done || fin;
    });
    stream.on_reset([this](uint64_t) { reset = true; });
  }
  RunningHash hash;
  uint64_t received = 0;
  bool done = false;
  bool reset = false;
};

}  // namespace moq::test

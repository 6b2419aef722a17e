#pragma once
// A stream's outgoing chunks, oldest first: appended at the back, released from the front as
// they are acknowledged, read by index in between. Unlike std::deque, which holds ~576 bytes
// even when empty, it costs nothing while empty, and most of a relay's streams are idle.

#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

#include "moq/bytes.h"

namespace moq::quic {

class ChunkQueue {
 public:
  bool empty() const { return head_ == chunks_.size(); }
  size_t size() const { return chunks_.size() - head_; }
  const Bytes& operator[](size_t index) const { return chunks_[head_ + index]; }
  const Bytes& front() const { return chunks_[head_]; }

  void push_back(Bytes chunk) { chunks_.push_back(std::move(chunk)); }

  void pop_front() {
    chunks_[head_++] = Bytes();
    if (empty()) {
      clear();
    } else if (head_ >= compact_after && head_ * 2 >= chunks_.size()) {
      // Released slots at the front are reclaimed once they are half of the vector.
      chunks_.erase(chunks_.begin(), chunks_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  // Removes the first `count` chunks and returns them, oldest first.
  std::vector<Bytes> take_front(size_t count) {
    auto first = chunks_.begin() + static_cast<std::ptrdiff_t>(head_);
    std::vector<Bytes> taken(std::make_move_iterator(first),
                             std::make_move_iterator(first + static_cast<std::ptrdiff_t>(count)));
    head_ += count;
    if (empty()) clear();
    return taken;
  }

  // Drops every chunk and the storage.
  void clear() {
    chunks_ = {};
    head_ = 0;
  }

 private:
  static constexpr size_t compact_after = 16;
  std::vector<Bytes> chunks_;
  size_t head_ = 0;
};

}  // namespace moq::quic

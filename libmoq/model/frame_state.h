#pragma once
// The shared state of one frame: its chunks as written, read by any number of consumers.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "moq/bytes.h"
#include "moq/change_notifier.h"

namespace moq::detail {

// A frame's chunks, in order. Most frames come whole, as one chunk: that one is held inline, and
// a vector is allocated only once a second chunk comes. Chunks are never empty, so an empty
// inline one means none.
class FrameChunks {
 public:
  std::span<const Bytes> span() const noexcept {
    if (!spilled_.empty()) return spilled_;
    return {&first_, first_.empty() ? 0U : 1U};
  }
  size_t size() const noexcept { return span().size(); }
  const Bytes& operator[](size_t index) const { return span()[index]; }

  void push_back(Bytes chunk) {
    if (spilled_.empty() && first_.empty()) {
      first_ = std::move(chunk);
      return;
    }
    if (spilled_.empty()) {
      // A chunked frame usually comes in a few packets: room for those in one allocation.
      spilled_.reserve(4);
      spilled_.push_back(std::exchange(first_, Bytes()));
    }
    spilled_.push_back(std::move(chunk));
  }

 private:
  Bytes first_;
  std::vector<Bytes> spilled_;
};

struct FrameState {
  explicit FrameState(uint64_t size) : size(size) {}

  bool complete() const noexcept { return written == size; }

  const uint64_t size;
  uint64_t written = 0;
  FrameChunks chunks;
  // Set when the group was aborted before this frame was complete.
  std::optional<uint64_t> abort_code;
  ChangeNotifier notifier;
};

}  // namespace moq::detail

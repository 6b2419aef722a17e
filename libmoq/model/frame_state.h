#pragma once
// The shared state of one frame: its chunks as written, read by any number of consumers.

#include <cstdint>
#include <optional>
#include <vector>

#include "moq/bytes.h"
#include "moq/change_notifier.h"

namespace moq::detail {

struct FrameState {
  explicit FrameState(uint64_t size) : size(size) {}

  bool complete() const noexcept { return written == size; }

  const uint64_t size;
  uint64_t written = 0;
  std::vector<Bytes> chunks;
  // Set when the group was aborted before this frame was complete.
  std::optional<uint64_t> abort_code;
  ChangeNotifier notifier;
};

}  // namespace moq::detail

#pragma once
// A frame: a blob of a size declared up front, written whole or in chunks. The chunks are
// moq::Bytes kept by reference; every consumer sees the same storage.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "moq/bytes.h"
#include "moq/change_notifier.h"
#include "moq/poll.h"

namespace moq {

namespace detail {
struct FrameState;
struct FrameProducerLink;
}  // namespace detail

// Writes one frame of a group (from GroupProducer::create_frame). Copies share the frame; the
// frame is complete once exactly size() bytes are written. Writing past the size, finishing
// short, or dropping the last handle short aborts the whole group with code 14 (wrong size).
class FrameProducer {
 public:
  uint64_t size() const;
  // Bytes still expected.
  uint64_t remaining() const;
  // Appends a chunk. Throws moq::Error(14) if it overflows the size (the group is aborted),
  // or the group's abort code if the group was aborted.
  void write(Bytes chunk);
  // Checks that the frame is complete; throws moq::Error(14) and aborts the group if not.
  void finish();

 private:
  friend class GroupProducer;
  explicit FrameProducer(std::shared_ptr<detail::FrameProducerLink> link);
  std::shared_ptr<detail::FrameProducerLink> link_;
};

// Reads one frame chunk by chunk as the chunks arrive. Copies read from their own position.
class FrameConsumer {
 public:
  uint64_t size() const;
  // The next chunk; end once the frame is complete and everything was read. Throws
  // moq::Error(code) if the group was aborted before this frame was complete.
  Poll<Bytes> read();
  // What read() has not returned yet, in one buffer (possibly empty), once the frame is
  // complete; no copy if that is a single chunk. End after that.
  Poll<Bytes> read_all();
  // Called when read() might return something new. Replaces the previous callback.
  void on_change(std::function<void()> callback);

 private:
  friend class GroupConsumer;
  explicit FrameConsumer(std::shared_ptr<detail::FrameState> frame);
  std::shared_ptr<detail::FrameState> frame_;
  size_t next_chunk_ = 0;
  bool read_all_done_ = false;
  ChangeCallback callback_;
};

}  // namespace moq

#pragma once
// A group: an ordered sequence of frames, the unit a subscriber can join at (a key frame and
// what depends on it). A group is delivered on its own stream, independently of other groups.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "moq/bytes.h"
#include "moq/change_notifier.h"
#include "moq/frame.h"
#include "moq/poll.h"

namespace moq {

namespace detail {
struct GroupState;
struct GroupProducerLink;
}  // namespace detail

// Writes one group (from TrackProducer). Copies share the group. Never blocks.
// Destroying the last handle before finish() aborts the group with code 0 (cancelled).
class GroupProducer {
 public:
  uint64_t sequence() const;
  // Appends a whole frame.
  void write_frame(Bytes payload);
  // Starts a frame of the given size, written in chunks through the returned producer.
  FrameProducer create_frame(uint64_t size);
  // Consumers return "end" after the last frame. Idempotent. Throws moq::Error(14) and aborts
  // the group if the last frame is incomplete.
  void finish();
  // Consumers throw moq::Error(code). Does nothing once the group has ended.
  void abort(uint64_t code);

  // The calls above throw moq::Error: with the abort code after an abort, 14 when the previous
  // frame is still incomplete (the group is aborted with 14), 15 when writing after finish().

 private:
  friend class TrackProducer;
  explicit GroupProducer(std::shared_ptr<detail::GroupProducerLink> link);
  std::shared_ptr<detail::GroupProducerLink> link_;
};

// Reads one group. Copies read from their own position; frames are shared, never copied.
// read_frame() and next_frame() advance the same position.
class GroupConsumer {
 public:
  uint64_t sequence() const;
  // The next frame once all of it is there. A frame written in several chunks is joined into
  // one buffer here (the model's only copy); a single-chunk frame is handed out as is.
  Poll<Bytes> read_frame();
  // The next frame as soon as it is started, to read chunk by chunk.
  Poll<FrameConsumer> next_frame();
  // Both throw moq::Error(code) once the group is aborted, and return end after the last frame
  // of a finished group.

  // Called when a read might return something new. Replaces the previous callback.
  void on_change(std::function<void()> callback);

 private:
  friend class TrackConsumer;
  explicit GroupConsumer(std::shared_ptr<detail::GroupState> group);
  std::shared_ptr<detail::GroupState> group_;
  size_t next_frame_ = 0;
  ChangeCallback callback_;
};

}  // namespace moq

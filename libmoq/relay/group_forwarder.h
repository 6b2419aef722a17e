#pragma once
// Copies one group received from a publisher into the relay's own track, frame by frame: a
// frame that is here whole goes across as one, a larger one chunk by chunk as the chunks
// arrive. The chunks are the received buffers, shared, not copied.

#include <cstdint>
#include <functional>
#include <optional>

#include "moq/frame.h"
#include "moq/group.h"

namespace moq::relay {

class GroupForwarder {
 public:
  // on_done is called once, when the group ended either way; it may destroy the forwarder.
  GroupForwarder(GroupConsumer in, GroupProducer out, uint64_t& bytes_in, std::function<void()> on_done);
  GroupForwarder(const GroupForwarder&) = delete;
  GroupForwarder& operator=(const GroupForwarder&) = delete;

  void start();

 private:
  void pump();
  // Copies the chunks of the current frame; false while more are to come.
  bool forward_frame();
  void done();

  GroupConsumer in_;
  GroupProducer out_;
  std::optional<FrameConsumer> frame_in_;
  std::optional<FrameProducer> frame_out_;
  uint64_t& bytes_in_;
  std::function<void()> on_done_;
};

}  // namespace moq::relay

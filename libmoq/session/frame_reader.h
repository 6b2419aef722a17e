#pragma once
// Decodes the frames of a group stream (or fetch stream) into a group as the bytes arrive:
// each frame is created from its size header and its payload written chunk by chunk, taken
// out of the receive buffer without another copy.

#include <optional>

#include "moq/frame.h"
#include "moq/group.h"
#include "moq/wire/recv_buffer.h"

namespace moq::session {

class FrameReader {
 public:
  // Moves everything buffered into the group.
  void read(wire::RecvBuffer& buffer, GroupProducer& group);
  // The stream ended: the group is finished, or aborted with 14 if it ended inside a frame.
  void finish(const wire::RecvBuffer& buffer, GroupProducer& group);

 private:
  std::optional<FrameProducer> frame_;
};

}  // namespace moq::session

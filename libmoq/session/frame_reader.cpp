#include "frame_reader.h"

#include <algorithm>

#include "moq/error.h"

namespace moq::session {

void FrameReader::read(wire::RecvBuffer& buffer, GroupProducer& group) {
  for (;;) {
    if (!frame_) {
      auto header = buffer.try_decode<wire::FrameHeader>();
      if (!header) return;
      // A frame that is here whole goes in as one: one wake-up of the group's readers, no frame
      // producer, no per-chunk notification.
      if (header->size <= buffer.size()) {
        group.write_frame(buffer.take(static_cast<size_t>(header->size)));
        continue;
      }
      frame_ = group.create_frame(header->size);
    }
    while (frame_->remaining() > 0 && !buffer.empty()) {
      frame_->write(buffer.take(static_cast<size_t>(std::min<uint64_t>(frame_->remaining(), buffer.size()))));
    }
    if (frame_->remaining() > 0) return;
    frame_->finish();
    frame_.reset();
  }
}

void FrameReader::finish(const wire::RecvBuffer& buffer, GroupProducer& group) {
  if (frame_ || !buffer.empty()) {
    group.abort(code::wrong_size);
    return;
  }
  group.finish();
}

}  // namespace moq::session

#include "model/group_state.h"
#include "moq/frame.h"

namespace moq {

FrameProducer::FrameProducer(std::shared_ptr<detail::FrameProducerLink> link) : link_(std::move(link)) {}

uint64_t FrameProducer::size() const { return link_->frame->size; }

uint64_t FrameProducer::remaining() const { return link_->frame->size - link_->frame->written; }

void FrameProducer::write(Bytes chunk) {
  // Local references: a change callback may drop this handle while the write notifies.
  const auto group = link_->group;
  const auto frame = link_->frame;
  group->write_chunk(*frame, std::move(chunk));
}

void FrameProducer::finish() {
  const auto group = link_->group;
  const auto frame = link_->frame;
  group->finish_frame(*frame);
}

}  // namespace moq

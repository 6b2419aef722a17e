#include "model/group_state.h"
#include "moq/group.h"

namespace moq {

GroupProducer::GroupProducer(std::shared_ptr<detail::GroupProducerLink> link) : link_(std::move(link)) {}

uint64_t GroupProducer::sequence() const { return link_->group->sequence; }

// Each operation holds the group locally: a change callback may drop this handle meanwhile.

void GroupProducer::write_frame(Bytes payload) {
  const auto group = link_->group;
  group->write_frame(std::move(payload));
}

FrameProducer GroupProducer::create_frame(uint64_t size) {
  const auto group = link_->group;
  auto frame = group->create_frame(size);
  return FrameProducer(std::make_shared<detail::FrameProducerLink>(group, std::move(frame)));
}

void GroupProducer::finish() {
  const auto group = link_->group;
  group->finish();
}

void GroupProducer::abort(uint64_t code) {
  const auto group = link_->group;
  group->abort(code);
}

}  // namespace moq

#include <span>

#include "model/concat.h"
#include "model/group_state.h"
#include "moq/group.h"

namespace moq {

GroupConsumer::GroupConsumer(std::shared_ptr<detail::GroupState> group) : group_(std::move(group)) {}

uint64_t GroupConsumer::sequence() const { return group_->sequence; }

Poll<Bytes> GroupConsumer::read_frame() {
  group_->throw_if_aborted();
  if (next_frame_ < group_->frames.size()) {
    const detail::FrameState& frame = *group_->frames[next_frame_];
    if (!frame.complete()) {
      return Poll<Bytes>::pending();
    }
    ++next_frame_;
    return Poll<Bytes>::ready(detail::concat(frame.chunks.span()));
  }
  return group_->finished ? Poll<Bytes>::end() : Poll<Bytes>::pending();
}

Poll<FrameConsumer> GroupConsumer::next_frame() {
  group_->throw_if_aborted();
  if (next_frame_ < group_->frames.size()) {
    return Poll<FrameConsumer>::ready(FrameConsumer(group_->frames[next_frame_++]));
  }
  return group_->finished ? Poll<FrameConsumer>::end() : Poll<FrameConsumer>::pending();
}

void GroupConsumer::on_change(std::function<void()> callback) {
  callback_ = ChangeNotifier::listen(std::shared_ptr<ChangeNotifier>(group_, &group_->notifier),
                                     std::move(callback));
}

}  // namespace moq

#include "model/group_state.h"

#include <string>

#include "moq/error.h"

namespace moq::detail {

void GroupState::throw_if_aborted() const {
  if (abort_code) {
    throw Error(*abort_code, "group " + std::to_string(sequence) + " aborted: " + code_name(*abort_code));
  }
}

void GroupState::check_can_start_frame() {
  throw_if_aborted();
  if (finished) {
    throw Error(code::protocol_violation, "write to finished group " + std::to_string(sequence));
  }
  if (!frames.empty() && !frames.back()->complete()) {
    fail_wrong_size("a new frame started before the previous one was complete");
  }
}

void GroupState::fail_wrong_size(const char* what) {
  abort(code::wrong_size);
  throw Error(code::wrong_size, "group " + std::to_string(sequence) + ": " + what);
}

void GroupState::add_bytes(uint64_t count) {
  bytes += count;
  if (cache_bytes) *cache_bytes += count;
}

std::shared_ptr<FrameState> GroupState::create_frame(uint64_t size) {
  check_can_start_frame();
  auto frame = std::make_shared<FrameState>(size);
  frames.push_back(frame);
  notifier.notify();
  return frame;
}

void GroupState::write_frame(Bytes payload) {
  check_can_start_frame();
  auto frame = std::make_shared<FrameState>(payload.size());
  frame->written = payload.size();
  add_bytes(payload.size());
  if (!payload.empty()) {
    frame->chunks.push_back(std::move(payload));
  }
  frames.push_back(std::move(frame));
  notifier.notify();
}

void GroupState::write_chunk(FrameState& frame, Bytes chunk) {
  throw_if_aborted();
  if (chunk.size() > frame.size - frame.written) {
    if (finished) {
      throw Error(code::wrong_size, "frame overflow in finished group " + std::to_string(sequence));
    }
    fail_wrong_size("frame overflows its declared size");
  }
  if (chunk.empty()) {
    return;
  }
  frame.written += chunk.size();
  add_bytes(chunk.size());
  frame.chunks.push_back(std::move(chunk));
  const bool completed = frame.complete();
  frame.notifier.notify();
  if (completed) {
    notifier.notify();
  }
}

void GroupState::finish_frame(FrameState& frame) {
  throw_if_aborted();
  if (!frame.complete()) {
    fail_wrong_size("frame finished short of its declared size");
  }
}

void GroupState::finish() {
  throw_if_aborted();
  if (finished) {
    return;
  }
  if (!frames.empty() && !frames.back()->complete()) {
    fail_wrong_size("group finished inside an incomplete frame");
  }
  finished = true;
  notifier.notify();
}

void GroupState::abort(uint64_t code) {
  if (ended()) {
    return;
  }
  abort_code = code;
  // Only the last frame can be incomplete: a new frame needs the previous one complete.
  std::shared_ptr<FrameState> cut;
  if (!frames.empty() && !frames.back()->complete()) {
    cut = frames.back();
    cut->abort_code = code;
  }
  if (cut) {
    cut->notifier.notify();
  }
  notifier.notify();
}

GroupProducerLink::~GroupProducerLink() {
  if (!group->ended()) {
    group->abort(code::cancel);
  }
}

FrameProducerLink::~FrameProducerLink() {
  if (!frame->complete() && !group->ended()) {
    group->abort(code::wrong_size);
  }
}

}  // namespace moq::detail

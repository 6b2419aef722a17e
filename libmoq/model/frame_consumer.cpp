#include <span>
#include <string>

#include "model/concat.h"
#include "model/frame_state.h"
#include "moq/error.h"
#include "moq/frame.h"

namespace moq {

namespace {

void throw_if_cut(const detail::FrameState& frame) {
  if (frame.abort_code) {
    throw Error(*frame.abort_code, "frame cut short: " + code_name(*frame.abort_code));
  }
}

}  // namespace

FrameConsumer::FrameConsumer(std::shared_ptr<detail::FrameState> frame) : frame_(std::move(frame)) {}

uint64_t FrameConsumer::size() const { return frame_->size; }

Poll<Bytes> FrameConsumer::read() {
  throw_if_cut(*frame_);
  if (next_chunk_ < frame_->chunks.size()) {
    return Poll<Bytes>::ready(frame_->chunks[next_chunk_++]);
  }
  return frame_->complete() ? Poll<Bytes>::end() : Poll<Bytes>::pending();
}

Poll<Bytes> FrameConsumer::read_all() {
  throw_if_cut(*frame_);
  if (!frame_->complete()) {
    return Poll<Bytes>::pending();
  }
  if (read_all_done_) {
    return Poll<Bytes>::end();
  }
  const auto& chunks = frame_->chunks;
  Bytes rest = detail::concat(chunks.span().subspan(next_chunk_));
  next_chunk_ = chunks.size();
  read_all_done_ = true;
  return Poll<Bytes>::ready(std::move(rest));
}

void FrameConsumer::on_change(std::function<void()> callback) {
  callback_ = ChangeNotifier::listen(std::shared_ptr<ChangeNotifier>(frame_, &frame_->notifier),
                                     std::move(callback));
}

}  // namespace moq

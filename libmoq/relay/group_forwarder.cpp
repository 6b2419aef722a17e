#include "group_forwarder.h"

#include <utility>

#include "moq/error.h"

namespace moq::relay {

GroupForwarder::GroupForwarder(GroupConsumer in, GroupProducer out, uint64_t& bytes_in,
                               std::function<void()> on_done)
    : in_(std::move(in)), out_(std::move(out)), bytes_in_(bytes_in), on_done_(std::move(on_done)) {}

void GroupForwarder::start() {
  // The callbacks belong to handles this object owns, so they never outlive it.
  in_.on_change([this] { pump(); });
  pump();
}

void GroupForwarder::pump() {
  try {
    for (;;) {
      if (frame_in_ && !forward_frame()) return;
      Poll<FrameConsumer> next = in_.next_frame();
      if (next.is_pending()) return;
      if (next.is_end()) {
        out_.finish();
        done();
        return;
      }
      frame_in_ = std::move(next).value();
      Poll<Bytes> first = frame_in_->read();
      if (!first.is_pending() && (first.is_end() || first.value().size() == frame_in_->size())) {
        // Here whole (the usual case for small frames): written as one, so each subscriber's
        // writer is woken once and registers no callback on the frame.
        Bytes payload = first.is_end() ? Bytes() : std::move(first).value();
        bytes_in_ += payload.size();
        out_.write_frame(std::move(payload));
        frame_in_.reset();
        continue;
      }
      frame_out_ = out_.create_frame(frame_in_->size());
      if (first.is_ready()) {
        bytes_in_ += first.value().size();
        frame_out_->write(std::move(first).value());
      }
      frame_in_->on_change([this] { pump(); });
    }
  } catch (const Error& error) {
    // The publisher's group was aborted (or its session lost): so is the relayed one.
    out_.abort(error.code());
    done();
  }
}

bool GroupForwarder::forward_frame() {
  for (;;) {
    Poll<Bytes> chunk = frame_in_->read();
    if (chunk.is_pending()) return false;
    if (chunk.is_end()) {
      frame_out_->finish();
      frame_in_.reset();
      frame_out_.reset();
      return true;
    }
    bytes_in_ += chunk.value().size();
    frame_out_->write(std::move(chunk).value());
  }
}

void GroupForwarder::done() {
  // on_done may destroy this object, and with it on_done_ itself: call a copy on the stack.
  auto on_done = std::move(on_done_);
  if (on_done) on_done();
}

}  // namespace moq::relay

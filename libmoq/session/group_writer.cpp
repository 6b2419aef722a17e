#include "group_writer.h"

#include <algorithm>
#include <utility>

#include "moq/wire/group.h"
#include "moq/wire/writer.h"

namespace moq::session {

int64_t group_priority(int8_t track_priority, bool descending, uint64_t sequence) {
  constexpr uint64_t max_sequence = (uint64_t{1} << 54) - 1;
  uint64_t clamped = std::min(sequence, max_sequence);
  uint64_t within_track = descending ? clamped : max_sequence - clamped;
  uint64_t track = static_cast<uint64_t>(int64_t{track_priority} + 128);
  return static_cast<int64_t>((track << 54) | within_track);
}

GroupWriter::GroupWriter(std::shared_ptr<SendStream> stream, GroupConsumer group, uint64_t skip_frames)
    : stream_(std::move(stream)), group_(std::move(group)), skip_frames_(skip_frames) {}

std::function<void()> GroupWriter::pump_callback() {
  return [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->pump();
  };
}

void GroupWriter::start(Bytes header, std::function<void()> on_end) {
  on_end_ = std::move(on_end);
  std::weak_ptr<GroupWriter> weak = weak_from_this();
  stream_->on_writable(pump_callback());
  stream_->on_acked([weak] {
    if (auto self = weak.lock()) self->on_acked();
  });
  stream_->on_ack_progress([weak] {
    if (auto self = weak.lock()) self->report_unacked(self->stream_->unacked());
  });
  stream_->on_stopped([weak](uint64_t code) {
    if (auto self = weak.lock()) self->on_stopped(code);
  });
  group_.on_change(pump_callback());
  if (!header.empty()) stream_->write(std::move(header));
  pump();
}

void GroupWriter::on_unacked(std::function<void(uint64_t before, uint64_t after)> callback) {
  on_unacked_ = std::move(callback);
}

void GroupWriter::pump() {
  if (over_) return;
  auto self = shared_from_this();  // an end callback may drop the owner's reference
  write_available();
  report_unacked(stream_->unacked());
}

void GroupWriter::write_available() {
  try {
    while (stream_->writable()) {
      if (frame_) {
        Poll<Bytes> chunk = frame_->read();
        if (chunk.is_pending()) return;
        if (chunk.is_end()) {
          frame_.reset();
        } else {
          stream_->write(std::move(chunk).value());
        }
        continue;
      }
      Poll<FrameConsumer> next = group_.next_frame();
      if (next.is_pending()) return;
      if (next.is_end()) {
        over_ = true;  // only the acknowledgement is left
        stream_->finish();
        return;
      }
      if (skip_frames_ > 0) {
        --skip_frames_;
        continue;
      }
      frame_ = std::move(next).value();
      wire::Writer writer;
      encode(writer, wire::FrameHeader{frame_->size()});
      stream_->write(writer.finish());
      frame_->on_change(pump_callback());
    }
  } catch (const Error& error) {
    end_with_reset(error.code());
  }
}

void GroupWriter::report_unacked(uint64_t unacked) {
  if (unacked == reported_unacked_) return;
  const uint64_t before = std::exchange(reported_unacked_, unacked);
  if (on_unacked_) on_unacked_(before, unacked);
}

void GroupWriter::on_acked() {
  report_unacked(0);
  if (auto on_end = std::exchange(on_end_, nullptr)) on_end();
}

void GroupWriter::on_stopped(uint64_t) { end_with_reset(code::cancel); }

void GroupWriter::end_with_reset(uint64_t code) {
  auto on_end = std::exchange(on_end_, nullptr);
  reset(code);
  if (on_end) on_end();
}

void GroupWriter::reset(uint64_t code) {
  over_ = true;
  frame_.reset();
  on_end_ = nullptr;
  stream_->reset(code);
  report_unacked(0);
}

}  // namespace moq::session

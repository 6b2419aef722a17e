#pragma once
// Writes one group to a send stream: frames in the group-stream encoding (size, then payload)
// as they arrive, each chunk as the very Bytes the producer stored, then FIN. Nothing more is
// pulled from the group while the stream is not writable, so a slow peer holds back only what
// the model keeps anyway.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "moq/bytes.h"
#include "moq/connection.h"
#include "moq/group.h"

namespace moq::session {

// Stream priority of a group: track priority first, then group order (newest first when
// descending), so under congestion the newest group of the most important track goes first.
int64_t group_priority(int8_t track_priority, bool descending, uint64_t sequence);

class GroupWriter : public std::enable_shared_from_this<GroupWriter> {
 public:
  // skip_frames: frames at the start of the group that are not sent (a fetch's offset).
  GroupWriter(std::shared_ptr<SendStream> stream, GroupConsumer group, uint64_t skip_frames = 0);

  // Writes header (if any), then the group. on_end is called once, when the stream is over:
  // everything acknowledged, or reset because the group was aborted or the peer stopped it.
  void start(Bytes header, std::function<void()> on_end);
  // Abandons the stream with code; on_end is not called.
  void reset(uint64_t code);
  // Called with the previous and the new figure whenever the stream's unacknowledged bytes
  // changed: after writing, on acknowledgements, and to 0 once the stream is over (acknowledged
  // or reset), so that an owner can keep a running total. Set before start().
  void on_unacked(std::function<void(uint64_t before, uint64_t after)> callback);

  SendStream& stream() { return *stream_; }
  // When a newer group of the same subscription started (for expiry).
  std::optional<std::chrono::steady_clock::time_point> superseded_at;

 private:
  void pump();
  void write_available();
  void report_unacked(uint64_t unacked);
  void on_acked();
  void on_stopped(uint64_t code);
  void end_with_reset(uint64_t code);
  std::function<void()> pump_callback();

  std::shared_ptr<SendStream> stream_;
  GroupConsumer group_;
  uint64_t skip_frames_;
  std::optional<FrameConsumer> frame_;
  std::function<void()> on_end_;
  std::function<void(uint64_t, uint64_t)> on_unacked_;
  uint64_t reported_unacked_ = 0;
  bool over_ = false;
};

}  // namespace moq::session

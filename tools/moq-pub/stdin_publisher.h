#pragma once
// stdin -> frames -> groups -> the track. Reads only while the gate allows (subscribers close
// enough behind) and keeps at most one chunk's frames waiting, so memory stays bounded.

#include <deque>
#include <functional>
#include <optional>

#include "framing.h"
#include "grouping.h"
#include "input_reader.h"
#include "moq/event_loop.h"
#include "moq/group.h"
#include "moq/track.h"

namespace moq::pub {

class StdinPublisher {
 public:
  // may_write: whether another frame may go out now. on_finished: the track is finished.
  StdinPublisher(EventLoop& loop, TrackProducer track, Framing framing, Grouping grouping,
                 std::function<bool()> may_write, std::function<void()> on_finished);

  void start();
  bool started() const noexcept { return reader_.has_value() || finished_; }
  // Ctrl-C: stops reading, finishes the current group and the track.
  void interrupt();
  bool finished() const noexcept { return finished_; }
  // Payload bytes written into the track so far.
  uint64_t produced() const noexcept { return produced_; }
  // Re-checks the gate (called when subscribers progress).
  void drain();
  // Finishes the current group, so the next frame starts a new one (after a reconnection).
  void end_group() { finish_group(); }
  // The sequence the next group will have.
  uint64_t next_group() const {
    auto latest = track_.latest_sequence();
    return latest ? *latest + (group_ ? 0 : 1) : 0;
  }

 private:
  void write(Bytes frame);
  void finish_group();
  void finish_track();

  EventLoop& loop_;
  TrackProducer track_;
  Framer framer_;
  Grouper grouper_;
  std::function<bool()> may_write_;
  std::function<void()> on_finished_;
  std::optional<tool::InputReader> reader_;
  std::optional<GroupProducer> group_;
  std::deque<Bytes> waiting_;
  EventLoop::Timer recheck_;
  bool input_ended_ = false;
  bool finished_ = false;
  uint64_t produced_ = 0;
};

}  // namespace moq::pub

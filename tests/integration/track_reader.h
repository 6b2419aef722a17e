#pragma once
// Reads a subscribed track to the end, counting what arrives: frames and bytes per group, groups
// reported dropped, and the order groups came in. For tests that only watch delivery.

#include <cstdint>
#include <list>
#include <optional>
#include <vector>

#include "moq/error.h"
#include "moq/track.h"

namespace moq::test {

class TrackReader {
 public:
  explicit TrackReader(TrackConsumer track);
  TrackReader(const TrackReader&) = delete;
  TrackReader& operator=(const TrackReader&) = delete;

  uint64_t bytes() const { return bytes_; }
  uint64_t frames() const { return frames_; }
  const std::vector<uint64_t>& group_sequences() const { return sequences_; }
  uint64_t dropped_groups() const { return dropped_; }
  bool ended() const { return ended_; }
  const std::optional<Error>& failure() const { return failure_; }

 private:
  void poll_track();
  void poll_groups();

  TrackConsumer track_;
  std::list<GroupConsumer> groups_;
  std::vector<uint64_t> sequences_;
  uint64_t bytes_ = 0;
  uint64_t frames_ = 0;
  uint64_t dropped_ = 0;
  bool ended_ = false;
  std::optional<Error> failure_;
};

}  // namespace moq::test

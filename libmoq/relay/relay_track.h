#pragma once
// The relay's copy of one track: what every downstream subscriber of the path consumes, fed by
// one upstream subscription on the publisher's session (or waiting for a publisher to appear).

#include <cstdint>
#include <memory>
#include <optional>

#include "moq/event_loop.h"
#include "moq/track.h"

namespace moq::relay {

class RelayTrack {
 public:
  RelayTrack(Track track, const TrackOptions& options, uint64_t generation, GroupRange upstream_range)
      : producer(std::move(track), options), generation(generation), upstream_range(upstream_range) {}

  TrackProducer producer;
  // Distinguishes this track from a later one at the same path, for deferred work.
  uint64_t generation;
  // Where the upstream subscription starts: the range of the subscriber that created the track.
  GroupRange upstream_range;
  std::optional<TrackConsumer> upstream;
  // The publisher the upstream subscription is on, and whether it is a cluster root
  // (RelayOrigin::add_upstream).
  std::optional<uint64_t> publisher;
  bool from_cluster = false;
  // Armed while waiting for a publisher; ends the track with 13 when it fires.
  std::unique_ptr<EventLoop::Timer> wait;
};

}  // namespace moq::relay

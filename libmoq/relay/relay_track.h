#pragma once
// The relay's copy of one track: what every downstream subscriber of the path consumes, fed by
// one upstream subscription on the publisher's session (or waiting for a publisher to appear).

#include <cstdint>
#include <memory>
#include <optional>

#include "moq/event_loop.h"
#include "moq/track.h"

namespace moq::relay {

// The upstream subscription and the relay's demand on it: its consumer is busy while no
// subscriber of the relayed track wants more (every one is behind), which holds the publisher's
// new groups back. Shared with the forwarders of its groups, so that after the publisher finished
// the track, groups whose data still waits keep following the demand until they are forwarded.
class Upstream {
 public:
  Upstream(TrackProducer relayed, TrackConsumer consumer)
      : relayed_(std::move(relayed)), consumer_(std::move(consumer)) {
    // The callback belongs to a handle this object owns.
    relayed_.on_wanted([this] { follow_demand(); });
    follow_demand();
  }
  Upstream(const Upstream&) = delete;
  Upstream& operator=(const Upstream&) = delete;

  // Null once released.
  TrackConsumer* consumer() { return consumer_ ? &*consumer_ : nullptr; }
  // Drops the consumer now, which ends the upstream subscription, whoever still shares this.
  void release() { consumer_.reset(); }

 private:
  void follow_demand() {
    if (consumer_) consumer_->set_busy(!relayed_.wanted());
  }

  TrackProducer relayed_;  // a handle of the relay's own track, for its demand
  std::optional<TrackConsumer> consumer_;
};

class RelayTrack {
 public:
  RelayTrack(Track track, const TrackOptions& options, uint64_t generation, GroupRange upstream_range)
      : producer(std::move(track), options), generation(generation), upstream_range(upstream_range) {}

  TrackProducer producer;
  // Distinguishes this track from a later one at the same path, for deferred work.
  uint64_t generation;
  // Where the upstream subscription starts: the range of the subscriber that created the track.
  GroupRange upstream_range;
  std::shared_ptr<Upstream> upstream;
  // The publisher the upstream subscription is on, and whether it is a cluster root
  // (RelayOrigin::add_upstream).
  std::optional<uint64_t> publisher;
  bool from_cluster = false;
  // Armed while waiting for a publisher; ends the track with 13 when it fires.
  std::unique_ptr<EventLoop::Timer> wait;
};

}  // namespace moq::relay

#pragma once
// The shared state of one broadcast: its tracks by name. The broadcast holds a producer handle
// of each track, so a listed track stays alive until it is removed or the broadcast ends.

#include <cstdint>
#include <map>
#include <memory>

#include "moq/change_notifier.h"
#include "moq/path.h"
#include "moq/track.h"

namespace moq::detail {

struct BroadcastState {
  explicit BroadcastState(Path prefix) : prefix(std::move(prefix)) {}

  struct Entry {
    TrackProducer producer;
    uint64_t generation;  // tells a track from a later one created under the same name
  };

  // Removes every track and notifies consumers.
  void end();

  const Path prefix;
  std::map<Path, Entry> tracks;
  uint64_t next_generation = 0;
  bool ended = false;
  ChangeNotifier notifier;
};

// One per set of BroadcastProducer copies: the last copy going away ends the broadcast.
struct BroadcastProducerLink {
  explicit BroadcastProducerLink(std::shared_ptr<BroadcastState> state) : state(std::move(state)) {}
  BroadcastProducerLink(const BroadcastProducerLink&) = delete;
  BroadcastProducerLink& operator=(const BroadcastProducerLink&) = delete;
  ~BroadcastProducerLink() { state->end(); }

  const std::shared_ptr<BroadcastState> state;
};

}  // namespace moq::detail

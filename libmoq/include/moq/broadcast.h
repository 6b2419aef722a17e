#pragma once
// A broadcast: a named set of tracks under a common path prefix, announced together.
// Track names are paths relative to the prefix.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "moq/change_notifier.h"
#include "moq/path.h"
#include "moq/poll.h"
#include "moq/track.h"

namespace moq {

// One change in the set of tracks, as an announce stream carries it (values match the wire).
struct Announcement {
  enum class Kind : uint8_t { ended = 0, active = 1, live = 2 };
  Kind kind;
  Path name;  // relative to the prefix; empty for live
  friend bool operator==(const Announcement&, const Announcement&) = default;
};

namespace detail {
struct BroadcastState;
struct BroadcastProducerLink;
}  // namespace detail

class BroadcastConsumer;

// Creates and removes the tracks of a broadcast. Copies share it. Destroying the last handle
// ends the broadcast: every track is removed.
class BroadcastProducer {
 public:
  explicit BroadcastProducer(Path prefix);

  const Path& prefix() const;
  // A new track; track.path is its name within the broadcast, and the producer's track().path
  // is prefix ++ name. The broadcast keeps a handle until the track is removed. Throws
  // moq::Error(12) if the name is taken.
  TrackProducer create_track(Track track, TrackOptions options = {});
  // Drops the broadcast's handle: unless the caller still holds one, the track is cancelled
  // (its consumers throw moq::Error(0)). Throws moq::Error(13) for an unknown name.
  void remove_track(const Path& name);
  BroadcastConsumer consume();

 private:
  std::shared_ptr<detail::BroadcastProducerLink> link_;
};

// Finds the tracks of a broadcast and follows its changes. Copies have their own position in
// the announcement sequence.
class BroadcastConsumer {
 public:
  const Path& prefix() const;
  // A consumer of the named track (see TrackConsumer for range); nullopt if there is none.
  std::optional<TrackConsumer> get_track(const Path& name, GroupRange range = {});
  // Current track names, sorted.
  std::vector<Path> track_names() const;
  // Active for each track that exists, then live once, then active/ended as tracks come and go
  // (a track replaced under the same name shows as ended then active). After the broadcast
  // ends: ended for each track announced, then end.
  Poll<Announcement> next_announcement();
  // Called when next_announcement() might return something new. Replaces the previous one.
  void on_change(std::function<void()> callback);

 private:
  friend class BroadcastProducer;
  explicit BroadcastConsumer(std::shared_ptr<detail::BroadcastState> state);
  std::shared_ptr<detail::BroadcastState> state_;
  std::map<Path, uint64_t> announced_;  // name -> generation of the track announced
  bool live_sent_ = false;
  ChangeCallback callback_;
};

}  // namespace moq

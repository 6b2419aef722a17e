#pragma once
// What a session serves to its peer: tracks by path, and announcements under a prefix. A
// session asks its origin for every subscribe, info, fetch and announce stream the peer opens.
//
// LocalOrigin serves broadcasts and tracks published in this process. A relay implements
// Origin itself: it may answer a path nobody published yet with a consumer it feeds later (or
// aborts with 13 when nothing turns up — a track's abort code becomes the subscribe stream's
// reset code), and it may merge the announcements of many sessions into one AnnouncedConsumer.

#include <map>
#include <memory>
#include <optional>

#include "moq/announced.h"
#include "moq/broadcast.h"
#include "moq/path.h"
#include "moq/track.h"

namespace moq {

class Origin {
 public:
  virtual ~Origin() = default;
  // A consumer of the track at path reading range; nullopt if unknown (the peer sees 13).
  virtual std::optional<TrackConsumer> track(const Path& path, GroupRange range) = 0;
  // The tracks under prefix: active for each, live once the initial set is complete, then
  // changes. Names are relative to prefix.
  virtual AnnouncedConsumer announced(const Path& prefix) = 0;
};

// Serves what is published here: each broadcast's tracks under its prefix, each track under its
// path, announced while they exist.
class LocalOrigin final : public Origin {
 public:
  LocalOrigin();

  // Serves the broadcast's tracks, following its announcements until it ends.
  void publish(BroadcastConsumer broadcast);
  // Serves the track under track().path until it finishes or aborts. Throws moq::Error(12) if
  // something is published under that path already.
  void publish(TrackConsumer track);

  std::optional<TrackConsumer> track(const Path& path, GroupRange range) override;
  AnnouncedConsumer announced(const Path& prefix) override;

 private:
  struct Published;
  void add(std::shared_ptr<Published> published);
  void poll(uint64_t id);
  void remove(uint64_t id);

  AnnouncedProducer announced_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, std::shared_ptr<Published>> published_;
};

}  // namespace moq

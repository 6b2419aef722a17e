#include <set>
#include <utility>
#include <variant>
#include <vector>

#include "group_forwarder.h"
#include "moq/relay.h"
#include "relay_track.h"

namespace moq {
namespace {

// The upstream subscription feeds a strict-order track, which hands out group N+1 only after N:
// it asks for the oldest group first. Newest first (the Track default) would let every new group
// take the publisher's bandwidth ahead of the one the track waits for, so at full rate the
// relay forwarded nothing until its backlog bound gave the waiting groups up.
Track upstream_request(Track track) {
  track.group_order = GroupOrder::ascending;
  return track;
}

}  // namespace

struct RelayOrigin::Publisher {
  uint64_t id;
  AnnouncedConsumer announcements;
  Subscribe subscribe;
  std::function<void(const Error&)> on_refused;
  MayPublish may_publish;
  bool upstream = false;
  std::set<Path> paths;
};

RelayOrigin::RelayOrigin(EventLoop& loop, RelayOriginOptions options) : loop_(loop), options_(std::move(options)) {
  // The relay's set is complete at every moment: what publishers announced so far.
  announced_.live();
  local_announced_.live();
}

RelayOrigin::~RelayOrigin() = default;

void RelayOrigin::log(RelayLogLevel level, const std::string& line) const {
  if (options_.log) options_.log(level, line);
}

void RelayOrigin::add_publisher(uint64_t id, AnnouncedConsumer announcements, Subscribe subscribe,
                                std::function<void(const Error&)> on_refused, MayPublish may_publish) {
  auto publisher = std::make_unique<Publisher>(Publisher{id, std::move(announcements), std::move(subscribe),
                                                         std::move(on_refused), std::move(may_publish), false, {}});
  // The callback belongs to a handle the publisher entry owns: it never outlives this origin.
  publisher->announcements.on_change([this, id] { pump_announcements(id); });
  publishers_[id] = std::move(publisher);
  pump_announcements(id);
}

void RelayOrigin::add_upstream(uint64_t id, AnnouncedConsumer announcements, Subscribe subscribe) {
  auto publisher =
      std::make_unique<Publisher>(Publisher{id, std::move(announcements), std::move(subscribe), nullptr, nullptr, true, {}});
  publisher->announcements.on_change([this, id] { pump_announcements(id); });
  publishers_[id] = std::move(publisher);
  pump_announcements(id);
}

void RelayOrigin::remove_publisher(uint64_t id, uint64_t code) {
  // Its announce stream may have ended first (the session closing): the tracks still wait.
  if (auto it = publishers_.find(id); it != publishers_.end()) {
    auto publisher = std::move(it->second);
    publishers_.erase(it);
    for (const Path& path : std::set<Path>(publisher->paths)) unannounce(*publisher, path);
  }
  if (code == code::cancel) return;
  std::vector<std::pair<Path, uint64_t>> lost;
  for (const auto& [path, track] : tracks_) {
    if (track->publisher == id) lost.emplace_back(path, track->generation);
  }
  for (const auto& [path, generation] : lost) end_track(path, generation, code);
}

void RelayOrigin::pump_announcements(uint64_t id) {
  for (;;) {
    auto it = publishers_.find(id);
    if (it == publishers_.end()) return;
    Publisher& publisher = *it->second;
    std::optional<Poll<Announcement>> next;
    try {
      next = publisher.announcements.next();
    } catch (const Error&) {
      // The announce stream failed (usually: the session is closing).
      remove_publisher(id);
      return;
    }
    if (next->is_pending()) return;
    if (next->is_end()) {
      remove_publisher(id);
      return;
    }
    const Announcement& change = next->value();
    if (change.kind == Announcement::Kind::active) {
      auto owner = owners_.find(change.name);
      // The root echoes what this node published; a local publisher wins.
      if (publisher.upstream && owner != owners_.end()) continue;
      std::optional<Error> refusal;
      if (publisher.may_publish && !publisher.may_publish(change.name)) {
        refusal = Error(code::required_extension, "token does not allow publishing " + change.name.to_string());
      } else if (owner != owners_.end() && owner->second != id) {
        refusal = Error(code::duplicate, change.name.to_string() + " is already published by session " +
                                             std::to_string(owner->second));
        ++counters_.duplicates_refused;
      }
      if (refusal) {
        log(RelayLogLevel::warn, "session " + std::to_string(id) + ": refused: " + refusal->what());
        auto on_refused = std::move(publisher.on_refused);
        remove_publisher(id);
        if (on_refused) on_refused(*refusal);
        return;
      }
      if (owner == owners_.end()) announce(publisher, change.name);
    } else if (change.kind == Announcement::Kind::ended) {
      if (publisher.paths.contains(change.name)) unannounce(publisher, change.name);
    }
  }
}

void RelayOrigin::announce(Publisher& publisher, const Path& path) {
  owners_[path] = publisher.id;
  publisher.paths.insert(path);
  announced_.announce(path);
  if (!publisher.upstream) local_announced_.announce(path);
  log(RelayLogLevel::info, "session " + std::to_string(publisher.id) + ": announced " + path.to_string());
  auto track = tracks_.find(path);
  if (track != tracks_.end() && !track->second->upstream) attach(*track->second, publisher);
}

void RelayOrigin::unannounce(Publisher& publisher, const Path& path) {
  owners_.erase(path);
  publisher.paths.erase(path);
  announced_.unannounce(path);
  if (!publisher.upstream) local_announced_.unannounce(path);
  log(RelayLogLevel::info, "session " + std::to_string(publisher.id) + ": unannounced " + path.to_string());
  // A track being relayed ends with its upstream subscription, which the publisher ends.
}

std::optional<TrackConsumer> RelayOrigin::track(const Path& path, GroupRange range) {
  auto it = tracks_.find(path);
  if (it == tracks_.end()) {
    auto owner = owners_.find(path);
    if (owner == owners_.end() && options_.subscribe_wait.count() == 0) return std::nullopt;
    uint64_t generation = next_generation_++;
    auto track = std::make_unique<relay::RelayTrack>(Track{.path = path}, options_.track_options, generation,
                                                     GroupRange{.min = range.min, .max = std::nullopt});
    std::weak_ptr<RelayOrigin> weak = weak_from_this();
    track->producer.on_unused([weak, path, generation, &loop = loop_] {
      // Deferred: this runs while a session tears a subscription down.
      loop.post([weak, path, generation] {
        if (auto self = weak.lock()) self->release_if_unused(path, generation);
      });
    });
    // Consumed before attaching: an upstream that fails at once ends (and removes) the track.
    TrackConsumer consumer = track->producer.consume(range);
    it = tracks_.emplace(path, std::move(track)).first;
    if (owner != owners_.end()) {
      attach(*it->second, *publishers_.at(owner->second));
    } else {
      log(RelayLogLevel::debug, "waiting for a publisher of " + path.to_string());
      it->second->wait = std::make_unique<EventLoop::Timer>(loop_, [this, path, generation] {
        log(RelayLogLevel::info, "nobody published " + path.to_string() + " in time");
        end_track(path, generation, code::not_found);
      });
      it->second->wait->arm_after(options_.subscribe_wait);
    }
    return consumer;
  }
  return it->second->producer.consume(range);
}

void RelayOrigin::attach(relay::RelayTrack& track, Publisher& publisher) {
  Path path = track.producer.track().path;
  uint64_t generation = track.generation;
  track.wait.reset();
  try {
    track.publisher = publisher.id;
    track.from_cluster = publisher.upstream;
    track.upstream = std::make_shared<relay::Upstream>(
        track.producer, publisher.subscribe(upstream_request(track.producer.track()), track.upstream_range));
    ++counters_.upstream_subscribed;
  } catch (const Error& error) {
    end_track(path, generation, error.code());
    return;
  }
  log(RelayLogLevel::debug, "session " + std::to_string(publisher.id) + ": upstream subscription to " + path.to_string());
  // The callback belongs to a handle this origin owns (through the track or its forwarders).
  track.upstream->consumer()->on_change([this, path, generation] { pump_upstream(path, generation); });
  pump_upstream(path, generation);
}

relay::RelayTrack* RelayOrigin::find_track(const Path& path, uint64_t generation) {
  auto it = tracks_.find(path);
  if (it == tracks_.end() || it->second->generation != generation) return nullptr;
  return it->second.get();
}

void RelayOrigin::pump_upstream(const Path& path, uint64_t generation) {
  for (;;) {
    relay::RelayTrack* track = find_track(path, generation);
    if (!track || !track->upstream) return;
    std::optional<Poll<TrackConsumer::Item>> next;
    try {
      next = track->upstream->consumer()->next_group();
    } catch (const Error& error) {
      if (error.code() != code::cancel) {
        end_track(path, generation, error.code());
        return;
      }
      // A reset with 0 is also how the streams of a dying connection end: the session's close
      // code, which remove_publisher applies, comes in the same turn and takes precedence.
      loop_.post([weak = weak_from_this(), path, generation] {
        if (auto self = weak.lock()) self->end_track(path, generation, code::cancel);
      });
      return;
    }
    if (next->is_pending()) return;
    if (next->is_end()) {
      // Not released with the track: groups whose data still comes keep the demand (Upstream).
      auto upstream = std::move(track->upstream);
      end_track(path, generation, std::nullopt);
      return;
    }
    auto& item = next->value();
    if (auto* dropped = std::get_if<GroupsDropped>(&item)) {
      counters_.groups_dropped_in += dropped->count;
      // Passed on, so that subscribers learn of the gap as the publisher reported it.
      try {
        track->producer.drop_groups(dropped->first, dropped->count, dropped->code);
      } catch (const Error&) {
        // groups the relay already has, or a track already ended: nothing to report
      }
      continue;
    }
    GroupConsumer in = std::move(std::get<GroupConsumer>(item));
    std::optional<GroupProducer> out;
    try {
      out = track->producer.create_group(in.sequence());
    } catch (const Error&) {
      continue;  // a sequence the relay has already: nothing new to forward
    }
    ++counters_.groups_in;
    uint64_t id = next_group_++;
    auto forwarder = std::make_unique<relay::GroupForwarder>(
        std::move(in), std::move(*out), counters_.bytes_in, [this, id, upstream = track->upstream] { groups_.erase(id); });
    auto& started = *groups_.emplace(id, std::move(forwarder)).first->second;
    started.start();
  }
}

void RelayOrigin::end_track(const Path& path, uint64_t generation, std::optional<uint64_t> code) {
  auto it = tracks_.find(path);
  if (it == tracks_.end() || it->second->generation != generation) return;
  auto track = std::move(it->second);
  tracks_.erase(it);
  // A publisher that leaves (cancelled) ends its tracks as cleanly as one that finishes them;
  // a cluster root that goes away has not ended anything: its subscribers learn of the loss.
  if (code && *code == code::cancel && track->from_cluster) code = code::transport;
  if (!code || *code == code::cancel) {
    log(RelayLogLevel::debug, "track " + path.to_string() + " ended");
    try {
      track->producer.finish();
    } catch (const Error&) {
      // already aborted: its consumers have their code
    }
  } else {
    log(RelayLogLevel::debug, "track " + path.to_string() + " ended with " + code_name(*code));
    track->producer.abort(*code);
  }
  // Ends the upstream subscription now, even while forwarders share it.
  if (track->upstream) track->upstream->release();
}

void RelayOrigin::release_if_unused(const Path& path, uint64_t generation) {
  relay::RelayTrack* track = find_track(path, generation);
  if (!track || track->producer.consumer_count() > 0) return;
  log(RelayLogLevel::debug, "no subscriber left for " + path.to_string());
  // Dropping the upstream consumer ends the upstream subscription (FIN).
  end_track(path, generation, std::nullopt);
}

AnnouncedConsumer RelayOrigin::announced(const Path& prefix) { return announced_.consume(prefix); }

std::optional<TrackConsumer> RelayOrigin::local_track(const Path& path, GroupRange range) {
  auto owner = owners_.find(path);
  if (owner == owners_.end() || publishers_.at(owner->second)->upstream) return std::nullopt;
  return track(path, range);
}

AnnouncedConsumer RelayOrigin::local_announced(const Path& prefix) { return local_announced_.consume(prefix); }

RelayStats RelayOrigin::stats() const {
  RelayStats stats = counters_;
  stats.tracks = owners_.size();
  for (const auto& [path, track] : tracks_) {
    stats.subscribers += track->producer.consumer_count();
    if (track->upstream) {
      ++stats.upstream_subscriptions;
    } else {
      ++stats.waiting_subscriptions;
    }
  }
  return stats;
}

}  // namespace moq

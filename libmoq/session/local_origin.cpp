#include <algorithm>
#include <utility>
#include <vector>

#include "moq/error.h"
#include "moq/origin.h"

namespace moq {

// One publication: a broadcast whose announcements are followed, or a track with a consumer
// that only watches for its end (reading and dropping groups keeps nothing alive).
struct LocalOrigin::Published {
  uint64_t id = 0;
  std::optional<BroadcastConsumer> broadcast;
  std::optional<TrackConsumer> track;
  std::optional<TrackConsumer> watcher;
  std::vector<Path> announced;
};

LocalOrigin::LocalOrigin() { announced_.live(); }

void LocalOrigin::publish(BroadcastConsumer broadcast) {
  auto published = std::make_shared<Published>();
  published->broadcast = std::move(broadcast);
  add(std::move(published));
}

void LocalOrigin::publish(TrackConsumer track) {
  const Path& path = track.track().path;
  if (announced_.active(path)) throw Error(code::duplicate, "already published: " + path.to_string());
  auto published = std::make_shared<Published>();
  published->watcher = track.subscribe({});
  published->track = std::move(track);
  announced_.announce(path);
  published->announced.push_back(path);
  add(std::move(published));
}

void LocalOrigin::add(std::shared_ptr<Published> published) {
  uint64_t id = published->id = next_id_++;
  // The callbacks live in consumers owned by *this, so they never outlive it.
  auto on_change = [this, id] { poll(id); };
  if (published->broadcast) published->broadcast->on_change(on_change);
  if (published->watcher) published->watcher->on_change(on_change);
  published_[id] = std::move(published);
  poll(id);
}

void LocalOrigin::poll(uint64_t id) {
  auto it = published_.find(id);
  if (it == published_.end()) return;
  std::shared_ptr<Published> published = it->second;
  try {
    if (published->watcher) {
      for (;;) {
        auto item = published->watcher->next_group();
        if (item.is_end()) return remove(id);
        if (item.is_pending()) return;
      }
    }
    const Path& prefix = published->broadcast->prefix();
    for (;;) {
      auto item = published->broadcast->next_announcement();
      if (item.is_end()) return remove(id);
      if (item.is_pending()) return;
      const Announcement& change = item.value();
      Path path = prefix.join(change.name);
      if (change.kind == Announcement::Kind::active && !announced_.active(path)) {
        announced_.announce(path);
        published->announced.push_back(path);
      } else if (change.kind == Announcement::Kind::ended) {
        auto& paths = published->announced;
        auto found = std::find(paths.begin(), paths.end(), path);
        if (found == paths.end()) continue;
        paths.erase(found);
        announced_.unannounce(path);
      }
    }
  } catch (const Error&) {
    remove(id);
  }
}

void LocalOrigin::remove(uint64_t id) {
  auto it = published_.find(id);
  if (it == published_.end()) return;
  std::shared_ptr<Published> published = std::move(it->second);
  published_.erase(it);
  for (const Path& path : published->announced) announced_.unannounce(path);
}

std::optional<TrackConsumer> LocalOrigin::track(const Path& path, GroupRange range) {
  for (auto& [id, published] : published_) {
    if (published->track && published->track->track().path == path) return published->track->subscribe(range);
  }
  for (auto& [id, published] : published_) {
    if (!published->broadcast || !path.has_prefix(published->broadcast->prefix())) continue;
    if (auto track = published->broadcast->get_track(path.strip_prefix(published->broadcast->prefix()), range)) {
      return track;
    }
  }
  return std::nullopt;
}

AnnouncedConsumer LocalOrigin::announced(const Path& prefix) { return announced_.consume(prefix); }

}  // namespace moq

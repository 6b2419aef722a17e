#include <string>

#include "model/broadcast_state.h"
#include "moq/broadcast.h"
#include "moq/error.h"

namespace moq {

BroadcastProducer::BroadcastProducer(Path prefix)
    : link_(std::make_shared<detail::BroadcastProducerLink>(
          std::make_shared<detail::BroadcastState>(std::move(prefix)))) {}

const Path& BroadcastProducer::prefix() const { return link_->state->prefix; }

TrackProducer BroadcastProducer::create_track(Track track, TrackOptions options) {
  const auto state = link_->state;
  Path name = std::move(track.path);
  if (state->tracks.contains(name)) {
    throw Error(code::duplicate, "track " + name.to_string() + " already in broadcast");
  }
  track.path = state->prefix.join(name);
  TrackProducer producer(std::move(track), std::move(options));
  state->tracks.emplace(std::move(name), detail::BroadcastState::Entry{producer, state->next_generation++});
  state->notifier.notify();
  return producer;
}

void BroadcastProducer::remove_track(const Path& name) {
  const auto state = link_->state;
  auto it = state->tracks.find(name);
  if (it == state->tracks.end()) {
    throw Error(code::not_found, "track " + name.to_string() + " not in broadcast");
  }
  // Released after the notification, for the same reason as in BroadcastState::end().
  const TrackProducer released = std::move(it->second.producer);
  state->tracks.erase(it);
  state->notifier.notify();
}

BroadcastConsumer BroadcastProducer::consume() { return BroadcastConsumer(link_->state); }

}  // namespace moq

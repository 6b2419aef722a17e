#include "model/broadcast_state.h"
#include "moq/broadcast.h"

namespace moq {

BroadcastConsumer::BroadcastConsumer(std::shared_ptr<detail::BroadcastState> state) : state_(std::move(state)) {}

const Path& BroadcastConsumer::prefix() const { return state_->prefix; }

std::optional<TrackConsumer> BroadcastConsumer::get_track(const Path& name, GroupRange range) {
  const auto state = state_;
  auto it = state->tracks.find(name);
  if (it == state->tracks.end()) {
    return std::nullopt;
  }
  TrackProducer producer = it->second.producer;
  return producer.consume(range);
}

std::vector<Path> BroadcastConsumer::track_names() const {
  std::vector<Path> names;
  names.reserve(state_->tracks.size());
  for (const auto& [name, entry] : state_->tracks) {
    names.push_back(name);
  }
  return names;
}

Poll<Announcement> BroadcastConsumer::next_announcement() {
  // Walk both sorted maps together; the first difference is the next announcement.
  auto announced = announced_.begin();
  auto current = state_->tracks.begin();
  while (announced != announced_.end() || current != state_->tracks.end()) {
    if (current == state_->tracks.end() || (announced != announced_.end() && announced->first < current->first) ||
        (announced != announced_.end() && announced->first == current->first &&
         announced->second != current->second.generation)) {
      Announcement ended{Announcement::Kind::ended, announced->first};
      announced_.erase(announced);
      return Poll<Announcement>::ready(std::move(ended));
    }
    if (announced == announced_.end() || current->first < announced->first) {
      announced_.emplace(current->first, current->second.generation);
      return Poll<Announcement>::ready(Announcement{Announcement::Kind::active, current->first});
    }
    ++announced;
    ++current;
  }
  if (state_->ended) {
    return Poll<Announcement>::end();
  }
  if (!live_sent_) {
    live_sent_ = true;
    return Poll<Announcement>::ready(Announcement{Announcement::Kind::live, Path()});
  }
  return Poll<Announcement>::pending();
}

void BroadcastConsumer::on_change(std::function<void()> callback) {
  callback_ = ChangeNotifier::listen(std::shared_ptr<ChangeNotifier>(state_, &state_->notifier),
                                     std::move(callback));
}

}  // namespace moq

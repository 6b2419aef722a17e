#include "model/track_state.h"
#include "moq/track.h"

namespace moq {

TrackConsumer::TrackConsumer(std::unique_ptr<detail::TrackCursor> cursor) : cursor_(std::move(cursor)) {}

TrackConsumer::TrackConsumer(const TrackConsumer& other)
    : cursor_(std::make_unique<detail::TrackCursor>(*other.cursor_)) {}

TrackConsumer& TrackConsumer::operator=(const TrackConsumer& other) {
  if (this != &other) {
    callback_.reset();
    cursor_ = std::make_unique<detail::TrackCursor>(*other.cursor_);
  }
  return *this;
}

TrackConsumer::TrackConsumer(TrackConsumer&&) noexcept = default;
TrackConsumer& TrackConsumer::operator=(TrackConsumer&&) noexcept = default;
TrackConsumer::~TrackConsumer() = default;

const Track& TrackConsumer::track() const { return cursor_->state->track; }

Poll<TrackConsumer::Item> TrackConsumer::next_group() {
  // Local reference: the notification below may run callbacks that destroy this handle.
  const auto state = cursor_->state;
  state->throw_if_aborted();
  const bool reported = state->maintain(cursor_.get());
  std::optional<Poll<Item>> result;
  if (auto step = cursor_->next_step()) {
    if (step->group) {
      result = Poll<Item>::ready(GroupConsumer(std::move(step->group)));
    } else {
      result = Poll<Item>::ready(step->dropped);
    }
  } else {
    result = cursor_->exhausted() ? Poll<Item>::end() : Poll<Item>::pending();
  }
  if (reported) {
    state->notifier.notify();
  }
  return std::move(*result);
}

std::optional<GroupConsumer> TrackConsumer::get_group(uint64_t sequence) {
  const auto state = cursor_->state;
  const bool reported = state->maintain();
  std::optional<GroupConsumer> group;
  if (auto it = state->cache.find(sequence); it != state->cache.end()) {
    group = GroupConsumer(it->second.group);
  }
  if (reported) {
    state->notifier.notify();
  }
  return group;
}

std::optional<uint64_t> TrackConsumer::latest_sequence() const { return cursor_->state->latest(); }

TrackConsumer TrackConsumer::subscribe(GroupRange range) const {
  const auto state = cursor_->state;
  return TrackConsumer(detail::TrackCursor::open(state, range));
}

void TrackConsumer::set_busy(bool busy) {
  // Local reference: the notification may run callbacks that destroy this handle.
  const auto state = cursor_->state;
  cursor_->set_busy(busy);
}

void TrackConsumer::on_change(std::function<void()> callback) {
  const auto& state = cursor_->state;
  callback_ = ChangeNotifier::listen(std::shared_ptr<ChangeNotifier>(state, &state->notifier),
                                     std::move(callback));
}

}  // namespace moq

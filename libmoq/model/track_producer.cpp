#include "model/track_state.h"
#include "moq/track.h"

namespace moq {

TrackProducer::TrackProducer(Track track, TrackOptions options)
    : link_(std::make_shared<detail::TrackProducerLink>(
          std::make_shared<detail::TrackState>(std::move(track), std::move(options)))) {}

const Track& TrackProducer::track() const { return link_->state->track; }

// Each operation holds the state locally: a change callback may drop this handle meanwhile.

GroupProducer TrackProducer::append_group() {
  const auto state = link_->state;
  const auto latest = state->latest();
  return GroupProducer(std::make_shared<detail::GroupProducerLink>(state->create_group(latest ? *latest + 1 : 0)));
}

GroupProducer TrackProducer::create_group(uint64_t sequence) {
  const auto state = link_->state;
  return GroupProducer(std::make_shared<detail::GroupProducerLink>(state->create_group(sequence)));
}

void TrackProducer::drop_groups(uint64_t first, uint64_t count, uint64_t code) {
  const auto state = link_->state;
  state->drop_groups(first, count, code);
}

void TrackProducer::set_start(uint64_t sequence) {
  const auto state = link_->state;
  state->set_start(sequence);
}

void TrackProducer::finish() {
  const auto state = link_->state;
  state->finish();
}

void TrackProducer::abort(uint64_t code) {
  const auto state = link_->state;
  state->abort(code);
}

TrackConsumer TrackProducer::consume(GroupRange range) {
  const auto state = link_->state;
  return TrackConsumer(detail::TrackCursor::open(state, range));
}

std::optional<uint64_t> TrackProducer::latest_sequence() const { return link_->state->latest(); }

size_t TrackProducer::consumer_count() const { return link_->state->cursors.size(); }

void TrackProducer::on_unused(std::function<void()> callback) {
  const auto& state = link_->state;
  unused_callback_ = ChangeNotifier::listen(
      std::shared_ptr<ChangeNotifier>(state, &state->unused_notifier), std::move(callback));
}

bool TrackProducer::wanted() const { return link_->state->wanted(); }

void TrackProducer::on_wanted(std::function<void()> callback) {
  const auto& state = link_->state;
  wanted_callback_ = ChangeNotifier::listen(
      std::shared_ptr<ChangeNotifier>(state, &state->demand_notifier), std::move(callback));
}

size_t TrackProducer::cached_groups() const { return link_->state->cache.size(); }

uint64_t TrackProducer::cached_bytes() const { return link_->state->cached_bytes(); }

}  // namespace moq

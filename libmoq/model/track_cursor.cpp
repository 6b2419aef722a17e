#include <algorithm>
#include <iterator>

#include "model/track_state.h"

namespace moq::detail {

std::unique_ptr<TrackCursor> TrackCursor::open(const std::shared_ptr<TrackState>& state, GroupRange range) {
  if (state->maintain()) {
    state->notifier.notify();
  }
  return std::make_unique<TrackCursor>(state, range);
}

TrackCursor::TrackCursor(std::shared_ptr<TrackState> state_in, GroupRange range)
    : state(std::move(state_in)), max(range.max) {
  if (range.min) {
    start = *range.min;
  } else if (auto latest = state->latest()) {
    start = *latest;
  }
  next = start;
  state->cursors.push_back(this);
}

TrackCursor::TrackCursor(const TrackCursor& other)
    : state(other.state),
      start(other.start),
      next(other.next),
      max(other.max),
      late(other.late),
      drops(other.drops) {
  state->cursors.push_back(this);
}

TrackCursor::~TrackCursor() {
  std::erase(state->cursors, this);
  if (state->cursors.empty()) {
    state->unused_notifier.notify();
  }
}

void TrackCursor::add_drop(uint64_t sequence) {
  auto after = drops.upper_bound(sequence);
  if (after != drops.begin()) {
    auto before = std::prev(after);
    const uint64_t before_end = before->first + before->second;
    if (sequence < before_end) {
      return;
    }
    if (sequence == before_end) {
      ++before->second;
      if (after != drops.end() && after->first == sequence + 1) {
        before->second += after->second;
        drops.erase(after);
      }
      return;
    }
  }
  uint64_t count = 1;
  if (after != drops.end() && after->first == sequence + 1) {
    count += after->second;
    drops.erase(after);
  }
  drops.emplace(sequence, count);
}

std::optional<TrackCursor::Step> TrackCursor::next_step() {
  std::optional<uint64_t> late_sequence;
  if (!late.empty()) {
    late_sequence = *late.begin();
  }
  std::optional<uint64_t> drop_sequence;
  if (!drops.empty()) {
    drop_sequence = drops.begin()->first;
  }
  const auto fresh = state->cache.lower_bound(next);
  std::optional<uint64_t> fresh_sequence;
  if (fresh != state->cache.end() && wants(fresh->first)) {
    fresh_sequence = fresh->first;
  }
  const auto before = [](std::optional<uint64_t> a, std::optional<uint64_t> b) {
    return a && (!b || *a < *b);
  };

  if (before(drop_sequence, late_sequence) && before(drop_sequence, fresh_sequence)) {
    const GroupsDropped dropped{drops.begin()->first, drops.begin()->second};
    drops.erase(drops.begin());
    next = std::max(next, dropped.first + dropped.count);
    return Step{nullptr, dropped};
  }
  if (before(late_sequence, fresh_sequence)) {
    late.erase(late.begin());
    return Step{state->cache.at(*late_sequence).group, {}};
  }
  if (fresh_sequence) {
    next = *fresh_sequence + 1;
    return Step{fresh->second.group, {}};
  }
  return std::nullopt;
}

bool TrackCursor::exhausted() const {
  if (state->finished) {
    return true;
  }
  if (max) {
    const auto latest = state->latest();
    return next > *max || (latest && *latest > *max);
  }
  return false;
}

}  // namespace moq::detail

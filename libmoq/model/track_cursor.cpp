#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

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
  const auto latest = state->latest();
  if (range.min) {
    start = *range.min;
  } else if (!state->options.strict_order) {
    start = latest.value_or(0);
  } else if (state->start) {
    // A joiner starts at the newest group, or where the track starts if none came yet.
    start = std::max(*state->start, latest.value_or(0));
  } else {
    awaiting_start = true;
  }
  next = start;
  const bool was_wanted = state->wanted();
  state->cursors.push_back(this);
  state->demand_changed(was_wanted);
}

TrackCursor::TrackCursor(const TrackCursor& other)
    : state(other.state),
      start(other.start),
      next(other.next),
      max(other.max),
      awaiting_start(other.awaiting_start),
      late(other.late),
      drops(other.drops) {
  const bool was_wanted = state->wanted();
  state->cursors.push_back(this);
  state->demand_changed(was_wanted);
}

TrackCursor::~TrackCursor() {
  const bool was_wanted = state->wanted();
  std::erase(state->cursors, this);
  if (busy) {
    --state->busy_cursors;
  }
  state->demand_changed(was_wanted);
  if (state->cursors.empty()) {
    state->unused_notifier.notify();
  }
}

void TrackCursor::set_busy(bool now_busy) {
  if (busy == now_busy) {
    return;
  }
  const bool was_wanted = state->wanted();
  busy = now_busy;
  if (busy) {
    ++state->busy_cursors;
  } else {
    --state->busy_cursors;
  }
  state->demand_changed(was_wanted);
}

bool TrackCursor::dropped(uint64_t sequence) const {
  auto after = drops.upper_bound(sequence);
  if (after == drops.begin()) {
    return false;
  }
  const auto before = std::prev(after);
  return sequence < before->first + before->second.count;
}

void TrackCursor::add_drops(uint64_t first, uint64_t count, uint64_t code) {
  uint64_t end = first + count;
  first = std::max(first, start);
  if (max && end > *max) {
    end = *max + 1;
  }
  // The pieces of [first, end) not recorded yet, found before any insertion moves the ranges.
  std::vector<std::pair<uint64_t, uint64_t>> pieces;
  auto it = drops.upper_bound(first);
  if (it != drops.begin()) {
    const auto before = std::prev(it);
    first = std::max(first, before->first + before->second.count);
  }
  for (uint64_t at = first; at < end; ++it) {
    const uint64_t stop = it == drops.end() ? end : std::min(end, it->first);
    if (stop > at) {
      pieces.emplace_back(at, stop);
    }
    if (it == drops.end()) {
      break;
    }
    at = std::max(at, it->first + it->second.count);
  }
  for (const auto& [piece_first, piece_end] : pieces) {
    insert_drop(piece_first, piece_end, code);
  }
}

void TrackCursor::insert_drop(uint64_t first, uint64_t end, uint64_t code) {
  auto after = drops.lower_bound(first);
  if (after != drops.end() && after->first == end && after->second.code == code) {
    end += after->second.count;
    after = drops.erase(after);
  }
  if (after != drops.begin()) {
    const auto before = std::prev(after);
    if (before->first + before->second.count == first && before->second.code == code) {
      before->second.count = end - before->first;
      return;
    }
  }
  drops.emplace_hint(after, first, Drop{end - first, code});
}

std::optional<TrackCursor::Step> TrackCursor::take_first_drop() {
  const auto first = drops.begin();
  const GroupsDropped dropped{first->first, first->second.count, first->second.code};
  drops.erase(first);
  next = std::max(next, dropped.first + dropped.count);
  return Step{nullptr, dropped};
}

std::optional<TrackCursor::Step> TrackCursor::next_step() {
  if (state->options.strict_order) {
    return next_ordered_step();
  }
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

  // A drop report comes before a group of the same sequence: that group is not delivered.
  if (drop_sequence && !before(late_sequence, drop_sequence) && !before(fresh_sequence, drop_sequence)) {
    return take_first_drop();
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
  if (max && state->options.strict_order) {
    return next > *max;
  }
  if (max) {
    const auto latest = state->latest();
    return next > *max || (latest && *latest > *max);
  }
  return false;
}

}  // namespace moq::detail

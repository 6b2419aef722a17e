// Strict order (docs/model.md "Strict order"): consumers of a track whose groups are created out
// of order wait for the track's start, then return every group in sequence, giving up a missing
// one only when reported dropped, when their backlog overflows, or at the track's end.
#include <algorithm>
#include <iterator>
#include <string>

#include "model/track_state.h"
#include "moq/error.h"

namespace moq::detail {

void TrackState::set_start(uint64_t sequence) {
  if (!options.strict_order) {
    throw Error(code::protocol_violation, "track " + track.path.to_string() + " has no strict order to start");
  }
  if (start) {
    throw Error(code::protocol_violation, "track " + track.path.to_string() + " has its start already");
  }
  start = sequence;
  for (TrackCursor* cursor : cursors) {
    if (cursor->awaiting_start) {
      cursor->begin_at(sequence);
    }
  }
  maintain();
  notifier.notify();
}

bool TrackState::enforce_ordered_backlog(TrackCursor& cursor) {
  bool reported = false;
  for (;;) {
    cursor.skip_dropped();
    size_t count = 0;
    uint64_t bytes = 0;
    std::optional<uint64_t> oldest;
    for (auto it = cache.lower_bound(cursor.next); it != cache.end() && cursor.wants(it->first); ++it) {
      if (cursor.dropped(it->first)) {
        continue;
      }
      oldest = oldest.value_or(it->first);
      ++count;
      bytes += it->second.group->bytes;
    }
    if (!oldest) {
      return reported;
    }
    // A missing group in front counts towards the backlog: the consumer is behind by it too.
    // Before the start is known nothing is missing yet: the oldest groups are simply forgotten.
    const bool missing = *oldest != cursor.next && !cursor.awaiting_start;
    const size_t behind = count + (missing ? 1 : 0);
    if (behind <= options.backlog_groups && bytes <= options.backlog_bytes) {
      return reported;
    }
    if (missing) {
      // Give up the missing groups before the oldest waiting one.
      cursor.add_drops(cursor.next, *oldest - cursor.next, code::cancel);
      reported = true;
    } else if (count == 1) {
      return reported;  // the newest group it waits for is never skipped
    } else if (cursor.awaiting_start) {
      cursor.start = cursor.next = *oldest + 1;
    } else {
      cursor.add_drops(*oldest, 1, code::cancel);
      reported = true;
    }
  }
}

void TrackCursor::begin_at(uint64_t sequence) {
  awaiting_start = false;
  // Drops recorded while waiting below the start were never this consumer's to report.
  while (!drops.empty() && drops.begin()->first < sequence) {
    const auto [first, drop] = *drops.begin();
    drops.erase(drops.begin());
    if (first + drop.count > sequence) {
      drops.emplace(sequence, Drop{first + drop.count - sequence, drop.code});
    }
  }
  const uint64_t skipped_until = next;
  start = sequence;
  next = std::max(next, sequence);
  // Groups from the start that the backlog bound made it forget while it waited.
  if (skipped_until > sequence) {
    add_drops(sequence, skipped_until - sequence, code::cancel);
  }
}

void TrackCursor::skip_dropped() {
  while (dropped(next)) {
    const auto range = std::prev(drops.upper_bound(next));
    next = range->first + range->second.count;
  }
}

std::optional<TrackCursor::Step> TrackCursor::next_ordered_step() {
  if (awaiting_start) {
    return std::nullopt;
  }
  skip_dropped();
  if (!drops.empty() && drops.begin()->first < next) {
    return take_first_drop();
  }
  if (!wants(next)) {
    return std::nullopt;
  }
  if (auto it = state->cache.find(next); it != state->cache.end()) {
    ++next;
    return Step{it->second.group, {}};
  }
  if (!state->finished) {
    return std::nullopt;
  }
  // The track ended with `next` missing: give up the gap to whatever comes after it, if anything.
  std::optional<uint64_t> after;
  if (auto it = state->cache.upper_bound(next); it != state->cache.end() && wants(it->first)) {
    after = it->first;
  }
  if (!drops.empty()) {
    after = std::min(after.value_or(drops.begin()->first), drops.begin()->first);
  }
  if (!after) {
    return std::nullopt;
  }
  add_drops(next, *after - next, code::cancel);
  return take_first_drop();
}

}  // namespace moq::detail

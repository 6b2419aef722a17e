#include "model/track_state.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "moq/error.h"

namespace moq::detail {

TrackState::TrackState(Track track, TrackOptions options)
    : track(std::move(track)), options(std::move(options)) {
  if (this->options.cache_groups == 0 || this->options.backlog_groups == 0) {
    throw Error(code::bounds_exceeded, "track cache and backlog must hold at least one group");
  }
}

void TrackState::throw_if_aborted() const {
  if (abort_code) {
    throw Error(*abort_code, "track " + track.path.to_string() + " aborted: " + code_name(*abort_code));
  }
}

std::optional<uint64_t> TrackState::latest() const {
  if (cache.empty()) {
    return std::nullopt;
  }
  return cache.rbegin()->first;
}

std::shared_ptr<GroupState> TrackState::create_group(uint64_t sequence) {
  throw_if_aborted();
  if (finished) {
    throw Error(code::protocol_violation, "group created on finished track " + track.path.to_string());
  }
  if (cache.contains(sequence)) {
    throw Error(code::duplicate, "group " + std::to_string(sequence) + " already exists");
  }
  const auto now = options.clock();
  CachedGroup entry{std::make_shared<GroupState>(sequence), std::nullopt};
  // The latest group is the only one not yet superseded; whichever of the two is older now is.
  if (!cache.empty() && cache.rbegin()->first < sequence) {
    cache.rbegin()->second.superseded_at = now;
  } else if (!cache.empty()) {
    entry.superseded_at = now;
  }
  auto group = entry.group;
  group->cache_bytes = cached_bytes_total;
  cache.emplace(sequence, std::move(entry));
  // In strict order a group below a consumer's position was given up (and reported) already.
  if (!options.strict_order) {
    for (TrackCursor* cursor : cursors) {
      if (sequence < cursor->next && cursor->wants(sequence) && !cursor->dropped(sequence)) {
        cursor->late.insert(sequence);
      }
    }
  }
  maintain();
  notifier.notify();
  return group;
}

void TrackState::drop_groups(uint64_t first, uint64_t count, uint64_t code) {
  if (count == 0 || first + count < first) {
    throw Error(code::bounds_exceeded, "no groups to drop from " + std::to_string(first));
  }
  throw_if_aborted();
  if (finished) {
    throw Error(code::protocol_violation, "groups dropped on finished track " + track.path.to_string());
  }
  if (options.strict_order && !start) {
    throw Error(code::protocol_violation, "groups dropped before the start of " + track.path.to_string());
  }
  const uint64_t end = first + count;
  for (TrackCursor* cursor : cursors) {
    // Late groups in the range are reported instead of returned.
    for (auto it = cursor->late.lower_bound(first); it != cursor->late.end() && *it < end;) {
      cursor->add_drops(*it, 1, code);
      it = cursor->late.erase(it);
    }
    if (end > cursor->next) {
      cursor->add_drops(std::max(first, cursor->next), end - std::max(first, cursor->next), code);
    }
  }
  // Cached groups in the range are no longer needed by anyone: the cache bounds let them go.
  maintain();
  notifier.notify();
}

void TrackState::finish() {
  throw_if_aborted();
  if (finished) {
    return;
  }
  finished = true;
  notifier.notify();
}

void TrackState::abort(uint64_t code) {
  if (ended()) {
    return;
  }
  abort_code = code;
  notifier.notify();
}

void TrackState::demand_changed(bool was_wanted) const {
  if (wanted() != was_wanted) demand_notifier.notify();
}

bool TrackState::maintain(TrackCursor* poller) {
  bool reported = expire();
  if (poller) {
    reported = enforce_backlog(*poller) || reported;
  } else {
    for (TrackCursor* cursor : cursors) {
      reported = enforce_backlog(*cursor) || reported;
    }
  }
  enforce_cache_bounds();
  return reported;
}

bool TrackState::expire() {
  if (track.group_expires.count() <= 0 || cache.size() < 2) {
    return false;
  }
  const auto now = options.clock();
  bool reported = false;
  for (auto it = cache.begin(); it != cache.end();) {
    const auto& superseded_at = it->second.superseded_at;
    if (superseded_at && now - *superseded_at >= track.group_expires) {
      reported = evict(it++) || reported;
    } else {
      ++it;
    }
  }
  return reported;
}

bool TrackState::enforce_backlog(TrackCursor& cursor) {
  if (options.strict_order) {
    return enforce_ordered_backlog(cursor);
  }
  size_t count = cursor.late.size();
  uint64_t bytes = 0;
  for (uint64_t sequence : cursor.late) {
    bytes += cache.at(sequence).group->bytes;
  }
  for (auto it = cache.lower_bound(cursor.next); it != cache.end() && cursor.wants(it->first); ++it) {
    ++count;
    bytes += it->second.group->bytes;
  }
  bool reported = false;
  // Skip the oldest groups, but always keep the newest one this consumer is waiting for.
  while (count > 1 && (count > options.backlog_groups || bytes > options.backlog_bytes)) {
    uint64_t skipped = 0;
    if (!cursor.late.empty()) {
      skipped = *cursor.late.begin();
      cursor.late.erase(cursor.late.begin());
    } else {
      skipped = cache.lower_bound(cursor.next)->first;
      cursor.next = skipped + 1;
    }
    --count;
    bytes -= cache.at(skipped).group->bytes;
    cursor.add_drops(skipped, 1, code::cancel);
    reported = true;
  }
  return reported;
}

void TrackState::enforce_cache_bounds() {
  if (cache.empty()) {
    return;
  }
  uint64_t bytes = cached_bytes();
  const auto latest_it = std::prev(cache.end());
  for (auto it = cache.begin();
       it != latest_it && (cache.size() > options.cache_groups || bytes > options.cache_bytes);) {
    if (needed_by_any(it->first)) {
      ++it;
      continue;
    }
    bytes -= it->second.group->bytes;
    it = uncache(it);
  }
}

bool TrackState::evict(std::map<uint64_t, CachedGroup>::iterator it) {
  const uint64_t sequence = it->first;
  bool reported = false;
  for (TrackCursor* cursor : cursors) {
    if (cursor->needs(sequence)) {
      cursor->late.erase(sequence);
      cursor->add_drops(sequence, 1, code::cancel);
      reported = true;
    }
  }
  uncache(it);
  return reported;
}

std::map<uint64_t, CachedGroup>::iterator TrackState::uncache(std::map<uint64_t, CachedGroup>::iterator it) {
  GroupState& group = *it->second.group;
  *cached_bytes_total -= group.bytes;
  group.cache_bytes.reset();
  return cache.erase(it);
}

bool TrackState::needed_by_any(uint64_t sequence) const {
  return std::any_of(cursors.begin(), cursors.end(),
                     [sequence](const TrackCursor* cursor) { return cursor->needs(sequence); });
}

TrackProducerLink::~TrackProducerLink() {
  if (!state->ended()) {
    state->abort(code::cancel);
  }
}

}  // namespace moq::detail

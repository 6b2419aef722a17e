#pragma once
// The shared state of one track: its cache of groups, its consumers' positions, its end, and
// the eviction rules (docs/model.md). Consumer positions (TrackCursor) register themselves here
// so that eviction knows which groups are still needed and whom to tell what was dropped.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "model/group_state.h"
#include "moq/change_notifier.h"
#include "moq/track.h"

namespace moq::detail {

struct TrackCursor;

struct CachedGroup {
  std::shared_ptr<GroupState> group;
  // When a newer group was first created; the latest group has none and never expires.
  std::optional<std::chrono::steady_clock::time_point> superseded_at;
};

struct TrackState {
  TrackState(Track track, TrackOptions options);

  bool ended() const noexcept { return finished || abort_code.has_value(); }
  bool wanted() const noexcept { return cursors.empty() || busy_cursors < cursors.size(); }
  // Tells the producers if wanted() is no longer what it was before a consumer change.
  void demand_changed(bool was_wanted) const;
  void throw_if_aborted() const;
  std::optional<uint64_t> latest() const;
  uint64_t cached_bytes() const { return *cached_bytes_total; }

  // Adds a group, runs maintain() and notifies. Throws on a duplicate or an ended track.
  std::shared_ptr<GroupState> create_group(uint64_t sequence);
  void drop_groups(uint64_t first, uint64_t count, uint64_t code);
  void set_start(uint64_t sequence);
  void finish();
  void abort(uint64_t code);
  // Applies expiry, then the backlog bound of each consumer (of just `poller` when a consumer
  // polls: the others were checked when the last group was created), then the cache bounds.
  // Returns whether some consumer was told of new drops (the caller notifies when it is safe).
  bool maintain(TrackCursor* poller = nullptr);

  const Track track;
  const TrackOptions options;
  std::map<uint64_t, CachedGroup> cache;
  // The bytes of the groups in `cache`, kept by the groups themselves (GroupState::cache_bytes).
  const std::shared_ptr<uint64_t> cached_bytes_total = std::make_shared<uint64_t>(0);
  std::vector<TrackCursor*> cursors;
  size_t busy_cursors = 0;  // how many of cursors are busy
  // Strict order: where consumers joining before any group start, once set_start() told.
  std::optional<uint64_t> start;
  bool finished = false;
  std::optional<uint64_t> abort_code;
  ChangeNotifier notifier;         // consumers: next_group() may have news
  ChangeNotifier unused_notifier;  // producers: the last consumer went away
  ChangeNotifier demand_notifier;  // producers: wanted() changed

 private:
  bool expire();
  bool enforce_backlog(TrackCursor& cursor);
  bool enforce_ordered_backlog(TrackCursor& cursor);
  void enforce_cache_bounds();
  std::map<uint64_t, CachedGroup>::iterator uncache(std::map<uint64_t, CachedGroup>::iterator it);
  // Removes a group from the cache; consumers that still needed it get it as dropped.
  bool evict(std::map<uint64_t, CachedGroup>::iterator it);
  bool needed_by_any(uint64_t sequence) const;
};

// One consumer's position. Groups below `next` were returned or skipped, except those in
// `late` (created after the consumer passed their sequence, still to be returned; never in
// strict order). Skipped ranges wait in `drops` until reported in sequence position.
struct TrackCursor {
  // A new consumer position, after evicting what has expired (so it cannot start on it).
  static std::unique_ptr<TrackCursor> open(const std::shared_ptr<TrackState>& state, GroupRange range);
  TrackCursor(std::shared_ptr<TrackState> state, GroupRange range);
  TrackCursor(const TrackCursor& other);
  TrackCursor& operator=(const TrackCursor&) = delete;
  ~TrackCursor();

  struct Step {
    std::shared_ptr<GroupState> group;  // null for a drop report
    GroupsDropped dropped;
  };

  struct Drop {
    uint64_t count = 0;
    uint64_t code = 0;
  };

  bool wants(uint64_t sequence) const noexcept {
    return sequence >= start && (!max || sequence <= *max);
  }
  bool needs(uint64_t sequence) const {
    return wants(sequence) && (sequence >= next || late.contains(sequence)) && !dropped(sequence);
  }
  // Whether a drop report waiting in `drops` covers this sequence.
  bool dropped(uint64_t sequence) const;
  // Records first .. first+count-1 (clipped to what this consumer still wants) as dropped with
  // this code; parts already recorded keep theirs.
  void add_drops(uint64_t first, uint64_t count, uint64_t code);
  // Marks the reader busy or not, telling the producers if that changed wanted().
  void set_busy(bool now_busy);
  // Strict order: the track's start is known; reports what was skipped from there meanwhile.
  void begin_at(uint64_t sequence);
  // Strict order: moves `next` past recorded drops (they are reported before anything after).
  void skip_dropped();
  // The smallest pending item: a late group, a drop report, or the next cached group.
  std::optional<Step> next_step();
  // Nothing more will come (only meaningful once next_step() found nothing).
  bool exhausted() const;

  const std::shared_ptr<TrackState> state;
  uint64_t start = 0;
  uint64_t next = 0;
  std::optional<uint64_t> max;
  // Strict order: joined before the track's start was known. Until then it wants every group
  // from `start` (raised when its backlog overflows) and returns nothing.
  bool awaiting_start = false;
  // Its reader is behind (TrackConsumer::set_busy); counted in TrackState::busy_cursors.
  bool busy = false;
  std::set<uint64_t> late;
  std::map<uint64_t, Drop> drops;  // first sequence -> range, adjacent only if codes differ

 private:
  void insert_drop(uint64_t first, uint64_t end, uint64_t code);
  std::optional<Step> next_ordered_step();
  std::optional<Step> take_first_drop();
};

// One per set of TrackProducer copies: the last copy going away cancels an unfinished track.
struct TrackProducerLink {
  explicit TrackProducerLink(std::shared_ptr<TrackState> state) : state(std::move(state)) {}
  TrackProducerLink(const TrackProducerLink&) = delete;
  TrackProducerLink& operator=(const TrackProducerLink&) = delete;
  ~TrackProducerLink();

  const std::shared_ptr<TrackState> state;
};

}  // namespace moq::detail

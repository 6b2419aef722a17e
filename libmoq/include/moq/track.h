#pragma once
// A track: a sequence of groups, produced synchronously and consumed by polling. See
// docs/model.md for joining, caching, eviction, expiry and drop reporting.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <variant>

#include "moq/change_notifier.h"
#include "moq/group.h"
#include "moq/path.h"
#include "moq/poll.h"

namespace moq {

// Which groups a subscriber wants first. The model delivers in sequence order either way; the
// session uses this to decide which group stream gets bandwidth first.
enum class GroupOrder : uint8_t { ascending = 0, descending = 1 };

struct Track {
  Path path;
  int8_t priority = 0;  // higher is more important
  GroupOrder group_order = GroupOrder::descending;
  // A group expires this long after a newer group was created; 0 = never.
  std::chrono::milliseconds group_expires{0};
};

struct TrackOptions {
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // Cache for groups no consumer still needs (for joiners and fetches). The latest group is
  // always kept and counts towards both bounds; cache_groups must be at least 1.
  size_t cache_groups = 1;
  uint64_t cache_bytes = std::numeric_limits<uint64_t>::max();
  // Per consumer: how far behind it may fall (groups it has not reached, in groups and bytes)
  // before it skips its oldest groups, which are reported to it as dropped. At least 1 group.
  size_t backlog_groups = 64;
  uint64_t backlog_bytes = uint64_t{64} << 20;
  // Time source for expiry, evaluated lazily (no timers).
  Clock clock = [] { return std::chrono::steady_clock::now(); };
  // Strict sequence order, for tracks whose groups may be created out of order (a network
  // subscription: each group arrives on its own stream). Consumers return group N only after
  // every group before it (from their start) was returned or reported dropped; a missing group
  // is waited for, and given up (reported) once backlog_groups newer groups wait behind it, when
  // drop_groups() names it, or when the track finishes. Consumers that join without a min
  // before set_start() wait for it. See docs/model.md "Strict order".
  bool strict_order = false;
};

// Which groups a consumer reads: from min (default: the latest group, or the first to come if
// there is none yet; in strict order the track's start) up to max inclusive (default: no end).
struct GroupRange {
  std::optional<uint64_t> min;
  std::optional<uint64_t> max;
};

// Groups first .. first+count-1 will not be delivered to this consumer: evicted, expired or
// skipped for its backlog (code 0), given up in strict order (code 0), or named by
// TrackProducer::drop_groups (its code). count >= 1; the wire's GroupDrop count is count - 1.
struct GroupsDropped {
  uint64_t first = 0;
  uint64_t count = 0;
  uint64_t code = 0;
  friend bool operator==(const GroupsDropped&, const GroupsDropped&) = default;
};

namespace detail {
struct TrackCursor;
struct TrackProducerLink;
}  // namespace detail

// Reads a track. Each copy has its own position and reads every group from there (fan-out);
// groups and frames are shared, not copied. A moved-from handle may only be destroyed or
// assigned to.
class TrackConsumer {
 public:
  using Item = std::variant<GroupConsumer, GroupsDropped>;

  TrackConsumer(const TrackConsumer& other);
  TrackConsumer& operator=(const TrackConsumer& other);
  TrackConsumer(TrackConsumer&&) noexcept;
  TrackConsumer& operator=(TrackConsumer&&) noexcept;
  ~TrackConsumer();

  const Track& track() const;
  // The next group in sequence order, or a report of groups skipped before it. End after the
  // last group of a finished track (or past the range's max). Throws moq::Error(code) as soon
  // as the track is aborted.
  Poll<Item> next_group();
  // A cached group, read from its first frame; nullopt if not (or no longer) cached.
  std::optional<GroupConsumer> get_group(uint64_t sequence);
  // The newest group's sequence; nullopt before the first group.
  std::optional<uint64_t> latest_sequence() const;
  // Another consumer of the same track reading the given range.
  TrackConsumer subscribe(GroupRange range) const;
  // Called when next_group() might return something new. Replaces the previous callback.
  void on_change(std::function<void()> callback);
  // Demand: a busy consumer is behind on what it already took (a relay's subscriber whose
  // group streams are not acknowledged yet). The producer learns when every consumer is
  // (TrackProducer::wanted). A new consumer, a copy included, is not busy.
  void set_busy(bool busy);

 private:
  friend class TrackProducer;
  explicit TrackConsumer(std::unique_ptr<detail::TrackCursor> cursor);
  std::unique_ptr<detail::TrackCursor> cursor_;
  ChangeCallback callback_;
};

// Writes a track. Copies share it; never blocks. Destroying the last handle before finish()
// aborts the track with code 0 (cancelled).
class TrackProducer {
 public:
  // Throws moq::Error(11) for a zero cache_groups or backlog_groups.
  explicit TrackProducer(Track track, TrackOptions options = {});

  const Track& track() const;
  // A group with the next sequence: latest + 1, or 0 for the first.
  GroupProducer append_group();
  // A group with an explicit sequence (relays: gaps and late arrivals are fine). Throws
  // moq::Error(12) if that sequence is cached already.
  GroupProducer create_group(uint64_t sequence);
  // Both throw the abort code after abort(), and moq::Error(15) after finish().

  // Groups first .. first+count-1 will not come (or not whole): consumers that have not yet
  // returned them get GroupsDropped{..., code} in their place instead (a received GroupDrop).
  // Throws moq::Error(11) for count 0 or when first + count overflows, moq::Error(15) on a
  // strict-order track before set_start(), and like create_group() once the track has ended.
  void drop_groups(uint64_t first, uint64_t count, uint64_t code);
  // Strict order only: the track's start (a subscription's first group: the Subscribe's
  // group_min or the Info's group_latest). Consumers that joined without a min before it was set
  // return pending, holding the groups created meanwhile, and start there; later joiners start
  // at the latest group, or there if none came yet. Throws moq::Error(15) on a track without
  // strict_order or when called twice.
  void set_start(uint64_t sequence);

  // Consumers return "end" after the last group. Idempotent; throws the abort code if aborted.
  void finish();
  // Consumers throw moq::Error(code). Does nothing once the track has ended.
  void abort(uint64_t code);

  TrackConsumer consume(GroupRange range = {});
  std::optional<uint64_t> latest_sequence() const;
  size_t consumer_count() const;
  // Called each time the last consumer goes away. Replaces the previous callback; kept while
  // this handle lives.
  void on_unused(std::function<void()> callback);
  // False while the track has consumers and every one of them is busy: a writer fed from the
  // network may then hold back its reads, and resume when it turns true.
  bool wanted() const;
  // Called each time wanted() changes. Replaces the previous callback; kept while this handle
  // lives.
  void on_wanted(std::function<void()> callback);

  size_t cached_groups() const;
  uint64_t cached_bytes() const;

 private:
  std::shared_ptr<detail::TrackProducerLink> link_;
  ChangeCallback unused_callback_;
  ChangeCallback wanted_callback_;
};

}  // namespace moq

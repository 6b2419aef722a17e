#pragma once
// Which stream sends next: the highest priority first; among equals the newest (or oldest)
// stream, as configured. Holds only streams that have something to send and are not blocked,
// ordered so each decision costs O(log n).

#include <cstdint>
#include <set>
#include <tuple>

namespace moq::quic {

class SendScheduler {
 public:
  explicit SendScheduler(bool newest_first) : newest_first_(newest_first) {}

  // Adds or re-keys a stream; order is its creation sequence number.
  void add(int64_t stream_id, int64_t priority, uint64_t order);
  void remove(int64_t stream_id, int64_t priority, uint64_t order);
  bool empty() const { return ready_.empty(); }
  // The stream to send next; only valid when !empty().
  int64_t next() const { return std::get<2>(*ready_.begin()); }

 private:
  using Key = std::tuple<int64_t, int64_t, int64_t>;  // (-priority, tie-break, stream id)
  Key key(int64_t stream_id, int64_t priority, uint64_t order) const;

  bool newest_first_;
  std::set<Key> ready_;
};

}  // namespace moq::quic

#include "transport/send_scheduler.h"

namespace moq::quic {

SendScheduler::Key SendScheduler::key(int64_t stream_id, int64_t priority, uint64_t order) const {
  auto sequence = static_cast<int64_t>(order);
  // Negated so that std::set's ascending order puts the preferred stream first.
  return {-priority, newest_first_ ? -sequence : sequence, stream_id};
}

void SendScheduler::add(int64_t stream_id, int64_t priority, uint64_t order) {
  ready_.insert(key(stream_id, priority, order));
}

void SendScheduler::remove(int64_t stream_id, int64_t priority, uint64_t order) {
  ready_.erase(key(stream_id, priority, order));
}

}  // namespace moq::quic

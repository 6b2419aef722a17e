#include "transport/send_queue.h"

#include <algorithm>

namespace moq::quic {

SendQueue::SendQueue(EventLoop& loop, UdpSocket& socket, std::function<void()> on_full)
    : loop_(loop), socket_(socket), on_full_(std::move(on_full)) {
  entries_.reserve(max_entries);
}

SendQueue::~SendQueue() { flush(); }

UdpSocket::SendResult SendQueue::send(const SocketAddress& to, const uint8_t* data, size_t size,
                                      size_t segment) {
  if (full_) return {0, true};
  if (entries_.size() == max_entries || bytes_.size() + size > max_bytes) {
    if (!flush()) {
      on_full_();
      return {0, true};
    }
  }
  entries_.push_back({to, bytes_.size(), size, segment});
  bytes_.insert(bytes_.end(), data, data + size);
  if (!flush_due_) {
    flush_due_ = true;
    loop_.at_iteration_end([weak = weak_from_this()] {
      auto self = weak.lock();
      if (!self) return;
      self->flush_due_ = false;
      if (!self->flush()) self->on_full_();
    });
  }
  return {size, false};
}

bool SendQueue::flush() {
  std::vector<UdpSocket::Outgoing> outgoing;
  outgoing.reserve(entries_.size());
  for (const Entry& entry : entries_)
    outgoing.push_back({&entry.to, bytes_.data() + entry.offset, entry.size, entry.segment});
  size_t done = socket_.send_batch(outgoing);
  full_ = done < entries_.size();
  if (!full_) {
    entries_.clear();
    bytes_.clear();
    return true;
  }
  // Keep the rest, moved to the front, for when the socket has room.
  size_t sent_bytes = entries_[done].offset;
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(done));
  bytes_.erase(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(sent_bytes));
  for (Entry& entry : entries_) entry.offset -= sent_bytes;
  return false;
}

}  // namespace moq::quic

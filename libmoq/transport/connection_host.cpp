#include "transport/connection_host.h"

#include "transport/connection_core.h"

namespace moq::quic {

ConnectionHost::ConnectionHost(EventLoop& loop, UdpSocket socket)
    : socket_(std::move(socket)),
      send_queue_(std::make_shared<SendQueue>(loop, socket_, [this] { watch_writable(true); })) {}

void ConnectionHost::wait_writable(ConnectionCore& connection) {
  waiting_writable_.push_back(connection.weak_from_this());
  watch_writable(true);
}

void ConnectionHost::socket_writable() {
  if (!send_queue_->socket_writable()) return;  // full again: EPOLLOUT stays watched
  watch_writable(false);
  auto waiting = std::move(waiting_writable_);
  waiting_writable_.clear();
  for (auto& weak : waiting) {
    if (auto core = weak.lock()) core->socket_writable();
  }
}

}  // namespace moq::quic

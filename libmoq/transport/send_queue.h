#pragma once
// The datagrams an endpoint's connections write during one iteration of the event loop, handed
// to the kernel together at its end (sendmmsg). A relay sends each frame to every subscriber and
// a process of many subscribers acknowledges each frame on each connection: one system call per
// datagram cost more than building the datagram (docs/performance.md, fan-out).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "moq/event_loop.h"
#include "transport/socket_address.h"
#include "transport/udp_socket.h"

namespace moq::quic {

class SendQueue : public std::enable_shared_from_this<SendQueue> {
 public:
  // on_full: the socket buffer filled up with datagrams still queued; call socket_writable()
  // once it has room (EPOLLOUT).
  SendQueue(EventLoop& loop, UdpSocket& socket, std::function<void()> on_full);
  // Sends what is still queued: a connection's last packet (CONNECTION_CLOSE) may be among it.
  ~SendQueue();
  SendQueue(const SendQueue&) = delete;
  SendQueue& operator=(const SendQueue&) = delete;

  // Copies the datagrams (size bytes, segment bytes each) to be sent at the end of this
  // iteration. Refused ({0, blocked}) while the socket buffer is full.
  UdpSocket::SendResult send(const SocketAddress& to, const uint8_t* data, size_t size, size_t segment);
  // Sends the rest; returns false if the buffer is full again.
  bool socket_writable() { return flush(); }
  bool full() const { return full_; }

 private:
  struct Entry {
    SocketAddress to;
    size_t offset;
    size_t size;
    size_t segment;
  };
  // A batch that bounds how long the first datagram waits (~30 µs per datagram built), and the
  // bytes of a few GSO trains.
  static constexpr size_t max_entries = 32;
  static constexpr size_t max_bytes = 256 * 1024;

  bool flush();

  EventLoop& loop_;
  UdpSocket& socket_;
  std::function<void()> on_full_;
  std::vector<uint8_t> bytes_;
  std::vector<Entry> entries_;
  bool flush_due_ = false;  // a flush is registered for the end of the iteration
  bool full_ = false;
};

}  // namespace moq::quic

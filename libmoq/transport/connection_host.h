#pragma once
// What a connection needs from the endpoint that owns it: the socket and its send queue,
// connection-ID routing and notice of its life-cycle events.

#include <ngtcp2/ngtcp2.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "moq/error.h"
#include "transport/send_queue.h"
#include "transport/socket_address.h"
#include "transport/udp_socket.h"

namespace moq::quic {

class ConnectionCore;

// A connection ID's bytes, held inline (a server keeps a few per connection, and they are
// longer than a std::string holds without allocating).
struct ConnectionId {
  std::array<uint8_t, NGTCP2_MAX_CIDLEN> bytes{};
  size_t length = 0;

  // Null when the bytes are longer than QUIC v1 allows: no connection of ours has such an ID.
  static std::optional<ConnectionId> of(const uint8_t* data, size_t size) {
    if (size > NGTCP2_MAX_CIDLEN) return std::nullopt;
    ConnectionId id;
    std::copy_n(data, size, id.bytes.begin());
    id.length = size;
    return id;
  }
  static ConnectionId of(const ngtcp2_cid& cid) { return *of(cid.data, cid.datalen); }
  friend bool operator==(const ConnectionId&, const ConnectionId&) = default;

  struct Hash {
    size_t operator()(const ConnectionId& id) const noexcept {
      return std::hash<std::string_view>{}({reinterpret_cast<const char*>(id.bytes.data()), id.length});
    }
  };
};

class ConnectionHost {
 public:
  ConnectionHost(EventLoop& loop, UdpSocket socket);
  virtual ~ConnectionHost() = default;
  UdpSocket& socket() { return socket_; }
  // Queued and sent with the other connections' datagrams at the end of the loop iteration.
  UdpSocket::SendResult send(const SocketAddress& to, const uint8_t* data, size_t size, size_t segment) {
    return send_queue_->send(to, data, size, segment);
  }
  // The socket was full: connection.socket_writable() is called once it drains.
  void wait_writable(ConnectionCore& connection);
  // Connection IDs the peer may address this connection with.
  virtual void add_connection_id(const ConnectionId& id, ConnectionCore& connection) = 0;
  virtual void remove_connection_id(const ConnectionId& id) = 0;
  // The handshake completed (ALPN agreed, certificate accepted).
  virtual void established(ConnectionCore& connection) = 0;
  // The connection ended before it was established.
  virtual void failed(ConnectionCore& connection, const Error& error) = 0;
  // Closing or draining is over: the endpoint forgets the connection.
  virtual void finished(ConnectionCore& connection) = 0;

  // Where a connection builds its packets during one flush, shared by the endpoint's
  // connections: a relay's connections would otherwise hold 64 KB each. Flushes never nest
  // (each runs from its own loop callback and is done with the buffer before any user callback).
  std::span<uint8_t> send_buffer() {
    if (send_buffer_.empty()) send_buffer_.resize(send_buffer_size);
    return send_buffer_;
  }

 protected:
  // Stop and start asking for EPOLLOUT on the socket.
  virtual void watch_writable(bool on) = 0;
  // The endpoint saw EPOLLOUT: sends what waited, then lets the waiting connections go on.
  void socket_writable();

 private:
  static constexpr size_t send_buffer_size = 64000;
  std::vector<uint8_t> send_buffer_;
  UdpSocket socket_;
  std::shared_ptr<SendQueue> send_queue_;  // after socket_: its last flush needs the socket
  std::vector<std::weak_ptr<ConnectionCore>> waiting_writable_;
};

}  // namespace moq::quic

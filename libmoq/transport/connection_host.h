#pragma once
// What a connection needs from the endpoint that owns it: the socket, connection-ID routing
// (server) and notice of its life-cycle events.

#include <cstddef>
#include <cstdint>
#include <string>

#include "moq/error.h"
#include "transport/socket_address.h"
#include "transport/udp_socket.h"

namespace moq::quic {

class ConnectionCore;

class ConnectionHost {
 public:
  virtual ~ConnectionHost() = default;
  virtual UdpSocket::SendResult send(const SocketAddress& to, const uint8_t* data, size_t size,
                                     size_t segment) = 0;
  // The socket was full: call connection.socket_writable() once it drains.
  virtual void wait_writable(ConnectionCore& connection) = 0;
  // Connection IDs the peer may address this connection with (keys are the raw ID bytes).
  virtual void add_connection_id(const std::string& id, ConnectionCore& connection) = 0;
  virtual void remove_connection_id(const std::string& id) = 0;
  // The handshake completed (ALPN agreed, certificate accepted).
  virtual void established(ConnectionCore& connection) = 0;
  // The connection ended before it was established.
  virtual void failed(ConnectionCore& connection, const Error& error) = 0;
  // Closing or draining is over: the endpoint forgets the connection.
  virtual void finished(ConnectionCore& connection) = 0;
};

}  // namespace moq::quic

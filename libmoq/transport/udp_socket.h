#pragma once
// A non-blocking UDP socket with the batching the kernel offers: sendmsg with UDP_SEGMENT (GSO)
// to send a train of equal-sized datagrams in one call, recvmmsg to receive many at once. Both
// fall back to one datagram per call where unsupported.

#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "loop/unique_fd.h"
#include "transport/socket_address.h"

namespace moq::quic {

// Buffers for one recvmmsg call.
class ReceiveBatch {
 public:
  static constexpr size_t capacity = 16;
  // Announced as our max_udp_payload_size, and the size we send on loopback (see
  // ConnectionCore::make_settings): a 4 KB frame fits one datagram.
  static constexpr size_t datagram_size = 8192;

  struct Datagram {
    const uint8_t* data;
    size_t size;
    const SocketAddress* from;
  };

  size_t count() const { return count_; }
  // The socket had fewer datagrams waiting than the batch holds: asking again now would only
  // return EAGAIN (a wasted system call per wake-up; epoll is level-triggered).
  bool drained() const { return drained_; }
  Datagram operator[](size_t i) const { return {buffers_[i].data(), sizes_[i], &sources_[i]}; }

 private:
  friend class UdpSocket;
  std::vector<std::array<uint8_t, datagram_size>> buffers_ =
      std::vector<std::array<uint8_t, datagram_size>>(capacity);
  std::array<SocketAddress, capacity> sources_{};
  std::array<size_t, capacity> sizes_{};
  size_t count_ = 0;
  bool drained_ = false;
};

class UdpSocket {
 public:
  // Bound to address; an IPv6 wildcard also accepts IPv4 (dual-stack). Throws moq::Error.
  static UdpSocket bind(const SocketAddress& address);
  // Bound to an ephemeral port and connected to remote, so ICMP errors (nothing listening)
  // surface as receive errors. Throws moq::Error.
  static UdpSocket connect(const SocketAddress& remote);

  int fd() const { return fd_.get(); }
  const SocketAddress& local_address() const { return local_; }

  struct SendResult {
    size_t sent = 0;  // bytes handed to the kernel, whole datagrams
    bool blocked = false;  // the socket buffer is full: wait for EPOLLOUT and send the rest
  };
  // Sends data as datagrams of segment bytes each (the last may be shorter). to is ignored on
  // a connected socket. Failures other than a full buffer drop the datagrams: QUIC sees loss.
  SendResult send(const SocketAddress& to, const uint8_t* data, size_t size, size_t segment);

  struct Outgoing {
    const SocketAddress* to;  // ignored on a connected socket
    const uint8_t* data;
    size_t size;
    size_t segment;  // datagrams of segment bytes each, as for send()
  };
  // Sends each in order, many per system call (sendmmsg). Returns how many are done with (sent,
  // or dropped as send() drops them): fewer than given only when the socket buffer filled up.
  size_t send_batch(std::span<const Outgoing> datagrams);

  // Fills the batch with waiting datagrams; returns false when none are waiting. A pending
  // socket error (e.g. ECONNREFUSED) is returned through error.
  bool receive(ReceiveBatch& batch, int& error);

  void disable_gso() { gso_ = false; }
  // Beyond the default 8 MB (the kernel may clamp it).
  void set_receive_buffer(int bytes);

  // For an unconnected socket: keep the ICMP errors its datagrams draw (e.g. port unreachable)
  // in the socket's error queue, each with the destination it answers. epoll then reports
  // EPOLLERR until take_error() has read them all.
  void keep_errors();
  struct DestinationError {
    SocketAddress destination;
    int error = 0;  // an errno value, e.g. ECONNREFUSED
  };
  std::optional<DestinationError> take_error();

 private:
  UdpSocket(UniqueFd fd, bool connected);
  bool send_one(const SocketAddress& to, const uint8_t* data, size_t size, size_t segment,
                int& error);

  UniqueFd fd_;
  SocketAddress local_;
  bool connected_ = false;
  bool gso_ = true;
};

}  // namespace moq::quic

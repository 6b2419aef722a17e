#include "transport/udp_socket.h"

#include <linux/errqueue.h>
#include <linux/udp.h>
#include <netinet/in.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "moq/error.h"

namespace moq::quic {

namespace {

[[noreturn]] void throw_system(const std::string& what) {
  throw Error(code::transport, what + ": " + std::strerror(errno));
}

// As root the system-wide cap can be exceeded (…FORCE), otherwise the kernel clamps the request.
void set_buffer(int fd, int option, int forced_option, int bytes) {
  if (setsockopt(fd, SOL_SOCKET, forced_option, &bytes, sizeof bytes) != 0)
    setsockopt(fd, SOL_SOCKET, option, &bytes, sizeof bytes);
}

// Large buffers keep bursts at high rates from being dropped by the kernel.
void enlarge_buffers(int fd) {
  set_buffer(fd, SO_RCVBUF, SO_RCVBUFFORCE, 8 << 20);
  set_buffer(fd, SO_SNDBUF, SO_SNDBUFFORCE, 8 << 20);
}

UniqueFd open_socket(int family) {
  UniqueFd fd(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP));
  if (fd.get() < 0) throw_system("socket");
  enlarge_buffers(fd.get());
  return fd;
}

SocketAddress local_of(int fd) {
  SocketAddress local;
  local.length = sizeof local.storage;
  if (getsockname(fd, local.get(), &local.length) != 0) throw_system("getsockname");
  return local;
}

}  // namespace

UdpSocket::UdpSocket(UniqueFd fd, bool connected)
    : fd_(std::move(fd)), local_(local_of(fd_.get())), connected_(connected) {}

UdpSocket UdpSocket::bind(const SocketAddress& address) {
  auto fd = open_socket(address.family());
  if (address.family() == AF_INET6) {
    int v6only = 0;
    setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
  }
  if (::bind(fd.get(), address.get(), address.length) != 0)
    throw_system("cannot bind " + address.to_string());
  return UdpSocket(std::move(fd), false);
}

UdpSocket UdpSocket::connect(const SocketAddress& remote) {
  auto fd = open_socket(remote.family());
  if (::connect(fd.get(), remote.get(), remote.length) != 0)
    throw_system("cannot reach " + remote.to_string());
  return UdpSocket(std::move(fd), true);
}

bool UdpSocket::send_one(const SocketAddress& to, const uint8_t* data, size_t size,
                         size_t segment, int& error) {
  iovec iov{const_cast<uint8_t*>(data), size};
  msghdr msg{};
  if (!connected_) {
    msg.msg_name = const_cast<sockaddr*>(to.get());
    msg.msg_namelen = to.length;
  }
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) uint8_t control[CMSG_SPACE(sizeof(uint16_t))] = {};
  if (size > segment) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    auto* header = CMSG_FIRSTHDR(&msg);
    header->cmsg_level = IPPROTO_UDP;
    header->cmsg_type = UDP_SEGMENT;
    header->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    uint16_t segment_size = static_cast<uint16_t>(segment);
    std::memcpy(CMSG_DATA(header), &segment_size, sizeof segment_size);
  }
  ssize_t n;
  do {
    n = ::sendmsg(fd_.get(), &msg, 0);
  } while (n < 0 && errno == EINTR);
  error = n < 0 ? errno : 0;
  return n >= 0;
}

UdpSocket::SendResult UdpSocket::send(const SocketAddress& to, const uint8_t* data, size_t size,
                                      size_t segment) {
  SendResult result;
  int error = 0;
  if (gso_ && size > segment) {
    if (send_one(to, data, size, segment, error)) {
      result.sent = size;
      return result;
    }
    if (error == EAGAIN || error == EWOULDBLOCK) {
      result.blocked = true;
      return result;
    }
    // EIO/EINVAL: the device or kernel cannot segment; send one datagram per call from now on.
    gso_ = false;
  }
  while (result.sent < size) {
    size_t length = std::min(segment, size - result.sent);
    if (!send_one(to, data + result.sent, length, length, error)) {
      if (error == EAGAIN || error == EWOULDBLOCK) {
        result.blocked = true;
        return result;
      }
    }
    result.sent += length;
  }
  return result;
}

size_t UdpSocket::send_batch(std::span<const Outgoing> datagrams) {
  constexpr size_t max_per_call = 64;
  constexpr size_t control_size = CMSG_SPACE(sizeof(uint16_t));
  std::array<mmsghdr, max_per_call> messages;
  std::array<iovec, max_per_call> iovs;
  alignas(cmsghdr) std::array<std::array<uint8_t, control_size>, max_per_call> controls;
  size_t done = 0;
  while (done < datagrams.size()) {
    size_t count = std::min(max_per_call, datagrams.size() - done);
    for (size_t i = 0; i < count; ++i) {
      const Outgoing& datagram = datagrams[done + i];
      iovs[i] = {const_cast<uint8_t*>(datagram.data), datagram.size};
      msghdr& msg = messages[i].msg_hdr;
      msg = msghdr{};
      if (!connected_) {
        msg.msg_name = const_cast<sockaddr*>(datagram.to->get());
        msg.msg_namelen = datagram.to->length;
      }
      msg.msg_iov = &iovs[i];
      msg.msg_iovlen = 1;
      if (gso_ && datagram.size > datagram.segment) {
        msg.msg_control = controls[i].data();
        msg.msg_controllen = control_size;
        auto* header = CMSG_FIRSTHDR(&msg);
        header->cmsg_level = IPPROTO_UDP;
        header->cmsg_type = UDP_SEGMENT;
        header->cmsg_len = CMSG_LEN(sizeof(uint16_t));
        auto segment_size = static_cast<uint16_t>(datagram.segment);
        std::memcpy(CMSG_DATA(header), &segment_size, sizeof segment_size);
      } else if (datagram.size > datagram.segment) {
        count = i;  // without GSO send() splits it, below
        break;
      }
    }
    if (count > 0) {
      int sent = ::sendmmsg(fd_.get(), messages.data(), static_cast<unsigned>(count), 0);
      if (sent > 0) {
        done += static_cast<size_t>(sent);
        continue;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return done;
    }
    // The first one failed (or needs splitting): send() drops it, or splits it when the kernel
    // cannot segment, as it does for a single train.
    const Outgoing& failed = datagrams[done];
    SendResult result = send(*failed.to, failed.data, failed.size, failed.segment);
    if (result.blocked && result.sent == 0) return done;
    ++done;  // a train cut short by a full buffer loses its rest: QUIC sees loss
  }
  return done;
}

void UdpSocket::set_receive_buffer(int bytes) { set_buffer(fd_.get(), SO_RCVBUF, SO_RCVBUFFORCE, bytes); }

void UdpSocket::keep_errors() {
  int on = 1;
  bool v6 = local_.family() == AF_INET6;
  if (setsockopt(fd_.get(), v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_RECVERR : IP_RECVERR, &on, sizeof on) != 0)
    throw_system("cannot keep socket errors");
}

std::optional<UdpSocket::DestinationError> UdpSocket::take_error() {
  DestinationError queued;
  uint8_t payload[64];  // the start of the datagram that drew the error; not needed
  iovec iov{payload, sizeof payload};
  alignas(cmsghdr) uint8_t control[256];
  msghdr msg{};
  msg.msg_name = &queued.destination.storage;
  msg.msg_namelen = sizeof queued.destination.storage;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  if (::recvmsg(fd_.get(), &msg, MSG_ERRQUEUE) < 0) return std::nullopt;
  queued.destination.length = msg.msg_namelen;
  queued.error = EIO;
  for (auto* header = CMSG_FIRSTHDR(&msg); header != nullptr; header = CMSG_NXTHDR(&msg, header)) {
    bool extended_error = (header->cmsg_level == IPPROTO_IP && header->cmsg_type == IP_RECVERR) ||
                          (header->cmsg_level == IPPROTO_IPV6 && header->cmsg_type == IPV6_RECVERR);
    if (!extended_error) continue;
    sock_extended_err details;
    std::memcpy(&details, CMSG_DATA(header), sizeof details);
    queued.error = static_cast<int>(details.ee_errno);
  }
  return queued;
}

bool UdpSocket::receive(ReceiveBatch& batch, int& error) {
  std::array<mmsghdr, ReceiveBatch::capacity> messages{};
  std::array<iovec, ReceiveBatch::capacity> iovs{};
  for (size_t i = 0; i < ReceiveBatch::capacity; ++i) {
    iovs[i] = {batch.buffers_[i].data(), ReceiveBatch::datagram_size};
    messages[i].msg_hdr.msg_iov = &iovs[i];
    messages[i].msg_hdr.msg_iovlen = 1;
    messages[i].msg_hdr.msg_name = &batch.sources_[i].storage;
    messages[i].msg_hdr.msg_namelen = sizeof batch.sources_[i].storage;
  }
  batch.count_ = 0;
  batch.drained_ = true;
  error = 0;
  int n;
  do {
    n = ::recvmmsg(fd_.get(), messages.data(), ReceiveBatch::capacity, 0, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK) error = errno;
    return false;
  }
  batch.drained_ = static_cast<size_t>(n) < ReceiveBatch::capacity;
  for (int i = 0; i < n; ++i) {
    auto& header = messages[static_cast<size_t>(i)].msg_hdr;
    if (header.msg_flags & MSG_TRUNC) continue;  // larger than we announced: not QUIC we speak
    batch.sources_[batch.count_] = batch.sources_[static_cast<size_t>(i)];
    batch.sources_[batch.count_].length = header.msg_namelen;
    if (batch.count_ != static_cast<size_t>(i))
      batch.buffers_[batch.count_] = batch.buffers_[static_cast<size_t>(i)];
    batch.sizes_[batch.count_] = messages[static_cast<size_t>(i)].msg_len;
    ++batch.count_;
  }
  return n > 0;
}

}  // namespace moq::quic

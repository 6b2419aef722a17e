#include "transport/udp_socket.h"

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

// Large buffers keep bursts at high rates from being dropped by the kernel; as root the
// system-wide cap can be exceeded (…FORCE), otherwise the kernel clamps the request.
void enlarge_buffers(int fd) {
  int size = 8 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
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

#pragma once
// A UDP endpoint address (IPv4 or IPv6) with its length, as the socket calls and ngtcp2 want it.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace moq::quic {

struct SocketAddress {
  // Room for either family: a connection keeps two, and sockaddr_storage is 128 bytes.
  sockaddr_in6 storage{};
  socklen_t length = 0;

  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  int family() const { return storage.sin6_family; }
  uint16_t port() const;
  // 127.0.0.0/8, ::1, or an IPv4-mapped 127.0.0.0/8 address.
  bool is_loopback() const;
  // Same family, address and port.
  bool same_endpoint(const SocketAddress& other) const;
  // "1.2.3.4:5" or "[::1]:5"; IPv4-mapped IPv6 addresses are shown as IPv4.
  std::string to_string() const;

  // A numeric "host:port" or "[v6]:port" bind address. Throws moq::Error.
  static SocketAddress parse(std::string_view text);
  // The addresses of a name or IP literal (getaddrinfo), IPv6 and IPv4 as the resolver orders
  // them. Throws moq::Error(code::transport) with the resolver's message.
  static std::vector<SocketAddress> resolve(const std::string& host, uint16_t port);
};

}  // namespace moq::quic

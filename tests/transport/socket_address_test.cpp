#include <doctest/doctest.h>

#include "transport/socket_address.h"

namespace moq::quic {

TEST_CASE("socket address: loopback addresses of either family are recognised") {
  CHECK(SocketAddress::parse("127.0.0.1:4443").is_loopback());
  CHECK(SocketAddress::parse("127.3.2.1:1").is_loopback());
  CHECK(SocketAddress::parse("[::1]:4443").is_loopback());
  CHECK(SocketAddress::parse("[::ffff:127.0.0.1]:4443").is_loopback());
  CHECK_FALSE(SocketAddress::parse("10.0.0.1:4443").is_loopback());
  CHECK_FALSE(SocketAddress::parse("128.0.0.1:4443").is_loopback());
  CHECK_FALSE(SocketAddress::parse("[::]:4443").is_loopback());
  CHECK_FALSE(SocketAddress::parse("[::ffff:10.0.0.1]:4443").is_loopback());
  CHECK_FALSE(SocketAddress::parse("[2001:db8::1]:4443").is_loopback());
}

}  // namespace moq::quic

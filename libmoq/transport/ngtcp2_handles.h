#pragma once
// RAII ownership of ngtcp2 objects.

#include <ngtcp2/ngtcp2.h>

#include <memory>

namespace moq::quic {

struct NgtcpConnDeleter {
  void operator()(ngtcp2_conn* conn) const { ngtcp2_conn_del(conn); }
};
using NgtcpConn = std::unique_ptr<ngtcp2_conn, NgtcpConnDeleter>;

}  // namespace moq::quic

#pragma once
// Raw QUIC endpoints (ngtcp2 + GnuTLS) on the event loop: a client that connects to
// moqf://host:port and a server that accepts many connections on one UDP socket. Each
// connection is a moq::Connection; the negotiated ALPN is exposed so a WebTransport layer can
// take over "h3" connections.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "moq/connection.h"
#include "moq/error.h"
#include "moq/event_loop.h"
#include "moq/tls.h"

namespace moq {

inline constexpr std::string_view alpn_moqf = "moqf-02";

enum class CongestionControl { cubic, bbr, reno };

// Transport settings shared by clients and servers.
struct QuicOptions {
  std::vector<std::string> alpns{std::string(alpn_moqf)};  // offered (client) / accepted (server)
  std::chrono::milliseconds idle_timeout{10'000};
  std::chrono::milliseconds keep_alive{4'000};  // PING after this much quiet; 0 disables
  std::chrono::milliseconds handshake_timeout{10'000};
  CongestionControl congestion = CongestionControl::cubic;

  // Receive windows: initial per stream and per connection, auto-tuned up to the max values.
  uint64_t stream_window = 16u << 20;
  uint64_t max_stream_window = 32u << 20;
  uint64_t connection_window = 64u << 20;
  uint64_t max_connection_window = 128u << 20;
  uint64_t max_streams_bidi = 1000;  // concurrent streams the peer may open
  uint64_t max_streams_uni = 1000;

  // A send stream stops being writable() while more than this many bytes wait to be sent.
  uint64_t stream_write_limit = 1u << 20;
  // Among streams of equal priority, send the newest first (else the oldest first).
  bool newest_stream_first = true;

  uint64_t max_datagram_frame_size = 0;  // QUIC DATAGRAM support (0 = off), for WebTransport
  bool gso = true;                       // UDP generic segmentation offload when the kernel has it
  // To a loopback address, send datagrams of up to 8 KB: loopback's MTU is 64 KB, but path MTU
  // discovery stops at 1,452 bytes. Off for a link emulator on loopback that stands for a real path.
  bool loopback_datagrams = true;
  std::string qlog_dir;                  // write one .sqlog file per connection here, if set
};

struct QuicClientOptions {
  QuicOptions quic;
  TlsClientOptions tls;
  // All connections on one UDP socket per address family, told apart by connection ID: for a
  // client with many connections (moq-bench's subscribers), each receive call then takes the
  // datagrams of many. Off, each connection has a socket connected to its server.
  bool share_socket = false;
};

struct QuicServerOptions {
  QuicOptions quic;
  std::string bind = "[::]:4443";  // "[::]:port" is dual-stack; "127.0.0.1:0" picks a port
  std::shared_ptr<ServerCertificate> certificate;
};

// A connection over raw QUIC.
class QuicConnection : public Connection {
 public:
  // The ALPN both sides agreed on ("moqf-02", "h3").
  virtual std::string alpn() const = 0;
};

// Opens client connections, each on its own UDP socket unless share_socket. Connections still
// open when the client is destroyed are closed (code 0).
class QuicClient {
 public:
  explicit QuicClient(EventLoop& loop, QuicClientOptions options = {});
  ~QuicClient();
  QuicClient(const QuicClient&) = delete;
  QuicClient& operator=(const QuicClient&) = delete;

  // Connects to moqf://host:port/path. Exactly one of the callbacks is called later, on the
  // loop: with the established connection, or with the reason it failed (code::transport).
  void connect(std::string_view url, std::function<void(std::shared_ptr<QuicConnection>)> on_connected,
               std::function<void(const Error&)> on_failed);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Accepts connections on one UDP socket and hands each established one to on_connection.
// Throws moq::Error if the address cannot be bound. Connections still open when the server is
// destroyed are closed (code 0).
class QuicServer {
 public:
  QuicServer(EventLoop& loop, QuicServerOptions options,
             std::function<void(std::shared_ptr<QuicConnection>)> on_connection);
  ~QuicServer();
  QuicServer(const QuicServer&) = delete;
  QuicServer& operator=(const QuicServer&) = delete;

  uint16_t local_port() const;
  // Closes every connection with this code and reason; new connections are still accepted.
  void shutdown(uint64_t code, std::string_view reason);
  // Connections in progress, established or closing.
  size_t connection_count() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace moq

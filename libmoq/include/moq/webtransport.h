#pragma once
// WebTransport over HTTP/3 (extended CONNECT, draft-02 and draft-07 as browsers speak them):
// a moq::Connection on top of a QUIC connection whose ALPN is "h3", so the moq session runs
// unchanged over it. One WebTransport session per QUIC connection.
//
//   Server: QuicServer accepting "h3" (WebTransportServer::configure) hands h3 connections to
//           WebTransportServer::accept, which answers the CONNECT and yields the session.
//   Client: WebTransportClient::connect("https://host:port/path", ...), or EndpointClient for
//           either moqf:// or https://.
//
// Stream codes given to the session's streams are moq codes; the QUIC layer maps them with
// stream_code_to_wire, which is also the WebTransport application error mapping, so they reach
// the peer as WebTransport codes. Closing the session sends CLOSE_WEBTRANSPORT_SESSION with the
// code and reason, then closes the QUIC connection with the code mapped the same way.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "moq/connection.h"
#include "moq/error.h"
#include "moq/event_loop.h"
#include "moq/quic.h"

namespace moq {

inline constexpr std::string_view alpn_h3 = "h3";

// What a browser asked for in its CONNECT request.
struct WebTransportRequest {
  std::string authority;
  std::string path;    // path and query, e.g. "/room?jwt=..."
  std::string origin;  // empty when the client sent none
};

struct WebTransportServerOptions {
  // The HTTP status to answer a WebTransport CONNECT with; 200 accepts. Unset accepts every one.
  std::function<int(const WebTransportRequest&)> authorize;
};

class WebTransportServer {
 public:
  // on_session receives each accepted session, ready for moq::Session::accept.
  WebTransportServer(EventLoop& loop, std::function<void(std::shared_ptr<Connection>)> on_session,
                     WebTransportServerOptions options = {});
  ~WebTransportServer();
  WebTransportServer(const WebTransportServer&) = delete;
  WebTransportServer& operator=(const WebTransportServer&) = delete;

  // Adds "h3" to the accepted ALPNs and turns on QUIC datagrams, which browsers require.
  static void configure(QuicOptions& options);

  // Serves HTTP/3 on an established connection whose ALPN is "h3": answers its requests
  // (refusing anything but a WebTransport CONNECT with an HTTP error status) and hands the
  // accepted session to on_session. Sessions outlive the server object.
  void accept(std::shared_ptr<QuicConnection> connection);

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

class WebTransportClient {
 public:
  // The QUIC options are adjusted for HTTP/3 (ALPN "h3", datagrams on).
  explicit WebTransportClient(EventLoop& loop, QuicClientOptions options = {});
  ~WebTransportClient();
  WebTransportClient(const WebTransportClient&) = delete;
  WebTransportClient& operator=(const WebTransportClient&) = delete;

  // Connects to https://host:port/path and opens a WebTransport session there. Exactly one
  // callback is called later, on the loop. Throws moq::Error for a URL that is not https://.
  void connect(std::string_view url, std::function<void(std::shared_ptr<Connection>)> on_connected,
               const std::function<void(const Error&)>& on_failed);

 private:
  EventLoop& loop_;
  std::chrono::milliseconds handshake_timeout_;
  QuicClient quic_;
};

// Connects to moqf:// URLs over raw QUIC and https:// URLs over WebTransport.
class EndpointClient {
 public:
  explicit EndpointClient(EventLoop& loop, const QuicClientOptions& options = {});

  // As QuicClient::connect / WebTransportClient::connect, picked by the URL's scheme.
  void connect(std::string_view url, std::function<void(std::shared_ptr<Connection>)> on_connected,
               std::function<void(const Error&)> on_failed);

 private:
  EventLoop& loop_;
  QuicClientOptions options_;
  QuicClient quic_;
  // Made on the first https:// URL: its TLS set-up is not free.
  std::optional<WebTransportClient> webtransport_;
};

}  // namespace moq

#pragma once
// A client session as the tools need it: moqf:// or https:// URL -> QUIC or WebTransport
// connection (with the TLS flags, and the URL's ?jwt= token) -> MoQ
// session, established before the constructor returns. Failures are one readable moq::Error
// naming the URL: the transport's reason for DNS, handshake and certificate problems, or the
// peer's for a refused session.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/session.h"
#include "moq/tls.h"
#include "moq/webtransport.h"

namespace moq::tool {

class ClientSession {
 public:
  // Lets the caller put its own Connection in front of the QUIC one (e.g. to count bytes).
  using Wrap = std::function<std::shared_ptr<Connection>(std::shared_ptr<Connection>)>;

  // Runs the loop until the session is ready. options.on_ready is called then; on_closed as
  // the session ends afterwards.
  ClientSession(EventLoop& loop, const std::string& url, const QuicClientOptions& transport, SessionOptions options,
                const Wrap& wrap = nullptr);
  // Connects through client, which other sessions may share (e.g. with share_socket).
  ClientSession(EventLoop& loop, const std::string& url, std::shared_ptr<EndpointClient> client,
                SessionOptions options, const Wrap& wrap = nullptr);

  Session& session() noexcept { return *session_; }
  // Closes with code 0 and gives the close a moment to leave.
  void close(EventLoop& loop);

 private:
  std::shared_ptr<EndpointClient> client_;
  std::optional<Session> session_;
};

}  // namespace moq::tool

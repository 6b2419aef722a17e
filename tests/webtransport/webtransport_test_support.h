#pragma once
// A WebTransport server on 127.0.0.1 (QuicServer with ALPN h3 + WebTransportServer) whose
// sessions run moq::Session::accept over one shared origin.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "moq/event_loop.h"
#include "moq/origin.h"
#include "moq/quic.h"
#include "moq/session.h"
#include "moq/tls.h"
#include "moq/webtransport.h"

namespace moq::test {

struct WebTransportFixture {
  WebTransportFixture();

  // https://127.0.0.1:port + path
  std::string url(const std::string& path) const;
  QuicClientOptions client_options() const;

  EventLoop loop;
  std::shared_ptr<ServerCertificate> certificate;
  std::shared_ptr<LocalOrigin> origin = std::make_shared<LocalOrigin>();
  std::vector<std::shared_ptr<Connection>> accepted;  // every session the server accepted
  std::vector<Session> server_sessions;
  std::vector<Error> server_closed;  // how each server session ended
  std::unique_ptr<WebTransportServer> webtransport;
  std::unique_ptr<QuicServer> server;
};

}  // namespace moq::test
